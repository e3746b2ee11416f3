// Lint at zero warnings. Module boundaries are enforced by Nx tags (type:* × scope:*), and the
// purity of deciders by import and syntax bans: see ../shared/STYLE.md, rules 2, 7 and 10.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const scopes = ['gateway', 'intake', 'screening', 'consent', 'conferencing', 'follow-up', 'audit'];

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
            // Services never import each other; they share only contracts and infrastructure libs.
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'],
            },
            // Only test files may use type:testing (see the no-restricted-imports rule below), and the
            // harness itself depends on nothing of ours but contracts, so no cycle can form.
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...scopes.map((scope) => ({
              sourceTag: `scope:${scope}`,
              onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
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
    // The test harness belongs to tests: production code may not import it.
    files: ['services/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@accord/testing', message: 'Only tests may import @accord/testing.' }] },
      ],
    },
  },
  {
    // Deciders and domain folders are pure: no framework, no I/O, no clock, no randomness.
    files: ['**/*.decider.ts', '**/domain/**/*.ts', 'libs/contracts/src/**/*.ts'],
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
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
