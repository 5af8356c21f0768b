// Lint: typescript-eslint's type-checked rules as errors, plus the folder-layer rule.
import tseslint from 'typescript-eslint';
import { layersRule } from './tools/eslint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'artifacts/', 'tmp/', 'tools/pure/', '**/*.js', '!tools/**/*.js', '!scripts/**/*.js', '!bin/**/*.js', '!eslint.config.js'] },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { portas: { rules: { layers: layersRule } } },
    rules: {
      'portas/layers': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // A switch over a union (an item kind, an answer kind) must name every member or say `default` deliberately.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
