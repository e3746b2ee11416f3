// Lets the compiled services (dist/) resolve the workspace aliases `@accord/<lib>` that
// tsconfig.base.json maps for the compiler. Preloaded with `node -r`; no runtime dependency.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const distRoot = path.resolve(__dirname, '..', 'dist');
const originalResolve = Module._resolveFilename;

/** `@accord/<svc>-domain` is libs/domain/<svc> (a service's deciders); any other `@accord/<lib>` is libs/<lib>. */
const libraryDir = (name) => {
  const domain = /^([a-z-]+)-domain$/.exec(name);
  return domain ? path.join('libs', 'domain', domain[1]) : path.join('libs', name);
};

Module._resolveFilename = function resolveAccordAlias(request, parent, isMain, options) {
  const match = /^@accord\/([a-z-]+)$/.exec(request);
  if (match) {
    return originalResolve.call(
      this,
      path.join(distRoot, libraryDir(match[1]), 'src', 'index.js'),
      parent,
      isMain,
      options,
    );
  }
  return originalResolve.call(this, request, parent, isMain, options);
};
