#!/usr/bin/env node
// Builds the web console (apps/console → dist/console) and prints what a browser downloads on the
// first visit: the entry script and every script it imports statically, gzipped. Fails above the
// budget (250 KB gzipped, issue #14).
//   node tools/console-build.mjs [--if-stale]   (--if-stale: skip when dist/console is newer than the sources)
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'apps', 'console');
const out = join(root, 'dist', 'console');
const BUDGET_BYTES = 250 * 1024;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

if (process.argv.includes('--if-stale') && existsSync(join(out, '.vite', 'manifest.json'))) {
  const built = statSync(join(out, '.vite', 'manifest.json')).mtimeMs;
  const sources = Math.max(
    newest(join(app, 'src')),
    statSync(join(app, 'index.html')).mtimeMs,
    statSync(join(root, 'package-lock.json')).mtimeMs,
  );
  if (built > sources) {
    console.log('[console] dist/console is up to date');
    process.exit(0);
  }
}

// A build is for production whatever the caller's NODE_ENV (jest sets it to `test`).
process.env.NODE_ENV = 'production';
const { build } = await import('vite');
await build({ configFile: join(app, 'vite.config.mts'), logLevel: 'warn' });

// The initial load: the entry chunk and its static imports (dynamic imports load later, on demand).
const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8'));
const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
const seen = new Set();
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) visit(imported);
};
visit(Object.keys(manifest).find((key) => manifest[key] === entry));
const scripts = [...seen].map((key) => manifest[key].file);
const css = [...seen].flatMap((key) => manifest[key].css ?? []);
const gz = (file) => gzipSync(readFileSync(join(out, file))).length;
const jsBytes = scripts.reduce((sum, file) => sum + gz(file), 0);
const cssBytes = css.reduce((sum, file) => sum + gz(file), 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `console: initial JavaScript ${kb(jsBytes)} gzipped (budget ${kb(BUDGET_BYTES)}), CSS ${kb(cssBytes)} gzipped`,
);
if (jsBytes > BUDGET_BYTES) {
  console.error(`console: the initial JavaScript is over its budget by ${kb(jsBytes - BUDGET_BYTES)}`);
  process.exit(1);
}
