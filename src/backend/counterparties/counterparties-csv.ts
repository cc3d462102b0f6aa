/**
 * The CSV formats of counterparties: what `counterparties.export` writes and `counterparties.import`
 * reads, so an export imports again unchanged. One header row, then one record per row; column
 * names are matched ignoring case, and columns may come in any order.
 *
 * suppliers.csv
 *   id, legal_name, aliases, country (ISO code or name: DE, Germany, Deutschland), registration_id, industry,
 *   capacity_product, capacity_per_month, capacity_unit, capacity_evidence
 *   - aliases are separated by "|" (e.g. `SPR JSC|SAIGON POLYTECH RESINS JSC`);
 *   - a supplier with several products takes several rows with the same id / legal name: the first
 *     row's supplier columns count, later rows may repeat them or leave them empty;
 *   - capacity_unit is one of MT, KG, LB, BAG, PCS, CBM; capacity_evidence is the id of the document
 *     that evidences the capacity when it is one in this workspace, else a note.
 * buyers.csv
 *   id, legal_name, aliases, country, rating, probability_of_default (a share 0–1, or "1.5%"),
 *   tci_insurer, tci_policy_number, tci_credit_limit, tci_currency, tci_indemnity_pct,
 *   tci_waiting_period_days, tci_expiry (yyyy-mm-dd) — leave every tci_ column empty for no cover.
 * escrow.csv
 *   id, bank, account (IBAN or account number), currency, vehicle — a multi-currency account takes
 *   one row per currency.
 *
 * Rows match existing records by id, else by legal name ignoring case (escrow: by account and
 * currency); a row with an id that is not known yet creates the record under that id.
 */
import { countryCode } from '../../shared/countries';
import type { z } from 'zod';
import type { Buyer, CounterpartyKind, EscrowAccount, Supplier } from '../../shared/checks';
import { BuyerInputSchema, EscrowInputSchema, SupplierInputSchema } from '../../shared/contract';
import { formatCsv, restoreFormula } from '../../core/csv';
import type { CsvRow } from '../../core/csv';

export type SupplierInput = z.output<typeof SupplierInputSchema>;
export type BuyerInput = z.output<typeof BuyerInputSchema>;
export type EscrowInput = z.output<typeof EscrowInputSchema>;

export const CSV_COLUMNS = {
  supplier: [
    'id',
    'legal_name',
    'aliases',
    'country',
    'registration_id',
    'industry',
    'capacity_product',
    'capacity_per_month',
    'capacity_unit',
    'capacity_evidence',
  ],
  buyer: [
    'id',
    'legal_name',
    'aliases',
    'country',
    'rating',
    'probability_of_default',
    'tci_insurer',
    'tci_policy_number',
    'tci_credit_limit',
    'tci_currency',
    'tci_indemnity_pct',
    'tci_waiting_period_days',
    'tci_expiry',
  ],
  escrow: ['id', 'bank', 'account', 'currency', 'vehicle'],
} as const satisfies Record<CounterpartyKind, readonly string[]>;

const REQUIRED: Record<CounterpartyKind, readonly string[]> = {
  supplier: ['legal_name', 'country'],
  buyer: ['legal_name', 'country'],
  escrow: ['bank', 'account', 'currency', 'vehicle'],
};

export const KIND_LABELS: Record<CounterpartyKind, { one: string; many: string; file: string }> = {
  supplier: { one: 'supplier', many: 'suppliers', file: 'suppliers.csv' },
  buyer: { one: 'buyer', many: 'buyers', file: 'buyers.csv' },
  escrow: { one: 'escrow account', many: 'escrow accounts', file: 'escrow.csv' },
};

const ALIAS_SEPARATOR = '|';

const normaliseHeader = (cell: string): string => cell.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Which kind of counterparty a header row describes, from the columns only one kind has. */
export function guessCounterpartyKind(header: readonly string[]): CounterpartyKind | null {
  const cols = new Set(header.map(normaliseHeader));
  if (['capacity_product', 'registration_id', 'industry'].some((c) => cols.has(c))) return 'supplier';
  if (['tci_insurer', 'rating', 'probability_of_default'].some((c) => cols.has(c))) return 'buyer';
  if (cols.has('bank') && cols.has('account')) return 'escrow';
  return null;
}

