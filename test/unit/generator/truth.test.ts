import { describe, expect, it } from 'vitest';
import { BL_FIELDS, INVOICE_FIELDS, parseCharge } from '../../../src/shared/documents';
import { PACKAGE_UNITS, QUANTITY_UNITS } from '../../../src/core/documents/field-values';
import { makeBlSpec } from '../../fixtures/generator/bl-spec';
import { isRealIsoDate } from '../../fixtures/generator/formats';
import { ibanValid } from '../../fixtures/generator/identifiers';
import { makeInvoiceSpec } from '../../fixtures/generator/invoice-spec';
import { LANGS } from '../../fixtures/generator/locales';
import { rngFor } from '../../fixtures/generator/rng';
import { makeShipment } from '../../fixtures/generator/shipment';

// Truth is checked from first principles on a few hundred specs (no drawing needed): the arithmetic
// of the summary block, check digits, dates, and that every field is one the extractor knows.

/** Independent ISO 6346 check (letters skip multiples of 11, weights 2^i, mod 11 mod 10). */
function iso6346Valid(id: string): boolean {
  if (!/^[A-Z]{3}[UJZ]\d{7}$/.test(id)) return false;
  const value = (c: string): number => {
    if (/\d/.test(c)) return Number(c);
    let v = 10;
    for (let code = 65; code < c.charCodeAt(0); code++) v += (v + 1) % 11 === 0 ? 2 : 1;
    return v;
  };
  const sum = [...id.slice(0, 10)].reduce((a, c, i) => a + value(c) * 2 ** i, 0);
  return (sum % 11) % 10 === Number(id.charAt(10));
}

const N = 240;
const invoices = Array.from({ length: N }, (_, i) => {
  const s = makeShipment(rngFor(900 + i, 'shipment'), LANGS[i % LANGS.length]!, 1 + (i % 8), { seaExport: i % 3 === 0 });
  return { s, spec: makeInvoiceSpec(rngFor(900 + i, 'spec'), s) };
});
const bls = Array.from({ length: N / 2 }, (_, i) => {
  const s = makeShipment(rngFor(700 + i, 'shipment'), LANGS[i % LANGS.length]!, 1 + (i % 8), { seaExport: true });
  return { s, spec: makeBlSpec(rngFor(700 + i, 'spec'), s) };
});
const num = (v: unknown): number => v as number;

