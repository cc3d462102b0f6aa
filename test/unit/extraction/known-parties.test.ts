import { describe, expect, it } from 'vitest';
import type { ExtractedField, Extraction, PageText } from '../../../src/shared/documents';
import { extractDocument } from '../../../src/core/extraction/extract';
import type { KnownParties } from '../../../src/core/extraction/known-parties';
import { withKnownParties } from '../../../src/core/extraction/known-parties';
import { gridPage } from './grid-page';

const KNOWN: KnownParties = {
  suppliers: [{ id: 's1', legalName: 'Saigon Polytech Resins Joint Stock Company', aliases: ['SPR JSC'] }],
  buyers: [
    { id: 'b1', legalName: 'Pacific Crest Packaging, Inc.', aliases: [] },
    { id: 'b2', legalName: 'Nordwerk Kunststoffe GmbH', aliases: [] },
  ],
  accounts: ['LU250271000441735001'],
};

// An invoice whose layout rules mislead: the only block under "Bill to" starts with an address line,
// the seller prints no block, and the IBAN has two OCR slips (O for 0, I for 1).
const PAGE = `
COMMERCIAL INVOICE                                  Invoice No.: SPR/EX/2026/0142
Ho Chi Minh City, Vietnam                           Date: 16/02/2026
Issued by SAIGON POLYTECH RESINS JSC for its export sales

Bill to:
City of Industry, CA 91746
Pacific Crest Packaging Inc
14250 Proctor Avenue

Total Amount:   USD 103,455.00
IBAN: LU25 0271 0OO4 4173 5001
`;

