import { Menu, dialog, shell } from 'electron';
import type { BaseWindow, MenuItemConstructorOptions } from 'electron';
import { APP_NAME, APP_VERSION } from '../../src/backend/backend';

/** What the menu can ask the shell to do; index.ts supplies the implementations. */
export type MenuActions = {
  readonly newWorkspace: () => void;
  readonly openWorkspace: () => void;
  readonly revealWorkspace: () => void;
  readonly about: () => void;
};

export type MenuEnvironment = {
  /** Reload and developer tools exist only in development builds. */
  readonly isPackaged: boolean;
  readonly platform: NodeJS.Platform;
};

/** The application menu as plain data, so it can be inspected without Electron. */
export function menuTemplate(actions: MenuActions, env: MenuEnvironment): MenuItemConstructorOptions[] {
  const isMac = env.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About Quayside', click: () => actions.about() };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWorkspace() },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openWorkspace() },
      { type: 'separator' },
      { label: 'Reveal Workspace Folder', click: () => actions.revealWorkspace() },
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };

  const developer: MenuItemConstructorOptions[] = env.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = { role: 'help', submenu: [about] };

  const macApp: MenuItemConstructorOptions = {
    label: 'Quayside',
    submenu: [
      about,
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  return [...(isMac ? [macApp] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}

/** Installs the application menu. */
export function installMenu(actions: MenuActions, env: MenuEnvironment): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, env)));
}

/** The About box text: version, open workspace and the runtime underneath. */
export function aboutDetail(workspaceDir: string, versions: NodeJS.ProcessVersions = process.versions): string {
  return [
    `Workspace: ${workspaceDir}`,
    '',
    `Electron ${versions.electron ?? '?'} · Chromium ${versions.chrome ?? '?'} · Node ${versions.node}`,
  ].join('\n');
}

/** Help → About. */
export async function showAbout(parent: BaseWindow | undefined, workspaceDir: string): Promise<void> {
  const options = {
    type: 'info' as const,
    title: `About ${APP_NAME}`,
    message: `${APP_NAME} ${APP_VERSION}`,
    detail: aboutDetail(workspaceDir),
    buttons: ['OK'],
  };
  await (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}

/** File → Reveal Workspace Folder: opens the folder in the system file manager. */
export async function revealFolder(dir: string): Promise<void> {
  // openPath resolves to an error message ('' on success) instead of rejecting.
  const failure = await shell.openPath(dir);
  if (failure !== '') dialog.showErrorBox('Quayside could not open the folder', `${dir}\n\n${failure}`);
}
