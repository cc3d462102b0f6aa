/**
 * What the cross-check rules read and write. The backend gathers a snapshot of facts (documents'
 * reviewed fields, links, counterparties, verifications, imported fingerprints); rules are pure
 * functions of that snapshot and the policy, so any result can be reproduced from its inputs.
 */
import type { BBox, FieldName, FieldValue } from '../../shared/documents';
import type { Buyer, EscrowAccount, Evidence, RuleCategory, Severity, Supplier } from '../../shared/checks';
import type { Policy } from '../../shared/policy';
import type { FieldPositions } from './positions';

/** One field of a document as the rules see it: a person's correction already won. */
export type FactField = {
  readonly value: FieldValue;
  readonly confidence: number;
  /** A person corrected the value or reviewed the whole document. */
  readonly confirmed: boolean;
  /** Where the field stands: an index into its document's `positions` (-1 when unknown). */
  readonly at: number;
  /**
   * On a hybrid e-invoice (Factur-X, ZUGFeRD, XRechnung PDF) whose XML gave this field and whose
   * printed page shows it too: the XML's value (a person's correction may since have replaced
   * `value`) and the page's own reading, with where it stands on the page (`at`, as above).
   */
  readonly pageReading?: { readonly xml: FieldValue; readonly value: FieldValue; readonly confidence: number; readonly at: number };
};

/** A phrase found in a document's text, with where it stands (pro-forma titles, B/L clauses…). */
/** A phrase found in a document's text; `unsure` when read only a letter off (a scan's 'RESESN' for RESEWN). */
export type TextHit = { readonly text: string; readonly page: number; readonly bbox: BBox | null; readonly unsure?: true };

/** Facts read from a document's full text rather than from a canonical field. */
export type DocumentSignals = {
  /** "PROFORMA INVOICE" or similar as a title. */
  readonly proForma: TextHit | null;
  /** B/L remarks that declare defective goods or packaging (UCP 600 art. 27). */
  readonly clauses: readonly TextHit[];
  /** "SHIPPED ON BOARD" wording or a dated on-board notation (UCP 600 art. 20(a)(ii)). */
  readonly onBoardNotation: TextHit | null;
  /** Payment terms in days and what they run from, when the invoice states them. */
  readonly paymentTerms: { readonly days: number; readonly from: 'invoice' | 'bl' ; readonly hit: TextHit } | null;
  /** Line amounts read from the invoice's goods table (major units), when there is one. */
  readonly lineAmounts: readonly { readonly amount: number; readonly hit: TextHit }[];
  /** The same rows with their quantity and unit price, where printed (for quantity × price per line). */
  readonly lineItems: readonly {
    readonly amount: number;
    readonly quantity: number | null;
    readonly unitPrice: number | null;
    readonly hit: TextHit;
    /** The lowest reading confidence among the row's figures: below 1 only where OCR read them (optional: older cached signals lack it). */
    readonly confidence?: number;
  }[];
  /**
   * Whether any page was read by OCR: then wording that was not found may simply not have been read,
   * so its absence is no evidence for a `fail` (optional: older cached signals lack it).
   */
  readonly ocr?: boolean;
  /** Money figures printed where an invoice's summary lines stand (below its goods table, right side). */
  readonly summaryFigures?: readonly number[];
  /** Labels of summary lines (a charge, a discount, tax) printed with no figure that could be read ("Less Discount"). */
  readonly unreadSummaryLines?: readonly string[];
};

export const NO_SIGNALS: DocumentSignals = { proForma: null, clauses: [], onBoardNotation: null, paymentTerms: null, lineAmounts: [], lineItems: [], ocr: false };

export type DocumentFacts = {
  readonly documentId: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly kind: 'invoice' | 'bill_of_lading';
  readonly fields: Partial<Record<FieldName, FactField>>;
  readonly signals: DocumentSignals;
  /** Pages and boxes of the fields (shared by every document of a snapshot); read for evidence only. */
  readonly positions: FieldPositions;
  /**
   * Identifies everything above as read: file, kind, stored fields and corrections, review state and
   * text signals. Whoever builds the snapshot computes it (the backend hashes the stored rows), so
   * a receivable's inputs hash combines two or three digests instead of re-serializing every field.
   */
  readonly digest: string;
};

/** A verification record as the capacity and verification rules need it (filled by issue 5). */
export type VerificationFacts = {
  readonly id: string;
  readonly supplierId: string;
  readonly visitedOn: string;
  readonly outcome: 'passed' | 'passed_with_conditions' | 'failed';
  readonly observedCapacity: readonly { readonly product: string; readonly quantityPerMonth: number; readonly unit: string }[];
};

