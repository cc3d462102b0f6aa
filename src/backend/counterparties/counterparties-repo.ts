import type { Buyer, CapacityDeclaration, Counterparties, EscrowAccount, Supplier, TradeCreditInsurance } from '../../shared/checks';
import type { Database, Statement } from '../db/database';

// An import writes one record per row: statements are prepared once per connection and reused, or
// each row would leave native statement memory behind that the garbage collector does not see (a
// 19 MB file grew the process to several GB).
const statements = new WeakMap<Database, Map<string, Statement>>();

/** The statement for `sql` on this connection, prepared on first use. */
function prepared(db: Database, sql: string): Statement {
  let bySql = statements.get(db);
  if (!bySql) {
    bySql = new Map();
    statements.set(db, bySql);
  }
  let statement = bySql.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    bySql.set(sql, statement);
  }
  return statement;
}

/** Whether a document with this id is in the workspace (capacity evidence may name one). */
export const documentExists = (db: Database, id: string): boolean => prepared(db, 'SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;

type SupplierRow = {
  id: string;
  legal_name: string;
  aliases: string;
  country: string;
  registration_id: string | null;
  industry: string | null;
  capacities: string;
  created_at: string;
  updated_at: string;
};

type BuyerRow = {
  id: string;
  legal_name: string;
  aliases: string;
  country: string;
  rating: string | null;
  pd: number | null;
  insurance: string | null;
  created_at: string;
  updated_at: string;
};

type EscrowRow = { id: string; bank: string; account: string; currency: string; vehicle: string; created_at: string; updated_at: string };

const toSupplier = (row: SupplierRow): Supplier => ({
  id: row.id,
  legalName: row.legal_name,
  aliases: JSON.parse(row.aliases) as string[],
  country: row.country,
  registrationId: row.registration_id,
  industry: row.industry,
  capacities: JSON.parse(row.capacities) as CapacityDeclaration[],
  updatedAt: row.updated_at,
});

const toBuyer = (row: BuyerRow): Buyer => ({
  id: row.id,
  legalName: row.legal_name,
  aliases: JSON.parse(row.aliases) as string[],
  country: row.country,
  rating: row.rating,
  probabilityOfDefault: row.pd,
  insurance: row.insurance ? (JSON.parse(row.insurance) as TradeCreditInsurance) : null,
  updatedAt: row.updated_at,
});

const toEscrow = (row: EscrowRow): EscrowAccount => ({
  id: row.id,
  bank: row.bank,
  account: row.account,
  currency: row.currency,
  vehicle: row.vehicle,
  updatedAt: row.updated_at,
});

/** Suppliers by legal name. */
export const listSuppliers = (db: Database): Supplier[] =>
  (prepared(db, 'SELECT * FROM suppliers ORDER BY legal_name COLLATE NOCASE, id').all() as SupplierRow[]).map(toSupplier);

/** Buyers by legal name. */
export const listBuyers = (db: Database): Buyer[] =>
  (prepared(db, 'SELECT * FROM buyers ORDER BY legal_name COLLATE NOCASE, id').all() as BuyerRow[]).map(toBuyer);

/** Escrow accounts by bank, account and currency. */
export const listEscrowAccounts = (db: Database): EscrowAccount[] =>
  (prepared(db, 'SELECT * FROM escrow_accounts ORDER BY bank COLLATE NOCASE, account, currency').all() as EscrowRow[]).map(toEscrow);

/** Every supplier, buyer and escrow account: what the check context is built from. */
export const listCounterparties = (db: Database): Counterparties => ({
  suppliers: listSuppliers(db),
  buyers: listBuyers(db),
  escrowAccounts: listEscrowAccounts(db),
});

export const getSupplier = (db: Database, id: string): Supplier | undefined => {
  const row = prepared(db, 'SELECT * FROM suppliers WHERE id = ?').get(id) as SupplierRow | undefined;
  return row && toSupplier(row);
};

export const getBuyer = (db: Database, id: string): Buyer | undefined => {
  const row = prepared(db, 'SELECT * FROM buyers WHERE id = ?').get(id) as BuyerRow | undefined;
  return row && toBuyer(row);
};

export const getEscrowAccount = (db: Database, id: string): EscrowAccount | undefined => {
  const row = prepared(db, 'SELECT * FROM escrow_accounts WHERE id = ?').get(id) as EscrowRow | undefined;
  return row && toEscrow(row);
};

/** The supplier with this legal name, ignoring case. */
export const findSupplierByName = (db: Database, legalName: string): Supplier | undefined => {
  const row = prepared(db, 'SELECT * FROM suppliers WHERE legal_name = ? COLLATE NOCASE').get(legalName) as SupplierRow | undefined;
  return row && toSupplier(row);
};

/** The buyer with this legal name, ignoring case. */
export const findBuyerByName = (db: Database, legalName: string): Buyer | undefined => {
  const row = prepared(db, 'SELECT * FROM buyers WHERE legal_name = ? COLLATE NOCASE').get(legalName) as BuyerRow | undefined;
  return row && toBuyer(row);
};

/** The escrow account row for this account number and currency. */
export const findEscrowByAccount = (db: Database, account: string, currency: string): EscrowAccount | undefined => {
  const row = prepared(db, 'SELECT * FROM escrow_accounts WHERE account = ? AND currency = ?').get(account, currency) as EscrowRow | undefined;
  return row && toEscrow(row);
};

/** Inserts or replaces a supplier; `at` becomes created_at for a new one and updated_at always. */
export function upsertSupplier(db: Database, s: Omit<Supplier, 'updatedAt'>, at: string): void {
  prepared(
    db,
    `INSERT INTO suppliers (id, legal_name, aliases, country, registration_id, industry, capacities, created_at, updated_at)
     VALUES (@id, @legalName, @aliases, @country, @registrationId, @industry, @capacities, @at, @at)
     ON CONFLICT (id) DO UPDATE SET legal_name = excluded.legal_name, aliases = excluded.aliases, country = excluded.country,
       registration_id = excluded.registration_id, industry = excluded.industry, capacities = excluded.capacities,
       updated_at = excluded.updated_at`,
  ).run({
    id: s.id,
    legalName: s.legalName,
    aliases: JSON.stringify(s.aliases),
    country: s.country,
    registrationId: s.registrationId,
    industry: s.industry,
    capacities: JSON.stringify(s.capacities),
    at,
  });
}

/** Inserts or replaces a buyer. */
export function upsertBuyer(db: Database, b: Omit<Buyer, 'updatedAt'>, at: string): void {
  prepared(
    db,
    `INSERT INTO buyers (id, legal_name, aliases, country, rating, pd, insurance, created_at, updated_at)
     VALUES (@id, @legalName, @aliases, @country, @rating, @pd, @insurance, @at, @at)
     ON CONFLICT (id) DO UPDATE SET legal_name = excluded.legal_name, aliases = excluded.aliases, country = excluded.country,
       rating = excluded.rating, pd = excluded.pd, insurance = excluded.insurance, updated_at = excluded.updated_at`,
  ).run({
    id: b.id,
    legalName: b.legalName,
    aliases: JSON.stringify(b.aliases),
    country: b.country,
    rating: b.rating,
    pd: b.probabilityOfDefault,
    insurance: b.insurance && JSON.stringify(b.insurance),
    at,
  });
}

/** Inserts or replaces an escrow account. */
export function upsertEscrowAccount(db: Database, e: Omit<EscrowAccount, 'updatedAt'>, at: string): void {
  prepared(
    db,
    `INSERT INTO escrow_accounts (id, bank, account, currency, vehicle, created_at, updated_at)
     VALUES (@id, @bank, @account, @currency, @vehicle, @at, @at)
     ON CONFLICT (id) DO UPDATE SET bank = excluded.bank, account = excluded.account, currency = excluded.currency,
       vehicle = excluded.vehicle, updated_at = excluded.updated_at`,
  ).run({ ...e, at });
}

const TABLES = { supplier: 'suppliers', buyer: 'buyers', escrow: 'escrow_accounts' } as const;

/** Deletes one counterparty; false when there was none with that id. */
export const deleteCounterparty = (db: Database, kind: keyof typeof TABLES, id: string): boolean =>
  prepared(db, `DELETE FROM ${TABLES[kind]} WHERE id = ?`).run(id).changes === 1;