describe('invoice truth', () => {
  it('states only canonical invoice fields', () => {
    for (const { spec } of invoices) for (const key of Object.keys(spec.fields)) expect(INVOICE_FIELDS as readonly string[]).toContain(key);
  });

  it('adds up: subtotal + charges + tax = total, and the amount due is the total less the advance', () => {
    let checked = 0;
    for (const { spec, s } of invoices) {
      const f = spec.fields;
      const cent = s.decimals === 0 ? 1 : 0.005;
      const lines = s.lines.reduce((a, x) => a + x.amountMinor, 0) / 10 ** s.decimals;
      if (f.subtotal !== undefined) {
        expect(num(f.subtotal)).toBeCloseTo(lines, 6);
        const charges = ((f.charges ?? []) as string[]).map((c) => parseCharge(c)!.amount).reduce((a, b) => a + b, 0);
        expect(Math.abs(num(f.subtotal) + charges + num(f.tax_amount ?? 0) - num(f.total_amount))).toBeLessThanOrEqual(cent);
        checked++;
      }
      if (f.amount_due !== undefined) expect(num(f.amount_due)).toBeLessThan(num(f.total_amount));
      for (const x of s.lines) expect(Math.abs((x.qtyMilli / 1000) * x.priceMinor - x.amountMinor)).toBeLessThanOrEqual(0.5 + 1e-6);
      if (f.quantity !== undefined) expect(Math.abs(num(f.quantity) * num(f.unit_price) - lines)).toBeLessThanOrEqual(s.decimals === 0 ? 1 : 0.01);
    }
    expect(checked).toBeGreaterThan(N / 2);
  });

  it('prints discounts as negative charges and tax at the seller country rate on domestic invoices', () => {
    const kinds = new Set<string>();
    for (const { spec } of invoices) {
      for (const c of (spec.fields.charges ?? []) as string[]) {
        const charge = parseCharge(c)!;
        kinds.add(charge.kind);
        expect(charge.kind === 'discount' ? charge.amount < 0 : charge.amount > 0).toBe(true);
      }
    }
    expect([...kinds].sort()).toEqual(['discount', 'freight', 'insurance']);
  });

  it('pays into a valid IBAN, or a plain account number where IBANs are not used', () => {
    for (const { spec } of invoices) {
      const account = String(spec.fields.payment_account);
      if (/^[A-Z]{2}\d{2}/.test(account)) expect(ibanValid(account), account).toBe(true);
      else expect(account).toMatch(/^\d{10,19}$/);
    }
  });

  it('has real dates, the due date after the issue date', () => {
    for (const { spec } of invoices) {
      expect(isRealIsoDate(String(spec.fields.issue_date))).toBe(true);
      if (spec.fields.due_date) expect(String(spec.fields.due_date) > String(spec.fields.issue_date)).toBe(true);
    }
  });

  it('lists valid container numbers when the invoice prints them', () => {
    const withContainers = invoices.filter(({ spec }) => spec.fields.container_numbers);
    expect(withContainers.length).toBeGreaterThan(5);
    for (const { spec } of withContainers) for (const c of spec.fields.container_numbers as string[]) expect(iso6346Valid(c), c).toBe(true);
  });

  it('varies layouts: every letterhead, header arrangement, table style, label position and a second page', () => {
    const seen = (f: (x: (typeof invoices)[number]['spec']) => string): Set<string> => new Set(invoices.map(({ spec }) => f(spec)));
    expect(seen((x) => x.letterhead).size).toBe(5);
    expect(seen((x) => x.header).size).toBe(5);
    expect(seen((x) => x.table).size).toBe(4);
    expect(seen((x) => `${x.labelPos}/${x.boxes}`).size).toBe(4);
    expect(invoices.some(({ spec }) => spec.breakAfter !== null)).toBe(true);
    expect(seen((x) => x.fields.currency as string)).toEqual(new Set(['EUR', 'USD', 'GBP', 'CHF', 'TRY', 'PLN', 'IDR']));
  });
});

describe('bill of lading truth', () => {
  it('states only canonical B/L fields, with known units', () => {
    for (const { spec } of bls) {
      for (const key of Object.keys(spec.fields)) expect(BL_FIELDS as readonly string[]).toContain(key);
      expect(PACKAGE_UNITS as readonly string[]).toContain(spec.fields.package_unit);
      if (spec.fields.quantity_unit) expect(QUANTITY_UNITS as readonly string[]).toContain(spec.fields.quantity_unit);
    }
  });

  it('weighs consistently: gross above net, containers adding up to the totals', () => {
    for (const { spec, s } of bls) {
      if (spec.fields.net_weight_kg !== undefined) expect(num(spec.fields.gross_weight_kg)).toBeGreaterThan(num(spec.fields.net_weight_kg));
      expect(s.containers.reduce((a, c) => a + c.packages, 0)).toBe(s.packages);
      expect(s.containers.reduce((a, c) => a + c.grossG, 0)).toBe(s.grossG);
      expect(num(spec.fields.packages)).toBe(s.packages);
      for (const c of spec.fields.container_numbers as string[]) expect(iso6346Valid(c), c).toBe(true);
    }
  });

  it('dates the shipment on board within days of the invoice', () => {
    for (const { spec, s } of bls) {
      expect(isRealIsoDate(String(spec.fields.shipped_on_board_date))).toBe(true);
      const days = (Date.parse(s.invoiceDate) - Date.parse(String(spec.fields.shipped_on_board_date))) / 86_400_000;
      expect(Math.abs(days)).toBeLessThanOrEqual(7);
    }
  });
});
