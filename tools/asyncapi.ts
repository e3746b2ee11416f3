// `npm run asyncapi` writes docs/asyncapi.json from libs/contracts; `-- --check` fails when the
// committed document differs from what the code generates (run by `npm test`).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiDocument } from '@accord/contracts';

const target = resolve(__dirname, '..', 'docs', 'asyncapi.json');
const { version } = JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};
const generated = `${JSON.stringify(asyncApiDocument(version), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (committed !== generated) {
    process.stderr.write(
      'docs/asyncapi.json is out of date with libs/contracts: run `npm run asyncapi` and commit the result\n',
    );
    process.exit(1);
  }
  process.stdout.write('docs/asyncapi.json matches libs/contracts\n');
} else {
  writeFileSync(target, generated);
  process.stdout.write(`wrote ${target}\n`);
}
