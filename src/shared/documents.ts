/**
 * Documents and what is extracted from them. Shared by the backend (which produces these), the
 * renderer (review screen) and the stateless `quayside extract` output.
 */

export const DOCUMENT_KINDS = ['invoice', 'bill_of_lading', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The canonical invoice fields of PRODUCT.md, in display order. */
export const INVOICE_FIELDS = [
  'invoice_number',
  'issue_date',
  'due_date',
  'currency',
  'total_amount',
  'seller',
  'buyer',
  'goods_description',
  'quantity',
  'quantity_unit',
  'unit_price',
  'payment_account',
  'bl_number',
  // The containers the goods ship in, when the invoice lists them: what links it to its B/L when the
  // B/L number is not printed.
  'container_numbers',
  'incoterm',
  // The Incoterm's named place ('CIF Rotterdam' → 'Rotterdam'): for sea terms a port, which links
  // the invoice to the B/L that loads or discharges there.
  'incoterm_place',
  // The vessel and ports an export invoice states in its shipping block: what links it to its B/L
  // when it cites neither the B/L's number nor its containers.
  'vessel',
  'port_of_loading',
  'port_of_discharge',
  // What the shipping block counts and weighs: compared with the B/L's packages and gross weight
  // when the B/L states no net weight.
  'packages',
  'package_unit',
  'gross_weight_kg',
  // The summary block (total = subtotal + charges + tax) and what else the invoice states.
  'subtotal',
  'charges',
  'tax_amount',
  'amount_due',
  'buyer_order_ref',
] as const;

/** The canonical bill-of-lading fields of PRODUCT.md, in display order. */
export const BL_FIELDS = [
  'bl_number',
  'shipper',
  'consignee',
  'notify_party',
  'carrier',
  'vessel',
  'voyage',
  'port_of_loading',
  'port_of_discharge',
  'shipped_on_board_date',
  'goods_description',
  'quantity',
  'quantity_unit',
  'gross_weight_kg',
  'container_numbers',
  // A B/L counts packages and weighs them; `quantity` above is the shipped quantity in the
  // invoice's sense (the net weight for goods sold by weight, else the package count).
  'packages',
  'package_unit',
  'net_weight_kg',
  // The commercial invoice the B/L names ("INVOICE NO.: …" in its remarks or goods column): what
  // links it to its invoice when neither cites the other's B/L number.
  'invoice_number',
] as const;

export type InvoiceField = (typeof INVOICE_FIELDS)[number];
export type BlField = (typeof BL_FIELDS)[number];
export type FieldName = InvoiceField | BlField;

/** The fields a document of this kind carries. */
export const fieldsFor = (kind: DocumentKind): readonly FieldName[] =>
  kind === 'invoice' ? INVOICE_FIELDS : kind === 'bill_of_lading' ? BL_FIELDS : [];

/**
 * A box on a page as fractions of the page's width and height (0–1, origin top-left), so it holds
 * whatever resolution the page is drawn at.
 */
export type BBox = { readonly x: number; readonly y: number; readonly w: number; readonly h: number };

/** One word read from a page, with where it is and how sure the reader is (0–1). */
export type Word = { readonly text: string; readonly bbox: BBox; readonly confidence: number };

export type TextMethod = 'text_layer' | 'ocr';

/** Everything read from one page, in reading order. */
export type PageText = {
  /** 1-based page number. */
  readonly n: number;
  /** Page size in PDF points (1/72 in) or, for images, pixels; only the aspect ratio matters. */
  readonly width: number;
  readonly height: number;
  readonly method: TextMethod;
  /** Clockwise rotation that was applied to make the page upright (0 when it already was). */
  readonly rotation: 0 | 90 | 180 | 270;
  /** Mean word confidence (1 for a text layer). */
  readonly confidence: number;
  readonly words: readonly Word[];
};

/** Normalised values: ISO dates and codes as strings, amounts and quantities as plain numbers. */
export type FieldValue = string | number | readonly string[];

/**
 * Where a field's value came from: the page (text layer or OCR), a person, the invoice XML embedded
 * in a hybrid PDF (Factur-X, ZUGFeRD, XRechnung), an XML e-invoice file (UBL, CII), or a known
 * counterparty of the workspace found on the page (name or account, OCR-tolerant).
 */
export type FieldMethod = TextMethod | 'manual' | 'embedded_xml' | 'xml' | 'counterparty';

/** What the page itself says for a field whose value came from the invoice XML. */
export type PageReading = {
  readonly value: FieldValue;
  readonly raw: string;
  readonly confidence: number;
  readonly page: number;
  readonly bbox: BBox | null;
  readonly method: TextMethod;
};

/**
 * A charge of an invoice's summary block, stored in the `charges` list as `kind:amount`, e.g.
 * `freight:1200.5`, `insurance:85`, `discount:-300` (signed as it moves the total).
 */
export const CHARGE_KINDS = ['freight', 'insurance', 'discount', 'handling', 'packing', 'other'] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];
export type Charge = { readonly kind: ChargeKind; readonly amount: number };

