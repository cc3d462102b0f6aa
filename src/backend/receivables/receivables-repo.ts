import type { LinkedDocument, LinkMethod, ReceivableStatus, ReceivableSummary, Severity } from '../../shared/checks';
import { fromMinor } from '../../shared/checks';
import type { ExtractedField, FieldName, FieldValue } from '../../shared/documents';
import { BL_FIELDS, INVOICE_FIELDS } from '../../shared/documents';
import type { FactField } from '../../core/checks/types';
import type { FieldPositions } from '../../core/checks/positions';
import type { Database } from '../db/database';
import type { Correction } from '../documents/documents-repo';

export type ReceivableRow = {
  id: string;
  invoice_document_id: string;
  status: ReceivableStatus;
  supplier_id: string | null;
  buyer_id: string | null;
  advance_minor: number | null;
  initial_margin_pct: number | null;
  funding_date: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  checked_at: string | null;
  policy_version: number | null;
  inputs_hash: string | null;
  /** Cached SummaryValues (JSON), or null when not computed yet. */
  summary: string | null;
};

/** Statuses a check run may move a receivable between; later ones are a person's decision. */
export const OPEN_STATUSES: readonly ReceivableStatus[] = ['draft', 'checked', 'eligible', 'ineligible'];

/** Documents whose fields are ready to be used (read, and possibly reviewed by a person). */
export const READY = "('extracted', 'reviewed')";

/** A B/L number as printed, folded for comparison: upper case, spaces and dashes removed. */
export const normalizeBlNumber = (value: string): string => value.toUpperCase().replace(/[\s\-‐‑–—]/g, '');

/** A list of ids as one JSON parameter, for `IN (SELECT value FROM json_each(?))`: one statement for any count. */
export const idList = (ids: Iterable<string>): string => JSON.stringify([...ids]);

/**
 * The current value of a stored field from its two JSON columns: a person's correction wins. Parsed
 * in JS on purpose: V8's JSON.parse is several times faster than SQLite's json_extract on these rows.
 */
export const storedValue = (extracted: string | null, corrected: string | null): FieldValue | null => {
  if (corrected) return (JSON.parse(corrected) as Correction).value;
  if (extracted) return (JSON.parse(extracted) as ExtractedField).value ?? null;
  return null;
};

/** Current values of some fields of a set of documents (chosen by a subquery), in one query. */
export function currentValues(
  db: Database,
  names: readonly FieldName[],
  documents: { readonly sql: string; readonly params?: readonly unknown[] },
  unsure?: Set<string>,
): Map<string, Partial<Record<FieldName, FieldValue>>> {
  const rows = db
    .prepare(
      `SELECT document_id, name, extracted, corrected FROM document_fields
       WHERE name IN (SELECT value FROM json_each(?)) AND document_id IN (${documents.sql})`,
    )
    .raw()
    .all(JSON.stringify(names), ...(documents.params ?? [])) as [string, FieldName, string | null, string | null][];
  const byDoc = new Map<string, Partial<Record<FieldName, FieldValue>>>();
  for (const [doc, name, extracted, corrected] of rows) {
    // Each stored field is parsed once: its value, and whether it was read unsurely.
    const read = corrected || !extracted ? null : (JSON.parse(extracted) as ExtractedField);
    const v = read ? (read.value ?? null) : storedValue(null, corrected);
    if (v === null) continue;
    if (unsure && read && (read.confidence ?? 1) < UNSURE_BELOW) unsure.add(unsureKey(doc, name));
    let fields = byDoc.get(doc);
    if (!fields) byDoc.set(doc, (fields = {}));
    fields[name] = v;
  }
  return byDoc;
}

/**
 * Where current field values come from: the stored fields by default, or values already read (the
 * checks' document facts) so that linking does not parse 200k stored fields a second time.
 */
export type ValuesSource = (documentIds: readonly string[], names: readonly FieldName[], unsure?: Set<string>) => Map<string, Partial<Record<FieldName, FieldValue>>>;

/** Below this confidence, a reading nobody confirmed is unsure: evidence for a match, never against one. */
export const UNSURE_BELOW = 0.5;
/** The key `unsure` sets hold: a document and one of its fields. */
export const unsureKey = (documentId: string, name: FieldName): string => `${documentId}\u0000${name}`;

