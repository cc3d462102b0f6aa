// The signed audit trail (issue 23): who signs what, entries from before signing, `audit verify` on
// malformed rows (never a crash, every row named), checkpoints proving a cut, and the repair of an
// altered or lost stored file by re-adding the genuine bytes. Real SQLite files, real Ed25519 keys.
import BetterSqlite3 from 'better-sqlite3';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { verifyAudit } from '../../src/backend/audit/audit-log';
import { checkCheckpoint, makeCheckpoint } from '../../src/backend/audit/checkpoint';
import { sha256Hex } from '../../src/backend/crypto/hash';
import { latestVersion, migrate, openDatabase } from '../../src/backend/db/database';
import { MIGRATIONS } from '../../src/backend/db/migrations/index';
import { blobPath } from '../../src/backend/store/blob-store';
import { verifyWorkspace } from '../../src/backend/verify/workspace-verify';
import { initWorkspace, openWorkspace } from '../../src/backend/workspace';
import type { AuditVerification } from '../../src/shared/model';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

const SAMPLE = join(process.cwd(), 'resources/samples/r06-invoice.pdf');
const FILE = { name: 'r06-invoice.pdf', data: readFileSync(SAMPLE).toString('base64') };

/** Ana (first profile), who creates Ben and Chen and signs out; Ben then signs in and out. */
async function populated() {
  const dir = tempDir();
  const ws = initWorkspace(dir, { clock: fakeClock(), ids: sequentialIds() });
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli', { startIntake: false });
  const api = inProcessClient(backend.handlers);
  const ana = await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' });
  const ben = await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: 'passphrase-ben' });
  await api.profiles.create({ name: 'Chen', role: 'field_verifier', passphrase: 'passphrase-chen' });
  await api.session.signOut({});
  if (!ana.ok || !ben.ok) throw new Error('profiles');
  await api.session.signIn({ profileId: ben.value.id, passphrase: 'passphrase-ben' });
  await api.session.signOut({});
  await backend.close();
  return { dir, ana: ana.value, ben: ben.value };
}

const verifyDir = (dir: string): AuditVerification => {
  const ws = openWorkspace(dir, { access: 'read' });
  if (!ws.ok) throw new Error(ws.error.message);
  try {
    return verifyAudit(ws.value.db);
  } finally {
    ws.value.close();
  }
};

/** Edits the closed workspace's database like someone with the sqlite3 tool (triggers dropped). */
const tamper = (dir: string, sql: string): void => {
  const db = new BetterSqlite3(join(dir, 'quayside.db'));
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  db.exec(sql);
  db.close();
};

const reason = (v: AuditVerification): string => (v.intact ? 'intact' : `${v.firstBroken.kind}: ${v.firstBroken.reason}`);

