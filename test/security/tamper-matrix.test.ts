// The tamper matrix (issue 23): a real workspace made by the CLI, copied once per tampering, each
// copy altered the way someone holding the workspace folder could — but not the audit key, which
// lives outside it — then `workspace verify` must name the tampering. 0 undetected is the target.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/backend/crypto/hash';
import { openWorkspace } from '../../src/backend/workspace';
import { verifyWorkspace } from '../../src/backend/verify/workspace-verify';
import type { WorkspaceVerification } from '../../src/backend/verify/workspace-verify';
import { sealEntry } from '../../src/core/audit-chain';
import { signBytes } from '../../src/backend/crypto/keys';
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { tempDir } from '../integration/helpers/temp';

const CLI = join(process.cwd(), 'src/cli/quayside.mjs');
const SAMPLES = join(process.cwd(), 'resources/samples');
let original = '';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const run = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`quayside ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
};

beforeAll(() => {
  // Made once for every case (tempDir() is cleaned after each test): removed in afterAll.
  original = join(mkdtempSync(join(tmpdir(), 'quayside-tamper-')), 'ws');
  cli(['workspace', 'init', original]);
  cli(['-w', original, 'profile', 'create', '--name', 'Ana', '--role', 'risk_officer'], { QUAYSIDE_PASSPHRASE: 'ana passphrase' });
  const as = { QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' };
  cli(['-w', original, 'ingest', join(SAMPLES, 'r06-invoice.pdf'), join(SAMPLES, 'r10-invoice.pdf'), '--as', 'Ana'], as);
  cli(['-w', original, 'counterparties', 'import', join(SAMPLES, 'counterparties/suppliers.csv'), '--as', 'Ana'], as);
}, 180_000);
afterAll(() => rmSync(dirname(original), { recursive: true, force: true }));

/** A fresh copy of the workspace, tampered by `edit` with a plain SQLite connection (triggers dropped). */
function tampered(edit: (db: BetterSqlite3.Database, dir: string) => void): WorkspaceVerification {
  const dir = join(tempDir(), 'copy');
  cpSync(original, dir, { recursive: true });
  rmSync(join(dir, 'quayside.lock'), { force: true });
  const db = new BetterSqlite3(join(dir, 'quayside.db'));
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  edit(db, dir);
  db.close();
  const ws = openWorkspace(dir, { access: 'read' });
  if (!ws.ok) throw new Error(ws.error.message);
  try {
    return verifyWorkspace(ws.value.db, ws.value.blobsDir);
  } finally {
    ws.value.close();
  }
}

type Row = { seq: number; at: string; actor: string; action: string; entity: string; entity_id: string; details: string; prev_hash: string; hash: string; signature: string | null; key_id: string | null };
const rawHex = (key: KeyObject): string => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
const rows = (db: BetterSqlite3.Database): Row[] => db.prepare('SELECT * FROM audit ORDER BY seq').all() as Row[];
const setHead = (db: BetterSqlite3.Database, head: object): void => {
  db.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(JSON.stringify(head));
};

/** Recomputes the hash of every entry from `from` on with the project's own function (and the head). */
function rehash(db: BetterSqlite3.Database, from: number, sign?: (hash: string) => string): void {
  let prev = (db.prepare('SELECT hash FROM audit WHERE seq = ?').get(from - 1) as { hash: string } | undefined)?.hash ?? '0'.repeat(64);
  for (const r of rows(db).filter((x) => x.seq >= from)) {
    const sealed = sealEntry({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, details: JSON.parse(r.details) as Record<string, unknown>, prevHash: prev }, sha256Hex);
    db.prepare('UPDATE audit SET prev_hash = ?, hash = ?, signature = ? WHERE seq = ?').run(prev, sealed.hash, sign ? sign(sealed.hash) : r.signature, r.seq);
    prev = sealed.hash;
  }
  const last = rows(db).at(-1)!;
  setHead(db, { seq: last.seq, hash: last.hash });
}

const blobFile = (dir: string): string => {
  const blobs = join(dir, 'blobs');
  const sub = readdirSync(blobs).find((d) => /^[0-9a-f]{2}$/.test(d))!;
  return join(blobs, sub, readdirSync(join(blobs, sub))[0]!);
};

describe('the tamper matrix: workspace verify names every tampering', () => {
  it('passes the untouched workspace, signed throughout', () => {
    const report = tampered(() => undefined);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.audit).toMatchObject({ intact: true, unsigned: 0, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // Ana's own acts (her ingest, her import) are signed with her key, the system's with the system key.
    const audit = report.audit as { signedByPeople: number; signedBySystem: number; entries: number };
    expect(audit.signedByPeople).toBeGreaterThan(0);
    expect(audit.signedBySystem).toBeGreaterThan(0);
    expect(audit.signedByPeople + audit.signedBySystem).toBe(audit.entries);
    expect(report.blobs.checked).toBe(2);
  });

  const cases: [string, (db: BetterSqlite3.Database, dir: string) => void, RegExp][] = [
    ['an entry edited', (db) => db.prepare("UPDATE audit SET details = json_set(details, '$.role', 'analyst') WHERE seq = 2").run(), /audit entry 2: edited/],
    ['an entry edited and every later hash recomputed with the project\'s own function', (db) => {
      db.prepare("UPDATE audit SET details = json_set(details, '$.role', 'analyst') WHERE seq = 2").run();
      rehash(db, 2);
    }, /signature/],
    ['a middle entry deleted', (db) => db.prepare('DELETE FROM audit WHERE seq = 3').run(), /deleted/],
    ['the tail cut off', (db) => db.prepare('DELETE FROM audit WHERE seq > (SELECT max(seq) - 2 FROM audit)').run(), /truncated/],
    ['the tail cut off and the head moved back to the new last entry (creations cut too)', (db) => {
      db.prepare('DELETE FROM audit WHERE seq > (SELECT max(seq) - 2 FROM audit)').run();
      const last = rows(db).at(-1)!;
      setHead(db, { seq: last.seq, hash: last.hash });
    }, /no entry records its creation|is not signed/],
    ['the last entry (no creation in it) cut off and the head moved back', (db) => {
      db.prepare('DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)').run();
      const last = rows(db).at(-1)!;
      setHead(db, { seq: last.seq, hash: last.hash });
    }, /recorded head \(entry \d+\) is not signed by the key that signed entry .*cut off the end/],
    ['the head deleted', (db) => db.prepare("DELETE FROM meta WHERE key = 'audit_head'").run(), /No head is recorded/],
    ['the head malformed', (db) => db.prepare("UPDATE meta SET value = '{not json' WHERE key = 'audit_head'").run(), /not a head/],
    ['the whole trail emptied', (db) => {
      db.prepare('DELETE FROM audit').run();
      db.prepare("DELETE FROM meta WHERE key = 'audit_head'").run();
    }, /trail is empty, but the workspace .* exists: every entry was deleted/],
    ['the trail rewritten and re-signed with a new key', (db) => {
      const key = generateKeyPairSync('ed25519').privateKey;
      const pub = key.export({ format: 'jwk' }).x!;
      const hex = Buffer.from(pub, 'base64url').toString('hex');
      db.prepare("UPDATE meta SET value = ? WHERE key = 'audit_key'").run(JSON.stringify({ publicKey: hex, keyId: sha256Hex(Buffer.from(hex, 'hex')).slice(0, 16), since: '2026-01-01' }));
      db.prepare("UPDATE audit SET details = json_set(details, '$.role', 'analyst') WHERE seq = 2").run();
      rehash(db, 1, (hash) => signBytes(key, Buffer.from(`quayside-audit-entry-v1:${hash}`)));
    }, /not by the key this computer made/],
    ['an entry forged with a fresh random key', (db) => {
      const key = generateKeyPairSync('ed25519').privateKey;
      const last = rows(db).at(-1)!;
      const entry = sealEntry({ seq: last.seq + 1, at: last.at, actor: last.actor, action: 'document.reviewed', entity: 'document', entityId: 'doc_forged', details: {}, prevHash: last.hash }, sha256Hex);
      db.prepare('INSERT INTO audit (seq, at, actor, action, entity, entity_id, details, prev_hash, hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        entry.seq, entry.at, entry.actor, entry.action, entry.entity, entry.entityId, '{}', entry.prevHash, entry.hash, signBytes(key, Buffer.from(`quayside-audit-entry-v1:${entry.hash}`)),
      );
      setHead(db, { seq: entry.seq, hash: entry.hash });
    }, /signature is not system key/],
    ['an entry appended without a signature', (db) => {
      const last = rows(db).at(-1)!;
      const entry = sealEntry({ seq: last.seq + 1, at: last.at, actor: last.actor, action: 'document.reviewed', entity: 'document', entityId: 'doc_x', details: {}, prevHash: last.hash }, sha256Hex);
      db.prepare('INSERT INTO audit (seq, at, actor, action, entity, entity_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(entry.seq, entry.at, entry.actor, entry.action, entry.entity, entry.entityId, '{}', entry.prevHash, entry.hash);
      setHead(db, { seq: entry.seq, hash: entry.hash });
    }, /carries no signature/],
    ['the actor of an entry swapped', (db) => db.prepare("UPDATE audit SET actor = 'system' WHERE seq = 2").run(), /edited/],
    ['a signature replaced by another entry\'s', (db) => db.prepare('UPDATE audit SET signature = (SELECT signature FROM audit WHERE seq = 1) WHERE seq = 3').run(), /signature is not system key/],
    ['the audit key record removed', (db) => db.prepare("DELETE FROM meta WHERE key = 'audit_key'").run(), /records no system key|meta.audit_key was removed/],
    ['a person\'s key replaced in the profiles table and her entries re-signed with it (hashes untouched)', (db) => {
      const key = generateKeyPairSync('ed25519').privateKey;
      const hex = rawHex(key);
      const ana = db.prepare("SELECT id, public_key FROM profiles WHERE name = 'Ana'").get() as { id: string; public_key: string };
      const oldId = sha256Hex(Buffer.from(ana.public_key, 'hex')).slice(0, 16);
      const newId = sha256Hex(Buffer.from(hex, 'hex')).slice(0, 16);
      db.prepare('UPDATE profiles SET public_key = ?, fingerprint = ? WHERE id = ?').run(hex, newId, ana.id);
      for (const r of rows(db).filter((x) => x.key_id === oldId)) {
        db.prepare('UPDATE audit SET signature = ?, key_id = ? WHERE seq = ?').run(signBytes(key, Buffer.from(`quayside-audit-entry-v1:${r.hash}`)), newId, r.seq);
      }
    }, /profile Ana holds key [0-9a-f]{16}, not the key [0-9a-f]{16} entry \d+ created it with/],
    ['a forged profile that created itself, signing its own entry', (db) => {
      const key = generateKeyPairSync('ed25519').privateKey;
      const hex = rawHex(key);
      const id = sha256Hex(Buffer.from(hex, 'hex')).slice(0, 16);
      const ana = db.prepare("SELECT * FROM profiles WHERE name = 'Ana'").get() as Record<string, unknown>;
      db.prepare('INSERT INTO profiles (id, name, role, public_key, fingerprint, key_kdf, key_salt, key_iv, key_tag, key_ciphertext, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        'prf_forged', 'Mallory', 'risk_officer', hex, id, ana.key_kdf, ana.key_salt, ana.key_iv, ana.key_tag, ana.key_ciphertext, ana.created_at,
      );
      const last = rows(db).at(-1)!;
      const entry = sealEntry({ seq: last.seq + 1, at: last.at, actor: 'prf_forged', action: 'profile.created', entity: 'profile', entityId: 'prf_forged', details: { name: 'Mallory', role: 'risk_officer', fingerprint: id, bootstrap: false }, prevHash: last.hash }, sha256Hex);
      db.prepare('INSERT INTO audit (seq, at, actor, action, entity, entity_id, details, prev_hash, hash, signature, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        entry.seq, entry.at, entry.actor, entry.action, entry.entity, entry.entityId, JSON.stringify(entry.details), entry.prevHash, entry.hash, signBytes(key, Buffer.from(`quayside-audit-entry-v1:${entry.hash}`)), id,
      );
      setHead(db, { seq: entry.seq, hash: entry.hash, keyId: id, signature: signBytes(key, Buffer.from(`quayside-audit-head-v1:${entry.seq}:${entry.hash}`)) });
    }, /signed by Mallory's key [0-9a-f]{16}, which no trusted entry had created before it/],
    ['a person\'s signature moved onto a system entry (key id and signature swapped)', (db) => {
      const mine = rows(db).find((r) => r.actor !== 'system' && r.key_id !== null && r.action !== 'profile.created' && r.key_id !== (JSON.parse(String((db.prepare("SELECT value FROM meta WHERE key = 'audit_key'").get() as { value: string }).value)) as { keyId: string }).keyId)!;
      const system = rows(db).find((r) => r.actor === 'system' && r.seq > 1)!;
      db.prepare('UPDATE audit SET signature = ?, key_id = ? WHERE seq = ?').run(mine.signature, mine.key_id, system.seq);
    }, /recorded as system's act but signed by Ana's key/],
    ['a stored file altered', (_db, dir) => writeFileSync(blobFile(dir), 'altered bytes'), /blob .*was altered/],
    ['a stored file deleted', (_db, dir) => unlinkSync(blobFile(dir)), /blob .*is missing/],
    ['a stored file\'s index row removed', (db) => {
      db.pragma('foreign_keys = OFF');
      db.prepare('DELETE FROM blobs WHERE sha256 = (SELECT min(sha256) FROM blobs)').run();
    }, /names a stored file [0-9a-f]{64} the workspace does not index/],
    ['a stored file\'s index row pointed elsewhere', (db) => {
      db.pragma('foreign_keys = OFF');
      db.exec("PRAGMA ignore_check_constraints = ON; UPDATE blobs SET sha256 = '../../quayside.db' WHERE sha256 = (SELECT min(sha256) FROM blobs)");
    }, /index names a stored file "..\/..\/quayside.db", which is not a SHA-256/],
    ['a malformed row (details no longer JSON, a hash not hex)', (db) => db.prepare("UPDATE audit SET details = '{broken', hash = 'zz' WHERE seq = 2").run(), /audit entry 2/],
  ];

  it.each(cases)('detects %s', (_name, edit, expected) => {
    const report = tampered(edit);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => `${p.what} ${p.subject}: ${p.problem}`).join('\n')).toMatch(expected);
  });
});

describe('repair and the command', () => {
  it('re-adding the genuine file repairs an altered stored copy, audited as blob.repaired; workspace verify says so', () => {
    const dir = join(tempDir(), 'copy');
    cpSync(original, dir, { recursive: true });
    rmSync(join(dir, 'quayside.lock'), { force: true });
    // Which stored file is r06-invoice.pdf's: its name is its hash.
    const sha = sha256Hex(readFileSync(join(SAMPLES, 'r06-invoice.pdf')));
    const path = join(dir, 'blobs', sha.slice(0, 2), sha.slice(2));
    writeFileSync(path, 'altered bytes');
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [CLI, '-w', dir, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
    const before = run(['workspace', 'verify']);
    expect(before.status).toBe(1);
    expect(before.stdout).toContain(`blob ${sha}: The stored file ${sha} (r06-invoice.pdf) was altered`);
    const json = run(['workspace', 'verify', '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, blobs: { checked: 2, bad: 1 }, integrity: 'ok', audit: { intact: true }, problems: [{ what: 'blob', subject: sha }] });
    expect(run(['ingest', join(SAMPLES, 'r06-invoice.pdf'), '--as', 'Ana'], { QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' }).status).toBe(0);
    const after = run(['workspace', 'verify']);
    expect(after.stdout).toContain('Workspace verified: no problem found.');
    expect(after.status).toBe(0);
    const audit = run(['--json', 'audit', 'list', '--action', 'blob.repaired']);
    expect(audit.stdout).toContain(sha);
  });
});

describe('signed checkpoints', () => {
  it('prove later that the trail was cut or rewritten, and hold while it was only added to', () => {
    const dir = join(tempDir(), 'copy');
    cpSync(original, dir, { recursive: true });
    rmSync(join(dir, 'quayside.lock'), { force: true });
    const file = join(dir, '..', 'checkpoint.json');
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [CLI, '-w', dir, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
    expect(run(['audit', 'checkpoint', '--out', file]).status).toBe(0);
    // More work after the checkpoint: it still holds.
    expect(run(['counterparties', 'import', join(SAMPLES, 'counterparties/buyers.csv'), '--as', 'Ana'], { QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' }).status).toBe(0);
    const holds = run(['audit', 'verify', '--checkpoint', file]);
    expect(holds.stdout).toMatch(/Checkpoint of .* holds/);
    expect(holds.status).toBe(0);
    // Cut back to before the checkpoint's entry, with the head moved back and (say) re-signed by a
    // thief of the key: the checkpoint still shows it.
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as { seq: number };
    const db = new BetterSqlite3(join(dir, 'quayside.db'));
    db.exec('DROP TRIGGER IF EXISTS audit_no_delete;');
    db.prepare('DELETE FROM audit WHERE seq >= ?').run(checkpoint.seq);
    db.close();
    const cut = run(['audit', 'verify', '--checkpoint', file]);
    expect(cut.stdout).toContain(`Checkpoint FAILS: Entry ${checkpoint.seq}, the last one at the checkpoint`);
    expect(cut.status).toBe(1);
    // An altered checkpoint file proves nothing.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"seq": \d+/, '"seq": 1'));
    expect(run(['audit', 'verify', '--checkpoint', file]).stdout).toContain("signature does not hold");
  });
});
