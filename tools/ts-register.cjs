// Runs the TypeScript sources directly (`node -r ./tools/ts-register.cjs services/intake/src/main.ts`):
// SWC strips types per file (tools/swc-options.cjs) and `@accord/<lib>` resolves to libs/<lib>/src
// (`@accord/<svc>-domain` to libs/domain/<svc>/src). Type checking is `npm run typecheck`'s job,
// not start-up's.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const { resolveAliases } = require('./aliases.cjs');
const swcOptions = require('./swc-options.cjs');

process.setSourceMapsEnabled(true);

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};

resolveAliases(path.resolve(__dirname, '..'), 'index.ts');
