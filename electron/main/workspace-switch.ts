import { resolve } from 'node:path';
import { dialog } from 'electron';
import type { BaseWindow, MessageBoxOptions, OpenDialogOptions } from 'electron';
import { APP_VERSION, createBackend } from '../../src/backend/backend';
import type { Backend } from '../../src/backend/backend';
import { defaultWorkspaceDir, initWorkspace, openWorkspace } from '../../src/backend/workspace';
import type { OpenOptions, Workspace } from '../../src/backend/workspace';
import { err } from '../../src/shared/result';
import type { Result } from '../../src/shared/result';

// The lock file names the app to a CLI command (or another app) refused while the window holds it.
const APP_OPEN: OpenOptions = { appVersion: APP_VERSION, owner: { app: 'Quayside app', command: 'window' } };

/** Where the workspace comes from, so failures can say which knob to turn. */
export type WorkspaceChoice = {
  readonly dir: string;
  readonly source: 'argument' | 'environment' | 'default';
};

/** The value of `--workspace <dir>` or `--workspace=<dir>` in `argv`, if present. */
export function workspaceArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--workspace') return argv[i + 1];
    if (arg?.startsWith('--workspace=')) return arg.slice('--workspace='.length);
  }
  return undefined;
}

/** `--workspace`, else `QUAYSIDE_WORKSPACE`, else the per-user default folder. */
export function chooseWorkspaceDir(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): WorkspaceChoice {
  const fromArg = workspaceArgument(argv);
  if (fromArg) return { dir: resolve(cwd, fromArg), source: 'argument' };
  if (env.QUAYSIDE_WORKSPACE) return { dir: resolve(cwd, env.QUAYSIDE_WORKSPACE), source: 'environment' };
  return { dir: defaultWorkspaceDir(env, platform), source: 'default' };
}

/**
 * Runs a workspace operation and turns a thrown file-system error (a path that is a file, a folder
 * without write permission) into a Result, so the user sees a dialog instead of a crashed app.
 */
function guarded(dir: string, open: () => Result<Workspace>): Result<Workspace> {
  try {
    return open();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return err('WORKSPACE.UNUSABLE', `Quayside could not use ${dir} as a workspace (${reason}). Choose another folder.`);
  }
}

/**
 * Opens the workspace in `dir`, or creates one when the folder is missing or empty. A non-empty
 * folder that is not a workspace is refused rather than gaining a stray database file.
 */
export function openOrInitWorkspace(dir: string): Result<Workspace> {
  return guarded(dir, () => {
    const opened = openWorkspace(dir, APP_OPEN);
    if (opened.ok || opened.error.code !== 'WORKSPACE.NOT_FOUND') return opened;
    return initWorkspace(dir, APP_OPEN);
  });
}

/** Opens the startup workspace; only the default folder is created unconditionally. */
export function openStartupWorkspace(choice: WorkspaceChoice): Result<Workspace> {
  return choice.source === 'default'
    ? guarded(choice.dir, () => openWorkspace(choice.dir, { ...APP_OPEN, create: true }))
    : openOrInitWorkspace(choice.dir);
}

/** The one backend the window talks to, and how to replace it when the user changes workspace. */
export type WorkspaceController = {
  readonly backend: () => Backend;
  /** Detaches and closes the current backend, then attaches one over `ws`. */
  readonly swap: (ws: Workspace) => Promise<void>;
  readonly close: () => Promise<void>;
};

export type ControllerHooks = {
  /** Makes the backend reachable (registers IPC handlers over it). */
  readonly attach: (backend: Backend) => void;
  /** Makes the current backend unreachable before it is closed. */
  readonly detach: () => void;
};

/** Owns the current backend; the only place a backend is created or closed in the shell. */
export function createWorkspaceController(initial: Workspace, hooks: ControllerHooks): WorkspaceController {
  let current = createBackend(initial, 'electron');
  let closed = false;
  hooks.attach(current);
  return {
    backend: () => current,
    swap: async (ws) => {
      hooks.detach();
      await current.close();
      current = createBackend(ws, 'electron');
      hooks.attach(current);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      hooks.detach();
      await current.close();
    },
  };
}

