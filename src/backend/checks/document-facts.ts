/**
 * Each read document's facts as the rules see them, kept in `document_facts` (one compact row per
 * document) so a check run reads one row per document instead of every stored field with its JSON.
 * Rows are built from the stored fields, corrections and text signals; triggers delete a row as soon
 * as anything it came from changes, and the next gather builds it again.
 */
import type { BBox, FieldName, FieldValue, PageText } from '../../shared/documents';
import { fieldsFor } from '../../shared/documents';
import { documentSignals } from '../../core/checks/signals';
import type { FieldPositions } from '../../core/checks/positions';
import { FieldPositions as Positions } from '../../core/checks/positions';
import type { DocumentFacts, DocumentSignals, FactField } from '../../core/checks/types';
import type { Database } from '../db/database';
import { DOCUMENT_FACTS_TRIGGERS } from '../db/migrations/010-document-facts';
import { sha256Hex } from '../crypto/hash';
import { idList, loadFactFields } from '../receivables/receivables-repo';
import { invoiceFingerprint, invoicePartsOf, keyIdOf, readKey } from './fingerprints';

/**
 * Version of the text detectors whose results `document_signals` caches. Bump it whenever
 * `core/checks/signals.ts` finds something new, so every cached row is recomputed once
 * (3: line amounts of goods tables that run over several pages; 5: a goods table ends at the
 * summary block in any language; 6: the reading confidence of each line's figures, and summary figures below the goods lines read when the table runs on; 7: summary lines
 * printed without a readable figure; 8: payment terms "payment within N days", and never an amount
 * after "Total Net"; 9: payment terms in the other languages, never a net weight's "net"; a rate is
 * no line figure; a scan's defect words a letter off as clauses to confirm; 10: a speck of dust on a
 * scan is no word).
 */
export const SIGNALS_VERSION = 10;

/** Version of how a `document_facts` row is built; a row of another version (or signals version) is built again (3: an invoice's fingerprint). */
const FACTS_VERSION = 3;
const ROW_VERSION = FACTS_VERSION * 1000 + SIGNALS_VERSION;

/** Documents (as `d`) whose facts the rules read: read (and perhaps reviewed), of a kind the rules know. */
const USABLE = "d.status IN ('extracted', 'reviewed') AND d.kind IN ('invoice', 'bill_of_lading')";
// The same for a few ids: `+` keeps SQLite from scanning the status index instead of looking them up.
const USABLE_IDS = "d.id IN (SELECT value FROM json_each(?)) AND +d.status IN ('extracted', 'reviewed') AND d.kind IN ('invoice', 'bill_of_lading')";

type Kind = 'invoice' | 'bill_of_lading';
type DocRow = { id: string; file_name: string; sha256: string; kind: Kind; status: string };

/** A document's text signals, and their stored JSON (part of the document's digest). */
export type StoredSignals = { readonly signals: DocumentSignals; readonly text: string };

/**
 * The text signals of documents, computed from their pages once and cached in `document_signals`
 * for the detector version and kind they were computed under. Missing ones are stored unless
 * `store` is false; call it inside a transaction then.
 */
export function signalsFor(db: Database, docs: readonly { id: string; kind: Kind }[], now: string, store = true): Map<string, StoredSignals> {
  const cached = new Map<string, StoredSignals>();
  const rows = db
    .prepare('SELECT document_id, version, kind, signals FROM document_signals WHERE document_id IN (SELECT value FROM json_each(?))')
    .raw()
    .all(idList(docs.map((d) => d.id))) as [string, number, string, string][];
  const stored = new Map(rows.map(([id, version, kind, signals]) => [id, { version, kind, signals }]));
  const pagesOf = db.prepare('SELECT * FROM document_pages WHERE document_id = ? ORDER BY n');
  const save = db.prepare(
    `INSERT INTO document_signals (document_id, version, kind, signals, computed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET version = excluded.version, kind = excluded.kind, signals = excluded.signals,
       computed_at = excluded.computed_at`,
  );
  for (const doc of docs) {
    const row = stored.get(doc.id);
    if (row && row.version === SIGNALS_VERSION && row.kind === doc.kind) {
      cached.set(doc.id, { signals: JSON.parse(row.signals) as DocumentSignals, text: row.signals });
      continue;
    }
    const pages = (pagesOf.all(doc.id) as (Omit<PageText, 'words'> & { words: string })[]).map((page) => ({
      ...page,
      words: JSON.parse(page.words) as PageText['words'],
    }));
    const signals = documentSignals(doc.kind, pages);
    const text = JSON.stringify(signals);
    if (store) save.run(doc.id, SIGNALS_VERSION, doc.kind, text, now);
    cached.set(doc.id, { signals, text });
  }
  return cached;
}

