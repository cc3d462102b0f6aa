import { describe, expect, it } from 'vitest';
import { createClient, dispatch } from '../../../src/shared/api';
import type { CallContext, Handlers } from '../../../src/shared/api';
import { METHOD_NAMES, contract } from '../../../src/shared/contract';
import { ERROR_CODES } from '../../../src/shared/errors';
import { err, ok } from '../../../src/shared/result';

const ctx: CallContext = { emit: () => undefined };

// Real handlers would need a workspace; these answer with what they were given so that the
// dispatcher's own behaviour (routing, parsing, error envelopes) is what is under test.
const echo = Object.fromEntries(METHOD_NAMES.map((name) => [name, (input: unknown) => ok({ name, input })])) as unknown as Handlers;

describe('dispatch', () => {
  it('routes a known method with parsed input (defaults applied)', async () => {
    const result = await dispatch(echo, 'audit.list', { text: 'profile' }, ctx);
    expect(result).toEqual({ ok: true, value: { name: 'audit.list', input: { text: 'profile', limit: 500 } } });
  });

  it('refuses an unknown method and prototype keys', async () => {
    for (const name of ['profiles.delete', '__proto__', 'constructor', 42]) {
      const result = await dispatch(echo, name, {}, ctx);
      expect(result.ok ? undefined : result.error.code).toBe('METHOD.UNKNOWN');
    }
  });

  it('refuses invalid input with a sentence naming the field', async () => {
    const result = await dispatch(echo, 'profiles.create', { name: 'Ana', role: 'admin', passphrase: 'long enough' }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INPUT.INVALID');
      expect(result.error.message).toMatch(/^role: /);
    }
    const extra = await dispatch(echo, 'app.info', { sneaky: true }, ctx);
    expect(extra.ok ? undefined : extra.error.code).toBe('INPUT.INVALID');
  });

  it('turns a thrown bug into INTERNAL and reports it', async () => {
    const reported: string[] = [];
    const broken = { ...echo, 'app.info': () => { throw new Error('boom'); } } as Handlers;
    const result = await dispatch(broken, 'app.info', {}, ctx, (method) => reported.push(method));
    expect(result).toEqual(err('INTERNAL', expect.stringContaining('logged') as unknown as string));
    expect(reported).toEqual(['app.info']);
  });
});

describe('contract', () => {
  it('names every method feature.verb and describes it', () => {
    for (const [name, spec] of Object.entries(contract)) {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
      expect(spec.summary.length).toBeGreaterThan(10);
    }
  });

  it('has unique, dotted error codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z]+\.[A-Z_]+$|^INTERNAL$/);
  });

  it('builds a client with one function per method, routed by name', async () => {
    const calls: string[] = [];
    const client = createClient({
      invoke: async (method, input) => {
        calls.push(method);
        return ok(input);
      },
      subscribe: () => () => undefined,
    });
    for (const name of METHOD_NAMES) {
      const [feature, verb] = name.split('.') as [string, string];
      const fn = (client as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[feature]?.[verb];
      expect(typeof fn).toBe('function');
      await fn?.({});
    }
    expect(calls).toEqual(METHOD_NAMES);
  });
});
