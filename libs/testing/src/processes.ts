// Service processes for the harness. No import of @accord/contracts here: the jest global setup
// loads this file outside jest's module mapping.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { eventually } from './eventually';
import { serviceIdentityEnv } from './infrastructure';

const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * One service (its folder `root`, e.g. services/intake) as its own process, as itself (its own
 * PostgreSQL role …, provisioned by the global setup); `env` includes its PORT; output to `logFile`.
 * From its TypeScript sources, or `compiled`: from dist/ (`npm run build`), as the image runs it.
 */
export function spawnService(
  name: string,
  root: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  compiled = false,
): ChildProcess {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const entry = compiled
    ? ['-r', resolve(repoRoot, 'tools/register-aliases.cjs'), resolve(repoRoot, 'dist', root, 'src/main.js')]
    : ['-r', resolve(repoRoot, 'tools/ts-register.cjs'), resolve(repoRoot, root, 'src/main.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: repoRoot,
    env: { ...env, ...serviceIdentityEnv(name, env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/**
 * Waits (up to 2 minutes) until the service at `url` answers GET /health with 200. Given the
 * service's process, fails at once when it exits first (a port taken, a bad setting), naming its
 * exit and log file instead of waiting out the 2 minutes.
 */
export async function untilHealthy(
  url: string,
  name: string,
  spawned?: { child: ChildProcess; logFile: string },
): Promise<void> {
  const child = spawned?.child;
  const outcome = await eventually(
    async () => {
      if (child && (child.exitCode !== null || child.signalCode !== null)) return 'exited';
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status !== 200)
        throw new Error(`${name} /health answered ${response.status}: ${await response.text()}`);
      return 'healthy';
    },
    { timeout: 120_000, interval: 500 },
  );
  if (outcome === 'exited' && child)
    throw new Error(
      `${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before its /health answered at ${url}; see ${spawned.logFile}`,
    );
}
