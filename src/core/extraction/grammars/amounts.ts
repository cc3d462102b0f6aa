/**
 * Amount grammar: numbers as trade documents print them (`1,234.56`, `1.234,56`, `1 234,56`,
 * `1'234.56`, `(1,234.56)`, trailing minus) and the document's decimal separator, inferred from the
 * numbers whose reading is certain so the ambiguous ones (`74,250`, `99.000`) follow the document.
 */
import { currencyNear } from './currency';

/** Which character separates the decimals on a document. */
export type DecimalMark = '.' | ',';

/** One number found in text. */
export type NumberMatch = {
  readonly raw: string;
  readonly index: number;
  /** The value under the document's decimal mark (or the only possible reading). */
  readonly value: number;
  /** True when `1,234`-style grouping could also be a decimal: the reading used the hint. */
  readonly ambiguous: boolean;
  /** The decimal mark this number proves, when it proves one. */
  readonly proves: DecimalMark | null;
  readonly decimals: number;
};

/** A number with the currency printed beside it, if any. */
export type AmountMatch = NumberMatch & { readonly currency: string | null };

// Digits grouped in threes by one kind of separator (or the Indian lakh grouping `1,23,300.00`) (`,` · `.` · space or narrow space · apostrophe)
// with optional decimals, or plain digits with optional decimals; a sign before or after, or
// parentheses around. One separator kind per number, so "99.000 103,455.00" stays two numbers.
const NUMBER =
  /(?<![\p{L}\d.,'’])(\(?[-−]?)(\d{1,3}(?:\.\d{3})+ \d{2}(?![\d.,])|\d{1,3}(?:,\d{3})+ \d{2}(?![\d.,])|\d{1,3}(?:\.\d{3})+\.\d{2}(?!\d)|\d{1,3}(?:,\d{3})+,\d{2}(?!\d)|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d{1,3}(?:['’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(-(?!\d)|\))?(?![\p{L}\d]|[.,]\d)/gu;

/** Parses one numeric string; `mark` decides the reading of a lone `,ddd` / `.ddd` group. */
export function parseNumber(raw: string, mark: DecimalMark | null = null): Omit<NumberMatch, 'raw' | 'index'> | null {
  let s = raw.trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (/^[-−]/.test(s)) {
    negative = true;
    s = s.slice(1);
  }
  if (/-$/.test(s)) {
    negative = true;
    s = s.slice(0, -1);
  }
  // `95.295 00`: groups of three and a last group of two after a space — a scan lost the decimal
  // comma (a speck of ink) and kept the gap. The two are the decimals, and the reading is uncertain.
  const spaced = /^(\d{1,3}(?:([.,])\d{3})+) (\d{2})$/.exec(s);
  if (spaced) s = `${spaced[1]}${spaced[2] === '.' ? ',' : '.'}${spaced[3]}`;
  s = s.replace(/[\s\u00a0\u202f'’]/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  let decimal: DecimalMark | null = null;
  let ambiguous = false;
  let proves: DecimalMark | null = null;
  if (dots && commas) {
    decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    proves = decimal;
    if ((decimal === '.' ? dots : commas) > 1) return null;
  } else if (dots + commas === 1) {
    const sep: DecimalMark = dots ? '.' : ',';
    const after = s.length - s.indexOf(sep) - 1;
    if (after !== 3) {
      decimal = sep;
      proves = sep;
    } else if (mark) {
      decimal = mark === sep ? sep : null;
      ambiguous = true;
    } else {
      // With nothing to go on, a single group of three after a comma is a thousands separator
      // (`74,250`) and after a point a decimal (`99.000` quantities): the commoner readings.
      decimal = sep === '.' ? '.' : null;
      ambiguous = true;
    }
    // A leading group longer than three digits cannot be a thousands group.
    if (decimal === null && s.indexOf(sep) > 3) {
      decimal = sep;
      ambiguous = false;
    }
  } else if (/^\d{1,3}(?:([.,])\d{3})+\1\d{2}$/.test(s)) {
    // `62.193.20`: groups of three and a last group of two — a scan read the decimal mark as the
    // grouping one. The last is the decimal, and the reading is marked uncertain.
    decimal = dots ? '.' : ',';
    ambiguous = true;
  } else if (dots > 1 || commas > 1) {
    // Repeated separators are grouping: `12.500.000` or `1,000,000`.
    proves = dots > 1 ? ',' : '.';
  }
  const groups = decimal === null ? [s, ''] : [s.slice(0, s.lastIndexOf(decimal)), s.slice(s.lastIndexOf(decimal) + 1)];
  const intPart = (groups[0] ?? '').replace(/[.,]/g, '');
  const frac = groups[1] ?? '';
  // Grouped digits must come in threes (or lakhs and crores): `1.2.3` is not a number.
  const whole = groups[0] ?? '';
  if (/[.,]/.test(whole) && !/^\d{1,3}(?:[.,]\d{3})*$/.test(whole) && !/^\d{1,2}(?:,\d{2})+,\d{3}$/.test(whole)) return null;
  const value = Number(`${intPart || '0'}.${frac || '0'}`);
  if (!Number.isFinite(value)) return null;
  return { value: negative ? -value : value, ambiguous: ambiguous || spaced !== null, proves: spaced ? null : proves, decimals: frac.length };
}

/** Finds every number in `text` (dates and identifiers are the caller's business). */
export function findNumbers(text: string, mark: DecimalMark | null = null): NumberMatch[] {
  const out: NumberMatch[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const lead = m[1] ?? '';
    const trail = m[3] ?? '';
    // A parenthesis only means negative when it closes too.
    const signed = lead.startsWith('(') && trail !== ')' ? lead.slice(1) : lead;
    const raw = `${signed}${m[2] ?? ''}${trail === ')' && !lead.startsWith('(') ? '' : trail}`;
    const parsed = parseNumber(raw, mark);
    if (parsed) out.push({ raw, index: m.index + (lead.length - signed.length), ...parsed });
  }
  return out;
}

/** Finds amounts with the currency written before or after them (`USD 1,234.56`, `1.234,56 €`). */
export function findAmounts(text: string, mark: DecimalMark | null = null): AmountMatch[] {
  return findNumbers(text, mark).map((n) => ({ ...n, currency: currencyNear(text, n.index, n.index + n.raw.length) }));
}

/** Parses one amount string such as `USD 1,234.56` or `€1.234,56`. */
export function parseAmount(text: string, mark: DecimalMark | null = null): AmountMatch | null {
  const all = findAmounts(text, mark);
  return all.length === 1 ? (all[0] ?? null) : (all.sort((a, b) => b.raw.length - a.raw.length)[0] ?? null);
}

/**
 * The decimal mark a document uses, from the numbers whose reading is certain; null when none says.
 * `counted` names the words that count whole things (cartons, bags, pallets): a count printed with
 * one separator before three digits ('1.992 CARTONS') can only be grouping its thousands, so it
 * proves the other mark as surely as a number printed with both.
 */
export function inferDecimalMark(texts: readonly string[], counted: (word: string) => boolean = () => false): DecimalMark | null {
  let point = 0;
  let comma = 0;
  for (const t of texts) {
    for (const n of findNumbers(t)) {
      const grouped = /^\d{1,3}(?:([.,])\d{3})+$/.exec(n.raw);
      const word = /^\s*(\p{L}+)/u.exec(t.slice(n.index + n.raw.length))?.[1];
      if (grouped && word && counted(word)) {
        if (grouped[1] === ',') point += 3;
        else comma += 3;
        continue;
      }
      // Both marks in one number ("24.948,000") is the strongest evidence: OCR turns a point into
      // a comma now and then, but not into the right pattern of both. Codes like "3901.20" weigh less.
      const weight = /[.,].*[.,]/.test(n.raw) && /\./.test(n.raw) && /,/.test(n.raw) ? 3 : /^\d{4}\.\d{2}$/.test(n.raw) ? 0.5 : 1;
      if (n.proves === '.') point += weight;
      if (n.proves === ',') comma += weight;
    }
  }
  if (point === comma) return null;
  return point > comma ? '.' : ',';
}

/** The grouping styles documents use: 1,234.56 · 1.234,56 · 1 234,56 · 1'234.56. */
export type NumberStyle = 'en' | 'de' | 'fr' | 'ch';

/** Formats a number the way a locale style prints it (used by tests and for display). */
export function formatNumber(value: number, style: NumberStyle, decimals = 2): string {
  const neg = value < 0;
  const [int = '0', frac = ''] = Math.abs(value).toFixed(decimals).split('.');
  const sep = { en: ',', de: '.', fr: '\u202f', ch: "'" }[style];
  const dec = { en: '.', de: ',', fr: ',', ch: '.' }[style];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return `${neg ? '-' : ''}${grouped}${decimals ? dec + frac : ''}`;
}

/** A figure's digits as printed to the cent, without separators: 3.45 → '345', 19200 → '19200'. */
const digitsOf = (n: number): string => Math.abs(n).toFixed(2).replace(/\.?0+$/, '').replace(/\D/g, '');

/**
 * Whether `read` is the last two or more digits of `whole`, a figure to the cent with more digits:
 * '45' of 3,45, '400,00' of 38.400,00 — a figure whose first digits a stamp or a fold hid.
 */
export function lastDigitsOf(read: number, whole: number): boolean {
  const [r, w] = [digitsOf(read), digitsOf(whole)];
  return Math.abs(whole * 100 - Math.round(whole * 100)) < 1e-6 && r.length >= 2 && w.length > r.length && w.endsWith(r);
}

/**
 * Whether `read` is the first digits of `whole`, a figure to the cent with more digits: '6' of
 * 6,500 — a figure whose last digits a stamp printed across it took ('6. oFRIGIN AL').
 */
export function firstDigitsOf(read: number, whole: number): boolean {
  const [r, w] = [digitsOf(read), digitsOf(whole)];
  return read > 0 && Math.abs(whole * 100 - Math.round(whole * 100)) < 1e-6 && w.length > r.length && w.startsWith(r);
}
