/**
 * `workspace verify`: everything a workspace holds, checked against what it says about itself —
 * every stored file re-hashed (streamed, never loaded whole), the audit trail (chain, head,
 * signatures, records without their creating entry), and SQLite's own integrity check. Every
 * problem is named; nothing is repaired here.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { AuditVerification } from '../../shared/model';
import { malformedRows, verifyAudit } from '../audit/audit-log';
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

/** Checks every stored file, the audit trail and the database; every problem named, nothing repaired. */
export function verifyWorkspace(db: Database, blobsDir: string, onProgress?: (done: number, total: number) => void): WorkspaceVerification {
  const problems: WorkspaceProblem[] = [];
  let blobs: { sha256: string; size: number }[] = [];
  try {
    blobs = db.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all() as { sha256: string; size: number }[];
  } catch (error) {
    problems.push({ what: 'database', subject: 'blobs', problem: `The index of stored files cannot be read (${error instanceof Error ? error.message : String(error)}).` });
  }
  let bad = 0;
  const namesOf = db.prepare("SELECT group_concat(file_name, ', ') AS names FROM documents WHERE sha256 = ?");
  blobs.forEach((blob, i) => {
    onProgress?.(i, blobs.length);
    if (typeof blob.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(blob.sha256)) {
      bad += 1;
      problems.push({ what: 'blob', subject: String(blob.sha256), problem: `The index names a stored file ${JSON.stringify(blob.sha256)}, which is not a SHA-256: the row was altered.` });
      return;
    }
    const path = blobPath(blobsDir, blob.sha256);
    const users = (namesOf.get(blob.sha256) as { names: string | null }).names;
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
  // Documents whose stored file is not even indexed: the blob's row was removed.
  try {
    const unindexed = db.prepare('SELECT id, sha256, file_name FROM documents WHERE sha256 NOT IN (SELECT sha256 FROM blobs) ORDER BY id').all() as { id: string; sha256: string; file_name: string }[];
    for (const d of unindexed) problems.push({ what: 'blob', subject: String(d.sha256), problem: `The document ${d.id} (${d.file_name}) names a stored file ${d.sha256} the workspace does not index: its blob row was removed.` });
  } catch (error) {
    problems.push({ what: 'database', subject: 'documents', problem: `The documents cannot be read (${error instanceof Error ? error.message : String(error)}).` });
  }
  const audit = verifyAudit(db);
  if (!audit.intact) {
    // Malformed rows are each named on their own line; any other break, at its first entry.
    let malformed: string[] = [];
    try {
      malformed = malformedRows(db);
    } catch {
      // The table itself cannot be read: the verification's reason says so.
    }
    if (malformed.length > 0) for (const row of malformed) problems.push({ what: 'audit', subject: row.slice(0, row.indexOf(':')), problem: `malformed: ${row.slice(row.indexOf(':') + 2)}` });
    else problems.push({ what: 'audit', subject: `entry ${audit.firstBroken.seq}`, problem: `${audit.firstBroken.kind}: ${audit.firstBroken.reason}` });
  }
  let integrity: string;
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    integrity = rows.map((r) => r.integrity_check).join('; ');
  } catch (error) {
    integrity = error instanceof Error ? error.message : String(error);
  }
  if (integrity !== 'ok') problems.push({ what: 'database', subject: 'quayside.db', problem: `SQLite's integrity check: ${integrity}` });
  // Rows whose references point nowhere (integrity_check does not look at foreign keys).
  try {
    const dangling = db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[];
    for (const d of dangling.slice(0, 100)) problems.push({ what: 'database', subject: `${d.table} row ${d.rowid ?? '?'}`, problem: `refers to a ${d.parent} row that does not exist: rows were removed outside Quayside.` });
    if (dangling.length > 100) problems.push({ what: 'database', subject: 'foreign keys', problem: `and ${dangling.length - 100} more rows that refer to rows that do not exist.` });
  } catch (error) {
    problems.push({ what: 'database', subject: 'foreign keys', problem: `cannot be checked (${error instanceof Error ? error.message : String(error)}).` });
  }
  return { ok: problems.length === 0, blobs: { checked: blobs.length, bad }, audit, integrity, problems };
}
