// Unit tests: `*.spec.ts`, no I/O, no infrastructure.
const preset = require('./jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'unit',
  testMatch: ['<rootDir>/{services,libs,tools}/**/*.spec.ts'],
};
