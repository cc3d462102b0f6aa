import type {
  DocumentDetail,
  DocumentKind,
  DocumentStatus,
  DocumentSummary,
  ExtractedField,
  Extraction,
  FieldName,
  FieldValue,
  PageText,
  ReviewedField,
} from '../../shared/documents';
import { LOW_CONFIDENCE, fieldsFor } from '../../shared/documents';
import type { Database } from '../db/database';

type DocumentRow = {
  id: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size: number;
  status: DocumentStatus;
  kind: DocumentKind | null;
  kind_score: number | null;
  kind_overridden: 0 | 1;
  page_count: number | null;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  created_by: string;
  queued_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
  part_of: string | null;
  page_from: number | null;
  page_to: number | null;
};

/** A person's correction as stored: the value wins over the extracted one. */
export type Correction = { readonly value: FieldValue; readonly by: string; readonly at: string; readonly previous: FieldValue | null };

type FieldRow = { document_id: string; name: FieldName; extracted: string | null; corrected: string | null };
type PageRow = { n: number; width: number; height: number; method: PageText['method']; rotation: PageText['rotation']; confidence: number; words: string };

export type NewDocument = {
  readonly id: string;
  readonly sha256: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly createdAt: string;
  readonly createdBy: string;
};

export function insertDocument(db: Database, doc: NewDocument): void {
  db.prepare(
    `INSERT INTO documents (id, sha256, file_name, media_type, size, status, created_at, created_by, queued_at)
     VALUES (@id, @sha256, @fileName, @mediaType, @size, 'queued', @createdAt, @createdBy, @createdAt)`,
  ).run(doc);
}

/** The document already holding these bytes (the file's first, when it holds several), if any. */
export const findDocumentBySha = (db: Database, sha256: string): { id: string; file_name: string } | undefined =>
  db.prepare('SELECT id, file_name FROM documents WHERE sha256 = ? AND part_of IS NULL').get(sha256) as { id: string; file_name: string } | undefined;

/** One later document found in a file, with its pages. */
export type DocumentPartRow = { readonly id: string; readonly from: number; readonly to: number };

/**
 * Divides a read file into the documents it holds: the file's document keeps the first part's
 * pages, and each later part becomes a document of its own (same bytes, its own pages and status),
 * its stored pages and their search text moving with it. Runs inside the caller's transaction.
 */
export function splitIntoParts(db: Database, id: string, first: { from: number; to: number }, later: readonly DocumentPartRow[]): void {
  const row = getDocumentRow(db, id);
  if (!row) return;
  db.prepare('UPDATE documents SET page_from = ?, page_to = ?, page_count = ? WHERE id = ?').run(first.from, first.to, first.to - first.from + 1, id);
  const insert = db.prepare(
    `INSERT INTO documents (id, sha256, file_name, media_type, size, status, page_count, attempts, created_at, created_by, queued_at, part_of, page_from, page_to)
     VALUES (@id, @sha256, @fileName, @mediaType, @size, 'processing', @pageCount, 1, @createdAt, @createdBy, @queuedAt, @partOf, @from, @to)`,
  );
  const movePages = db.prepare('UPDATE document_pages SET document_id = @to WHERE document_id = @from AND n BETWEEN @first AND @last');
  const moveText = db.prepare('UPDATE document_text SET document_id = @to WHERE document_id = @from AND page BETWEEN @first AND @last');
  for (const part of later) {
    insert.run({
      id: part.id,
      sha256: row.sha256,
      fileName: row.file_name,
      mediaType: row.media_type,
      size: row.size,
      pageCount: part.to - part.from + 1,
      createdAt: row.created_at,
      createdBy: row.created_by,
      queuedAt: row.queued_at,
      partOf: id,
      from: part.from,
      to: part.to,
    });
    const range = { to: part.id, from: id, first: part.from, last: part.to };
    movePages.run(range);
    moveText.run(range);
  }
}

export const getDocumentRow = (db: Database, id: string): DocumentRow | undefined =>
  db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;

export type StatusChange = {
  readonly status: DocumentStatus;
  readonly error?: { readonly code: string; readonly message: string } | null;
  readonly pageCount?: number;
  readonly attempt?: boolean;
  readonly requeueAt?: string;
};

