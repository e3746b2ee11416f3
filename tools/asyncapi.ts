// `npm run asyncapi` writes docs/asyncapi.json from libs/contracts; `-- --check` fails when the
// committed document differs from what the code generates (run by `npm test`).
import { resolve } from 'node:path';
import { API_VERSION, asyncApiDocument } from '@accord/contracts';
import { writeOrCheck } from './generated-file';

writeOrCheck(
  resolve(__dirname, '..', 'docs', 'asyncapi.json'),
  `${JSON.stringify(asyncApiDocument(API_VERSION), null, 2)}\n`,
  'npm run asyncapi',
  'libs/contracts',
);
