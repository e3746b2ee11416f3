// The workspace aliases tsconfig.base.json maps for the compiler, for node at run time:
// `@accord/<svc>-domain` is libs/domain/<svc> (a service's deciders), any other `@accord/<lib>` is
// libs/<lib>. Used by ts-register.cjs (sources) and register-aliases.cjs (dist/).
'use strict';
const Module = require('node:module');
const path = require('node:path');

const libraryDir = (name) => {
  const domain = /^([a-z-]+)-domain$/.exec(name);
  return domain ? path.join('libs', 'domain', domain[1]) : path.join('libs', name);
};

/** From now on `@accord/<lib>` resolves to `<base>/<library dir>/src/<entry>`. */
function resolveAliases(base, entry) {
  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolveAccordAlias(request, parent, isMain, options) {
    const match = /^@accord\/([a-z-]+)$/.exec(request);
    const target = match ? path.join(base, libraryDir(match[1]), 'src', entry) : request;
    return originalResolve.call(this, target, parent, isMain, options);
  };
}

module.exports = { resolveAliases };
