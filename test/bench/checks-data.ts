// Synthetic receivable portfolios for the checks benchmark: suppliers with declared capacity,
// insured buyers, an escrow account, and N invoices each with one bill of lading, every field with
// a page box like real extraction produces. About 4 % carry a planted problem so the rules have
// findings to write. Deterministic for a seed.
import type { Database } from 'better-sqlite3';
import type { Buyer, EscrowAccount, Supplier } from '../../src/shared/checks';
import type { ExtractedField, FieldName } from '../../src/shared/documents';

export type SyntheticDocument = {
  readonly id: string;
  readonly sha256: string;
  readonly fileName: string;
  readonly kind: 'invoice' | 'bill_of_lading';
  readonly fields: Partial<Record<FieldName, ExtractedField>>;
};

export type SyntheticPortfolio = {
  readonly suppliers: Supplier[];
  readonly buyers: Buyer[];
  readonly escrowAccounts: EscrowAccount[];
  readonly documents: SyntheticDocument[];
  readonly receivables: { readonly id: string; readonly invoiceId: string; readonly blIds: readonly string[] }[];
};

const PRODUCTS = [
  { goods: 'Polypropylene Homopolymer Resin', product: 'Polypropylene resin', price: 1045 },
  { goods: 'High Density Polyethylene (HDPE)', product: 'Polyethylene resin', price: 1128 },
  { goods: 'Soybeans, yellow, non-GMO', product: 'Soybeans', price: 412 },
  { goods: 'Long grain white rice 5% broken', product: 'Rice', price: 845 },
] as const;