/** Current values read from the stored fields. */
export const storedValues =
  (db: Database): ValuesSource =>
  (documentIds, names, unsure) =>
    documentIds.length === 0 ? new Map() : currentValues(db, names, { sql: 'SELECT value FROM json_each(?)', params: [idList(documentIds)] }, unsure);

export const getReceivableRow = (db: Database, id: string): ReceivableRow | undefined =>
  db.prepare('SELECT * FROM receivables WHERE id = ?').get(id) as ReceivableRow | undefined;

/** Invoice documents, read and not failed, that have no receivable yet (oldest first). */
export const invoicesWithoutReceivable = (db: Database): { id: string; file_name: string }[] =>
  db
    .prepare(
      `SELECT d.id, d.file_name FROM documents d
       WHERE d.kind = 'invoice' AND d.status IN ${READY}
         AND NOT EXISTS (SELECT 1 FROM receivables r WHERE r.invoice_document_id = d.id)
       ORDER BY d.created_at, d.rowid`,
    )
    .all() as { id: string; file_name: string }[];

export function insertReceivable(db: Database, row: { id: string; invoiceDocumentId: string; at: string; by: string }): void {
  db.prepare(
    `INSERT INTO receivables (id, invoice_document_id, status, created_at, created_by, updated_at)
     VALUES (@id, @invoiceDocumentId, 'draft', @at, @by, @at)`,
  ).run(row);
}

export type LinkRow = { receivable_id: string; document_id: string; method: LinkMethod; excluded: 0 | 1 };

/** Every link row, removed ones included (a person's unlink must be remembered). */
export const allLinks = (db: Database): LinkRow[] =>
  db.prepare('SELECT receivable_id, document_id, method, excluded FROM receivable_documents').all() as LinkRow[];

export const getLink = (db: Database, receivableId: string, documentId: string): LinkRow | undefined =>
  db
    .prepare('SELECT receivable_id, document_id, method, excluded FROM receivable_documents WHERE receivable_id = ? AND document_id = ?')
    .get(receivableId, documentId) as LinkRow | undefined;

/** Links a document, or restores a link a person removed (a person's manual link wins). */
export function upsertLink(db: Database, link: { receivableId: string; documentId: string; method: LinkMethod; at: string; by: string }): void {
  db.prepare(
    `INSERT INTO receivable_documents (receivable_id, document_id, method, excluded, linked_at, linked_by)
     VALUES (@receivableId, @documentId, @method, 0, @at, @by)
     ON CONFLICT (receivable_id, document_id) DO UPDATE SET method = excluded.method, excluded = 0,
       linked_at = excluded.linked_at, linked_by = excluded.linked_by`,
  ).run(link);
}

/** Marks a link removed by a person; the row stays so automatic linking never restores it. */
export const excludeLink = (db: Database, receivableId: string, documentId: string, at: string, by: string): void => {
  db.prepare('UPDATE receivable_documents SET excluded = 1, linked_at = ?, linked_by = ? WHERE receivable_id = ? AND document_id = ?').run(
    at,
    by,
    receivableId,
    documentId,
  );
};

/** Receivables that reference a document: as their invoice, or as a linked (not removed) B/L. */
export const receivablesOfDocument = (db: Database, documentId: string): string[] =>
  db
    .prepare(
      `SELECT id FROM receivables WHERE invoice_document_id = ?
       UNION SELECT receivable_id FROM receivable_documents WHERE document_id = ? AND excluded = 0`,
    )
    .pluck()
    .all(documentId, documentId) as string[];

/** B/L documents ready for linking, with their printed B/L number (null when none was read). */
export function billsOfLading(db: Database, source?: ValuesSource): { id: string; bl_number: FieldValue | null }[] {
  const scope = `SELECT id FROM documents WHERE kind = 'bill_of_lading' AND status IN ${READY}`;
  const ids = db.prepare(`${scope} ORDER BY created_at, rowid`).pluck().all() as string[];
  const numbers = source ? source(ids, ['bl_number']) : currentValues(db, ['bl_number'], { sql: scope });
  return ids.map((id) => ({ id, bl_number: numbers.get(id)?.bl_number ?? null }));
}

/**
 * Field changes linking has not seen yet (migration 17): the newest `seq` recorded, and whether any
 * document changed up to it is still unpaired — an invoice with a receivable linking may still change
 * that holds no B/L, or a B/L that no receivable holds. Only those documents' scored fields (parties,
 * goods, dates, quantities, containers) are read by linking; on paired ones it reads the B/L number
 * alone, whose changes move `link_epoch` instead.
 */
