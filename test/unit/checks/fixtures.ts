// Builders of real-looking receivable facts for the rule tests (no mocks: plain values).
import type { Buyer, EscrowAccount, Supplier } from '../../../src/shared/checks';
import type { FieldName, FieldValue, PageText, Word } from '../../../src/shared/documents';
import { DEFAULT_POLICY } from '../../../src/shared/policy';
import type { Policy } from '../../../src/shared/policy';
import { documentSignals } from '../../../src/core/checks/signals';
import { NO_SIGNALS, receivableDigestText } from '../../../src/core/checks/types';
import { deriveFacts } from '../../../src/core/checks/facts';
import { FieldPositions } from '../../../src/core/checks/positions';
import type { CheckContext, DocumentFacts, DocumentSignals, FactField, ReceivableFacts, VerificationFacts } from '../../../src/core/checks/types';

let boxRow = 0;

/** Where the fixtures' fields stand (one store for every test document, as in a snapshot). */
export const positions = new FieldPositions();

/** Fields with confidence 1 on page 1, each in its own box. */
export function fields(values: Partial<Record<FieldName, FieldValue>>, confidence = 1): Partial<Record<FieldName, FactField>> {
  const out: Partial<Record<FieldName, FactField>> = {};
  for (const [name, value] of Object.entries(values) as [FieldName, FieldValue][]) {
    boxRow = (boxRow + 1) % 40;
    out[name] = { value, confidence, confirmed: false, at: positions.add(1, { x: 0.1, y: 0.02 + boxRow * 0.02, w: 0.3, h: 0.015 }) };
  }
  return out;
}

/** A page whose words are the given lines, one line per row, words spread left to right. */
export function page(lines: readonly string[], n = 1): PageText {
  const words: Word[] = [];
  lines.forEach((line, row) => {
    line.split(/\s+/).filter(Boolean).forEach((text, col) => {
      words.push({ text, bbox: { x: 0.05 + col * 0.06, y: 0.05 + row * 0.03, w: 0.05, h: 0.012 }, confidence: 1 });
    });
  });
  return { n, width: 595, height: 842, method: 'text_layer', rotation: 0, confidence: 1, words };
}

export const INVOICE_DEFAULTS: Partial<Record<FieldName, FieldValue>> = {
  invoice_number: 'INV-1',
  issue_date: '2026-03-03',
  due_date: '2026-05-31',
  currency: 'EUR',
  total_amount: 52569,
  seller: 'Saigon Polytech Resins Joint Stock Company',
  buyer: 'Rheinfeld Kunststofftechnik GmbH',
  goods_description: 'Polypropylene Homopolymer Resin',
  quantity: 49.5,
  quantity_unit: 'MT',
  unit_price: 1062,
  payment_account: 'LU250271000441735001',
  bl_number: 'NHCLSGN2601274',
};

export const BL_DEFAULTS: Partial<Record<FieldName, FieldValue>> = {
  bl_number: 'NHCLSGN2601274',
  shipper: 'SAIGON POLYTECH RESINS JOINT STOCK COMPANY',
  consignee: 'RHEINFELD KUNSTSTOFFTECHNIK GMBH',
  notify_party: 'RHEINFELD KUNSTSTOFFTECHNIK GMBH',
  vessel: 'PACIFICA HARMONY',
  port_of_loading: 'HO CHI MINH CITY (CAT LAI), VIETNAM',
  port_of_discharge: 'HAMBURG, GERMANY',
  shipped_on_board_date: '2026-03-02',
  goods_description: 'POLYPROPYLENE HOMOPOLYMER RESIN',
  quantity: 49.5,
  quantity_unit: 'MT',
  gross_weight_kg: 49896,
};

