import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rule is only worth something if it fires: lint small probes as if they lived in each
// layer and check which imports are refused.
const eslint = new ESLint({ cwd: process.cwd() });

const refused = async (filePath: string, source: string): Promise<string[]> => {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('import-direction rule', () => {
  it.each([
    ['src/renderer/probe.js', "import { openWorkspace } from '../backend/workspace';", 'backend'],
    ['src/renderer/features/x/probe.js', "import { readFileSync } from 'node:fs';", 'Node.js built-ins'],
    ['src/renderer/probe.js', "import { ipcRenderer } from 'electron';", "'electron'"],
    ['src/core/probe.js', "import { createHash } from 'crypto';", 'Node.js built-ins'],
    ['src/core/probe.js', "import { putBlob } from '../backend/store/blob-store';", 'backend'],
    ['src/shared/probe.js', "import { canonicalJson } from '../core/canonical-json';", 'core'],
    ['src/shared/probe.js', "import Database from 'better-sqlite3';", 'SQLite'],
    ['src/backend/probe.js', "import { app } from 'electron';", "'electron'"],
    ['src/backend/probe.js', "import { main } from '../cli/main';", 'CLI'],
    ['src/cli/probe.js', "import { App } from '../renderer/App';", 'renderer'],
    ['electron/preload/probe.js', "import { openWorkspace } from '../../src/backend/workspace';", 'backend'],
    ['electron/main/probe.js', "import { ipcMain } from 'electron';", 'Raw IPC'],
    ['test/integration/probe.js', "import { app } from 'electron';", "'electron'"],
  ])('%s refuses %s', async (file, source, why) => {
    const messages = await refused(file, source);
    expect(messages.length).toBe(1);
    expect(messages[0]).toContain(why);
  });

  it.each([
    ['src/renderer/probe.js', "import { createClient } from '../shared/api';"],
    ['src/renderer/probe.js', "import { canonicalJson } from '../core/canonical-json';"],
    ['src/core/probe.js', "import { ok } from '../shared/result';"],
    ['src/backend/probe.js', "import { createHash } from 'node:crypto';"],
    ['src/cli/probe.js', "import { openWorkspace } from '../backend/workspace';"],
    ['electron/main/probe.js', "import { app, BrowserWindow } from 'electron';"],
    ['electron/main/ipc.ts', "import { ipcMain } from 'electron';"],
    ['electron/preload/probe.js', "import { contextBridge } from 'electron';"],
  ])(
    '%s allows %s',
    async (file, source) => {
      expect(await refused(file, source)).toEqual([]);
    },
    // A .ts probe makes ESLint build the TypeScript program for its type-aware rules: seconds on a
    // busy two-core machine.
    60_000,
  );
});