export function linkFieldChanges(db: Database): { readonly upTo: number; readonly unpaired: boolean } {
  const upTo = db.prepare('SELECT coalesce(max(seq), 0) FROM link_fields_changed').pluck().get() as number;
  if (upTo === 0) return { upTo, unpaired: false };
  const held = 'SELECT 1 FROM receivable_documents l WHERE l.excluded = 0';
  const unpaired = db
    .prepare(
      `SELECT 1 FROM link_fields_changed c JOIN documents d ON d.id = c.document_id WHERE c.seq <= ? AND (
         (d.kind = 'invoice' AND EXISTS (SELECT 1 FROM receivables r WHERE r.invoice_document_id = d.id AND r.status IN (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})
           AND NOT EXISTS (${held} AND l.receivable_id = r.id)))
         OR (d.kind = 'bill_of_lading' AND NOT EXISTS (${held} AND l.document_id = d.id))
       ) LIMIT 1`,
    )
    .pluck()
    .get(upTo);
  return { upTo, unpaired: unpaired !== undefined };
}

/** Forgets the field changes linking has now seen (those recorded up to `upTo`; later ones stay). */
export const forgetLinkFieldChanges = (db: Database, upTo: number): void => {
  if (upTo > 0) db.prepare('DELETE FROM link_fields_changed WHERE seq <= ?').run(upTo);
};

/**
 * B/L numbers changed since linking last looked (migration 18): the newest `seq` recorded, and the
 * documents changed up to it — null when more than `limit` changed (linking then reads everything).
 */
export function linkKeyChanges(db: Database, limit: number): { readonly upTo: number; readonly documents: readonly string[] | null } {
  const [count, upTo] = db.prepare('SELECT count(*), coalesce(max(seq), 0) FROM link_keys_changed').raw().get() as [number, number];
  if (count === 0 || count > limit) return { upTo, documents: count === 0 ? [] : null };
  return { upTo, documents: db.prepare('SELECT document_id FROM link_keys_changed WHERE seq <= ? ORDER BY seq').pluck().all(upTo) as string[] };
}

/** Forgets the B/L-number changes linking has now seen (those recorded up to `upTo`; later ones stay). */
export const forgetLinkKeyChanges = (db: Database, upTo: number): void => {
  if (upTo > 0) db.prepare('DELETE FROM link_keys_changed WHERE seq <= ?').run(upTo);
};

const ACTIVE_LINK = 'SELECT 1 FROM receivable_documents l WHERE l.excluded = 0';

/**
 * The receivables linking may still change that hold no B/L, and those of the invoices given — in
 * the order `linkableReceivables` gives them.
 */
export const receivablesAround = (db: Database, invoiceIds: readonly string[]): { id: string; invoice_document_id: string }[] =>
  db
    .prepare(
      `SELECT id, invoice_document_id FROM receivables r
       WHERE status IN (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})
         AND (invoice_document_id IN (SELECT value FROM json_each(?)) OR NOT EXISTS (${ACTIVE_LINK} AND l.receivable_id = r.id))
       ORDER BY created_at, rowid`,
    )
    .all(idList(invoiceIds)) as { id: string; invoice_document_id: string }[];

/** The ready B/Ls no receivable holds, and those given — in the order `billsOfLading` gives them. */
export const billsOfLadingAround = (db: Database, ids: readonly string[]): string[] =>
  db
    .prepare(
      `SELECT id FROM documents d WHERE kind = 'bill_of_lading' AND status IN ${READY}
         AND (id IN (SELECT value FROM json_each(?)) OR NOT EXISTS (${ACTIVE_LINK} AND l.document_id = d.id))
       ORDER BY created_at, rowid`,
    )
    .pluck()
    .all(idList(ids)) as string[];

/** The links of the receivables given and of the documents given. */
export const linksAround = (db: Database, receivableIds: readonly string[], documentIds: readonly string[]): LinkRow[] =>
  db
    .prepare(
      `SELECT receivable_id, document_id, method, excluded FROM receivable_documents
       WHERE receivable_id IN (SELECT value FROM json_each(?)) OR document_id IN (SELECT value FROM json_each(?))`,
    )
    .all(idList(receivableIds), idList(documentIds)) as LinkRow[];