/** Drops a document's cached signals (its pages are being read again). */
export const forgetSignals = (db: Database, documentId: string): void => {
  db.prepare('DELETE FROM document_signals WHERE document_id = ?').run(documentId);
};

/**
 * One document's facts in the stored form: `[name, value, confidence, confirmed (0/1), …]` and five
 * float32 per field (page, x, y, w, h).
 */
type Compact = {
  readonly fields: readonly unknown[];
  readonly boxes: Float32Array;
  readonly signals: string;
  readonly digest: string;
  /** An invoice's fingerprint as `<key id>:<fingerprint>` (empty after the colon when it has none); null for a B/L or before any key. */
  readonly fingerprint: string | null;
};

const STRIDE = 5;

/** The confirmed slot of a field with a page reading: [confirmed, xml value, page value, page confidence, page, box]. */
type PageReadingSlot = [number, FieldValue, FieldValue, number, number | null, BBox | null];

/** Builds the compact facts of documents from their stored rows (fields of their kind only, in the kind's order). */
function buildCompact(db: Database, docs: readonly DocRow[], now: string, store: boolean): Map<string, Compact> {
  const reviewed = new Set(docs.filter((d) => d.status === 'reviewed').map((d) => d.id));
  const signals = signalsFor(db, docs, now, store);
  const scratch = new Positions(docs.length * 16);
  const read = loadFactFields(db, docs.map((d) => d.id), reviewed, sha256Hex, scratch);
  const key = readKey(db);
  const keyId = key ? keyIdOf(key) : null;
  const built = new Map<string, Compact>();
  for (const doc of docs) {
    const stored = read.get(doc.id);
    const fields: unknown[] = [];
    const boxes: number[] = [];
    if (stored) {
      for (const name of fieldsFor(doc.kind)) {
        const field = stored.fields[name];
        if (!field) continue;
        const reading = field.pageReading;
        const where = reading ? scratch.at(reading.at) : null;
        // A field an e-invoice's XML gave carries the page's own reading: its slot holds the flag and that reading.
        fields.push(name, field.value, field.confidence, reading ? [field.confirmed ? 1 : 0, reading.xml, reading.value, reading.confidence, where!.page, where!.bbox] : field.confirmed ? 1 : 0);
        const { page, bbox } = scratch.at(field.at);
        boxes.push(page ?? Number.NaN, bbox ? bbox.x : Number.NaN, bbox?.y ?? 0, bbox?.w ?? 0, bbox?.h ?? 0);
      }
    }
    const signal = signals.get(doc.id)!;
    const parts = doc.kind === 'invoice' && stored ? invoicePartsOf(stored.fields) : null;
    built.set(doc.id, {
      fields,
      boxes: new Float32Array(boxes),
      signals: signal.text,
      fingerprint: key && doc.kind === 'invoice' ? `${keyId}:${(parts && invoiceFingerprint(key, parts)) ?? ''}` : null,
      digest: sha256Hex(`${doc.sha256}\u0000${doc.kind}\u0000${reviewed.has(doc.id) ? 'reviewed' : ''}\u0000${signal.text}\u0000${stored?.rowsDigest ?? ''}`),
    });
  }
  return built;
}

const triggersChecked = new WeakMap<Database, boolean>();

/**
 * Whether the cache can be trusted on this connection: every trigger that keeps it current exists
 * (a later migration that rebuilds a table and forgets one turns the cache off, not wrong).
 */
export function factsCacheUsable(db: Database): boolean {
  let usable = triggersChecked.get(db);
  if (usable === undefined) {
    const present = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").pluck().all() as string[]);
    usable = DOCUMENT_FACTS_TRIGGERS.every((name) => present.has(name));
    triggersChecked.set(db, usable);
  }
  return usable;
}

/** Progress and cancellation of long work. */
export type Steps = {
  /** Called between chunks; returning true stops the work (what is done stays done). */
  readonly stop?: (() => boolean) | undefined;
  readonly progress?: ((done: number, total: number) => void) | undefined;
};

/** Cached rows read between two looks at whether to stop. */
const STOP_EVERY = 2_000;

/** Documents per write transaction: short enough that another writer never waits long for the lock. */
const CHUNK = 1_000;

