import { readFileSync, writeFileSync } from 'node:fs';
import { verifyAudit } from '../backend/audit/audit-log';
import { checkCheckpoint, makeCheckpoint } from '../backend/audit/checkpoint';
import type { CheckpointSigner } from '../backend/audit/checkpoint';
import type { Database } from '../backend/db/database';
import { verifyWorkspace } from '../backend/verify/workspace-verify';
import { visibleText } from '../shared/visible-text';
import { describeVerification } from './describe';
import { EXIT } from './output';
import type { Output } from './output';

/** `quayside workspace verify [--json]`: exit 0 when everything holds, 1 naming every problem. */
export function workspaceVerify(io: Output, db: Database, blobsDir: string, json: boolean): number {
  const report = verifyWorkspace(db, blobsDir);
  if (json) {
    io.out(JSON.stringify(report, null, 2));
  } else {
    const audit = report.audit.intact ? describeVerification(report.audit).replace(/^Audit chain intact: /, 'intact, ') : 'BROKEN';
    io.out(`Stored files: ${report.blobs.checked} re-hashed, ${report.blobs.bad} bad`);
    io.out(`Audit trail: ${audit}`);
    io.out(`Database: integrity ${report.integrity === 'ok' ? 'ok' : 'FAILED'}`);
    if (report.ok) io.out('Workspace verified: no problem found.');
    else {
      io.out(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`);
      for (const p of report.problems) io.out(`  ${p.what} ${visibleText(p.subject)}: ${visibleText(p.problem)}`);
    }
  }
  return report.ok ? EXIT.ok : EXIT.problem;
}

/** `quayside audit checkpoint [--out FILE]`: the signed checkpoint as JSON, printed or written. */
export function auditCheckpoint(io: Output, db: Database, at: string, out: string | undefined, person?: CheckpointSigner): number {
  const made = makeCheckpoint(db, at, person);
  if (!made.ok) {
    io.err(`error ${made.error.code}: ${made.error.message}`);
    return EXIT.failed;
  }
  const text = `${JSON.stringify(made.value, null, 2)}\n`;
  if (out) {
    writeFileSync(out, text);
    const by = made.value.signer === 'system' ? `system key ${made.value.keyId}` : `${made.value.signerName}'s key ${made.value.keyId}`;
    io.out(`Checkpoint of entry ${made.value.seq} written to ${visibleText(out)} (signed by ${visibleText(by)}).`);
  } else io.out(text.trimEnd());
  return EXIT.ok;
}

/** `quayside audit verify --checkpoint FILE`: the trail verifies, and still holds what the checkpoint vouched for. */
export function auditCheckpointVerify(io: Output, db: Database, file: string, json: boolean): number {
  let given: unknown;
  try {
    given = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    io.err(`${visibleText(file)} cannot be read as JSON (${error instanceof Error ? error.message : String(error)}).`);
    return EXIT.failed;
  }
  const audit = verifyAudit(db);
  const checked = checkCheckpoint(db, given);
  if (json) io.out(JSON.stringify({ audit, checkpoint: checked }, null, 2));
  else {
    io.out(describeVerification(audit));
    io.out(checked.holds ? checked.message : `Checkpoint FAILS: ${checked.problem}`);
  }
  return audit.intact && checked.holds ? EXIT.ok : EXIT.problem;
}
