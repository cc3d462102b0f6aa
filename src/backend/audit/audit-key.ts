/**
 * Who signs the audit trail. Every entry's hash is signed with Ed25519 as it is appended:
 * - by the person who acted, with their own profile key, while they are signed in in this process
 *   (session.ts unlocks it here; their passphrase seals it in the workspace);
 * - else by the workspace's system key: intake, workspace creation, the check worker, scheduled
 *   re-checks, the first profile (created before anyone is signed in) and sign-ins (recorded before
 *   the key is unlocked).
 *
 * Threat model. The hash chain alone shows an edit, but not a rewrite: whoever holds the workspace
 * folder can edit an entry and recompute every later hash. Signatures close that only for keys that
 * are not in the folder in usable form. People's keys are in it only sealed (scrypt + AES-256-GCM
 * under their passphrase). The system key cannot be sealed by a passphrase — nobody is there to type
 * one when intake or a re-check runs — so its private half is not in the workspace at all: it lives
 * in the user's own key folder (`$QUAYSIDE_KEY_DIR`, else `~/.config/quayside/keys` /
 * `%APPDATA%\Quayside\keys`), one file per workspace id, readable by the user alone (0600); the
 * sealing secret is the operating system account. The public half is recorded in the workspace
 * (`meta.audit_key`) so that anyone can check the signatures, and `audit verify` on a computer that
 * holds the private file also checks that the recorded public key is the one it made: a trail
 * rewritten and re-signed with a fresh key is named. What this does not stop: someone with the user's
 * own account on that computer (they can read the key file, and so forge system entries — not a
 * person's, which need that person's passphrase), or someone restoring a whole earlier copy of the
 * workspace (an older, consistent trail). Signed checkpoints handed to others are the answer to both.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOf, rawPublicKeyHex, signBytes, verifySignature } from '../crypto/keys';
import type { Database } from '../db/database';

/** What is signed for an entry: its hash, under a label that ties the signature to this use. */
export const signedText = (hash: string): Buffer => Buffer.from(`quayside-audit-entry-v1:${hash}`, 'utf8');

/** The public half as the workspace records it. */
export type AuditKeyRecord = { readonly publicKey: string; readonly keyId: string; readonly since: string };

const META_KEY = 'audit_key';

/** Where this user's audit keys are kept: outside every workspace. */
export function auditKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.QUAYSIDE_KEY_DIR) return env.QUAYSIDE_KEY_DIR;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Quayside', 'keys');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'quayside', 'keys');
}

const keyFile = (workspaceId: string): string => join(auditKeyDir(), `${workspaceId.replace(/[^A-Za-z0-9_-]/g, '_')}.audit-key`);

/** The public key the workspace records, or null (none yet, or a malformed record). */
export function readAuditKeyRecord(db: Database): AuditKeyRecord | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(META_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    const parsed = JSON.parse(row.value) as Partial<AuditKeyRecord>;
    return typeof parsed.publicKey === 'string' && /^[0-9a-f]{64}$/.test(parsed.publicKey) && typeof parsed.keyId === 'string'
      ? { publicKey: parsed.publicKey, keyId: parsed.keyId, since: String(parsed.since ?? '') }
      : null;
  } catch {
    return null;
  }
}

