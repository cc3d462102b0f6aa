import { checkCheckpoint, makeCheckpoint } from '../audit/checkpoint';
import type { Handlers } from '../../shared/api';
import type { FieldName } from '../../shared/documents';
import type { AppInfo } from '../../shared/model';
import { ok } from '../../shared/result';
import { listAudit, verifyAudit } from '../audit/audit-log';
import { listProfiles } from '../profiles/profiles-repo';
import { createProfile, signIn, signOut } from '../services/profiles-service';
import { publicSession } from '../services/session';
import type { SessionState } from '../services/session';
import { workspaceInfo } from '../workspace';
import type { Workspace } from '../workspace';
import {
  cancelDocument,
  correctField,
  documentFile,
  getDocument,
  ingestFiles,
  listDocumentsFor,
  markDocumentReviewed,
  retryDocument,
  setKind,
} from '../intake/intake-service';
import type { IntakeContext } from '../intake/intake-service';
import { getInbox, setInbox } from '../intake/inbox';
import type { InboxWatcher } from '../intake/inbox';
import {
  exportCounterparties,
  importCounterparties,
  listCounterpartiesFor,
  removeCounterparty,
  saveBuyer,
  saveEscrow,
  saveSupplier,
} from '../counterparties/counterparties-service';
import { getPolicy, policyHistory, previewPolicy, savePolicy } from '../policy/policy-service';
import { exportFingerprints, fingerprintInfo, importFingerprints, setFingerprintKey } from '../checks/fingerprints';
import { exportReceivablesFor } from '../export/receivables-export';
import type { CheckService } from '../checks/checks-service';
import {
  getReceivable,
  linkDocument,
  listReceivables,
  setStatus,
  syncReceivables,
  unlinkDocument,
  updateReceivable,
} from '../receivables/receivables-service';

export type HandlerDeps = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly app: AppInfo;
  readonly intake: IntakeContext;
  /** Absent for one-shot CLI commands, which store the setting for the app to watch. */
  readonly inbox: InboxWatcher | undefined;
  /** Cross-checks: full and incremental evaluation, findings and waivers. */
  readonly checks: CheckService;
};

/** One handler per contract method; the `Handlers` type makes a missing one a compile error. */
export function createHandlers({ ws, session, app, intake, inbox, checks }: HandlerDeps): Handlers {
  const receivables = { ...intake, recheck: checks.recheck };
  return {
    'app.info': () => ok(app),
    'workspace.info': () => ok(workspaceInfo(ws)),
    'session.get': () => ok(publicSession(session)),
    'session.signIn': (input) => signIn(ws, session, input),
    'session.signOut': () => signOut(ws, session),
    'profiles.list': () => ok(listProfiles(ws.db)),
    'profiles.create': (input) => createProfile(ws, session, input),
    'audit.list': (input) => ok(listAudit(ws.db, input)),
    'audit.verify': (_input, ctx) => {
      const jobId = ws.ids('job');
      const result = verifyAudit(ws.db, (done, total) =>
        ctx.emit('jobs.progress', { jobId, label: 'Verifying audit chain', done, total }),
      );
      return ok(result);
    },
    'audit.checkpoint': () => makeCheckpoint(ws.db, ws.clock().toISOString(), session.current ?? undefined),
    'audit.checkCheckpoint': (input) => ok(checkCheckpoint(ws.db, input.checkpoint)),
    'documents.ingest': (input) => ingestFiles(intake, input.files),
    'documents.list': (input) => listDocumentsFor(intake, input),
    'documents.get': (input) => getDocument(intake, input.id),
    'documents.file': (input) => documentFile(intake, input.id),
    'documents.correctField': (input) => correctField(intake, input.id, input.field as FieldName, input.value),
    'documents.setKind': (input) => setKind(intake, input.id, input.kind),
    'documents.markReviewed': (input) => markDocumentReviewed(intake, input.id),
    'documents.cancel': (input) => cancelDocument(intake, input.id),
    'documents.retry': (input) => retryDocument(intake, input.id),
    'intake.getInbox': () => getInbox(intake),
    'intake.setInbox': (input) => setInbox(intake, input.dir, inbox),
    'counterparties.list': () => listCounterpartiesFor(intake),
    'counterparties.saveSupplier': (input) => saveSupplier(intake, input),
    'counterparties.saveBuyer': (input) => saveBuyer(intake, input),
    'counterparties.saveEscrow': (input) => saveEscrow(intake, input),
    'counterparties.remove': (input) => removeCounterparty(intake, input.kind, input.id),
    'counterparties.import': (input) => importCounterparties(intake, input.kind, input.data === undefined ? { csv: input.csv ?? '' } : { data: input.data }),
    'counterparties.export': (input) => exportCounterparties(intake, input.kind),
    'receivables.export': (input) => exportReceivablesFor(intake, input),
    'receivables.list': (input) => listReceivables(receivables, input),
    'receivables.get': (input) => getReceivable(receivables, input.id),
    'receivables.sync': () => syncReceivables(receivables),
    'receivables.link': (input) => linkDocument(receivables, input.id, input.documentId),
    'receivables.unlink': (input) => unlinkDocument(receivables, input.id, input.documentId),
    'receivables.update': (input) => updateReceivable(receivables, input),
    'receivables.setStatus': (input) => setStatus(receivables, input.id, input.status, input.reason),
    'checks.rules': () => checks.rules(),
    'checks.run': (input, ctx) => {
      const jobId = ws.ids('job');
      return checks.run((label, done, total) => ctx.emit('jobs.progress', { jobId, label, done, total }), input.asOf);
    },
    'checks.cancel': () => checks.cancel(),
    'checks.asOf': () => ok({ asOf: checks.asOf() }),
    'findings.list': (input) => checks.findings(input),
    'findings.waive': (input) => checks.waive(input.findingId, input.reason),
    'findings.confirmWaiver': (input) => checks.confirmWaiver(input.waiverId),
    'findings.rejectWaiver': (input) => checks.rejectWaiver(input.waiverId, input.reason),
    'policy.get': () => getPolicy(intake),
    'policy.history': () => policyHistory(intake),
    'policy.preview': (input) => previewPolicy(intake, input.policy),
    'policy.save': async (input, ctx) => {
      const saved = savePolicy(intake, input.policy, input.note);
      // The contract promises results under the new policy: once receivables have been checked,
      // check them again now rather than leave stale findings until someone presses Run.
      if (saved.ok && ws.db.prepare('SELECT 1 FROM receivables WHERE checked_at IS NOT NULL LIMIT 1').get()) {
        const jobId = ws.ids('job');
        const rerun = await checks.run((label, done, total) => ctx.emit('jobs.progress', { jobId, label: `New policy: ${label.toLowerCase()}`, done, total }));
        if (!rerun.ok) return rerun;
      }
      return saved;
    },
    'fingerprints.info': () => fingerprintInfo(intake),
    'fingerprints.setKey': (input) => setFingerprintKey(intake, input.key),
    'fingerprints.export': () => exportFingerprints(intake),
    'fingerprints.import': (input) => importFingerprints(intake, input.source, input.data),
  };
}