/** A header that lacks required columns, or has columns of no known meaning, explained. */
export function checkHeader(kind: CounterpartyKind, header: readonly string[]): { columns: string[] } | { problem: string } {
  const columns = header.map(normaliseHeader);
  const known = new Set<string>(CSV_COLUMNS[kind]);
  const missing = REQUIRED[kind].filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => c !== '' && !known.has(c));
  const label = KIND_LABELS[kind].many;
  if (missing.length > 0) {
    return {
      problem: `The ${label} file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. The first row must name the columns: ${CSV_COLUMNS[kind].join(',')}.`,
    };
  }
  if (unknown.length > 0) {
    return {
      problem: `The ${label} file has column${unknown.length > 1 ? 's' : ''} Quayside does not know: ${unknown.join(', ')}. Rename or remove ${unknown.length > 1 ? 'them' : 'it'}; the columns are ${CSV_COLUMNS[kind].join(',')}.`,
    };
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (c !== '' && seen.has(c)) return { problem: `The ${label} file names the column ${c} twice; keep one.` };
    seen.add(c);
  }
  return { columns };
}

/** A data row as column → cell text (trimmed, formula neutralising undone). */
export type RecordRow = { readonly line: number; readonly get: (column: string) => string };

/** Pairs a data row with the header's column names (cells are read on demand, not copied). */
export function recordReader(columns: readonly string[]): (row: CsvRow) => RecordRow {
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c !== '' && !index.has(c)) index.set(c, i);
  });
  return (row) => ({
    line: row.line,
    get: (column: string) => {
      const at = index.get(column);
      return at === undefined ? '' : restoreFormula(row.cells[at] ?? '').trim();
    },
  });
}

/** Pairs each data row with the header's column names. */
export const recordsOf = (columns: readonly string[], rows: readonly CsvRow[]): RecordRow[] => rows.map(recordReader(columns));

/**
 * A row holding U+FFFD, the mark a program leaves where it could not decode a character: the file
 * was read in the wrong encoding before it got here, and the name it carries is not the real one.
 */
export function replacementCharProblem(line: number, cells: readonly string[]): RowProblem | null {
  return cells.some((cell) => cell.includes('\uFFFD'))
    ? new RowProblem(
        line,
        `Line ${line} holds the character \uFFFD (U+FFFD), left where a program could not read a letter: the file was decoded in the wrong encoding before it reached Quayside. Import the original file, or fix the text. This row was not imported.`,
      )
    : null;
}

/** A row that could not be used, with the sentence that says what to fix. */
export class RowProblem {
  constructor(
    readonly line: number,
    readonly message: string,
  ) {}
}

const THOUSANDS = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A number cell, or null when empty; accepts 4000, 4000.5, 4,000 and a trailing % when allowed. */
function numberCell(row: RecordRow, column: string, options: { percentToShare?: boolean } = {}): number | null {
  const raw = row.get(column).replace(/[\s_]/g, '');
  if (raw === '') return null;
  let text = THOUSANDS.test(raw) ? raw.replaceAll(',', '') : raw;
  let scale = 1;
  if (options.percentToShare && text.endsWith('%')) {
    text = text.slice(0, -1);
    scale = 0.01;
  }
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new RowProblem(row.line, `Line ${row.line}: ${column} "${row.get(column)}" is not a number; write it like 4000 or 4000.5.`);
  }
  // Scaling a percentage to a share can leave binary noise (1.5 % → 0.015000000000000001).
  return scale === 1 ? value : Number((value * scale).toPrecision(12));
}

const textCell = (row: RecordRow, column: string): string | null => {
  const value = row.get(column);
  return value === '' ? null : value;
};

const aliasesCell = (row: RecordRow): string[] =>
  row
    .get('aliases')
    .split(ALIAS_SEPARATOR)
    .map((a) => a.trim())
    .filter((a) => a !== '');

/** Turns the first zod issue into "Line N: column — message" using the path → column map. */
function zodProblem(error: z.ZodError, kind: CounterpartyKind, lineOf: (path: readonly PropertyKey[]) => number, columnOf: (path: readonly PropertyKey[]) => string): RowProblem {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const line = lineOf(path);
  const column = columnOf(path);
  return new RowProblem(line, `Line ${line}: ${column} — ${issue?.message ?? 'invalid value'} This ${KIND_LABELS[kind].one} was not imported.`);
}

