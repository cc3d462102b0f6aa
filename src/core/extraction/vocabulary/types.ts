/**
 * The shape of one language's vocabulary: the labels forms print in front of (or above) a value,
 * the column headers of goods and cargo tables, and the titles and words that tell an invoice from
 * a bill of lading. Keys name what a label announces; the field rules decide which keys feed which
 * canonical field and how strongly.
 */

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'tr', 'pl', 'id', 'vi', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export type LabelKey =
  | 'invoice_no'
  | 'invoice_no_date'
  | 'doc_no'
  | 'invoice_date'
  | 'date'
  | 'due_date'
  | 'currency'
  // The summary block: the grand total, a plain "total", the net subtotal, charges, tax, and what
  // changes the sum payable (amount paid, previous balance) with the sum payable itself.
  | 'grand_total'
  | 'total'
  | 'subtotal'
  | 'tax'
  | 'freight'
  | 'insurance'
  | 'discount'
  | 'handling'
  | 'amount_due'
  | 'amount_paid'
  | 'previous_balance'
  | 'order_ref'
  | 'seller'
  | 'exporter'
  | 'shipper'
  | 'beneficiary'
  | 'buyer'
  | 'consignee'
  | 'notify'
  | 'ship_to'
  | 'bl_no'
  | 'bl_date'
  | 'incoterms'
  | 'delivery_terms'
  | 'iban'
  | 'account_no'
  | 'vessel'
  | 'voyage'
  | 'vessel_voyage'
  | 'pol'
  | 'pod'
  | 'carrier'
  | 'on_board_date'
  | 'place_date_issue'
  | 'gross_weight'
  | 'net_weight'
  | 'packages'
  | 'description'
  | 'quantity'
  | 'unit_price'
  // Labels of values no field takes (phone, tax id, payment terms…): known, so they are never
  // mistaken for the value of the label before them.
  | 'other';

/** Column headers of line-item and cargo tables. */
export type ColumnKey = 'description' | 'quantity' | 'unit' | 'unit_price' | 'amount' | 'gross_weight' | 'net_weight' | 'measurement' | 'packages' | 'marks' | 'hs' | 'index';

export type PaperKind = 'invoice' | 'bill_of_lading' | 'other';

export type Vocabulary = {
  readonly language: Language;
  /** Label phrases per key, as printed (case, accents and punctuation do not matter). */
  readonly labels: Partial<Record<LabelKey, readonly string[]>>;
  readonly columns: Partial<Record<ColumnKey, readonly string[]>>;
  /** Document titles per kind ("Rechnung", "Konnossement", "Lieferschein"). */
  readonly titles: Partial<Record<PaperKind, readonly string[]>>;
};
