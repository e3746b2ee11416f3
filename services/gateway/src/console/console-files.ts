import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Hashed bundle files never change under their name; index.html must be asked for every time. */
export type CachePolicy = 'immutable' | 'revalidate';

export interface ConsoleFile {
  readonly path: string;
  readonly cache: CachePolicy;
}

const CLIENT_ROUTE = /^[^.]*$/;
/** The bundler's output names carry a content hash (`index-IY_ZpV5v.js`). */
const HASHED = /-[A-Za-z0-9_-]{8,}\.(js|css|map)$/;

/**
 * Which file of the built console answers `urlPath`: a file that exists under `root`, index.html
 * for the single-page app's own routes (paths without an extension), null otherwise. Never a file
 * outside `root`, whatever dots or encodings the path holds.
 */
export function consoleFileFor(root: string, urlPath: string): ConsoleFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const candidate = resolve(base, `.${normalize(`/${decoded}`)}`);
  if (candidate !== base && !candidate.startsWith(base + sep)) return null;
  if (candidate !== base && existsSync(candidate) && statSync(candidate).isFile()) {
    return {
      path: candidate,
      cache: HASHED.test(candidate) ? 'immutable' : 'revalidate',
    };
  }
  if (CLIENT_ROUTE.test(decoded) || extname(decoded) === '.html') {
    const index = join(base, 'index.html');
    return existsSync(index) ? { path: index, cache: 'revalidate' } : null;
  }
  return null;
}

/**
 * The console's Content-Security-Policy: scripts, styles and fonts from Accord's own origin only;
 * the browser may talk to Accord and to the identity providers it signs people in with.
 */
export function consoleContentSecurityPolicy(issuerOrigins: readonly string[]): string {
  const identity = [...new Set(issuerOrigins)].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${identity ? ` ${identity}` : ''}`,
    `form-action 'self'${identity ? ` ${identity}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}
