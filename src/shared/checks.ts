/**
 * Counterparties, receivables, findings and waivers: the shapes the cross-check engine, the backend,
 * the renderer and the CLI share. Pure types and constants; the policy lives in `policy.ts`.
 */
import type { BBox, FieldName, FieldValue } from './documents';

export const SEVERITIES = ['fail', 'warn', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_CATEGORIES = [
  'document_consistency',
  'arithmetic',
  'capacity',
  'price',
  'margin',
  'eligibility',
  'insurance',
  'escrow',
  'duplicate',
  'data_quality',
  'verification',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<RuleCategory, string>> = {
  document_consistency: 'Document consistency',
  arithmetic: 'Arithmetic',
  capacity: 'Production capacity',
  price: 'Price',
  margin: 'Margin',
  eligibility: 'Eligibility',
  insurance: 'Insurance',
  escrow: 'Escrow',
  duplicate: 'Duplicates',
  data_quality: 'Data quality',
  verification: 'On-site verification',
};

/** Quantity units of PRODUCT.md. Weights convert to each other; counts and volume do not. */
export const UNITS = ['MT', 'KG', 'LB', 'BAG', 'PCS', 'CBM'] as const;
export type Unit = (typeof UNITS)[number];

// ---------------------------------------------------------------------------------------------
// Counterparties

export type CapacityDeclaration = {
  readonly product: string;
  readonly quantityPerMonth: number;
  readonly unit: Unit;
  /** The document that evidences the declaration (a production licence, an audit report…). */
  readonly evidenceDocumentId: string | null;
  readonly evidenceNote: string | null;
};

export type Supplier = {
  readonly id: string;
  readonly legalName: string;
  readonly aliases: readonly string[];
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly registrationId: string | null;
  readonly industry: string | null;
  readonly capacities: readonly CapacityDeclaration[];
  readonly updatedAt: string;
};

export type TradeCreditInsurance = {
  readonly insurer: string;
  readonly policyNumber: string;
  /** Major units of `currency`. */
  readonly creditLimit: number;
  readonly currency: string;
  /** 0–100. */
  readonly indemnityPct: number;
  readonly waitingPeriodDays: number;
  /** ISO date. */
  readonly expiry: string;
};

export type Buyer = {
  readonly id: string;
  readonly legalName: string;
  readonly aliases: readonly string[];
  readonly country: string;
  readonly rating: string | null;
  /** Annual probability of default, 0–1. */
  readonly probabilityOfDefault: number | null;
  readonly insurance: TradeCreditInsurance | null;
  readonly updatedAt: string;
};

export type EscrowAccount = {
  readonly id: string;
  readonly bank: string;
  /** IBAN or account number, spaces and punctuation removed, upper case. */
  readonly account: string;
  readonly currency: string;
  /** The pool vehicle (SPV / sub-fund) that owns the account. */
  readonly vehicle: string;
  readonly updatedAt: string;
};

export const COUNTERPARTY_KINDS = ['supplier', 'buyer', 'escrow'] as const;
export type CounterpartyKind = (typeof COUNTERPARTY_KINDS)[number];

export type Counterparties = {
  readonly suppliers: readonly Supplier[];
  readonly buyers: readonly Buyer[];
  readonly escrowAccounts: readonly EscrowAccount[];
};

/** What `counterparties.import` did, row by row: bad rows are reported, good rows still land. */
export type ImportReport = {
  readonly created: number;
  readonly updated: number;
  /** Rows that matched a record already there and changed it: every overwrite is listed, by line. */
  readonly updates: readonly { readonly line: number; readonly id: string; readonly name: string; readonly fields: readonly string[] }[];
  /** Rows that matched a record and changed nothing. */
  readonly unchanged: number;
  readonly rejected: readonly { readonly line: number; readonly message: string }[];
  /** How the file's bytes were decoded (UTF-8, UTF-16LE/BE, Windows-1252); null when text was sent. */
  readonly encoding: string | null;
};

// ---------------------------------------------------------------------------------------------
// Receivables

export const RECEIVABLE_STATUSES = ['draft', 'checked', 'eligible', 'ineligible', 'pooled', 'repaid', 'defaulted'] as const;
export type ReceivableStatus = (typeof RECEIVABLE_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<ReceivableStatus, string>> = {
  draft: 'Draft',
  checked: 'Checked',
  eligible: 'Eligible',
  ineligible: 'Ineligible',
  pooled: 'Pooled',
  repaid: 'Repaid',
  defaulted: 'Defaulted',
};

/**
 * Where a person may move a receivable by hand. The backend has the last word and says why a move
 * is refused (open fails, not checked yet); the UI offers only these moves.
 */
export const STATUS_TRANSITIONS: Readonly<Record<ReceivableStatus, readonly ReceivableStatus[]>> = {
  draft: ['checked', 'ineligible'],
  checked: ['eligible', 'ineligible'],
  eligible: ['pooled', 'checked', 'ineligible'],
  ineligible: ['checked', 'eligible'],
  pooled: ['repaid', 'defaulted'],
  repaid: [],
  defaulted: [],
};

/** How a bill of lading came to be linked to a receivable. */
export type LinkMethod = 'bl_number' | 'match' | 'manual';

export type ReceivableSummary = {
  readonly id: string;
  readonly status: ReceivableStatus;
  readonly invoiceDocumentId: string;
  readonly invoiceFileName: string;
  readonly invoiceNumber: string | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly currency: string | null;
  /** Face value in major units, from the invoice (a person's correction wins). */
  readonly amount: number | null;
  readonly sellerName: string | null;
  readonly buyerName: string | null;
  readonly supplierId: string | null;
  readonly supplierName: string | null;
  readonly buyerId: string | null;
  readonly buyerCounterpartyName: string | null;
  readonly goods: string | null;
  readonly quantity: number | null;
  readonly quantityUnit: string | null;
  readonly blNumbers: readonly string[];
  /** Major units; null until an analyst records it. */
  readonly advanceAmount: number | null;
  readonly initialMarginPct: number | null;
  readonly fundingDate: string | null;
  readonly counts: { readonly fail: number; readonly warn: number; readonly info: number; readonly waived: number };
  readonly checkedAt: string | null;
  readonly policyVersion: number | null;
  readonly createdAt: string;
};

export type LinkedDocument = {
  readonly documentId: string;
  readonly fileName: string;
  readonly kind: 'invoice' | 'bill_of_lading';
  readonly blNumber: string | null;
  readonly method: LinkMethod | 'invoice';
};

/** A bill of lading that may evidence a receivable without one: how sure linking is, and why. */
export type LinkCandidate = {
  readonly documentId: string;
  readonly fileName: string;
  /** 0–1: 1 for the B/L number the invoice cites, 0.9+ for shared containers, below for a match on what both read. */
  readonly score: number;
  readonly how: 'bl_number' | 'containers' | 'match';
  readonly reasons: readonly string[];
};

export type ReceivableDetail = ReceivableSummary & {
  readonly documents: readonly LinkedDocument[];
  /** When no B/L is linked: the likeliest ones (at most three), for a person to pick. */
  readonly linkCandidates: readonly LinkCandidate[];
  readonly findings: readonly Finding[];
  /** SHA-256 of the canonical inputs the last evaluation looked at. */
  readonly inputsHash: string | null;
};

// ---------------------------------------------------------------------------------------------
// Findings

/** Where a finding's evidence is: a document, and when known the field, page and box. */
export type Evidence = {
  readonly documentId: string;
  readonly fileName: string;
  readonly field: FieldName | null;
  readonly page: number | null;
  readonly bbox: BBox | null;
  /** The value the rule read there, as shown to people. */
  readonly value: FieldValue | null;
  readonly label: string;
  /** For a field: how sure its reading is, and whether a person confirmed it (a fail needs one or the other). */
  readonly confidence?: number;
  readonly confirmed?: boolean;
};

export type WaiverState = {
  readonly id: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedByName: string;
  readonly requestedAt: string;
  readonly status: 'pending' | 'confirmed' | 'rejected';
  readonly decidedBy: string | null;
  readonly decidedByName: string | null;
  readonly decidedAt: string | null;
};

export type Finding = {
  /** Stable across re-evaluations while the same problem persists: `${receivableId}:${ruleId}:${key}`. */
  readonly id: string;
  readonly receivableId: string;
  readonly ruleId: string;
  readonly key: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  readonly title: string;
  readonly reference: string | null;
  /** The explanation with the numbers. */
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly policyVersion: number;
  readonly inputsHash: string;
  readonly evaluatedAt: string;
  /** Supplier / buyer names, for grouping in the Findings view. */
  readonly supplierName: string | null;
  readonly buyerName: string | null;
  readonly invoiceNumber: string | null;
  readonly waiver: WaiverState | null;
};

/** What one `checks.run` did. */
export type CheckRunSummary = {
  readonly runId: string;
  readonly policyVersion: number;
  /** The date the rules evaluated against (ISO). */
  readonly asOf: string;
  readonly receivables: number;
  readonly evaluated: number;
  readonly created: number;
  readonly linked: number;
  readonly findings: { readonly fail: number; readonly warn: number; readonly info: number };
  readonly eligible: number;
  readonly ineligible: number;
  readonly millis: number;
  /**
   * True when nothing the checks read had changed since the last complete run (documents,
   * corrections, links, waivers, policy, counterparties, date, rules): the stored results stand as
   * they are and nothing was evaluated (`evaluated` is 0).
   */
  readonly current?: boolean;
  /**
   * True when the run re-evaluated only the receivables whose inputs changed since the last run and
   * the groups they were or are in (`evaluated` of them); every other result stood as stored.
   */
  readonly scoped?: boolean;
};

/** Rule metadata as the UI lists it. */
export type RuleInfo = {
  readonly id: string;
  readonly title: string;
  readonly category: RuleCategory;
  readonly reference: string | null;
  readonly severity: Severity;
};

/** Currency minor-unit exponents (ISO 4217) where they differ from 2. */
const EXPONENTS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3 };

/** Digits after the decimal point for a currency (2 unless ISO 4217 says otherwise). */
export const currencyExponent = (currency: string): number => EXPONENTS[currency.toUpperCase()] ?? 2;

/** Major units → integer minor units, rounding half away from zero. */
export const toMinor = (amount: number, currency: string): number => {
  const factor = 10 ** currencyExponent(currency);
  return Math.sign(amount) * Math.round(Math.abs(amount) * factor);
};

/** Integer minor units → major units. */
export const fromMinor = (minor: number, currency: string): number => minor / 10 ** currencyExponent(currency);
