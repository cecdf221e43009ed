// Lint rules. The layer direction is enforced here: src/core is framework-free (DESIGN.md rule 1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Packages src/core may not import (DESIGN.md rule 1). */
const FRAMEWORKS = [
  'react',
  'react-dom',
  'three',
  'three/*',
  '@react-three/*',
  '@deck.gl/*',
  'maplibre-gl',
  'socket.io',
  'socket.io-client',
  'zustand',
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'scenes', 'coverage', 'test-results', 'bench/results', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use `as const` objects.' },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/app/**/*.ts', 'src/views/**/*.ts', 'src/feed/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...FRAMEWORKS, 'node:*', '../../app/*', '../../views/*'],
              message: 'src/core is framework-free and runs in browser and Node alike (DESIGN.md rule 1).',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Date', message: 'Use the injected clock.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded RNG (src/core/rng.ts).' },
      ],
    },
  },
  {
    // Tests of core code run only in Node: they may read the real data in ../shared/data (node:fs, node:path),
    // still without frameworks.
    files: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...FRAMEWORKS, '../../app/*', '../../views/*'],
              message: 'src/core tests stay framework-free (DESIGN.md rule 1).',
            },
          ],
        },
      ],
    },
  },
);
