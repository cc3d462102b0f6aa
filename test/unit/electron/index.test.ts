import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, fake, fakeEvent } from './fake-electron';
import { tempDirs } from './temp-dirs';
import { METHOD_NAMES } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// The composition root runs once per module load, so this file loads it once, as a packaged app, and
// walks through what it wired. Development mode and the single-instance refusal have their own files.

const dirs = tempDirs();
const workspaceDir = join(dirs.make(), 'ws');

afterAll(() => {
  fake.app.emit('will-quit', fakeEvent());
  dirs.cleanup();
});

describe('composition root', async () => {
  fake.reset();
  fake.appState.isPackaged = true;
  vi.stubEnv('QUAYSIDE_WORKSPACE', workspaceDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', 'https://evil.example/');
  // Fresh module graph: the composition root runs its top level again even without per-file isolation.
  vi.resetModules();
  await import('../../../electron/main/index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  vi.unstubAllEnvs();
  const window = fake.windows[0]!;

  it('registers the app scheme and enables the sandbox before ready', () => {
    const ready = fake.calls.indexOf('app.whenReady');
    expect(fake.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(ready);
    expect(fake.calls.indexOf('app.enableSandbox')).toBeLessThan(ready);
    expect(fake.calls.indexOf('protocol.handle')).toBeGreaterThan(ready);
  });

  it('opens a window with the preload built next to it', () => {
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(String(prefs.preload).endsWith(join('preload', 'index.cjs'))).toBe(true);
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  it('loads the app origin and ignores ELECTRON_RENDERER_URL once packaged', () => {
    expect(window.loaded).toEqual(['app://quayside/index.html']);
  });

  it('shows no developer tools in the packaged menu', () => {
    expect(JSON.stringify(fake.menuTemplate)).not.toContain('toggleDevTools');
  });

  it('hardens the default session and every new web contents', () => {
    expect(fake.session.permissionRequestHandler).not.toBeNull();
    expect(fake.session.permissionCheckHandler?.()).toBe(false);
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', fakeEvent(), contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.count('will-navigate')).toBe(1);
  });

  it('serves the app protocol and installs the menu', () => {
    expect([...fake.protocolHandlers.keys()]).toEqual(['app']);
    expect(Array.isArray(fake.menuTemplate)).toBe(true);
  });

  it('answers the window over IPC from the workspace QUAYSIDE_WORKSPACE named', async () => {
    expect(fake.ipcHandlers.size).toBe(METHOD_NAMES.length);
    const contents = window.webContents;
    const handler = fake.ipcHandlers.get('qs:workspace.info')!;
    const result = (await handler(fakeEvent({ sender: contents, senderFrame: contents.mainFrame }), {})) as Result<{ path: string }>;
    expect(result).toMatchObject({ ok: true, value: { path: workspaceDir } });
    contents.mainFrame.url = 'https://evil.example/';
    const refused = (await handler(fakeEvent({ sender: contents, senderFrame: contents.mainFrame }), {})) as Result<unknown>;
    expect(refused).toMatchObject({ ok: false, error: { code: 'SENDER.UNTRUSTED' } });
    contents.mainFrame.url = 'app://quayside/index.html';
  });

  it('focuses the existing window when a second instance starts', () => {
    fake.app.emit('second-instance');
    expect(window.focused).toBe(true);
  });
});