describe('who signs the trail', () => {
  it("signs a signed-in person's acts with their own key and the system's with the system key", async () => {
    const { dir, ana, ben } = await populated();
    const db = new BetterSqlite3(join(dir, 'quayside.db'), { readonly: true });
    const rows = db.prepare('SELECT seq, actor, action, key_id FROM audit ORDER BY seq').all() as { seq: number; actor: string; action: string; key_id: string }[];
    const system = (JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'audit_key'").get() as { value: string }).value) as { keyId: string }).keyId;
    db.close();
    expect(rows.map((r) => [r.action, r.key_id])).toEqual([
      ['workspace.created', system],
      // The first profile is created before anyone is signed in: the system key signs it.
      ['profile.created', system],
      ['profile.created', ana.fingerprint],
      ['profile.created', ana.fingerprint],
      ['session.signed_out', ana.fingerprint],
      // Signing in is recorded before the key is unlocked; signing out while it still is.
      ['session.signed_in', system],
      ['session.signed_out', ben.fingerprint],
    ]);
    expect(verifyDir(dir)).toMatchObject({ intact: true, entries: 7, keyId: system, signedByPeople: 4, signedBySystem: 3, unsigned: 0, systemKeyHeld: true });
    // On a computer without the system key's private half, verify says what it cannot rule out.
    const keys = process.env.QUAYSIDE_KEY_DIR;
    process.env.QUAYSIDE_KEY_DIR = tempDir();
    try {
      expect(verifyDir(dir)).toMatchObject({ intact: true, systemKeyHeld: false });
    } finally {
      process.env.QUAYSIDE_KEY_DIR = keys;
    }
  });

  it("signs a check run a person starts in the check worker with that person's key", async () => {
    const dir = tempDir();
    const ws = initWorkspace(dir, { clock: fakeClock(), ids: sequentialIds() });
    if (!ws.ok) throw new Error(ws.error.message);
    const backend = createBackend(ws.value, 'cli', { startIntake: false, checksWorker: true });
    const api = inProcessClient(backend.handlers);
    const ana = await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' });
    if (!ana.ok) throw new Error('profile');
    expect((await api.checks.run({ asOf: '2026-03-31' })).ok).toBe(true);
    await backend.close();
    const db = new BetterSqlite3(join(dir, 'quayside.db'), { readonly: true });
    const runs = db.prepare("SELECT actor, key_id FROM audit WHERE action = 'checks.run'").all() as { actor: string; key_id: string }[];
    db.close();
    // Recorded by the worker thread, signed with the key Ana's passphrase unlocked on the UI's thread.
    expect(runs).toEqual([{ actor: ana.value.id, key_id: ana.value.fingerprint }]);
    expect(verifyDir(dir)).toMatchObject({ intact: true });
  });

  it('counts entries from before signing began, anchored by the first signed one, and names an unsigned one after it', async () => {
    const { dir } = await populated();
    // A workspace from before schema 11: its first entries carry no signature and no key id.
    tamper(dir, 'UPDATE audit SET signature = NULL, key_id = NULL WHERE seq <= 2');
    expect(verifyDir(dir)).toMatchObject({ intact: true, entries: 7, unsigned: 2, signedBySystem: 1, signedByPeople: 4 });
    // Schema 11–12: signed by the system key, no key id recorded yet.
    tamper(dir, 'UPDATE audit SET key_id = NULL WHERE seq = 6');
    expect(verifyDir(dir)).toMatchObject({ intact: true, unsigned: 2 });
    // An edit of a pre-signing entry still breaks the chain the first signed entry anchors.
    tamper(dir, "UPDATE audit SET details = json_set(details, '$.name', 'Eve') WHERE seq = 2");
    expect(reason(verifyDir(dir))).toMatch(/^edited: Entry 2/);
    const again = (await populated()).dir;
    tamper(again, 'UPDATE audit SET signature = NULL, key_id = NULL WHERE seq = 5');
    expect(reason(verifyDir(again))).toBe('signature: Entry 5 carries no signature, though the entries before it are signed: it was added or rewritten outside Quayside.');
  });

  it("names an entry signed by another person's key and a person's key put in the system key's place", async () => {
    const { dir, ana } = await populated();
    // Ben's sign-out re-signed by Ana (her signature copied, key id switched): not Ben's act.
    tamper(dir, `UPDATE audit SET key_id = '${ana.fingerprint}', signature = (SELECT signature FROM audit WHERE seq = 5) WHERE seq = 7`);
    expect(reason(verifyDir(dir))).toMatch(/^signature: Entry 7 is recorded as Ben's act but signed by Ana's key/);
  });

  it('migration 13 adds the key id column to a schema-12 database', () => {
    const file = join(tempDir(), 'm.db');
    const opened = openDatabase(file);
    if (!opened.ok) throw new Error(opened.error.message);
    const db = opened.value;
    expect(migrate(db, MIGRATIONS.slice(0, 12))).toMatchObject({ ok: true });
    const columns = () => (db.prepare("SELECT name FROM pragma_table_info('audit')").all() as { name: string }[]).map((c) => c.name);
    expect(columns()).not.toContain('key_id');
    expect(migrate(db, MIGRATIONS)).toEqual({ ok: true, value: { from: 12, to: latestVersion(MIGRATIONS) } });
    expect(columns()).toEqual(expect.arrayContaining(['signature', 'key_id']));
    db.close();
  });
});

describe('audit verify never crashes on a malformed trail', () => {
  // Columns of the wrong type need the STRICT table replaced by a loose copy, as a tamperer could.
  const LOOSE = 'CREATE TABLE loose AS SELECT * FROM audit; DROP TABLE audit; ALTER TABLE loose RENAME TO audit;';
  it.each([
    ['details that are not JSON', "UPDATE audit SET details = '{broken' WHERE seq = 3", /entry 3 \(row 3\): details are not JSON/],
    ['a hash that is not hex', "UPDATE audit SET hash = 'zz' WHERE seq = 4", /entry 4 \(row 4\): hash is not 64 hex digits/],
    ['a prev_hash that is not hex', "UPDATE audit SET prev_hash = upper(prev_hash) WHERE seq = 4", /entry 4 \(row 4\): prev_hash is not 64 hex digits/],
    ['a signature that is not one', "UPDATE audit SET signature = 'not base64!' WHERE seq = 2", /entry 2 \(row 2\): signature is not a signature/],
    ['a key id that is not one', "UPDATE audit SET key_id = 'zz' WHERE seq = 2", /entry 2 \(row 2\): key_id is not a key id/],
    ['a null column', `${LOOSE} UPDATE audit SET prev_hash = NULL, actor = NULL WHERE seq = 5`, /entry 5 \(row 5\): actor is null \(not text\); prev_hash is null/],
    ['a seq that is not a number', `${LOOSE} UPDATE audit SET seq = 'three' WHERE seq = 3`, /entry 'three' \(row 3\): seq is 'three' \(not a positive whole number\)/],
    ['a negative seq', 'UPDATE audit SET seq = -4 WHERE seq = 4', /entry -4 \(row -4\): seq is -4 \(not a positive whole number\)/],
    ['a details column holding bytes', `${LOOSE} UPDATE audit SET details = x'00ff' WHERE seq = 6`, /entry 6 \(row 6\): details is blob \(not text\)/],
    ['several rows at once', "UPDATE audit SET details = 'x' WHERE seq > 1", /6 rows are not well-formed.*entry 2 .*entry 6 .*and 1 more/],
  ])('names %s', async (_what, sql, expected) => {
    const { dir } = await populated();
    tamper(dir, sql);
    const v = verifyDir(dir);
    expect(v.intact).toBe(false);
    expect(reason(v)).toMatch(expected);
  });

  it.each([
    ['null', 'not a head'],
    ['[]', 'not a head'],
    ['{"seq":"7","hash":"x"}', 'not a head'],
    ['', 'not a head'],
  ])('names a head of %j', async (value, expected) => {
    const { dir } = await populated();
    tamper(dir, `UPDATE meta SET value = '${value}' WHERE key = 'audit_head'`);
    expect(reason(verifyDir(dir))).toContain(expected);
  });

  it('names a malformed system key record, and a dropped audit table, through the API too', async () => {
    const { dir } = await populated();
    tamper(dir, "UPDATE meta SET value = '{\"publicKey\": 5}' WHERE key = 'audit_key'");
    expect(reason(verifyDir(dir))).toMatch(/meta.audit_key\) is malformed/);
    tamper(dir, 'DROP TABLE audit');
    const ws = openWorkspace(dir, { access: 'read' });
    if (!ws.ok) throw new Error(ws.error.message);
    const backend = createBackend(ws.value, 'cli', { startIntake: false });
    const verified = await inProcessClient(backend.handlers).audit.verify({});
    expect(verified).toMatchObject({ ok: true, value: { intact: false, firstBroken: { reason: expect.stringMatching(/cannot be read as stored \(no such table: audit\)/) } } });
    await backend.close();
  });
});

