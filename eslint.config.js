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

/** Files of main/ that the renderer shares: each recipe's spec and the recipes' table. */
const SHARED_IN_MAIN = ['main/recipes/specs.ts', 'main/recipes/*/spec.ts']
const sharedInMain = SHARED_IN_MAIN.map((f) => `**/${f}`)

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
    files: ['common/**/*.ts', ...SHARED_IN_MAIN],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'common/ is shared by the renderer and the engine: no Electron.',
            },
          ],
          patterns: [
            {
              group: nodeBuiltins,
              message: 'common/ is shared by the renderer and the engine: no Node APIs.',
            },
            {
              group: ['@tensorflow/*'],
              allowTypeImports: true,
              message: 'common/ may use tfjs only as `import type`; the engine passes tf in.',
            },
            {
              group: ['react', 'react-dom', '@xyflow/*', 'zustand'],
              message: 'common/ is UI-free.',
            },
          ],
        },
      ],
    },
  },
  // Layering by file location: common/ is shared, the engine never reaches the UI.
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './common',
              from: ['./renderer', './electron'],
              message: 'common/ is shared by the renderer and the engine: it imports from neither.',
            },
            {
              target: ['./common/**/*', ...SHARED_IN_MAIN.map((f) => `./${f}`)],
              from: './main/**/*',
              except: sharedInMain,
              message:
                'Shared code (common/, the recipe specs) imports nothing from the engine but the recipe specs.',
            },
            {
              target: './main',
              from: ['./renderer', './electron'],
              message: 'The engine does not depend on the shell or the UI.',
            },
            {
              target: './main/runs',
              from: './main/export',
              message: 'Runs are recorded and loaded without the exporters (export/ uses runs/).',
            },
            {
              target: './main/export',
              from: './main/train',
              message: 'Exporters work from the graph and a checkpoint, never from the trainer.',
            },
            {
              target: './renderer/**/*',
              from: './main/**/*',
              except: sharedInMain,
              message:
                'The renderer may import only common/ (the contract, the graph, the blocks) and the recipe specs.',
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
