// The generated example e-invoices (test/fixtures/einvoice/*.ts) through the real reader: every
// syntax gives the trade it was written from, whatever namespace prefixes the writer chose, and the
// totals add up the way the checks will add them (total = subtotal + charges + tax).
import { describe, expect, it } from 'vitest';
import { parseCharge } from '../../../src/shared/documents';
import { ciiInvoice } from '../../fixtures/einvoice/cii';
import { RESIN_CREDIT_NOTE, RESIN_INVOICE, SOY_INVOICE, XRECHNUNG_INVOICE, XRECHNUNG_UBL_CUSTOMIZATION, totalsOf } from '../../fixtures/einvoice/invoices';
import type { SampleInvoice } from '../../fixtures/einvoice/invoices';
import { ublInvoice } from '../../fixtures/einvoice/ubl';
import { reading, values } from './helpers';

const written = (inv: SampleInvoice) => ({
  invoice_number: inv.number,
  issue_date: inv.issueDate,
  due_date: inv.dueDate,
  currency: inv.currency,
  seller: inv.seller.name,
  buyer: inv.buyer.name,
  payment_account: inv.iban,
  buyer_order_ref: inv.orderRef,
  total_amount: totalsOf(inv).grandTotal,
  subtotal: totalsOf(inv).lineTotal,
  tax_amount: totalsOf(inv).tax,
});

describe('generated e-invoices', () => {
  it.each([
    ['Peppol BIS 3 (UBL)', () => ublInvoice(SOY_INVOICE), SOY_INVOICE, 'ubl', /Peppol BIS Billing 3\.0/],
    ['XRechnung (UBL)', () => ublInvoice(XRECHNUNG_INVOICE, { customizationId: XRECHNUNG_UBL_CUSTOMIZATION }), XRECHNUNG_INVOICE, 'ubl', /XRechnung 3\.0/],
    ['Factur-X EN 16931 (CII)', () => ciiInvoice(RESIN_INVOICE), RESIN_INVOICE, 'cii', /EN 16931/],
  ] as const)('%s reads back as written', (_name, xml, inv, syntax, label) => {
    const read = reading(xml());
    expect(read.info).toMatchObject({ syntax, documentType: 'invoice' });
    expect(read.info.label).toMatch(label);
    expect(values(read)).toMatchObject(written(inv));
    for (const field of Object.values(read.fields)) expect(field).toMatchObject({ method: 'xml', confidence: 1, page: null, bbox: null });
    // What the summary states adds up: the arithmetic rules read these very fields.
    const v = values(read) as { subtotal: number; tax_amount: number; total_amount: number; charges?: string[] };
    const charges = (v.charges ?? []).map((c) => parseCharge(c)!.amount).reduce((a, b) => a + b, 0);
    expect(Math.round((v.subtotal + charges + v.tax_amount) * 100)).toBe(Math.round(v.total_amount * 100));
  });

  it('reads the one line of a single-line invoice, and the freight and discount as charges', () => {
    expect(values(reading(ciiInvoice(RESIN_INVOICE)))).toMatchObject({
      goods_description: 'Polypropylene homopolymer resin PP H350',
      quantity: 49.5,
      quantity_unit: 'MT',
      unit_price: 1062,
      charges: ['freight:1850'],
    });
    expect(values(reading(ublInvoice(XRECHNUNG_INVOICE)))).toMatchObject({ charges: ['discount:-500'], subtotal: 19020, tax_amount: 3518.8, total_amount: 22038.8 });
  });

  it('gives the same fields whatever prefixes the sender used (or the default namespace)', () => {
    const customary = values(reading(ublInvoice(XRECHNUNG_INVOICE)));
    expect(values(reading(ublInvoice(XRECHNUNG_INVOICE, { prefixes: { root: 'inv', cbc: 'b', cac: 'a' } })))).toEqual(customary);
    const cii = values(reading(ciiInvoice(RESIN_INVOICE)));
    expect(values(reading(ciiInvoice(RESIN_INVOICE, { prefixes: { rsm: 'x', ram: 'y', udt: 'z' } })))).toEqual(cii);
  });

  it('says a credit note is one, in UBL and in CII', () => {
    expect(reading(ublInvoice(RESIN_CREDIT_NOTE)).info).toMatchObject({ syntax: 'ubl', documentType: 'credit_note' });
    expect(reading(ciiInvoice(RESIN_CREDIT_NOTE)).info).toMatchObject({ syntax: 'cii', documentType: 'credit_note' });
  });
});
