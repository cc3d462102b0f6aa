/**
 * Signed checkpoints of the audit trail: the last entry's seq and hash at a moment, signed with the
 * workspace's audit key. Whoever holds one — a co-manager, a committee, later a pool package — can
 * prove that the trail was cut (the entry is gone) or rewritten (the entry's hash changed, or the
 * trail is signed by another key) since, even by someone holding the workspace folder.
 */
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { signBytes, verifySignature } from '../crypto/keys';
import type { Database } from '../db/database';
import { localAuditKey, publicKeyOf, readAuditKeyRecord } from './audit-key';
import { verifyAudit } from './audit-log';

export type AuditCheckpoint = {
  readonly format: 'quayside-audit-checkpoint-v1';
  readonly workspaceId: string;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly signature: string;
};

const signedCheckpoint = (c: Pick<AuditCheckpoint, 'workspaceId' | 'seq' | 'hash' | 'at'>): Buffer =>
  Buffer.from(`quayside-audit-checkpoint-v1:${c.workspaceId}:${c.seq}:${c.hash}:${c.at}`, 'utf8');

const workspaceIdOf = (db: Database): string | undefined => (db.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get() as { value: string } | undefined)?.value;

/** A checkpoint of the trail as it stands, signed with the audit key this computer holds for the workspace. */
export function makeCheckpoint(db: Database, at: string): Result<AuditCheckpoint> {
  const workspaceId = workspaceIdOf(db);
  const record = readAuditKeyRecord(db);
  const key = workspaceId ? localAuditKey(workspaceId) : null;
  if (!workspaceId || !record || !key || publicKeyOf(key) !== record.publicKey) {
    return err('AUDIT.NO_KEY', "This computer does not hold this workspace's audit key, so it cannot sign a checkpoint. Make it on the computer whose Quayside writes this workspace.");
  }
  const verified = verifyAudit(db);
  if (!verified.intact) return err('AUDIT.BROKEN', `The trail does not verify (entry ${verified.firstBroken.seq}: ${verified.firstBroken.reason}); a checkpoint of it would vouch for a broken trail.`);
  const last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  if (!last) return err('AUDIT.BROKEN', 'The trail is empty: there is nothing to checkpoint.');
  const body = { workspaceId, seq: last.seq, hash: last.hash, at };
  return ok({ format: 'quayside-audit-checkpoint-v1', ...body, keyId: record.keyId, publicKey: record.publicKey, signature: signBytes(key, signedCheckpoint(body)) });
}

/** Whether the trail still holds what a checkpoint vouched for; the problem in words when not. */
export function checkCheckpoint(db: Database, given: unknown): { readonly holds: true; readonly message: string } | { readonly holds: false; readonly problem: string } {
  const c = given as Partial<AuditCheckpoint> | null;
  if (!c || c.format !== 'quayside-audit-checkpoint-v1' || typeof c.seq !== 'number' || typeof c.hash !== 'string' || typeof c.publicKey !== 'string' || typeof c.signature !== 'string' || typeof c.workspaceId !== 'string' || typeof c.at !== 'string') {
    return { holds: false, problem: 'The file is not a Quayside audit checkpoint.' };
  }
  let signed: boolean;
  try {
    signed = verifySignature(c.publicKey, signedCheckpoint({ workspaceId: c.workspaceId, seq: c.seq, hash: c.hash, at: c.at }), c.signature);
  } catch {
    signed = false;
  }
  if (!signed) return { holds: false, problem: 'The checkpoint\'s signature does not hold: the file was altered, so it proves nothing.' };
  if (workspaceIdOf(db) !== c.workspaceId) return { holds: false, problem: `The checkpoint is of workspace ${c.workspaceId}, not this one.` };
  const record = readAuditKeyRecord(db);
  if (record?.publicKey !== c.publicKey) return { holds: false, problem: `The trail is no longer signed by audit key ${c.keyId ?? '?'}, which signed the checkpoint of ${c.at}: the trail was rewritten since.` };
  const entry = db.prepare('SELECT hash FROM audit WHERE seq = ?').get(c.seq) as { hash: string } | undefined;
  if (!entry) return { holds: false, problem: `Entry ${c.seq}, the last one at the checkpoint of ${c.at}, is gone: the trail was cut since.` };
  if (entry.hash !== c.hash) return { holds: false, problem: `Entry ${c.seq} is not the entry the checkpoint of ${c.at} vouched for (its hash changed): the trail was rewritten since.` };
  return { holds: true, message: `Checkpoint of ${c.at} holds: entry ${c.seq} is still the one it vouched for.` };
}
