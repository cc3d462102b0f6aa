import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { currentPolicy, policyHash } from '../../src/backend/policy/policy-service';
import { initWorkspace } from '../../src/backend/workspace';
import { canonicalJson } from '../../src/core/canonical-json';
import { DEFAULT_POLICY } from '../../src/shared/policy';
import type { Policy } from '../../src/shared/policy';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

async function workspace() {
  const ws = initWorkspace(join(tempDir(), 'ws'), { clock: fakeClock(), ids: sequentialIds() });
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli', { startIntake: false });
  const api = inProcessClient(backend);
  const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
  const ben = value(await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: 'passphrase-ben' }));
  return {
    ws: ws.value,
    backend,
    api,
    ana,
    asBen: async () => value(await api.session.signIn({ profileId: ben.id, passphrase: 'passphrase-ben' })),
  };
}

const clone = (p: Policy): Policy => JSON.parse(JSON.stringify(p)) as Policy;

describe('policy', () => {
  it('seeds the default policy once, as version 1 by the system, audited', async () => {
    const { api, backend, ws } = await workspace();
    const first = value(await api.policy.get({}));
    expect(first).toMatchObject({ version: 1, savedBy: 'system', policy: DEFAULT_POLICY, note: expect.stringContaining('Default') });
    expect(first.hash).toBe(createHash('sha256').update(canonicalJson(DEFAULT_POLICY)).digest('hex'));
    expect(value(await api.policy.get({})).hash).toBe(first.hash);
    // Inside another transaction (a check run) it nests.
    expect(ws.db.transaction(() => currentPolicy(ws.db).version)()).toBe(1);
    expect(value(await api.policy.history({}))).toHaveLength(1);
    const seeded = value(await api.audit.list({ action: 'policy.seeded' })).rows;
    expect(seeded.map((r) => [r.actor, r.details])).toEqual([['system', { version: 1, hash: first.hash }]]);
    await backend.close();
  });

  it('hashes canonical JSON, so key order does not matter', () => {
    const reordered = Object.fromEntries(Object.entries(DEFAULT_POLICY).reverse()) as Policy;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(DEFAULT_POLICY));
    expect(policyHash(reordered)).toBe(policyHash(DEFAULT_POLICY));
  });

  it('previews a draft: every error with its dotted path, and the changes against the policy in force', async () => {
    const { api, backend, asBen } = await workspace();
    await asBen();
    const draft = clone(DEFAULT_POLICY) as unknown as Record<string, Record<string, unknown> & unknown[]>;
    const invalid = {
      ...DEFAULT_POLICY,
      documents: { ...DEFAULT_POLICY.documents, quantityTolerancePct: -1 },
      priceBands: [{ ...DEFAULT_POLICY.priceBands[0], min: 2000 }, ...DEFAULT_POLICY.priceBands.slice(1)],
      surprise: true,
    };
    const preview = value(await api.policy.preview({ policy: invalid }));
    expect(preview.valid).toBe(false);
    expect(preview.errors).toEqual(
      expect.arrayContaining([
        { path: 'documents.quantityTolerancePct', message: 'A percentage cannot be negative.' },
        { path: 'priceBands[0].max', message: 'min must not exceed max.' },
        expect.objectContaining({ path: '(policy)', message: expect.stringContaining('surprise') }),
      ]),
    );
    expect(preview.changes).toEqual([
      { path: 'documents.quantityTolerancePct', before: 5, after: -1 },
      { path: 'priceBands[0].min', before: 850, after: 2000 },
      { path: 'surprise', before: undefined, after: true },
    ]);
    expect(value(await api.policy.preview({ policy: draft }))).toEqual({ valid: true, errors: [], changes: [] });
    await backend.close();
  });

  it('saves a new version for risk officers only, audited with the note and the diff', async () => {
    const { api, backend, asBen, ana } = await workspace();
    const draft = clone(DEFAULT_POLICY);
    draft.capacity.utilisationCapPct = 80;
    draft.eligibility.currencies = ['USD', 'EUR', 'GBP'];

    await asBen();
    expect(await api.policy.save({ policy: draft, note: 'Tighter capacity' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN', message: expect.stringContaining('Only a risk officer can change the policy') },
    });
    value(await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-ana' }));

    const bad = clone(draft);
    bad.margin.advanceRatePct = 120;
    const refused = await api.policy.save({ policy: bad, note: 'Oops' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'POLICY.INVALID', message: 'margin.advanceRatePct: A percentage is at most 100. Correct it and save again.' } });
    expect(await api.policy.save({ policy: clone(DEFAULT_POLICY), note: 'No change' })).toMatchObject({
      ok: false,
      error: { code: 'POLICY.INVALID', message: expect.stringContaining('the same as version 1') },
    });

    const saved = value(await api.policy.save({ policy: draft, note: 'Tighter capacity; GBP pools' }));
    expect(saved).toMatchObject({ version: 2, savedBy: ana.id, savedByName: 'Ana', note: 'Tighter capacity; GBP pools', policy: draft });
    expect(saved.hash).toBe(policyHash(draft));
    expect(saved.hash).not.toBe(policyHash(DEFAULT_POLICY));
    expect(value(await api.policy.get({})).version).toBe(2);
    expect(value(await api.policy.history({})).map((v) => [v.version, v.savedByName])).toEqual([
      [2, 'Ana'],
      [1, 'Quayside (default policy)'],
    ]);
    const entry = value(await api.audit.list({ action: 'policy.saved' })).rows[0];
    expect(entry).toMatchObject({ actorName: 'Ana', entityId: '2' });
    expect(entry?.details).toEqual({
      version: 2,
      previousVersion: 1,
      note: 'Tighter capacity; GBP pools',
      hash: saved.hash,
      changes: [
        { path: 'capacity.utilisationCapPct', before: 90, after: 80 },
        { path: 'eligibility.currencies[2]', after: 'GBP' },
      ],
    });
    expect(value(await api.audit.verify({})).intact).toBe(true);
    await backend.close();
  });
});
