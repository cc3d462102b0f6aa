/**
 * Builds the snapshot the rules read: receivables with their documents' fields (corrections win),
 * the text signals of each document, the matched counterparties and the fingerprint. Everything is
 * read set-based — one query for all fields of all involved documents, not one per receivable.
 */
import type { Buyer, Counterparties, Supplier } from '../../shared/checks';
import { fromMinor } from '../../shared/checks';
import type { FieldName, FieldValue } from '../../shared/documents';
import type { Policy } from '../../shared/policy';
import { createPartyMatcher } from '../../core/checks/names';
import { FieldPositions } from '../../core/checks/positions';
import type { CheckContext, DocumentFacts, ReceivableFacts } from '../../core/checks/types';
import { receivableDigestText } from '../../core/checks/types';
import { deriveFacts } from '../../core/checks/facts';
import type { Database } from '../db/database';
import { sha256Hex } from '../crypto/hash';
import { UNSURE_BELOW, idList, storedValue, storedValues, unsureKey } from '../receivables/receivables-repo';
import type { ValuesSource } from '../receivables/receivables-repo';
import { loadDocumentFacts, storedFingerprint } from './document-facts';
import type { Steps } from './document-facts';
import { invoicePartsOf } from './fingerprints';
import type { InvoiceParts } from './fingerprints';

export { SIGNALS_VERSION, forgetSignals, signalsFor } from './document-facts';
export type { StoredSignals } from './document-facts';

/** What gathering needs besides the database: counterparties and the fingerprint function. */
export type GatherDeps = {
  readonly counterparties: Counterparties;
  readonly fingerprint: (parts: InvoiceParts) => string | null;
  /**
   * The id of the key `fingerprint` hashes with: an invoice's fingerprint stored with its facts under
   * that key is taken instead of hashing its parts again (absent: always hashed).
   */
  readonly fingerprintKeyId?: string | undefined;
  /** ISO timestamp for newly cached signals. */
  readonly now: string;
};

export type Gathered = {
  readonly facts: ReceivableFacts[];
  /** Receivables asked for that cannot be evaluated (gone, or their invoice is no longer an invoice). */
  readonly skipped: string[];
};

/**
 * What a gather of every receivable read, to be read again cheaply: documents whose stored digest is
 * unchanged keep their facts, and receivables whose row, documents and matching inputs (`deps`, the
 * same objects) are unchanged keep theirs, so a later run parses and hashes only what changed.
 */
export type Snapshot = {
  readonly docs: Map<string, DocumentFacts>;
  /** Facts of receivables with the row values they were built from. */
  readonly receivables: Map<string, { readonly row: string; readonly facts: ReceivableFacts }>;
  /** The matching inputs the receivables' facts were built with (kept only while the same objects come). */
  deps: Omit<GatherDeps, 'now'>;
};

type ReceivableFactRow = {
  id: string;
  invoice_document_id: string;
  advance_minor: number | null;
  initial_margin_pct: number | null;
  funding_date: string | null;
};
type LinkRow = { receivable_id: string; document_id: string };

/** Party matchers over the registered counterparties, built once per context. */
export type Matchers = {
  readonly supplier: (name: string | null | undefined) => Supplier | null;
  readonly buyer: (name: string | null | undefined) => Buyer | null;
};

const matchersCache = new WeakMap<Counterparties, Matchers>();

/** Remembers a matcher's answer per printed name: a book repeats a few hundred names a hundred thousand times. */
const remembered = <T>(match: (name: string | null | undefined) => T | null): ((name: string | null | undefined) => T | null) => {
  const answers = new Map<string, T | null>();
  return (name) => {
    if (typeof name !== 'string') return match(name);
    let answer = answers.get(name);
    if (answer === undefined) answers.set(name, (answer = match(name)));
    return answer;
  };
};

/** Sellers are matched against suppliers, buyers against buyers (names, aliases, normalization). */
export function matchersFor(counterparties: Counterparties): Matchers {
  let matchers = matchersCache.get(counterparties);
  if (!matchers) {
    matchers = { supplier: remembered(createPartyMatcher(counterparties.suppliers)), buyer: remembered(createPartyMatcher(counterparties.buyers)) };
    matchersCache.set(counterparties, matchers);
  }
  return matchers;
}

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
  return gatherFactsIn(db, deps, ids)!;
}

/** Receivables built per progress step (and per check of `stop`). */
const STEP = 10_000;

/** How a gather reports progress, may be stopped (then it returns null), and whether it caches documents' facts. */
export type GatherSteps = Steps & {
  /** Store the facts of documents it had to build (default); a re-check after an edit only reads. */
  readonly cache?: boolean | undefined;
  /** A previous snapshot to keep unchanged facts from (a full gather); it is updated to this one. */
  readonly snapshot?: Snapshot | undefined;
  /**
   * The snapshot's documents were brought up to date by this run and nothing a run reads has
   * changed since (the caller compared the checks epoch): they are taken as they are, without
   * reading every document's stamp again.
   */
  readonly documentsCurrent?: boolean | undefined;
};

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * `gatherFacts` in steps: documents' facts come from their cached rows, and those missing are built
 * (and cached, in short write transactions); `steps` hears progress and may stop it.
 */