/** Moves a document to a new status (and records the error, page count or a new attempt). */
export function setDocumentStatus(db: Database, id: string, change: StatusChange): void {
  db.prepare(
    `UPDATE documents SET status = @status,
       error_code = CASE WHEN @keepError THEN error_code ELSE @errorCode END,
       error_message = CASE WHEN @keepError THEN error_message ELSE @errorMessage END,
       page_count = coalesce(@pageCount, page_count),
       attempts = attempts + @attempt,
       queued_at = coalesce(@requeueAt, queued_at)
     WHERE id = @id`,
  ).run({
    id,
    status: change.status,
    keepError: change.error === undefined ? 1 : 0,
    errorCode: change.error?.code ?? null,
    errorMessage: change.error?.message ?? null,
    pageCount: change.pageCount ?? null,
    attempt: change.attempt ? 1 : 0,
    requeueAt: change.requeueAt ?? null,
  });
}

/** A read interrupted this many times is not tried again automatically. */
export const QUARANTINE_AFTER = 2;

/**
 * Documents a crash left `processing` go back to the queue (their stored pages kept) — unless this
 * was their second interrupted read: those are quarantined, `failed` with DOCUMENT.QUARANTINED, so a
 * file that takes the reader down is not read again at every start. Returns the quarantined ids.
 */
export function requeueInterrupted(db: Database): { requeued: number; quarantined: { id: string; fileName: string }[] } {
  const interrupted = db.prepare("SELECT id, file_name, interruptions FROM documents WHERE status = 'processing'").all() as { id: string; file_name: string; interruptions: number }[];
  const quarantined: { id: string; fileName: string }[] = [];
  let requeued = 0;
  const bump = db.prepare('UPDATE documents SET interruptions = interruptions + 1 WHERE id = ?');
  for (const doc of interrupted) {
    bump.run(doc.id);
    if (doc.interruptions + 1 >= QUARANTINE_AFTER) {
      setDocumentStatus(db, doc.id, {
        status: 'failed',
        error: {
          code: 'DOCUMENT.QUARANTINED',
          message: `Reading ${doc.file_name} was interrupted ${doc.interruptions + 1} times (the app or the command stopped while reading it), so it is not read again automatically. Retry it by hand once the cause is known, or get a fresh copy of the file.`,
        },
      });
      quarantined.push({ id: doc.id, fileName: doc.file_name });
    } else {
      db.prepare("UPDATE documents SET status = 'queued' WHERE id = ?").run(doc.id);
      requeued += 1;
    }
  }
  return { requeued, quarantined };
}

/** A read the reader had to stop (over budget, or its thread died): counted like a crash of the app. */
export const countInterruption = (db: Database, id: string): void => {
  db.prepare('UPDATE documents SET interruptions = interruptions + 1 WHERE id = ?').run(id);
};

/** A person's retry: the document's interrupted reads are forgiven. */
export const clearInterruptions = (db: Database, id: string): void => {
  db.prepare('UPDATE documents SET interruptions = 0 WHERE id = ?').run(id);
};

/** Takes a queued document for reading; false when another reader (another window, the CLI) has it. */
export const claimDocument = (db: Database, id: string): boolean =>
  db.prepare("UPDATE documents SET status = 'processing', attempts = attempts + 1 WHERE id = ? AND status = 'queued'").run(id).changes === 1;

/** The oldest queued documents, skipping ones already being read. */
export const nextQueued = (db: Database, limit: number): { id: string }[] =>
  db.prepare("SELECT id FROM documents WHERE status = 'queued' ORDER BY queued_at, rowid LIMIT ?").all(limit) as { id: string }[];

/** Stores one read page and indexes its words for search, replacing an earlier read of it. */
export function upsertPage(db: Database, documentId: string, page: PageText): void {
  db.prepare(
    `INSERT INTO document_pages (document_id, n, width, height, method, rotation, confidence, words)
     VALUES (@documentId, @n, @width, @height, @method, @rotation, @confidence, @words)
     ON CONFLICT (document_id, n) DO UPDATE SET width = excluded.width, height = excluded.height, method = excluded.method,
       rotation = excluded.rotation, confidence = excluded.confidence, words = excluded.words`,
  ).run({ ...page, documentId, words: JSON.stringify(page.words) });
  db.prepare('DELETE FROM document_text WHERE document_id = ? AND page = ?').run(documentId, page.n);
  db.prepare('INSERT INTO document_text (document_id, page, text) VALUES (?, ?, ?)').run(
    documentId,
    page.n,
    page.words.map((w) => w.text).join(' '),
  );
}

