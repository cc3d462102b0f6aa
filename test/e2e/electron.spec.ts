import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { watchConsole } from './fixtures';
import { runWorkstationJourney, screensDir } from './steps';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

// Not `require('electron')`: that module downloads the binary when it is missing. Read the path
// the electron package records instead, and only use it when the binary is really there.
function electronBinary(): string | null {
  const pkg = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

test.skip(!binary, 'Electron binary not installed (node_modules/electron/dist missing); the host spec covers these steps.');

test('the packaged app runs the same workstation journey', async () => {
  const main = join(repoRoot, 'out', 'main', 'index.js');
  expect(existsSync(main), `${main} is missing: run 'npx electron-vite build' first`).toBe(true);
  const workspace = mkdtempSync(join(tmpdir(), 'quayside-electron-'));
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [main],
    cwd: repoRoot,
    env: { ...process.env, QUAYSIDE_WORKSPACE: workspace },
  });
  try {
    const page = await app.firstWindow();
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await runWorkstationJourney(page, screensDir('screens-electron'));
    expect(problems, 'the window logged errors or warnings').toEqual([]);
  } finally {
    await app.close();
    await rm(workspace, { recursive: true, force: true });
  }
});