export function gatherFactsIn(db: Database, deps: GatherDeps, ids: readonly string[] | undefined, steps: GatherSteps = {}): Gathered | null {
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
  // A full run reads every usable document once; a partial one only the documents involved.
  let scope: readonly string[] | 'all' = 'all';
  if (ids) {
    const docIds = new Set<string>();
    for (const r of receivables) docIds.add(r.invoice_document_id);
    for (const l of links) docIds.add(l.document_id);
    scope = [...docIds];
  }
  // One store of field boxes for the documents read now: sized for about fifteen fields a document
  // when all are read; small when a snapshot keeps most of them (it grows as needed, and 60 MB
  // allocated for nothing at 100k receivables cost a full garbage collection of the snapshot).
  const snapshot = steps.snapshot;
  const current = snapshot !== undefined && scope === 'all' && steps.documentsCurrent === true;
  const reusing = (snapshot?.docs.size ?? 0) > 0;
  const positions = new FieldPositions(reusing ? 1_024 : (scope === 'all' ? receivables.length * 2 : scope.length) * 15);
  // Progress counts documents whose facts had to be built (a first run), then receivables.
  let built = 0;
  const docFacts = current ? snapshot.docs : loadDocumentFacts(db, scope, positions, {
    now: deps.now,
    store: steps.cache ?? true,
    reuse: snapshot?.docs,
    steps: {
      stop: steps.stop,
      progress: (done, missing) => {
        built = missing;
        steps.progress?.(done, missing + receivables.length);
      },
    },
  });
  if (!docFacts || steps.stop?.()) return null;
  const total = built + receivables.length;
  const blsOf = new Map<string, DocumentFacts[]>();
  for (const link of links) {
    const doc = docFacts.get(link.document_id);
    if (doc?.kind !== 'bill_of_lading') continue;
    const list = blsOf.get(link.receivable_id);
    if (list) list.push(doc);
    else blsOf.set(link.receivable_id, [doc]);
  }
  const matchers = matchersFor(deps.counterparties);
  const { fingerprintKeyId } = deps;
  // Stored with the invoice's facts under the same key, else hashed from its parts.
  const fingerprintOf = (invoice: DocumentFacts): string | null => {
    const stored = fingerprintKeyId === undefined ? undefined : storedFingerprint(invoice, fingerprintKeyId);
    if (stored !== undefined) return stored;
    const parts = invoicePartsOf(invoice.fields);
    return parts ? deps.fingerprint(parts) : null;
  };
  const sameDeps = snapshot !== undefined && snapshot.deps.counterparties === deps.counterparties && snapshot.deps.fingerprint === deps.fingerprint;
  const facts: ReceivableFacts[] = [];
  const skipped: string[] = [];
  // Which receivables are still there matters only to a snapshot that held some before.
  const found = snapshot && snapshot.receivables.size > 0 ? new Set<string>() : null;
  for (let i = 0; i < receivables.length; i += 1) {
    if (i % STEP === 0 && i > 0) {
      if (steps.stop?.()) return null;
      steps.progress?.(built + i, total);
    }
    const row = receivables[i]!;
    found?.add(row.id);
    const invoice = docFacts.get(row.invoice_document_id);
    if (invoice?.kind !== 'invoice') {
      skipped.push(row.id);
      continue;
    }
    const f = invoice.fields;
    const seller = str(f.seller?.value);
    const buyer = str(f.buyer?.value);
    const currency = str(f.currency?.value);
    const bls = blsOf.get(row.id) ?? [];
    const rowText = `${row.advance_minor ?? ''}|${row.initial_margin_pct ?? ''}|${row.funding_date ?? ''}`;
    const before = sameDeps ? snapshot.receivables.get(row.id) : undefined;
    if (before && before.row === rowText && before.facts.invoice === invoice && sameList(before.facts.bls, bls)) {
      facts.push(before.facts);
      continue;
    }
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
      fingerprint: fingerprintOf(invoice),
    };
    const made: ReceivableFacts = {
      id: values.id,
      invoice,
      bls,
      supplierId: values.supplierId,
      buyerId: values.buyerId,
      advanceAmount: values.advanceAmount,
      initialMarginPct: values.initialMarginPct,
      fundingDate: values.fundingDate,
      fingerprint: values.fingerprint,
      digest: sha256Hex(receivableDigestText(values)),
      derived: deriveFacts(values),
    };
    facts.push(made);
    if (snapshot && (sameDeps || !ids)) snapshot.receivables.set(row.id, { row: rowText, facts: made });
  }
  if (snapshot && !ids) {
    // The snapshot now describes this gather: what is gone from the workspace leaves it.
    if (docFacts !== snapshot.docs) {
      snapshot.docs.clear();
      for (const [id, doc] of docFacts) snapshot.docs.set(id, doc);
    }
    if (found) for (const id of snapshot.receivables.keys()) if (!found.has(id)) snapshot.receivables.delete(id);
    if (!sameDeps) snapshot.deps = { counterparties: deps.counterparties, fingerprint: deps.fingerprint };
  } else if (snapshot) {
    for (const [id, doc] of docFacts) snapshot.docs.set(id, doc);
  }
  steps.progress?.(total, total);
  if (ids) {
    const present = found ?? new Set(receivables.map((r) => r.id));
    for (const id of ids) if (!present.has(id)) skipped.push(id);
  }
  return { facts, skipped };
}

