/**
 * Builds the snapshot the rules read: receivables with their documents' fields (corrections win),
 * the text signals of each document, the matched counterparties and the fingerprint. Everything is
 * read set-based — one query for all fields of all involved documents, not one per receivable.
 */
import type { Buyer, Counterparties, Supplier } from '../../shared/checks';
import { fromMinor } from '../../shared/checks';
import type { FieldName, PageText } from '../../shared/documents';
import type { Policy } from '../../shared/policy';
import { createPartyMatcher } from '../../core/checks/names';
import { documentSignals } from '../../core/checks/signals';
import { FieldPositions } from '../../core/checks/positions';
import type { CheckContext, DocumentFacts, DocumentSignals, ReceivableFacts } from '../../core/checks/types';
import { receivableDigestText } from '../../core/checks/types';
import { deriveFacts } from '../../core/checks/facts';
import type { Database } from '../db/database';
import { sha256Hex } from '../crypto/hash';
import { idList, loadFactFields } from '../receivables/receivables-repo';
import type { InvoiceParts } from './fingerprints';

/**
 * Version of the text detectors whose results `document_signals` caches. Bump it whenever
 * `core/checks/signals.ts` finds something new, so every cached row is recomputed once
 * (3: line amounts of goods tables that run over several pages).
 */
export const SIGNALS_VERSION = 4;

/** What gathering needs besides the database: counterparties and the fingerprint function. */
export type GatherDeps = {
  readonly counterparties: Counterparties;
  readonly fingerprint: (parts: InvoiceParts) => string | null;
  /** ISO timestamp for newly cached signals. */
  readonly now: string;
};

export type Gathered = {
  readonly facts: ReceivableFacts[];
  /** Receivables asked for that cannot be evaluated (gone, or their invoice is no longer an invoice). */
  readonly skipped: string[];
};

type ReceivableFactRow = {
  id: string;
  invoice_document_id: string;
  advance_minor: number | null;
  initial_margin_pct: number | null;
  funding_date: string | null;
};
type DocRow = { id: string; file_name: string; sha256: string; kind: string | null; status: string };
type LinkRow = { receivable_id: string; document_id: string };

/** Party matchers over the registered counterparties, built once per context. */
export type Matchers = {
  readonly supplier: (name: string | null | undefined) => Supplier | null;
  readonly buyer: (name: string | null | undefined) => Buyer | null;
};

const matchersCache = new WeakMap<Counterparties, Matchers>();

/** Sellers are matched against suppliers, buyers against buyers (names, aliases, normalization). */
export function matchersFor(counterparties: Counterparties): Matchers {
  let matchers = matchersCache.get(counterparties);
  if (!matchers) {
    matchers = { supplier: createPartyMatcher(counterparties.suppliers), buyer: createPartyMatcher(counterparties.buyers) };
    matchersCache.set(counterparties, matchers);
  }
  return matchers;
}

/** A document's text signals, and their stored JSON (part of the document's digest). */
export type StoredSignals = { readonly signals: DocumentSignals; readonly text: string };

/**
 * The text signals of documents, computed from their pages once and cached in `document_signals`
 * for the detector version and kind they were computed under.
 */
export function signalsFor(db: Database, docs: readonly { id: string; kind: 'invoice' | 'bill_of_lading' }[], now: string): Map<string, StoredSignals> {
  const cached = new Map<string, StoredSignals>();
  const rows = db
    .prepare('SELECT document_id, version, kind, signals FROM document_signals WHERE document_id IN (SELECT value FROM json_each(?))')
    .raw()
    .all(idList(docs.map((d) => d.id))) as [string, number, string, string][];
  const stored = new Map(rows.map(([id, version, kind, signals]) => [id, { version, kind, signals }]));
  const missing: { id: string; kind: 'invoice' | 'bill_of_lading' }[] = [];
  for (const doc of docs) {
    const row = stored.get(doc.id);
    if (row && row.version === SIGNALS_VERSION && row.kind === doc.kind) cached.set(doc.id, { signals: JSON.parse(row.signals) as DocumentSignals, text: row.signals });
    else missing.push(doc);
  }
  if (missing.length === 0) return cached;
  const pagesOf = db.prepare('SELECT * FROM document_pages WHERE document_id = ? ORDER BY n');
  const store = db.prepare(
    `INSERT INTO document_signals (document_id, version, kind, signals, computed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET version = excluded.version, kind = excluded.kind, signals = excluded.signals,
       computed_at = excluded.computed_at`,
  );
  db.transaction(() => {
    for (const doc of missing) {
      const pages = (pagesOf.all(doc.id) as (Omit<PageText, 'words'> & { words: string })[]).map((page) => ({
        ...page,
        words: JSON.parse(page.words) as PageText['words'],
      }));
      const signals = documentSignals(doc.kind, pages);
      const text = JSON.stringify(signals);
      store.run(doc.id, SIGNALS_VERSION, doc.kind, text, now);
      cached.set(doc.id, { signals, text });
    }
  })();
  return cached;
}

