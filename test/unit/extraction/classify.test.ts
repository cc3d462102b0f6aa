import { describe, expect, it } from 'vitest';
import type { PageText } from '../../../src/shared/documents';
import { classify } from '../../../src/core/extraction/classify';
import { layoutPage } from '../../../src/core/extraction/layout';
import { gridPage } from './grid-page';

const kindOf = (text: string) => classify([layoutPage(gridPage(text))]);

describe('classification', () => {
  it.each([
    ['COMMERCIAL INVOICE\nInvoice No.: 123\nTotal Amount: USD 1,000.00\nUnit Price', 'invoice'],
    ['PROFORMA INVOICE\nProforma Invoice No. & Date\nTOTAL USD 83,850.00', 'invoice'],
    ['RECHNUNG\nRechnungsnummer RE-1\nGesamtbetrag 1.000,00 EUR', 'invoice'],
    ['F A C T U R E\nFacture n° : 12\nTotal TTC 1 000,00 €', 'invoice'],
    ['BILL OF LADING\nShipper\nConsignee\nNotify Party\nSHIPPED on board\nNumber of Original Bs/L', 'bill_of_lading'],
    ['SEA WAYBILL\nShipper\nConsignee\nPort of Loading\nShipped on Board 14 March 2026', 'bill_of_lading'],
    ['BILL OF L ADING\nTO BE USED WITH CHARTER-PARTIES\nShipper\nFreight payable at', 'bill_of_lading'],
    // A scan whose title was cut and whose 'SHIPPED' and 'ON BOARD' fell on two lines, printing the invoice number in its goods.
    ["OTIABLE BILL OF L\nSHIPPER'S LOAD, STOW AND COUNT\nINVOICE NO.: INV-68137\nFREIGHT PREPAID\nSHIPPED\nON BOARD\n9 Sep 2026", 'bill_of_lading'],
    ['PAC K I N G L I S T\nInvoice No. SARM/EXP/25-26/0389\nConsignee\nNet Wt. (KGS) Gross Wt. (KGS)', 'other'],
    ['CERTIFICATE OF ORIGIN\nExporter\nConsignee\nInvoice No. and date\nWe hereby certify', 'other'],
    ['Minutes of the meeting\nAttendees: all', 'other'],
  ])('%s → %s', (text, kind) => {
    expect(kindOf(text).kind).toBe(kind);
  });

  it('reads a qualified title as its kind, and a label with its value as no title at all', () => {
    // A scanned B/L whose box labels OCR garbled: the title and the on-board wording must outweigh the
    // invoice number printed in its goods block and a "TOTAL:" line of packages.
    const bl = [
      'IBERIAN ATLANTIC NAVIGATION S.L.          NON-NEGOTIABLE BILL OF LADING',
      '',
      'TESSILE ADRIATICA SRL.    TO THE ORDER OF SHIPPER',
      'VIALE DELLA REPUBBLICA, 176',
      'VAT. IT30968802627',
      '401 CARTONS  COTTON YARN   18,830.960 KGS',
      'INVOICE NO.: 202506856',
      'FREIGHT COLLECT',
      'TOTAL: 401 CARTONS',
      'SHIPPED ON BOARD August 10, 2026',
    ].join('\n');
    const read = kindOf(bl);
    expect(read.kind).toBe('bill_of_lading');
    expect(read.evidence).toContain('title "NON-NEGOTIABLE BILL OF LADING"');
    expect(kindOf('ORIGINAL INVOICE\nInvoice No.: 7\nTotal: USD 10.00').evidence).toContain('title "ORIGINAL INVOICE"');
    expect(kindOf('Ref 7\nINVOICE NO.: 7\nTotal: USD 10.00').evidence.some((e) => e.startsWith('title'))).toBe(false);
  });

  it("reads a title a scan split into two line chains, and a B/L's weighed total as no money", () => {
    // 'BILL' and 'OF LADING' a few points apart on a skewed scan: two lines to the layout.
    const w = (text: string, x: number, y: number): PageText['words'][number] => ({ text, bbox: { x, y, w: text.length * 0.012, h: 0.012 }, confidence: 0.9 });
    const page: PageText = {
      n: 1,
      width: 612,
      height: 792,
      method: 'ocr',
      rotation: 0,
      confidence: 0.9,
      words: [w('BILL', 0.5, 0.1), w('OF', 0.56, 0.107), w('LADING', 0.6, 0.107), w('Shipper', 0.05, 0.2), w('Consignee', 0.05, 0.3), w('INVOICE', 0.05, 0.5), w('NO.:', 0.15, 0.5), w('INV-22633', 0.2, 0.5)],
    };
    const read = classify([layoutPage(page)]);
    expect(read.evidence).toContain('title "BILL OF LADING"');
    expect(read.kind).toBe('bill_of_lading');
    expect(kindOf('BILL OF LADING\nShipper\nConsignee\nTOTAL: 36 ROLLS 52,308.00 KGS').evidence).not.toContain('invoice: a total with an amount');
    // A caption over its value is two lines, not a title: 'Cognossement nr' over a B/L number on an invoice.
    const invoicePage: PageText = {
      ...page,
      words: [w('FACTUUR', 0.7, 0.26), w('Cognossement', 0.3, 0.307), w('nr', 0.45, 0.307), w('LVMU244544080', 0.3, 0.317), w('Factuurnummer:', 0.5, 0.12), w('TA-25-9268', 0.7, 0.12), w('Totaal:', 0.5, 0.5), w('39.223,55', 0.7, 0.5)],
    };
    expect(classify([layoutPage(invoicePage)])).toMatchObject({ kind: 'invoice', evidence: expect.arrayContaining(['title "FACTUUR"']) });
  });

  it("reads a large title whose word box OCR drew narrower than its letters as one title, over an order reference and a weighed total", () => {
    // 'BILL' read surely but boxed 5 px wide, so the page's gap for body text puts it apart from 'OF LADING'.
    const w = (text: string, x: number, y: number, width = text.length * 0.01, h = 0.01): PageText['words'][number] => ({ text, bbox: { x, y, w: width, h }, confidence: 0.93 });
    const page: PageText = {
      n: 1,
      width: 595,
      height: 842,
      method: 'ocr',
      rotation: 0,
      confidence: 0.6,
      words: [
        w('TEXTEIS', 0.07, 0.05), w('MONDEGO', 0.14, 0.05), w('LDA.', 0.22, 0.05), w('MERIDIAN', 0.53, 0.05), w('CONTAINER', 0.62, 0.05),
        w('Carmuges', 0.07, 0.1), w('(compute', 0.12, 0.1), w('name', 0.17, 0.1), w('BILL', 0.725, 0.095, 0.004, 0.006), w('OF', 0.766, 0.089, 0.03, 0.024), w('LADING', 0.79, 0.089, 0.09, 0.024),
        w('DISTRIBUCIONES', 0.07, 0.12), w('NERVION', 0.19, 0.12), w('S.A.', 0.25, 0.12),
        w('PO', 0.525, 0.17), w('ORD/2025/9059', 0.55, 0.17),
        w('EXTRA', 0.3, 0.37), w('VIRGIN', 0.35, 0.37), w('OLIVE', 0.4, 0.37), w('OIL', 0.44, 0.37),
        w('TOTAL:', 0.056, 0.5), w('52', 0.107, 0.5), w('DRUMS', 0.126, 0.5), w('10,816', 0.173, 0.5), w('KG', 0.22, 0.5),
        w('Buyer:', 0.056, 0.55), w('DISTRIBUCIONES', 0.1, 0.55),
      ],
    };
    const read = classify([layoutPage(page)]);
    expect(read.evidence).toContain('title "BILL OF LADING"');
    expect(read.kind).toBe('bill_of_lading');
  });

  it("reads a photographed B/L whose title was cut as one: its cargo words as a scan reads them, a party's VAT number and a count of bags are no invoice's", () => {
    const photo = `
MERIDIAN CONTAINER LINES S.A.                                          BILL OF
MRDHAM7087425                      02806315                  PO PO-739243
                                                             Notify Addy
WESER AGRARHANDEL GMBH & CO. KG    TEXTEIS TEJO UNIPESSOAL LDA.
KONSUL-SMIDT-STRASSE 138           AVENIDA DA LIBERDADE 117
28993 BREMEN, GERMANY              4700-468 BRAGA, PORTUGAL
                                   VAT: PT549027008
                                   Vessel Nam                Voy. Na:
BREMEN                             MERIDIAN GRACE            2596W
Container No. / Seal No.           No. of Pkas / Description of Packages and Goods     Gross We. kg
CATU 241256-5 / 6543644            SHIDPER'S LOAD, COUNT & SEAL
314 BAGS                           3 X 40'GP CONTAINER(S) STC
                                   HAZELNUT KERNELS
                                   INVOICE NO.: INV-14029
                                   FREIGHT PREPATD
TOTAL: 627 BAGS   31663.50 KG
`;
    const read = classify([layoutPage(gridPage(photo, { method: 'ocr', confidence: 0.8 }))]);
    expect(read.kind).toBe('bill_of_lading');
    expect(read.evidence).not.toContain('invoice: label tax');
    expect(read.evidence).not.toContain('invoice: label total');
  });

  it('is surer of a titled document than of one known only by its words', () => {
    const titled = kindOf('COMMERCIAL INVOICE\nInvoice No.: 1\nTotal Amount: 10.00\nUnit Price');
    const untitled = kindOf('Ref 1\nInvoice No.: 1\nTotal Amount: 10.00\nUnit Price');
    expect(titled.kind).toBe('invoice');
    expect(untitled.kind).toBe('invoice');
    expect(titled.score).toBeGreaterThan(untitled.score);
    expect(titled.score).toBeLessThanOrEqual(1);
  });
});
