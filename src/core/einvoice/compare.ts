/**
 * Whether two readings of one field say the same thing: the invoice XML's value and what its
 * printed page shows. Tolerant where printing differs harmlessly (case, spacing, punctuation,
 * legal forms of names, thousands separators), strict where a forger would change something (a
 * digit of an amount or an account, a different currency).
 */
import type { FieldName, FieldValue } from '../../shared/documents';
import { compactId, sameName } from '../checks/facts';

/** The fields whose disagreement between page and XML is a finding (the forgery signals). */
export const XML_PAGE_FIELDS = ['invoice_number', 'total_amount', 'currency', 'payment_account', 'seller', 'buyer'] as const satisfies readonly FieldName[];
export type XmlPageField = (typeof XML_PAGE_FIELDS)[number];

const PARTY_FIELDS: ReadonlySet<FieldName> = new Set(['seller', 'buyer', 'shipper', 'consignee', 'notify_party', 'carrier']);
const ID_FIELDS: ReadonlySet<FieldName> = new Set(['invoice_number', 'payment_account', 'bl_number', 'buyer_order_ref', 'voyage']);

const WHITESPACE_RE = /\s+/g;

const asNumber = (v: FieldValue): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^-?\d+(?:\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return null;
};

/** An amount in cents: amounts agree when they agree to the cent. */
export const cents = (n: number): number => Math.round(n * 100);

/** True when two readings of `field` agree. */
export function readingsAgree(field: FieldName, a: FieldValue, b: FieldValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = [...(Array.isArray(a) ? a : [String(a)])].map((s) => s.trim().toUpperCase()).sort();
    const y = [...(Array.isArray(b) ? b : [String(b)])].map((s) => s.trim().toUpperCase()).sort();
    return x.length === y.length && x.every((s, i) => s === y[i]);
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== null && y !== null && (typeof a === 'number' || typeof b === 'number')) return cents(x) === cents(y);
  const p = String(a);
  const q = String(b);
  if (PARTY_FIELDS.has(field)) return sameName(p, q);
  if (ID_FIELDS.has(field)) return compactId(p) === compactId(q);
  return p.replace(WHITESPACE_RE, ' ').trim().toUpperCase() === q.replace(WHITESPACE_RE, ' ').trim().toUpperCase();
}
