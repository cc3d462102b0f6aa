import { z } from 'zod';
import { ROLES } from './model';
import type { AppInfo, AuditRow, AuditVerification, Profile, Session, WorkspaceInfo } from './model';
import { BL_FIELDS, DOCUMENT_KINDS, DOCUMENT_STATUSES, INVOICE_FIELDS } from './documents';
import type { DocumentDetail, DocumentSummary, InboxSetting, IntakeProgress } from './documents';

/**
 * The one API contract. Every method is `feature.verb` with a zod input schema and an output type.
 * The Electron IPC handler, the preload's `window.quayside`, the test host's HTTP transport and the
 * renderer client are all generated from this object: adding a method is one entry here plus its
 * handler in `src/backend/api/handlers.ts` (the type checker insists on the handler).
 */

type MethodSpec<I extends z.ZodType, O> = {
  readonly input: I;
  /** Phantom: carries the output type, never read at run time. */
  readonly output: O;
  readonly summary: string;
};

const method = <O>() =>
  <I extends z.ZodType>(input: I, summary: string): MethodSpec<I, O> => ({ input, summary, output: undefined as O });

const none = z.object({}).strict();
const name = z.string().trim().min(1, 'Enter a name.').max(120, 'A name has at most 120 characters.');
const passphrase = z
  .string()
  .min(8, 'A passphrase needs at least 8 characters.')
  .max(1024, 'A passphrase has at most 1024 characters.');

export const AuditFilterSchema = z
  .object({
    text: z.string().max(200).optional(),
    action: z.string().max(80).optional(),
    actor: z.string().max(80).optional(),
    entity: z.string().max(80).optional(),
    limit: z.number().int().min(1).max(5000).default(500),
    /** Keyset paging: only entries with a smaller seq. */
    beforeSeq: z.number().int().min(1).optional(),
  })
  .strict();

const documentId = z.string().min(1).max(80);
const fieldNames = [...new Set([...INVOICE_FIELDS, ...BL_FIELDS])] as [string, ...string[]];

/** What intake did with each file of one `documents.ingest` call. */
export type IngestResult = {
  readonly accepted: readonly {
    readonly fileName: string;
    readonly documentId: string;
    /** Set when the same bytes were already in the workspace: no second document was made. */
    readonly duplicateOf: string | null;
  }[];
  readonly rejected: readonly { readonly fileName: string; readonly code: string; readonly message: string }[];
};

export const contract = {
  'app.info': method<AppInfo>()(none, 'Name, version and which shell the backend runs in.'),
  'workspace.info': method<WorkspaceInfo>()(none, 'The open workspace: path, schema version and counts.'),
  'session.get': method<Session>()(none, 'Who is signed in on this window, if anyone.'),
  'session.signIn': method<Session>()(
    z.object({ profileId: z.string().min(1), passphrase: z.string().min(1).max(1024) }).strict(),
    'Switch the active person; the passphrase proves it by unlocking their signing key.',
  ),
  'session.signOut': method<Session>()(none, 'Leave the workspace without an active person.'),
  'profiles.list': method<readonly Profile[]>()(none, 'Every local person with role and key fingerprint.'),
  'profiles.create': method<Profile>()(
    z.object({ name, role: z.enum(ROLES), passphrase }).strict(),
    'Create a person with an Ed25519 key encrypted under their passphrase. The first person needs no ' +
      'session and is signed in; later ones need an active risk officer.',
  ),
  'audit.list': method<{ readonly rows: readonly AuditRow[]; readonly total: number; readonly matched: number }>()(
    AuditFilterSchema,
    'Audit entries, newest first, filtered by text, action, actor or entity.',
  ),
  'audit.verify': method<AuditVerification>()(
    none,
    'Recompute the audit chain and name the first entry that was edited, deleted or reordered.',
  ),
  'documents.ingest': method<IngestResult>()(
    z
      .object({
        files: z
          .array(z.object({ name: z.string().trim().min(1).max(255), data: z.string().max(400_000_000) }).strict())
          .min(1, 'Choose at least one file.')
          .max(500, 'Ingest at most 500 files at a time.'),
      })
      .strict(),
    'Store files (base64) content-addressed and queue them for text reading and extraction; the same bytes twice become one document.',
  ),
  'documents.list': method<readonly DocumentSummary[]>()(
    z
      .object({
        text: z.string().max(200).optional(),
        status: z.enum(DOCUMENT_STATUSES).optional(),
        kind: z.enum(DOCUMENT_KINDS).optional(),
      })
      .strict(),
    'Documents, newest first; `text` searches all OCR and text-layer words (full-text).',
  ),
  'documents.get': method<DocumentDetail>()(z.object({ id: documentId }).strict(), 'One document with its pages and fields.'),
  'documents.file': method<{ readonly fileName: string; readonly mediaType: string; readonly data: string }>()(
    z.object({ id: documentId }).strict(),
    "The document's original bytes (base64), for the viewer.",
  ),
  'documents.correctField': method<DocumentDetail>()(
    z
      .object({
        id: documentId,
        field: z.enum(fieldNames),
        /** null removes the value. */
        value: z.union([z.string().max(2000), z.number(), z.array(z.string().max(200)).max(200)]).nullable(),
      })
      .strict(),
    'Correct a field; the correction wins over the extracted value and is audited (old → new, who, when).',
  ),
  'documents.setKind': method<DocumentDetail>()(
    z.object({ id: documentId, kind: z.enum(DOCUMENT_KINDS) }).strict(),
    "Override the classifier's kind; fields are extracted again for the new kind.",
  ),
  'documents.markReviewed': method<DocumentDetail>()(
    z.object({ id: documentId }).strict(),
    'Record that a person reviewed every field of the document.',
  ),
  'documents.cancel': method<DocumentSummary>()(z.object({ id: documentId }).strict(), 'Stop reading a queued or running document.'),
  'documents.retry': method<DocumentSummary>()(
    z.object({ id: documentId }).strict(),
    'Queue a failed or cancelled document again.',
  ),
  'intake.getInbox': method<InboxSetting>()(none, 'The watched inbox folder, if one is set.'),
  'intake.setInbox': method<InboxSetting>()(
    z.object({ dir: z.string().trim().min(1).max(4096).nullable() }).strict(),
    'Watch a folder: files that appear in it are added as documents on your behalf (null stops watching).',
  ),
} as const;

/** Events pushed from the backend to the page (progress of long jobs). */
export const events = {
  'jobs.progress': undefined as unknown as {
    readonly jobId: string;
    readonly label: string;
    readonly done: number;
    readonly total: number;
  },
  'documents.progress': undefined as unknown as IntakeProgress,
  /** A document was added, changed state or was edited; lists should refresh it. */
  'documents.changed': undefined as unknown as { readonly documentId: string },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E];
/** What a caller sends (defaults may be left out). */
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives after parsing. */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = Contract[M]['output'];

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** True when `value` names a contract method; used by every transport before dispatching. */
export const isMethodName = (value: unknown): value is MethodName =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);

export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value);
