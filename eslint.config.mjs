import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Import boundaries are enforced here, not by review:
//   shared/   imports nothing local outside itself, no Node, no DOM, no electron
//   main/     only shared/
//   renderer/ only shared/, no Node
//   app/      the only folder that imports electron
const electronOnlyInApp = {
  name: 'electron',
  message: 'Only app/ may import electron.',
};
const electronImportExpression = {
  selector: "ImportExpression[source.value='electron']",
  message: electronOnlyInApp.message,
};
// Two connections write to the store (the UI thread's and the engine worker's): see writeTransaction.
const deferredTransaction = {
  selector: "CallExpression[callee.property.name='transaction']",
  message: 'Use writeTransaction from main/store/database, which takes the write lock at BEGIN.',
};
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
// Helpers and fixtures of tests are named so (*.test-support.ts, *.fixture.ts, *.fixtures.ts) and
// only tests import them.
const testHelpers = {
  group: ['**/*.test-support', '**/*.fixture', '**/*.fixtures'],
  message: 'Test helpers and fixtures are for tests only.',
};
const testFiles = ['**/*.test.ts', '**/*.test.tsx', '**/*.test-support.ts', '**/*.fixture.ts', '**/*.fixtures.ts'];

/** The imports a folder may not make: electron outside app/, Node where there is none, test helpers in production code. */
function restrictedImports({ electron, node, tests }) {
  const paths = [
    ...(electron ? [] : [electronOnlyInApp]),
    ...(node ? [] : nodeBuiltins.map((name) => ({ name, message: 'No Node modules here.' }))),
  ];
  const patterns = [
    ...(electron ? [] : [{ group: ['electron/*'], message: electronOnlyInApp.message }]),
    ...(tests ? [] : [testHelpers]),
  ];
  return ['error', { paths, patterns }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['*.mjs'],
    languageOptions: { globals: { URL: 'readonly', process: 'readonly', console: 'readonly' } },
  },
  {
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': { typescript: { alwaysTryTypes: true }, node: true },
    },
    rules: {
      'import/no-unresolved': 'error',
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './shared',
              from: ['./app', './main', './renderer', './e2e', './build'],
              message: 'shared/ imports nothing local outside shared/.',
            },
            {
              target: './main',
              from: ['./app', './renderer', './e2e', './build'],
              message: 'main/ may import only shared/.',
            },
            {
              target: './renderer',
              from: ['./app', './main', './e2e', './build'],
              message: 'renderer/ may import only shared/.',
            },
            {
              target: './app',
              from: ['./renderer', './e2e'],
              message: 'app/ composes main/ and shared/; it never imports the renderer or tests.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**', 'main/**', 'renderer/**', 'e2e/**'],
    rules: {
      'no-restricted-imports': restrictedImports({ electron: false, node: true, tests: true }),
      'no-restricted-syntax': ['error', electronImportExpression],
    },
  },
  {
    files: ['main/**'],
    ignores: testFiles,
    rules: { 'no-restricted-imports': restrictedImports({ electron: false, node: true, tests: false }) },
  },
  {
    files: ['app/**'],
    ignores: testFiles,
    rules: { 'no-restricted-imports': restrictedImports({ electron: true, node: true, tests: false }) },
  },
  {
    files: ['main/**', 'e2e/**'],
    ignores: ['main/store/database.ts'],
    rules: { 'no-restricted-syntax': ['error', electronImportExpression, deferredTransaction] },
  },
  {
    files: ['app/**'],
    rules: { 'no-restricted-syntax': ['error', deferredTransaction] },
  },
  {
    files: ['shared/**', 'renderer/**'],
    rules: { 'no-restricted-imports': restrictedImports({ electron: false, node: false, tests: true }) },
  },
  {
    files: ['shared/**', 'renderer/**'],
    ignores: testFiles,
    rules: { 'no-restricted-imports': restrictedImports({ electron: false, node: false, tests: false }) },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
);
