import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, fake, fakeEvent } from './fake-electron';
import type { FakeFrame } from './fake-electron';
import { tempDirs } from './temp-dirs';
import { registerIpcHandlers, unregisterIpcHandlers } from '../../../electron/main/ipc';
import { createOriginPolicy } from '../../../electron/main/origins';
import { INVOKE_CHANNELS, EVENT_CHANNELS } from '../../../electron/common/channels';
import { createBackend } from '../../../src/backend/backend';
import { createEventBus } from '../../../src/backend/events';
import type { Backend } from '../../../src/backend/backend';
import { initWorkspace } from '../../../src/backend/workspace';
import { EVENT_NAMES, METHOD_NAMES } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';
import type { Handlers } from '../../../src/shared/api';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const dirs = tempDirs();
let backend: Backend;
let window: FakeWebContents;

beforeEach(() => {
  fake.reset();
  const ws = initWorkspace(dirs.make());
  if (!ws.ok) throw new Error(ws.error.message);
  backend = createBackend(ws.value, 'electron');
  window = new FakeWebContents();
});

afterEach(async () => {
  unregisterIpcHandlers();
  await backend.close();
  dirs.cleanup();
});

const register = (devServerUrl?: string) =>
  registerIpcHandlers({
    handlers: backend.handlers,
    policy: createOriginPolicy(devServerUrl),
    trustedContents: () => window as never,
    reportBug: () => undefined,
  });

/** Invokes a registered channel the way ipcMain would, from `sender` and `frame`. */
const call = (channel: string, input: unknown, sender: FakeWebContents = window, frame: FakeFrame | null = sender.mainFrame) => {
  const handler = fake.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(fakeEvent({ sender, senderFrame: frame }), input) as Promise<Result<unknown>>;
};

