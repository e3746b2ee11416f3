// Unit tests: `*.spec.ts`, no I/O, no infrastructure. Two projects: the Node code, and the web
// console's logic and components (`apps/console/**/*.spec.ts(x)`, in jsdom).
const preset = require('./jest.preset.js');

const swcTsx = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  // Jest reads the timeout from the top level only (a project's own is ignored): rendering a whole
  // form in jsdom takes seconds on a busy 2-core machine.
  testTimeout: 30_000,
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/{services,libs,tools}/**/*.spec.ts'],
    },
    {
      rootDir: __dirname,
      displayName: 'console',
      testEnvironment: '<rootDir>/apps/console/test/console-environment.js',
      testMatch: ['<rootDir>/apps/console/src/**/*.spec.{ts,tsx}'],
      transform: { '^.+\\.(ts|tsx)$': swcTsx },
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
      moduleNameMapper: {
        '\\.(css|scss)$': '<rootDir>/apps/console/test/style-stub.js',
        '^@accord/api-client$': '<rootDir>/libs/api-client/src/index.ts',
        '^@accord/contracts/(.+)$': '<rootDir>/libs/contracts/src/$1',
      },
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
  ],
};
