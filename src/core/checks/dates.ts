/** Calendar arithmetic on ISO dates (yyyy-mm-dd) as whole UTC day numbers; no clock, no time zones. */

const MS_PER_DAY = 86_400_000;

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil: arithmetic only). */
const daysFromCivil = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
};

/** Days since 1970-01-01 for an ISO date (a time part is ignored), or null when it is not a real date. */
export function dayNumber(iso: string): number | null {
  // Parsed by hand: this runs several times per receivable per evaluation.
  if (iso.length < 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null;
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const month = digit(iso, 5) * 10 + digit(iso, 6);
  const day = digit(iso, 8) * 10 + digit(iso, 9);
  if (!(month >= 1 && month <= 12 && day >= 1)) return null;
  if (iso.length > 10 && digit(iso, 10) === digit(iso, 10)) return null; // "2026-03-051" is not a date
  const max = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (!(day <= max)) return null;
  return daysFromCivil(year, month, day);
}

/** The ISO date of a day number. */
export function isoFromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `iso` plus `days` (negative to go back), or null when `iso` is not a date. */
export function addDays(iso: string, days: number): string | null {
  const n = dayNumber(iso);
  return n === null ? null : isoFromDay(n + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier), or null when either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? null : b - a;
}