/** Receivables automatic linking may still change, with the B/L number their invoice cites. */
export function linkableReceivables(db: Database, source?: ValuesSource): { id: string; invoice_document_id: string; bl_number: FieldValue | null }[] {
  const open = "status IN ('draft', 'checked', 'eligible', 'ineligible')";
  const rows = db.prepare(`SELECT id, invoice_document_id FROM receivables WHERE ${open} ORDER BY created_at, rowid`).all() as {
    id: string;
    invoice_document_id: string;
  }[];
  const numbers = source
    ? source(rows.map((r) => r.invoice_document_id), ['bl_number'])
    : currentValues(db, ['bl_number'], { sql: `SELECT invoice_document_id FROM receivables WHERE ${open}` });
  return rows.map((r) => ({ ...r, bl_number: numbers.get(r.invoice_document_id)?.bl_number ?? null }));
}

/** Every canonical field name, numbered: where a field's stored texts go in a digest. */
const FIELD_SLOTS: ReadonlyMap<string, number> = new Map([...new Set<string>([...INVOICE_FIELDS, ...BL_FIELDS])].map((name, i) => [name, i]));

/** A document's fields as the rules see them, and a digest of the stored rows they were read from. */
export type FactFields = {
  readonly fields: Partial<Record<FieldName, FactField>>;
  /** Hash of the stored texts (extracted, corrected) of the canonical fields, in a fixed order. */
  rowsDigest: string;
};

type FieldRow = [string, FieldName, string | null, string | null];

/**
 * Digests the rows of one document at a time, as they stream past: only the current document's
 * texts are held, whatever order its rows came in. Rows of a document must arrive together;
 * `finish` returns false when a document's rows came back after another's (then it needs a
 * second, ordered read).
 */
const rowsDigester = (hash: (text: string) => string) => {
  const slots = new Array<string | null>(FIELD_SLOTS.size * 2).fill(null);
  const done = new Set<string>();
  let current: string | null = null;
  return {
    add(doc: string, name: string, extracted: string | null, corrected: string | null, onDone: (doc: string, digest: string) => void): void {
      if (doc !== current) this.finish(onDone);
      current = doc;
      const slot = FIELD_SLOTS.get(name);
      if (slot === undefined) return;
      slots[slot * 2] = extracted;
      slots[slot * 2 + 1] = corrected;
    },
    finish(onDone: (doc: string, digest: string) => void): void {
      if (current === null) return;
      // The texts are JSON, so the separator cannot occur inside them; an absent field joins as ''.
      if (done.has(current)) onDone(current, '');
      else onDone(current, hash(slots.join('\u0001')));
      done.add(current);
      slots.fill(null);
      current = null;
    },
  };
};

/**
 * Every field of many documents as the rules see it, in one query: a person's correction wins, and
 * a field counts as confirmed once corrected or once its document was reviewed (`reviewed`).
 * `'all'` reads every stored field (a full run) instead of passing the ids. Each document also gets
 * the digest of its stored rows (`hash` over their texts), for the inputs hash of check results;
 * pages and boxes go into `positions`.
 */