const SUPPLIER_PATHS: Record<string, string> = {
  id: 'id',
  legalName: 'legal_name',
  aliases: 'aliases',
  country: 'country',
  registrationId: 'registration_id',
  industry: 'industry',
  product: 'capacity_product',
  quantityPerMonth: 'capacity_per_month',
  unit: 'capacity_unit',
  evidenceDocumentId: 'capacity_evidence',
  evidenceNote: 'capacity_evidence',
};

const BUYER_PATHS: Record<string, string> = {
  id: 'id',
  legalName: 'legal_name',
  aliases: 'aliases',
  country: 'country',
  rating: 'rating',
  probabilityOfDefault: 'probability_of_default',
  insurer: 'tci_insurer',
  policyNumber: 'tci_policy_number',
  creditLimit: 'tci_credit_limit',
  currency: 'tci_currency',
  indemnityPct: 'tci_indemnity_pct',
  waitingPeriodDays: 'tci_waiting_period_days',
  expiry: 'tci_expiry',
};

const lastKey = (path: readonly PropertyKey[], map: Record<string, string>): string => {
  const named = [...path].reverse().find((p): p is string => typeof p === 'string' && p in map);
  return named ? (map[named] ?? named) : path.join('.') || 'row';
};

/** A record parsed from the file: its first line, every line it came from, and its input. */
export type Candidate<I> = { readonly line: number; readonly lines: readonly number[]; readonly input: I };

/** A supplier parsed from its rows (one per product), with the line numbers it came from. */
export type SupplierRecord = Candidate<SupplierInput>;

/** What names a record in a file: its id (if any) and its natural key (legal name, or account and currency). */
export type RecordKey = { readonly id: string | undefined; readonly key: string; readonly label: string };

const listLines = (lines: readonly number[]): string => (lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`);

/**
 * Records of one file that name the same counterparty twice — the same id, or the same legal name
 * (escrow: account and currency) — are all refused, each at its line, naming the others. Which one
 * was meant is for a person to say, so none of them silently overwrites another.
 */
export function inFileConflicts<I>(kind: CounterpartyKind, candidates: readonly Candidate<I>[], keyOf: (input: I) => RecordKey): { ok: Candidate<I>[]; problems: RowProblem[] } {
  const keys = candidates.map((c) => keyOf(c.input));
  const byId = new Map<string, number[]>();
  const byKey = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k.id !== undefined) byId.set(k.id, [...(byId.get(k.id) ?? []), i]);
    byKey.set(k.key, [...(byKey.get(k.key) ?? []), i]);
  });
  const one = KIND_LABELS[kind].one;
  const problems = new Map<number, RowProblem>();
  const refuse = (group: readonly number[], what: (i: number) => string) => {
    if (group.length < 2) return;
    for (const i of group) {
      if (problems.has(i)) continue;
      const c = candidates[i] as Candidate<I>;
      const others = group.filter((j) => j !== i).flatMap((j) => (candidates[j] as Candidate<I>).lines);
      problems.set(i, new RowProblem(c.line, `Line ${c.line}: ${what(i)} is also on ${listLines(others)} of this file; a file names each ${one} once. None of these rows was imported.`));
    }
  };
  for (const group of byId.values()) refuse(group, (i) => `id ${keys[i]?.id ?? ''}`);
  for (const group of byKey.values()) refuse(group, (i) => keys[i]?.label ?? '');
  return { ok: candidates.filter((_, i) => !problems.has(i)), problems: [...problems.values()] };
}

/**
 * Groups supplier rows by id (or legal name when the id is empty) and validates each group; a bad
 * group is reported once, at the line that is wrong, and the other groups still come through.
 */
export function parseSupplierRows(records: readonly RecordRow[], isDocument: (id: string) => boolean): { ok: SupplierRecord[]; problems: RowProblem[] } {
  const groups = new Map<string, RecordRow[]>();
  const problems: RowProblem[] = [];
  for (const row of records) {
    const id = row.get('id');
    const name = row.get('legal_name');
    if (!id && !name) {
      problems.push(new RowProblem(row.line, `Line ${row.line}: legal_name — every row needs the supplier's legal name (or its id).`));
      continue;
    }
    const key = id ? `id:${id}` : `name:${name.toLowerCase()}`;
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }
  // A row with only a name may belong to a group keyed by id that has the same name (the first such).
  const idGroupByName = new Map<string, RecordRow[]>();
  for (const [key, rows] of groups) {
    const name = rows[0]?.get('legal_name').toLowerCase() ?? '';
    if (key.startsWith('id:') && !idGroupByName.has(name)) idGroupByName.set(name, rows);
  }
  for (const [key, rows] of [...groups]) {
    if (!key.startsWith('name:')) continue;
    const match = idGroupByName.get(key.slice(5));
    if (match) {
      match.push(...rows);
      groups.delete(key);
    }
  }
  const ok: SupplierRecord[] = [];
  for (const rows of groups.values()) {
    try {
      ok.push(supplierFromRows(rows, isDocument));
    } catch (error) {
      if (error instanceof RowProblem) problems.push(error);
      else throw error;
    }
  }
  const distinct = inFileConflicts('supplier', ok, supplierKey);
  return { ok: distinct.ok, problems: [...problems, ...distinct.problems] };
}

