import type {
  DocumentKind,
  DocumentStatus,
  FieldMethod,
  FieldName,
  FieldValue,
  IntakeProgress,
  TextMethod,
} from '../../../shared/documents';

/** How each status reads in chips and filters. */
export const STATUS_LABELS: Readonly<Record<DocumentStatus, string>> = {
  queued: 'Queued',
  processing: 'Reading',
  extracted: 'To review',
  reviewed: 'Reviewed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
  invoice: 'Invoice',
  bill_of_lading: 'Bill of lading',
  other: 'Other',
};

export const METHOD_LABELS: Readonly<Record<TextMethod | 'mixed' | FieldMethod, string>> = {
  text_layer: 'Text layer',
  ocr: 'OCR',
  mixed: 'Mixed',
  manual: 'Manual',
  embedded_xml: 'Embedded XML',
  xml: 'XML',
  counterparty: 'Known counterparty',
};

/** What intake is doing right now, as a person would say it. */
export const STAGE_LABELS: Readonly<Record<IntakeProgress['stage'], string>> = {
  queued: 'Waiting in the queue',
  reading: 'Reading',
  ocr: 'OCR',
  extracting: 'Extracting fields',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The canonical field names of PRODUCT.md as people read them. */
export const FIELD_LABELS: Readonly<Record<FieldName, string>> = {
  invoice_number: 'Invoice number',
  issue_date: 'Issue date',
  due_date: 'Due date',
  currency: 'Currency',
  total_amount: 'Total amount',
  seller: 'Seller',
  buyer: 'Buyer',
  goods_description: 'Goods description',
  quantity: 'Quantity',
  quantity_unit: 'Quantity unit',
  unit_price: 'Unit price',
  payment_account: 'Payment account',
  bl_number: 'B/L number',
  incoterm: 'Incoterm',
  incoterm_place: 'Incoterm place',
  shipper: 'Shipper',
  consignee: 'Consignee',
  notify_party: 'Notify party',
  carrier: 'Carrier',
  vessel: 'Vessel',
  voyage: 'Voyage',
  port_of_loading: 'Port of loading',
  port_of_discharge: 'Port of discharge',
  shipped_on_board_date: 'Shipped on board',
  gross_weight_kg: 'Gross weight (kg)',
  container_numbers: 'Container numbers',
  subtotal: 'Subtotal',
  charges: 'Charges',
  tax_amount: 'Tax',
  amount_due: 'Amount due',
  buyer_order_ref: 'Buyer order ref.',
  packages: 'Packages',
  package_unit: 'Package unit',
  net_weight_kg: 'Net weight (kg)',
};

// Money fields always show two decimals, like the documents print them; other numbers show what
// was read (a quantity of 24.750 MT stays 24.75, not 25).
const MONEY_FIELDS: ReadonlySet<FieldName> = new Set(['total_amount', 'unit_price', 'subtotal', 'tax_amount', 'amount_due']);
const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
const MONEY_FORMAT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 });

/** An amount with thousands separators and two decimals, e.g. `103,455.00`. */
export const formatAmount = (amount: number): string => MONEY_FORMAT.format(amount);

/** A field value as the review screen shows it. */
export function formatFieldValue(field: FieldName, value: FieldValue | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return MONEY_FIELDS.has(field) ? MONEY_FORMAT.format(value) : NUMBER_FORMAT.format(value);
  if (typeof value === 'string') return value;
  return value.join(', ');
}

/** A field value as it starts out in the edit box: plain, without grouping, lists comma-separated. */
export function editableValue(value: FieldValue | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return value.join(', ');
}

/** A confidence (0–1) as a whole percentage. */
export const formatPercent = (confidence: number): string => `${Math.round(confidence * 100)}%`;

/** A byte count as people read it: 412 KB, 3.1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
