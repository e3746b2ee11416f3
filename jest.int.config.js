// Integration tests: `*.int-spec.ts` against real PostgreSQL and a real Kafka broker, provided
// by libs/testing's global setup (env vars → testcontainers → the local infra scripts).
const preset = require('./jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'int',
  testMatch: ['<rootDir>/{services,libs,tools}/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  // Every answer a test receives is checked against docs/openapi.json.
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/validate-responses.ts'],
  testTimeout: 120_000,
  maxWorkers: 2,
};