/** Page numbers already stored for a document (what a resumed read can skip). */
export const storedPageNumbers = (db: Database, documentId: string): Set<number> =>
  new Set(db.prepare('SELECT n FROM document_pages WHERE document_id = ?').pluck().all(documentId) as number[]);

/** Every stored page of a document, in order. */
export function loadPages(db: Database, documentId: string): PageText[] {
  const rows = db.prepare('SELECT * FROM document_pages WHERE document_id = ? ORDER BY n').all(documentId) as PageRow[];
  return rows.map((row) => ({ ...row, words: JSON.parse(row.words) as PageText['words'] }));
}

/**
 * Records an extraction: kind and every field's extracted value. Fields the new extraction lacks
 * lose their extracted value; a person's corrections are kept either way.
 */
export function writeExtraction(db: Database, documentId: string, extraction: Extraction, overridden: boolean): void {
  db.prepare('UPDATE documents SET kind = ?, kind_score = ?, kind_overridden = ? WHERE id = ?').run(
    extraction.kind,
    extraction.kindScore,
    overridden ? 1 : 0,
    documentId,
  );
  db.prepare('UPDATE document_fields SET extracted = NULL WHERE document_id = ?').run(documentId);
  const upsert = db.prepare(
    `INSERT INTO document_fields (document_id, name, extracted) VALUES (?, ?, ?)
     ON CONFLICT (document_id, name) DO UPDATE SET extracted = excluded.extracted`,
  );
  for (const [name, field] of Object.entries(extraction.fields)) upsert.run(documentId, name, JSON.stringify(field));
  db.prepare('DELETE FROM document_fields WHERE document_id = ? AND extracted IS NULL AND corrected IS NULL').run(documentId);
}

/** Sets (or with null removes) a person's correction of one field. */
export function setCorrection(db: Database, documentId: string, name: FieldName, correction: Correction | null): void {
  db.prepare(
    `INSERT INTO document_fields (document_id, name, corrected) VALUES (?, ?, ?)
     ON CONFLICT (document_id, name) DO UPDATE SET corrected = excluded.corrected`,
  ).run(documentId, name, correction && JSON.stringify(correction));
  db.prepare('DELETE FROM document_fields WHERE document_id = ? AND extracted IS NULL AND corrected IS NULL').run(documentId);
}

export const markReviewed = (db: Database, documentId: string, by: string, at: string): void => {
  db.prepare("UPDATE documents SET status = 'reviewed', reviewed_at = ?, reviewed_by = ? WHERE id = ?").run(at, by, documentId);
};

/**
 * A field as it stands: the correction if a person made one, else the extracted value. Once a person
 * has reviewed the document, its low-confidence fields count as confirmed.
 */
function effectiveField(row: FieldRow, names: ReadonlyMap<string, string>, reviewed = false): ReviewedField | undefined {
  const extracted = row.extracted ? (JSON.parse(row.extracted) as ExtractedField) : null;
  const corrected = row.corrected ? (JSON.parse(row.corrected) as Correction) : null;
  if (corrected) {
    return {
      name: row.name,
      value: corrected.value,
      raw: extracted?.raw ?? String(corrected.value),
      confidence: 1,
      page: extracted?.page ?? null,
      bbox: extracted?.bbox ?? null,
      method: 'manual',
      correction: { by: corrected.by, byName: names.get(corrected.by) ?? corrected.by, at: corrected.at, previous: corrected.previous },
      lowConfidence: false,
    };
  }
  return extracted ? { name: row.name, ...extracted, lowConfidence: !reviewed && extracted.confidence < LOW_CONFIDENCE } : undefined;
}

const profileNames = (db: Database): Map<string, string> =>
  new Map((db.prepare('SELECT id, name FROM profiles').all() as { id: string; name: string }[]).map((p) => [p.id, p.name]));

