// Lets the compiled services (dist/) resolve the workspace aliases `@accord/<lib>` that
// tsconfig.base.json maps for the compiler. Preloaded with `node -r`; no runtime dependency.
'use strict';
const path = require('node:path');
const { resolveAliases } = require('./aliases.cjs');

resolveAliases(path.resolve(__dirname, '..', 'dist'), 'index.js');