/** A supplier's id and legal name, as a file names it. */
export const supplierKey = (input: SupplierInput): RecordKey => ({ id: input.id, key: input.legalName.toLowerCase(), label: `legal name "${input.legalName}"` });

/** A buyer's id and legal name, as a file names it. */
export const buyerKey = (input: BuyerInput): RecordKey => ({ id: input.id, key: input.legalName.toLowerCase(), label: `legal name "${input.legalName}"` });

/** An escrow account's id, account number and currency, as a file names it. */
export const escrowKey = (input: EscrowInput): RecordKey => ({ id: input.id, key: `${input.account}|${input.currency}`, label: `account ${input.account} in ${input.currency}` });

function supplierFromRows(rows: readonly RecordRow[], isDocument: (id: string) => boolean): SupplierRecord {
  const first = rows[0] as RecordRow;
  for (const row of rows.slice(1)) {
    for (const column of ['legal_name', 'aliases', 'country', 'registration_id', 'industry']) {
      const value = row.get(column);
      if (value !== '' && value.toLowerCase() !== first.get(column).toLowerCase()) {
        throw new RowProblem(
          row.line,
          `Line ${row.line}: ${column} "${value}" differs from line ${first.line} ("${first.get(column)}") for the same supplier; make them equal or leave it empty on later rows.`,
        );
      }
    }
  }
  const capacityRows = rows.filter((r) => ['capacity_product', 'capacity_per_month', 'capacity_unit', 'capacity_evidence'].some((c) => r.get(c) !== ''));
  const capacities = capacityRows.map((row) => {
    const evidence = row.get('capacity_evidence');
    const isDoc = evidence !== '' && isDocument(evidence);
    return {
      product: row.get('capacity_product'),
      quantityPerMonth: numberCell(row, 'capacity_per_month') ?? 0,
      unit: row.get('capacity_unit').toUpperCase(),
      evidenceDocumentId: isDoc ? evidence : null,
      evidenceNote: isDoc || evidence === '' ? null : evidence,
    };
  });
  const candidate = {
    ...(first.get('id') ? { id: first.get('id') } : {}),
    legalName: first.get('legal_name'),
    aliases: aliasesCell(first),
    country: countryCell(first),
    registrationId: textCell(first, 'registration_id'),
    industry: textCell(first, 'industry'),
    capacities,
  };
  const parsed = SupplierInputSchema.safeParse(candidate);
  if (!parsed.success) {
    throw zodProblem(
      parsed.error,
      'supplier',
      (path) => (path[0] === 'capacities' && typeof path[1] === 'number' ? (capacityRows[path[1]]?.line ?? first.line) : first.line),
      (path) => lastKey(path, SUPPLIER_PATHS),
    );
  }
  return { line: first.line, lines: rows.map((r) => r.line), input: parsed.data };
}

/** The country column: a code, or a name ("Germany", "Viet Nam") turned into its ISO code. */
const countryCell = (row: RecordRow): string => countryCode(row.get('country')) ?? row.get('country');

