/**
 * Currency grammar: ISO 4217 codes, symbols (`US$`, `€`, `£`, `¥`, `R$`, `₹`…) and currency words
 * (`US Dollars`, `Euro`, `Dólar norte-americano`). A bare `$` is only a currency once the document
 * says which dollar it means.
 */

// Codes seen in trade; looked for anywhere in text.
const COMMON = [
  'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'CHF', 'INR', 'BRL', 'THB', 'VND', 'SGD', 'HKD', 'AUD', 'CAD', 'NZD', 'MYR',
  'IDR', 'PHP', 'KRW', 'TWD', 'AED', 'SAR', 'ZAR', 'MXN', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RUB', 'EGP',
  'NGN', 'KES', 'PKR', 'BDT', 'LKR', 'CLP', 'COP', 'ARS', 'QAR', 'KWD', 'OMR', 'BHD', 'ILS', 'UAH', 'RON', 'BGN',
  'CNH', 'KZT', 'GHS', 'TZS', 'UGX', 'ETB', 'MMK', 'KHR', 'LAK', 'UYU', 'PYG', 'DZD', 'TND', 'JOD', 'ISK',
] as const;
// Codes that are also English words: only accepted where a label says the text is a currency, or
// where they are written as one (see findCurrencies).
const WORDLIKE = ['TRY', 'PEN', 'MAD', 'ALL', 'TOP', 'CUP', 'MOP', 'BAM', 'GEL', 'SOS', 'BOB'] as const;

const COMMON_SET: ReadonlySet<string> = new Set(COMMON);
const ANY_SET: ReadonlySet<string> = new Set([...COMMON, ...WORDLIKE]);

// Longest first so `US$` wins over `$` and `R$` is not read as a dollar.
const SYMBOL_LIST: readonly (readonly [string, string])[] = [
  ['US$', 'USD'], ['U$S', 'USD'], ['USD$', 'USD'], ['R$', 'BRL'], ['S$', 'SGD'], ['SG$', 'SGD'], ['HK$', 'HKD'],
  ['A$', 'AUD'], ['AU$', 'AUD'], ['C$', 'CAD'], ['CA$', 'CAD'], ['NZ$', 'NZD'], ['MX$', 'MXN'], ['NT$', 'TWD'],
  ['RMB', 'CNY'], ['€', 'EUR'], ['£', 'GBP'], ['¥', 'JPY'], ['₹', 'INR'], ['฿', 'THB'], ['₫', 'VND'], ['₩', 'KRW'],
  ['₱', 'PHP'], ['₺', 'TRY'], ['₽', 'RUB'], ['₦', 'NGN'], ['zł', 'PLN'], ['Rs.', 'INR'], ['Fr.', 'CHF'],
];
const SYMBOLS = [...SYMBOL_LIST].sort((a, b) => b[0].length - a[0].length);

const WORDS: readonly (readonly [RegExp, string])[] = [
  [/\bU\.?\s?S\.?\s+dollars?\b|\bUS-?dollars?\b|\bUnited States dollars?\b|d[óo]lar(?:es)? (?:norte-?americanos?|estadounidenses?|americanos?)|dollars? am[ée]ricains?/i, 'USD'],
  [/\beuros?\b/i, 'EUR'],
  [/\bpounds? sterling\b|\bsterling\b/i, 'GBP'],
  [/\bswiss francs?\b|\bschweizer franken\b/i, 'CHF'],
  [/\bjapanese yen\b/i, 'JPY'],
  [/\brenminbi\b|\byuan\b/i, 'CNY'],
  [/\breais\b|\breal brasileiro\b|\bbrazilian reais?\b/i, 'BRL'],
  [/\bthai baht\b|\bbaht\b/i, 'THB'],
  [/\bindian rupees?\b/i, 'INR'],
  [/\bsingapore dollars?\b/i, 'SGD'],
  [/\bhong kong dollars?\b/i, 'HKD'],
  [/\baustralian dollars?\b/i, 'AUD'],
  [/\bcanadian dollars?\b/i, 'CAD'],
];

/** The marker for a bare `$`, resolved later from the document. */
export const BARE_DOLLAR = '$';

/** True when `code` is an ISO 4217 code this grammar knows. */
export const isCurrencyCode = (code: string): boolean => ANY_SET.has(code.toUpperCase());

const codeAt = (text: string, from: number, to: number, anywhere: boolean): string | null => {
  const slice = text.slice(Math.max(0, from), Math.max(0, to));
  for (const m of slice.matchAll(/(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])/g)) if ((anywhere ? ANY_SET : COMMON_SET).has(m[0])) return m[0];
  return null;
};

// A lettered symbol must stand alone (`Rs.` not inside a word, `S$` not the tail of `US$`).
const standsAlone = (text: string, i: number, sym: string): boolean =>
  !/^[A-Za-z]/.test(sym) || (!/[A-Za-z]/.test(text[i - 1] ?? '') && !(/[A-Za-z.]$/.test(sym) && /[A-Za-z]/.test(text[i + sym.length] ?? '')));