/** A small deterministic PRNG (mulberry32) so runs are comparable. */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const hex = (n: number, width = 64): string => n.toString(16).padStart(width, '0').slice(-width);
const day = (base: string, days: number): string => {
  const d = new Date(`${base}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const field = (value: ExtractedField['value'], row: number, confidence = 0.97): ExtractedField => ({
  value,
  raw: Array.isArray(value) ? value.join(', ') : String(value),
  confidence,
  page: 1,
  bbox: { x: 0.55, y: 0.1 + (row % 30) * 0.025, w: 0.3, h: 0.018 },
  method: 'text_layer',
});

/** Generates a portfolio of `n` receivables. */
export function generatePortfolio(n: number, seed = 42): SyntheticPortfolio {
  const rand = prng(seed);
  const now = '2026-11-01T00:00:00.000Z';
  const supplierCount = Math.max(4, Math.round(n / 200));
  const buyerCount = Math.max(3, Math.round(n / 400));
  const suppliers: Supplier[] = Array.from({ length: supplierCount }, (_, i) => {
    const product = PRODUCTS[i % PRODUCTS.length]!;
    return {
      id: `sup_${i}`,
      legalName: `Supplier ${i} Manufacturing Joint Stock Company`,
      aliases: [`Supplier ${i} Manufacturing JSC`],
      country: 'VN',
      registrationId: `REG-${100000 + i}`,
      industry: 'Resins and agriculture',
      // Sized so a normal month is well utilised but inside the cap: each supplier ships about
      // 200 invoices of ~110 MT over 100 days.
      capacities: [{ product: product.product, quantityPerMonth: 20_000, unit: 'MT', evidenceDocumentId: null, evidenceNote: null }],
      updatedAt: now,
    };
  });
  const buyers: Buyer[] = Array.from({ length: buyerCount }, (_, i) => ({
    id: `buy_${i}`,
    legalName: `Buyer ${i} Trading GmbH`,
    aliases: [],
    country: 'DE',
    rating: 'BBB',
    probabilityOfDefault: 0.004,
    insurance: {
      insurer: 'Allianz Trade',
      policyNumber: `TCI-${i}`,
      creditLimit: 500_000_000,
      currency: 'USD',
      indemnityPct: 90,
      waitingPeriodDays: 180,
      expiry: '2028-12-31',
    },
    updatedAt: now,
  }));
  const escrowAccounts: EscrowAccount[] = [
    { id: 'esc_usd', bank: 'Banque Fluviale de Luxembourg S.A.', account: 'LU250271000441735001', currency: 'USD', vehicle: 'Tidewater Trade Receivables Fund I', updatedAt: now },
  ];
  const documents: SyntheticDocument[] = [];
  const receivables: SyntheticPortfolio['receivables'][number][] = [];
  for (let i = 0; i < n; i += 1) {
    const s = Math.floor(rand() * supplierCount);
    const supplier = suppliers[s]!;
    const buyer = buyers[Math.floor(rand() * buyerCount)]!;
    const product = PRODUCTS[s % PRODUCTS.length]!;
    // A live book: invoices of the last 100 days before the bench's evaluation date (2026-11-01).
    const issue = day('2026-07-24', Math.floor(rand() * 100));
    const shipped = day(issue, -Math.floor(rand() * 5));
    const due = day(issue, 100);
    const quantity = 60 + Math.round(rand() * 1000) / 10;
    const planted = rand() < 0.04 ? Math.floor(rand() * 4) : -1;
    const total = Math.round(quantity * product.price * 100) / 100;
    const number = `INV-${s}-${2026}-${String(i).padStart(6, '0')}`;
    const blNumber = `MRDL${String(i).padStart(10, '0')}`;
    const invoiceId = `doc_i${i}`;
    const blId = `doc_b${i}`;
    documents.push({
      id: invoiceId,
      sha256: hex(i * 2 + 1),
      fileName: `invoice-${i}.pdf`,
      kind: 'invoice',
      fields: {
        invoice_number: field(number, 0),
        issue_date: field(issue, 1),
        due_date: field(due, 2),
        currency: field('USD', 3),
        total_amount: field(planted === 0 ? total * 1.2 : total, 4),
        seller: field(supplier.legalName, 5),
        buyer: field(buyer.legalName, 6),
        goods_description: field(product.goods, 7),
        quantity: field(quantity, 8),
        quantity_unit: field('MT', 9),
        unit_price: field(product.price, 10),
        payment_account: field(planted === 1 ? 'VN19036685204107' : 'LU250271000441735001', 11),
        bl_number: field(blNumber, 12),
        incoterm: field('FOB', 13),
      },
    });
    documents.push({
      id: blId,
      sha256: hex(i * 2 + 2),
      fileName: `bl-${i}.pdf`,
      kind: 'bill_of_lading',
      fields: {
        bl_number: field(blNumber, 0),
        shipper: field(supplier.legalName.toUpperCase(), 1),
        consignee: field(buyer.legalName.toUpperCase(), 2),
        notify_party: field('SAME AS CONSIGNEE', 3),
        carrier: field('MERIDIAN OCEAN LINES PTE. LTD.', 4),
        vessel: field('MERIDIAN AURORA', 5),
        voyage: field('042E', 6),
        port_of_loading: field('HO CHI MINH CITY, VIETNAM', 7),
        port_of_discharge: field('HAMBURG, GERMANY', 8),
        shipped_on_board_date: field(shipped, 9),
        goods_description: field(product.goods.toUpperCase(), 10),
        quantity: field(planted === 2 ? Math.round(quantity * 920) : Math.round(quantity * 1000), 11),
        quantity_unit: field('KG', 12),
        gross_weight_kg: field(Math.round(quantity * 1008), 13),
        container_numbers: field(['MRDU4123059'], 14, planted === 3 ? 0.5 : 0.97),
      },
    });
    receivables.push({ id: `rcv_${i}`, invoiceId, blIds: [blId] });
  }
  return { suppliers, buyers, escrowAccounts, documents, receivables };
}

/**
 * Writes a portfolio straight into a workspace database, as if intake had extracted every document
 * and the counterparties had been imported: bulk inserts in one transaction.
 */
export function writePortfolio(db: Database, portfolio: SyntheticPortfolio, actor: string): void {
  const at = '2026-11-01T00:00:00.000Z';
  db.transaction(() => {
    const blob = db.prepare("INSERT INTO blobs (sha256, size, media_type, created_at) VALUES (?, 1000, 'application/pdf', ?)");
    const doc = db.prepare(
      `INSERT INTO documents (id, sha256, file_name, media_type, size, status, kind, kind_score, page_count, created_at, created_by, queued_at)
       VALUES (?, ?, ?, 'application/pdf', 1000, 'extracted', ?, 0.98, 1, ?, ?, ?)`,
    );
    const page = db.prepare("INSERT INTO document_pages (document_id, n, width, height, method, rotation, confidence, words) VALUES (?, 1, 595, 842, 'text_layer', 0, 1, '[]')");
    const fieldRow = db.prepare('INSERT INTO document_fields (document_id, name, extracted) VALUES (?, ?, ?)');
    for (const d of portfolio.documents) {
      blob.run(d.sha256, at);
      doc.run(d.id, d.sha256, d.fileName, d.kind, at, actor, at);
      page.run(d.id);
      for (const [name, value] of Object.entries(d.fields)) fieldRow.run(d.id, name, JSON.stringify(value));
    }
    const supplier = db.prepare(
      'INSERT INTO suppliers (id, legal_name, aliases, country, registration_id, industry, capacities, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const s of portfolio.suppliers) {
      supplier.run(s.id, s.legalName, JSON.stringify(s.aliases), s.country, s.registrationId, s.industry, JSON.stringify(s.capacities), at, at);
    }
    const buyer = db.prepare(
      'INSERT INTO buyers (id, legal_name, aliases, country, rating, pd, insurance, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const b of portfolio.buyers) {
      buyer.run(b.id, b.legalName, JSON.stringify(b.aliases), b.country, b.rating, b.probabilityOfDefault, b.insurance ? JSON.stringify(b.insurance) : null, at, at);
    }
    const escrow = db.prepare('INSERT INTO escrow_accounts (id, bank, account, currency, vehicle, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const e of portfolio.escrowAccounts) escrow.run(e.id, e.bank, e.account, e.currency, e.vehicle, at, at);
    const receivable = db.prepare(
      "INSERT INTO receivables (id, invoice_document_id, status, advance_minor, initial_margin_pct, created_at, created_by, updated_at) VALUES (?, ?, 'draft', ?, 12, ?, ?, ?)",
    );
    const totals = new Map(portfolio.documents.filter((d) => d.kind === 'invoice').map((d) => [d.id, Number(d.fields.total_amount?.value ?? 0)]));
    const link = db.prepare("INSERT INTO receivable_documents (receivable_id, document_id, method, linked_at, linked_by) VALUES (?, ?, 'bl_number', ?, ?)");
    for (const r of portfolio.receivables) {
      // The analyst has recorded an 80 % advance and a 12 % initial margin, as on a book being funded.
      receivable.run(r.id, r.invoiceId, Math.round((totals.get(r.invoiceId) ?? 0) * 80), at, actor, at);
      for (const bl of r.blIds) link.run(r.id, bl, at, actor);
    }
  })();
}