type DocOptions = {
  readonly id?: string;
  readonly fileName?: string;
  readonly sha256?: string;
  readonly signals?: DocumentSignals;
  readonly lines?: readonly string[];
  readonly confidence?: number;
  /**
   * Fields of a hybrid e-invoice: the value above is the XML's, and this is what the printed page
   * says for the field (the XML/page comparison reads it).
   */
  readonly pageReadings?: Partial<Record<FieldName, FieldValue>>;
};

/** A document's facts; `lines` become its page text and signals. */
export function doc(kind: 'invoice' | 'bill_of_lading', values: Partial<Record<FieldName, FieldValue>>, options: DocOptions = {}): DocumentFacts {
  const id = options.id ?? `${kind === 'invoice' ? 'inv' : 'bl'}-${Math.random().toString(36).slice(2, 10)}`;
  const sha256 = options.sha256 ?? `sha-${id}`;
  const read = fields(values, options.confidence);
  for (const [name, page] of Object.entries(options.pageReadings ?? {}) as [FieldName, FieldValue][]) {
    const f = read[name];
    if (f) read[name] = { ...f, pageReading: { xml: f.value, value: page, confidence: f.confidence, at: positions.add(1, { x: 0.6, y: 0.5, w: 0.15, h: 0.015 }) } };
  }
  const signals = options.signals ?? (options.lines ? documentSignals(kind, [page(options.lines)]) : NO_SIGNALS);
  // What the backend's digest covers, as plain JSON: any change of content changes it.
  return { documentId: id, fileName: options.fileName ?? `${id}.pdf`, sha256, kind, fields: read, signals, positions, digest: JSON.stringify([sha256, kind, Object.entries(read).map(([k, f]) => [k, f.value, f.confidence, f.confirmed]), signals]) };
}

type ReceivableOptions = {
  readonly invoice?: Partial<Record<FieldName, FieldValue | undefined>>;
  readonly bl?: Partial<Record<FieldName, FieldValue | undefined>> | null;
  readonly invoiceLines?: readonly string[];
  readonly blLines?: readonly string[];
  readonly supplierId?: string | null;
  readonly buyerId?: string | null;
  readonly advanceAmount?: number | null;
  readonly initialMarginPct?: number | null;
  readonly fundingDate?: string | null;
  readonly fingerprint?: string | null;
  readonly sha256?: string;
  readonly invoiceSignals?: DocumentSignals;
  readonly blSignals?: DocumentSignals;
  readonly confidence?: number;
  /** What the printed page of a hybrid e-invoice says, per field (the invoice values are the XML's). */
  readonly pageReadings?: Partial<Record<FieldName, FieldValue>>;
};

const merge = (base: Partial<Record<FieldName, FieldValue>>, over: Partial<Record<FieldName, FieldValue | undefined>> = {}): Partial<Record<FieldName, FieldValue>> => {
  const out: Partial<Record<FieldName, FieldValue>> = { ...base };
  for (const [k, v] of Object.entries(over) as [FieldName, FieldValue | undefined][]) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
};

/** A clean receivable like R05 (S1 → B1, EUR, 49.5 MT of PP) with the given overrides. */
export function receivable(id: string, options: ReceivableOptions = {}): ReceivableFacts {
  const values = {
    id,
    invoice: doc('invoice', merge(INVOICE_DEFAULTS, options.invoice), {
      id: `${id}-inv`,
      sha256: options.sha256 ?? `sha-${id}`,
      ...(options.invoiceLines ? { lines: options.invoiceLines } : {}),
      ...(options.invoiceSignals ? { signals: options.invoiceSignals } : {}),
      ...(options.confidence !== undefined ? { confidence: options.confidence } : {}),
      ...(options.pageReadings ? { pageReadings: options.pageReadings } : {}),
    }),
    bls: options.bl === null ? [] : [doc('bill_of_lading', merge(BL_DEFAULTS, options.bl ?? {}), { id: `${id}-bl`, ...(options.blLines ? { lines: options.blLines } : {}), ...(options.blSignals ? { signals: options.blSignals } : {}) })],
    supplierId: options.supplierId === undefined ? 'S1' : options.supplierId,
    buyerId: options.buyerId === undefined ? 'B1' : options.buyerId,
    advanceAmount: options.advanceAmount ?? null,
    initialMarginPct: options.initialMarginPct ?? null,
    fundingDate: options.fundingDate ?? null,
    fingerprint: options.fingerprint ?? null,
  };
  // As the backend's digest, without hashing: any change of a value or document changes it.
  return { ...values, digest: receivableDigestText(values), derived: deriveFacts(values) };
}