export function loadFactFields(
  db: Database,
  documentIds: readonly string[] | 'all',
  reviewed: ReadonlySet<string>,
  hash: (text: string) => string,
  positions: FieldPositions,
): Map<string, FactFields> {
  const statement =
    documentIds === 'all'
      ? db.prepare('SELECT document_id, name, extracted, corrected FROM document_fields')
      : db.prepare('SELECT document_id, name, extracted, corrected FROM document_fields WHERE document_id IN (SELECT value FROM json_each(?))');
  const rows = (documentIds === 'all' ? statement.raw().iterate() : statement.raw().iterate(idList(documentIds))) as IterableIterator<FieldRow>;
  const byDoc = new Map<string, FactFields>();
  // Rows come in storage order, which keeps a document's rows together unless they were rewritten
  // at different times; those few documents are read again in order.
  const scattered: string[] = [];
  const digester = rowsDigester(hash);
  const onDone = (doc: string, digest: string): void => {
    if (digest === '') scattered.push(doc);
    else byDoc.get(doc)!.rowsDigest = digest;
  };
  for (const [doc, name, extractedText, correctedText] of rows) {
    let entry = byDoc.get(doc);
    if (!entry) byDoc.set(doc, (entry = { fields: {}, rowsDigest: '' }));
    digester.add(doc, name, extractedText, correctedText, onDone);
    const extracted = extractedText ? (JSON.parse(extractedText) as ExtractedField) : null;
    const corrected = correctedText ? (JSON.parse(correctedText) as Correction) : null;
    const value = corrected ? corrected.value : extracted?.value;
    if (value === undefined) continue;
    const reading = extracted?.xmlPath === undefined ? undefined : extracted.pageReading;
    entry.fields[name] = {
      value,
      confidence: corrected ? 1 : (extracted?.confidence ?? 0),
      confirmed: corrected !== null || reviewed.has(doc),
      at: positions.add(extracted?.page ?? null, extracted?.bbox ?? null),
      // Only e-invoice fields carry a page reading; other fields keep the usual shape.
      ...(reading && extracted ? { pageReading: { xml: extracted.value, value: reading.value, confidence: reading.confidence, at: positions.add(reading.page, reading.bbox) } } : {}),
    };
  }
  digester.finish(onDone);
  if (scattered.length > 0) {
    const again = rowsDigester(hash);
    const ordered = db
      .prepare('SELECT document_id, name, extracted, corrected FROM document_fields WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id')
      .raw()
      .iterate(idList([...new Set(scattered)])) as IterableIterator<FieldRow>;
    const store = (doc: string, digest: string): void => void (byDoc.get(doc)!.rowsDigest = digest);
    for (const [doc, name, extracted, corrected] of ordered) again.add(doc, name, extracted, corrected, store);
    again.finish(store);
  }
  return byDoc;
}

export type ReceivableFilter = {
  readonly status?: ReceivableStatus | undefined;
  readonly text?: string | undefined;
  readonly ids?: readonly string[] | undefined;
  /** A page of at most this many receivables (before the text filter). */
  readonly limit?: number | undefined;
  /** Only receivables after this one in the list's order (newest first): the last of the page before. */
  readonly after?: { readonly createdAt: string; readonly id: string } | undefined;
};

const SUMMARY_FIELDS: readonly FieldName[] = [
  'invoice_number',
  'issue_date',
  'due_date',
  'currency',
  'total_amount',
  'seller',
  'buyer',
  'goods_description',
  'quantity',
  'quantity_unit',
];

/** The values of a receivable the grid shows that come from its documents (cached in `receivables.summary`). */
export type SummaryValues = Pick<
  ReceivableSummary,
  'invoiceNumber' | 'issueDate' | 'dueDate' | 'currency' | 'amount' | 'sellerName' | 'buyerName' | 'goods' | 'quantity' | 'quantityUnit' | 'blNumbers'
>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : value === null || value === undefined ? null : String(value));
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** Summary values from the invoice's current field values and the linked B/Ls' numbers. */
export const summaryValuesOf = (inv: Partial<Record<FieldName, FieldValue>>, blNumbers: readonly string[]): SummaryValues => ({
  invoiceNumber: text(inv.invoice_number),
  issueDate: text(inv.issue_date),
  dueDate: text(inv.due_date),
  currency: text(inv.currency),
  amount: num(inv.total_amount),
  sellerName: text(inv.seller),
  buyerName: text(inv.buyer),
  goods: text(inv.goods_description),
  quantity: num(inv.quantity),
  quantityUnit: text(inv.quantity_unit),
  blNumbers,
});

/** Summary values of some receivables computed from the stored fields (three queries for any count). */
function computeSummaryValues(db: Database, scope: { sql: string; params: readonly unknown[] }): Map<string, SummaryValues> {
  const receivables = db
    .prepare(`SELECT id, invoice_document_id FROM receivables WHERE id IN (${scope.sql})`)
    .raw()
    .all(...scope.params) as [string, string][];
  const invoices = currentValues(db, SUMMARY_FIELDS, { sql: `SELECT invoice_document_id FROM receivables WHERE id IN (${scope.sql})`, params: scope.params });
  const bls = db
    .prepare(
      `SELECT rd.receivable_id, bf.extracted, bf.corrected FROM receivable_documents rd
       JOIN documents bd ON bd.id = rd.document_id AND bd.kind = 'bill_of_lading'
       JOIN document_fields bf ON bf.document_id = rd.document_id AND bf.name = 'bl_number'
       WHERE rd.excluded = 0 AND rd.receivable_id IN (${scope.sql})
       ORDER BY rd.linked_at, rd.document_id`,
    )
    .raw()
    .all(...scope.params) as [string, string | null, string | null][];
  const numbers = new Map<string, string[]>();
  for (const [id, extracted, corrected] of bls) {
    const v = storedValue(extracted, corrected);
    if (v === null) continue;
    const list = numbers.get(id);
    if (list) list.push(String(v));
    else numbers.set(id, [String(v)]);
  }
  return new Map(receivables.map(([id, doc]) => [id, summaryValuesOf(invoices.get(doc) ?? {}, numbers.get(id) ?? [])]));
}

