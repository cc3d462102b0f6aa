/**
 * How a field is judged right, the same way for every corpus: the scoring rule of the development
 * corpus (`../shared/corpus/README.md`), so our own figures and an outside evaluator's mean the same.
 * - numbers: within 0.01;
 * - dates: exact ISO;
 * - names: normalised containment (lower case, accents folded, `. , - & ' ( )` dropped), the
 *   shorter side at least 3 characters;
 * - identifiers: exact after removing whitespace and a leading `#`, case-insensitive;
 * - lists (container numbers, charges): the same set;
 * - quantity units: the same unit once both are written as unit codes ("Piece" is PCS, "kgs" is KG),
 *   since `extract` gives units as codes;
 * - anything else: exact.
 */
import type { FieldValue } from '../../src/shared/documents';
import { canonicalUnit } from '../../src/core/checks/units';

const NUMBER_FIELDS = new Set(['total_amount', 'amount_due', 'unit_price', 'quantity', 'packages', 'gross_weight_kg', 'net_weight_kg', 'subtotal', 'tax_amount']);
const NAME_FIELDS = new Set(['seller', 'buyer', 'shipper', 'consignee', 'carrier', 'ship_to', 'goods_description', 'notify_party', 'vessel', 'port_of_loading', 'port_of_discharge']);
const ID_FIELDS = new Set(['invoice_number', 'payment_account', 'buyer_order_ref', 'bl_number', 'voyage']);

/** A name as the corpus compares it. */
export function foldName(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[.,\-&'()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const foldId = (s: string): string => s.replace(/\s+/g, '').replace(/^#/, '').toLowerCase();

/** Whether `got` is right for `expected` under the corpus scoring rule. */
export function fieldRight(field: string, expected: FieldValue, got: FieldValue | undefined): boolean {
  if (got === undefined) return false;
  if (Array.isArray(expected) || Array.isArray(got)) {
    const a = (Array.isArray(expected) ? expected : [expected]).map((x) => String(x).toUpperCase()).sort();
    const b = (Array.isArray(got) ? got : [got]).map((x) => String(x).toUpperCase()).sort();
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  if (NUMBER_FIELDS.has(field) || typeof expected === 'number') {
    const g = typeof got === 'number' ? got : Number(got);
    return Number.isFinite(g) && Math.abs(g - Number(expected)) <= 0.01 + 1e-9;
  }
  if (NAME_FIELDS.has(field)) {
    const [a, b] = [foldName(String(expected)), foldName(String(got))];
    if (Math.min(a.length, b.length) < 3) return false;
    return a.includes(b) || b.includes(a);
  }
  if (ID_FIELDS.has(field)) return foldId(String(expected)) === foldId(String(got));
  if (field === 'quantity_unit' || field === 'package_unit') return canonicalUnit(String(expected)) === canonicalUnit(String(got));
  return String(expected).trim() === String(got).trim();
}
