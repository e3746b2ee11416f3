// `npm run asyncapi` writes docs/asyncapi.json from libs/contracts; `-- --check` fails when the
// committed document differs from what the code generates (run by `npm test`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiDocument } from '@accord/contracts';
import { writeOrCheck } from './generated-file';

const { version } = JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};
writeOrCheck(
  resolve(__dirname, '..', 'docs', 'asyncapi.json'),
  `${JSON.stringify(asyncApiDocument(version), null, 2)}\n`,
  'npm run asyncapi',
  'libs/contracts',
);
