import type { ExportedFile } from '../../shared/contract';
import type { Buyer, CounterpartyKind, Counterparties, EscrowAccount, ImportReport, Supplier } from '../../shared/checks';
import type { Role } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { parseCsv } from '../../core/csv';
import { appendAudit } from '../audit/audit-log';
import type { Database } from '../db/database';
import type { EventBus } from '../events';
import { requireRole } from '../services/session';
import type { SessionState } from '../services/session';
import type { Workspace } from '../workspace';
import {
  buyerFromRow,
  buyersToRows,
  checkHeader,
  counterpartyCsv,
  escrowFromRow,
  escrowToRows,
  guessCounterpartyKind,
  KIND_LABELS,
  parseSupplierRows,
  recordsOf,
  RowProblem,
  suppliersToRows,
} from './counterparties-csv';
import type { BuyerInput, EscrowInput, SupplierInput } from './counterparties-csv';
import {
  deleteCounterparty,
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
/** A write that could not happen, as a sentence (a name taken by another record…). */
type Written<T> = { readonly outcome: Outcome; readonly value: T } | { readonly refused: string };

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
  if (existing && changes && Object.keys(changes).length === 0) return { outcome: 'unchanged', value: existing };
  spec.upsert(w.db, next, w.at);
  appendAudit(w.db, {
    at: w.at,
    actor: w.actor,
    action: `${spec.action}.${existing ? 'updated' : 'created'}`,
    entity: spec.entity,
    entityId: next.id,
    details: existing ? { [spec.label]: next[spec.label], changes, source: w.source } : { ...next, source: w.source },
  });
  return { outcome: existing ? 'updated' : 'created', value: spec.read(w.db, next.id) as T };
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

/**
 * Imports a CSV file of one kind in one transaction: good rows land (each audited as created or
 * updated), bad rows come back with their line and what to fix, and one `counterparties.imported`
 * entry records the counts. A file without the required columns is refused as a whole.
 */
export function importCounterparties(ctx: CounterpartiesContext, kind: CounterpartyKind, csv: string): Result<ImportReport> {
  const person = requireRole(ctx.session, EDITORS, `import ${KIND_LABELS[kind].many}`);
  if (!person.ok) return person;
  const parsed = parseCsv(csv);
  if (!parsed.ok) return err('COUNTERPARTY.CSV_INVALID', `${parsed.message} Nothing was imported.`);
  const [header, ...data] = parsed.rows;
  if (!header) return err('COUNTERPARTY.CSV_INVALID', `The file has no rows. The first row must name the columns of the ${KIND_LABELS[kind].many} file.`);
  const checked = checkHeader(kind, header.cells);
  if ('problem' in checked) {
    const looksLike = guessCounterpartyKind(header.cells);
    const hint = looksLike && looksLike !== kind ? ` It looks like a ${KIND_LABELS[looksLike].many} file: import it as ${looksLike}.` : '';
    return err('COUNTERPARTY.CSV_INVALID', `${checked.problem}${hint} Nothing was imported.`);
  }
  const records = recordsOf(checked.columns, data);
  const { ws } = ctx;
  const report = ws.db
    .transaction((): ImportReport => {
      const w: WriteArgs = { db: ws.db, at: ws.clock().toISOString(), actor: person.value.profile.id, source: 'import' };
      const counts = { created: 0, updated: 0, unchanged: 0 };
      const rejected: RowProblem[] = [];
      const tally = (line: number, written: Written<unknown>) => {
        if ('refused' in written) rejected.push(new RowProblem(line, `Line ${line}: ${written.refused}`));
        else counts[written.outcome] += 1;
      };
      const attempt = (line: number, body: () => void) => {
        try {
          body();
        } catch (error) {
          if (error instanceof RowProblem) rejected.push(error);
          else throw error;
        }
      };
      if (kind === 'supplier') {
        const isDocument = (id: string) => ws.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;
        const groups = parseSupplierRows(records, isDocument);
        rejected.push(...groups.problems);
        for (const { line, input } of groups.ok) {
          const existing = (input.id === undefined ? undefined : getSupplier(ws.db, input.id)) ?? findSupplierByName(ws.db, input.legalName);
          tally(line, writeSupplier(w, existing?.id ?? input.id ?? ws.ids('sup'), input, existing));
        }
      } else if (kind === 'buyer') {
        for (const row of records) {
          attempt(row.line, () => {
            const input = buyerFromRow(row);
            const existing = (input.id === undefined ? undefined : getBuyer(ws.db, input.id)) ?? findBuyerByName(ws.db, input.legalName);
            tally(row.line, writeBuyer(w, existing?.id ?? input.id ?? ws.ids('buy'), input, existing));
          });
        }
      } else {
        for (const row of records) {
          attempt(row.line, () => {
            const input = escrowFromRow(row);
            const existing = (input.id === undefined ? undefined : getEscrowAccount(ws.db, input.id)) ?? findEscrowByAccount(ws.db, input.account, input.currency);
            tally(row.line, writeEscrow(w, existing?.id ?? input.id ?? ws.ids('esc'), input, existing));
          });
        }
      }
      const sorted = rejected.sort((a, b) => a.line - b.line).map((p) => ({ line: p.line, message: p.message }));
      appendAudit(ws.db, {
        at: w.at,
        actor: w.actor,
        action: 'counterparties.imported',
        entity: 'counterparties',
        entityId: kind,
        details: { kind, rows: records.length, created: counts.created, updated: counts.updated, unchanged: counts.unchanged, rejected: sorted.length },
      });
      return { created: counts.created, updated: counts.updated, rejected: sorted };
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
