import { z } from 'zod';
import { ROLES } from './model';
import type { AppInfo, AuditCheckpoint, AuditRow, AuditVerification, CheckpointCheck, Profile, Session, WorkspaceInfo } from './model';
import { BL_FIELDS, DOCUMENT_KINDS, DOCUMENT_STATUSES, INVOICE_FIELDS } from './documents';
import type { DocumentDetail, DocumentSummary, InboxSetting, IntakeProgress } from './documents';
import { COUNTERPARTY_KINDS, RECEIVABLE_STATUSES, RULE_CATEGORIES, SEVERITIES, UNITS } from './checks';
import type {
  Buyer,
  CheckRunSummary,
  Counterparties,
  EscrowAccount,
  Finding,
  ImportReport,
  ReceivableDetail,
  ReceivableSummary,
  RuleInfo,
  Supplier,
} from './checks';
import type { PolicyChange, PolicyVersion } from './policy';

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

const entityId = z.string().trim().min(1).max(80);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as yyyy-mm-dd.');
const countryCode = z.string().trim().regex(/^[A-Za-z]{2}$/, 'Use a two-letter country code such as VN.').transform((c) => c.toUpperCase());
const currencyCode = z.string().trim().regex(/^[A-Za-z]{3}$/, 'Use an ISO 4217 code such as USD.').transform((c) => c.toUpperCase());
const optionalText = (max: number) => z.string().trim().max(max).nullable().default(null);
const aliases = z.array(z.string().trim().min(1).max(200)).max(50).default([]);

