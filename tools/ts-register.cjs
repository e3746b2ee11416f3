// Runs the TypeScript sources directly (`node -r ./tools/ts-register.cjs services/intake/src/main.ts`):
// SWC strips types per file (legacy decorators + metadata, as Nest needs) and `@accord/<lib>`
// resolves to libs/<lib>/src (`@accord/<svc>-domain` to libs/domain/<svc>/src). Type checking is
// `npm run typecheck`'s job, not start-up's.
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

/** `@accord/<svc>-domain` is libs/domain/<svc> (a service's deciders); any other `@accord/<lib>` is libs/<lib>. */
const libraryDir = (name) => {
  const domain = /^([a-z-]+)-domain$/.exec(name);
  return domain ? path.join('libs', 'domain', domain[1]) : path.join('libs', name);
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveAccordAlias(request, parent, isMain, options) {
  const match = /^@accord\/([a-z-]+)$/.exec(request);
  if (match) {
    return originalResolve.call(
      this,
      path.join(root, libraryDir(match[1]), 'src', 'index.ts'),
      parent,
      isMain,
      options,
    );
  }
  return originalResolve.call(this, request, parent, isMain, options);
};
