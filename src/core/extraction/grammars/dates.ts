/**
 * Date grammar: finds dates in text in the forms trade documents print them (ISO, numeric with `/`,
 * `.` or `-`, day-month-name and month-name-day in English, German, French, Spanish, Portuguese,
 * Dutch, Italian, Turkish, Polish and Indonesian, Chinese `2026年3月14日`, Vietnamese `ngày 14 tháng 3
 * năm 2026`, two-digit years) and resolves the day/month order of numeric dates from the whole document.
 */

import { editDistanceAtMost1 } from '../label-match';

/** Which component comes first in an all-numeric date. */
export type DateOrder = 'dmy' | 'mdy';

/** One date found in text, before the document's day/month order is applied. */
export type DateMatch = {
  readonly raw: string;
  /** Offset of `raw` in the searched text. */
  readonly index: number;
  readonly year: number;
  /** For named-month and ISO dates the month and day are certain. */
  readonly month?: number;
  readonly day?: number;
  /** For numeric dates, the first and second components as printed. */
  readonly first?: number;
  readonly second?: number;
};

const MONTHS: Record<string, number> = {};
const addMonths = (names: string[]): void => {
  names.forEach((n, i) => {
    for (const name of n.split('|')) MONTHS[name] = i + 1;
  });
};
// English, German, French, Spanish, Portuguese, Dutch, Italian; short forms where printed.
addMonths(['january|jan', 'february|feb', 'march|mar', 'april|apr', 'may', 'june|jun', 'july|jul', 'august|aug', 'september|sep|sept', 'october|oct', 'november|nov', 'december|dec']);
addMonths(['januar|jän|jänner', 'februar', 'märz|maerz|mrz|mär', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober|okt', 'november', 'dezember|dez']);
addMonths(['janvier|janv', 'février|fevrier|févr|fevr', 'mars', 'avril|avr', 'mai', 'juin', 'juillet|juil', 'août|aout', 'septembre', 'octobre', 'novembre', 'décembre|decembre|déc']);
addMonths(['enero|ene', 'febrero', 'marzo', 'abril|abr', 'mayo', 'junio', 'julio', 'agosto|ago', 'septiembre|setiembre|set', 'octubre', 'noviembre', 'diciembre|dic']);
addMonths(['janeiro', 'fevereiro|fev', 'março|marco', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro|out', 'novembro', 'dezembro']);
addMonths(['januari', 'februari', 'maart|mrt', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december']);
addMonths(['gennaio|gen', 'febbraio', 'marzo', 'aprile', 'maggio|mag', 'giugno|giu', 'luglio|lug', 'agosto', 'settembre', 'ottobre|ott', 'novembre', 'dicembre']);
// Turkish, Polish (nominative and genitive, as dates print them), Indonesian.
addMonths(['ocak|oca', 'şubat|subat|şub|sub', 'mart', 'nisan|nis', 'mayıs|mayis', 'haziran|haz', 'temmuz|tem', 'ağustos|agustos|ağu|agu', 'eylül|eylul|eyl', 'ekim|eki', 'kasım|kasim|kas', 'aralık|aralik|ara']);
addMonths(['styczeń|styczen|stycznia|sty', 'luty|lutego|lut', 'marzec|marca', 'kwiecień|kwiecien|kwietnia|kwi', 'maj|maja', 'czerwiec|czerwca|cze', 'lipiec|lipca|lip', 'sierpień|sierpien|sierpnia|sie', 'wrzesień|wrzesien|września|wrzesnia|wrz', 'październik|pazdziernik|października|pazdziernika|paź|paz', 'listopad|listopada|lis', 'grudzień|grudzien|grudnia|gru']);
addMonths(['januari', 'februari|pebruari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus|agu', 'september', 'oktober', 'november|nopember', 'desember|des']);

const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

// Day-month-year with a month name: "14 Mar 2026", "14-MAR-26", "14. März 2026", "14th March, 2026", "14 de março de 2026".
const DAY_NAME_YEAR = new RegExp(
  `(?<![\\p{L}\\d])(\\d{1,2})(?:st|nd|rd|th|er|º)?\\.?[\\s\\-/]*(?:de\\s+)?(${MONTH_ALT})\\.?(?:[\\s\\-/,]+(?:de\\s+)?|(?=\\d))('?\\d{4}|\\d{2})(?![\\d])`,
  'giu',
);
// Month-name day, year: "March 14, 2026", "Mar. 14 2026".
const NAME_DAY_YEAR = new RegExp(`(?<![\\p{L}])(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'giu');
// Chinese and Japanese: 2026年3月14日; Vietnamese: ngày 14 tháng 3 năm 2026.
const CJK = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const VIETNAMESE = /ng[àa]y\s*(\d{1,2})\s*th[áa]ng\s*(\d{1,2})\s*n[ăa]m\s*(\d{4})/giu;
// ISO and year-first numeric: 2026-03-14, 2026/03/14, 2026.03.14.
const YEAR_FIRST = /(?<![\d])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])/g;
// Numeric: 14/03/2026, 03-14-26, 14.03.2026 (the same separator twice).
const NUMERIC = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d]|[/.-]\d)/g;
// A dotted date one of whose dots a scan read as a comma: 18,09.2026, 18.09,2026 (a four-digit year).
const SLIPPED_DOT = /(?<![\d/.,-])(\d{1,2})(?:,(\d{1,2})\.|\.(\d{1,2}),)(\d{4})(?![\d]|[/.,-]\d)/g;

// The same with a month name OCR misread by one letter ("30 aolt 2026" for "30 août 2026"): only a
// word of four letters or more between a day and a four-digit year, one edit from one month alone
// (a four-letter name keeping its first and last letters; Polish genitives run to twelve letters:
// '14 pasdziernika 2026' for '14 października 2026').
const DAY_WORD_YEAR = /(?<![\p{L}\d])(\d{1,2})\.?\s+(\p{L}{4,13})\.?,?\s+(\d{4})(?!\d)/gu;

/** The month a misread name stands for, when exactly one month's names are one edit away. */
function nearestMonth(word: string): number | undefined {
  const w = word.toLowerCase();
  const months = new Set<number>();
  for (const [name, month] of Object.entries(MONTHS)) {
    if (name.length < 4 || !editDistanceAtMost1(w, name)) continue;
    // A short name keeps its first and last letters ("aolt" for "aout"): "Main" is not "maio".
    if (name.length === 4 && (w[0] !== name[0] || w[w.length - 1] !== name[name.length - 1])) continue;
    months.add(month);
  }
  return months.size === 1 ? [...months][0] : undefined;
}

const fullYear = (y: string): number => {
  const n = Number(y.replace("'", ''));
  return y.replace("'", '').length === 2 ? 2000 + n : n;
};

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (year: number, month: number): number =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** True when year-month-day names a real calendar day in a plausible range for trade documents. */
export function isValidDate(year: number, month: number, day: number): boolean {
  return year >= 1990 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

const iso = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Finds every date in `text`, in order of appearance; overlapping readings keep the first, longest one. */
export function findDates(text: string): DateMatch[] {
  const found: DateMatch[] = [];
  const taken: [number, number][] = [];
  const free = (a: number, b: number): boolean => taken.every(([s, e]) => b <= s || a >= e);
  const add = (m: DateMatch): void => {
    if (!free(m.index, m.index + m.raw.length)) return;
    taken.push([m.index, m.index + m.raw.length]);
    found.push(m);
  };
  for (const m of text.matchAll(CJK)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (isValidDate(y, mo, d)) add({ raw: m[0], index: m.index, year: y, month: mo, day: d });
  }
  for (const m of text.matchAll(VIETNAMESE)) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (isValidDate(y, mo, d)) add({ raw: m[0], index: m.index, year: y, month: mo, day: d });
  }
  for (const m of text.matchAll(YEAR_FIRST)) {
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (isValidDate(y, mo, d)) add({ raw: m[0], index: m.index, year: y, month: mo, day: d });
  }
  for (const m of text.matchAll(DAY_NAME_YEAR)) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    const [y, d] = [fullYear(m[3] ?? ''), Number(m[1])];
    if (month && isValidDate(y, month, d)) add({ raw: m[0], index: m.index, year: y, month, day: d });
  }
  for (const m of text.matchAll(NAME_DAY_YEAR)) {
    const month = MONTHS[(m[1] ?? '').toLowerCase()];
    const [y, d] = [Number(m[3]), Number(m[2])];
    if (month && isValidDate(y, month, d)) add({ raw: m[0], index: m.index, year: y, month, day: d });
  }
  for (const m of text.matchAll(DAY_WORD_YEAR)) {
    if (MONTHS[(m[2] ?? '').toLowerCase()] !== undefined) continue;
    const month = nearestMonth(m[2] ?? '');
    const [y, d] = [Number(m[3]), Number(m[1])];
    if (month && isValidDate(y, month, d)) add({ raw: m[0], index: m.index, year: y, month, day: d });
  }
  for (const m of text.matchAll(NUMERIC)) {
    const [a, b, y] = [Number(m[1]), Number(m[3]), fullYear(m[4] ?? '')];
    // Two-digit years with dots or hyphens are too often something else (versions, codes).
    if ((m[4] ?? '').length === 2 && m[2] !== '/') continue;
    if (isValidDate(y, b, a) || isValidDate(y, a, b)) add({ raw: m[0], index: m.index, year: y, first: a, second: b });
  }
  for (const m of text.matchAll(SLIPPED_DOT)) {
    const [a, b, y] = [Number(m[1]), Number(m[2] ?? m[3]), Number(m[4])];
    if (isValidDate(y, b, a) || isValidDate(y, a, b)) add({ raw: m[0], index: m.index, year: y, first: a, second: b });
  }
  return found.sort((p, q) => p.index - q.index);
}

/** True when the match needs the document's day/month order to be read. */
export const isAmbiguous = (m: DateMatch): boolean =>
  m.month === undefined && m.first !== undefined && m.second !== undefined && m.first <= 12 && m.second <= 12 && m.first !== m.second;

/** The ISO date for a match under a day/month order, or null when that order makes no real date. */
export function resolveDate(m: DateMatch, order: DateOrder): string | null {
  if (m.month !== undefined && m.day !== undefined) return iso(m.year, m.month, m.day);
  const [a, b] = [m.first ?? 0, m.second ?? 0];
  const [month, day] = order === 'dmy' ? [b, a] : [a, b];
  return isValidDate(m.year, month, day) ? iso(m.year, month, day) : null;
}

/**
 * The day/month order of a document from all its numeric dates: a first component above 12 proves
 * d/m, a second above 12 proves m/d. `sure` is false when nothing on the page decides it.
 */
export function inferDateOrder(matches: readonly DateMatch[]): { readonly order: DateOrder; readonly sure: boolean } {
  let dmy = 0;
  let mdy = 0;
  for (const m of matches) {
    if (m.first === undefined || m.second === undefined) continue;
    if (m.first > 12 && m.second <= 12) dmy++;
    if (m.second > 12 && m.first <= 12) mdy++;
  }
  if (dmy > mdy) return { order: 'dmy', sure: true };
  if (mdy > dmy) return { order: 'mdy', sure: true };
  return { order: 'dmy', sure: false };
}

/**
 * Chooses the order that keeps a due date on or after the issue date, for documents where no
 * component above 12 decides it. Returns null when both or neither order satisfy the relation.
 */
export function orderFromDueRelation(issue: DateMatch, due: DateMatch): DateOrder | null {
  const ok = (order: DateOrder): boolean => {
    const [i, d] = [resolveDate(issue, order), resolveDate(due, order)];
    return i !== null && d !== null && d >= i;
  };
  const [dmy, mdy] = [ok('dmy'), ok('mdy')];
  return dmy === mdy ? null : dmy ? 'dmy' : 'mdy';
}

/** Parses one date string under a known order (convenience for tests and callers with one value). */
export function parseDate(text: string, order: DateOrder = 'dmy'): string | null {
  const m = findDates(text)[0];
  return m ? resolveDate(m, order) : null;
}
