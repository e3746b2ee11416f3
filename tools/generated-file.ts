import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(__dirname, '..');

/**
 * Writes a file generated from the code, or with `--check` (as `npm test` runs it) fails when
 * the committed file differs from what the code generates now.
 */
export function writeOrCheck(target: string, generated: string, command: string, source: string): void {
  const name = relative(root, target);
  if (process.argv.includes('--check')) {
    const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (committed !== generated) {
      process.stderr.write(
        `${name} is out of date with ${source}: run \`${command}\` and commit the result\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`${name} matches ${source}\n`);
  } else {
    writeFileSync(target, generated);
    process.stdout.write(`wrote ${target}\n`);
  }
}
