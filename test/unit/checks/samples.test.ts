// The sample receivables of resources/samples: every planted problem is caught by the rule meant
// for it with severity `fail`, and no clean receivable gets a `fail`. Field values are the
// manifest's true values (confidence 1); signals come from each document's characteristic lines
// as printed on the sample (titles, payment terms, B/L remarks and boilerplate).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Buyer, EscrowAccount, Supplier, Unit } from '../../../src/shared/checks';
import type { FieldName, FieldValue } from '../../../src/shared/documents';
import { DEFAULT_POLICY } from '../../../src/shared/policy';
import { createCheckState, evaluateAll } from '../../../src/core/checks/engine';
import type { ReceivableOutcome } from '../../../src/core/checks/engine';
import { createPartyMatcher } from '../../../src/core/checks/names';
import { RULES } from '../../../src/core/checks/rules/index';
import type { CheckContext, DocumentFacts, ReceivableFacts } from '../../../src/core/checks/types';
import { receivableDigestText } from '../../../src/core/checks/types';
import { deriveFacts } from '../../../src/core/checks/facts';
import { doc } from './fixtures';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/samples');

type ManifestDoc = { file: string; sha256: string; kind: string; receivable: string; expected: Record<string, FieldValue> };
type Manifest = {
  suppliers: { id: string; legalName: string; aliases: string[]; country: string; capacity: { product: string; quantityPerMonth: number; unit: Unit } }[];
  buyers: { id: string; legalName: string; aliases: string[]; country: string }[];
  escrowAccounts: { id: string; bank: string; iban: string; currencies: string[]; holder: string }[];
  receivables: { id: string; blNumber: string }[];
  plantedProblems: { code: string; receivable: string }[];
  documents: ManifestDoc[];
};

const manifest = JSON.parse(readFileSync(path.join(SAMPLES, 'manifest.json'), 'utf8')) as Manifest;

// Lines as printed on the samples (see the text read from each file): the invoice title and
// payment terms, the B/L's shipped-on-board wording, remarks, and the boilerplate that must not
// read as a clause.
const TERMS: Record<string, string> = {
  R01: 'Payment terms: 90 days from B/L date',
  R02: 'Terms Net 90',
  R03: 'Pagamento / Payment Terms 120 days from B/L date',
  R04: 'Payment: 90 DAYS FROM B/L DATE, OPEN ACCOUNT',
  R05: 'Payment terms: 90 days from B/L date',
  R06: 'Terms Net 90',
  R07: '2026-03-16 CFR Rotterdam 120 days from B/L date',
  R08: 'Payment: 90 DAYS FROM B/L DATE, OPEN ACCOUNT',
  R09: 'Payment terms: 90 days from BIL date',
  R10: 'Terms Net 90',
  R11: 'payment terms: 90 days from B/L date',
};
const invoiceLines = (receivable: string): string[] => [
  receivable === 'R08' ? 'PROFORMA INVOICE' : 'COMMERCIAL INVOICE',
  receivable === 'R08' ? 'Validity: 15 days from the date of this proforma' : 'ORIGINAL',
  TERMS[receivable]!,
];
const blLines = (receivable: string): string[] => [
  'BILL OF LADING',
  "SHIPPER'S LOAD, STOW AND COUNT SAID TO CONTAIN:",
  ...(receivable === 'R04' || receivable === 'R08' ? ['AVERAGE GRAIN LENGTH 8.35 MM, BROKEN MAX 1 %,'] : []),
  'TOTAL 14 DAYS FREE TIME AT DESTINATION',
  ...(receivable === 'R04' ? ['REMARKS: 2 BAGS TORN AND RESEWN'] : []),
  receivable === 'R03' ? 'CLEAN ON BOARD' : 'SHIPPED ON BOARD',
  'RECEIVED by the Carrier from the Shipper in apparent good order and condition (unless otherwise noted herein)',
];

// Invented but sensible trade credit insurance: limits above each buyer's exposure in the samples.
const TCI: Record<string, Buyer['insurance']> = {
  B1: { insurer: 'Allianz Trade', policyNumber: 'AT-DE-44120', creditLimit: 1_500_000, currency: 'EUR', indemnityPct: 90, waitingPeriodDays: 180, expiry: '2027-03-31' },
  B2: { insurer: 'Atradius', policyNumber: 'ATR-NL-90713', creditLimit: 6_000_000, currency: 'USD', indemnityPct: 90, waitingPeriodDays: 150, expiry: '2027-06-30' },
  B3: { insurer: 'Coface', policyNumber: 'COF-US-27781', creditLimit: 750_000, currency: 'USD', indemnityPct: 85, waitingPeriodDays: 180, expiry: '2027-01-31' },
};

const suppliers: Supplier[] = manifest.suppliers.map((s) => ({
  id: s.id,
  legalName: s.legalName,
  aliases: s.aliases,
  country: s.country,
  registrationId: null,
  industry: null,
  capacities: [{ product: s.capacity.product, quantityPerMonth: s.capacity.quantityPerMonth, unit: s.capacity.unit, evidenceDocumentId: null, evidenceNote: null }],
  updatedAt: '2026-01-15',
}));
const buyers: Buyer[] = manifest.buyers.map((b) => ({ id: b.id, legalName: b.legalName, aliases: b.aliases, country: b.country, rating: null, probabilityOfDefault: null, insurance: TCI[b.id] ?? null, updatedAt: '2026-01-15' }));
const escrowAccounts: EscrowAccount[] = manifest.escrowAccounts.flatMap((e) =>
  e.currencies.map((currency) => ({ id: `${e.id}-${currency}`, bank: e.bank, account: e.iban, currency, vehicle: e.holder, updatedAt: '2026-01-15' })),
);