export type ReceivableFacts = {
  readonly id: string;
  readonly invoice: DocumentFacts;
  readonly bls: readonly DocumentFacts[];
  /** Matched counterparties (null when the name on the documents matched none). */
  readonly supplierId: string | null;
  readonly buyerId: string | null;
  readonly advanceAmount: number | null;
  readonly initialMarginPct: number | null;
  readonly fundingDate: string | null;
  /** Keyed HMAC-SHA-256 over seller, buyer, number, issue date, amount, currency (null when a part is missing). */
  readonly fingerprint: string | null;
  /**
   * Identifies everything above: the receivable's own values and its documents' digests, taken over
   * `receivableDigestText` by whoever builds the snapshot. The inputs hash adds the context to it.
   */
  readonly digest: string;
  /**
   * The dates, amount and quantity several rules read, parsed once when the snapshot is taken
   * (`deriveFacts`): a function of the fields above, so it never disagrees with them.
   */
  readonly derived: Derived;
};

/** The values of a receivable before its digest and derived values are added. */
export type ReceivableValues = Omit<ReceivableFacts, 'digest' | 'derived'>;

/** Values several rules need from one receivable, parsed once. */
export type Derived = {
  /** The invoice currency, upper-cased. */
  readonly currency: string | null;
  readonly issueDay: number | null;
  /** How surely the invoice date was read: 1 when a person confirmed it (or none was read). */
  readonly issueConfidence: number;
  /** The due date printed on the invoice. */
  readonly printedDueDay: number | null;
  /** The earliest shipped-on-board date among the linked B/Ls. */
  readonly shipmentDay: number | null;
  /** Printed, else derived from the stated terms ("120 days from B/L date") when the base date is known. */
  readonly due: { readonly day: number; readonly derived: boolean } | null;
  /** The invoice total. */
  readonly amount: number | null;
  /** The invoiced quantity and its unit as printed. */
  readonly quantity: number | null;
  readonly unit: string | null;
  /**
   * On an invoice read from a scan: the factor (10, 100 or 1,000, or its inverse) by which quantity ×
   * unit price as read misses the goods value — a decimal separator lost in reading ("13550" for
   * "13,550 TON" printed as 13.55). Null when they agree, when either was confirmed by a person,
   * or when the miss is anything else. Rules that read the quantity then ask to confirm it
   * instead of failing.
   */
  readonly decimalSlip: number | null;
};

/** The text a receivable's digest is taken over: its values, then its documents' digests. */
export function receivableDigestText(r: ReceivableValues): string {
  let text = `${r.id}|${r.supplierId ?? ''}|${r.buyerId ?? ''}|${r.advanceAmount ?? ''}|${r.initialMarginPct ?? ''}|${r.fundingDate ?? ''}|${r.fingerprint ?? ''}|${r.invoice.digest}`;
  for (const bl of r.bls) text += `|${bl.digest}`;
  return text;
}

/** Everything besides receivables that rules look at. */
export type CheckContext = {
  readonly policy: Policy;
  readonly policyVersion: number;
  /** The evaluation date (ISO); rules never read a clock. */
  readonly asOf: string;
  readonly suppliers: ReadonlyMap<string, Supplier>;
  readonly buyers: ReadonlyMap<string, Buyer>;
  readonly escrowAccounts: readonly EscrowAccount[];
  /** Passed/failed on-site verifications per supplier id, newest first. */
  readonly verifications: ReadonlyMap<string, readonly VerificationFacts[]>;
  /** Fingerprints imported from other co-managers, with who they came from. */
  readonly foreignFingerprints: ReadonlyMap<string, string>;
};

/** A finding before the engine stamps ids, policy version and inputs hash on it. */
export type FindingDraft = {
  readonly receivableId: string;
  /** Distinguishes two findings of one rule on one receivable (e.g. the B/L id); '' when single. */
  readonly key: string;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Overrides the rule's default severity (e.g. policy-driven). */
  readonly severity?: Severity;
};

type RuleMeta = {
  readonly id: string;
  readonly title: string;
  readonly category: RuleCategory;
  /** E.g. "UCP 600 art. 30(b)"; null when the rule is the policy's own. */
  readonly reference: string | null;
  readonly severity: Severity;
};

/** A rule that looks at one receivable alone. */
export type ReceivableRule = RuleMeta & {
  readonly scope: 'receivable';
  readonly check: (receivable: ReceivableFacts, ctx: CheckContext) => readonly FindingDraft[];
};

/**
 * A rule that looks across receivables (capacity windows, duplicates, buyer limits). Receivables
 * sharing a group key are evaluated together, so an edit re-evaluates only the groups it touches,
 * and no rule ever compares every receivable with every other.
 */
export type GroupRule = RuleMeta & {
  readonly scope: 'group';
  /** Groups with fewer members are skipped: duplicates need two (most keys are unique). */
  readonly minMembers?: number;
  /** The groups a receivable is in: one key, several, or none (null). */
  readonly groupKeys: (receivable: ReceivableFacts, ctx: CheckContext) => string | readonly string[] | null;
  readonly checkGroup: (key: string, members: readonly ReceivableFacts[], ctx: CheckContext) => readonly FindingDraft[];
};

export type Rule = ReceivableRule | GroupRule;
