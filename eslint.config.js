// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'url',
  'crypto',
  'stream',
  'zlib',
]

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', 'tmp', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/**/*.js', 'main/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Layering: the folder says where code runs (see STYLE.md).
  {
    files: ['main/graph/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'main/graph is shared with the renderer: no Electron.' },
          ],
          patterns: [
            {
              group: nodeBuiltins,
              message: 'main/graph is shared with the renderer: no Node APIs.',
            },
            {
              group: ['@tensorflow/*'],
              allowTypeImports: true,
              message: 'main/graph may use tfjs only as `import type`; the engine passes tf in.',
            },
            {
              group: ['react', 'react-dom', '@xyflow/*', 'zustand'],
              message: 'main/graph is UI-free.',
            },
          ],
        },
      ],
    },
  },
  // Layering by file location: main/graph is shared with the renderer, the engine never reaches the UI.
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './main/graph',
              from: './main',
              except: ['./graph'],
              message:
                'main/graph is shared with the renderer: it imports nothing from the engine.',
            },
            {
              target: './main',
              from: ['./renderer', './electron'],
              message: 'The engine does not depend on the shell or the UI.',
            },
            {
              target: './renderer',
              from: './main',
              except: ['./graph', './api.ts', './wire.ts'],
              message: 'The renderer may import only main/graph, main/api.ts and main/wire.ts.',
            },
            {
              target: './renderer',
              from: './electron',
              message: 'The renderer talks to the shell only through the API contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/graph/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The engine never imports Electron; electron/ hosts it.' },
          ],
          patterns: [
            {
              group: ['react', 'react-dom', '@xyflow/*', 'zustand'],
              message: 'The engine is UI-free.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to the engine only through the API contract.',
            },
          ],
          patterns: [
            {
              group: nodeBuiltins,
              message: 'The renderer runs in a sandboxed page: no Node APIs.',
            },
          ],
        },
      ],
    },
  },
)