export const SupplierInputSchema = z
  .object({
    id: entityId.optional(),
    legalName: z.string().trim().min(1, 'Enter the legal name.').max(200),
    aliases,
    country: countryCode,
    registrationId: optionalText(80),
    industry: optionalText(120),
    capacities: z
      .array(
        z
          .object({
            product: z.string().trim().min(1, 'Name the product.').max(120),
            quantityPerMonth: z.number().positive('Capacity must be more than zero.'),
            unit: z.enum(UNITS),
            evidenceDocumentId: entityId.nullable().default(null),
            evidenceNote: optionalText(500),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();

export const BuyerInputSchema = z
  .object({
    id: entityId.optional(),
    legalName: z.string().trim().min(1, 'Enter the legal name.').max(200),
    aliases,
    country: countryCode,
    rating: optionalText(20),
    probabilityOfDefault: z.number().min(0).max(1, 'Probability of default is a share between 0 and 1.').nullable().default(null),
    insurance: z
      .object({
        insurer: z.string().trim().min(1, 'Name the insurer.').max(200),
        policyNumber: z.string().trim().min(1, 'Enter the policy number.').max(80),
        creditLimit: z.number().positive('The credit limit must be more than zero.'),
        currency: currencyCode,
        indemnityPct: z.number().min(0).max(100),
        waitingPeriodDays: z.number().int().min(0).max(720),
        expiry: isoDate,
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export const EscrowInputSchema = z
  .object({
    id: entityId.optional(),
    bank: z.string().trim().min(1, 'Name the bank.').max(200),
    account: z
      .string()
      .trim()
      .min(4, 'Enter the IBAN or account number.')
      .max(64)
      .transform((a) => a.replace(/[\s./-]/g, '').toUpperCase()),
    currency: currencyCode,
    vehicle: z.string().trim().min(1, 'Name the pool vehicle that owns the account.').max(200),
  })
  .strict();

export const FindingFilterSchema = z
  .object({
    receivableId: entityId.optional(),
    severity: z.enum(SEVERITIES).optional(),
    category: z.enum(RULE_CATEGORIES).optional(),
    ruleId: z.string().max(80).optional(),
    /** Waived findings are left out unless asked for. */
    includeWaived: z.boolean().default(true),
    limit: z.number().int().min(1).max(100_000).default(5000),
  })
  .strict();

/** A file handed back to the page to save (base64 for binary formats). */
export type ExportedFile = { readonly fileName: string; readonly mediaType: string; readonly data: string; readonly encoding: 'utf8' | 'base64' };

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
  'audit.checkpoint': method<AuditCheckpoint>()(
    none,
    "A checkpoint of the trail as it stands (last entry's seq and hash), signed by the signed-in person, else the workspace's system key.",
  ),
  'audit.checkCheckpoint': method<CheckpointCheck>()(
    z.object({ checkpoint: z.unknown() }).strict(),
    'Whether the trail still holds what a checkpoint vouched for, or how it was cut or rewritten since.',
  ),
  'documents.ingest': method<IngestResult>()(
    z
      .object({
        files: z
          // A name is checked per file when it is ingested (one odd name never refuses the whole batch).
          .array(z.object({ name: z.string().max(1024), data: z.string().max(400_000_000) }).strict())
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
  'counterparties.list': method<Counterparties>()(none, 'Every supplier, buyer and escrow account.'),
  'counterparties.saveSupplier': method<Supplier>()(
    SupplierInputSchema,
    'Create or update a supplier with aliases and declared production capacity (audited).',
  ),
  'counterparties.saveBuyer': method<Buyer>()(BuyerInputSchema, 'Create or update a buyer with its trade credit insurance (audited).'),
  'counterparties.saveEscrow': method<EscrowAccount>()(EscrowInputSchema, "Create or update one of the pool's escrow accounts (audited)."),
  'counterparties.remove': method<{ readonly removed: true }>()(
    z.object({ kind: z.enum(COUNTERPARTY_KINDS), id: entityId }).strict(),
    'Remove a counterparty; receivables that matched it become unmatched findings.',
  ),
  'counterparties.import': method<ImportReport>()(
    z
      .object({
        kind: z.enum(COUNTERPARTY_KINDS),
        /** The file as text, already decoded by the caller… */
        csv: z.string().min(1, 'The file is empty.').max(20_000_000).optional(),
        /** …or its bytes as base64 (at most 20 MB), decoded by the backend: UTF-8, UTF-16 with BOM, Windows-1252. */
        data: z.string().min(1, 'The file is empty.').max(26_666_668, 'A CSV file may have at most 20 MB.').optional(),
      })
      .strict()
      .refine((input) => (input.csv === undefined) !== (input.data === undefined), 'Send the file either as csv (text) or as data (base64 bytes).'),
    'Import suppliers, buyers or escrow accounts from CSV; rows are matched by id or legal name, bad rows are reported by line.',
  ),
  'counterparties.export': method<ExportedFile>()(
    z.object({ kind: z.enum(COUNTERPARTY_KINDS) }).strict(),
    'Export suppliers, buyers or escrow accounts as CSV in the import format.',
  ),
  'receivables.list': method<readonly ReceivableSummary[]>()(
    z
      .object({
        status: z.enum(RECEIVABLE_STATUSES).optional(),
        text: z.string().max(200).optional(),
        // A page: at most `limit` receivables, those after the one given (the last of the page before).
        limit: z.number().int().min(1).max(100_000).optional(),
        after: z.object({ createdAt: z.string().max(40), id: entityId }).strict().optional(),
      })
      .strict(),
    'Receivables with their finding counts, newest first; in pages with `limit` and `after` (the last receivable of the page before).',
  ),
  'receivables.get': method<ReceivableDetail>()(z.object({ id: entityId }).strict(), 'One receivable with its documents and findings.'),
  'receivables.sync': method<{ readonly created: number; readonly linked: number }>()(
    none,
    'Make a receivable for every extracted invoice and link bills of lading by B/L number, or by parties, goods and dates.',
  ),
  'receivables.link': method<ReceivableDetail>()(
    z.object({ id: entityId, documentId: entityId }).strict(),
    'Link a bill of lading to a receivable by hand (audited).',
  ),
  'receivables.unlink': method<ReceivableDetail>()(
    z.object({ id: entityId, documentId: entityId }).strict(),
    'Remove a bill of lading from a receivable (audited).',
  ),
  'receivables.update': method<ReceivableDetail>()(
    z
      .object({
        id: entityId,
        advanceAmount: z.number().min(0).nullable().optional(),
        initialMarginPct: z.number().min(0).max(100).nullable().optional(),
        fundingDate: isoDate.nullable().optional(),
      })
      .strict(),
    'Record the advance, the initial margin and the funding date; the receivable is checked again.',
  ),
  'receivables.setStatus': method<ReceivableDetail>()(
    z.object({ id: entityId, status: z.enum(RECEIVABLE_STATUSES), reason: z.string().trim().max(2000).optional() }).strict(),
    'Move a receivable to another status where the lifecycle allows it (audited).',
  ),
  'receivables.export': method<ExportedFile>()(
    z
      .object({
        format: z.enum(['csv', 'xlsx']),
        ids: z.array(entityId).max(200_000).optional(),
        columns: z.array(z.string().max(60)).max(60).optional(),
      })
      .strict(),
    'Export receivables (all, or the ids given, with the columns given) as CSV or XLSX.',
  ),
  'policy.get': method<PolicyVersion>()(none, 'The policy in force.'),
  'policy.history': method<readonly PolicyVersion[]>()(none, 'Every saved policy version, newest first.'),
  'policy.preview': method<{
    readonly valid: boolean;
    readonly errors: readonly { readonly path: string; readonly message: string }[];
    readonly changes: readonly PolicyChange[];
  }>()(z.object({ policy: z.unknown() }).strict(), 'Validate a policy draft and list what it changes against the policy in force.'),
  'policy.save': method<PolicyVersion>()(
    z.object({ policy: z.unknown(), note: z.string().trim().min(1, 'Say why the policy changes.').max(2000) }).strict(),
    'Save a new policy version (risk officers; audited with the diff). Receivables are checked again under it.',
  ),
  'checks.rules': method<readonly RuleInfo[]>()(none, 'Every rule with its category, reference and default severity.'),
  'checks.run': method<CheckRunSummary>()(
    z
      .object({
        /**
         * Evaluate as of this date (the planned funding date) and keep it for later re-checks; null
         * goes back to today. Receivables with their own funding date use that.
         */
        asOf: isoDate.nullable().optional(),
      })
      .strict(),
    'Build receivables from the documents, then evaluate every rule on every receivable under the policy in force.',
  ),
  'checks.cancel': method<{ readonly cancelled: boolean }>()(
    none,
    'Cancel the running check run (and any queued behind it); it saves nothing. False when none was running.',
  ),
  'checks.asOf': method<{ readonly asOf: string }>()(none, 'The date the checks evaluate against (a stored funding date, or today).'),
  'findings.list': method<readonly Finding[]>()(FindingFilterSchema, 'Findings of the last evaluation, worst first.'),
  'findings.waive': method<Finding>()(
    z.object({ findingId: z.string().min(1).max(300), reason: z.string().trim().min(10, 'Give a reason of at least 10 characters.').max(2000) }).strict(),
    'Ask to waive a finding with a reason (risk officers); it takes effect when a second person confirms.',
  ),
  'findings.confirmWaiver': method<Finding>()(
    z.object({ waiverId: entityId }).strict(),
    "Confirm another risk officer's waiver (four eyes); the requester cannot confirm their own.",
  ),
  'findings.rejectWaiver': method<Finding>()(
    z.object({ waiverId: entityId, reason: z.string().trim().max(2000).optional() }).strict(),
    'Reject a pending waiver; the finding stays open.',
  ),
  'fingerprints.info': method<{ readonly keyId: string; readonly own: number; readonly imported: number; readonly sources: readonly string[] }>()(
    none,
    'The double-financing key in use (by its id) and how many fingerprints are known.',
  ),
  'fingerprints.setKey': method<{ readonly keyId: string }>()(
    z.object({ key: z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'The key is 64 hexadecimal digits (32 bytes).') }).strict(),
    'Use the consortium key shared between co-managers, so fingerprints can be compared (risk officers).',
  ),
  'fingerprints.export': method<ExportedFile>()(
    none,
    "Export keyed fingerprints of this workspace's invoices; they reveal nothing without the key.",
  ),
  'fingerprints.import': method<{ readonly imported: number; readonly matches: number }>()(
    z.object({ source: z.string().trim().min(1).max(200), data: z.string().min(2).max(200_000_000) }).strict(),
    "Import another co-manager's fingerprints; an invoice of ours among them becomes a double-financing finding.",
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
  /** A file in the watched inbox folder was not added (it is listed on Settings and in the audit trail). */
  'inbox.rejected': undefined as unknown as { readonly fileName: string; readonly code: string; readonly message: string },
  /** Receivables were created, linked, edited or checked again; grids should refresh. */
  'receivables.changed': undefined as unknown as { readonly ids: readonly string[] },
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