/** One buyer per row. */
export function buyerFromRow(row: RecordRow): BuyerInput {
  const tciColumns = CSV_COLUMNS.buyer.filter((c) => c.startsWith('tci_'));
  const insured = tciColumns.some((c) => row.get(c) !== '');
  const candidate = {
    ...(row.get('id') ? { id: row.get('id') } : {}),
    legalName: row.get('legal_name'),
    aliases: aliasesCell(row),
    country: countryCell(row),
    rating: textCell(row, 'rating'),
    probabilityOfDefault: numberCell(row, 'probability_of_default', { percentToShare: true }),
    insurance: insured
      ? {
          insurer: row.get('tci_insurer'),
          policyNumber: row.get('tci_policy_number'),
          creditLimit: numberCell(row, 'tci_credit_limit') ?? Number.NaN,
          currency: row.get('tci_currency'),
          indemnityPct: numberCell(row, 'tci_indemnity_pct') ?? Number.NaN,
          waitingPeriodDays: numberCell(row, 'tci_waiting_period_days') ?? Number.NaN,
          expiry: row.get('tci_expiry'),
        }
      : null,
  };
  const parsed = BuyerInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const column = lastKey(issue?.path ?? [], BUYER_PATHS);
    // zod says "expected number, received NaN" for an empty number cell; say which cell to fill.
    if (issue && column.startsWith('tci_') && row.get(column) === '') {
      throw new RowProblem(row.line, `Line ${row.line}: ${column} is empty; a buyer with trade credit insurance needs every tci_ column, or none. This buyer was not imported.`);
    }
    throw zodProblem(parsed.error, 'buyer', () => row.line, () => column);
  }
  return parsed.data;
}

/** One escrow account (in one currency) per row. */
export function escrowFromRow(row: RecordRow): EscrowInput {
  const candidate = {
    ...(row.get('id') ? { id: row.get('id') } : {}),
    bank: row.get('bank'),
    account: row.get('account'),
    currency: row.get('currency'),
    vehicle: row.get('vehicle'),
  };
  const parsed = EscrowInputSchema.safeParse(candidate);
  if (!parsed.success) {
    throw zodProblem(parsed.error, 'escrow', () => row.line, (path) => String(path[0] ?? 'row'));
  }
  return parsed.data;
}

const num = (value: number | null): string => (value === null ? '' : String(value));

/** Suppliers as CSV rows (header first), one row per declared capacity. */
export function suppliersToRows(suppliers: readonly Supplier[]): string[][] {
  const rows: string[][] = [[...CSV_COLUMNS.supplier]];
  for (const s of suppliers) {
    const base = [s.id, s.legalName, s.aliases.join(ALIAS_SEPARATOR), s.country, s.registrationId ?? '', s.industry ?? ''];
    if (s.capacities.length === 0) rows.push([...base, '', '', '', '']);
    for (const c of s.capacities) {
      rows.push([...base, c.product, num(c.quantityPerMonth), c.unit, c.evidenceDocumentId ?? c.evidenceNote ?? '']);
    }
  }
  return rows;
}

/** Buyers as CSV rows (header first). */
export function buyersToRows(buyers: readonly Buyer[]): string[][] {
  return [
    [...CSV_COLUMNS.buyer],
    ...buyers.map((b) => {
      const t = b.insurance;
      return [
        b.id,
        b.legalName,
        b.aliases.join(ALIAS_SEPARATOR),
        b.country,
        b.rating ?? '',
        num(b.probabilityOfDefault),
        t?.insurer ?? '',
        t?.policyNumber ?? '',
        t ? num(t.creditLimit) : '',
        t?.currency ?? '',
        t ? num(t.indemnityPct) : '',
        t ? num(t.waitingPeriodDays) : '',
        t?.expiry ?? '',
      ];
    }),
  ];
}

/** Escrow accounts as CSV rows (header first). */
export function escrowToRows(accounts: readonly EscrowAccount[]): string[][] {
  return [[...CSV_COLUMNS.escrow], ...accounts.map((e) => [e.id, e.bank, e.account, e.currency, e.vehicle])];
}

/** The CSV text of rows (with a BOM so spreadsheet programs read accented names right). */
export const counterpartyCsv = (rows: readonly (readonly string[])[]): string => formatCsv(rows, { bom: true });