const showMessage = (parent: BaseWindow | undefined, options: MessageBoxOptions) =>
  parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);

const chooseFolder = async (parent: BaseWindow | undefined, options: OpenDialogOptions): Promise<string | null> => {
  const picked = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
};

/**
 * Startup: opens the chosen workspace, and on failure shows the reason with an offer to pick another
 * folder instead of crashing. Resolves to null when the user chooses to quit.
 */
export async function openWorkspaceInteractively(choice: WorkspaceChoice): Promise<Workspace | null> {
  let attempt = openStartupWorkspace(choice);
  let failedDir = choice.dir;
  for (;;) {
    if (attempt.ok) return attempt.value;
    // A workspace another program is changing (a CLI ingest) frees up when it is done: offer to retry.
    const busy = attempt.error.code === 'WORKSPACE.IN_USE' || attempt.error.code === 'WORKSPACE.BUSY';
    const buttons = busy ? ['Try Again', 'Choose Another Folder…', 'Quit'] : ['Choose Another Folder…', 'Quit'];
    const { response } = await showMessage(undefined, {
      type: 'error',
      title: 'Quayside',
      message: `Quayside could not open the workspace in ${failedDir}.`,
      detail: attempt.error.message,
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
      noLink: true,
    });
    const picked = buttons[response];
    if (picked === 'Try Again') {
      attempt = failedDir === choice.dir ? openStartupWorkspace(choice) : openOrInitWorkspace(failedDir);
      continue;
    }
    if (picked !== 'Choose Another Folder…') return null;
    const dir = await chooseFolder(undefined, {
      title: 'Choose a workspace folder',
      buttonLabel: 'Use Folder',
      message: 'Choose a Quayside workspace, or an empty folder for a new one.',
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    });
    if (dir === null) continue;
    failedDir = dir;
    attempt = openOrInitWorkspace(dir);
  }
}

/** Shows why a workspace could not be opened; the current workspace stays open. */
async function showWorkspaceError(parent: BaseWindow | undefined, what: string, message: string): Promise<void> {
  await showMessage(parent, {
    type: 'error',
    title: 'Quayside',
    message: what,
    detail: `${message}\n\nThe current workspace is still open.`,
    buttons: ['OK'],
    noLink: true,
  });
}

/**
 * File → New Workspace…: choose or create an empty folder, initialise it, switch to it.
 * Resolves to true when the workspace changed (the caller reloads the window).
 */
export async function newWorkspaceFlow(parent: BaseWindow | undefined, controller: WorkspaceController): Promise<boolean> {
  const dir = await chooseFolder(parent, {
    title: 'New Workspace',
    buttonLabel: 'Create Workspace Here',
    message: 'Choose or create an empty folder for the new workspace.',
    properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
  });
  if (dir === null) return false;
  const created = guarded(dir, () => initWorkspace(dir, APP_OPEN));
  if (!created.ok) {
    await showWorkspaceError(parent, 'Quayside could not create a workspace there.', created.error.message);
    return false;
  }
  await controller.swap(created.value);
  return true;
}

/**
 * File → Open Workspace…: choose a folder and open the workspace in it; on failure say why and keep
 * the current one. Resolves to true when the workspace changed.
 */
export async function openWorkspaceFlow(parent: BaseWindow | undefined, controller: WorkspaceController): Promise<boolean> {
  const dir = await chooseFolder(parent, {
    title: 'Open Workspace',
    buttonLabel: 'Open Workspace',
    message: 'Choose the folder of a Quayside workspace.',
    properties: ['openDirectory'],
  });
  if (dir === null) return false;
  if (resolve(dir) === controller.backend().ws.dir) return false;
  const opened = guarded(dir, () => openWorkspace(dir, APP_OPEN));
  if (!opened.ok) {
    await showWorkspaceError(parent, 'Quayside could not open that workspace.', opened.error.message);
    return false;
  }
  await controller.swap(opened.value);
  return true;
}
