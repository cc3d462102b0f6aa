// A hybrid PDF's fields: the XML's values win, each keeping what the page said for it.
import { describe, expect, it } from 'vitest';
import { joinWithPages, specificationLabel, xmlExtraction } from '../../../src/core/einvoice';
import type { ExtractedField, Extraction, FieldName } from '../../../src/shared/documents';
import { fixtureText, reading } from './helpers';

const xml = reading(fixtureText('factur-x-invoice.xml'), 'embedded_xml');

const onPage = (value: ExtractedField['value'], confidence = 0.95, method: ExtractedField['method'] = 'text_layer', page = 1): ExtractedField => ({
  value,
  raw: String(value),
  confidence,
  page,
  bbox: { x: 0.6, y: 0.4, w: 0.2, h: 0.02 },
  method,
});

const pageExtraction = (kind: Extraction['kind'], fields: Partial<Record<FieldName, ExtractedField>>): Extraction => ({ kind, kindScore: 0.8, fields });
const PAGES = [{ n: 1, method: 'ocr' as const }];

describe('joinWithPages', () => {
  it('takes the XML’s value and keeps the page’s reading beside it, including where it disagrees', () => {
    const joined = joinWithPages(xml, pageExtraction('invoice', { total_amount: onPage(12400), invoice_number: onPage('HPH-26-00412', 1) }), PAGES);
    expect(joined.kind).toBe('invoice');
    expect(joined.kindScore).toBe(1);
    expect(joined.fields.total_amount).toMatchObject({
      value: 10400,
      method: 'embedded_xml',
      confidence: 1,
      page: null,
      xmlPath: '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount',
      pageReading: { value: 12400, raw: '12400', confidence: 0.95, page: 1, bbox: { x: 0.6, y: 0.4, w: 0.2, h: 0.02 }, method: 'text_layer' },
    });
    expect(joined.fields.invoice_number?.pageReading?.value).toBe('HPH-26-00412');
    // Fields the page did not give have no page reading.
    expect(joined.fields.seller).not.toHaveProperty('pageReading');
  });

  it('keeps invoice fields only the page gives (a B/L number, an Incoterm)', () => {
    const joined = joinWithPages(xml, pageExtraction('invoice', { bl_number: onPage('MRDLSGN2604417'), incoterm: onPage('FOB') }), PAGES);
    expect(joined.fields.bl_number).toMatchObject({ value: 'MRDLSGN2604417', method: 'text_layer', page: 1 });
    expect(joined.fields.incoterm?.value).toBe('FOB');
  });

  it('counts a known counterparty found on the page as read by that page’s own method', () => {
    const joined = joinWithPages(xml, pageExtraction('invoice', { seller: onPage('Hansa Polymer Handel', 0.8, 'counterparty') }), PAGES);
    expect(joined.fields.seller?.pageReading).toMatchObject({ value: 'Hansa Polymer Handel', method: 'ocr', confidence: 0.8 });
  });

  it('takes no page reading from a manual value or a field with no page', () => {
    const joined = joinWithPages(xml, pageExtraction('invoice', { currency: { ...onPage('USD'), method: 'manual' }, buyer: { ...onPage('X'), page: null } }), PAGES);
    expect(joined.fields.currency).not.toHaveProperty('pageReading');
    expect(joined.fields.buyer).not.toHaveProperty('pageReading');
  });

  it('ignores what the pages read as another kind of document', () => {
    const joined = joinWithPages(xml, pageExtraction('bill_of_lading', { total_amount: onPage(1), bl_number: onPage('X1') }), PAGES);
    expect(joined.fields.total_amount).not.toHaveProperty('pageReading');
    expect(joined.fields.bl_number).toBeUndefined();
  });

  it('an XML file alone is an invoice, sure of its kind, with the XML’s fields', () => {
    expect(xmlExtraction(xml)).toEqual({ kind: 'invoice', kindScore: 1, fields: xml.fields });
  });
});

describe('specificationLabel', () => {
  it.each([
    ['ubl', 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0', null, 'Peppol BIS Billing 3.0 (UBL 2.1)'],
    ['ubl', 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', null, 'XRechnung 3.0 (UBL 2.1)'],
    ['cii', 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_2.3', null, 'XRechnung 2.3 (UN/CEFACT CII)'],
    ['cii', 'urn:cen.eu:en16931:2017', 'factur-x.xml', 'Factur-X EN 16931 (UN/CEFACT CII)'],
    ['cii', 'urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic', 'factur-x.xml', 'Factur-X BASIC (UN/CEFACT CII)'],
    ['cii', 'urn:factur-x.eu:1p0:minimum', 'factur-x.xml', 'Factur-X MINIMUM (UN/CEFACT CII)'],
    ['cii', 'urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended', 'zugferd-invoice.xml', 'ZUGFeRD 2 EXTENDED (UN/CEFACT CII)'],
    ['cii', null, 'xrechnung.xml', 'XRechnung (UN/CEFACT CII)'],
    ['cii', 'urn:cen.eu:en16931:2017', null, 'EN 16931 (UN/CEFACT CII)'],
    ['ubl', null, null, 'e-invoice (UBL 2.1)'],
  ] as const)('%s %s %s → %s', (syntax, customization, attachment, label) => {
    expect(specificationLabel(syntax, customization, attachment)).toBe(label);
  });
});
