import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fake, fakeEvent } from './fake-electron';
import { tempDirs } from './temp-dirs';
import type { Result } from '../../../src/shared/result';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// `electron-vite dev`: unpackaged, with the renderer on a local dev server.

const dirs = tempDirs();
const workspaceDir = join(dirs.make(), 'ws');

afterAll(() => {
  fake.app.emit('will-quit', fakeEvent());
  dirs.cleanup();
});

describe('composition root in development', async () => {
  fake.reset();
  vi.stubEnv('QUAYSIDE_WORKSPACE', workspaceDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
  // Fresh module graph: the composition root runs its top level again even without per-file isolation.
  vi.resetModules();
  await import('../../../electron/main/index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  vi.unstubAllEnvs();
  const window = fake.windows[0]!;

  it('loads the dev server and trusts its origin for IPC', async () => {
    expect(window.loaded).toEqual(['http://localhost:5173']);
    const contents = window.webContents;
    contents.mainFrame.url = 'http://localhost:5173/';
    const handler = fake.ipcHandlers.get('qs:app.info')!;
    const result = (await handler(fakeEvent({ sender: contents, senderFrame: contents.mainFrame }), {})) as Result<unknown>;
    expect(result).toMatchObject({ ok: true });
  });

  it('offers reload and developer tools', () => {
    expect(JSON.stringify(fake.menuTemplate)).toContain('toggleDevTools');
  });

  it('shows the window icon from resources/icons', () => {
    expect(window.options.icon).toBe(join('/app', 'resources', 'icons', 'icon.png'));
  });
});