/** Drops a document's cached signals (its pages are being read again). */
export const forgetSignals = (db: Database, documentId: string): void => {
  db.prepare('DELETE FROM document_signals WHERE document_id = ?').run(documentId);
};

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** The one counterparty the linked B/Ls name in the given fields, or null when none or several. */
function fromBls<T extends { id: string }>(bls: readonly DocumentFacts[], fields: readonly FieldName[], match: (name: string | null) => T | null): T | null {
  const found = new Map<string, T>();
  for (const bl of bls) {
    for (const field of fields) {
      const party = match(str(bl.fields[field]?.value));
      if (party) found.set(party.id, party);
    }
  }
  return found.size === 1 ? [...found.values()][0]! : null;
}

/** Facts of every receivable, or of the ones given. */
export function gatherFacts(db: Database, deps: GatherDeps, ids?: readonly string[]): Gathered {
  const receivables = (
    ids
      ? db
          .prepare(
            'SELECT id, invoice_document_id, advance_minor, initial_margin_pct, funding_date FROM receivables WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id',
          )
          .all(idList(ids))
      : db.prepare('SELECT id, invoice_document_id, advance_minor, initial_margin_pct, funding_date FROM receivables ORDER BY created_at, id').all()
  ) as ReceivableFactRow[];
  const links = (
    ids
      ? db
          .prepare('SELECT receivable_id, document_id FROM receivable_documents WHERE excluded = 0 AND receivable_id IN (SELECT value FROM json_each(?)) ORDER BY linked_at, document_id')
          .all(idList(ids))
      : db.prepare('SELECT receivable_id, document_id FROM receivable_documents WHERE excluded = 0 ORDER BY linked_at, document_id').all()
  ) as LinkRow[];
  const docIds = new Set<string>();
  for (const r of receivables) docIds.add(r.invoice_document_id);
  for (const l of links) docIds.add(l.document_id);
  // A full run reads every document and field table row once; a partial one only the documents involved.
  const docRows = (
    ids
      ? // `+status` keeps SQLite from scanning the status index instead of looking the few ids up.
        db.prepare("SELECT id, file_name, sha256, kind, status FROM documents WHERE +status IN ('extracted', 'reviewed') AND id IN (SELECT value FROM json_each(?))").all(idList(docIds))
      : db.prepare("SELECT id, file_name, sha256, kind, status FROM documents WHERE status IN ('extracted', 'reviewed')").all()
  ) as DocRow[];
  const docs = new Map(docRows.filter((d) => docIds.has(d.id)).map((d) => [d.id, d]));
  const reviewed = new Set(docRows.filter((d) => d.status === 'reviewed').map((d) => d.id));
  // One store of field boxes for the whole snapshot (sized for about fifteen fields a document).
  const positions = new FieldPositions(docs.size * 15);
  const fields = loadFactFields(db, ids ? [...docs.keys()] : 'all', reviewed, sha256Hex, positions);
  const usable = [...docs.values()].filter(
    (d): d is DocRow & { kind: 'invoice' | 'bill_of_lading' } => d.kind === 'invoice' || d.kind === 'bill_of_lading',
  );
  const signals = signalsFor(db, usable, deps.now);
  const docFacts = new Map<string, DocumentFacts>();
  for (const doc of usable) {
    const read = fields.get(doc.id);
    const signal = signals.get(doc.id)!;
    docFacts.set(doc.id, {
      documentId: doc.id,
      fileName: doc.file_name,
      sha256: doc.sha256,
      kind: doc.kind,
      fields: read?.fields ?? {},
      signals: signal.signals,
      positions,
      digest: sha256Hex(`${doc.sha256}\u0000${doc.kind}\u0000${reviewed.has(doc.id) ? 'reviewed' : ''}\u0000${signal.text}\u0000${read?.rowsDigest ?? ''}`),
    });
  }
  const blsOf = new Map<string, DocumentFacts[]>();
  for (const link of links) {
    const doc = docFacts.get(link.document_id);
    if (doc?.kind !== 'bill_of_lading') continue;
    const list = blsOf.get(link.receivable_id);
    if (list) list.push(doc);
    else blsOf.set(link.receivable_id, [doc]);
  }
  const matchers = matchersFor(deps.counterparties);
  const facts: ReceivableFacts[] = [];
  const skipped: string[] = [];
  const found = new Set<string>();
  for (const row of receivables) {
    found.add(row.id);
    const invoice = docFacts.get(row.invoice_document_id);
    if (invoice?.kind !== 'invoice') {
      skipped.push(row.id);
      continue;
    }
    const f = invoice.fields;
    const seller = str(f.seller?.value);
    const buyer = str(f.buyer?.value);
    const currency = str(f.currency?.value);
    const number = str(f.invoice_number?.value);
    const issueDate = str(f.issue_date?.value);
    const amount = typeof f.total_amount?.value === 'number' ? f.total_amount.value : null;
    const bls = blsOf.get(row.id) ?? [];
    const values = {
      id: row.id,
      invoice,
      bls,
      // A party the reader missed on the invoice (a phone photo) is taken from the linked B/L, never
      // a different printed name: an unmatched printed name stays unmatched.
      supplierId: (seller ? matchers.supplier(seller) : fromBls(bls, ['shipper'], matchers.supplier))?.id ?? null,
      buyerId: (buyer ? matchers.buyer(buyer) : fromBls(bls, ['consignee', 'notify_party'], matchers.buyer))?.id ?? null,
      advanceAmount: row.advance_minor === null ? null : fromMinor(row.advance_minor, currency ?? 'USD'),
      initialMarginPct: row.initial_margin_pct,
      fundingDate: row.funding_date,
      fingerprint:
        seller && buyer && number && issueDate && amount !== null && currency
          ? deps.fingerprint({ seller, buyer, invoiceNumber: number, issueDate, amount, currency })
          : null,
    };
    facts.push({ ...values, digest: sha256Hex(receivableDigestText(values)), derived: deriveFacts(values) });
  }
  for (const id of ids ?? []) if (!found.has(id)) skipped.push(id);
  return { facts, skipped };
}

