// Lint rules, including the architecture's runtime split: lib/ and worker/ never import Svelte,
// ECharts or ui/; only lib/models and the worker touch TensorFlow.js; the UI never does.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const noUi = {
  patterns: [
    { group: ['svelte', 'svelte/*', '*.svelte'], message: 'lib/ and worker/ run in Node and in workers: no Svelte.' },
    { group: ['echarts', 'echarts/*'], message: 'Charts belong to ui/.' },
    { group: ['**/ui/**', '../ui', '../../ui'], message: 'lib/ and worker/ must not import from ui/.' },
  ],
};
const noTf = { group: ['@tensorflow/*'], message: 'Only lib/models and the worker touch TensorFlow.js.' };

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'bench/results/', 'bench/tmp/', 'coverage/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  { files: ['src/lib/**/*.ts', 'src/worker/**/*.ts'], rules: { 'no-restricted-imports': ['error', noUi] } },
  { files: ['src/lib/**/*.ts'], ignores: ['src/lib/models/**'], rules: { 'no-restricted-imports': ['error', { patterns: [...noUi.patterns, noTf] }] } },
  { files: ['src/ui/**/*'], rules: { 'no-restricted-imports': ['error', { patterns: [noTf] }] } },
  { files: ['src/service-worker/**/*.js'], languageOptions: { globals: { ...globals.serviceworker, PRECACHE: 'readonly', VERSION: 'readonly' } } },
);
