import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from './fake-electron';
import { tempDirs } from './temp-dirs';
import {
  chooseWorkspaceDir,
  createWorkspaceController,
  newWorkspaceFlow,
  openWorkspaceFlow,
  openWorkspaceInteractively,
  workspaceArgument,
} from '../../../electron/main/workspace-switch';
import type { WorkspaceController } from '../../../electron/main/workspace-switch';
import type { Backend } from '../../../src/backend/backend';
import { DB_FILE, initWorkspace, openWorkspace } from '../../../src/backend/workspace';
import type { Workspace } from '../../../src/backend/workspace';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const dirs = tempDirs();
const controllers: WorkspaceController[] = [];

beforeEach(() => fake.reset());
afterEach(async () => {
  for (const controller of controllers.splice(0)) await controller.close();
  dirs.cleanup();
});

const newWorkspace = (): Workspace => {
  const ws = initWorkspace(join(dirs.make(), 'ws'));
  if (!ws.ok) throw new Error(ws.error.message);
  return ws.value;
};

/** A workspace whose schema is newer than this app knows. */
const tooNewWorkspace = (): string => {
  const ws = newWorkspace();
  ws.db.pragma('user_version = 9999');
  ws.close();
  return ws.dir;
};

const track = (initial: Workspace) => {
  const log: string[] = [];
  const attached: Backend[] = [];
  const controller = createWorkspaceController(initial, {
    attach: (backend) => {
      attached.push(backend);
      log.push(`attach ${backend.ws.dir}`);
    },
    detach: () => log.push('detach'),
  });
  controllers.push(controller);
  return { controller, log, attached };
};

describe('choosing the startup workspace', () => {
  it('reads --workspace in both spellings', () => {
    expect(workspaceArgument(['electron', '.', '--workspace', '/a'])).toBe('/a');
    expect(workspaceArgument(['quayside', '--workspace=/b'])).toBe('/b');
    expect(workspaceArgument(['quayside'])).toBeUndefined();
  });

  it('prefers the argument, then QUAYSIDE_WORKSPACE, then the per-user default', () => {
    const env = { QUAYSIDE_WORKSPACE: '/env/ws', XDG_DATA_HOME: '/xdg' };
    expect(chooseWorkspaceDir(['--workspace', 'rel/ws'], env, '/cwd', 'linux')).toEqual({ dir: '/cwd/rel/ws', source: 'argument' });
    expect(chooseWorkspaceDir([], env, '/cwd', 'linux')).toEqual({ dir: '/env/ws', source: 'environment' });
    expect(chooseWorkspaceDir([], { XDG_DATA_HOME: '/xdg' }, '/cwd', 'linux')).toEqual({
      dir: '/xdg/Quayside/workspace',
      source: 'default',
    });
  });
});

describe('opening the startup workspace', () => {
  it('creates the default workspace when it does not exist', async () => {
    const dir = join(dirs.make(), 'Quayside', 'workspace');
    const ws = await openWorkspaceInteractively({ dir, source: 'default' });
    expect(ws?.dir).toBe(dir);
    ws?.close();
    expect(fake.messageBoxes).toEqual([]);
  });

  it('refuses to drop a database into a non-empty folder given by argument', async () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    fake.messageBoxResponses.push(1); // Quit
    await expect(openWorkspaceInteractively({ dir, source: 'argument' })).resolves.toBeNull();
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
    expect(fake.messageBoxes[0]!.options.detail).toMatch(/not empty/);
  });

  it('shows why (TOO_NEW) and offers another folder instead of crashing', async () => {
    const tooNew = tooNewWorkspace();
    const other = join(dirs.make(), 'fresh');
    fake.messageBoxResponses.push(0); // Choose Another Folder…
    fake.openDialogResults.push(other);
    const ws = await openWorkspaceInteractively({ dir: tooNew, source: 'environment' });
    expect(ws?.dir).toBe(other);
    ws?.close();
    expect(fake.messageBoxes).toHaveLength(1);
    expect(fake.messageBoxes[0]!.options).toMatchObject({ type: 'error', buttons: ['Choose Another Folder…', 'Quit'] });
    expect(fake.messageBoxes[0]!.options.detail).toMatch(/newer Quayside/);
  });

  it('asks again when the chosen folder fails too, and again after a cancelled dialog', async () => {
    const tooNew = tooNewWorkspace();
    fake.messageBoxResponses.push(0, 0, 1); // choose → (cancel) → choose → file → quit
    fake.openDialogResults.push(null);
    const file = join(dirs.make(), 'a-file');
    writeFileSync(file, 'x');
    fake.openDialogResults.push(file);
    await expect(openWorkspaceInteractively({ dir: tooNew, source: 'argument' })).resolves.toBeNull();
    expect(fake.messageBoxes).toHaveLength(3);
    expect(String(fake.messageBoxes[2]!.options.message)).toContain(file);
  });

  it('turns a thrown file-system error into the same dialog', async () => {
    const file = join(dirs.make(), 'a-file');
    writeFileSync(file, 'x');
    fake.messageBoxResponses.push(1);
    await expect(openWorkspaceInteractively({ dir: file, source: 'default' })).resolves.toBeNull();
    expect(fake.messageBoxes[0]!.options.detail).toMatch(/cannot create a workspace|could not use/);
  });
});

