/**
 * `workspace verify`: everything a workspace holds, checked against what it says about itself —
 * every stored file re-hashed (streamed, never loaded whole), the audit trail (chain, head,
 * signatures, records without their creating entry), and SQLite's own integrity check. Every
 * problem is named; nothing is repaired here.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { AuditVerification } from '../../shared/model';
import { verifyAudit } from '../audit/audit-log';
import type { Database } from '../db/database';
import { blobPath } from '../store/blob-store';

export type WorkspaceProblem = { readonly what: 'blob' | 'audit' | 'database'; readonly subject: string; readonly problem: string };

export type WorkspaceVerification = {
  readonly ok: boolean;
  readonly blobs: { readonly checked: number; readonly bad: number };
  readonly audit: AuditVerification;
  readonly integrity: string;
  readonly problems: readonly WorkspaceProblem[];
};

/** A file's SHA-256, read in 1 MiB chunks. */
export function hashFile(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function verifyWorkspace(db: Database, blobsDir: string, onProgress?: (done: number, total: number) => void): WorkspaceVerification {
  const problems: WorkspaceProblem[] = [];
  const blobs = db.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all() as { sha256: string; size: number }[];
  let bad = 0;
  blobs.forEach((blob, i) => {
    onProgress?.(i, blobs.length);
    const path = blobPath(blobsDir, blob.sha256);
    const users = (db.prepare('SELECT group_concat(file_name, \', \') AS names FROM documents WHERE sha256 = ?').get(blob.sha256) as { names: string | null }).names;
    const of = users ? ` (${users})` : '';
    if (!existsSync(path)) {
      bad += 1;
      problems.push({ what: 'blob', subject: blob.sha256, problem: `The stored file ${blob.sha256}${of} is missing. Add the original file again to restore it.` });
      return;
    }
    let actual: string;
    try {
      actual = hashFile(path);
    } catch (error) {
      bad += 1;
      problems.push({ what: 'blob', subject: blob.sha256, problem: `The stored file ${blob.sha256}${of} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).` });
      return;
    }
    if (actual !== blob.sha256) {
      bad += 1;
      problems.push({ what: 'blob', subject: blob.sha256, problem: `The stored file ${blob.sha256}${of} was altered: its bytes now hash to ${actual}. Add the original file again to repair it.` });
    }
  });
  onProgress?.(blobs.length, blobs.length);
  const audit = verifyAudit(db);
  if (!audit.intact) problems.push({ what: 'audit', subject: `entry ${audit.firstBroken.seq}`, problem: `${audit.firstBroken.kind}: ${audit.firstBroken.reason}` });
  let integrity: string;
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    integrity = rows.map((r) => r.integrity_check).join('; ');
  } catch (error) {
    integrity = error instanceof Error ? error.message : String(error);
  }
  if (integrity !== 'ok') problems.push({ what: 'database', subject: 'quayside.db', problem: `SQLite's integrity check: ${integrity}` });
  return { ok: problems.length === 0, blobs: { checked: blobs.length, bad }, audit, integrity, problems };
}