const facts = (d: ManifestDoc): DocumentFacts => {
  const kind = d.kind as 'invoice' | 'bill_of_lading';
  const built = doc(kind, d.expected as Partial<Record<FieldName, FieldValue>>, { id: d.file, fileName: d.file, sha256: d.sha256, lines: kind === 'invoice' ? invoiceLines(d.receivable) : blLines(d.receivable) });
  return built;
};

const supplierOf = createPartyMatcher(suppliers);
const buyerOf = createPartyMatcher(buyers);
const invoices = new Map(manifest.documents.filter((d) => d.kind === 'invoice').map((d) => [d.receivable, facts(d)]));
const bls = new Map(manifest.documents.filter((d) => d.kind === 'bill_of_lading').map((d) => [String(d.expected.bl_number), facts(d)]));

// Linked by B/L number as printed on the manifest's receivables: R11 cites R05's B/L.
const receivables: ReceivableFacts[] = manifest.receivables.map((r) => {
  const invoice = invoices.get(r.id)!;
  const bl = bls.get(r.blNumber);
  const values = {
    id: r.id,
    invoice,
    bls: bl ? [bl] : [],
    supplierId: supplierOf(String(invoice.fields.seller?.value))?.id ?? null,
    buyerId: buyerOf(String(invoice.fields.buyer?.value))?.id ?? null,
    advanceAmount: null,
    initialMarginPct: null,
    fundingDate: null,
    fingerprint: null,
  };
  return { ...values, digest: receivableDigestText(values), derived: deriveFacts(values) };
});

// The samples are dated February–March 2026; the pool is assembled at the end of March.
const ctx: CheckContext = {
  policy: DEFAULT_POLICY,
  policyVersion: 1,
  asOf: '2026-03-25',
  suppliers: new Map(suppliers.map((s) => [s.id, s])),
  buyers: new Map(buyers.map((b) => [b.id, b])),
  escrowAccounts,
  verifications: new Map(),
  foreignFingerprints: new Map(),
};

const outcomes = new Map<string, ReceivableOutcome>(evaluateAll(createCheckState(RULES, ctx, (s) => String(s.length)), receivables).map((o) => [o.receivableId, o]));
const fails = (id: string): string[] => outcomes.get(id)!.findings.filter((f) => f.severity === 'fail').map((f) => f.ruleId);

const EXPECTED: Record<string, string> = {
  exceeds_monthly_capacity: 'capacity.declared',
  claused_bill_of_lading: 'consistency.clean_bl',
  double_financing: 'duplicate.invoice_number',
  payment_account_not_escrow: 'escrow.payment_account',
  quantity_outside_tolerance: 'consistency.quantity_tolerance',
  pro_forma_invoice: 'consistency.pro_forma',
};

describe('sample receivables', () => {
  it('match every seller and buyer to a counterparty', () => {
    for (const r of receivables) expect([r.id, r.supplierId !== null, r.buyerId !== null]).toEqual([r.id, true, true]);
  });

  it.each(manifest.plantedProblems.map((p) => [p.receivable, p.code, EXPECTED[p.code]!] as const))('%s: %s is caught by %s', (receivable, _code, ruleId) => {
    expect(fails(receivable)).toContain(ruleId);
  });

  it('R05 and R11 also share one B/L', () => {
    expect(fails('R05')).toContain('duplicate.shared_bl');
    expect(fails('R11')).toContain('duplicate.shared_bl');
  });

  it('raise no fail on the clean receivables', () => {
    const planted = new Set(manifest.plantedProblems.map((p) => p.receivable));
    const clean = receivables.filter((r) => !planted.has(r.id));
    expect(clean.length).toBeGreaterThan(0);
    for (const r of clean) expect([r.id, fails(r.id)]).toEqual([r.id, []]);
  });

  it('explain the planted problems with their numbers and point at the evidence', () => {
    const find = (id: string, ruleId: string) => outcomes.get(id)!.findings.find((f) => f.ruleId === ruleId)!;
    expect(find('R07', 'consistency.quantity_tolerance').message).toContain('119.6 MT vs 130 MT invoiced: −8.0 %');
    expect(find('R03', 'capacity.declared').message).toMatch(/12,500 MT .* 156\.3 % .* 8,000 MT\/month/);
    expect(find('R04', 'consistency.clean_bl').evidence[0]).toMatchObject({ documentId: 'r04-bl.pdf', value: 'REMARKS: 2 BAGS TORN AND RESEWN', page: 1 });
    expect(find('R06', 'escrow.payment_account').message).toContain('4123085679');
    expect(find('R08', 'consistency.pro_forma').evidence[0]).toMatchObject({ documentId: 'r08-invoice.pdf', value: 'PROFORMA INVOICE' });
    for (const o of outcomes.values()) for (const f of o.findings) for (const e of f.evidence) expect(e.documentId).not.toBe('');
  });
});
