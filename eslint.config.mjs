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
      'no-restricted-imports': ['error', { paths: [electronOnlyInApp], patterns: ['electron/*'] }],
      'no-restricted-syntax': ['error', electronImportExpression],
    },
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInApp, ...nodeBuiltins.map((name) => ({ name, message: 'No Node modules here.' }))],
          patterns: ['electron/*'],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
);
