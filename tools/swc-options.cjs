// How SWC compiles Accord's TypeScript, for jest (jest.preset.js) and for running sources
// directly (ts-register.cjs): legacy decorators + metadata, as Nest needs.
'use strict';

module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