const symbolIn = (slice: string): string | null => {
  for (const [sym, code] of SYMBOLS) {
    const i = slice.indexOf(sym);
    if (i >= 0 && standsAlone(slice, i, sym)) return code;
  }
  return slice.includes('$') ? BARE_DOLLAR : null;
};

/**
 * The currency written right before or after the span `[start, end)` of `text` (an amount), or
 * null. Looks at most a few characters away so that a code elsewhere on the line does not count.
 */
export function currencyNear(text: string, start: number, end: number): string | null {
  const before = text.slice(Math.max(0, start - 5), start);
  const after = text.slice(end, end + 5);
  const code = codeAt(before, 0, before.length, false) ?? codeAt(after, 0, after.length, false);
  if (code) return code;
  const sym = symbolIn(before.trimEnd().slice(-4)) ?? symbolIn(after.trimStart().slice(0, 3));
  return sym;
}

/**
 * Every currency mentioned in `text`: codes, symbols and words, in order. `labelled` accepts the
 * codes that are also English words (the text is known to be a currency field).
 */
export function findCurrencies(text: string, labelled = false): { readonly code: string; readonly index: number; readonly raw: string }[] {
  const out: { code: string; index: number; raw: string }[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])/g)) {
    // A code that is also a word counts in capitals where only a currency stands: in parentheses
    // after a label ('Toplam Tutar (TRY)') or right beside a figure ('TRY 567.864,81').
    const [before, after] = [text.slice(0, m.index), text.slice(m.index + 3)];
    const written = (before.endsWith('(') && after.startsWith(')')) || /\d\s?$/.test(before) || /^\s?\d/.test(after);
    if ((labelled || written ? ANY_SET : COMMON_SET).has(m[0])) out.push({ code: m[0], index: m.index, raw: m[0] });
  }
  // Beside a currency label, a code OCR read in mixed or lower case ("Moeda usD") is still the code,
  // when no upper-case one is printed there.
  if (labelled && out.length === 0) {
    for (const m of text.matchAll(/(?<![A-Za-z])[A-Za-z]{3}(?![A-Za-z])/g)) {
      if (COMMON_SET.has(m[0].toUpperCase())) out.push({ code: m[0].toUpperCase(), index: m.index, raw: m[0] });
    }
  }
  for (const [sym, code] of SYMBOLS) {
    let i = text.indexOf(sym);
    while (i >= 0) {
      if (standsAlone(text, i, sym) && !out.some((o) => i >= o.index && i < o.index + o.raw.length)) out.push({ code, index: i, raw: sym });
      i = text.indexOf(sym, i + sym.length);
    }
  }
  for (const [re, code] of WORDS) {
    const m = re.exec(text);
    if (m) out.push({ code, index: m.index, raw: m[0] });
  }
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
    if (!out.some((o) => i >= o.index && i < o.index + o.raw.length)) out.push({ code: BARE_DOLLAR, index: i, raw: '$' });
  }
  return out.sort((a, b) => a.index - b.index);
}

// "Pasadena, TX": a city with a US state's postal code.
const US_STATE =
  /,\s*(AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)\b(?![.\w])/;

/**
 * What a bare `$` means on this document: the one dollar currency it names elsewhere, else USD when
 * the text shows a US address, else null (never guessed).
 */
export function resolveDollar(allText: string): string | null {
  const dollars = new Set(findCurrencies(allText).map((c) => c.code).filter((c) => ['USD', 'CAD', 'AUD', 'SGD', 'HKD', 'NZD', 'MXN', 'TWD'].includes(c)));
  if (dollars.size === 1) return [...dollars][0] ?? null;
  if (dollars.size > 1) return null;
  if (/\b(USA|U\.S\.A\.|United States)\b|\b[A-Z]{2} \d{5}(?:-\d{4})?\b/.test(allText) || US_STATE.test(allText)) return 'USD';
  return null;
}

/**
 * What a `¥` means on this document: JPY, CNY when it is Chinese, and INR when the document is Indian
 * (lakh grouping such as 7,08,000.00, GSTIN, Rs.): OCR trained on English reads the rupee sign ₹
 * as ¥.
 */
export function resolveYen(allText: string): string {
  if (/\b\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{2})?\b|\bGSTIN\b|\bRs\.?\s?\d|\bINR\b|\bIndia\b|₹/.test(allText)) return 'INR';
  if (/\b(CNY|RMB)\b|人民币|\bChina\b|\bPRC\b|元/.test(allText)) return 'CNY';
  return 'JPY';
}

/** The ISO code of a currency found in text, with `$` and `¥` resolved from the whole document. */
export function currencyCode(found: { readonly code: string; readonly raw: string }, allText: string): string | null {
  if (found.code === BARE_DOLLAR) return resolveDollar(allText);
  if (found.code === 'JPY' && found.raw.includes('¥')) return resolveYen(allText);
  return found.code;
}
