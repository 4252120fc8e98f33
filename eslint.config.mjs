// ESLint flat config (eslint 9, typescript-eslint 8, type-aware).
// The rules our style guide asks for (../shared/STYLE.md, "Lint"): no floating promises,
// exhaustive switches, no focused or skipped tests, no forwardRef.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TEST_FUNCTIONS = ['it', 'test', 'describe'];
const focusedOrSkipped = [
  ...TEST_FUNCTIONS.flatMap((object) =>
    ['only', 'skip'].map((property) => ({ object, property, message: `${object}.${property} must not be committed: run every test.` })),
  ),
  { object: 'it', property: 'todo', message: 'it.todo must not be committed: write the test or an issue.' },
  { object: 'test', property: 'todo', message: 'test.todo must not be committed: write the test or an issue.' },
];
const focusedOrSkippedGlobals = ['xit', 'xtest', 'xdescribe', 'fit', 'fdescribe'].map((name) => ({
  name,
  message: `${name} focuses or skips tests and must not be committed.`,
}));

// Node's globals for the plain scripts (the `globals` package is not a direct dependency).
const nodeGlobals = Object.fromEntries(
  [
    'require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer', 'URL', 'URLSearchParams',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask',
    'structuredClone', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder', 'performance', 'fetch', 'globalThis',
  ].map((name) => [name, 'readonly']),
);

const unusedVars = [
  'error',
  { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'data/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-restricted-properties': ['error', ...focusedOrSkipped],
      'no-restricted-globals': ['error', ...focusedOrSkippedGlobals],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: ['forwardRef'],
              message: 'No forwardRef: break the cycle with an event or a query (STYLE.md).',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': unusedVars,
    },
  },
  {
    // TypeScript: type-aware rules through the project service (tsconfig.json covers src, test, migrations, bench).
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // Plain CommonJS scripts (bench/ runs against dist/ without a compiler).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
);
