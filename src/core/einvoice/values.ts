/**
 * EN 16931 values in the project's terms: decimals as plain numbers, dates as ISO days, UN/ECE
 * Recommendation 20 unit codes as the units the checks compare, and document-level allowances and
 * charges as `kind:amount` charges.
 */
import type { Charge, ChargeKind, ExtractedField, FieldName, FieldValue } from '../../shared/documents';

/** Where an e-invoice's fields came from: an XML file, or the XML a hybrid PDF carries. */
export type XmlMethod = 'xml' | 'embedded_xml';

/** An element's text and where it stands. */
export type Hit = { readonly text: string; readonly path: string };

const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** An xsd:decimal as a number; null when the text is not one (EN 16931 allows no grouping or comma). */
export function decimal(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL_RE.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const isRealDay = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** A UBL xsd:date (`2026-03-03`, perhaps with a zone) as an ISO day; null when it is not a real date. */
export function ublDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  return m && isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** A CII udt:DateTimeString of format 102 (`20260303`) as an ISO day; null for other formats or no real date. */
export function ciiDate(text: string, format: string | undefined): string | null {
  if (format !== undefined && format !== '102') return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  return m && isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

// UN/ECE Recommendation 20 (and Rec 21 package codes with their X prefix) → the units the checks know.
const UNIT_CODES: Readonly<Record<string, string>> = {
  TNE: 'MT',
  KGM: 'KG',
  LBR: 'LB',
  MTQ: 'CBM',
  H87: 'PCS',
  C62: 'PCS',
  EA: 'PCS',
  NAR: 'PCS',
  XPP: 'PCS',
  BG: 'BAG',
  XBG: 'BAG',
  XSA: 'BAG',
};

/** A unit code as the checks name it (`TNE` → `MT`); an unknown code stays as written, upper-cased. */
export const unitFromCode = (code: string): string => UNIT_CODES[code.trim().toUpperCase()] ?? code.trim().toUpperCase();

/** The IBAN or account number as stored: letters and digits, upper case. */
export const compactAccount = (text: string): string => text.replace(/[\s\-/.]/g, '').toUpperCase();

/**
 * What a document-level allowance or charge is (BG-20, BG-21): an allowance lowers the total and is a
 * discount; a charge is named by its UNCL 7161 reason code, else by the words of its reason.
 */
export function chargeKind(isCharge: boolean, reasonCode: string | null, reason: string | null): ChargeKind {
  if (!isCharge) return 'discount';
  const code = reasonCode?.trim().toUpperCase() ?? '';
  if (code === 'FC') return 'freight';
  if (code === 'IN') return 'insurance';
  if (code === 'PC' || code === 'ABL') return 'packing';
  const words = reason?.toLowerCase() ?? '';
  if (/freight|shipping|carriage|transport|fracht|fret/.test(words)) return 'freight';
  if (/insur|versicher|assurance/.test(words)) return 'insurance';
  if (/pack|verpack|emballage/.test(words)) return 'packing';
  if (/handling|umschlag|manutention/.test(words)) return 'handling';
  return 'other';
}

/** A charge signed as it moves the total. */
export const signedCharge = (kind: ChargeKind, amount: number): Charge => ({ kind, amount: kind === 'discount' ? -Math.abs(amount) : amount });

/** The fields an e-invoice gives, filled one by one by the syntax readers. */
export class FieldSink {
  readonly fields: Partial<Record<FieldName, ExtractedField>> = {};
  /** Elements that were present but could not be read (a malformed amount or date). */
  readonly problems: string[] = [];

  constructor(private readonly method: XmlMethod) {}

  /** Sets a field once: the first source given for a field wins (EN 16931's own term before fallbacks). */
  set(name: FieldName, value: FieldValue, raw: string, xmlPath: string, ambiguity?: string): void {
    if (this.fields[name]) return;
    this.fields[name] = { value, raw, confidence: 1, page: null, bbox: null, method: this.method, xmlPath, ...(ambiguity ? { ambiguity } : {}) };
  }

  /** A text field from an element (absent elements are skipped). */
  text(name: FieldName, hit: Hit | null): void {
    if (hit) this.set(name, hit.text, hit.text, hit.path);
  }

  /** An amount field from an xsd:decimal element; a malformed one is a problem, not a value. */
  amount(name: FieldName, hit: Hit | null, ambiguity?: string): void {
    if (!hit) return;
    const n = decimal(hit.text);
    if (n === null) this.unreadable(name.replaceAll('_', ' '), hit.text, hit.path);
    else this.set(name, n, hit.text, hit.path, ambiguity);
  }

  /** A date field, read by the syntax's date reader. */
  date(name: FieldName, hit: Hit | null, read: (text: string) => string | null): void {
    if (!hit) return;
    const iso = read(hit.text);
    if (iso === null) this.unreadable(name.replaceAll('_', ' '), hit.text, hit.path);
    else this.set(name, iso, hit.text, hit.path);
  }

  /** Notes an element whose text is not what its data type allows. */
  unreadable(what: string, text: string, xmlPath: string): void {
    this.problems.push(`${what} “${text}” at ${xmlPath} is not a valid value`);
  }
}
