import type { FieldName, FieldValue } from '../../shared/documents';
import { CHARGE_KINDS, formatCharge, parseCharge } from '../../shared/documents';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';

export const QUANTITY_UNITS = ['MT', 'KG', 'LB', 'BAG', 'PCS', 'CBM'] as const;
/** How a B/L counts packages. */
export const PACKAGE_UNITS = ['BAG', 'BALE', 'BOX', 'CTN', 'CASE', 'CRATE', 'DRUM', 'PLT', 'PKG', 'PCS', 'ROLL', 'COIL', 'SACK', 'BUNDLE', 'UNIT', 'CNT'] as const;
export const INCOTERMS = ['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP'] as const;

type FieldType = 'date' | 'number' | 'signed' | 'currency' | 'unit' | 'package_unit' | 'incoterm' | 'containers' | 'charges' | 'account' | 'code' | 'text';

const FIELD_TYPES: Readonly<Record<FieldName, FieldType>> = {
  invoice_number: 'code',
  issue_date: 'date',
  due_date: 'date',
  currency: 'currency',
  total_amount: 'number',
  seller: 'text',
  buyer: 'text',
  goods_description: 'text',
  quantity: 'number',
  quantity_unit: 'unit',
  unit_price: 'number',
  payment_account: 'account',
  bl_number: 'code',
  incoterm: 'incoterm',
  incoterm_place: 'text',
  shipper: 'text',
  consignee: 'text',
  notify_party: 'text',
  carrier: 'text',
  vessel: 'text',
  voyage: 'code',
  port_of_loading: 'text',
  port_of_discharge: 'text',
  shipped_on_board_date: 'date',
  gross_weight_kg: 'number',
  container_numbers: 'containers',
  subtotal: 'number',
  charges: 'charges',
  tax_amount: 'signed',
  amount_due: 'signed',
  buyer_order_ref: 'code',
  packages: 'number',
  package_unit: 'package_unit',
  net_weight_kg: 'number',
};

const LABEL = (field: FieldName): string => field.replaceAll('_', ' ');

const isRealDate = (iso: string): boolean => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * Checks and normalises a value a person typed for a field, the way extracted values are
 * normalised: ISO dates, plain numbers, upper-case codes. Returns a sentence saying what is
 * expected when the value does not fit.
 */
export function normaliseFieldValue(field: FieldName, input: FieldValue): Result<FieldValue> {
  const type = FIELD_TYPES[field];
  const text = Array.isArray(input) ? input.join(',') : String(input).trim();
  const invalid = (expected: string) => err<FieldValue>('FIELD.INVALID', `The ${LABEL(field)} must be ${expected}; “${text}” is not.`);
  if (text === '') return err('FIELD.INVALID', `Enter a value for the ${LABEL(field)}, or press Esc to keep the current one.`);
  switch (type) {
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text) ? ok(text) : invalid('a date written yyyy-mm-dd (e.g. 2026-03-14)');
    case 'number': {
      if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? ok(input) : invalid('a non-negative number');
      // Thousands separators are allowed (1,234.56); the decimal mark is a point.
      return /^\d[\d\s_,]*(\.\d+)?$/.test(text) ? ok(Number(text.replace(/[\s_,]/g, ''))) : invalid('a plain non-negative number (e.g. 103455.00)');
    }
    case 'currency':
      return /^[A-Za-z]{3}$/.test(text) ? ok(text.toUpperCase()) : invalid('an ISO 4217 code of three letters (e.g. USD)');
    case 'signed': {
      if (typeof input === 'number') return Number.isFinite(input) ? ok(input) : invalid('a number');
      return /^-?\d[\d\s_,]*(\.\d+)?$/.test(text) ? ok(Number(text.replace(/[\s_,]/g, ''))) : invalid('a plain number (e.g. 1234.56, or -50 for a credit)');
    }
    case 'unit': {
      const unit = text.toUpperCase();
      return (QUANTITY_UNITS as readonly string[]).includes(unit) ? ok(unit) : invalid(`one of ${QUANTITY_UNITS.join(', ')}`);
    }
    case 'package_unit': {
      const unit = text.toUpperCase();
      return (PACKAGE_UNITS as readonly string[]).includes(unit) ? ok(unit) : invalid(`one of ${PACKAGE_UNITS.join(', ')}`);
    }
    case 'charges': {
      const entries = (Array.isArray(input) ? input.map(String) : text.split(/[,;]/)).map((e) => e.trim().toLowerCase().replace(/\s+/g, '')).filter(Boolean);
      const parsed = entries.map((e) => parseCharge(e));
      const bad = entries.find((_, i) => parsed[i] === null);
      if (bad !== undefined) return invalid(`charges written kind:amount and separated by commas (kinds: ${CHARGE_KINDS.join(', ')}; e.g. freight:1200, discount:-50); “${bad}” is not one`);
      return ok(parsed.map((c) => formatCharge(c!)));
    }
    case 'incoterm': {
      const term = text.toUpperCase();
      return (INCOTERMS as readonly string[]).includes(term) ? ok(term) : invalid(`an Incoterms® 2020 rule (${INCOTERMS.join(', ')})`);
    }
    case 'containers': {
      const list = text.split(/[\s,;]+/).filter(Boolean).map((c) => c.toUpperCase());
      const bad = list.find((c) => !/^[A-Z]{4}\d{7}$/.test(c));
      return bad === undefined ? ok(list) : invalid(`container numbers like MSCU1234565 (4 letters, 7 digits), separated by commas; “${bad}” is not one`);
    }
    case 'account': {
      const account = text.replace(/[\s\-/.]/g, '').toUpperCase();
      return /^[A-Z0-9]{4,34}$/.test(account) ? ok(account) : invalid('an IBAN or account number (letters and digits)');
    }
    case 'code':
      return text.length <= 80 ? ok(text) : invalid('at most 80 characters');
    case 'text':
      return text.length <= 500 ? ok(text.replace(/\s+/g, ' ')) : invalid('at most 500 characters');
  }
}
