import { createPrivateKey } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { signBytes, verifySignature } from '../../src/backend/crypto/keys';
import { initWorkspace } from '../../src/backend/workspace';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

const setup = () => {
  const dir = tempDir();
  const ws = initWorkspace(dir, { clock: fakeClock(), ids: sequentialIds() });
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli');
  return { dir, backend, api: inProcessClient(backend.handlers) };
};

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('profiles and roles', () => {
  it('lets the first person bootstrap the workspace and signs them in', async () => {
    const { api, backend } = setup();
    const ana = value(await api.profiles.create({ name: '  Ana Ribeiro ', role: 'risk_officer', passphrase: 'correct horse battery' }));
    expect(ana).toMatchObject({ name: 'Ana Ribeiro', role: 'risk_officer', createdAt: expect.stringMatching(/^2026-03-01T/) });
    expect(ana.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(ana.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(value(await api.session.get({})).profile?.id).toBe(ana.id);
    const [entry] = value(await api.audit.list({ action: 'profile.created' })).rows;
    expect(entry).toMatchObject({ actor: ana.id, actorName: 'Ana Ribeiro', entityId: ana.id, details: { role: 'risk_officer', bootstrap: true } });
    await backend.close();
  });

  it('lets only a signed-in risk officer add people, in the backend', async () => {
    const { api, backend } = setup();
    const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
    const ben = value(await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: 'passphrase-ben' }));
    value(await api.session.signIn({ profileId: ben.id, passphrase: 'passphrase-ben' }));
    const refused = await api.profiles.create({ name: 'Eve', role: 'risk_officer', passphrase: 'passphrase-eve' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN', message: expect.stringContaining('Only a risk officer') } });
    value(await api.session.signOut({}));
    expect(await api.profiles.create({ name: 'Eve', role: 'analyst', passphrase: 'passphrase-eve' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH.NO_ACTIVE_PROFILE' },
    });
    value(await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-ana' }));
    const chen = value(await api.profiles.create({ name: 'Chen', role: 'field_verifier', passphrase: 'passphrase-chen' }));
    const added = value(await api.audit.list({ entity: 'profile', action: 'profile.created' })).rows.find((r) => r.entityId === chen.id);
    expect(added?.actor).toBe(ana.id);
    expect(value(await api.profiles.list({})).map((p) => p.name)).toEqual(['Ana', 'Ben', 'Chen']);
    await backend.close();
  });

  it('refuses duplicate names (any case), short passphrases and unknown roles', async () => {
    const { api, backend } = setup();
    value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
    expect(await api.profiles.create({ name: 'ANA', role: 'analyst', passphrase: 'passphrase-2' })).toMatchObject({ ok: false, error: { code: 'PROFILE.NAME_TAKEN' } });
    expect(await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(await api.profiles.create({ name: 'Ben', role: 'admin' as never, passphrase: 'long enough' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    await backend.close();
  });

  it('signs in only with the right passphrase, and audits sign-in and sign-out', async () => {
    const { api, backend } = setup();
    const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
    value(await api.session.signOut({}));
    expect(await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-anA' })).toMatchObject({ ok: false, error: { code: 'AUTH.BAD_PASSPHRASE' } });
    expect(value(await api.session.get({})).profile).toBeNull();
    expect(await api.session.signIn({ profileId: 'prf_nobody', passphrase: 'x' })).toMatchObject({ ok: false, error: { code: 'PROFILE.NOT_FOUND' } });
    value(await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-ana' }));
    const actions = value(await api.audit.list({})).rows.map((r) => r.action).reverse();
    expect(actions).toEqual(['workspace.created', 'profile.created', 'session.signed_out', 'session.signed_in']);
    await backend.close();
  });

  it('unlocks a key that really signs: the signature verifies against the stored public key', async () => {
    const { api, backend } = setup();
    const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
    const key = backend.session.current?.privateKey;
    if (!key) throw new Error('not signed in');
    const message = Buffer.from('pool package manifest sha256:…');
    const signature = signBytes(key, message);
    expect(verifySignature(ana.publicKey, message, signature)).toBe(true);
    expect(verifySignature(ana.publicKey, Buffer.from('tampered'), signature)).toBe(false);
    await backend.close();
  });

  it('never writes a private key in plain text to the workspace files', async () => {
    const { api, backend, dir } = setup();
    const people = [];
    for (const [name, role] of [['Ana', 'risk_officer'], ['Ben', 'analyst'], ['Chen', 'field_verifier']] as const) {
      if (name !== 'Ana') value(await api.session.signIn({ profileId: people[0]!.id, passphrase: 'passphrase-Ana' }));
      people.push(value(await api.profiles.create({ name, role, passphrase: `passphrase-${name}` })));
    }
    // Gather every form of every private key: PKCS#8 DER, the raw 32-byte seed, PEM and JWK text.
    const secrets: Buffer[] = [];
    for (const person of people) {
      value(await api.session.signIn({ profileId: person.id, passphrase: `passphrase-${person.name}` }));
      const key = backend.session.current!.privateKey;
      const der = key.export({ format: 'der', type: 'pkcs8' });
      const jwk = key.export({ format: 'jwk' });
      secrets.push(der, der.subarray(-32), Buffer.from(String(key.export({ format: 'pem', type: 'pkcs8' }))), Buffer.from(jwk.d!));
      secrets.push(Buffer.from(der.subarray(-32).toString('hex')), Buffer.from(der.subarray(-32).toString('base64')));
      expect(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe('ed25519');
    }
    // Check with the WAL still in place and again after a checkpoint folds it into quayside.db.
    const scan = () => {
      for (const file of readdirSync(dir).filter((f) => f.startsWith('quayside.db'))) {
        const bytes = readFileSync(join(dir, file));
        for (const secret of secrets) expect(bytes.includes(secret), `${file} holds a private key`).toBe(false);
      }
    };
    scan();
    backend.ws.db.pragma('wal_checkpoint(TRUNCATE)');
    scan();
    // The scan is able to find what it looks for: the public keys are stored in plain text.
    const db = readFileSync(join(dir, 'quayside.db'));
    expect(db.includes(Buffer.from(people[0]!.publicKey))).toBe(true);
    await backend.close();
  });
});
