import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from './fake-electron';
import { createMainWindow, entryUrl, shellPaths } from '../../../electron/main/window';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => fake.reset());

describe('main window', () => {
  it('runs the renderer isolated, sandboxed and without Node, with the given preload', () => {
    createMainWindow({ preload: '/x/out/preload/index.cjs' });
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]!.options.webPreferences).toEqual({
      preload: '/x/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('is hidden until ready-to-show, titled and sized', () => {
    const window = createMainWindow({ preload: '/p' });
    const options = fake.windows[0]!.options;
    expect(options).toMatchObject({ title: 'Quayside', show: false, minWidth: 1024, minHeight: 680 });
    expect(options.width as number).toBeGreaterThanOrEqual(options.minWidth as number);
    expect(options.height as number).toBeGreaterThanOrEqual(options.minHeight as number);
    expect(options).not.toHaveProperty('icon');
    expect(fake.windows[0]!.shown).toBe(false);
    (window as unknown as { emit: (name: string) => void }).emit('ready-to-show');
    expect(fake.windows[0]!.shown).toBe(true);
  });

  it('still shows the window when the page fails to load', () => {
    createMainWindow({ preload: '/p' });
    fake.windows[0]!.webContents.emit('did-fail-load');
    expect(fake.windows[0]!.shown).toBe(true);
  });

  it('passes an icon through only when given one', () => {
    createMainWindow({ preload: '/p', icon: '/i.png' });
    expect(fake.windows[0]!.options.icon).toBe('/i.png');
  });

  it('finds the CommonJS preload and the renderer next to the main bundle, as electron.vite.config.ts emits them', () => {
    const mainDir = join('/opt', 'quayside', 'out', 'main');
    expect(shellPaths(mainDir)).toEqual({
      preload: join('/opt', 'quayside', 'out', 'preload', 'index.cjs'),
      rendererDir: join('/opt', 'quayside', 'out', 'renderer'),
    });
  });

  it('loads the app protocol, or the dev server when one is given', () => {
    expect(entryUrl()).toBe('app://quayside/index.html');
    expect(entryUrl('http://localhost:5173/')).toBe('http://localhost:5173/');
  });
});
