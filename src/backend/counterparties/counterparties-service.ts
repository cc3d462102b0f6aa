import type { ExportedFile } from '../../shared/contract';
import type { Buyer, CounterpartyKind, Counterparties, EscrowAccount, ImportReport, Supplier } from '../../shared/checks';
import type { Role } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { decodeCsvBytes, parseCsv } from '../../core/csv';
import type { CsvEncoding, CsvRow } from '../../core/csv';
import { appendAudit } from '../audit/audit-log';
import type { Database } from '../db/database';
import type { EventBus } from '../events';
import { requireRole } from '../services/session';
import type { SessionState } from '../services/session';
import type { Workspace } from '../workspace';
import {
  buyerFromRow,
  buyerKey,
  buyersToRows,
  checkHeader,
  counterpartyCsv,
  escrowFromRow,
  escrowKey,
  escrowToRows,
  guessCounterpartyKind,
  inFileConflicts,
  KIND_LABELS,
  parseSupplierRows,
  recordReader,
  replacementCharProblem,
  RowProblem,
  suppliersToRows,
} from './counterparties-csv';
import type { BuyerInput, Candidate, EscrowInput, RecordRow, SupplierInput } from './counterparties-csv';
import {
  deleteCounterparty,
  documentExists,
  findBuyerByName,
  findEscrowByAccount,
  findSupplierByName,
  getBuyer,
  getEscrowAccount,
  getSupplier,
  listBuyers,
  listCounterparties,
  listEscrowAccounts,
  listSuppliers,
  upsertBuyer,
  upsertEscrowAccount,
  upsertSupplier,
} from './counterparties-repo';

const EDITORS: readonly Role[] = ['analyst', 'risk_officer'];
const READERS: readonly Role[] = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'];

export type CounterpartiesContext = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly bus: EventBus;
};

type Outcome = 'created' | 'updated' | 'unchanged';
/** A write that happened (with the fields an update changed), or could not, as a sentence (a name taken by another record…). */
type Written<T> = { readonly outcome: Outcome; readonly value: T; readonly changed: readonly string[] } | { readonly refused: string };

/** Fields that differ between the stored record and the new one, as { field: { before, after } }. */
function changedFields<T extends object>(before: T, after: T, keys: readonly (keyof T)[]): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of keys) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[String(key)] = { before: before[key], after: after[key] };
  }
  return changes;
}

const SUPPLIER_KEYS = ['legalName', 'aliases', 'country', 'registrationId', 'industry', 'capacities'] as const;
const BUYER_KEYS = ['legalName', 'aliases', 'country', 'rating', 'probabilityOfDefault', 'insurance'] as const;
const ESCROW_KEYS = ['bank', 'account', 'currency', 'vehicle'] as const;

type WriteArgs = { readonly db: Database; readonly at: string; readonly actor: string; readonly source: 'form' | 'import' };

/** What differs between the kinds of counterparty when one is written. */
type RecordSpec<T extends { id: string }> = {
  readonly keys: readonly (keyof Omit<T, 'updatedAt'>)[];
  readonly entity: 'supplier' | 'buyer' | 'escrow_account';
  readonly action: 'supplier' | 'buyer' | 'escrow';
  /** The field the audit entry of an update names the record by. */
  readonly label: keyof Omit<T, 'updatedAt'>;
  readonly upsert: (db: Database, record: Omit<T, 'updatedAt'>, at: string) => void;
  readonly read: (db: Database, id: string) => T | undefined;
};

/**
 * Creates or updates one record and appends its audit entry (what changed, or the whole new
 * record); must run inside the caller's transaction. An update that changes nothing writes nothing.
 */
function writeRecord<T extends { id: string }>(w: WriteArgs, spec: RecordSpec<T>, next: Omit<T, 'updatedAt'>, existing: T | undefined): Written<T> {
  const changes = existing ? changedFields<Omit<T, 'updatedAt'>>(existing, next, spec.keys) : null;
  if (existing && changes && Object.keys(changes).length === 0) return { outcome: 'unchanged', value: existing, changed: [] };
  spec.upsert(w.db, next, w.at);
  appendAudit(w.db, {
    at: w.at,
    actor: w.actor,
    action: `${spec.action}.${existing ? 'updated' : 'created'}`,
    entity: spec.entity,
    entityId: next.id,
    details: existing ? { [spec.label]: next[spec.label], changes, source: w.source } : { ...next, source: w.source },
  });
  return { outcome: existing ? 'updated' : 'created', value: spec.read(w.db, next.id) as T, changed: changes ? Object.keys(changes) : [] };
}

