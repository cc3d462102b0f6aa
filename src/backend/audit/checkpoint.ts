/**
 * Signed checkpoints of the audit trail: the last entry's seq and hash at a moment, signed by the
 * signed-in person's key (else the workspace's system key). Whoever holds one — a co-manager, a
 * committee, later a pool package or bundle — can prove that the trail was cut (the entry is gone) or
 * rewritten (the entry's hash changed, or the signing key is no longer the workspace's) since, even
 * against someone holding the workspace folder. Packages and bundles embed `makeCheckpoint`'s value
 * and check it with `checkCheckpoint`.
 */
import type { KeyObject } from 'node:crypto';
import type { AuditCheckpoint, CheckpointCheck, Profile } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { fingerprintOf, signBytes, verifySignature } from '../crypto/keys';
import type { Database } from '../db/database';
import { localAuditKey, publicKeyOf, readAuditKeyRecord } from './audit-key';
import { verifyAudit, verifyUpTo } from './audit-log';

export type { AuditCheckpoint, CheckpointCheck } from '../../shared/model';

const signedCheckpoint = (c: Pick<AuditCheckpoint, 'workspaceId' | 'seq' | 'hash' | 'at'>): Buffer =>
  Buffer.from(`quayside-audit-checkpoint-v1:${c.workspaceId}:${c.seq}:${c.hash}:${c.at}`, 'utf8');

const workspaceIdOf = (db: Database): string | undefined => (db.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get() as { value: string } | undefined)?.value;

/** The person signing a checkpoint (the signed-in one), with their unlocked key. */
export type CheckpointSigner = { readonly profile: Profile; readonly privateKey: KeyObject };

/**
 * A checkpoint of the trail as it stands, signed by `person` when given, else by the system key this
 * computer holds for the workspace. Refused when the trail does not verify: it would vouch for a
 * broken trail.
 */
export function makeCheckpoint(db: Database, at: string, person?: CheckpointSigner): Result<AuditCheckpoint> {
  const workspaceId = workspaceIdOf(db);
  if (!workspaceId) return err('AUDIT.BROKEN', 'The workspace records no id (meta.workspace_id): it was altered, so a checkpoint would name nothing.');
  let signer: { key: KeyObject; publicKey: string; id: string; name: string };
  if (person) {
    signer = { key: person.privateKey, publicKey: person.profile.publicKey, id: person.profile.id, name: person.profile.name };
  } else {
    const record = readAuditKeyRecord(db);
    const key = localAuditKey(workspaceId);
    if (!record || !key || publicKeyOf(key) !== record.publicKey) {
      return err('AUDIT.NO_KEY', "This computer does not hold this workspace's system key, so it cannot sign a checkpoint. Sign in (--as NAME) to sign it with your own key, or make it on the computer whose Quayside writes this workspace.");
    }
    signer = { key, publicKey: record.publicKey, id: 'system', name: 'system key' };
  }
  const verified = verifyAudit(db);
  if (!verified.intact) return err('AUDIT.BROKEN', `The trail does not verify (entry ${verified.firstBroken.seq}: ${verified.firstBroken.reason}); a checkpoint of it would vouch for a broken trail.`);
  const last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  if (!last) return err('AUDIT.BROKEN', 'The trail is empty: there is nothing to checkpoint.');
  const body = { workspaceId, seq: last.seq, hash: last.hash, at };
  return ok({
    format: 'quayside-audit-checkpoint-v1',
    ...body,
    keyId: fingerprintOf(signer.publicKey),
    publicKey: signer.publicKey,
    signer: signer.id,
    signerName: signer.name,
    signature: signBytes(signer.key, signedCheckpoint(body)),
  });
}

/** Whether the trail still holds what a checkpoint vouched for; the problem in words when not. Never throws. */
export function checkCheckpoint(db: Database, given: unknown): CheckpointCheck {
  const c = given as Partial<AuditCheckpoint> | null;
  if (
    !c || typeof c !== 'object' || c.format !== 'quayside-audit-checkpoint-v1' || typeof c.seq !== 'number' || typeof c.hash !== 'string' ||
    typeof c.publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(c.publicKey) || typeof c.signature !== 'string' || typeof c.workspaceId !== 'string' || typeof c.at !== 'string'
  ) {
    return { holds: false, problem: 'The file is not a Quayside audit checkpoint.' };
  }
  let signed: boolean;
  try {
    signed = verifySignature(c.publicKey, signedCheckpoint({ workspaceId: c.workspaceId, seq: c.seq, hash: c.hash, at: c.at }), c.signature);
  } catch {
    signed = false;
  }
  if (!signed) return { holds: false, problem: "The checkpoint's signature does not hold: the file was altered, so it proves nothing." };
  const keyId = fingerprintOf(c.publicKey);
  if (workspaceIdOf(db) !== c.workspaceId) return { holds: false, problem: `The checkpoint is of workspace ${c.workspaceId}, not this one.` };
  const record = readAuditKeyRecord(db);
  const person = db.prepare('SELECT id, name FROM profiles WHERE public_key = ?').get(c.publicKey) as { id: string; name: string } | undefined;
  if (record?.publicKey !== c.publicKey && !person) {
    return { holds: false, problem: `The key ${keyId} that signed the checkpoint of ${c.at} is neither this workspace's system key nor any person's key in it now: the trail or its keys were rewritten since.` };
  }
  if (person && typeof c.signer === 'string' && c.signer !== 'system' && c.signer !== person.id) {
    return { holds: false, problem: `The checkpoint of ${c.at} was signed by ${c.signerName ?? c.signer}, but its key now belongs to the profile ${person.name}: the profiles were rewritten since.` };
  }
  const entry = db.prepare('SELECT hash FROM audit WHERE seq = ?').get(c.seq) as { hash: unknown } | undefined;
  if (!entry) return { holds: false, problem: `Entry ${c.seq}, the last one at the checkpoint of ${c.at}, is gone: the trail was cut since.` };
  if (entry.hash !== c.hash) return { holds: false, problem: `Entry ${c.seq} is not the entry the checkpoint of ${c.at} vouched for (its hash changed): the trail was rewritten since.` };
  // Every entry up to it must still be the one the checkpoint's hash covers.
  const prefix = verifyUpTo(db, { seq: c.seq, hash: c.hash });
  if (!prefix.intact) return { holds: false, problem: `The entries the checkpoint of ${c.at} vouched for were rewritten since (entry ${prefix.firstBroken.seq}, ${prefix.firstBroken.kind}): ${prefix.firstBroken.reason}` };
  const by = person ? `${person.name}'s key ${keyId}` : `system key ${keyId}`;
  return { holds: true, message: `Checkpoint of ${c.at} (signed by ${by}) holds: entry ${c.seq} is still the one it vouched for.` };
}