describe('withKnownParties', () => {
  const pages = [gridPage(PAGE, { method: 'ocr', confidence: 0.9 })];
  const plain = extractDocument(pages);
  const known = withKnownParties(pages, plain, KNOWN);

  it('cuts a known party out of a longer reading', () => {
    expect(plain.fields.seller?.value).toBe('SAIGON POLYTECH RESINS JSC for its export sales');
    expect(known.fields.seller).toMatchObject({ value: 'SAIGON POLYTECH RESINS JSC', method: 'ocr' });
  });

  it('finds the known seller anywhere on the page when the layout gave none, and says so in the method', () => {
    const hidden = [gridPage(`${PAGE.replace('Issued by SAIGON POLYTECH RESINS JSC for its export sales', '')}\nPaid to the account of SAIGON POLYTECH RESINS JSC per contract\n`, { method: 'ocr', confidence: 0.9 })];
    const plainHidden = extractDocument(hidden);
    expect(plainHidden.fields.seller?.value ?? '').not.toMatch(/SAIGON/);
    const ex = withKnownParties(hidden, plainHidden, KNOWN);
    expect(ex.fields.seller).toMatchObject({ value: 'SAIGON POLYTECH RESINS JSC', method: 'counterparty', page: 1 });
    expect(ex.fields.seller?.bbox).not.toBeNull();
  });

  it('keeps a party the page already names as a known one', () => {
    expect(known.fields.buyer?.value).toBe(plain.fields.buyer?.value);
  });

  it('reads an account that fails its check as the known account it differs from by OCR slips only', () => {
    expect(known.fields.payment_account).toMatchObject({ value: 'LU250271000441735001', method: 'counterparty' });
    expect(known.fields.payment_account?.ambiguity).toMatch(/known account/);
  });

  it('never turns a valid look-alike account into the known one', () => {
    // LU03 0271 0004 4173 5009: a different, valid IBAN one digit group away from the escrow's.
    const lookAlike = [gridPage(PAGE.replace('LU25 0271 0OO4 4173 5001', 'LU03 0271 0004 4173 5009'), { method: 'ocr', confidence: 0.9 })];
    const ex = withKnownParties(lookAlike, extractDocument(lookAlike), KNOWN);
    expect(ex.fields.payment_account?.method).not.toBe('counterparty');
  });

  it('takes the known account where the page prints two valid ones, and names the other for a person to see', () => {
    const remit = `
Cotswold Foods Ltd.                       COMMERCIAL INVOICE
7 Dale Street, Liverpool L8 6LT           Invoice No.: CF-2026-0311
                                          Total Amount:   USD 42,264.00
Remit To
IBAN (USD) GB53 SCBP 2424 1177 6535 49
Bank Name  Northern Merchant Bank
IBAN (USD) GB21 NMBK 9018 6523 7031 36
SWIFT/BIC  NMBKGBMMXXX
`;
    const pages = [gridPage(remit)];
    const plainRemit = extractDocument(pages);
    expect(plainRemit.fields.payment_account?.value).toBe('GB53SCBP24241177653549');
    const ex = withKnownParties(pages, plainRemit, { ...KNOWN, accounts: ['GB21NMBK90186523703136'] });
    expect(ex.fields.payment_account).toMatchObject({ value: 'GB21NMBK90186523703136', method: 'counterparty', ambiguity: expect.stringContaining('GB53 SCBP 2424 1177 6535 49') });
    // A look-alike printed alone stays as printed (see above); one the page prints beside nothing known, too.
    expect(withKnownParties(pages, plainRemit, KNOWN).fields.payment_account?.value).toBe('GB53SCBP24241177653549');
  });

  it('takes no party when two known parties of one side are on the page', () => {
    const two = [gridPage(`${PAGE}\nCopy to Nordwerk Kunststoffe GmbH, Hamburg\n`, { method: 'ocr', confidence: 0.9 })];
    const plainTwo = extractDocument(two);
    const ex = withKnownParties(two, { ...plainTwo, fields: { ...plainTwo.fields, buyer: undefined } }, KNOWN);
    expect(ex.fields.buyer).toBeUndefined();
  });

  it("never takes the beginning of another company's name for a known party ('GULF COAST IMPORTS LLC' is not the buyer 'Gulf Coast Polymers Inc.')", () => {
    // A B/L scan whose box labels were not read: the shipper's name begins like a registered buyer's,
    // and the consignee is a registered buyer read with a slip in its legal form.
    const bl = [
      gridPage(
        `
Austral Blue Line Ltd.                     OCEAN BILL OF LADING
ABLUVEETS47822                             03641530
GULF COAST IMPORTS LLC                     COMERCIAL NERVION 8.L.U.
173 WACKER DRIVE                           GRAN VIA DE DON DIEGO LOPEZ DE HARO, 68
CHICAGO, IL 60647, USA                     48011 BILBAO, SPAIN
                                                                   SHIPPED ON BOARD
                                                                   8 Sep 2026
`,
        { method: 'ocr', confidence: 0.9 },
      ),
    ];
    const buyers = [
      { id: 'b1', legalName: 'Gulf Coast Polymers Inc.', aliases: [] },
      { id: 'b2', legalName: 'Comercial Nervión S.L.U.', aliases: [] },
    ];
    const plainBl = extractDocument(bl, 'bill_of_lading');
    const ex = withKnownParties(bl, { ...plainBl, fields: { ...plainBl.fields, consignee: undefined } }, { suppliers: [], buyers, accounts: [] });
    expect(ex.fields.consignee).toMatchObject({ value: 'COMERCIAL NERVION 8.L.U.', method: 'counterparty' });
  });

  it('never stands a registered company the page names as the buyer in for a seller the workspace does not know', () => {
    // A company may both sell and buy: here the registered supplier is this invoice's buyer, and the
    // seller is nobody we know: that is the finding, not something to fill in.
    const page = [
      gridPage(
        `
Delta Kunststoffen B.V.
Celsiusweg 18, 5900 CO Venlo
COMMERCIAL INVOICE                                  Invoice No.: GI-26-7777
Bill to:
Tessile Adriatica S.r.l.
Via Prato 12, Prato
Total Amount:   EUR 73,202.00
`,
        { method: 'text_layer' },
      ),
    ];
    const plainPage = extractDocument(page);
    expect(plainPage.fields.buyer?.value).toBe('Tessile Adriatica S.r.l.');
    const ex = withKnownParties(page, plainPage, { suppliers: [{ id: 's9', legalName: 'Tessile Adriatica S.r.l.', aliases: [] }], buyers: [{ id: 'b9', legalName: 'Tessile Adriatica S.r.l.', aliases: [] }], accounts: [] });
    expect(ex.fields.seller?.value).not.toBe('Tessile Adriatica S.r.l.');
  });

  it("never takes a name with another legal form for a registered party ('Exportadora Mondego S.A.' is not 'Exportadora Mondego Lda.')", () => {
    const page = (billed: string) => [
      gridPage(
        `
Oranje Handelmaatschappij N.V.
Edisonstraat 107 · 5981 SA Venlo · Nederland
FACTUUR                                   Factuurnummer 202608528
Afzender Oranje Handelmaatschappij N.V.   Datum 09-09-2026
Gefactureerd aan ${billed}
Rua do Almada 171, 4673-385 Porto
Totaal   EUR 25.614,00
`,
        { method: 'text_layer' },
      ),
    ];
    const known = (name: string): KnownParties => ({ suppliers: [{ id: 's1', legalName: name, aliases: [] }], buyers: [], accounts: [] });
    const other = page('Exportadora Mondego S.A.');
    expect(withKnownParties(other, extractDocument(other), known('Exportadora Mondego Lda.')).fields.seller?.value).not.toMatch(/Mondego/);
    // Dutch 'Gefactureerd aan' heads the buyer.
    expect(extractDocument(other).fields.buyer?.value).toBe('Exportadora Mondego S.A.');
  });
});

