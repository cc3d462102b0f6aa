import { describe, expect, it, vi } from 'vitest';
import { fake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

describe('a second Quayside process', () => {
  it('quits at once, before opening a workspace, a window or IPC', async () => {
    fake.reset();
    fake.appState.gotLock = false;
    // Fresh module graph: the composition root runs its top level again even without per-file isolation.
  vi.resetModules();
  await import('../../../electron/main/index');
    expect(fake.appState.quitCalls).toBe(1);
    expect(fake.calls).not.toContain('app.whenReady');
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });
});
