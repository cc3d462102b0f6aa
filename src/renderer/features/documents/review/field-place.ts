import type { BBox, PageReading, ReviewedField } from '../../../../shared/documents';
import { readingsAgree } from '../../../../core/einvoice/compare';

/**
 * Where a field stands on the page: its own box, or for a value read from invoice XML (which has no
 * place on a page), where the page prints the same field. Null when the page shows it nowhere.
 */
export function fieldPlace(field: ReviewedField | null | undefined): { readonly page: number; readonly bbox: BBox | null } | null {
  if (!field) return null;
  if (field.page !== null) return { page: field.page, bbox: field.bbox };
  const reading = field.pageReading;
  return reading ? { page: reading.page, bbox: reading.bbox } : null;
}

/**
 * For a value read from invoice XML whose printed page says something else: what the page says.
 * Null when the page agrees, shows no such field, or a person has since corrected the value.
 */
export function pageDisagreement(field: ReviewedField | null | undefined): PageReading | null {
  const reading = field?.pageReading;
  if (!field || !reading || field.method === 'manual') return null;
  return readingsAgree(field.name, field.value, reading.value) ? null : reading;
}