/** Recomputes the cached summary values of receivables (after their documents or links changed). */
export function refreshSummaries(db: Database, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const values = computeSummaryValues(db, { sql: 'SELECT value FROM json_each(?)', params: [idList(ids)] });
  const write = db.prepare('UPDATE receivables SET summary = ? WHERE id = ?');
  for (const [id, v] of values) write.run(JSON.stringify(v), id);
}

type SummaryRow = ReceivableRow & { file_name: string; supplier_name: string | null; buyer_cp_name: string | null };

type Counts = { fail: number; warn: number; info: number; waived: number };

/**
 * Open findings per receivable and severity, and how many are waived: counted from the
 * (receivable, severity) index alone, then corrected by the few confirmed waivers that hold for
 * the receivable's current inputs.
 */
function findingCounts(db: Database, scope: { sql: string; params: readonly unknown[] } | null): Map<string, Counts> {
  const filter = scope ? `WHERE receivable_id IN (${scope.sql})` : '';
  const rows = db
    .prepare(`SELECT receivable_id, severity, count(*) FROM findings ${filter} GROUP BY receivable_id, severity`)
    .raw()
    .all(...(scope?.params ?? [])) as [string, Severity, number][];
  const counts = new Map<string, Counts>();
  const of = (id: string): Counts => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = { fail: 0, warn: 0, info: 0, waived: 0 }));
    return c;
  };
  for (const [id, severity, n] of rows) of(id)[severity] += n;
  const waived = db
    .prepare(
      `SELECT f.receivable_id, f.severity, count(DISTINCT f.id) FROM waivers w
       JOIN findings f ON f.id = w.finding_id AND f.inputs_hash = w.inputs_hash
       JOIN receivables r ON r.id = f.receivable_id AND r.inputs_hash = w.inputs_hash
       WHERE w.status = 'confirmed' ${scope ? `AND f.receivable_id IN (${scope.sql})` : ''}
       GROUP BY f.receivable_id, f.severity`,
    )
    .raw()
    .all(...(scope?.params ?? [])) as [string, Severity, number][];
  for (const [id, severity, n] of waived) {
    const c = of(id);
    c[severity] -= n;
    c.waived += n;
  }
  return counts;
}

const NO_COUNTS: Counts = { fail: 0, warn: 0, info: 0, waived: 0 };

const toSummary = (row: SummaryRow, values: SummaryValues, counts: Counts): ReceivableSummary => ({
  id: row.id,
  status: row.status,
  invoiceDocumentId: row.invoice_document_id,
  invoiceFileName: row.file_name,
  ...values,
  supplierId: row.supplier_id,
  supplierName: row.supplier_name,
  buyerId: row.buyer_id,
  buyerCounterpartyName: row.buyer_cp_name,
  advanceAmount: row.advance_minor === null ? null : fromMinor(row.advance_minor, values.currency ?? 'USD'),
  initialMarginPct: row.initial_margin_pct,
  fundingDate: row.funding_date,
  counts: { ...counts },
  checkedAt: row.checked_at,
  policyVersion: row.policy_version,
  createdAt: row.created_at,
});

const matchesText = (summary: ReceivableSummary, needle: string): boolean =>
  [summary.invoiceNumber, summary.sellerName, summary.buyerName, summary.goods, summary.supplierName, summary.buyerCounterpartyName, summary.invoiceFileName, summary.id, ...summary.blNumbers].some(
    (v) => v !== null && v.toLowerCase().includes(needle),
  );

/**
 * Receivables newest first with their invoice's values and finding counts, in one statement whatever
 * the count: findings are counted per receivable in a grouped subquery (no query per row), and the
 * invoice values come from the `summary` cache column, so the grid and the export stay fast at 100k
 * receivables. Counts are of open findings; a finding under a confirmed waiver for the receivable's
 * current inputs counts as waived.
 */
