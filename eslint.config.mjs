// Lint at zero warnings. Module boundaries are enforced by Nx tags (type:* × scope:*), and the
// purity of deciders by import and syntax bans: see ../shared/STYLE.md, rules 2, 7 and 10.
import { createRequire } from 'node:module';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const require = createRequire(import.meta.url);
require('./tools/ts-register.cjs');
/** One `scope:<service>` per service in the manifest (libs/contracts/src/service-manifest.ts). */
const scopes = require('./libs/contracts/src/service-manifest.ts').SERVICE_NAMES;

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.accord/**',
      'infra/kafka/.cache/**',
      '.nx/**',
      'coverage/**',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Services never import each other; they share contracts and infrastructure libs, and use
            // deciders from domain libs (their own scope's only, by the scope rules below; audit any).
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:domain', 'type:testing'],
            },
            // A service's deciders and the pure code they need: contracts only (and the harness in specs).
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
            // Only test files may use type:testing (see the no-restricted-imports rule below), and the
            // harness itself depends on nothing of ours but contracts, so no cycle can form.
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The web console speaks to the API through the generated client (a contracts lib) only, and
            // takes the contracts' pure lists (roles, a case's vocabulary) file by file (`@accord/contracts/roles`).
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts'] },
            ...scopes.map((scope) => ({
              sourceTag: `scope:${scope}`,
              // Audit replays every service's streams through that service's own deciders.
              onlyDependOnLibsWithTags:
                scope === 'audit'
                  ? [`scope:${scope}`, 'scope:shared', 'type:domain']
                  : [`scope:${scope}`, 'scope:shared'],
            })),
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (STYLE.md rule 8).' },
      ],
    },
  },
  {
    // The test harness and the domain libs' fixtures belong to tests: production code may not import them.
    files: ['services/**/*.ts', 'libs/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'libs/testing/**',
      'libs/domain/*/test/**',
      'services/*/test/**',
      'libs/platform/test/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@accord/testing', message: 'Only tests may import @accord/testing.' }],
          patterns: [
            {
              group: ['@accord/*-domain/testing', '@accord/platform/testing'],
              message: 'Only tests may import test harnesses and fixtures.',
            },
          ],
        },
      ],
    },
  },
  {
    // Deciders and domain code are pure: no framework, no I/O, no clock, no randomness. The domain
    // libs (libs/domain/<svc>/src) are wholly domain code; their test fixtures are not.
    files: [
      '**/*.decider.ts',
      'services/*/src/**/domain/**/*.ts',
      'libs/domain/*/src/**/*.ts',
      'libs/contracts/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'kafkajs',
                'pg',
                'pg-*',
                '@accord/event-store',
                '@accord/messaging',
                '@accord/platform',
                'node:fs',
                'fs',
                'node:net',
                'node:http',
              ],
              message: 'Deciders and contracts are pure: no framework or I/O imports.',
            },
            {
              // This rule replaces the one above for these files, so it repeats the test-only imports.
              group: ['@accord/testing', '@accord/*-domain/testing'],
              message: 'Only tests may import @accord/testing or domain fixtures.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'NewExpression[callee.name="Date"][arguments.length=0]',
          message: 'No clock in the domain: take `now` from command metadata.',
        },
        {
          selector: 'CallExpression[callee.object.name="Date"][callee.property.name="now"]',
          message: 'No clock in the domain: take `now` from command metadata.',
        },
        {
          selector: 'CallExpression[callee.object.name="Math"][callee.property.name="random"]',
          message: 'No randomness in the domain: ids arrive with the command.',
        },
        {
          selector: 'CallExpression[callee.property.name="randomUUID"]',
          message: 'No randomness in the domain: ids arrive with the command.',
        },
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (STYLE.md rule 8).' },
      ],
    },
  },
  {
    // Jest loads global setup/teardown through their default export.
    files: ['libs/testing/src/jest/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The console (bulletproof-react): code flows app → features → shared. A feature imports only
    // itself and shared/; shared/ imports neither features nor app.
    files: ['apps/console/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\./shared/)',
              message:
                'A console feature imports only its own files and ../../shared (no imports across features).',
            },
            { regex: '/app/', message: 'Features do not import the app shell.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/console/src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '/(features|app)/', message: 'shared/ imports neither features nor the app.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