const SUPPLIER_SPEC: RecordSpec<Supplier> = { keys: SUPPLIER_KEYS, entity: 'supplier', action: 'supplier', label: 'legalName', upsert: upsertSupplier, read: getSupplier };
const BUYER_SPEC: RecordSpec<Buyer> = { keys: BUYER_KEYS, entity: 'buyer', action: 'buyer', label: 'legalName', upsert: upsertBuyer, read: getBuyer };
const ESCROW_SPEC: RecordSpec<EscrowAccount> = { keys: ESCROW_KEYS, entity: 'escrow_account', action: 'escrow', label: 'account', upsert: upsertEscrowAccount, read: getEscrowAccount };

/** Creates or updates one supplier (legal names are unique) with its audit entry, in the caller's transaction. */
function writeSupplier(w: WriteArgs, id: string, input: SupplierInput, existing: Supplier | undefined): Written<Supplier> {
  const clash = findSupplierByName(w.db, input.legalName);
  if (clash && clash.id !== id) {
    return { refused: `Another supplier (${clash.id}) is already called ${clash.legalName}; edit that one, or give this one a different legal name.` };
  }
  const next = { id, legalName: input.legalName, aliases: input.aliases, country: input.country, registrationId: input.registrationId, industry: input.industry, capacities: input.capacities };
  return writeRecord(w, SUPPLIER_SPEC, next, existing);
}

function writeBuyer(w: WriteArgs, id: string, input: BuyerInput, existing: Buyer | undefined): Written<Buyer> {
  const clash = findBuyerByName(w.db, input.legalName);
  if (clash && clash.id !== id) {
    return { refused: `Another buyer (${clash.id}) is already called ${clash.legalName}; edit that one, or give this one a different legal name.` };
  }
  const next = { id, legalName: input.legalName, aliases: input.aliases, country: input.country, rating: input.rating, probabilityOfDefault: input.probabilityOfDefault, insurance: input.insurance };
  return writeRecord(w, BUYER_SPEC, next, existing);
}

function writeEscrow(w: WriteArgs, id: string, input: EscrowInput, existing: EscrowAccount | undefined): Written<EscrowAccount> {
  const clash = findEscrowByAccount(w.db, input.account, input.currency);
  if (clash && clash.id !== id) {
    return { refused: `Account ${input.account} in ${input.currency} is already escrow account ${clash.id}; edit that one instead.` };
  }
  return writeRecord(w, ESCROW_SPEC, { id, bank: input.bank, account: input.account, currency: input.currency, vehicle: input.vehicle }, existing);
}

const notFound = <T>(kind: CounterpartyKind, id: string): Result<T> =>
  err('COUNTERPARTY.NOT_FOUND', `There is no ${KIND_LABELS[kind].one} ${id} in this workspace (it may have been removed). Reload the list.`);

/** Every supplier, buyer and escrow account, for any signed-in person. */
export function listCounterpartiesFor(ctx: CounterpartiesContext): Result<Counterparties> {
  const person = requireRole(ctx.session, READERS, 'see counterparties');
  return person.ok ? ok(listCounterparties(ctx.ws.db)) : person;
}

/** Runs one form save (create without id, update with id) in a transaction with its audit entry. */
function saveOne<I extends { id?: string | undefined }, T>(
  ctx: CounterpartiesContext,
  kind: CounterpartyKind,
  prefix: string,
  input: I,
  get: (db: Database, id: string) => T | undefined,
  write: (w: WriteArgs, id: string, input: I, existing: T | undefined) => Written<T>,
): Result<T> {
  const person = requireRole(ctx.session, EDITORS, `edit ${KIND_LABELS[kind].many}`);
  if (!person.ok) return person;
  const { ws } = ctx;
  return ws.db
    .transaction((): Result<T> => {
      const existing = input.id === undefined ? undefined : get(ws.db, input.id);
      if (input.id !== undefined && !existing) return notFound(kind, input.id);
      const id = input.id ?? ws.ids(prefix);
      const written = write({ db: ws.db, at: ws.clock().toISOString(), actor: person.value.profile.id, source: 'form' }, id, input, existing);
      return 'refused' in written ? err('INPUT.INVALID', written.refused) : ok(written.value);
    })
    .immediate();
}

/** Creates (no id) or updates (id) a supplier; audited with the changed fields. */
export const saveSupplier = (ctx: CounterpartiesContext, input: SupplierInput): Result<Supplier> =>
  saveOne(ctx, 'supplier', 'sup', input, getSupplier, writeSupplier);