function summarise(row: DocumentRow, fields: readonly ReviewedField[], methods: readonly string[], pagesDone: number, names: ReadonlyMap<string, string>): DocumentSummary {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const text = (name: FieldName): string | null => {
    const value = byName.get(name)?.value;
    return typeof value === 'string' ? value : null;
  };
  const amount = byName.get('total_amount')?.value;
  const distinct = [...new Set(methods)] as ('text_layer' | 'ocr')[];
  return {
    id: row.id,
    sha256: row.sha256,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size,
    status: row.status,
    kind: row.kind,
    kindScore: row.kind_score,
    kindOverridden: row.kind_overridden === 1,
    pages: row.page_count,
    pagesDone,
    pageRange: row.page_from !== null && row.page_to !== null ? { from: row.page_from, to: row.page_to } : null,
    partOf: row.part_of,
    method: distinct.length === 0 ? null : distinct.length === 1 ? (distinct[0] ?? null) : 'mixed',
    party: row.kind === 'bill_of_lading' ? text('shipper') : text('seller'),
    amount: typeof amount === 'number' ? amount : null,
    currency: text('currency'),
    confidence: fields.length > 0 ? Math.min(...fields.map((f) => f.confidence)) : null,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createdAt: row.created_at,
    createdBy: names.get(row.created_by) ?? row.created_by,
    reviewedAt: row.reviewed_at,
    reviewedBy: row.reviewed_by ? (names.get(row.reviewed_by) ?? row.reviewed_by) : null,
  };
}

export type DocumentFilter = { readonly text?: string | undefined; readonly status?: DocumentStatus | undefined; readonly kind?: DocumentKind | undefined };

/** Turns what a person typed into a safe FTS5 query: every word must appear (as a prefix). */
export const ftsQuery = (text: string): string | null => {
  const tokens = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return tokens.length === 0 ? null : tokens.map((t) => `"${t}"*`).join(' AND ');
};

/** Documents newest first, filtered by status, kind and full-text search over their pages. */
export function listDocuments(db: Database, filter: DocumentFilter = {}): DocumentSummary[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.status) {
    where.push('d.status = @status');
    params.status = filter.status;
  }
  if (filter.kind) {
    where.push('d.kind = @kind');
    params.kind = filter.kind;
  }
  const query = filter.text ? ftsQuery(filter.text) : null;
  if (filter.text && query === null) return [];
  if (query) {
    where.push('d.id IN (SELECT document_id FROM document_text WHERE document_text MATCH @query)');
    params.query = query;
  }
  const rows = db
    .prepare(`SELECT d.* FROM documents d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.created_at DESC, d.rowid DESC`)
    .all(params) as DocumentRow[];
  if (rows.length === 0) return [];
  const names = profileNames(db);
  const fieldRows = db.prepare('SELECT * FROM document_fields').all() as FieldRow[];
  const pageRows = db.prepare('SELECT document_id, method FROM document_pages').all() as { document_id: string; method: string }[];
  const fieldsByDoc = groupBy(fieldRows, (r) => r.document_id);
  const methodsByDoc = groupBy(pageRows, (r) => r.document_id);
  return rows.map((row) => {
    const fields = (fieldsByDoc.get(row.id) ?? []).map((f) => effectiveField(f, names, row.status === 'reviewed')).filter((f): f is ReviewedField => f !== undefined);
    const methods = (methodsByDoc.get(row.id) ?? []).map((p) => p.method);
    return summarise(row, fields, methods, methods.length, names);
  });
}

/** One document with its pages (without words) and its fields in the kind's order. */
export function getDocumentDetail(db: Database, id: string): DocumentDetail | undefined {
  const row = getDocumentRow(db, id);
  if (!row) return undefined;
  const names = profileNames(db);
  const fieldRows = db.prepare('SELECT * FROM document_fields WHERE document_id = ?').all(id) as FieldRow[];
  const order = fieldsFor(row.kind ?? 'other');
  const fields = fieldRows
    .map((f) => effectiveField(f, names, row.status === 'reviewed'))
    .filter((f): f is ReviewedField => f !== undefined)
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const pages = db
    .prepare('SELECT n, width, height, method, rotation, confidence FROM document_pages WHERE document_id = ? ORDER BY n')
    .all(id) as Omit<PageText, 'words'>[];
  return { ...summarise(row, fields, pages.map((p) => p.method), pages.length, names), pageList: pages, fields };
}

/** The current value of one field (correction or extraction), for audit entries. */
export function currentFieldValue(db: Database, id: string, name: FieldName): FieldValue | null {
  const row = db.prepare('SELECT * FROM document_fields WHERE document_id = ? AND name = ?').get(id, name) as FieldRow | undefined;
  return (row && effectiveField(row, new Map())?.value) ?? null;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}
