// Whole-system tests: `*.e2e-spec.ts` against every service running as its own process, with a real
// Kafka broker and PostgreSQL (each suite starts its own fleet: test/e2e/fleet.ts).
const preset = require('./jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  // Every answer a test receives is checked against docs/openapi.json.
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/validate-responses.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