/**
 * Builds the facts rows of the documents given, in short transactions that read and write together
 * (so a row never describes field rows changed meanwhile), or read-only without storing them.
 * Returns null when stopped.
 */
function buildMissing(db: Database, ids: readonly string[], now: string, store: boolean, steps: Steps): Map<string, { doc: DocRow; compact: Compact }> | null {
  const built = new Map<string, { doc: DocRow; compact: Compact }>();
  const docsOf = db.prepare(`SELECT id, file_name, sha256, kind, status FROM documents d WHERE ${USABLE_IDS}`);
  const write = db.prepare('INSERT OR REPLACE INTO document_facts (document_id, version, fields, boxes, signals, digest, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const buildChunk = (chunk: readonly string[]): void => {
    // Read again here: the documents as they are now, not as they were listed.
    const docs = docsOf.all(idList(chunk)) as DocRow[];
    const compacts = buildCompact(db, docs, now, store);
    for (const doc of docs) {
      const compact = compacts.get(doc.id)!;
      built.set(doc.id, { doc, compact });
      if (store) write.run(doc.id, ROW_VERSION, JSON.stringify(compact.fields), Buffer.from(compact.boxes.buffer, compact.boxes.byteOffset, compact.boxes.byteLength), compact.signals, compact.digest, compact.fingerprint);
    }
  };
  // These rows are derived data, built again whenever missing: their commits need not wait for the
  // disk (WAL with synchronous=NORMAL stays consistent; the next FULL commit makes them durable).
  const durable = store ? (db.pragma('synchronous', { simple: true }) as number) : null;
  if (durable !== null) db.pragma('synchronous = NORMAL');
  try {
    for (let at = 0; at < ids.length; at += CHUNK) {
      if (steps.stop?.()) return null;
      steps.progress?.(at, ids.length);
      const chunk = ids.slice(at, at + CHUNK);
      if (store) db.transaction(() => buildChunk(chunk)).immediate();
      else buildChunk(chunk);
    }
  } finally {
    if (durable !== null) db.pragma(`synchronous = ${durable}`);
  }
  return built;
}

/** Signal texts are mostly alike (most documents have none): one parsed object per distinct text. */
const parseSignals = (texts: Map<string, DocumentSignals>, text: string): DocumentSignals => {
  let signals = texts.get(text);
  if (!signals) texts.set(text, (signals = JSON.parse(text) as DocumentSignals));
  return signals;
};

function toFacts(doc: DocRow, c: Compact, signals: DocumentSignals, positions: FieldPositions): DocumentFacts {
  const fields: Partial<Record<FieldName, FactField>> = {};
  const { boxes } = c;
  for (let i = 0, j = 0; i < c.fields.length; i += 4, j += STRIDE) {
    const x = boxes[j + 1]!;
    const page = boxes[j]!;
    const flag = c.fields[i + 3];
    const reading = Array.isArray(flag) ? (flag as PageReadingSlot) : null;
    const field: FactField = {
      value: c.fields[i + 1] as FieldValue,
      confidence: c.fields[i + 2] as number,
      confirmed: (reading ? reading[0] : flag) === 1,
      at:
        Number.isNaN(page) && Number.isNaN(x)
          ? -1
          : positions.add(Number.isNaN(page) ? null : page, Number.isNaN(x) ? null : { x, y: boxes[j + 2]!, w: boxes[j + 3]!, h: boxes[j + 4]! }),
    };
    fields[c.fields[i] as FieldName] = reading
      ? { ...field, pageReading: { xml: reading[1], value: reading[2], confidence: reading[3], at: positions.add(reading[4], reading[5]) } }
      : field;
  }
  return { documentId: doc.id, fileName: doc.file_name, sha256: doc.sha256, kind: doc.kind, fields, signals, positions, digest: c.digest };
}

type FactsRow = [string, string, string, Kind, string, number | null, string | null, Buffer | null, string | null, string | null, string | null];

/** The fingerprint each invoice's facts row held when it was read (see `storedFingerprint`). */
const fingerprints = new WeakMap<DocumentFacts, string>();

/**
 * The fingerprint stored with an invoice's facts when made with the key of that id: the fingerprint,
 * or null when the invoice has none; undefined when none was stored with that key.
 */
export function storedFingerprint(doc: DocumentFacts, keyId: string): string | null | undefined {
  const text = fingerprints.get(doc);
  if (text === undefined || !text.startsWith(`${keyId}:`)) return undefined;
  return text.length > keyId.length + 1 ? text.slice(keyId.length + 1) : null;
}