/**
 * Brings a snapshot's documents up to date (every usable document's facts, parsing only those that
 * changed) without building receivables: linking reads them, and the gather after it keeps them.
 * False when stopped (the snapshot is then as before).
 */
export function refreshSnapshotDocuments(db: Database, snapshot: Snapshot, now: string, steps: Steps = {}): boolean {
  const capacity = snapshot.docs.size > 0 ? 1_024 : (db.prepare('SELECT count(*) FROM documents').pluck().get() as number) * 15;
  const docs = loadDocumentFacts(db, 'all', new FieldPositions(capacity), { now, store: true, reuse: snapshot.docs, steps });
  if (!docs) return false;
  snapshot.docs.clear();
  for (const [id, doc] of docs) snapshot.docs.set(id, doc);
  return true;
}

/**
 * Current field values from documents' facts (corrections applied, as the stored fields give them);
 * documents the facts do not hold (not read yet, not an invoice or B/L) are read from their fields.
 */
export function valuesFromFacts(db: Database, docs: ReadonlyMap<string, DocumentFacts>): ValuesSource {
  const stored = storedValues(db);
  return (ids, names, unsure) => {
    const values = new Map<string, Partial<Record<FieldName, FieldValue>>>();
    const missing: string[] = [];
    for (const id of ids) {
      const doc = docs.get(id);
      if (!doc) {
        missing.push(id);
        continue;
      }
      const picked: Partial<Record<FieldName, FieldValue>> = {};
      for (const name of names) {
        const field = doc.fields[name];
        if (field?.value === undefined || field.value === null) continue;
        picked[name] = field.value;
        if (unsure && !field.confirmed && field.confidence < UNSURE_BELOW) unsure.add(unsureKey(id, name));
      }
      values.set(id, picked);
    }
    for (const [id, picked] of stored(missing, names, unsure)) values.set(id, picked);
    return values;
  };
}

/**
 * Linking's values for a run that holds no documents' facts (a workspace just opened) and links
 * around a few changed B/L numbers: the facts of only the documents linking asks for, read from
 * their cached rows (as `valuesFromFacts` gives them), instead of every document's.
 */
export function valuesFromFactsOf(db: Database, now: string): ValuesSource {
  return (ids, names, unsure) => {
    // Read only: linking runs inside a write transaction, and the gather after it stores what it builds.
    const docs = loadDocumentFacts(db, ids, new FieldPositions(Math.max(64, ids.length * 15)), { now, store: false }) ?? new Map<string, DocumentFacts>();
    return valuesFromFacts(db, docs)(ids, names, unsure);
  };
}

/**
 * The B/L number of every usable document of a kind, from the stored fields (corrections win), as
 * `LinkScope.numbers` reads them: from the covering index of migration 022 (0.1–0.2 s for 100k
 * documents of a kind, against 0.8 s reading and parsing each stored field).
 */
export const blNumbersStored =
  (db: Database) =>
  function* numbers(kind: 'invoice' | 'bill_of_lading'): Iterable<readonly [string, FieldValue | undefined]> {
    const rows = db
      .prepare(
        `SELECT d.id, f.extracted ->> '$.value', f.corrected FROM documents d
         LEFT JOIN document_fields f INDEXED BY document_fields_bl_number ON f.document_id = d.id AND f.name = 'bl_number'
         WHERE d.kind = ? AND d.status IN ('extracted', 'reviewed')`,
      )
      .raw()
      .iterate(kind) as IterableIterator<[string, FieldValue | null, string | null]>;
    for (const [id, extracted, corrected] of rows) yield [id, (corrected ? storedValue(null, corrected) : extracted) ?? undefined];
  };

/** The B/L number of every document of a kind the facts hold, as `LinkScope.numbers` reads them. */
export const blNumbersFromFacts =
  (docs: ReadonlyMap<string, DocumentFacts>) =>
  function* numbers(kind: 'invoice' | 'bill_of_lading'): Iterable<readonly [string, FieldValue | undefined]> {
    for (const [id, doc] of docs) if (doc.kind === kind) yield [id, doc.fields.bl_number?.value];
  };

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