/** The private key this computer holds for a workspace, or null. */
export function localAuditKey(workspaceId: string): KeyObject | null {
  const file = keyFile(workspaceId);
  if (!existsSync(file)) return null;
  try {
    return createPrivateKey({ key: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  }
}

/** The raw public key (hex) of a private key. */
export const publicKeyOf = (privateKey: KeyObject): string => rawPublicKeyHex(createPublicKey(privateKey));

/** What is signed for the head: that this entry is the last one, so a head moved back shows. */
export const signedHeadText = (seq: number, hash: string): Buffer => Buffer.from(`quayside-audit-head-v1:${seq}:${hash}`, 'utf8');

/** A signature and the id (fingerprint) of the key that made it. */
export type EntrySignature = { readonly signature: string; readonly keyId: string; readonly key: KeyObject };

/** A signer for one connection: the system key is found (or made) on the first entry it signs. */
export type AuditSigner = {
  /** The workspace's system key for this connection (null where this computer holds none). */
  readonly systemKey: (db: Database, at: string) => { readonly key: KeyObject; readonly keyId: string } | null;
};

const signers = new WeakMap<Database, AuditSigner>();

/** The signer of a connection (set when a workspace is opened for writing), if any. */
export const signerFor = (db: Database): AuditSigner | undefined => signers.get(db);

/**
 * Signs this connection's system entries with the workspace's system key. The key is made on the
 * first entry of a new workspace (its public half recorded in the same transaction); a workspace
 * whose key this computer does not hold (opened on another computer) appends unsigned system
 * entries, which `audit verify` reports.
 */
export function attachAuditSigner(db: Database): void {
  let cached: { key: KeyObject; keyId: string } | null | undefined;
  signers.set(db, {
    systemKey: (conn, at) => {
      // Found once per connection (a workspace's id never changes): no statement per entry.
      if (cached !== undefined) return cached;
      const workspaceId = (conn.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get() as { value: string } | undefined)?.value;
      if (!workspaceId) return null;
      const recorded = readAuditKeyRecord(conn);
      let key = localAuditKey(workspaceId);
      if (!recorded && !key) {
        key = generateKeyPairSync('ed25519').privateKey;
        writeKeyFile(workspaceId, key);
      }
      let keyId = recorded?.keyId ?? '';
      if (key && !recorded) {
        const publicKey = publicKeyOf(key);
        keyId = fingerprintOf(publicKey);
        const record: AuditKeyRecord = { publicKey, keyId, since: at };
        conn.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(META_KEY, JSON.stringify(record));
      }
      // A key that is not the recorded one signs nothing: its signatures would not verify.
      cached = key && !(recorded && publicKeyOf(key) !== recorded.publicKey) ? { key, keyId } : null;
      return cached;
    },
  });
}

/**
 * The keys of the people signed in in this process (this thread), by profile id: while someone is
 * signed in, the entries recorded as their acts are signed with their own key, which only their
 * passphrase unlocks. Counted, because one person may be signed in in two windows.
 */
const actorKeys = new Map<string, { readonly key: KeyObject; readonly publicKey: string; count: number }>();

/** Registers a signed-in person's unlocked key (see session.ts). */
export function unlockActorKey(profileId: string, publicKey: string, key: KeyObject): void {
  const held = actorKeys.get(profileId);
  if (held && held.publicKey === publicKey) held.count += 1;
  else actorKeys.set(profileId, { key, publicKey, count: 1 });
}

/** A signed-in person's unlocked key, to hand to a worker thread that records their acts (the check worker). */
export function heldActorKey(profileId: string): { readonly publicKey: string; readonly key: KeyObject } | null {
  const held = actorKeys.get(profileId);
  return held ? { publicKey: held.publicKey, key: held.key } : null;
}

/** Forgets a person's key when they sign out (the last of their sessions). */
export function lockActorKey(profileId: string): void {
  const held = actorKeys.get(profileId);
  if (!held) return;
  held.count -= 1;
  if (held.count <= 0) actorKeys.delete(profileId);
}

// A profile's public key never changes: looked up once per connection and actor.
const profileKeys = new WeakMap<Database, Map<string, string>>();
function profilePublicKey(db: Database, profileId: string): string | undefined {
  let known = profileKeys.get(db);
  if (!known) profileKeys.set(db, (known = new Map()));
  const cached = known.get(profileId);
  if (cached !== undefined) return cached;
  const row = db.prepare('SELECT public_key FROM profiles WHERE id = ?').get(profileId) as { public_key: string } | undefined;
  if (row) known.set(profileId, row.public_key);
  return row?.public_key;
}

/**
 * Signs an entry's hash: with the actor's own key when that person is signed in here (and the key is
 * the one this workspace holds for them), else with the workspace's system key; null when neither.
 */
export function signEntry(db: Database, actor: string, hash: string, at: string): EntrySignature | null {
  const system = signers.get(db)?.systemKey(db, at) ?? null;
  const person = actorKeys.get(actor);
  if (person && profilePublicKey(db, actor) === person.publicKey) {
    return { signature: signBytes(person.key, signedText(hash)), keyId: fingerprintOf(person.publicKey), key: person.key };
  }
  return system ? { signature: signBytes(system.key, signedText(hash)), keyId: system.keyId, key: system.key } : null;
}

function writeKeyFile(workspaceId: string, key: KeyObject): void {
  const dir = auditKeyDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = keyFile(workspaceId);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, key.export({ format: 'der', type: 'pkcs8' }).toString('base64'), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Whether a head's signature is the recorded key's. */
export function headSignatureHolds(publicKey: string, seq: number, hash: string, signature: string): boolean {
  try {
    return verifySignature(publicKey, signedHeadText(seq, hash), signature);
  } catch {
    return false;
  }
}

/** Whether an entry's signature is the recorded key's over its hash. */
export function signatureHolds(publicKey: string, hash: string, signature: string): boolean {
  try {
    return verifySignature(publicKey, signedText(hash), signature);
  } catch {
    return false;
  }
}
