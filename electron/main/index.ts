import { join } from 'node:path';
import { app, dialog, session } from 'electron';
import type { BrowserWindow } from 'electron';
import type { BugReporter } from '../../src/shared/api';
import { hardenSession, hardenWebContents } from './hardening';
import { registerIpcHandlers, unregisterIpcHandlers } from './ipc';
import { installMenu, revealFolder, showAbout } from './menu';
import { createOriginPolicy } from './origins';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { createMainWindow, entryUrl, shellPaths } from './window';
import {
  chooseWorkspaceDir,
  createWorkspaceController,
  newWorkspaceFlow,
  openWorkspaceFlow,
  openWorkspaceInteractively,
} from './workspace-switch';
import type { WorkspaceController } from './workspace-switch';

// Composition root: wires the helpers in this folder together and holds the two pieces of state
// the shell has (the window and the workspace controller). Behaviour lives in the helpers.

// Both must happen before `ready`.
registerAppScheme();
app.enableSandbox();

// The dev server is honoured only for unpackaged runs: a shipped app never loads a URL from the env.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const policy = createOriginPolicy(devServerUrl);
const paths = shellPaths(import.meta.dirname);

let mainWindow: BrowserWindow | undefined;
let controller: WorkspaceController | undefined;

const reportBug: BugReporter = (method, error) => console.error(`[quayside] ${method} failed:`, error);
const logFailure = (what: string) => (error: unknown) => console.error(`[quayside] ${what}:`, error);

function openWindow(): BrowserWindow {
  const window = createMainWindow({
    preload: paths.preload,
    ...(app.isPackaged ? {} : { icon: join(app.getAppPath(), 'resources', 'icons', 'icon.png') }),
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  window.loadURL(entryUrl(devServerUrl)).catch(logFailure('loading the window'));
  return window;
}

const reloadIfChanged = (changed: boolean): void => {
  if (changed) mainWindow?.webContents.reload();
};

async function start(): Promise<void> {
  hardenSession(session.defaultSession, policy);
  serveAppProtocol(paths.rendererDir);

  const workspace = await openWorkspaceInteractively(chooseWorkspaceDir(process.argv, process.env, process.cwd()));
  if (!workspace) {
    app.quit();
    return;
  }
  const workspaces = createWorkspaceController(workspace, {
    attach: (backend) =>
      registerIpcHandlers({
        handlers: backend.handlers,
        events: backend.onEvent,
        policy,
        trustedContents: () => mainWindow?.webContents,
        reportBug,
      }),
    detach: unregisterIpcHandlers,
  });
  controller = workspaces;

  installMenu(
    {
      newWorkspace: () => {
        newWorkspaceFlow(mainWindow, workspaces).then(reloadIfChanged).catch(logFailure('New Workspace'));
      },
      openWorkspace: () => {
        openWorkspaceFlow(mainWindow, workspaces).then(reloadIfChanged).catch(logFailure('Open Workspace'));
      },
      revealWorkspace: () => {
        revealFolder(workspaces.backend().ws.dir).catch(logFailure('Reveal Workspace Folder'));
      },
      about: () => {
        showAbout(mainWindow, workspaces.backend().ws.dir).catch(logFailure('About'));
      },
    },
    { isPackaged: app.isPackaged, platform: process.platform },
  );

  mainWindow = openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Quayside is running; it receives 'second-instance' and comes to the front.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, policy));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && controller) mainWindow = openWindow();
  });
  // Closing stops intake cleanly (a running read resumes next launch), so quitting waits for it once.
  let closing = false;
  app.on('will-quit', (event) => {
    if (!controller || closing) return;
    closing = true;
    event.preventDefault();
    controller
      .close()
      .catch(logFailure('closing the workspace'))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Quayside could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