/** Creates (no id) or updates (id) a buyer; audited with the changed fields. */
export const saveBuyer = (ctx: CounterpartiesContext, input: BuyerInput): Result<Buyer> => saveOne(ctx, 'buyer', 'buy', input, getBuyer, writeBuyer);

/** Creates (no id) or updates (id) an escrow account; audited with the changed fields. */
export const saveEscrow = (ctx: CounterpartiesContext, input: EscrowInput): Result<EscrowAccount> =>
  saveOne(ctx, 'escrow', 'esc', input, getEscrowAccount, writeEscrow);

/** Removes a counterparty; receivables matched to it lose the match (the next check reports them unmatched). */
export function removeCounterparty(ctx: CounterpartiesContext, kind: CounterpartyKind, id: string): Result<{ removed: true }> {
  const person = requireRole(ctx.session, EDITORS, `remove ${KIND_LABELS[kind].many}`);
  if (!person.ok) return person;
  const { ws } = ctx;
  return ws.db
    .transaction((): Result<{ removed: true }> => {
      const existing = kind === 'supplier' ? getSupplier(ws.db, id) : kind === 'buyer' ? getBuyer(ws.db, id) : getEscrowAccount(ws.db, id);
      if (!existing) return notFound(kind, id);
      deleteCounterparty(ws.db, kind, id);
      // A dangling id would keep pointing at a party that no longer exists.
      if (kind === 'supplier') ws.db.prepare('UPDATE receivables SET supplier_id = NULL WHERE supplier_id = ?').run(id);
      if (kind === 'buyer') ws.db.prepare('UPDATE receivables SET buyer_id = NULL WHERE buyer_id = ?').run(id);
      appendAudit(ws.db, {
        at: ws.clock().toISOString(),
        actor: person.value.profile.id,
        action: `${kind}.removed`,
        entity: kind === 'escrow' ? 'escrow_account' : kind,
        entityId: id,
        details: { removed: existing },
      });
      return ok({ removed: true });
    })
    .immediate();
}

const only = (name: string) => (column: string): boolean => column === name;
/** The columns that feed each field of a record: a field whose columns the file lacks keeps its stored value. */
const FIELD_COLUMNS: Readonly<Record<CounterpartyKind, Readonly<Record<string, (column: string) => boolean>>>> = {
  supplier: { legalName: only('legal_name'), aliases: only('aliases'), country: only('country'), registrationId: only('registration_id'), industry: only('industry'), capacities: (c) => c.startsWith('capacity_') },
  buyer: { legalName: only('legal_name'), aliases: only('aliases'), country: only('country'), rating: only('rating'), probabilityOfDefault: only('probability_of_default'), insurance: (c) => c.startsWith('tci_') },
  escrow: { bank: only('bank'), account: only('account'), currency: only('currency'), vehicle: only('vehicle') },
};

/** The row's input with what the file has no column for taken from the stored record (an update never blanks it). */
function keepAbsent<I extends object>(kind: CounterpartyKind, columns: readonly string[], input: I, existing: object | undefined): I {
  if (!existing) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [field, feeds] of Object.entries(FIELD_COLUMNS[kind])) if (!columns.some(feeds)) out[field] = (existing as Record<string, unknown>)[field];
  return out as I;
}

/** A CSV file as the caller has it: text it decoded itself, or the file's bytes as base64. */
export type CsvSource = { readonly csv: string } | { readonly data: string };

/** The file's text and how its bytes were decoded (null: the caller sent text). */
function decodeSource(source: CsvSource): Result<{ text: string; encoding: CsvEncoding | null }> {
  if ('csv' in source) return ok({ text: source.csv, encoding: null });
  const decoded = decodeCsvBytes(Buffer.from(source.data, 'base64'));
  return decoded.ok ? ok({ text: decoded.text, encoding: decoded.encoding }) : err('COUNTERPARTY.CSV_ENCODING', decoded.message);
}

/** How an import treats a record of the file against the workspace: which one it updates, or why it may not. */
type Match<T> = { readonly existing: T | undefined } | { readonly refused: string };

/**
 * An id that exists names the record to update. A new id creates a record, unless its legal name
 * (escrow: account and currency) is another record's: the row is refused rather than folded into
 * that record under the other id. A row without an id updates the record of its name, or creates one.
 */
