// Runs the TypeScript sources directly (`node -r ./tools/ts-register.cjs services/intake/src/main.ts`):
// SWC strips types per file (legacy decorators + metadata, as Nest needs) and `@accord/<lib>`
// resolves to libs/<lib>/src. Type checking is `npm run typecheck`'s job, not start-up's.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..');
process.setSourceMapsEnabled(true);

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveAccordAlias(request, parent, isMain, options) {
  const match = /^@accord\/([a-z-]+)$/.exec(request);
  if (match) {
    return originalResolve.call(
      this,
      path.join(root, 'libs', match[1], 'src', 'index.ts'),
      parent,
      isMain,
      options,
    );
  }
  return originalResolve.call(this, request, parent, isMain, options);
};