export function listReceivableSummaries(db: Database, filter: ReceivableFilter = {}): ReceivableSummary[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.ids) {
    where.push('id IN (SELECT value FROM json_each(?))');
    params.push(idList(filter.ids));
  }
  if (filter.after) {
    where.push('(created_at, id) < (?, ?)');
    params.push(filter.after.createdAt, filter.after.id);
  }
  const paged = filter.limit !== undefined;
  if (paged) params.push(filter.limit);
  // The page is chosen by the index on (created_at, id), then read with its joins and counts.
  const scope = `SELECT id FROM receivables ${where.length ? `WHERE ${where.join(' AND ')}` : ''}${paged ? ' ORDER BY created_at DESC, id DESC LIMIT ?' : ''}`;
  const scoped = where.length > 0 || paged;
  const rows = db
    .prepare(
      `SELECT r.*, d.file_name, s.legal_name AS supplier_name, b.legal_name AS buyer_cp_name
      FROM receivables r
      JOIN documents d ON d.id = r.invoice_document_id
      LEFT JOIN suppliers s ON s.id = r.supplier_id
      LEFT JOIN buyers b ON b.id = r.buyer_id
      ${scoped ? `WHERE r.id IN (${scope})` : ''}
      ORDER BY r.created_at DESC, r.id DESC`,
    )
    .all(...params) as SummaryRow[];
  const counts = findingCounts(db, scoped ? { sql: scope, params } : null);
  // The cached values, computed from the stored fields only where the cache is empty.
  const missing = rows.filter((row) => row.summary === null).map((row) => row.id);
  const computed = missing.length > 0 ? computeSummaryValues(db, { sql: 'SELECT value FROM json_each(?)', params: [idList(missing)] }) : new Map<string, SummaryValues>();
  const summaries = rows.map((row) =>
    toSummary(row, row.summary !== null ? (JSON.parse(row.summary) as SummaryValues) : (computed.get(row.id) ?? summaryValuesOf({}, [])), counts.get(row.id) ?? NO_COUNTS),
  );
  const needle = filter.text?.trim().toLowerCase();
  return needle ? summaries.filter((s) => matchesText(s, needle)) : summaries;
}

/** The invoice and the linked (not removed) bills of lading of one receivable. */
export function linkedDocuments(db: Database, receivable: ReceivableRow): LinkedDocument[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.file_name, rd.method, f.extracted, f.corrected
       FROM receivable_documents rd JOIN documents d ON d.id = rd.document_id
       LEFT JOIN document_fields f ON f.document_id = d.id AND f.name = 'bl_number'
       WHERE rd.receivable_id = ? AND rd.excluded = 0
       ORDER BY rd.linked_at, d.file_name`,
    )
    .all(receivable.id) as { id: string; file_name: string; method: LinkMethod; extracted: string | null; corrected: string | null }[];
  const invoice = db.prepare('SELECT file_name FROM documents WHERE id = ?').pluck().get(receivable.invoice_document_id) as string;
  return [
    { documentId: receivable.invoice_document_id, fileName: invoice, kind: 'invoice', blNumber: null, method: 'invoice' },
    ...rows.map((row) => ({
      documentId: row.id,
      fileName: row.file_name,
      kind: 'bill_of_lading' as const,
      blNumber: text(storedValue(row.extracted, row.corrected)),
      method: row.method,
    })),
  ];
}

/** Records the advance (minor units), the initial margin and the funding date. */
export function updateTerms(
  db: Database,
  id: string,
  terms: { advanceMinor: number | null; initialMarginPct: number | null; fundingDate: string | null; at: string },
): void {
  db.prepare(
    'UPDATE receivables SET advance_minor = @advanceMinor, initial_margin_pct = @initialMarginPct, funding_date = @fundingDate, updated_at = @at WHERE id = @id',
  ).run({ id, ...terms });
}

/** A person's status decision; later re-checks keep it unless a failing finding appears. */
export const setReceivableStatus = (db: Database, id: string, status: ReceivableStatus, at: string, by: string): void => {
  db.prepare('UPDATE receivables SET status = ?, status_by = ?, updated_at = ? WHERE id = ?').run(status, by, at, id);
};
