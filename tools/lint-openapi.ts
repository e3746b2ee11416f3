// `npm run lint:openapi`: docs/openapi.json against Redocly's recommended rules (redocly.yaml).
// Redocly fails only on errors; the contract must have no warning either, so the totals decide.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');
const cli = resolve(root, 'node_modules', '.bin', 'redocly');
const run = spawnSync(cli, ['lint', 'docs/openapi.json', '--format=json'], { cwd: root, encoding: 'utf8' });
const report = JSON.parse(run.stdout || '{}') as {
  totals?: { errors: number; warnings: number };
  problems?: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
};
if (!report.totals) {
  process.stderr.write(`redocly did not report: ${run.stderr}\n`);
  process.exit(1);
}
for (const problem of report.problems ?? []) {
  process.stderr.write(
    `${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.location?.[0]?.pointer ?? ''})\n`,
  );
}
const { errors, warnings } = report.totals;
process.stdout.write(`docs/openapi.json: ${errors} errors, ${warnings} warnings (Redocly recommended)\n`);
if (errors + warnings > 0) process.exit(1);