/** Facts of a document, with the fingerprint its row holds remembered for `storedFingerprint`. */
function factsOfRow(doc: DocRow, c: Compact, signals: DocumentSignals, positions: FieldPositions): DocumentFacts {
  const facts = toFacts(doc, c, signals, positions);
  if (c.fingerprint !== null) fingerprints.set(facts, c.fingerprint);
  return facts;
}

/**
 * The facts of documents (those given, or every usable one), from their cached rows. Documents
 * without a current row are built from their stored fields: cached as they are built when `store`
 * (a run), else only read (a re-check after an edit: no extra commit while the UI waits; the next
 * run caches them). Boxes go into `positions`. Null when stopped.
 */
export function loadDocumentFacts(
  db: Database,
  scope: readonly string[] | 'all',
  positions: FieldPositions,
  options: {
    readonly now: string;
    readonly store: boolean;
    readonly steps?: Steps | undefined;
    /** Facts read before (a previous snapshot): kept as they are wherever the stored digest says nothing changed. */
    readonly reuse?: ReadonlyMap<string, DocumentFacts> | undefined;
  },
): Map<string, DocumentFacts> | null {
  if (options.reuse && options.reuse.size > 0 && factsCacheUsable(db)) {
    // A row is deleted whenever its document's fields, signals, status, kind, file or name change, so
    // a current row with the digest the facts were read with means nothing changed (16 hex digits
    // of the digest tell them apart well enough and read faster).
    const stamps = `SELECT d.id, CASE WHEN f.version = ${ROW_VERSION} THEN substr(f.digest, 1, 16) END FROM documents d LEFT JOIN document_facts f ON f.document_id = d.id`;
    const rows = (
      scope === 'all' ? db.prepare(`${stamps} WHERE ${USABLE}`).raw().all() : db.prepare(`${stamps} WHERE ${USABLE_IDS}`).raw().all(idList(scope))
    ) as [string, string | null][];
    const kept = new Map<string, DocumentFacts>();
    const changed: string[] = [];
    for (const [id, stamp] of rows) {
      const before = options.reuse.get(id);
      if (before && stamp !== null && before.digest.startsWith(stamp)) kept.set(id, before);
      else changed.push(id);
    }
    if (changed.length === 0) return kept;
    const loaded = loadDocumentFacts(db, changed, positions, { ...options, reuse: undefined });
    if (!loaded) return null;
    for (const [id, facts] of loaded) kept.set(id, facts);
    return kept;
  }
  const select = `SELECT d.id, d.file_name, d.sha256, d.kind, d.status, f.version, f.fields, f.boxes, f.signals, f.digest, f.fingerprint
    FROM documents d LEFT JOIN document_facts f ON f.document_id = d.id`;
  const usable = factsCacheUsable(db);
  // Streamed: the row texts of 200k documents need not all be alive at once.
  const rows = (
    scope === 'all' ? db.prepare(`${select} WHERE ${USABLE}`).raw().iterate() : db.prepare(`${select} WHERE ${USABLE_IDS}`).raw().iterate(idList(scope))
  ) as IterableIterator<FactsRow>;
  const facts = new Map<string, DocumentFacts>();
  const texts = new Map<string, DocumentSignals>();
  const missing: string[] = [];
  let read = 0;
  for (const [id, fileName, sha256, kind, status, version, fields, boxes, signals, digest, fingerprint] of rows) {
    // A background load of 200k rows is stopped within a few milliseconds when a run is asked for.
    if (++read % STOP_EVERY === 0 && options.steps?.stop?.()) return null;
    if (version !== ROW_VERSION || fields === null || boxes === null || signals === null || digest === null || !usable) {
      missing.push(id);
      continue;
    }
    const compact: Compact = {
      fields: JSON.parse(fields) as unknown[],
      // A view when the bytes are aligned for float32 (they are in practice), else a copy.
      boxes: boxes.byteOffset % 4 === 0 ? new Float32Array(boxes.buffer, boxes.byteOffset, boxes.byteLength / 4) : new Float32Array(new Uint8Array(boxes).buffer),
      signals,
      digest,
      fingerprint,
    };
    facts.set(id, factsOfRow({ id, file_name: fileName, sha256, kind, status }, compact, parseSignals(texts, signals), positions));
  }
  if (missing.length > 0) {
    const built = buildMissing(db, missing, options.now, options.store && usable, options.steps ?? {});
    if (!built) return null;
    for (const [id, { doc, compact }] of built) facts.set(id, factsOfRow(doc, compact, parseSignals(texts, compact.signals), positions));
  }
  return facts;
}