function matchRecord<T extends { id: string }>(id: string | undefined, byId: (id: string) => T | undefined, byKey: () => T | undefined, clash: (other: T) => string): Match<T> {
  if (id === undefined) return { existing: byKey() };
  const existing = byId(id);
  if (existing) return { existing };
  const other = byKey();
  return other ? { refused: `id ${id} is new, but ${clash(other)}; use id ${other.id} to update that one, or give this one a different name. This row was not imported.` } : { existing: undefined };
}

/** A file read, checked and parsed into the records it would write, before anything is written. */
type Prepared = {
  readonly encoding: CsvEncoding | null;
  readonly rows: number;
  readonly columns: readonly string[];
  readonly rejected: RowProblem[];
  readonly candidates:
    | { readonly kind: 'supplier'; readonly list: readonly Candidate<SupplierInput>[] }
    | { readonly kind: 'buyer'; readonly list: readonly Candidate<BuyerInput>[] }
    | { readonly kind: 'escrow'; readonly list: readonly Candidate<EscrowInput>[] };
};

/**
 * Decodes, parses and validates a file into its candidate records. Its own function so that the
 * text and the parsed rows are garbage once it returns: a 19 MB file's rows are not held while
 * its records are written.
 */
function prepareImport(db: Database, kind: CounterpartyKind, source: CsvSource): Result<Prepared> {
  const decoded = decodeSource(source);
  if (!decoded.ok) return decoded;
  const { encoding } = decoded.value;
  const parsed = parseCsv(decoded.value.text);
  if (!parsed.ok) return err('COUNTERPARTY.CSV_INVALID', `${parsed.message} Nothing was imported.`);
  // The parse is this function's own: its rows may be let go one by one below.
  const rows = parsed.rows as (CsvRow | undefined)[];
  const header = rows[0];
  if (!header) return err('COUNTERPARTY.CSV_INVALID', `The file has no rows. The first row must name the columns of the ${KIND_LABELS[kind].many} file.`);
  const checked = checkHeader(kind, header.cells);
  if ('problem' in checked) {
    const looksLike = guessCounterpartyKind(header.cells);
    const hint = looksLike && looksLike !== kind ? ` It looks like a ${KIND_LABELS[looksLike].many} file: import it as ${looksLike}.` : '';
    return err('COUNTERPARTY.CSV_INVALID', `${checked.problem}${hint} Nothing was imported.`);
  }
  const rejected: RowProblem[] = [];
  const record = recordReader(checked.columns);
  // Each row is let go once it is read (the array slot cleared), so a large file's rows and its
  // records are never all held at once.
  const readable = function* (): Generator<RecordRow> {
    for (let k = 1; k < rows.length; k++) {
      const row = rows[k]!;
      rows[k] = undefined;
      const problem = replacementCharProblem(row.line, row.cells);
      if (problem) rejected.push(problem);
      else yield record(row);
    }
  };
  const parseRows = <I>(toInput: (row: RecordRow) => I): Candidate<I>[] => {
    const candidates: Candidate<I>[] = [];
    for (const row of readable()) {
      try {
        candidates.push({ line: row.line, lines: [row.line], input: toInput(row) });
      } catch (error) {
        if (error instanceof RowProblem) rejected.push(error);
        else throw error;
      }
    }
    return candidates;
  };
  const distinct = <I>(all: { ok: Candidate<I>[]; problems: RowProblem[] }): Candidate<I>[] => {
    rejected.push(...all.problems);
    return all.ok;
  };
  const count = rows.length - 1;
  const candidates: Prepared['candidates'] =
    kind === 'supplier'
      ? { kind, list: distinct(parseSupplierRows([...readable()], (id) => documentExists(db, id))) }
      : kind === 'buyer'
        ? { kind, list: distinct(inFileConflicts('buyer', parseRows(buyerFromRow), buyerKey)) }
        : { kind, list: distinct(inFileConflicts('escrow', parseRows(escrowFromRow), escrowKey)) };
  return ok({ encoding, rows: count, columns: checked.columns, rejected, candidates });
}

/**
 * Imports a CSV file of one kind in one transaction: good rows land (each audited as created or
 * updated, and every update listed with the fields it changed), bad rows come back with their line
 * and what to fix, and one `counterparties.imported` entry records the counts. A file without the
 * required columns, or in an encoding that cannot be told, is refused as a whole. Rows that name one
 * record twice in the file, and new ids whose name is another record's, are refused by line: nothing
 * is overwritten unreported, and a column the file does not have leaves that field as it was.
 */
