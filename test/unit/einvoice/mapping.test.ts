// EN 16931 → the canonical invoice fields, for each syntax, on hand-written fixtures shaped as the
// specifications' own examples are.
import { describe, expect, it } from 'vitest';
import { fixtureText, reading, values } from './helpers';

describe('UBL 2.1 (Peppol BIS Billing 3.0) invoice', () => {
  const r = reading(fixtureText('peppol-bis3-invoice.xml'));

  it('gives every canonical field EN 16931 carries, as the project normalises them', () => {
    expect(values(r)).toEqual({
      invoice_number: 'SPR/EX/2026/0157',
      issue_date: '2026-03-03',
      due_date: '2026-05-31',
      currency: 'EUR',
      total_amount: 52569,
      seller: 'Saigon Polytech Resins Joint Stock Company',
      buyer: 'Rheinfeld Kunststofftechnik GmbH',
      goods_description: 'Polypropylene Homopolymer Resin',
      quantity: 49.5,
      quantity_unit: 'MT',
      unit_price: 1040,
      payment_account: 'LU250271000441735001',
      subtotal: 51480,
      charges: ['freight:1200', 'insurance:85', 'discount:-196'],
      tax_amount: 0,
      amount_due: 52569,
      buyer_order_ref: 'PO-4471',
    });
    expect(r.info).toEqual({ syntax: 'ubl', documentType: 'invoice', customization: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0', label: 'Peppol BIS Billing 3.0 (UBL 2.1)', attachment: null });
    expect(r.problems).toEqual([]);
  });

  it('says where each value stands (XPath with the specification’s prefixes), with confidence 1 and no place on a page', () => {
    expect(r.fields.invoice_number).toEqual({ value: 'SPR/EX/2026/0157', raw: 'SPR/EX/2026/0157', confidence: 1, page: null, bbox: null, method: 'xml', xmlPath: '/Invoice/cbc:ID' });
    expect(r.fields.total_amount?.xmlPath).toBe('/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount');
    expect(r.fields.total_amount?.raw).toBe('52569.00');
    expect(r.fields.seller?.xmlPath).toBe('/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName');
    expect(r.fields.payment_account).toMatchObject({ raw: 'LU25 0271 0004 4173 5001', xmlPath: '/Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID' });
    expect(r.fields.quantity_unit).toMatchObject({ raw: 'TNE', xmlPath: '/Invoice/cac:InvoiceLine/cbc:InvoicedQuantity/@unitCode' });
    expect(r.fields.charges?.xmlPath).toBe('/Invoice/cac:AllowanceCharge');
    for (const field of Object.values(r.fields)) expect(field).toMatchObject({ confidence: 1, page: null, bbox: null, method: 'xml' });
  });

  it('marks fields from a hybrid PDF’s XML as embedded_xml', () => {
    const embedded = reading(fixtureText('peppol-bis3-invoice.xml'), 'embedded_xml');
    expect(new Set(Object.values(embedded.fields).map((f) => f.method))).toEqual(new Set(['embedded_xml']));
  });

  it('holds together: subtotal + charges + tax = total', () => {
    const charges = (r.fields.charges?.value as string[]).reduce((sum, c) => sum + Number(c.split(':')[1]), 0);
    expect(Number(r.fields.subtotal?.value) + charges + Number(r.fields.tax_amount?.value)).toBeCloseTo(Number(r.fields.total_amount?.value), 6);
  });
});

describe('UBL 2.1 credit note', () => {
  const r = reading(fixtureText('ubl-credit-note.xml'));

  it('is read as an invoice-kind document that says it credits the buyer', () => {
    expect(r.info.documentType).toBe('credit_note');
    expect(r.fields.invoice_number).toMatchObject({ value: 'SPR/CN/2026/0009', xmlPath: '/CreditNote/cbc:ID', ambiguity: expect.stringMatching(/credit note.*no claim for payment/) });
    expect(r.fields.total_amount).toMatchObject({ value: 2080, ambiguity: expect.stringMatching(/credit note/) });
  });

  it('reads its due date under the payment means and its credited quantity', () => {
    expect(r.fields.due_date).toMatchObject({ value: '2026-04-19', xmlPath: '/CreditNote/cac:PaymentMeans/cbc:PaymentDueDate' });
    expect(r.fields.quantity).toMatchObject({ value: 2, xmlPath: '/CreditNote/cac:CreditNoteLine/cbc:CreditedQuantity' });
    expect(r.fields.quantity_unit?.value).toBe('MT');
  });
});

describe('UN/CEFACT Cross Industry Invoice', () => {
  const r = reading(fixtureText('cii-invoice.xml'));

  it('gives the canonical fields, dates of format 102 as ISO days', () => {
    expect(values(r)).toEqual({
      invoice_number: 'HPH-26-00318',
      issue_date: '2026-03-05',
      due_date: '2026-04-15',
      currency: 'EUR',
      total_amount: 34260.1,
      seller: 'Hansa Polymer Handel GmbH',
      buyer: 'Rheinfeld Kunststofftechnik GmbH',
      goods_description: 'LDPE Film Grade FT 5230; LDPE Injection Grade MG 7200',
      // Two lines counted in kilograms: added up. Their prices differ, so no one unit price.
      quantity: 20000,
      quantity_unit: 'KG',
      payment_account: 'DE02120300000000202051',
      subtotal: 28440,
      charges: ['freight:350'],
      tax_amount: 5470.1,
      amount_due: 34260.1,
      buyer_order_ref: 'PO-4502',
    });
    expect(r.info).toMatchObject({ syntax: 'cii', documentType: 'invoice', customization: 'urn:cen.eu:en16931:2017', label: 'EN 16931 (UN/CEFACT CII)' });
  });

  it('names values of several lines by the path without a line index, and a single element by its own path', () => {
    expect(r.fields.quantity).toMatchObject({ raw: '12000.000 + 8000.000', xmlPath: '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity' });
    expect(r.fields.invoice_number?.xmlPath).toBe('/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID');
    expect(r.fields.issue_date).toMatchObject({ raw: '20260305', xmlPath: '/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString' });
  });

  it('divides a price by its base quantity (BT-146 ÷ BT-149)', () => {
    const oneLine = fixtureText('cii-invoice.xml').replace(/<ram:IncludedSupplyChainTradeLineItem>[\s\S]*?<\/ram:IncludedSupplyChainTradeLineItem>\s*/, '');
    expect(reading(oneLine).fields.unit_price).toMatchObject({ value: 1.38, raw: '138.00 / 100' });
  });

  it('reads a type code 381 as a credit note', () => {
    const credit = reading(fixtureText('cii-invoice.xml').replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>381</ram:TypeCode>'));
    expect(credit.info.documentType).toBe('credit_note');
    expect(credit.fields.total_amount?.ambiguity).toMatch(/credit note/);
  });
});

describe('XRechnung (UBL, ubl: prefix on the root)', () => {
  const r = reading(fixtureText('xrechnung-ubl.xml'));

  it('is named by its CustomizationID and read like any UBL invoice, entities decoded', () => {
    expect(r.info.label).toBe('XRechnung 3.0 (UBL 2.1)');
    expect(r.fields.seller?.value).toBe('Nordwerk Kunststoffe GmbH & Co. KG');
    expect(r.fields.total_amount).toMatchObject({ value: 4391.1, xmlPath: '/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount' });
    expect(r.fields.tax_amount?.value).toBe(701.1);
  });

  it('gives no quantity when its lines count in different units (pieces and kilograms)', () => {
    expect(r.fields.quantity).toBeUndefined();
    expect(r.fields.quantity_unit).toBeUndefined();
    expect(r.fields.unit_price).toBeUndefined();
    expect(r.fields.goods_description?.value).toBe('HDPE-Rohr PE100 SDR11, 110 mm, 12 m; PE-Schweißdraht, natur; Rüstkosten Schweißgerät');
  });
});

describe('values the XML states wrongly', () => {
  it('leaves out an amount or date that is not an xsd value, and says where it stands', () => {
    const xml = fixtureText('peppol-bis3-invoice.xml')
      .replace('<cbc:TaxInclusiveAmount currencyID="EUR">52569.00</cbc:TaxInclusiveAmount>', '<cbc:TaxInclusiveAmount currencyID="EUR">52.569,00</cbc:TaxInclusiveAmount>')
      .replace('<cbc:IssueDate>2026-03-03</cbc:IssueDate>', '<cbc:IssueDate>2026-02-30</cbc:IssueDate>');
    const r = reading(xml);
    expect(r.fields.total_amount).toBeUndefined();
    expect(r.fields.issue_date).toBeUndefined();
    expect(r.problems).toEqual([
      'issue date “2026-02-30” at /Invoice/cbc:IssueDate is not a valid value',
      'total amount “52.569,00” at /Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount is not a valid value',
    ]);
  });

  it('prefers the tax total in the invoice currency when a second one gives the tax currency (BT-110, BT-111)', () => {
    const xml = fixtureText('xrechnung-ubl.xml').replace(
      '<cac:TaxTotal>',
      '<cac:TaxTotal><cbc:TaxAmount currencyID="CHF">680.00</cbc:TaxAmount></cac:TaxTotal>\n  <cac:TaxTotal>',
    );
    expect(reading(xml).fields.tax_amount).toMatchObject({ value: 701.1, xmlPath: '/Invoice/cac:TaxTotal[2]/cbc:TaxAmount' });
  });
});
