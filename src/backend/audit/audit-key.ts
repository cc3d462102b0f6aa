/**
 * The workspace's audit key: an Ed25519 key that signs every audit entry's hash as it is appended.
 *
 * Threat model. The hash chain alone shows an edit, but not a rewrite: whoever holds the workspace
 * folder can edit an entry and recompute every later hash. The signature closes that only if the
 * private key is not in the folder, so it lives in the user's own key folder
 * (`$QUAYSIDE_KEY_DIR`, else `~/.config/quayside/keys` / `%APPDATA%\Quayside\keys`), one file per
 * workspace id, readable by the user alone (0600). The public half is recorded in the workspace
 * (`meta.audit_key`) so that anyone can check the signatures, and `audit verify` on a computer that
 * holds the private file also checks that the recorded public key is the one it made: a trail
 * rewritten and re-signed with a fresh key is named. What this does not stop: someone with the user's
 * own account on that computer (they can read the key file too) — signed checkpoints handed to others
 * are the answer to that.
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

/** A signer for one connection: the key is found (or made) on the first entry it signs. */
export type AuditSigner = {
  /** The entry's signature, or null where this computer holds no key for the workspace. */
  readonly sign: (db: Database, hash: string, at: string) => string | null;
  /** The head's signature with the same key (call after `sign`). */
  readonly signHead: (seq: number, hash: string) => string | null;
};

const signers = new WeakMap<Database, AuditSigner>();

/** The signer of a connection (set when a workspace is opened for writing), if any. */
export const signerFor = (db: Database): AuditSigner | undefined => signers.get(db);

/**
 * Signs this connection's audit entries with the workspace's audit key. The key is made on the first
 * entry of a new workspace (its public half recorded in the same transaction); a workspace whose key
 * this computer does not hold (opened on another computer) appends unsigned entries, which
 * `audit verify` reports.
 */
export function attachAuditSigner(db: Database): void {
  let cached: { workspaceId: string; key: KeyObject | null } | null = null;
  signers.set(db, {
    sign: (conn, hash, at) => {
      // Found once per connection (a workspace's id never changes): no statement per entry.
      if (cached) return cached.key ? signBytes(cached.key, signedText(hash)) : null;
      const workspaceId = (conn.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get() as { value: string } | undefined)?.value;
      if (!workspaceId) return null;
      {
        const recorded = readAuditKeyRecord(conn);
        let key = localAuditKey(workspaceId);
        if (!recorded && !key) {
          key = generateKeyPairSync('ed25519').privateKey;
          writeKeyFile(workspaceId, key);
        }
        if (key && !recorded) {
          const publicKey = publicKeyOf(key);
          const record: AuditKeyRecord = { publicKey, keyId: fingerprintOf(publicKey), since: at };
          conn.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(META_KEY, JSON.stringify(record));
        }
        // A key that is not the recorded one signs nothing: its signatures would not verify.
        cached = { workspaceId, key: key && recorded && publicKeyOf(key) !== recorded.publicKey ? null : key };
      }
      return cached.key ? signBytes(cached.key, signedText(hash)) : null;
    },
    signHead: (seq, hash) => (cached?.key ? signBytes(cached.key, signedHeadText(seq, hash)) : null),
  });
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