export function importCounterparties(ctx: CounterpartiesContext, kind: CounterpartyKind, source: CsvSource): Result<ImportReport> {
  const person = requireRole(ctx.session, EDITORS, `import ${KIND_LABELS[kind].many}`);
  if (!person.ok) return person;
  const { ws } = ctx;
  const prepared = prepareImport(ws.db, kind, source);
  if (!prepared.ok) return prepared;
  const { encoding, rows, columns, rejected, candidates } = prepared.value;
  const report = ws.db
    .transaction((): ImportReport => {
      const w: WriteArgs = { db: ws.db, at: ws.clock().toISOString(), actor: person.value.profile.id, source: 'import' };
      const counts = { created: 0, updated: 0, unchanged: 0 };
      const updates: ImportReport['updates'][number][] = [];
      const tally = (line: number, name: string, written: Written<{ id: string }>) => {
        if ('refused' in written) {
          rejected.push(new RowProblem(line, `Line ${line}: ${written.refused}`));
          return;
        }
        counts[written.outcome] += 1;
        if (written.outcome === 'updated') updates.push({ line, id: written.value.id, name, fields: written.changed });
      };
      const land = <I extends { id?: string | undefined }, T extends { id: string }>(
        list: readonly Candidate<I>[],
        match: (input: I) => Match<T>,
        write: (id: string, input: I, existing: T | undefined) => Written<T>,
        prefix: string,
        nameOf: (input: I) => string,
      ) => {
        for (const { line, input } of list) {
          const found = match(input);
          if ('refused' in found) rejected.push(new RowProblem(line, `Line ${line}: ${found.refused}`));
          else tally(line, nameOf(input), write(found.existing?.id ?? input.id ?? ws.ids(prefix), keepAbsent(kind, columns, input, found.existing), found.existing));
        }
      };
      if (candidates.kind === 'supplier') {
        land(
          candidates.list,
          (input) =>
            matchRecord(input.id, (id) => getSupplier(ws.db, id), () => findSupplierByName(ws.db, input.legalName), (other) => `supplier ${other.id} already has the legal name ${other.legalName}`),
          (id, input, existing) => writeSupplier(w, id, input, existing),
          'sup',
          (input) => input.legalName,
        );
      } else if (candidates.kind === 'buyer') {
        land(
          candidates.list,
          (input) => matchRecord(input.id, (id) => getBuyer(ws.db, id), () => findBuyerByName(ws.db, input.legalName), (other) => `buyer ${other.id} already has the legal name ${other.legalName}`),
          (id, input, existing) => writeBuyer(w, id, input, existing),
          'buy',
          (input) => input.legalName,
        );
      } else {
        land(
          candidates.list,
          (input) =>
            matchRecord(
              input.id,
              (id) => getEscrowAccount(ws.db, id),
              () => findEscrowByAccount(ws.db, input.account, input.currency),
              (other) => `account ${other.account} in ${other.currency} is already escrow account ${other.id}`,
            ),
          (id, input, existing) => writeEscrow(w, id, input, existing),
          'esc',
          (input) => `${input.account} ${input.currency}`,
        );
      }
      const sorted = rejected.sort((a, b) => a.line - b.line).map((p) => ({ line: p.line, message: p.message }));
      updates.sort((a, b) => a.line - b.line);
      appendAudit(ws.db, {
        at: w.at,
        actor: w.actor,
        action: 'counterparties.imported',
        entity: 'counterparties',
        entityId: kind,
        details: { kind, rows, encoding, created: counts.created, updated: counts.updated, unchanged: counts.unchanged, rejected: sorted.length },
      });
      return { created: counts.created, updated: counts.updated, updates, unchanged: counts.unchanged, rejected: sorted, encoding };
    })
    .immediate();
  return ok(report);
}

/** The CSV text of every counterparty of one kind, in the import format. */
export function counterpartiesCsv(db: Database, kind: CounterpartyKind): string {
  const rows = kind === 'supplier' ? suppliersToRows(listSuppliers(db)) : kind === 'buyer' ? buyersToRows(listBuyers(db)) : escrowToRows(listEscrowAccounts(db));
  return counterpartyCsv(rows);
}

/** Exports one kind as CSV in the import format, for any signed-in person. */
export function exportCounterparties(ctx: CounterpartiesContext, kind: CounterpartyKind): Result<ExportedFile> {
  const person = requireRole(ctx.session, READERS, `export ${KIND_LABELS[kind].many}`);
  if (!person.ok) return person;
  return ok({ fileName: KIND_LABELS[kind].file, mediaType: 'text/csv', data: counterpartiesCsv(ctx.ws.db, kind), encoding: 'utf8' });
}
