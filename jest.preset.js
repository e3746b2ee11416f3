// Shared jest settings: TypeScript through SWC (legacy decorators + metadata, as Nest needs),
// and the workspace aliases mapped to library sources.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // First match wins: a service's domain library (and its test fixtures), then the other libs.
  moduleNameMapper: {
    '^@accord/([a-z-]+)-domain$': '<rootDir>/libs/domain/$1/src',
    '^@accord/([a-z-]+)-domain/testing$': '<rootDir>/libs/domain/$1/test',
    '^@accord/platform/testing$': '<rootDir>/libs/platform/test',
    '^@accord/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