describe('a registered name a scan cut over two lines', () => {
  // 'Pacific' boxed wide over 'Rim Polymers Inc.', a pixel lower: the layout sets them on two lines.
  const page = (): PageText => {
    const base = gridPage(`
FACTURA                                   Nº Factura: INV-39786
Cliente Pacific     Rim Polymers Inc.
        103 Brampton Road, Savannah, GA 31408
Total:                                    USD 89.509,20
`, { method: 'ocr', confidence: 0.9 });
    const words = base.words.map((w) => {
      if (w.text === 'Pacific') return { ...w, bbox: { ...w.bbox, y: w.bbox.y + 0.002, w: w.bbox.w * 3.2 } };
      return w;
    });
    return { ...base, words };
  };
  const known: KnownParties = { suppliers: [], buyers: [{ id: 'b9', legalName: 'Pacific Rim Polymers Inc.', aliases: [] }], accounts: [] };

  it('is found across the two lines, by its exact name only', () => {
    const pages = [page()];
    const ex = extractDocument(pages);
    expect(withKnownParties(pages, ex, known).fields.buyer).toMatchObject({ value: 'Pacific Rim Polymers Inc.', method: 'counterparty' });
    // Another company's name is not pieced together from two lines.
    const other: KnownParties = { ...known, buyers: [{ id: 'b8', legalName: 'Pacific Rim Plastics Inc.', aliases: [] }] };
    expect(withKnownParties(pages, ex, other).fields.buyer?.value).not.toBe('Pacific Rim Plastics Inc.');
  });

  it('puts back two parties a scan read in each other\'s places, for a person to confirm', () => {
    // A Turkish invoice scan: 'Alıcı' over the addressee read as 'Aller', so the buyer's block was
    // taken for the seller and the letterhead for the buyer.
    const registry: KnownParties = {
      suppliers: [{ id: 's1', legalName: 'Akdeniz Kimya Sanayi ve Ticaret A.Ş.', aliases: [] }],
      buyers: [{ id: 'b1', legalName: 'Prairie Polymers LLC', aliases: [] }],
      accounts: [],
    };
    const page = gridPage('Akdeniz Kimya Sanayi ve Ticaret A.S.\nIHRACAT FATURASI\nAller\nPrairie Polymers LLC\n', { method: 'ocr', confidence: 0.8 });
    const field = (value: string, method: 'ocr' | 'text_layer', confidence: number): ExtractedField => ({ value, raw: value, confidence, page: 1, bbox: null, method });
    const crossedRead = (method: 'ocr' | 'text_layer', confidence: number): Extraction => ({
      kind: 'invoice',
      kindScore: 0.9,
      fields: { seller: field('Prairie Polymers LLC', method, confidence), buyer: field('Akdeniz Kimya Sanayi ve Ticaret A.S.', method, confidence) },
    });
    const read = (method: 'ocr' | 'text_layer', confidence: number) => withKnownParties([page], crossedRead(method, confidence), registry).fields;
    const back = read('ocr', 0.67);
    expect(back.seller).toMatchObject({ value: 'Akdeniz Kimya Sanayi ve Ticaret A.S.', method: 'counterparty' });
    expect(back.buyer).toMatchObject({ value: 'Prairie Polymers LLC', method: 'counterparty' });
    expect(back.seller?.confidence).toBeLessThanOrEqual(0.7);
    expect(back.seller?.ambiguity).toMatch(/other way round/);
    // A text layer, or a confident reading, says what the page says: the checks judge it.
    expect(read('text_layer', 1).seller?.value).toBe('Prairie Polymers LLC');
    expect(read('ocr', 0.95).seller?.value).toBe('Prairie Polymers LLC');
    // A company registered on both sides may sell to a supplier: left as read.
    const both: KnownParties = { ...registry, suppliers: [...registry.suppliers, { id: 's2', legalName: 'Prairie Polymers LLC', aliases: [] }] };
    expect(withKnownParties([page], crossedRead('ocr', 0.6), both).fields.seller?.value).toBe('Prairie Polymers LLC');
  });
});
