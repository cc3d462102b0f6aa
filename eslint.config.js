// Lint, including the layer rule that keeps the architecture picture of README.md true:
// shared ← core ← backend ← cli / electron-main; renderer → shared (+ pure core); preload → shared;
// `electron` only under electron/. A file matches exactly one layer block below, because a later
// block would replace (not merge) an earlier no-restricted-imports setting.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const builtins = builtinModules.filter((name) => !name.startsWith('_')).map((name) => name.replace(/[/]/g, '\\/'));
const forbid = {
  node: { regex: `^(node:.*|(${builtins.join('|')})(\\/.*)?)$`, message: 'This layer must not use Node.js built-ins (it runs without Node).' },
  electron: { regex: '^electron(\\/.*)?$', message: "Only code under electron/ may import 'electron'." },
  react: { regex: '^react(-dom)?(\\/.*)?$', message: 'React belongs to the renderer only.' },
  sqlite: { regex: '^better-sqlite3$', message: 'Only the backend talks to SQLite.' },
  core: { regex: '^\\.\\.?\\/(.*\\/)?core(\\/|$)', message: 'shared must not depend on core (core depends on shared).' },
  backend: { regex: '^\\.\\.?\\/(.*\\/)?backend(\\/|$)', message: 'This layer must not import the Node-only backend; go through the API contract.' },
  cli: { regex: '^\\.\\.?\\/(.*\\/)?cli(\\/|$)', message: 'Nothing imports the CLI; it is a composition root.' },
  renderer: { regex: '^\\.\\.?\\/(.*\\/)?renderer(\\/|$)', message: 'Nothing outside the renderer imports it.' },
  electronDir: { regex: '^\\.\\.?\\/(.*\\/)?electron\\/', message: 'Nothing outside electron/ imports the Electron shell.' },
};
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Raw IPC lives only in electron/main/ipc.ts and electron/preload/index.ts, generated from the contract.',
};

const layer = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
});

export const layers = [
  layer(['src/shared/**'], [forbid.node, forbid.electron, forbid.react, forbid.sqlite, forbid.core, forbid.backend, forbid.cli, forbid.renderer, forbid.electronDir]),
  layer(['src/core/**'], [forbid.node, forbid.electron, forbid.react, forbid.sqlite, forbid.backend, forbid.cli, forbid.renderer, forbid.electronDir]),
  layer(['src/backend/**'], [forbid.electron, forbid.react, forbid.cli, forbid.renderer, forbid.electronDir]),
  layer(['src/cli/**'], [forbid.electron, forbid.react, forbid.renderer, forbid.electronDir]),
  layer(['src/renderer/**'], [forbid.node, forbid.electron, forbid.sqlite, forbid.backend, forbid.cli, forbid.electronDir]),
  layer(['electron/preload/**', 'electron/common/**'], [forbid.node, forbid.react, forbid.sqlite, forbid.core, forbid.backend, forbid.cli, forbid.renderer]),
  layer(['electron/main/**'], [forbid.react, forbid.cli, forbid.renderer], [rawIpc]),
  layer(['electron/main/ipc.ts'], [forbid.react, forbid.cli, forbid.renderer]),
  layer(['test/**', '*.ts', '*.js'], [forbid.electron]),
  layer(['test/unit/electron/**'], []),
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'demo-output/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['src/**', 'electron/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  { files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'], ...reactHooks.configs.flat.recommended },
  { files: ['src/cli/**', 'test/**'], rules: { 'no-console': 'off' } },
  ...layers,
);