describe('switching workspaces', () => {
  it('attaches the first backend once', () => {
    const first = newWorkspace();
    const { controller, log } = track(first);
    expect(log).toEqual([`attach ${first.dir}`]);
    expect(controller.backend().ws).toBe(first);
  });

  it('detaches and closes the old backend before attaching the new one', async () => {
    const first = newWorkspace();
    const second = newWorkspace();
    const { controller, log } = track(first);
    await controller.swap(second);
    expect(log).toEqual([`attach ${first.dir}`, 'detach', `attach ${second.dir}`]);
    expect(first.db.open).toBe(false);
    expect(second.db.open).toBe(true);
    expect(controller.backend().ws).toBe(second);
  });

  it('Open Workspace… opens the chosen workspace', async () => {
    const { controller } = track(newWorkspace());
    const target = newWorkspace();
    target.close();
    fake.openDialogResults.push(target.dir);
    await expect(openWorkspaceFlow(undefined, controller)).resolves.toBe(true);
    expect(controller.backend().ws.dir).toBe(target.dir);
  });

  it('Open Workspace… keeps the current workspace and says why when the folder is not one', async () => {
    const first = newWorkspace();
    const { controller, log } = track(first);
    fake.openDialogResults.push(dirs.make());
    await expect(openWorkspaceFlow(undefined, controller)).resolves.toBe(false);
    expect(controller.backend().ws).toBe(first);
    expect(first.db.open).toBe(true);
    expect(log).toEqual([`attach ${first.dir}`]);
    expect(fake.messageBoxes[0]!.options).toMatchObject({ type: 'error' });
    expect(fake.messageBoxes[0]!.options.detail).toMatch(/No Quayside workspace/);
    expect(fake.messageBoxes[0]!.options.detail).toMatch(/current workspace is still open/);
  });

  it('Open Workspace… refuses a workspace from a newer app with the backend message', async () => {
    const { controller } = track(newWorkspace());
    fake.openDialogResults.push(tooNewWorkspace());
    await expect(openWorkspaceFlow(undefined, controller)).resolves.toBe(false);
    expect(fake.messageBoxes[0]!.options.detail).toMatch(/newer Quayside/);
  });

  it('Open Workspace… does nothing when cancelled or when the current one is chosen', async () => {
    const first = newWorkspace();
    const { controller, log } = track(first);
    fake.openDialogResults.push(null, first.dir);
    await expect(openWorkspaceFlow(undefined, controller)).resolves.toBe(false);
    await expect(openWorkspaceFlow(undefined, controller)).resolves.toBe(false);
    expect(log).toEqual([`attach ${first.dir}`]);
  });

  it('New Workspace… initialises an empty folder and switches to it', async () => {
    const { controller } = track(newWorkspace());
    const empty = dirs.make();
    fake.openDialogResults.push(empty);
    await expect(newWorkspaceFlow(undefined, controller)).resolves.toBe(true);
    expect(controller.backend().ws.dir).toBe(empty);
    expect(existsSync(join(empty, DB_FILE))).toBe(true);
    expect(fake.openDialogs[0]!.properties).toContain('createDirectory');
  });

  it('New Workspace… refuses a non-empty folder and keeps the current workspace', async () => {
    const first = newWorkspace();
    const { controller } = track(first);
    const busy = dirs.make();
    mkdirSync(join(busy, 'photos'));
    fake.openDialogResults.push(busy);
    await expect(newWorkspaceFlow(undefined, controller)).resolves.toBe(false);
    expect(controller.backend().ws).toBe(first);
    expect(fake.messageBoxes[0]!.options.detail).toMatch(/not empty/);
  });

  it('close() is idempotent and closes the database', async () => {
    const first = newWorkspace();
    const { controller, log } = track(first);
    await controller.close();
    await controller.close();
    expect(first.db.open).toBe(false);
    expect(log.filter((entry) => entry === 'detach')).toHaveLength(1);
    const reopened = openWorkspace(first.dir);
    expect(reopened.ok).toBe(true);
    if (reopened.ok) reopened.value.close();
  });
});
