import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { fake } from './fake-electron';
import { aboutDetail, installMenu, menuTemplate, revealFolder } from '../../../electron/main/menu';
import type { MenuActions } from '../../../electron/main/menu';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => fake.reset());

const recorder = () => {
  const calls: string[] = [];
  const actions: MenuActions = {
    newWorkspace: () => calls.push('new'),
    openWorkspace: () => calls.push('open'),
    revealWorkspace: () => calls.push('reveal'),
    about: () => calls.push('about'),
  };
  return { calls, actions };
};

const submenu = (template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] => {
  const menu = template.find((item) => item.label === label || item.role === label);
  if (!menu) throw new Error(`no ${label} menu`);
  return menu.submenu as MenuItemConstructorOptions[];
};
const click = (item: MenuItemConstructorOptions | undefined): void =>
  (item?.click as unknown as () => void)();
const byLabel = (items: MenuItemConstructorOptions[], label: string) => items.find((item) => item.label === label);
const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role).filter(Boolean);

describe('application menu', () => {
  it('File offers New, Open, Reveal and Quit, wired to the actions', () => {
    const { calls, actions } = recorder();
    const file = submenu(menuTemplate(actions, { isPackaged: true, platform: 'linux' }), 'File');
    click(byLabel(file, 'New Workspace…'));
    click(byLabel(file, 'Open Workspace…'));
    click(byLabel(file, 'Reveal Workspace Folder'));
    expect(calls).toEqual(['new', 'open', 'reveal']);
    expect(roles(file)).toContain('quit');
  });

  it('Help → About calls about', () => {
    const { calls, actions } = recorder();
    click(byLabel(submenu(menuTemplate(actions, { isPackaged: true, platform: 'win32' }), 'help'), 'About Quayside'));
    expect(calls).toEqual(['about']);
  });

  it('has the standard Edit menu', () => {
    const template = menuTemplate(recorder().actions, { isPackaged: true, platform: 'linux' });
    expect(template.some((item) => item.role === 'editMenu')).toBe(true);
  });

  it('offers reload and devtools only in development builds', () => {
    const { actions } = recorder();
    const packaged = roles(submenu(menuTemplate(actions, { isPackaged: true, platform: 'linux' }), 'View'));
    const dev = roles(submenu(menuTemplate(actions, { isPackaged: false, platform: 'linux' }), 'View'));
    expect(packaged).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(dev).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('puts Quit in the app menu on macOS', () => {
    const template = menuTemplate(recorder().actions, { isPackaged: true, platform: 'darwin' });
    expect(template[0]!.label).toBe('Quayside');
    expect(roles(submenu(template, 'Quayside'))).toContain('quit');
    expect(roles(submenu(template, 'File'))).not.toContain('quit');
  });

  it('installs the template as the application menu', () => {
    installMenu(recorder().actions, { isPackaged: true, platform: 'linux' });
    expect(Array.isArray(fake.menuTemplate)).toBe(true);
  });

  it('About names the workspace and runtime versions', () => {
    const text = aboutDetail('/data/ws', { ...process.versions, electron: '45.5.0', chrome: '140.0' });
    expect(text).toContain('Workspace: /data/ws');
    expect(text).toContain('Electron 45.5.0');
  });

  it('reveals the folder with the system file manager', async () => {
    await revealFolder('/data/ws');
    expect(fake.openedPaths).toEqual(['/data/ws']);
  });
});
