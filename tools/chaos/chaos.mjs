#!/usr/bin/env node
// `npm run chaos`: the full fault run (test/e2e/chaos.e2e-spec.ts with CHAOS_RUN=full) against real
// processes on a PostgreSQL cluster and a Kafka broker of its own (ports from E2E_BASE_PORT), then
// its report; the last line is `chaos: <N> acknowledged, <L> lost, <D> duplicated, verify
// <intact|broken>, max recovery <S> s`. The exit code is the run's: 0 when every invariant held.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const report = join(mkdtempSync(join(tmpdir(), 'accord-chaos-')), 'report.txt');
const run = spawnSync(
  process.execPath,
  [resolve(root, 'node_modules/jest/bin/jest.js'), '-c', 'jest.e2e.config.js', 'test/e2e/chaos.e2e-spec.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CHAOS_RUN: 'full', CHAOS_REPORT: report } },
);
if (!existsSync(report)) {
  console.error('chaos: the run ended before its report (see above)');
  process.exit(run.status || 1);
}
process.stdout.write(`\n${readFileSync(report, 'utf8')}`);
process.exit(run.status ?? 1);
