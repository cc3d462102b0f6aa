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

export type HandlerDeps = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly app: AppInfo;
  readonly intake: IntakeContext;
  /** Absent for one-shot CLI commands, which store the setting for the app to watch. */
  readonly inbox: InboxWatcher | undefined;
};

/** One handler per contract method; the `Handlers` type makes a missing one a compile error. */
export function createHandlers({ ws, session, app, intake, inbox }: HandlerDeps): Handlers {
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
  };
}