/** `freight:1200.5` → `{kind: 'freight', amount: 1200.5}`; null when the entry is not one. */
export function parseCharge(entry: string): Charge | null {
  const m = /^([a-z]+):(-?\d+(?:\.\d+)?)$/.exec(entry.trim());
  if (!m || !(CHARGE_KINDS as readonly string[]).includes(m[1] ?? '')) return null;
  return { kind: m[1] as ChargeKind, amount: Number(m[2]) };
}

/** The stored form of a charge. */
export const formatCharge = (c: Charge): string => `${c.kind}:${Math.round(c.amount * 100) / 100}`;

/** One extracted field, with the evidence behind it. */
export type ExtractedField = {
  readonly value: FieldValue;
  /** The text as it stands on the page. */
  readonly raw: string;
  readonly confidence: number;
  /** 1-based page number, or null for a manual value with no place on a page. */
  readonly page: number | null;
  readonly bbox: BBox | null;
  readonly method: FieldMethod;
  /** For a value from invoice XML: the element it came from, e.g. `/Invoice/cbc:ID`. */
  readonly xmlPath?: string;
  /** For a value from invoice XML: what the page says, when it was read there too. */
  readonly pageReading?: PageReading;
  /**
   * Why a person should look at this value although it was read as printed, e.g. "99.000 could be
   * 99 or 99 000". Confidence says how sure the reading is; this names an ambiguity.
   */
  readonly ambiguity?: string;
};

export type Extraction = {
  readonly kind: DocumentKind;
  /** How sure the classifier is of `kind` (0–1). */
  readonly kindScore: number;
  readonly fields: Partial<Record<FieldName, ExtractedField>>;
};

/**
 * An EN 16931 e-invoice a document carries: an XML file (UBL 2.1 / Peppol BIS 3, UN/CEFACT CII), or
 * the XML embedded in a hybrid PDF (Factur-X, ZUGFeRD, XRechnung).
 */
export type EInvoiceInfo = {
  readonly syntax: 'ubl' | 'cii';
  /** A credit note (UBL CreditNote, type code 381) credits the buyer; it is no claim for payment. */
  readonly documentType: 'invoice' | 'credit_note';
  /** BT-24, the specification the XML claims to follow, as written; null when absent. */
  readonly customization: string | null;
  /** A readable name of syntax and specification, e.g. "XRechnung 3.0 (UN/CEFACT CII)". */
  readonly label: string;
  /** The PDF attachment it was read from (`factur-x.xml`…); null when the file itself is the XML. */
  readonly attachment: string | null;
};

/** A stored field as the review screen shows it: the extracted value, and a person's correction. */
export type ReviewedField = ExtractedField & {
  readonly name: FieldName;
  /** Present when a person corrected it; the corrected value is `value` (method `manual`). */
  readonly correction?: { readonly by: string; readonly byName: string; readonly at: string; readonly previous: FieldValue | null };
  /** Below the policy's confidence threshold and not yet confirmed by a person. */
  readonly lowConfidence: boolean;
};

export const DOCUMENT_STATUSES = ['queued', 'processing', 'extracted', 'reviewed', 'failed', 'cancelled'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export type DocumentSummary = {
  readonly id: string;
  readonly sha256: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly status: DocumentStatus;
  readonly kind: DocumentKind | null;
  readonly kindScore: number | null;
  readonly kindOverridden: boolean;
  readonly pages: number | null;
  readonly pagesDone: number;
  /**
   * The pages of its file this document is, when the file holds several documents (a scanner batch,
   * an invoice with its B/L behind it); null when it is the whole file.
   */
  readonly pageRange: { readonly from: number; readonly to: number } | null;
  /** The file's first document, when this one is a later document of the same file. */
  readonly partOf: string | null;
  /** `text_layer`, `ocr`, or `mixed` when pages differ. */
  readonly method: TextMethod | 'mixed' | null;
  /** Seller (invoice) or shipper (B/L). */
  readonly party: string | null;
  readonly amount: number | null;
  readonly currency: string | null;
  /** The lowest confidence among the document's fields (null before extraction). */
  readonly confidence: number | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly reviewedAt: string | null;
  readonly reviewedBy: string | null;
};

export type DocumentDetail = DocumentSummary & {
  readonly pageList: readonly Omit<PageText, 'words'>[];
  readonly fields: readonly ReviewedField[];
  /** The e-invoice the document carries (its fields came from it); absent when none. */
  readonly einvoice?: EInvoiceInfo;
};

/** Progress of one document through intake, pushed as the `documents.progress` event. */
export type IntakeProgress = {
  readonly documentId: string;
  readonly fileName: string;
  readonly stage: 'queued' | 'reading' | 'ocr' | 'extracting' | 'done' | 'failed' | 'cancelled';
  /** Pages finished so far and in all (0 while unknown). */
  readonly page: number;
  readonly pages: number;
  readonly message?: string;
};

/** Below this a field is flagged for a person to confirm (the policy will own this number). */
export const LOW_CONFIDENCE = 0.8;

/** The watched inbox folder: files that appear there are added as documents. */
export type InboxSetting = {
  readonly dir: string | null;
  /** Who set it: files are added on their behalf. */
  readonly byName: string | null;
  readonly since: string | null;
  /** Files in the folder that were not added, newest first (the last 20), each with why and what to do. */
  readonly rejected: readonly { readonly fileName: string; readonly code: string; readonly message: string; readonly at: string }[];
};
