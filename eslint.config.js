import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'artifacts/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Pure logic: no browser API, no UI, no background.
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['webextension-polyfill', '**/platform/**', '**/background/**', '**/popup/**'] },
      ],
    },
  },
  {
    // Pages never import the background.
    files: ['src/popup/**', 'src/content/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/background/**'] }] },
  },
  {
    // The page's own world has no extension API.
    files: ['src/content/page-guard.ts', 'src/content/page-report.ts', 'src/content/page-world/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['webextension-polyfill', '**/platform/**', '**/background/**'] }],
    },
  },
);