describe('IPC handlers generated from the contract', () => {
  it('registers exactly one handler per contract method, and nothing else', () => {
    register();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => `qs:${m}`).sort());
    expect(INVOKE_CHANNELS).toHaveLength(METHOD_NAMES.length);
    expect(EVENT_CHANNELS).toEqual(EVENT_NAMES.map((e) => `qs:event:${e}`));
  });

  it('unregisters every handler, and registering again replaces the set', () => {
    const unregister = register();
    register();
    expect(fake.ipcHandlers.size).toBe(METHOD_NAMES.length);
    unregister();
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('lets the main frame of the window reach the real backend', async () => {
    register();
    await expect(call('qs:app.info', {})).resolves.toMatchObject({ ok: true, value: { shell: 'electron', name: 'Quayside' } });
    await expect(call('qs:workspace.info', undefined)).resolves.toMatchObject({ ok: true, value: { path: backend.ws.dir } });
    const created = await call('qs:profiles.create', { name: 'Ana Risk', role: 'risk_officer', passphrase: 'correct horse' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Ana Risk', role: 'risk_officer' } });
    await expect(call('qs:profiles.list', {})).resolves.toMatchObject({ ok: true, value: [{ name: 'Ana Risk' }] });
  });

  it('parses input in main: a bad payload is INPUT.INVALID, never reaches a handler', async () => {
    register();
    const result = await call('qs:profiles.create', { name: '', role: 'emperor', passphrase: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    await expect(call('qs:profiles.list', {})).resolves.toEqual({ ok: true, value: [] });
  });

  /** The real handlers, with `app.info` also reporting progress the way long jobs do. */
  const emittingHandlers = (before: () => void = () => undefined): Handlers => ({
    ...backend.handlers,
    'app.info': (input, ctx) => {
      before();
      ctx.emit('jobs.progress', { jobId: 'job_1', label: 'Testing', done: 1, total: 2 });
      return backend.handlers['app.info'](input, ctx);
    },
  });

  it('pushes events to the calling window on qs:event:<name>', async () => {
    registerIpcHandlers({ handlers: emittingHandlers(), policy: createOriginPolicy(), trustedContents: () => window as never, reportBug: () => undefined });
    await expect(call('qs:app.info', {})).resolves.toMatchObject({ ok: true });
    expect(window.sent).toEqual([
      { channel: 'qs:event:jobs.progress', payload: { jobId: 'job_1', label: 'Testing', done: 1, total: 2 } },
    ]);
  });

  it('forwards backend-wide events (intake progress) to the trusted window, and stops on unregister', () => {
    const bus = createEventBus();
    registerIpcHandlers({ handlers: backend.handlers, policy: createOriginPolicy(), trustedContents: () => window as never, reportBug: () => undefined, events: bus.subscribe });
    bus.emit('documents.changed', { documentId: 'doc_1' });
    expect(window.sent).toEqual([{ channel: 'qs:event:documents.changed', payload: { documentId: 'doc_1' } }]);
    unregisterIpcHandlers();
    bus.emit('documents.changed', { documentId: 'doc_2' });
    expect(window.sent).toHaveLength(1);
  });

  it('drops events for a window that closed during the call instead of throwing', async () => {
    const closeWindow = () => {
      window.destroyed = true;
    };
    registerIpcHandlers({ handlers: emittingHandlers(closeWindow), policy: createOriginPolicy(), trustedContents: () => window as never, reportBug: () => undefined });
    await expect(call('qs:app.info', {})).resolves.toMatchObject({ ok: true });
    expect(window.sent).toEqual([]);
  });

  it('turns a throwing handler into INTERNAL and reports the bug', async () => {
    const bugs: string[] = [];
    const handlers: Handlers = { ...backend.handlers, 'app.info': () => { throw new Error('boom'); } };
    registerIpcHandlers({ handlers, policy: createOriginPolicy(), trustedContents: () => window as never, reportBug: (method) => bugs.push(method) });
    await expect(call('qs:app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(bugs).toEqual(['app.info']);
  });

  describe('refuses untrusted senders with SENDER.UNTRUSTED', () => {
    const cases: [string, () => { sender: FakeWebContents; frame: FakeFrame | null }][] = [
      ['a missing frame (navigated away or destroyed)', () => ({ sender: window, frame: null })],
      ['a subframe', () => ({ sender: window, frame: { frameTreeNodeId: 999, parent: window.mainFrame, url: 'app://quayside/index.html' } })],
      ['a frame that is not the main frame', () => ({ sender: window, frame: { frameTreeNodeId: 999, parent: null, url: 'app://quayside/index.html' } })],
      ['another origin', () => ({ sender: window, frame: { ...window.mainFrame, url: 'https://evil.example/index.html' } })],
      ['a file: page', () => ({ sender: window, frame: { ...window.mainFrame, url: 'file:///tmp/index.html' } })],
      ['a look-alike app host', () => ({ sender: window, frame: { ...window.mainFrame, url: 'app://quayside.evil/index.html' } })],
      ['the dev server origin when no dev server is configured', () => ({ sender: window, frame: { ...window.mainFrame, url: 'http://localhost:5173/' } })],
      [
        'another web contents',
        () => {
          const other = new FakeWebContents();
          return { sender: other, frame: other.mainFrame };
        },
      ],
    ];
    it.each(cases)('%s', async (_name, make) => {
      register();
      const { sender, frame } = make();
      const result = await call('qs:profiles.create', { name: 'Mallory', role: 'risk_officer', passphrase: 'mallory!!' }, sender, frame);
      expect(result).toMatchObject({ ok: false, error: { code: 'SENDER.UNTRUSTED' } });
      await expect(call('qs:profiles.list', {})).resolves.toEqual({ ok: true, value: [] });
    });

    it('refuses everyone while the window does not exist', async () => {
      registerIpcHandlers({
        handlers: backend.handlers,
        policy: createOriginPolicy(),
        trustedContents: () => undefined,
        reportBug: () => undefined,
      });
      await expect(call('qs:app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'SENDER.UNTRUSTED' } });
    });
  });

  it('trusts the dev server origin only when it is configured', async () => {
    register('http://localhost:5173');
    window.mainFrame.url = 'http://localhost:5173/';
    await expect(call('qs:app.info', {})).resolves.toMatchObject({ ok: true });
    window.mainFrame.url = 'http://localhost:5174/';
    await expect(call('qs:app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'SENDER.UNTRUSTED' } });
  });
});
