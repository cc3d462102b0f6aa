import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { APP_ORIGIN } from '../../src/shared/security';

/** Where the built bundles sit relative to the main bundle (see electron.vite.config.ts). */
export type ShellPaths = {
  readonly preload: string;
  readonly rendererDir: string;
};

/** The preload and renderer locations for a main bundle running from `mainDir` (`out/main`). */
export function shellPaths(mainDir: string): ShellPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
  };
}

/** The first URL the window loads: the dev server under `electron-vite dev`, else the app protocol. */
export function entryUrl(devServerUrl?: string): string {
  return devServerUrl ?? `${APP_ORIGIN}/index.html`;
}

export type MainWindowOptions = {
  readonly preload: string;
  readonly icon?: string;
};

/**
 * Creates the main window, hidden until the renderer has painted so the user never sees an empty
 * frame. The options are one literal on purpose: every security flag is spelled out, even where it
 * matches Electron's default, so a reader and electronegativity (which only reads literals) see the
 * whole picture, and a future default change cannot loosen it silently.
 */
export function createMainWindow({ preload, icon }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Quayside',
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    backgroundColor: '#f6f7f9',
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload,
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
      // Middle-click (auxclick) on a link would ask for a new window; pop-ups are denied anyway, this
      // removes the event altogether.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  // A page that fails to load never becomes ready-to-show; show the error page rather than a process
  // with no window.
  window.webContents.once('did-fail-load', () => window.show());
  return window;
}
