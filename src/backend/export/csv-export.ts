import { formatCsv } from '../../core/csv';

/** One cell as exported text: numbers as typed, lists joined with "; ", nothing for null. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(csvCell).join('; ');
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * A header row and data rows as CSV (CRLF, a BOM for spreadsheet programs, formula-like text
 * neutralised so opening the file can never run a formula).
 */
export function toCsv(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return formatCsv([headers.map(String), ...rows.map((row) => headers.map((_, i) => csvCell(row[i])))], { bom: true });
}
