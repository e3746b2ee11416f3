// Shared jest settings: TypeScript through SWC (tools/swc-options.cjs, as `node -r ts-register` runs it),
// and the workspace aliases mapped to library sources.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', require('./tools/swc-options.cjs')] },
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
