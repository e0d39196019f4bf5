// Layering rules ("Bad layering", as in VS Code): common imports nothing Node/Electron, core never
// imports electron, the renderer imports only src-main/common.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'url']

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'test/e2e/screenshots/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src-main/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...nodeBuiltins,
                'electron',
                'electron/*',
                '../core/**',
                '../electron/**',
                '../server/**',
                '../cli/**',
                '../preload/**',
              ],
              message:
                'Bad layering: src-main/common is plain TypeScript (no Node, no Electron, no other layer).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**', 'src-main/cli/**', 'src-main/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                'electron/*',
                'electron-store',
                '**/electron/**',
                '**/preload/**',
              ],
              message: 'Bad layering: core, CLI and server never import Electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/cli/**', '**/preload/**', '**/src-renderer/**'],
              message: 'Bad layering: the Electron main process imports only common and core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...nodeBuiltins,
                'electron-store',
                '**/core/**',
                '**/electron/**',
                '**/server/**',
                '**/cli/**',
                '**/src-renderer/**',
              ],
              message:
                'Bad layering: the sandboxed preload imports only src-main/common and electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...nodeBuiltins,
                'electron',
                'electron/*',
                '**/src-main/**',
                '!**/src-main/common',
                '!**/src-main/common/**',
              ],
              message: 'Bad layering: the renderer imports only src-main/common.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['plugins/**/*.js', 'bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
)