describe('signed checkpoints', () => {
  it("signed by a person's key, prove a cut and a rewrite since, and name an altered or foreign file", async () => {
    const { dir } = await populated();
    let ws = openWorkspace(dir);
    if (!ws.ok) throw new Error(ws.error.message);
    let backend = createBackend(ws.value, 'cli', { startIntake: false });
    let api = inProcessClient(backend.handlers);
    const people = await api.profiles.list({});
    const ana = people.ok ? people.value.find((p) => p.name === 'Ana')! : undefined;
    await api.session.signIn({ profileId: ana!.id, passphrase: 'passphrase-ana' });
    const made = await api.audit.checkpoint({});
    if (!made.ok) throw new Error(made.error.message);
    const checkpoint = made.value;
    expect(checkpoint).toMatchObject({ signer: ana!.id, signerName: 'Ana', keyId: ana!.fingerprint, seq: 8 });
    // Work after the checkpoint: it still holds.
    await api.session.signOut({});
    expect(await api.audit.checkCheckpoint({ checkpoint })).toMatchObject({ ok: true, value: { holds: true, message: expect.stringContaining("signed by Ana's key") } });
    await backend.close();
    // Cut back to before the checkpoint's entry, the head moved back too.
    tamper(dir, `DELETE FROM audit WHERE seq >= ${checkpoint.seq}; UPDATE meta SET value = (SELECT json_object('seq', seq, 'hash', hash) FROM audit ORDER BY seq DESC LIMIT 1) WHERE key = 'audit_head'`);
    ws = openWorkspace(dir, { access: 'read' });
    if (!ws.ok) throw new Error(ws.error.message);
    backend = createBackend(ws.value, 'cli', { startIntake: false });
    api = inProcessClient(backend.handlers);
    expect(await api.audit.checkCheckpoint({ checkpoint })).toMatchObject({ ok: true, value: { holds: false, problem: expect.stringContaining(`Entry ${checkpoint.seq}, the last one at the checkpoint`) } });
    expect(await api.audit.checkCheckpoint({ checkpoint: { ...checkpoint, seq: 2 } })).toMatchObject({ value: { holds: false, problem: expect.stringContaining('signature does not hold') } });
    expect(await api.audit.checkCheckpoint({ checkpoint: { nonsense: true } })).toMatchObject({ value: { holds: false, problem: 'The file is not a Quayside audit checkpoint.' } });
    await backend.close();
    // A checkpoint of another workspace proves nothing about this one: by its id, and (the test
    // workspaces share their predictable ids) by its key, which is none of this workspace's.
    const other = await populated();
    const db = openWorkspace(other.dir, { access: 'read' });
    if (!db.ok) throw new Error(db.error.message);
    expect(checkCheckpoint(db.value.db, { ...checkpoint, workspaceId: 'ws_other' })).toMatchObject({ holds: false, problem: "The checkpoint's signature does not hold: the file was altered, so it proves nothing." });
    expect(checkCheckpoint(db.value.db, checkpoint)).toMatchObject({ holds: false, problem: expect.stringContaining("is neither this workspace's system key nor any person's key in it now") });
    db.value.close();
  });

  it('by the system key, prove a rewrite; a broken trail gets no checkpoint', async () => {
    const { dir } = await populated();
    const ws = openWorkspace(dir, { access: 'read' });
    if (!ws.ok) throw new Error(ws.error.message);
    const made = makeCheckpoint(ws.value.db, '2026-03-02T00:00:00.000Z');
    ws.value.close();
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value).toMatchObject({ signer: 'system', seq: 7 });
    tamper(dir, "UPDATE audit SET details = json_set(details, '$.name', 'Eve') WHERE seq = 7");
    const again = openWorkspace(dir, { access: 'read' });
    if (!again.ok) throw new Error(again.error.message);
    expect(checkCheckpoint(again.value.db, made.value)).toMatchObject({ holds: false, problem: expect.stringMatching(/vouched for were rewritten since \(entry 7, edited\)/) });
    expect(makeCheckpoint(again.value.db, '2026-03-03T00:00:00.000Z')).toMatchObject({ ok: false, error: { code: 'AUDIT.BROKEN' } });
    again.value.close();
  });
});