export const SUPPLIERS: readonly Supplier[] = [
  { id: 'S1', legalName: 'Saigon Polytech Resins Joint Stock Company', aliases: ['Saigon Polytech Resins JSC', 'SPR JSC'], country: 'VN', registrationId: null, industry: null, capacities: [{ product: 'Polypropylene resin', quantityPerMonth: 4000, unit: 'MT', evidenceDocumentId: null, evidenceNote: null }], updatedAt: '2026-01-01' },
  { id: 'S3', legalName: 'Agropecuária Vale do Paranapanema Exportadora Ltda.', aliases: ['AVP Exportadora'], country: 'BR', registrationId: null, industry: null, capacities: [{ product: 'Soybeans (origination and export)', quantityPerMonth: 8000, unit: 'MT', evidenceDocumentId: null, evidenceNote: null }], updatedAt: '2026-01-01' },
];

export const BUYERS: readonly Buyer[] = [
  { id: 'B1', legalName: 'Rheinfeld Kunststofftechnik GmbH', aliases: ['Rheinfeld Kunststofftechnik'], country: 'DE', rating: 'BBB', probabilityOfDefault: 0.004, insurance: { insurer: 'Allianz Trade', policyNumber: 'AT-1', creditLimit: 1_000_000, currency: 'EUR', indemnityPct: 90, waitingPeriodDays: 180, expiry: '2027-03-31' }, updatedAt: '2026-01-01' },
  { id: 'B4', legalName: 'Uninsured Trading Ltd', aliases: [], country: 'GB', rating: null, probabilityOfDefault: null, insurance: null, updatedAt: '2026-01-01' },
];

export const ESCROW: readonly EscrowAccount[] = [
  { id: 'ESC-1', bank: 'Banque Fluviale de Luxembourg S.A.', account: 'LU250271000441735001', currency: 'USD', vehicle: 'Tidewater Fund I', updatedAt: '2026-01-01' },
  { id: 'ESC-1-EUR', bank: 'Banque Fluviale de Luxembourg S.A.', account: 'LU250271000441735001', currency: 'EUR', vehicle: 'Tidewater Fund I', updatedAt: '2026-01-01' },
];

type ContextOptions = {
  readonly policy?: Policy;
  readonly asOf?: string;
  readonly suppliers?: readonly Supplier[];
  readonly buyers?: readonly Buyer[];
  readonly escrow?: readonly EscrowAccount[];
  readonly verifications?: ReadonlyMap<string, readonly VerificationFacts[]>;
  readonly foreignFingerprints?: ReadonlyMap<string, string>;
};

/** A check context over the default policy and the test counterparties. */
export function context(options: ContextOptions = {}): CheckContext {
  return {
    policy: options.policy ?? DEFAULT_POLICY,
    policyVersion: 1,
    asOf: options.asOf ?? '2026-03-25',
    suppliers: new Map((options.suppliers ?? SUPPLIERS).map((s) => [s.id, s])),
    buyers: new Map((options.buyers ?? BUYERS).map((b) => [b.id, b])),
    escrowAccounts: options.escrow ?? ESCROW,
    verifications: options.verifications ?? new Map(),
    foreignFingerprints: options.foreignFingerprints ?? new Map(),
  };
}

/** A policy with some leaves changed. */
export function policyWith(change: (p: Policy) => Policy): Policy {
  return change(structuredClone(DEFAULT_POLICY));
}
