import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from './fake-electron';
import { createIpcTransport } from '../../../electron/preload/index';
import { EVENT_NAMES, METHOD_NAMES } from '../../../src/shared/contract';
import type { MethodName } from '../../../src/shared/contract';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// Importing the preload exposed the API once; keep it before any reset.
const exposedKeys = [...fake.exposed.keys()];
const api = fake.exposed.get('quayside') as Record<string, unknown>;

type Fn = (...args: unknown[]) => unknown;
const methodOf = (name: MethodName): Fn => {
  const [feature, verb] = name.split('.') as [string, string];
  return (api[feature] as Record<string, Fn>)[verb]!;
};

beforeEach(() => {
  fake.invoked.length = 0;
  fake.invokeResult = (channel) => Promise.resolve({ ok: true, value: channel });
});

describe('preload', () => {
  it('exposes exactly one object, window.quayside', () => {
    expect(exposedKeys).toEqual(['quayside']);
  });

  it('has one function per contract method plus on, and nothing else', () => {
    const features = [...new Set(METHOD_NAMES.map((m) => m.split('.')[0]!))];
    expect(Object.keys(api).sort()).toEqual([...features, 'on'].sort());
    expect(typeof api.on).toBe('function');
    const functions = Object.entries(api)
      .filter(([key]) => key !== 'on')
      .flatMap(([, group]) => Object.values(group as Record<string, unknown>));
    expect(functions).toHaveLength(METHOD_NAMES.length);
    for (const name of METHOD_NAMES) expect(typeof methodOf(name), name).toBe('function');
  });

  it.each(METHOD_NAMES)('%s invokes qs:%s with the input', async (name) => {
    await expect(methodOf(name)({ probe: 1 })).resolves.toEqual({ ok: true, value: `qs:${name}` });
    expect(fake.invoked).toEqual([{ channel: `qs:${name}`, input: { probe: 1 } }]);
  });

  it('turns a failed invoke (no handler during a workspace switch) into a Result', async () => {
    fake.invokeResult = () => Promise.reject(new Error("No handler registered for 'qs:app.info'"));
    await expect(methodOf('app.info')({})).resolves.toMatchObject({ ok: false, error: { code: 'BACKEND.UNAVAILABLE' } });
  });

  it.each(EVENT_NAMES)('on(%s) forwards only the payload and unsubscribes', (name) => {
    const received: unknown[][] = [];
    const off = (api.on as Fn)(name, (...args: unknown[]) => received.push(args)) as () => void;
    const channel = `qs:event:${name}`;
    expect(fake.ipcRenderer.count(channel)).toBe(1);
    fake.ipcRenderer.emit(channel, { sender: 'the ipcRenderer object' }, { done: 1 });
    expect(received).toEqual([[{ done: 1 }]]);
    off();
    expect(fake.ipcRenderer.count(channel)).toBe(0);
  });

  it('refuses unknown events', () => {
    expect(() => (api.on as Fn)('shell.exec', () => undefined)).toThrow(/Unknown event/);
  });
});

describe('IPC transport', () => {
  it('never invokes a channel for a name outside the contract', async () => {
    const invoked: string[] = [];
    const transport = createIpcTransport({
      invoke: (channel: string) => {
        invoked.push(channel);
        return Promise.resolve({ ok: true, value: null });
      },
      on: () => undefined as never,
      removeListener: () => undefined as never,
    });
    for (const name of ['toString', '__proto__', 'constructor', 'fs.readFile', '', 'app.info ']) {
      await expect(transport.invoke(name as MethodName, {})).resolves.toMatchObject({ ok: false, error: { code: 'METHOD.UNKNOWN' } });
    }
    expect(invoked).toEqual([]);
  });
});