describe('repair by re-adding the genuine file', () => {
  it.each([
    ['altered', (path: string) => writeFileSync(path, 'altered bytes')],
    ['deleted', (path: string) => unlinkSync(path)],
  ])('restores a stored copy that was %s, atomically, audited as blob.repaired', async (_how, damage) => {
    const { dir, ana } = await populated();
    const ws = openWorkspace(dir);
    if (!ws.ok) throw new Error(ws.error.message);
    const backend = createBackend(ws.value, 'cli', { startIntake: false });
    const api = inProcessClient(backend.handlers);
    await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-ana' });
    const added = await api.documents.ingest({ files: [FILE] });
    expect(added.ok).toBe(true);
    const sha = sha256Hex(readFileSync(SAMPLE));
    const path = blobPath(ws.value.blobsDir, sha);
    damage(path);
    const before = verifyWorkspace(ws.value.db, ws.value.blobsDir);
    expect(before.problems.map((p) => p.problem).join('\n')).toMatch(new RegExp(`The stored file ${sha} \\(r06-invoice.pdf\\) (was altered|is missing)`));
    // Re-adding the same bytes: the document is a duplicate, the stored copy is restored.
    expect(await api.documents.ingest({ files: [FILE] })).toMatchObject({ ok: true });
    expect(sha256Hex(readFileSync(path))).toBe(sha);
    const repaired = await api.audit.list({ action: 'blob.repaired', limit: 10 });
    expect(repaired.ok && repaired.value.rows.map((r) => [r.entityId, r.actor, r.details.fileName])).toEqual([[sha, ana.id, 'r06-invoice.pdf']]);
    const after = verifyWorkspace(ws.value.db, ws.value.blobsDir);
    expect(after.problems).toEqual([]);
    // The genuine copy is kept as is the next time: no second repair.
    await api.documents.ingest({ files: [FILE] });
    const again = await api.audit.list({ action: 'blob.repaired', limit: 10 });
    expect(again.ok && again.value.matched).toBe(1);
    await backend.close();
  });
});