/** Everything besides receivables the rules read. */
export function buildContext(input: {
  readonly policy: Policy;
  readonly policyVersion: number;
  readonly asOf: string;
  readonly counterparties: Counterparties;
  readonly foreignFingerprints: ReadonlyMap<string, string>;
}): CheckContext {
  return {
    policy: input.policy,
    policyVersion: input.policyVersion,
    asOf: input.asOf,
    suppliers: new Map(input.counterparties.suppliers.map((s) => [s.id, s])),
    buyers: new Map(input.counterparties.buyers.map((b) => [b.id, b])),
    escrowAccounts: input.counterparties.escrowAccounts,
    // On-site verifications arrive with issue 5; until then no supplier has one.
    verifications: new Map(),
    foreignFingerprints: input.foreignFingerprints,
  };
}

/**
 * A cheap fingerprint of everything in the context that can change under a running backend
 * (policy version, counterparties, imported fingerprints, the date): when it moves, the engine's
 * state is stale and the next evaluation is a full one.
 */
export function contextKey(db: Database, asOf: string): string {
  const row = db
    .prepare(
      `SELECT
        (SELECT coalesce(max(version), 0) FROM policies) AS policy,
        (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM suppliers) AS suppliers,
        (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM buyers) AS buyers,
        (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM escrow_accounts) AS escrow,
        (SELECT count(*) || '/' || coalesce(max(imported_at), '') FROM foreign_fingerprints) AS foreign_fps,
        (SELECT value FROM meta WHERE key = 'fingerprint_key') AS fingerprint_key`,
    )
    .raw()
    .get() as unknown[];
  // The fingerprint key itself never leaves the database; only its hash enters the key.
  const key = row.pop();
  return [asOf, ...row, typeof key === 'string' ? sha256Hex(key).slice(0, 16) : ''].join('|');
}
