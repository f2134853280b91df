import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Function']", message: 'no new Function (CSP and safety)' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['src/engine/**', 'src/diagnostics/**', 'src/io/**', 'src/protocol.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'engine, diagnostics, io and protocol stay free of vscode' }] }],
    },
  },
  {
    files: ['src/engine/**', 'src/diagnostics/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'pure code: no vscode' }, { name: 'fs', message: 'pure code: no I/O' }, { name: 'node:fs', message: 'pure code: no I/O' }],
      }],
    },
  },
);
