import { describe, expect, it } from 'vitest';
import type { PageText } from '../../../src/shared/documents';
import { extractDocument, invoiceLineAmounts, invoiceSummaryFigures, invoiceUnreadSummaryLines } from '../../../src/core/extraction/extract';
import { gridPage } from './grid-page';
import { isColumnHeaderLine, isNameLine } from '../../../src/core/extraction/party-blocks';
import { transposed } from '../../../src/core/extraction/summary';

const valuesOf = (text: string, options: Parameters<typeof gridPage>[1] = {}) =>
  Object.fromEntries(Object.entries(extractDocument([gridPage(text, options)]).fields).map(([k, f]) => [k, f.value]));

/** A page from words as a reader gave them: [text, x, y, w, h, confidence?], the box in page fractions. */
type Boxed = [string, number, number, number, number, number?];
const wordsPage = (words: readonly Boxed[], size: { width: number; height: number }, method: 'ocr' | 'text_layer'): PageText => ({
  n: 1,
  ...size,
  method,
  rotation: 0,
  confidence: method === 'ocr' ? 0.9 : 1,
  words: words.map(([text, x, y, w, h, confidence]) => ({ text, bbox: { x, y, w, h }, confidence: confidence ?? (method === 'ocr' ? 0.9 : 1) })),
});

const INVOICE = `
ACME POLYMERS LIMITED                                     COMMERCIAL INVOICE

Seller:                                   Invoice No.:  INV-2026-0042
 Acme Polymers Limited                    Date:         05/03/2026
 12 Harbour Road, Port Klang              Due Date:     04/06/2026
Buyer:
 Northwind Packaging B.V.                 Incoterms 2020: CIF Rotterdam
 Haven 12, Rotterdam                      B/L No.:      MSCU-PKG-77812

No.  Description of Goods               Quantity       Unit Price          Amount
                                           (MT)         (USD/MT)            (USD)
 1   Low Density Polyethylene             20.000        1,250.00       25,000.00
                                   TOTAL  20.000                       25,000.00

                                               Total Amount:  USD 25,000.00
IBAN: NL91 ABNA 0417 1643 00
`;

describe('extractDocument', () => {
  it('reads an invoice it has never seen with labels, geometry and the item table', () => {
    expect(valuesOf(INVOICE)).toEqual({
      invoice_number: 'INV-2026-0042',
      issue_date: '2026-03-05',
      due_date: '2026-06-04',
      currency: 'USD',
      total_amount: 25000,
      seller: 'Acme Polymers Limited',
      buyer: 'Northwind Packaging B.V.',
      goods_description: 'Low Density Polyethylene',
      quantity: 20,
      quantity_unit: 'MT',
      unit_price: 1250,
      payment_account: 'NL91ABNA0417164300',
      bl_number: 'MSCU-PKG-77812',
      incoterm: 'CIF',
      incoterm_place: 'Rotterdam',
    });
  });

  it("reads the vessel and ports of an export invoice's shipping block, in English and in Dutch", () => {
    const shipping = `
ARDENNE IMPORT SRL                                        COMMERCIAL INVOICE
                                          Invoice No.:  202608633
Buyer:                                    Date:         29/08/2026
 Lone Star Polymers Corp.
 Chicago, IL 60622

Vessel: MV AEGEAN BREEZE V.639E     Port of Loading: ANTWERP, BELGIUM     Port of Discharge: SAVANNAH, GA, USA

No.  Description of Goods               Quantity       Unit Price          Amount
 1   Long Grain White Rice                38.100 MT       415.00        15,811.50
                                               Total Amount:  EUR 15,811.50
`;
    // The ship's name as printed (linking drops a prefix like 'MV' when it compares), without the voyage.
    expect(valuesOf(shipping)).toMatchObject({ vessel: 'MV AEGEAN BREEZE', port_of_loading: 'ANTWERP, BELGIUM', port_of_discharge: 'SAVANNAH, GA, USA' });
    const dutch = shipping.replace('COMMERCIAL INVOICE', 'FACTUUR').replace('Vessel:', 'Schip:').replace('Port of Loading:', 'Laadhaven:').replace('Port of Discharge:', 'Loshaven:');
    expect(valuesOf(dutch)).toMatchObject({ vessel: 'MV AEGEAN BREEZE', port_of_loading: 'ANTWERP, BELGIUM', port_of_discharge: 'SAVANNAH, GA, USA' });
    // "Ship to" is a delivery address, not a ship.
    expect(valuesOf(INVOICE.replace('Buyer:', 'Ship to:')).vessel).toBeUndefined();
  });

  it('gives every field its evidence: raw text, page, box inside the page, method and confidence', () => {
    // Words OCR read with 0.6 confidence cap every field's confidence (0.6 → 0.74, see readerFactor).
    const { fields, kind, kindScore } = extractDocument([gridPage(INVOICE, { method: 'ocr', confidence: 0.6 })]);
    expect(kind).toBe('invoice');
    expect(kindScore).toBeGreaterThan(0.7);
    const total = fields.total_amount;
    expect(total).toMatchObject({ raw: 'USD 25,000.00'.slice(4), page: 1, method: 'ocr' });
    for (const [name, f] of Object.entries(fields)) {
      expect(f.confidence).toBeGreaterThan(0);
      // An IBAN that passes mod 97 is the exception (no misread character passes it).
      expect(f.confidence).toBeLessThanOrEqual(name === 'payment_account' ? 0.9 : 0.74);
      expect(f.bbox).not.toBeNull();
      const { x, y, w, h } = f.bbox!;
      expect(x >= 0 && y >= 0 && x + w <= 1.0001 && y + h <= 1.0001).toBe(true);
    }
  });

  it("never takes a number lines under a document's title ('FAKTURA' in large print) for the invoice number", () => {
    const page = gridPage(
      `
Pomorze Import-Eksport Sp. z o.o.
                                        FAKTURA

Data         26.09.2026                 Kupujacy  Distribuciones Mediterranea S.L.
Faktura nr   YO-25-3791                           Moll de Barcelona, 10
                                                  08085 Barcelona
`,
      { method: 'ocr', confidence: 0.95 },
    );
    // The title printed large; the number in its box read unsurely, the postal code under the title surely.
    const words = page.words.map((w) => (w.text === 'FAKTURA' ? { ...w, bbox: { ...w.bbox, y: w.bbox.y - w.bbox.h * 1.5, h: w.bbox.h * 2.6, w: w.bbox.w * 2 } } : w.text === 'YO-25-3791' ? { ...w, confidence: 0.55 } : w));
    expect(extractDocument([{ ...page, words }]).fields.invoice_number?.value).toBe('YO-25-3791');
  });

  it("reads the number under a document's title in large print as the value of its own label beside it", () => {
    const page = gridPage(`
FLANDRIA VOEDING NV
Avenue Louise 133
1000 Bruxelles
                                                                         FACTURE
 Facture a Meuse Import NV              N° de facture                    INV-38324
           Rue Royale 91                Date de facturation              16/09/2026
           1000 Bruxelles               Date d'echeance                  16/10/2026
`);
    const words = page.words.map((w) => (w.text === 'FACTURE' ? { ...w, bbox: { ...w.bbox, y: w.bbox.y - w.bbox.h * 1.2, h: w.bbox.h * 2.2, w: w.bbox.w * 1.8 } } : w));
    expect(extractDocument([{ ...page, words }]).fields.invoice_number?.value).toBe('INV-38324');
  });

  it("takes a number label whose OCR box came out tall for a label, not a title ('BelegNr.' under 'Rechnung')", () => {
    const page = gridPage(
      `
Alpina Trading GmbH
Route de Meyrin 158
Rechnung

BelegNr.       Datum          Rechnungsempfanger
RV-26-3334     09.03.2026     Pacific Rim Supply Inc.
`,
      { method: 'ocr', confidence: 0.9 },
    );
    const words = page.words.map((w) => (w.text === 'Rechnung' || w.text === 'BelegNr.' ? { ...w, bbox: { ...w.bbox, y: w.bbox.y - w.bbox.h * 1.2, h: w.bbox.h * 2.5 } } : w));
    expect(extractDocument([{ ...page, words }]).fields.invoice_number?.value).toBe('RV-26-3334');
  });

  it("takes the B/L number starting right under its heading, not the voyage that ran over from the vessel's cell", () => {
    const page = gridPage(
      `
Buque                      N° de conocimiento    POL               POD
ATLANTIC CARMEN VOY.220N   IANVAL6314252         VALENCIA, SPAIN   LONDON GATEWAY, UNITED KINGDOM
`,
      { method: 'ocr', confidence: 0.9 },
    );
    // The scan set the vessel's cell and the number's close together: one segment, as OCR lines it up.
    const words = page.words.map((w) => (w.text === 'IANVAL6314252' ? { ...w, bbox: { ...w.bbox, x: w.bbox.x - (2 * 6) / page.width } } : w));
    expect(extractDocument([{ ...page, words }]).fields.bl_number?.value).toBe('IANVAL6314252');
  });

  it("takes a recipient's label in the payment block ('Zahlungsempfänger' / 'Empfänger') for the payee, not the buyer", () => {
    const fields = extractDocument([
      gridPage(`
                     Lindner Agrarhandel GmbH
          Konsul-Smidt-Strasse 158 · 28478 Bremen · Deutschland

Lindner Agrarhandel GmbH · Konsul-Smidt-Strasse 158 · 28478 Bremen     Rechnungs-Nr.: 202600988
                                                                      Datum:      14.08.2026
Textes Atlantico Lda.                                                 Währung:    EUR
Rua de Santa Catarina 96
4440-344 Porto
Portugal
                                   Rechnung

Pos Beschreibung                      Menge ME    Preis je Einheit     Betrag
1   Cotton Yarn, Ne 24/1 open end   11.657,52 kg              2,52   29.376,95

Zahlungsempfänger                       Summe brutto:              29.376,95
Empfänger Lindner Agrarhandel GmbH
Kreditinstitut Norddeutsche Kreditbank
IBAN  DE51 0718 9028 9511 2160 17
`),
    ]).fields;
    expect([fields.seller?.value, fields.buyer?.value]).toEqual(['Lindner Agrarhandel GmbH', 'Textes Atlantico Lda.']);
  });

  it('reads the quantity of a goods row whose column header was lost from the figure that multiplies to its amount', () => {
    const page = (row: string) =>
      gridPage(
        `
Alimentar Atlantico Lda.                              Fatura N.: PZ-26-2696

N°  Artigo                                                  Preço unitário         Valor
${row}

                                                      TOTAL:             USD 75 366,00
`,
        { method: 'ocr', confidence: 0.9 },
      );
    const read = (row: string) => extractDocument([page(row)]).fields;
    const fields = read("1   Men's Cotton T-Shirts, crew neck, 180 gsm     19 080 wun.           3,95     75 366,00");
    expect([fields.quantity?.value, fields.unit_price?.value]).toEqual([19080, 3.95]);
    expect(fields.quantity!.confidence).toBeLessThan(0.9);
    // No figure of the row multiplies to the amount: no quantity is made up.
    expect(read("1   Men's Cotton T-Shirts, crew neck, 180 gsm     19 000 wun.           3,95     75 366,00").quantity).toBeUndefined();
  });

  it('decides the day/month order from the due-date relation when no date has a part above 12', () => {
    // 05/03 → 04/06 holds either way; 10/02 → 01/05 only holds as day/month.
    const text = INVOICE.replace('05/03/2026', '10/02/2026').replace('04/06/2026', '01/05/2026');
    expect(valuesOf(text)).toMatchObject({ issue_date: '2026-02-10', due_date: '2026-05-01' });
    // A month/day document proves itself with a day above 12 anywhere.
    const us = INVOICE.replace('05/03/2026', '03/05/2026').replace('04/06/2026', '06/13/2026');
    expect(valuesOf(us)).toMatchObject({ issue_date: '2026-03-05', due_date: '2026-06-13' });
  });

  it('follows the document in reading 1.234,56 amounts', () => {
    const text = INVOICE.replace(/1,250\.00/, '1.250,00').replace(/25,000\.00/g, '25.000,00').replace(/20\.000/g, '20,000');
    expect(valuesOf(text)).toMatchObject({ total_amount: 25000, unit_price: 1250, quantity: 20 });
  });

  it('never invents a field the document does not show', () => {
    const bare = valuesOf(`
INVOICE
Invoice No.: 7701
Date: 14 March 2026
Total: EUR 1,000.00
`);
    expect(bare).toEqual({ invoice_number: '7701', issue_date: '2026-03-14', total_amount: 1000, currency: 'EUR' });
  });

  it('takes the account tagged with the invoice currency where the tag stands in the label beside it', () => {
    const page = `
ODRA TWORZYWA SP. Z O.O.                                       FAKTURA
ul. Grzybowska 15, 00-265 Warszawa, Polska
Faktura nr:   IR-25-3822                       Data faktury:   2026-08-17
Opis                                         Ilość     Cena           Wartość
Vietnam Robusta Coffee Beans, Grade 1        17,760 t  4.675,00      83.028,00
IBAN (PLN)      PL35 1863 6985 9332 8407 0479 2282
                                              Do zapłaty:      USD 83.028,00
IBAN (USD)      PL88 4079 7168 9393 7323 2154 0034
`;
    expect(valuesOf(page).currency).toBe('USD');
    expect(valuesOf(page).payment_account).toBe('PL88407971689393732321540034');
  });

  it('takes a total a discount puts below the only goods line, when the summary explains it', () => {
    const page = `
Importaciones Levante S.L.                                    FACTURA
Carrer de Balmes, 124, 08035 Barcelona
Nº Factura:   202503232                 Fecha de factura: 25/10/2025
Nº   Descripción                          Cantidad Unidad     P. unit.        Importe
1    Raw Cotton, Middling 1-5/32"           45.120 lb             0,86      38.803,20
                                          Base imponible:                  38.803,20
                                          Descuento:                       (1.149,00)
                                          TOTAL:                       EUR 37.654,20
`;
    const v = valuesOf(page);
    expect(v.total_amount).toBe(37654.2);
    expect(v.subtotal).toBe(38803.2);
  });

  it('keeps the grand total as the total when an advance received is deducted below it, even when its label is not readable', () => {
    // A stamp over "GENEL TOPLAM" on a scan leaves "GENEL TOPL.": the figure the summary's arithmetic
    // explains is the total; what is left after the advance is the amount due.
    const page = `
Akdeniz Gida A.S.                                                FATURA
Fatura No.:  INV-20922                Düzenleme Tarihi: 06.09.2026
No  Ürün Açıklaması              Miktar  Birim   B.Fiyat    Mal/Hizmet Tutarı
1   Black Pepper, 500 g/l FAQ    13,550  TON     5.665,00          76.760,75
                                          Matrah:                   76.760,75
                                          Navlun:                    2.210,00
                                          Toplam İskonto:           (2.289,00)
                                          GENEL TOPL.               76.681,75
                                          Alinan Avans:            -38.341,00
                                          Ödenecek Tutar:           38.340,75
`;
    const v = valuesOf(page, { method: 'ocr', confidence: 0.9 });
    expect(v.total_amount).toBe(76681.75);
    expect(v.amount_due).toBe(38340.75);
    expect(v.subtotal).toBe(76760.75);
  });

  it('reads a one-word party label without a colon when the address lines continue the name\'s column', () => {
    const page = `
Distribuciones Castellana S.L.U.
Calle Ercilla, 170, 48083 Bilbao, España

FACTURA COMERCIAL
 Comprador  Gulf Coast Trading Inc.                       Factura nº        F-2025-9547
            118 Wilshire Boulevard                        Fecha             16/05/2025
            Los Angeles, CA 90070
            USA
Ref.  Descripción                                Cantidad Ud.      Precio       Importe
1     Polypropylene Homopolymer, raffia grade       5.275 MT       870,00      4.589,25
                                                          TOTAL:        EUR 4.589,25
`;
    expect(valuesOf(page).buyer).toBe('Gulf Coast Trading Inc.');
    // Without the column (the name not aligned with the lines below) the word is running text.
    expect(valuesOf(page.replace(' Comprador  Gulf Coast Trading Inc.', ' Comprador Gulf Coast Trading Inc.')).buyer).not.toBe('Gulf Coast Trading Inc.');
  });

  it('reads bilingual box headings printed close together, each translation naming its field', () => {
    const bl = valuesOf(`
IBERIAN ATLANTIC NAVIGATION S.L.                                   BILL OF LADING
B/L No.
IANJAK6771279
Embarcador / Shipper (complete name and address)  Consignatario / Consignee          Notificar a / Notify Party
PT BINTANG LESTARI NUSANTARA                      TO ORDER OF ANADOLU BANK A.S.      QINGDAO HUAXIN CO., LTD.
JL. PELABUHAN BELAWAN NO. 120                                                        NO. 62 HONG KONG ROAD

Puerto de carga / Port of Lading  Puerto de descarga / Port of Discharging
JAKARTA, INDONESIA                SHANGHAI, CHINA
`);
    expect(bl.shipper).toBe('PT BINTANG LESTARI NUSANTARA');
    expect(bl.consignee).toBe('TO ORDER OF ANADOLU BANK A.S.');
    expect(bl.port_of_loading).toBe('JAKARTA, INDONESIA');
    expect(bl.port_of_discharge).toBe('SHANGHAI, CHINA');
  });

  it('reads the commercial invoice a B/L names in its goods column, and no invoice number where it names none', () => {
    const page = `
Shipper                                   BILL OF LADING
TEXTEIS LUSITANA UNIPESSOAL LDA.          B/L No.: IANSIN4111059
Consignee                                 Vessel
KARPATY IMPORT-EKSPORT SP. Z O.O.         ATLANTIC LUZ
Container No.        Description of Goods                          Gross Wt. kg
TGHU6648277          482 CARTONS (964 PCS) WOODEN GARDEN CHAIRS       6,073.200
                     NET WEIGHT: 5,398.400 KGS
                     INVOICE NO.: 202502250
`;
    expect(valuesOf(page).invoice_number).toBe('202502250');
    expect(valuesOf(page).bl_number).toBe('IANSIN4111059');
    expect(valuesOf(page.replace('                     INVOICE NO.: 202502250\n', '')).invoice_number).toBeUndefined();
  });

  it('never takes a count of containers under the packages heading for the package count', () => {
    const page = `
Shipper                                   BILL OF LADING
TEXTEIS LUSITANA UNIPESSOAL LDA.          B/L No.: IANSIN4111059
Container No.        No. of Pkgs          Description of Goods                Gross Wt. kg
TGHU6648277          2 X 40'GP CNTR(S)    WOODEN GARDEN CHAIRS                   6,073.200
`;
    expect(valuesOf(page).packages).not.toBe(2);
    expect(valuesOf(page.replace("2 X 40'GP CNTR(S)", '482 CARTONS      ')).packages).toBe(482);
  });

  it('takes the currency beside the total, not one tagging an account across the line', () => {
    const inv = valuesOf(`
Mazowsze Tworzywa S.A.                    Faktura eksportowa
Kupujacy: Ningbo Ruifeng Industrial Co., Ltd.        Numer faktury:      FE 3482/2026
                                                     Data wystawienia:   2026-08-23
Nazwa towaru                               Ilosc jm      Cena jedn.     Wartosc netto
Kraftliner Paper, 200 gsm                  36,250 MT     725,00         26 281,25
Rachunek bankowy                           Suma netto:                  26 281,25
                                           Koszty transportu:            1 628,00
IBAN (EUR)   PL19948362151872748991619255  Rabat:                         -455,00
                                           VAT (0%):                         0,00
IBAN (USD)   PL82686617355071944592640469  RAZEM:                   27 454,25 EUR
`);
    expect(inv).toMatchObject({ currency: 'EUR', total_amount: 27454.25, payment_account: 'PL19948362151872748991619255', subtotal: 26281.25, tax_amount: 0 });
    expect(inv.charges).toEqual(['freight:1628', 'discount:-455']);
  });

  it("never reads a VAT registration line ('VAT DE287514063') as the tax amount", () => {
    // A scanned invoice's header and summary as OCR read them: the buyer's 'VAT DE287514063', and the
    // customer's PO number to its right and a little below.
    const words: Boxed[] = [
      ['CHAO', 0.1548, 0.0316, 0.0750, 0.0133],
      ['PHRAYA', 0.2406, 0.0312, 0.1046, 0.0133],
      ['POLYOLEFINS', 0.3555, 0.0299, 0.1814, 0.0141],
      ['INVOICE', 0.7461, 0.0214, 0.1832, 0.0222],
      ['Mueang', 0.0677, 0.1655, 0.0447, 0.0086],
      ['Rayong', 0.1179, 0.1655, 0.0417, 0.0081],
      ['District,', 0.1645, 0.1650, 0.0411, 0.0073],
      ['Rayong', 0.2110, 0.1650, 0.0417, 0.0081],
      ['21150', 0.2576, 0.1646, 0.0345, 0.0068],
      ['22113', 0.3785, 0.1637, 0.0345, 0.0068],
      ['Hamburg', 0.4178, 0.1637, 0.0508, 0.0086],
      ['Thailand', 0.0677, 0.1753, 0.0478, 0.0124],
      ['Germany', 0.3785, 0.1757, 0.0520, 0.0081],
      ['Terms', 0.6814, 0.1766, 0.0333, 0.0060],
      ['Net', 0.8851, 0.1753, 0.0200, 0.0068],
      ['90', 0.9093, 0.1753, 0.0139, 0.0068],
      ['Tax', 0.0677, 0.1890, 0.0187, 0.0064],
      ['ID', 0.0913, 0.1885, 0.0121, 0.0068],
      ['0107561000418', 0.1070, 0.1881, 0.0919, 0.0073],
      ['VAT', 0.3785, 0.1873, 0.0212, 0.0068],
      ['DE287514063', 0.4045, 0.1868, 0.0804, 0.0068],
      ['Customer', 0.6814, 0.1941, 0.0538, 0.0064],
      ['PO', 0.7400, 0.1937, 0.0169, 0.0064],
      ['4500187723', 0.8495, 0.1928, 0.0744, 0.0073],
      ['REMIT', 0.0707, 0.4925, 0.0423, 0.0060],
      ['TO', 0.1197, 0.4925, 0.0163, 0.0060],
      ['Subtotal', 0.6088, 0.4900, 0.0472, 0.0068],
      ['€', 0.8543, 0.4891, 0.0067, 0.0068],
      ['83,754.00', 0.8658, 0.4887, 0.0586, 0.0081],
    ];
    const ex = extractDocument([wordsPage(words, { width: 1654, height: 2339 }, 'ocr')]);
    expect(ex.fields.tax_amount?.value).not.toBe(4500187723);
    expect(ex.fields.subtotal?.value).toBe(83754);
  });

  it('reads the grand total as printed under a discount, even when the figures do not add up (two digits transposed)', () => {
    const inv = valuesOf(`
Alimentacion Castellana S.L.U.
Invoice
Buyer                                         Date of Issue:        Invoice Number:
Qingdao Jinlong Trading Co., Ltd.             10.08.2026            INV-16421
 Description                              Quantity Unit        Price            Total
 Cashew Kernels, LP (large pieces)          16,200 LBS          3.44        55,728.00
                                          Subtotal:                         55,728.00
                                          Less Discount:                      -739.00
                                          Grand Total:                      45,989.00
`);
    expect(inv.total_amount).toBe(45989);
    expect(inv.subtotal).toBe(55728);
  });

  it('takes the value beside its label though a label above it holds its own value (a phone number)', () => {
    const inv = valuesOf(`
FACTURE
Lumiere Import SA                     Téléphone +33 2 26 26 21 36
                    N°de facture       KP-26-4258
                    Date de facturation     30 aolt 2026
`);
    expect(inv.invoice_number).toBe('KP-26-4258');
    expect(inv.issue_date).toBe('2026-08-30');
  });

  it("never takes a delivery note's or transport document's number for a freight charge", () => {
    const inv = valuesOf(`
Ticino Trading SA                                                                           Tel. +41 44 343 61 86
Hafenstrasse 128                                                                            Partita IVA CHE-093.890.775 MWST
4086 Basel
Ticino Trading SA · Hafenstrasse 128 · 4086 Basel                          Fattura n.:                    202609225
Cliente Elbtal Kunststoffe GmbH & Co. KG                                   Data emissione:                20/08/2026
        Billstraße 92                                                      Resa:                          CIF Hamburg
        20851 Hamburg                                                      N. ordine cliente:             4537071006
                                                                           Documento di trasporto: 7778281
                                                                           Data spedizione:               19/08/2026
                                                   Fattura
 Pos. Descrizione                                                          Q.tà U.M.      Prezzo un.        Importo
 1        Black Pepper, ASTA 550 g/l                                       10.300 t       6'180.00          63'654.00
 2        Black Pepper, ASTA 570 g/l, cleaned                              11.550 t       4'970.00          57'403.50
                                                                           Totale fattura:           EUR 121'057.50
`);
    expect(inv.total_amount).toBe(121057.5);
    expect(inv.charges).toBeUndefined();
  });

  it("reads a total whose label a stamp smudged ('Total facfy raj' for 'Total factura:'), never the stamp's strokes under it", () => {
    // A scanned Spanish invoice as OCR read it (word boxes and confidences as read): a round company
    // stamp covers 'factura:' and leaves strokes read as '7' and '8 as' under the label.
    const words: Boxed[] = [
      ['Ref.', 0.1008, 0.4413, 0.0238, 0.0071, 0.65], ['Articulo', 0.1444, 0.4421, 0.0504, 0.008, 0.21], ['Cant.', 0.5593, 0.4518, 0.0319, 0.0077, 0.96], ['Unidad', 0.6032, 0.4532, 0.0444, 0.0077, 0.95],
      ['Precio', 0.7298, 0.4561, 0.0403, 0.0074, 0.96], ['Importe', 0.8524, 0.4575, 0.0484, 0.012, 0.92], ['1', 0.1004, 0.4618, 0.006, 0.0068, 0.96], ['Wooden', 0.1431, 0.4627, 0.0516, 0.008, 0.96],
      ['Garden', 0.2, 0.4638, 0.046, 0.0083, 0.97], ['Chairs,', 0.2516, 0.4652, 0.0435, 0.0094, 0.93], ['eucalyptus', 0.3004, 0.4664, 0.0673, 0.01, 0.96], ['FSC,', 0.373, 0.4681, 0.0302, 0.0086, 0.96],
      ['teak', 0.4089, 0.4689, 0.0258, 0.0074, 0.96], ['stain', 0.4395, 0.4698, 0.029, 0.0074, 0.96], ['776', 0.5681, 0.4723, 0.023, 0.0077, 0.91], ['pzs', 0.602, 0.4749, 0.0214, 0.0077, 0.91],
      ['33,76', 0.7339, 0.4763, 0.0351, 0.0088, 0.96], ['26.197,76', 0.8375, 0.4789, 0.0621, 0.0094, 0.91], ['2', 0.0984, 0.4826, 0.0073, 0.0074, 0.97], ['Wooden', 0.1419, 0.484, 0.052, 0.008, 0.96],
      ['Garden', 0.1988, 0.4852, 0.0468, 0.0083, 0.96], ['Chairs,', 0.2508, 0.486, 0.0431, 0.01, 0.97], ['acacia,', 0.2992, 0.4877, 0.0435, 0.0091, 0.97], ['oiled', 0.3488, 0.4886, 0.029, 0.0077, 0.97],
      ['finish', 0.3827, 0.4892, 0.0323, 0.008, 0.96], ['Datos', 0.0923, 0.5097, 0.0387, 0.0077, 0.93], ['bancarios', 0.1359, 0.51, 0.0665, 0.0091, 0.92], ['Entidad', 0.0919, 0.5254, 0.0472, 0.0083, 0.87],
      ['Caja', 0.1536, 0.5271, 0.0282, 0.0094, 0.74], ['Rural', 0.1875, 0.5277, 0.0319, 0.008, 0.96], ['del', 0.225, 0.5285, 0.0173, 0.0077, 0.97], ['Turia', 0.2468, 0.5294, 0.0306, 0.0077, 0.96],
      ['IBAN', 0.0911, 0.5413, 0.0315, 0.008, 0.92], ['ES9856053591773271935472', 0.1536, 0.543, 0.1915, 0.0114, 0.88], ['SWIFT', 0.0907, 0.5576, 0.0435, 0.008, 0.85], ['CRTUESMMXXX', 0.1524, 0.5587, 0.1089, 0.01, 0.65],
      ['594', 0.5669, 0.4937, 0.023, 0.0077, 0.93], ['pz', 0.6008, 0.4963, 0.0141, 0.0074, 0.94], ['roo', 0.6355, 0.4986, 0.0645, 0.0131, 0], ['N\\', 0.7036, 0.4909, 0.0185, 0.022, 0.38],
      ['23,70', 0.7335, 0.4977, 0.0343, 0.0088, 0.95], ['14.077,80', 0.8367, 0.5003, 0.0625, 0.0094, 0.92], ['7', 0.6258, 0.5029, 0.0871, 0.0419, 0], ['|', 0.5266, 0.5191, 0.0085, 0.0234, 0.96],
      ['Total', 0.5403, 0.5191, 0.0323, 0.0234, 0.97], ['facfy', 0.5778, 0.522, 0.0367, 0.0205, 0.17], ['raj', 0.6165, 0.5228, 0.0202, 0.0202, 0.56], ['40.275,56', 0.8238, 0.5268, 0.0718, 0.0174, 0.93],
      ['8', 0.6282, 0.5516, 0.0089, 0.0063, 0.31], ['as', 0.6335, 0.5319, 0.0605, 0.0439, 0.27],
    ];
    const header: Boxed[] = [['Factura', 0.1, 0.12, 0.1, 0.012, 0.95], ['Factura', 0.5, 0.27, 0.07, 0.008, 0.95], ['N.°:', 0.57, 0.27, 0.03, 0.008, 0.9], ['202609606', 0.5, 0.285, 0.07, 0.008, 0.95]];
    const ex = extractDocument([wordsPage([...header, ...words], { width: 1240, height: 1754 }, 'ocr')]);
    expect(ex.fields.total_amount?.value).toBe(40275.56);
  });

  it("reads a total past a stamp's debris between its label and its figure ('Total a pagar: EE pie 30.450,00 EUR')", () => {
    // A scan whose 'ENTERED' stamp lies across the summary block (words as OCR read them): its word
    // on the subtotal's line, its date on the tax line, and its frame on the total's line read as two
    // unsure fragments between the label and the figure.
    const words: Boxed[] = [
      ["Pos.", 0.0879, 0.2805, 0.025, 0.0074, 0.79], ["Concepto", 0.1315, 0.2816, 0.0581, 0.0091, 0.27], ["Cant.", 0.5919, 0.2919, 0.0306, 0.0068, 0.92], ["Unidad", 0.6339, 0.293, 0.0419, 0.0068, 0.92],
      ["Precio", 0.7621, 0.2942, 0.0407, 0.0111, 0.96], ["Importe", 0.8847, 0.297, 0.0488, 0.0108, 0.49], ["1", 0.0879, 0.2999, 0.0048, 0.0074, 0.96], ["Krahiner", 0.1306, 0.3016, 0.0524, 0.0074, 0],
      ["Paper,", 0.1879, 0.3022, 0.0363, 0.0086, 0.93], ["175", 0.2315, 0.3033, 0.0202, 0.0074, 0.95], ["gsm,", 0.2565, 0.305, 0.0274, 0.0074, 0.93], ["wadth", 0.2887, 0.305, 0.0306, 0.0068, 0.87],
      ["2400", 0.3242, 0.305, 0.029, 0.0074, 0.97], ["mm", 0.3581, 0.3073, 0.0218, 0.0051, 0.97], ["43,500", 0.5823, 0.3113, 0.0403, 0.0068, 0.75], ["Tm", 0.6339, 0.3119, 0.0177, 0.0068, 0.97],
      ["\"700,00", 0.7444, 0.3124, 0.0565, 0.0097, 0.54], ["30.450,00", 0.8726, 0.317, 0.0589, 0.008, 0.77], ["Datos", 0.0806, 0.3255, 0.0371, 0.008, 0.93], ["bancarios", 0.1218, 0.3267, 0.0629, 0.0086, 0.91],
      ["Suma", 0.5484, 0.3355, 0.0371, 0.0131, 0.96], ["ENTE", 0.6161, 0.3398, 0.0597, 0.0125, 0.96], ["RED", 0.679, 0.3415, 0.0468, 0.0125, 0.97], ["30.450.00", 0.8702, 0.3461, 0.0589, 0.008, 0.81],
      ["Tider", 0.0806, 0.3409, 0.0363, 0.0074, 0.29], ["imponaciones", 0.1323, 0.3426, 0.0839, 0.008, 0.25], ["Cantabrica", 0.2202, 0.3438, 0.0645, 0.008, 0.27], ["SA", 0.2895, 0.3449, 0.0202, 0.0074, 0.93],
      ["IVA", 0.5492, 0.3558, 0.0194, 0.0063, 0.95], ["(0%", 0.5734, 0.3563, 0.0226, 0.008, 0.93], ["2026-10-04", 0.6339, 0.3597, 0.071, 0.008, 0.76], ["0.00", 0.9024, 0.3566, 0.0258, 0.0151, 0.97],
      ["Banco", 0.0798, 0.3558, 0.0371, 0.0074, 0.93], ["Banco", 0.1315, 0.3569, 0.0371, 0.0074, 0.93], ["Levanting", 0.1734, 0.3586, 0.0565, 0.0068, 0.68], ["BAN", 0.079, 0.3706, 0.0306, 0.0074, 0.36],
      ["ES64660314", 0.1306, 0.3717, 0.0766, 0.0086, 0.63], ["70516859060253", 0.2097, 0.3723, 0.1024, 0.0123, 0.91], ["BIC", 0.0766, 0.3843, 0.0246, 0.0114, 0.13], ["BLVTESMM", 0.1298, 0.3871, 0.0718, 0.008, 0.89],
      ["Total", 0.5476, 0.3729, 0.0347, 0.0086, 0.96], ["a", 0.5863, 0.3757, 0.0081, 0.0063, 0.97], ["pagar:", 0.5976, 0.3694, 0.046, 0.0165, 0.35], ["EE", 0.6669, 0.3746, 0.0302, 0.0023, 0.24],
      ["pie", 0.7032, 0.3734, 0.0319, 0.0134, 0.44], ["30.450,00", 0.8242, 0.3791, 0.0669, 0.0097, 0.91], ["EUR", 0.896, 0.3803, 0.0315, 0.0086, 0.96],
    ];
    const header: Boxed[] = [['FACTURA', 0.46, 0.084, 0.116, 0.014, 0.91], ['Factura', 0.533, 0.109, 0.04, 0.008, 0.9], ['nº:', 0.575, 0.109, 0.015, 0.008, 0.73], ['INV-47063', 0.531, 0.122, 0.064, 0.009, 0.92]];
    const ex = extractDocument([wordsPage([...header, ...words], { width: 1240, height: 1754 }, 'ocr')]);
    expect(ex.fields.total_amount?.value).toBe(30450);
  });

  it("reads a total past a round stamp's ring read as a sure bracket and unsure letters ('TOTAL: ( as | USD 35,807.38')", () => {
    // A scanned invoice whose round stamp sits on the total's line, words as OCR read them: the
    // ring's arcs read as a sure '(' and a '|', its lettering as 'as'; the first line amount, under
    // the stamp's edge, is barely read, so the lines do not add up to the figure.
    const words: Boxed[] = [
      ["N°", 0.0718, 0.2132, 0.0121, 0.0060, 0.85], ["Descripcion", 0.1153, 0.2109, 0.0593, 0.0103, 0.62], ["Cantidad", 0.5677, 0.2044, 0.0464, 0.0068, 0.91], ["Unidad", 0.6250, 0.2035, 0.0371, 0.0063, 0.91],
      ["Precio", 0.7177, 0.2018, 0.0315, 0.0063, 0.93], ["unitario", 0.7528, 0.2013, 0.0399, 0.0066, 0.92], ["Importe", 0.8810, 0.1981, 0.0435, 0.0103, 0.58], ["10", 0.0742, 0.2312, 0.0109, 0.0066, 0.97],
      ["Polypropylene", 0.1165, 0.2300, 0.0726, 0.0088, 0.93], ["Homopolymer,", 0.1927, 0.2286, 0.0758, 0.0086, 0.91], ["raffia", 0.2722, 0.2278, 0.0266, 0.0066, 0.80], ["grade", 0.3024, 0.2275, 0.0270, 0.0086, 0.93],
      ["HO305G", 0.3331, 0.2266, 0.0431, 0.0068, 0.48], ["12.075", 0.5827, 0.2223, 0.0323, 0.0063, 0.94], ["MT", 0.6258, 0.2218, 0.0185, 0.0066, 0.97], ["1,080.00", 0.7516, 0.2192, 0.0415, 0.0077, 0.96],
      ["13,041.00", 0.8762, 0.2161, 0.0496, 0.0111, 0.19], ["20", 0.0738, 0.2506, 0.0121, 0.0060, 0.97], ["Polypropylene", 0.1173, 0.2489, 0.0726, 0.0086, 0.93], ["Homopolymer,", 0.1935, 0.2474, 0.0754, 0.0086, 0.90],
      ["film", 0.2726, 0.2466, 0.0206, 0.0066, 0.97], ["grade", 0.2968, 0.2463, 0.0274, 0.0086, 0.97], ["BOPP", 0.3278, 0.2454, 0.0315, 0.0068, 0.97], ["11225", 0.5835, 0.2412, 0.0319, 0.0068, 0.82],
      ["MT", 0.6262, 0.2406, 0.0190, 0.0066, 0.96], ["1,195.00", 0.7520, 0.2369, 0.0431, 0.0111, 0.96], ["13,413.88", 0.8766, 0.2360, 0.0480, 0.0077, 0.96], ["30", 0.0742, 0.2694, 0.0121, 0.0063, 0.97],
      ["Polypropylene", 0.1177, 0.2677, 0.0726, 0.0086, 0.92], ["Homopolymer,", 0.1940, 0.2662, 0.0758, 0.0086, 0.91], ["injection’", 0.2738, 0.2651, 0.0448, 0.0086, 0.86], ["grade", 0.3210, 0.2645, 0.0274, 0.0086, 0.86],
      ["MFI", 0.3520, 0.2643, 0.0218, 0.0063, 0.87], ["12", 0.3790, 0.2637, 0.0105, 0.0066, 0.97], ["10.750", 0.5839, 0.2600, 0.0327, 0.0068, 0.95], ["MT", 0.6270, 0.2594, 0.0185, 0.0066, 0.95],
      ["on", 0.7093, 0.2651, 0.0242, 0.0037, 0.05], ["870.00-", 0.7605, 0.2557, 0.0371, 0.0111, 0.92], ["9,352.50", 0.8815, 0.2548, 0.0444, 0.0077, 0.72], ["rE.", 0.6887, 0.2668, 0.0669, 0.0157, 0.36],
      ["emp", 0.0694, 0.2933, 0.1254, 0.0154, 0.11], ["TOTAL:", 0.5423, 0.2851, 0.0512, 0.0171, 0.97], ["(", 0.6903, 0.2839, 0.0048, 0.0188, 0.93], ["as", 0.7121, 0.2910, 0.0181, 0.0034, 0.37],
      ["|", 0.7484, 0.2831, 0.0105, 0.0188, 0.52], ["USD", 0.8355, 0.2848, 0.0286, 0.0077, 0.97], ["35,807.38", 0.8681, 0.2839, 0.0565, 0.0088, 0.94], ["EE", 0.6944, 0.2959, 0.0540, 0.0194, 0.26],
    ];
    const header: Boxed[] = [['FACTURA', 0.82, 0.09, 0.1, 0.014, 0.95], ['N°', 0.0641, 0.1206, 0.0125, 0.006, 0.92], ['Factura:', 0.0802, 0.12, 0.0456, 0.0066, 0.92], ['F-2025-7841', 0.1577, 0.1169, 0.0641, 0.0114, 0.9]];
    const ex = extractDocument([wordsPage([...header, ...words], { width: 595.28, height: 841.89 }, 'ocr')]);
    expect(ex.fields.total_amount?.value).toBe(35807.38);
  });

  it("sums the goods lines' quantities with a decimal point OCR dropped on a later row put back ('11225' for 11.225 MT)", () => {
    const page = `
FACTURA                                   N° Factura: F-2025-7841
Descripción                        Cantidad  Unidad   Precio      Importe
Polypropylene, raffia grade        12.075    MT       1,080.00    13,041.00
Polypropylene, film grade          11225     MT       1,195.00    13,413.88
Polypropylene, injection grade     10.750    MT       870.00       9,352.50
                                   TOTAL:                     USD 35,807.38
`;
    const quantity = extractDocument([gridPage(page, { method: 'ocr', confidence: 0.9 })]).fields.quantity;
    expect(quantity?.value).toBe(34.05);
    // A repaired reading is one to confirm, not a sure one.
    expect(quantity?.confidence).toBeLessThan(0.9);
  });

  it("keeps a caption its colon closes whole though a monospaced font spaces it wide ('Faktura nr:' over 'FE 9206/2025')", () => {
    // A photographed invoice in Courier as OCR read it: the gap before 'nr:' is wider than the
    // line's word height, and 'nr' could begin a label of its own.
    const words: Boxed[] = [
      ['Faktura', 0.0665, 0.2471, 0.0508, 0.0054], ['nr:', 0.127, 0.248, 0.0185, 0.0046], ['Data:', 0.2794, 0.2471, 0.0343, 0.0051],
      ['FE', 0.0665, 0.2617, 0.0173, 0.0063], ['9206/2025', 0.0944, 0.2608, 0.079, 0.0077], ['2026-09-09', 0.2798, 0.2603, 0.0883, 0.0074],
      ['Data', 0.0669, 0.2842, 0.025, 0.006], ['sprzedazy:', 0.0968, 0.2839, 0.0593, 0.008], ['2026-09-07', 0.0669, 0.2962, 0.0883, 0.0077],
    ];
    const header: Boxed[] = [['Faktura', 0.415, 0.117, 0.16, 0.02], ['Warta', 0.15, 0.05, 0.07, 0.012], ['Agro', 0.23, 0.05, 0.06, 0.012]];
    const ex = extractDocument([wordsPage([...header, ...words], { width: 595.28, height: 841.89 }, 'ocr')]);
    expect(ex.fields.invoice_number?.value).toBe('FE 9206/2025');
  });

  it("never takes the next summary line's label for a figure ('MwSt. 0' under 'Rabatt')", () => {
    // A phone photo's summary block as OCR read it (word boxes as read): the tax line's rate lost
    // its % sign, and 'abzgl.' stands apart from 'Rabatt', so 'MwSt. 0' lies right under the label.
    const words: Boxed[] = [
      ['Bankdaten', 0.0911, 0.4527, 0.0806, 0.008], ['Kontoinhaber', 0.0919, 0.4704, 0.1065, 0.0068], ['Bergmann', 0.2145, 0.4704, 0.0702, 0.0074],
      ['Textil', 0.2952, 0.4686, 0.0516, 0.0074], ['GmbH', 0.3589, 0.4686, 0.0347, 0.0068], ['Bank', 0.0919, 0.4875, 0.0347, 0.0068],
      ['Norddeutsche', 0.2145, 0.4857, 0.1065, 0.008], ['Kreditbank', 0.3323, 0.4852, 0.0887, 0.0074], ['IBAN', 0.0944, 0.4994, 0.0371, 0.0177],
      ['DE26', 0.2145, 0.5034, 0.0339, 0.0068], ['6000', 0.2605, 0.5029, 0.0339, 0.0074], ['3103', 0.3073, 0.5029, 0.0323, 0.0068],
      ['3108', 0.354, 0.5023, 0.0331, 0.0068], ['8435', 0.3968, 0.5017, 0.0331, 0.0074], ['02', 0.4419, 0.5017, 0.0153, 0.0068],
      ['Nettobetrag:', 0.5419, 0.4487, 0.104, 0.0177], ['54.036,01', 0.8258, 0.451, 0.0782, 0.008], ['abzgl.', 0.5427, 0.4721, 0.0419, 0.008],
      ['Rabatt', 0.6056, 0.4721, 0.0516, 0.0068], ['-2.701,80', 0.8282, 0.4698, 0.0766, 0.0074], ['zzgl.,', 0.5435, 0.4903, 0.0403, 0.0086],
      ['MwSt.', 0.5968, 0.4909, 0.0411, 0.0063], ['0', 0.6524, 0.4903, 0.0065, 0.0063], ['0,00', 0.8718, 0.488, 0.0339, 0.0074],
      ['Gesamtbetrag:', 0.5387, 0.5074, 0.1315, 0.016], ['51.334,21', 0.8177, 0.508, 0.0879, 0.0091],
    ];
    const header: Boxed[] = [['RECHNUNG', 0.55, 0.1, 0.15, 0.012], ['Rechnungsnr.:', 0.55, 0.13, 0.12, 0.008], ['RE-2025-03296', 0.7, 0.13, 0.12, 0.008]];
    const ex = extractDocument([wordsPage([...header, ...words], { width: 1240, height: 1754 }, 'ocr')]);
    expect(ex.fields.subtotal?.value).toBe(54036.01);
    expect(ex.fields.total_amount?.value).toBe(51334.21);
    expect(ex.fields.charges?.value).toEqual(['discount:-2701.8']);
  });

  it("never takes a letter of credit's number for the B/L number ('L/C NO.', read 'LIC NO.' on a scan)", () => {
    const page = (lc: string) => `
HANSE OCEAN CARRIERS GMBH                 BILL OF LADING
GARONNE DISTRIBUTION SAS                  TO ORDER
Container No.        Description of Goods                   Gross Weight
DFSU9268385          53 CARTONS                             11,671.890 KGS
                     CASHEW KERNELS
                     ${lc}: MSC276392492 DATED 21 Jul 2026
`;
    for (const lc of ['L/C NO.', 'LIC NO.']) expect(valuesOf(page(lc)).bl_number).toBeUndefined();
  });

  it('tells a name with abbreviations from a sentence', () => {
    for (const name of ['Başak Tekstil San. ve Tic. Ltd. Şti.', 'Comercializadora S.A. de C.V.', 'Smith Bros. and Co.']) expect(isNameLine(name)).toBe(true);
    for (const sentence of ['be advised. the goods', 'Goods received. thank you']) expect(isNameLine(sentence)).toBe(false);
  });

  it("reads a company named on its label's line, one space after it, with its address under the name", () => {
    // A born-digital German invoice's header as pdf.js gives it: 'Rechnungsempfänger' in its own
    // size, a single space, then the buyer, whose address lines start under the name.
    const words: Boxed[] = [
      ['ALPEN', 0.0571, 0.0323, 0.0832, 0.0196],
      ['LEBENSMITTELGESELLSCHAFT', 0.1474, 0.0323, 0.3905, 0.0196],
      ['AG', 0.5449, 0.0323, 0.0367, 0.0196],
      ['Hafenstraße', 0.0571, 0.0551, 0.0786, 0.0113],
      ['27', 0.1397, 0.0551, 0.0159, 0.0113],
      ['4069', 0.0571, 0.0682, 0.0318, 0.0113],
      ['Linz', 0.0928, 0.0682, 0.0262, 0.0113],
      ['Österreich', 0.0571, 0.0813, 0.0659, 0.0113],
      ['Tel.', 0.8095, 0.0347, 0.0222, 0.0106],
      ['+43', 0.8353, 0.0347, 0.0225, 0.0106],
      ['316', 0.8616, 0.0347, 0.0222, 0.0106],
      ['121', 0.8874, 0.0347, 0.0222, 0.0106],
      ['5540', 0.9133, 0.0347, 0.0296, 0.0106],
      ['info@alpen.at', 0.8598, 0.0475, 0.0831, 0.0106],
      ['Ust.-Id.-Nr.', 0.7885, 0.0603, 0.0650, 0.0106],
      ['ATU40155359', 0.8572, 0.0603, 0.0857, 0.0106],
      ['Rechnung', 0.8361, 0.1063, 0.1068, 0.0173],
      ['Rechnungsempfänger', 0.5235, 0.1354, 0.1419, 0.0106],
      ['Cascade', 0.6732, 0.1354, 0.0664, 0.0126],
      ['Foods', 0.7443, 0.1354, 0.0468, 0.0126],
      ['LLC', 0.7958, 0.1354, 0.0309, 0.0126],
      ['27', 0.6732, 0.1510, 0.0168, 0.0119],
      ['Doremus', 0.6942, 0.1510, 0.0612, 0.0119],
      ['Avenue', 0.7596, 0.1510, 0.0512, 0.0119],
      ['Newark,', 0.6732, 0.1651, 0.0554, 0.0119],
      ['NJ', 0.7329, 0.1651, 0.0185, 0.0119],
      ['07138', 0.7556, 0.1651, 0.0420, 0.0119],
      ['USA', 0.6732, 0.1792, 0.0311, 0.0119],
      ['Ust.-Id.-Nr.:', 0.6732, 0.1933, 0.0777, 0.0119],
      ['03-3638715', 0.7551, 0.1933, 0.0803, 0.0119],
      ['Rechnungs-Nr.:', 0.0638, 0.1337, 0.1126, 0.0119],
      ['202507524', 0.2184, 0.1337, 0.0757, 0.0119],
      ['Rechnungsdatum:', 0.0638, 0.1549, 0.1327, 0.0119],
      ['13.08.2025', 0.2184, 0.1549, 0.0757, 0.0119],
      ['Lieferschein-Nr.:', 0.0638, 0.1761, 0.1193, 0.0119],
      ['4952696', 0.2184, 0.1761, 0.0589, 0.0119],
      ['Fällig', 0.0638, 0.1972, 0.0389, 0.0119],
      ['am:', 0.1073, 0.1972, 0.0271, 0.0119],
      ['11.11.2025', 0.2184, 0.1972, 0.0757, 0.0119],
      ['Lieferbedingungen:', 0.0638, 0.2184, 0.1411, 0.0119],
      ['CPT', 0.2184, 0.2184, 0.0301, 0.0119],
      ['Houston', 0.2527, 0.2184, 0.0561, 0.0119],
      ['Währung:', 0.0638, 0.2396, 0.0705, 0.0119],
      ['EUR', 0.2184, 0.2396, 0.0319, 0.0119],
    ];
    const name = ['Cascade', 'Foods', 'LLC'];
    const page = (buyer: readonly string[]) =>
      wordsPage(words.map(([text, ...box]): Boxed => [buyer.length && name.includes(text) ? buyer[name.indexOf(text)]! : text, ...box]), { width: 595.28, height: 841.89 }, 'text_layer');
    expect(extractDocument([page([])]).fields.buyer?.value).toBe('Cascade Foods LLC');
    // Running text is no label and a name: no legal form, no party taken from the line.
    expect(extractDocument([page(['bitte', 'beachten', 'Sie'])]).fields.buyer?.value).not.toBe('bitte beachten Sie');
  });

  it("never takes a left-hand box's lines for the values of a heading row to their right", () => {
    const bl = valuesOf(`
Caricatore / Shipper                             Levant Maritime Lines Ltd.
PLASTICOS DOURO UNIPESSOAL LDA.                  OCEAN BILL OF LADING
RUA DE SANTA CATARINA 159
4330-684 PORTO, PORTUGAL

Destinatario / Consigned to
                                                 BL No                 Booking Ref.
TAN PHU AGRICULTURAL PRODUCTS CO., LTD.
69 VSIP II, STREET                               LVMU039559214         4363118309
BINH DUONG 751323, VIETNAM                       Export References
`);
    expect(bl.bl_number).toBe('LVMU039559214');
    // A heading centred over a wide box keeps the box's lines, though they start left of it.
    const inv = valuesOf(`
ACME POLYMERS LIMITED                                       INVOICE
                                                            Invoice No.: INV-2026-0042

                  BILL TO                                   SHIP TO
GOOGLE INC.                                    UPS Louisville Dist. Center
1600 Amphitheatre Parkway                      Louisville, KY 40209
`);
    expect(inv.buyer).toBe('GOOGLE INC.');
  });

  it("reads Turkish sender and addressee lines ('Gönderen …', 'Sayın …'), an address opening with its house number", () => {
    const inv = valuesOf(`
                                                                  TİCARİ FATURA
Gönderen Başak Tarım Ürünleri Sanayi ve Ticaret A.Ş.           Fatura No.         202602243
         Kıbrıs Şehitleri Cad. No:18                           Düzenleme Tarihi   23/09/2026
         35788 İzmir
         Türkiye

Sayın Tianjin Haida Import & Export Co., Ltd.
      No. 152 Lujiang Road
      Xiamen, Fujian 361439
      China
`);
    expect(inv).toMatchObject({ seller: 'Başak Tarım Ürünleri Sanayi ve Ticaret A.Ş.', buyer: 'Tianjin Haida Import & Export Co., Ltd.' });
  });

  it('reads a window-envelope invoice: the sender line and letterhead name the seller, the window the buyer', () => {
    // The Turkish legal form abbreviates with stops before lower case ('San. ve Tic. Ltd. Şti.'):
    // a name, not a sentence; and basak.tr is Başak's own domain.
    const inv = valuesOf(`
Başak Tekstil San. ve Tic. Ltd. Şti.                                      Tel +90 324 721 58 61
                                                                          sales@basak.tr
Organize Sanayi Bölgesi 83209 Nolu Cad. No:156                            VKN 7523962450
27803 Gaziantep

Başak Tekstil San. ve Tic. Ltd. Şti. · Organize Sanayi Bölgesi · 27803 Gaziantep
                                                      Fatura Numarası:      D-138901

Donau Lebensmittel Vertrieb GmbH                      Düzenleme Tarihi:     11.12.2026
Lastenstraße 152
8009 Graz
Österreich
TİCARİ FATURA
Ödeme Bilgileri                                       GENEL TOPLAM:         59.742,90
Hesap Sahibi             Başak Tekstil San. ve Tic. Ltd. Şti.
SWIFT Kodu               EYBKTRHHXXX
`);
    expect(inv).toMatchObject({ seller: 'Başak Tekstil San. ve Tic. Ltd. Şti.', buyer: 'Donau Lebensmittel Vertrieb GmbH' });
  });

  it("takes the window's block for the buyer, not a vessel under its caption or a count of bags for an address", () => {
    // No label over the recipient; a form of shipment boxes further down: 'Navire :' over the
    // vessel and voyage, 'Colis :' over '1091 BAGS' (a package count, not a street number and a street).
    const inv = valuesOf(`
Rhône Agroalimentaire SARL                                  Téléphone +33 2 53 28 34 11
                                                            accounts@rhone.fr
92 quai de Southampton                                      TVA intracom. FR62462692239
76600 Le Havre
France

Rhône Agroalimentaire SARL · 92 quai de Southampton · 76600 Le Havre   N° de facture :  F2026-9620
                                                            Date de facture :  10/09/2026
Noordzee Handelmaatschappij B.V.                            À payer avant le :  10/10/2026
Celsiusweg 40
5953 PS Venlo
Nederland


FACTURE
Navire :                     POL :                       POD :
GOLDEN ORCHID BX613N         MARSEILLE-FOS, FRANCE       ROTTERDAM, NETHERLANDS
Colis :                      Poids net :
1091 BAGS                    27.275,00 KG

N°   Désignation                                 Qté          PU        Total HT
10   HDPE Granules, pipe grade PE100 black       7,350 MT     1.130,00  8.305,50
20   HDPE Granules, blow moulding grade B5429    11,650 MT    1.240,00  14.446,00
30   HDPE Granules, film grade F00952            8,275 MT     1.055,00  8.730,13

Informations bancaires                                      Sous-total :   31.481,63
Titulaire du compte  Rhône Agroalimentaire SARL             Port :            683,00
Banque               Crédit Maritime du Sud                 Assurance :        95,05
IBAN (EUR)           FR76 4053 0116 3561 8227 0544 889      Total TTC :    32.259,68 EUR
SWIFT                CMSUFRXX

Conditions de paiement : Paiement à 30 jours
Pays d'origine: France
Merci de votre confiance.
${'\n'.repeat(30)}
SAS au capital de 10 000 € · RCS Le Havre B 656 636 892 · APE 1878Z
`);
    expect(inv).toMatchObject({ seller: 'Rhône Agroalimentaire SARL', buyer: 'Noordzee Handelmaatschappij B.V.', vessel: 'GOLDEN ORCHID' });
  });

  it("reads the goods under a B/L's 'Number and kind of' header whose last words a scan lost", () => {
    const page = `
B/L No.                          BILL OF LADING
ABLULE85018262                   AUSTRAL BLUE LINE LTD.
Shipper                          Consignee
LEMANO TRADING GMBH              QINGDAO HI CO., LTD.
Marks Container / Seal No.   Number and Kind of      iption of         Gross Weight (KGS)
BMOU 888051-6 / 3002530      740 BAGS                                   18,611 KG
                             ROBUSTA COFFEE BEANS
                             HS CODE: 0901.11
`;
    expect(valuesOf(page, { method: 'ocr', confidence: 0.9 })).toMatchObject({ goods_description: 'ROBUSTA COFFEE BEANS', gross_weight_kg: 18611 });
  });

  it("reads a cargo table whose header a leaning scan split over two lines, the goods column on the lower one", () => {
    const page = `
B/L No.                          BILL OF LADING
GASU118535023                    GOLDEN ANCHOR SHIPPING
Shipper                          Consignee
METALLI ADRIATICA S.R.L.         ALPINA ROHSTOFF GMBH
                                                                                Gross Weight kg    CBM
Container No.   Seal No.   Number and Kind of Packages: Description of Goods
GESU4553919     2319474    346 CARTONS                                          17,473.000 kgs   22.5
                           COTTON YARN
                           HS CODE: 5205.12
`;
    expect(valuesOf(page, { method: 'ocr', confidence: 0.9 })).toMatchObject({ goods_description: 'COTTON YARN', gross_weight_kg: 17473 });
  });

  it('takes a piece count inside the packages for the quantity, not the net weight', () => {
    const page = `
Shipper                                   BILL OF LADING
HELVETIA TRADING SARL                     B/L No.: NSLU167042386
Consignee                                 Vessel
BHARAT TEXTILES LIMITED                   NORDIC HAVEN
Container No.        Description of Goods                   Gross Weight
TRHU3300551          522 CARTONS (31,320 PCS)                6,420.600 kgs
                     MEN'S COTTON KNITTED T-SHIRTS
                     NET WEIGHT: 5,950.800 kgs
`;
    const bl = valuesOf(page);
    expect(bl).toMatchObject({ quantity: 31320, quantity_unit: 'PCS', net_weight_kg: 5950.8, packages: 522 });
    // Goods sold by weight, counted only in packages: the net weight stays the quantity.
    expect(valuesOf(page.replace(' (31,320 PCS)', '             '))).toMatchObject({ quantity: 5950.8, quantity_unit: 'KG' });
  });

  it('tells which weight lost its decimal mark by what a container can carry', () => {
    const page = (gross: string, net: string) => `
Shipper                                   BILL OF LADING
GARONNE DISTRIBUTION SAS                  B/L No.: HOCLEH4633069
Container No.        Description of Goods                   Gross Weight
DFSU9268385          53 CARTONS                             ${gross} KGS
                     CASHEW KERNELS
                     NET WEIGHT: ${net} KGS
`;
    // One container holds no 11,539 t: the net weight was misread, the gross weight is right.
    expect(valuesOf(page('11,671.890', '11,539,390'))).toMatchObject({ gross_weight_kg: 11671.89, net_weight_kg: 11539.39, quantity: 11539.39 });
    // The other way round, the gross weight is the misread one.
    expect(valuesOf(page('11,671,890', '11,539.390'))).toMatchObject({ gross_weight_kg: 11671.89, net_weight_kg: 11539.39 });
  });

  it('never reads a date under the weight column (a box below the cargo table) as the gross weight', () => {
    const bl = valuesOf(`
Shipper                                   BILL OF LADING
TICINO HANDELS SA                         B/L No.: LVMU690437893
Consignee                                 Vessel
HAVEL HANDELSGESELLSCHAFT GMBH            AEGEAN BREEZE
Container No.        Description of Goods         Gross Wt. kg                            Measurement
SEGU0761668          752 CARTONS
9'475.20 KGS         FOLDING WOODEN GARDEN CHAIRS
                     NET WEIGHT: 8'422.40 kgs
Freight & Charges                               Place and Date of Issue
PREPAID                                         GENOA, 2026-09-16
`);
    expect(bl.goods_description).toBe('FOLDING WOODEN GARDEN CHAIRS');
    expect(bl.net_weight_kg).toBe(8422.4);
    expect(bl.gross_weight_kg).not.toBe(2026);
  });

  it("reads party boxes under left-aligned headings by column, however far a long name reaches ('Consignor ‖ Consignee ‖ Notify Address')", () => {
    // A born-digital B/L's top (word boxes as its text layer gives them): the shipper's name runs
    // past the midpoint between the first two headings; its legal form is still the shipper's, and
    // the consignee is the name under 'Consignee', not the street below it.
    const words: Boxed[] = [
      ['NON-NEGOTIABLE', 0.2954, 0.028, 0.1976, 0.0166], ['BILL', 0.5071, 0.028, 0.0564, 0.0166], ['OF', 0.5776, 0.028, 0.0282, 0.0166], ['LADING', 0.6199, 0.028, 0.0847, 0.0166],
      ['AUSTRAL', 0.3891, 0.0502, 0.0706, 0.0119], ['BLUE', 0.4698, 0.0502, 0.0403, 0.0119], ['LINE', 0.5202, 0.0502, 0.0403, 0.0119], ['LTD.', 0.5706, 0.0502, 0.0403, 0.0119],
      ['Bill', 0.0487, 0.0759, 0.0262, 0.0077], ['of', 0.0815, 0.0759, 0.0131, 0.0077], ['Lading', 0.1011, 0.0759, 0.0393, 0.0077], ['No.', 0.147, 0.0759, 0.0197, 0.0077],
      ['ABLUYY77202904', 0.0521, 0.0891, 0.1129, 0.0095], ['Booking', 0.3529, 0.0759, 0.0459, 0.0077], ['No.', 0.4053, 0.0759, 0.0197, 0.0077], ['027637702', 0.3563, 0.0891, 0.0726, 0.0095],
      ["Shipper's", 0.6571, 0.0759, 0.059, 0.0077], ['Reference', 0.7227, 0.0759, 0.059, 0.0077], ['INV', 0.6605, 0.0891, 0.0242, 0.0095], ['INV-45220', 0.6928, 0.0891, 0.0726, 0.0095],
      ['Consignor', 0.0487, 0.1148, 0.059, 0.0077], ['Pomorze', 0.0521, 0.1281, 0.0564, 0.0095], ['Tworzywa', 0.1166, 0.1281, 0.0645, 0.0095], ['Sp.', 0.1892, 0.1281, 0.0242, 0.0095],
      ['z', 0.2214, 0.1281, 0.0081, 0.0095], ['o.o.', 0.2375, 0.1281, 0.0323, 0.0095], ['ul.', 0.0521, 0.1421, 0.0142, 0.0106], ['Łąkowa', 0.07, 0.1421, 0.0463, 0.0106],
      ['143', 0.1201, 0.1421, 0.0224, 0.0106], ['93-863', 0.0521, 0.1544, 0.0418, 0.0106], ['Łódź,', 0.0977, 0.1544, 0.0329, 0.0106], ['Poland', 0.1343, 0.1544, 0.0418, 0.0106],
      ['Consignee', 0.3529, 0.1148, 0.059, 0.0077], ['Ardenne', 0.3563, 0.1281, 0.0564, 0.0095], ['Voeding', 0.4208, 0.1281, 0.0564, 0.0095], ['SA', 0.4853, 0.1281, 0.0161, 0.0095],
      ['Italiëlei', 0.3563, 0.1404, 0.0726, 0.0095], ['173', 0.4369, 0.1404, 0.0242, 0.0095], ['2030', 0.3563, 0.1528, 0.0323, 0.0095], ['Antwerpen,', 0.3966, 0.1528, 0.0806, 0.0095],
      ['Belgium', 0.4853, 0.1528, 0.0564, 0.0095], ['Notify', 0.6571, 0.1148, 0.0393, 0.0077], ['Address', 0.703, 0.1148, 0.0459, 0.0077], ['Same', 0.6605, 0.1281, 0.0323, 0.0095],
      ['as', 0.7008, 0.1281, 0.0161, 0.0095], ['consignee', 0.725, 0.1281, 0.0726, 0.0095],
    ];
    // The small print lower on the page sets the page's em (7 pt): the gap inside 'Sp. z o.o.' is
    // then wider than a word gap by the layout's measure.
    const terms = 'RECEIVED by the Carrier from the Shipper in apparent good order and condition unless otherwise noted herein the total number or quantity of containers or other packages or units indicated above stated by the Shipper to comprise the cargo specified for carriage subject to all the terms hereof'.split(' ');
    const small: Boxed[] = terms.map((w, i) => [w, 0.05 + (i % 12) * 0.075, 0.8 + Math.floor(i / 12) * 0.012, w.length * 0.006, 0.0083]);
    const ex = extractDocument([wordsPage([...words, ...small], { width: 595.28, height: 841.89 }, 'text_layer')]);
    expect(ex.kind).toBe('bill_of_lading');
    expect(ex.fields.shipper?.value).toBe('Pomorze Tworzywa Sp. z o.o.');
    expect(ex.fields.consignee?.value).toBe('Ardenne Voeding SA');
  });

  it("reads a Polish goods table ('Towar/usługa', 'Ilość', '16 620 szt')", () => {
    const inv = valuesOf(`
Pomorze Tworzywa Sp. z o.o.
Faktura eksportowa                                      Nr faktury:   INV-45220
Kupujący Ardenne Voeding SA                             Data faktury: 13.08.2026

Lp.  Towar/usługa                               Ilość      Jedn.   Cena jedn. netto    Wartość netto
1    Men's Cotton T-Shirts, V-neck, 160 gsm     16 620     szt     10,15               168 693,00
                                                            Suma netto:                168 693,00
                                                            Razem do zapłaty:          168 693,00 PLN
`);
    expect(inv.goods_description).toBe("Men's Cotton T-Shirts, V-neck, 160 gsm");
    expect([inv.quantity, inv.quantity_unit]).toEqual([16620, 'PCS']);
  });

  it('reads a bill of lading: boxes, vessel/voyage, on-board date, containers and net weight', () => {
    const bl = valuesOf(`
Shipper                                   BILL OF LADING
GREEN VALLEY CASHEW CO., LTD.             B/L No.: PCLU-HCM-26-004417
KM 12 NATIONAL ROAD 13, BINH DUONG
Consignee                                 Carrier
TO ORDER OF BANCO NOVO S.A.               PACIFICA CONTAINER LINE LTD.
Notify Party
SAME AS CONSIGNEE
Ocean Vessel / Voy. No.     Port of Loading              Port of Discharge
PACIFICA HARMONY / 2611S    CAT LAI, HO CHI MINH CITY    LEIXOES, PORTUGAL
Container No.       No. of Pkgs.     Description of Goods                 Gross Weight (kg)
PCIU 804512-5       1,400 CARTONS    SHIPPER'S LOAD, STOW AND COUNT               32,480.000
                                     VIETNAMESE CASHEW KERNELS WW320
                                     NET WEIGHT: 31,751.500 KGS
Shipped on Board Date: 10 APR 2026
`);
    expect(bl).toEqual({
      bl_number: 'PCLU-HCM-26-004417',
      shipper: 'GREEN VALLEY CASHEW CO., LTD.',
      consignee: 'TO ORDER OF BANCO NOVO S.A.',
      notify_party: 'SAME AS CONSIGNEE',
      carrier: 'PACIFICA CONTAINER LINE LTD.',
      vessel: 'PACIFICA HARMONY',
      voyage: '2611S',
      port_of_loading: 'CAT LAI, HO CHI MINH CITY',
      port_of_discharge: 'LEIXOES, PORTUGAL',
      shipped_on_board_date: '2026-04-10',
      goods_description: 'VIETNAMESE CASHEW KERNELS WW320',
      quantity: 31751.5,
      quantity_unit: 'KG',
      gross_weight_kg: 32480,
      container_numbers: ['PCIU8045125'],
      // What the B/L counts and weighs, apart from the comparable quantity above.
      packages: 1400,
      package_unit: 'CTN',
      net_weight_kg: 31751.5,
    });
  });

  it('takes a gross weight no bag or container could carry, without a net weight to weigh it against, for one that lost its decimal mark', () => {
    const page = (packages: string, weight: string) => `
Shipper                                   BILL OF LADING
RHEINLAND LEBENSMITTEL GMBH               B/L No.: HLCUHAM2608811
Port of Loading              Port of Discharge
HAMBURG, GERMANY             ROTTERDAM, NETHERLANDS
No. of Pkgs.     Description of Goods                 Gross Weight (kg)
${packages}      BLACK PEPPER, 500 G/L FAQ            ${weight}
`;
    // '14.335,500' read as '14.335.500': 14,335 t on 285 bags is 50 t a bag.
    expect(valuesOf(page('285 BAGS', '14.335.500'))).toMatchObject({ gross_weight_kg: 14335.5, packages: 285 });
    // Steel coils weigh tonnes each: 14,335.5 t is no reading to correct by the package count.
    expect(valuesOf(page('285 COILS', '14.335.500')).gross_weight_kg).toBe(14335500);
    // A weight the bags can hold stands as read.
    expect(valuesOf(page('285 BAGS', '14,335.500')).gross_weight_kg).toBe(14335.5);
    expect(valuesOf(page('285 BAGS', '14,335.500')).gross_weight_kg).toBe(valuesOf(page('285 BAGS', '14.335.500')).gross_weight_kg);
  });

  it("takes the cargo's weight from its totals line when the gross weight column was left unread", () => {
    const page = (totals: string) => `
Shipper                                   BILL OF LADING
TICINO ROHSTOFF GMBH                      B/L No.: MRDGEN3634378
Port of Loading              Port of Discharge
GENOA, ITALY                 HAMBURG, GERMANY
Number and Kind of Packages  Description of Goods           Gross Weight (KGS)    Measurement
328 BAGS                     HAZELNUT KERNELS               SURRENDERED           49.30 CBM
                             HS CODE: 0802.22
${totals}
`;
    // A stamp over the weight column; the totals line counts the bags and weighs them gross.
    const read = extractDocument([gridPage(page("TOTAL: 328 BAGS 16'539.76 kgs"), { method: 'ocr', confidence: 0.9 })]);
    expect(read.fields.gross_weight_kg?.value).toBe(16539.76);
    expect(read.fields.gross_weight_kg?.confidence).toBeLessThan(0.8);
    // A total of the net weight, a total that counts no packages, or two weights: none is the gross.
    expect(valuesOf(page("TOTAL NET: 328 BAGS 16'376.00 kgs")).gross_weight_kg).toBeUndefined();
    expect(valuesOf(page("TOTAL: 16'539.76 kgs")).gross_weight_kg).toBeUndefined();
    expect(valuesOf(page("TOTAL: 328 BAGS 16'539.76 kgs 16'376.00 kgs")).gross_weight_kg).toBeUndefined();
  });

  it('counts the packages on the totals line when no count was read under a caption', () => {
    const page = (totals: string) => `
Shipper                                   BILL OF LADING
POLMEX HANDEL S.A.                        B/L No.: HOCGDA2130772
Container No./Seal   No. of Pkgs   Description of Goods        Gross Weight
CAIU2101199          C#RT0NS       FROZEN VANNAMEI SHRIMP      12,044 kgs
${totals}
`;
    const read = extractDocument([gridPage(page('TOTAL: 1,085 CARTONS 12,044 kgs'), { method: 'ocr', confidence: 0.9 })]).fields;
    expect(read.packages?.value).toBe(1085);
    expect(read.package_unit?.value).toBe('CTN');
    expect(read.packages!.confidence).toBeLessThan(0.8);
    // A total of the net weight counts no gross packages line; nor does a line that weighs nothing.
    expect(valuesOf(page('TOTAL NET: 1,085 CARTONS 10,850 kgs')).packages).toBeUndefined();
    expect(valuesOf(page('TOTAL: 1,085 CARTONS')).packages).toBeUndefined();
  });

  it("joins a header's last word wrapped onto the next line and set right of it ('Prezzo' over 'un.')", () => {
    const page = (wrapped: string) => `
FATTURA COMMERCIALE                                    Fattura N.  202603522
Lemano Trading GmbH                                    Data        17.08.2026
Rif.  Descrizione articolo                  Q.ta   U.M.   Prezzo       Totale
                                                          ${wrapped}
10    Raw Cotton, Middling 1-5/32"          22'560 lb              0.94 21'206.40
                                            Totale merce                21'206.40
`;
    // 'un.' alone is a unit column's header: it had taken the prices printed under it as units.
    expect(valuesOf(page('         un.'), { method: 'ocr', confidence: 0.9 })).toMatchObject({ unit_price: 0.94, quantity: 22560, quantity_unit: 'LB' });
  });

  it('reads no invoiced quantity on a scan when a priced goods line has its quantity unread', () => {
    const page = (third: string) => `
FATTURA COMMERCIALE                                    Fattura N.  202603522
Lemano Trading GmbH                                    Data        17.08.2026
Rif.  Descrizione articolo                  Q.ta       U.M.   Prezzo    Totale
10    Raw Cotton, Middling 1-5/32"          22'560     lb     0.94      21'206.40
20    Raw Cotton, Middling 1-1/8"           25'920     lb     0.83      21'513.60
30    Raw Cotton, Strict Low Middling       ${third}     lb     0.85      11'424.00
                                            Totale merce                54'144.00
`;
    // A stamp over the third line's quantity: the first two are only part of what was invoiced.
    expect(valuesOf(page('PAIDy44p'), { method: 'ocr', confidence: 0.9 }).quantity).toBeUndefined();
    // Every quantity read: their sum, as before.
    expect(valuesOf(page("13'440  "), { method: 'ocr', confidence: 0.9 }).quantity).toBe(61920);
    // A charge priced in the table is no goods line whose quantity went unread.
    const freight = valuesOf(
      `
COMMERCIAL INVOICE                                      Invoice No.  INV-2026-0042
Acme Polymers Limited                                   Date         05/03/2026
Item      Description                            Qty      Unit   Unit Price   Amount
LL-1002   Linear Low Density Polyethylene Film   44,000   LB     $0.62        $27,280.00
FRT       Freight to Laredo (prepaid and added)           1 EA   $1,150.00    $1,150.00
                                                                 Subtotal     $28,430.00
`,
      { method: 'ocr', confidence: 0.9 },
    );
    expect(freight.quantity).toBe(44000);
  });

  it('reads no word in a speck of dust on a scan', () => {
    // A photo's cargo table as Tesseract read it: specks under the weight caption and beside the
    // weight, read '3' at 0.21 and 'i' at 0, a third of the print's height.
    const words = (speck: number): Boxed[] => [
      ['Consignor', 0.039, 0.0426, 0.041, 0.0057], ['POLMEX', 0.043, 0.0545, 0.049, 0.0067], ['HANDEL', 0.096, 0.0536, 0.049, 0.0069], ['S.A.', 0.148, 0.0533, 0.022, 0.0062],
      ['BILL', 0.502, 0.0917, 0.044, 0.0105], ['OF', 0.551, 0.091, 0.027, 0.0107], ['LADING', 0.585, 0.0898, 0.075, 0.0112],
      ['Bill', 0.498, 0.1152, 0.011, 0.005], ['of', 0.513, 0.1152, 0.007, 0.005], ['Lading', 0.523, 0.115, 0.027, 0.0057], ['No.', 0.554, 0.115, 0.013, 0.0043],
      ['HOCGDA2130772', 0.502, 0.1236, 0.097, 0.0121],
      ['Container-No./Seal', 0.047, 0.3, 0.082, 0.0062], ['No.', 0.294, 0.2976, 0.014, 0.005], ['of', 0.311, 0.2971, 0.009, 0.0052], ['Pkgs', 0.322, 0.2969, 0.022, 0.0067],
      ['Description', 0.352, 0.2962, 0.05, 0.0064], ['of', 0.406, 0.2957, 0.009, 0.0052], ['Packages', 0.417, 0.2955, 0.042, 0.0064], ['and', 0.462, 0.2948, 0.016, 0.0052], ['Goods', 0.481, 0.2945, 0.029, 0.0052],
      ['Gross', 0.704, 0.2914, 0.027, 0.005], ['Weight', 0.733, 0.2907, 0.031, 0.0064], ['Measurement', 0.841, 0.2879, 0.06, 0.0086],
      ['3', 0.741, 0.3169, 0.003, 0.0019, speck],
      ['CAIU2101199', 0.048, 0.329, 0.068, 0.0069], ['1,085', 0.296, 0.3476, 0.028, 0.0071], ['CARTONS', 0.328, 0.3467, 0.057, 0.0071],
      ['i', 0.662, 0.3431, 0.003, 0.0019, speck === 0.21 ? 0 : speck], ['12,044', 0.776, 0.3402, 0.035, 0.0071], ['kgs', 0.815, 0.34, 0.018, 0.0079], ['24.15', 0.893, 0.3386, 0.029, 0.0064], ['CBM', 0.926, 0.3381, 0.025, 0.0064],
      ['FROZEN', 0.296, 0.3581, 0.047, 0.0069], ['VANNAMEI', 0.347, 0.3571, 0.061, 0.0069], ['SHRIMP', 0.413, 0.3564, 0.045, 0.0069],
      ['NET', 0.297, 0.3802, 0.023, 0.0062], ['WEIGHT:', 0.323, 0.3793, 0.048, 0.0069], ['10,850', 0.376, 0.3788, 0.035, 0.0071], ['kgs', 0.415, 0.3786, 0.018, 0.0076],
    ];
    const gross = (speck: number) => extractDocument([wordsPage(words(speck), { width: 2969, height: 4200 }, 'ocr')]).fields.gross_weight_kg?.value;
    expect(gross(0.21)).toBe(12044);
    // The same marks read surely are words: the figure printed first is the weight, as before.
    expect(gross(0.9)).toBe(3);
  });

  it('names the goods above their HS code when the cargo headings went unread', () => {
    // A faint scan's cargo box: 'Description of Packages and Goods' read as garble, so no table.
    const page = (lots: string, above = 'BLACK PEPPER') => `
BILL OF LADING                                   B/L No.: HOCMARS60128
Shipper
VAUBAN DISTRIBUTION SA
Marks A Nem Unatabent     Desorigdioon, of Pas kngen snd Gunde       Tires Weight
TRHU9299545               SHIPPERS LOAD, STOW AND COUNT             14,073.200 KGS
                          1 X 20GP CONTAINERS STC
                          233 BAGS
                          ${above}
${lots}
                          HS CODE: 0904.11
                          NET WEIGHT: 13,980.000 KGS
`;
    const bl = (lots: string, above?: string) => extractDocument([gridPage(page(lots, above), { method: 'ocr', confidence: 0.9 })]).fields.goods_description;
    expect(bl('')?.value).toBe('BLACK PEPPER');
    // Below a read heading's score: a person confirms it before it can fail a check.
    expect(bl('')?.confidence).toBeLessThanOrEqual(0.7);
    // The lots listed under the goods are not the goods.
    expect(bl('                          - GRADE 1, SCREEN 16')?.value).toBe('BLACK PEPPER');
    // Right above the HS code only packing and clauses: no goods named.
    expect(bl('', '')).toBeUndefined();
  });

  it('reads what an export invoice\'s shipping block counts and weighs', () => {
    const page = (grossCaption: string) => `
ALPEN KUNSTSTOFF VERTRIEB GMBH                                   Beleg-Nr.         ZD-26-7382
Lastenstraße 3, 8067 Graz                                        Rechnungsdatum    19.09.2026
                                   RECHNUNG
Schiff                     POL                  POD                  Packstücke
ATLANTIC CARMEN 2448E      KOPER, SLOVENIA      NAPLES, ITALY        74 DRUMS
Nettogewicht               ${grossCaption}
14,060.00 KG               15,392.00 KG

Leistung                                           Menge ME     Einzelpreis EUR    Betrag (EUR)
Extra Virgin Olive Oil, organic, cold extracted    14,060 kg    5.90               82,954.00
                                                                Endbetrag          82,954.00
`;
    // A one-word caption followed by its qualifier ('brutto') is still that caption.
    for (const caption of ['Gesamtgewicht brutto', 'Bruttogewicht']) {
      const v = valuesOf(page(caption));
      expect(v).toMatchObject({ packages: 74, package_unit: 'DRUM', gross_weight_kg: 15392, quantity: 14060 });
    }
  });

  it('weighs no cargo at nothing', () => {
    const page = (weight: string) => `
Shipper                                   BILL OF LADING
TICINO ROHSTOFF SARL                      B/L No.: ABLULQ17434453
                                          Gross Weight (KGS)
                                          ${weight}
`;
    // '24025 00 KGS' with the figures unread: the tail is no weight.
    expect(valuesOf(page('00 KGS'), { method: 'ocr', confidence: 0.9 }).gross_weight_kg).toBeUndefined();
    expect(valuesOf(page('24,025.00 KGS'), { method: 'ocr', confidence: 0.9 }).gross_weight_kg).toBe(24025);
  });

  it('takes the carrier the signature clause names over a carrier box read from words the reader could not read', () => {
    const page = gridPage(
      `
Shipper                                   SEA WAYBILL
FJORDLAND SEAFOOD EXPORT AS               Waybill No.: ONSW 2603 88120
Carrier
easel,
Place and date of issue: Alesund, 14 March 2026   Signed for Oslo Nordic Shipping AS as Carrier
`,
      { method: 'ocr', confidence: 0.9 },
    );
    // The ghost of the next box's caption ('Vessel'), read at 0.29.
    const ghost = (confidence: number): PageText => ({ ...page, words: page.words.map((w) => (w.text === 'easel,' ? { ...w, confidence } : w)) });
    expect(extractDocument([ghost(0.29)]).fields.carrier?.value).toBe('Oslo Nordic Shipping AS');
    // A box read at all keeps its word.
    expect(extractDocument([ghost(0.5)]).fields.carrier?.value).not.toBe('Oslo Nordic Shipping AS');
  });

  it('reads the caption of a bilingual box whose first half a scan garbled', () => {
    const page = (caption: string) => `
Shipper                                   BILL OF LADING
BRABANT DISTRIBUTION BV                   B/L No.: MRDANT0333497
Place of Receipt    ${caption}      Voy. No.
ANTWERPEN           MERIDIAN HARMONY      693W
`;
    // 'Gemi Adı | Vessel Name' read as 'Grom Vessel Name'.
    expect(valuesOf(page('Grom Vessel Name  '), { method: 'ocr', confidence: 0.9 }).vessel).toBe('MERIDIAN HARMONY');
    // A caption that only starts the segment stays as it was read; a figure makes the line no caption line.
    expect(valuesOf(page('Grom 2 Vessel Name'), { method: 'ocr', confidence: 0.9 }).vessel).toBeUndefined();
  });

  it("reads the vessel from a voyage box that prints a name before the code (the box's vessel caption unread)", () => {
    const page = (caption: string, value: string) => `
Shipper                                   BILL OF LADING
TEXTIL MEDITERRANEA S.L.U.                B/L No.: NSLU714921479
Place of Receipt   ${caption}          Port of Loading
BILBAO             ${value}   BARCELONA, SPAIN
`;
    // 'Vessel / Voyage' read only as 'Voyage': the whole box was taken for the voyage.
    expect(valuesOf(page('Voyage         ', 'NORDIC AURORA TQ012S  '), { method: 'ocr', confidence: 0.9 })).toMatchObject({ vessel: 'NORDIC AURORA', voyage: 'TQ012S' });
    // A voyage box holding only its code names no vessel.
    const plain = valuesOf(page('Voyage No.     ', 'TQ012S                '), { method: 'ocr', confidence: 0.9 });
    expect(plain.voyage).toBe('TQ012S');
    expect(plain.vessel).toBeUndefined();
  });

  it('keeps a net weight lighter than a kilogram a package unsure (a figure read in part)', () => {
    const page = (net: string) => `
Shipper                                   BILL OF LADING
KARADENIZ TEKSTIL A.S.                    B/L No.: GASU118535023
No. of Pkgs.     Description of Goods                 Gross Weight (kg)
416 CARTONS      COTTON YARN                          19,535.36
                 NET WEIGHT: ${net}
`;
    const part = extractDocument([gridPage(page('76 kgs'), { method: 'ocr', confidence: 0.9 })]).fields;
    expect(part.net_weight_kg?.value).toBe(76);
    expect(part.net_weight_kg!.confidence).toBeLessThan(0.5);
    expect(part.quantity!.confidence).toBeLessThan(0.5);
    const whole = extractDocument([gridPage(page('18,869.76 kgs'), { method: 'ocr', confidence: 0.9 })]).fields;
    expect(whole.net_weight_kg?.value).toBe(18869.76);
    expect(whole.net_weight_kg!.confidence).toBeGreaterThan(0.8);
  });

  it('reads captions of ruled boxes printed edge to edge, a bilingual vessel/voyage caption, and never a caption as a value', () => {
    // Each caption fills its box: one space apart, each starting where the value under it starts.
    const bl = valuesOf(`
Shipper                                   BILL OF LADING
GREEN VALLEY CASHEW CO., LTD.             B/L No.: PCLU-HCM-26-004417
Place of Receipt Schiff / Vessel / Voyage Port of Lading Port of Discharge Place of Delivery
BINH DUONG       NORDIC TIDE / 2595W      CAT LAI        LEIXOES, PORTUGAL
`);
    expect([bl.vessel, bl.voyage, bl.port_of_loading, bl.port_of_discharge]).toEqual(['NORDIC TIDE', '2595W', 'CAT LAI', 'LEIXOES, PORTUGAL']);
    // No value under the last caption, and nothing under the discharge port's: the caption beside it
    // is not the port.
    const noPort = valuesOf(`
Shipper                                   BILL OF LADING
GREEN VALLEY CASHEW CO., LTD.             B/L No.: PCLU-HCM-26-004417
Ocean Vessel / Voyage Port of Loading Port of Discharge Place of Delivery
NORDIC TIDE / 2595W   CAT LAI
`);
    expect([noPort.vessel, noPort.port_of_loading, noPort.port_of_discharge]).toEqual(['NORDIC TIDE', 'CAT LAI', undefined]);
  });

  it("reads a scanned B/L whose letterhead rises beside the shipper's caption and whose vessel and voyage the reader split apart", () => {
    // The top of a bilingual B/L scan (a generated one), words as OCR read them: the carrier's name,
    // set large at the right, stands level with 'Ablader / Shipper' and above the shipper's name; the
    // caption 'Schiff / Ocean Vessel / Voyage' lost its first slash; 'CRESCENT PEARL / DK924N' lost
    // its slash and reads as two pieces under it.
    const words: Boxed[] = [
      ["Ablader", 0.0536, 0.0308, 0.0399, 0.0054, 0.91], ["/", 0.0907, 0.0296, 0.0036, 0.0094, 0.91], ["Shipper", 0.0972, 0.0308, 0.0339, 0.0068, 0.96], ["(complete", 0.1347, 0.0311, 0.0431, 0.0066, 0.96],
      ["name", 0.1819, 0.0325, 0.0242, 0.0043, 0.96], ["and", 0.2097, 0.0316, 0.0157, 0.0051, 0.96], ["address)", 0.2290, 0.0316, 0.0383, 0.0063, 0.97], ["PT", 0.0573, 0.0445, 0.0157, 0.0060, 0.93],
      ["MITRA", 0.0766, 0.0445, 0.0395, 0.0063, 0.91], ["MAKMUR", 0.1198, 0.0445, 0.0560, 0.0063, 0.91], ["PERKASA", 0.1806, 0.0445, 0.0605, 0.0068, 0.91], ["JL.", 0.0569, 0.0559, 0.0157, 0.0066, 0.93],
      ["PLUIT", 0.0778, 0.0559, 0.0347, 0.0066, 0.93], ["RAYA", 0.1165, 0.0559, 0.0315, 0.0066, 0.96], ["NO.", 0.1516, 0.0559, 0.0214, 0.0066, 0.96], ["155", 0.1778, 0.0559, 0.0198, 0.0068, 0.97],
      ["JAKARTA", 0.0569, 0.0670, 0.0548, 0.0068, 0.93], ["UTARA", 0.1153, 0.0676, 0.0411, 0.0063, 0.93], ["14569,", 0.1601, 0.0676, 0.0371, 0.0077, 0.96], ["INDONESIA", 0.2024, 0.0678, 0.0685, 0.0066, 0.96],
      ["www.", 0.5109, 0.0681, 0.0242, 0.0086, 0.43], ["pacificline.com", 0.5371, 0.0681, 0.0649, 0.0086, 0.43], ["Empfdnger", 0.0536, 0.0889, 0.0484, 0.0063, 0.71], ["/", 0.1052, 0.0889, 0.0024, 0.0051, 0.92],
      ["Consignee", 0.1113, 0.0889, 0.0472, 0.0068, 0.92], ["(complete", 0.1621, 0.0892, 0.0435, 0.0066, 0.97], ["name", 0.2093, 0.0906, 0.0242, 0.0037, 0.96], ["and", 0.2371, 0.0892, 0.0157, 0.0051, 0.97],
      ["address)", 0.2569, 0.0892, 0.0383, 0.0068, 0.97], ["VAUBAN", 0.0560, 0.1021, 0.0528, 0.0066, 0.93], ["TEXTILES", 0.1129, 0.1021, 0.0593, 0.0068, 0.96], ["SARL", 0.1770, 0.1021, 0.0335, 0.0068, 0.96],
      ["73", 0.0569, 0.1137, 0.0133, 0.0063, 0.97], ["BOULEVARD", 0.0750, 0.1137, 0.0750, 0.0063, 0.93], ["HAUSSMANN", 0.1548, 0.1137, 0.0786, 0.0068, 0.91], ["75009", 0.0569, 0.1251, 0.0339, 0.0066, 0.94],
      ["PARIS,", 0.0956, 0.1251, 0.0387, 0.0077, 0.96], ["FRANCE", 0.1395, 0.1251, 0.0504, 0.0068, 0.96], ["TAX", 0.0560, 0.1368, 0.0230, 0.0063, 0.93], ["ID:", 0.0839, 0.1368, 0.0145, 0.0063, 0.93],
      ["FR11405524282", 0.1032, 0.1368, 0.0927, 0.0068, 0.92], ["Pacific", 0.5145, 0.0371, 0.0681, 0.0120, 0.97], ["Crescent", 0.5899, 0.0379, 0.0927, 0.0111, 0.96], ["Shipping", 0.6899, 0.0379, 0.0911, 0.0180, 0.96],
      ["Pte.", 0.7895, 0.0388, 0.0375, 0.0108, 0.97], ["Ltd.", 0.8355, 0.0385, 0.0375, 0.0114, 0.97], ["Combined", 0.5133, 0.0576, 0.0448, 0.0051, 0.96], ["Transport", 0.5617, 0.0576, 0.0423, 0.0066, 0.95],
      ["Bill", 0.6077, 0.0576, 0.0125, 0.0051, 0.97], ["of", 0.6238, 0.0582, 0.0073, 0.0051, 0.93], ["Lading", 0.6355, 0.0582, 0.0290, 0.0063, 0.93], ["DRAFT", 0.9020, 0.0379, 0.0504, 0.0074, 0.95],
      ["BL", 0.5097, 0.1106, 0.0113, 0.0048, 0.96], ["No", 0.5246, 0.1106, 0.0117, 0.0048, 0.96], ["PCSUNEB80264036", 0.5133, 0.1234, 0.1069, 0.0068, 0.42], ["BILL", 0.5137, 0.0872, 0.0431, 0.0097, 0.96],
      ["OF", 0.5633, 0.0872, 0.0266, 0.0103, 0.93], ["LADING", 0.5972, 0.0872, 0.0750, 0.0103, 0.91], ["Booking", 0.7383, 0.1112, 0.0351, 0.0063, 0.96], ["No.", 0.7770, 0.1112, 0.0145, 0.0051, 0.97],
      ["9655197185", 0.7407, 0.1243, 0.0694, 0.0066, 0.97], ["Export", 0.5097, 0.1431, 0.0278, 0.0066, 0.97], ["References", 0.5415, 0.1431, 0.0504, 0.0051, 0.96], ["Meldeadresse", 0.0532, 0.1559, 0.0621, 0.0057, 0.93],
      ["/", 0.1190, 0.1565, 0.0024, 0.0051, 0.93], ["Notify", 0.1250, 0.1565, 0.0250, 0.0068, 0.97], ["Party", 0.1536, 0.1565, 0.0230, 0.0068, 0.96], ["DELTA", 0.0560, 0.1693, 0.0395, 0.0063, 0.96],
      ["CLEARANCE", 0.0992, 0.1696, 0.0786, 0.0066, 0.96], ["SERVICES", 0.1819, 0.1696, 0.0629, 0.0068, 0.96], ["INC.", 0.2492, 0.1702, 0.0242, 0.0063, 0.96], ["75009", 0.0560, 0.1813, 0.0347, 0.0063, 0.96],
      ["PARIS,", 0.0948, 0.1813, 0.0387, 0.0071, 0.96], ["FRANCE", 0.1391, 0.1813, 0.0508, 0.0068, 0.96], ["TEL:", 0.0560, 0.1927, 0.0254, 0.0066, 0.92], ["+3352956", 0.0863, 0.1927, 0.0661, 0.0068, 0.81],
      ["12", 0.1573, 0.1910, 0.0125, 0.0083, 0.73], ["24", 0.1742, 0.1927, 0.0133, 0.0068, 0.97], ["PO", 0.5125, 0.1559, 0.0177, 0.0066, 0.93], ["PZN-85737", 0.5343, 0.1565, 0.0637, 0.0063, 0.92],
      ["RECEIVED", 0.5125, 0.1816, 0.0444, 0.0043, 0.96], ["by", 0.5605, 0.1816, 0.0085, 0.0057, 0.97], ["the", 0.5726, 0.1816, 0.0113, 0.0048, 0.97], ["Carrier", 0.5871, 0.1816, 0.0266, 0.0048, 0.96],
      ["from", 0.6165, 0.1816, 0.0169, 0.0048, 0.96], ["the", 0.6371, 0.1822, 0.0117, 0.0043, 0.96], ["Shipper", 0.6524, 0.1822, 0.0294, 0.0054, 0.97], ["in", 0.6851, 0.1830, 0.0060, 0.0034, 0.97],
      ["apparent", 0.6948, 0.1824, 0.0339, 0.0051, 0.96], ["good", 0.7323, 0.1824, 0.0185, 0.0057, 0.96], ["order", 0.7544, 0.1822, 0.0202, 0.0046, 0.97], ["and", 0.7774, 0.1824, 0.0141, 0.0043, 0.97],
      ["condition", 0.7952, 0.1824, 0.0343, 0.0043, 0.96], ["unless", 0.8331, 0.1824, 0.0250, 0.0048, 0.95], ["otherwise", 0.8609, 0.1824, 0.0375, 0.0048, 0.97], ["noted", 0.9020, 0.1830, 0.0214, 0.0043, 0.97],
      ["herein", 0.9270, 0.1824, 0.0234, 0.0048, 0.97], ["the", 0.5125, 0.1893, 0.0117, 0.0048, 0.97], ["total", 0.5270, 0.1893, 0.0157, 0.0048, 0.96], ["number", 0.5464, 0.1893, 0.0298, 0.0048, 0.96],
      ["or", 0.5790, 0.1907, 0.0073, 0.0034, 0.97], ["quantity", 0.5895, 0.1901, 0.0306, 0.0051, 0.89], ["of", 0.6234, 0.1899, 0.0065, 0.0043, 0.94], ["Containers", 0.6331, 0.1899, 0.0423, 0.0046, 0.96],
      ["or", 0.6782, 0.1910, 0.0081, 0.0034, 0.96], ["other", 0.6891, 0.1899, 0.0194, 0.0046, 0.96], ["packages", 0.7117, 0.1901, 0.0375, 0.0057, 0.96], ["or", 0.7520, 0.1910, 0.0073, 0.0034, 0.97],
      ["units", 0.7629, 0.1907, 0.0181, 0.0043, 0.94], ["indicated", 0.7843, 0.1901, 0.0343, 0.0048, 0.94], ["above", 0.8222, 0.1901, 0.0238, 0.0048, 0.97], ["stated", 0.8488, 0.1901, 0.0238, 0.0048, 0.88],
      ["by", 0.8754, 0.1907, 0.0093, 0.0054, 0.97], ["the", 0.8875, 0.1907, 0.0117, 0.0043, 0.97], ["Shipper", 0.9028, 0.1907, 0.0294, 0.0054, 0.97], ["to", 0.9355, 0.1916, 0.0065, 0.0034, 0.97],
      ["comprise", 0.5121, 0.1984, 0.0355, 0.0046, 0.96], ["the", 0.5508, 0.1970, 0.0113, 0.0048, 0.96], ["Goods", 0.5657, 0.1975, 0.0254, 0.0046, 0.97], ["specified,", 0.5944, 0.1975, 0.0363, 0.0054, 0.91],
      ["for", 0.6343, 0.1975, 0.0101, 0.0046, 0.91], ["Carriage", 0.6476, 0.1978, 0.0331, 0.0057, 0.95], ["subject", 0.6839, 0.1978, 0.0278, 0.0057, 0.92], ["to", 0.7145, 0.1984, 0.0069, 0.0037, 0.92],
      ["all", 0.7242, 0.1978, 0.0085, 0.0043, 0.92], ["the", 0.7363, 0.1978, 0.0109, 0.0048, 0.95], ["terms", 0.7508, 0.1984, 0.0214, 0.0043, 0.97], ["hereof.", 0.7758, 0.1978, 0.0258, 0.0048, 0.96],
      ["One", 0.8060, 0.1984, 0.0157, 0.0043, 0.96], ["original", 0.8246, 0.1984, 0.0286, 0.0054, 0.96], ["Bill", 0.8560, 0.1984, 0.0109, 0.0043, 0.82], ["of", 0.8706, 0.1984, 0.0069, 0.0046, 0.97],
      ["Lading", 0.8810, 0.1984, 0.0254, 0.0060, 0.90], ["must", 0.9101, 0.1987, 0.0185, 0.0043, 0.97], ["be", 0.9319, 0.1984, 0.0089, 0.0046, 0.97], ["Place", 0.0532, 0.2141, 0.0234, 0.0051, 0.97],
      ["of", 0.0810, 0.2141, 0.0077, 0.0051, 0.97], ["Receipt", 0.0923, 0.2141, 0.0335, 0.0068, 0.97], ["by", 0.1286, 0.2141, 0.0105, 0.0068, 0.93], ["Pre-carrier", 0.1427, 0.2147, 0.0464, 0.0051, 0.92],
      ["Schiff", 0.2351, 0.2147, 0.0250, 0.0051, 0.76], ["Ocean", 0.2685, 0.2149, 0.0290, 0.0051, 0.96], ["Vessel", 0.3012, 0.2149, 0.0282, 0.0051, 0.87], ["/", 0.3343, 0.2149, 0.0020, 0.0048, 0.87],
      ["Voyage", 0.3391, 0.2155, 0.0327, 0.0063, 0.96], ["Ladehafen", 0.4177, 0.2155, 0.0468, 0.0051, 0.92], ["/", 0.4681, 0.2155, 0.0024, 0.0051, 0.92], ["Port", 0.4742, 0.2155, 0.0173, 0.0051, 0.97],
      ["of", 0.4952, 0.2155, 0.0077, 0.0051, 0.97], ["Loading", 0.5065, 0.2155, 0.0347, 0.0068, 0.97], ["Léschhafen", 0.6004, 0.2158, 0.0508, 0.0051, 0.25], ["/", 0.6548, 0.2158, 0.0024, 0.0051, 0.87],
      ["Port", 0.6609, 0.2164, 0.0181, 0.0046, 0.96], ["of", 0.6819, 0.2158, 0.0081, 0.0051, 0.96], ["Discharging", 0.6935, 0.2158, 0.0520, 0.0068, 0.97], ["Place", 0.7831, 0.2164, 0.0242, 0.0051, 0.97],
      ["of", 0.8109, 0.2164, 0.0077, 0.0051, 0.97], ["Delivery", 0.8222, 0.2164, 0.0351, 0.0068, 0.96], ["JAKARTA", 0.0556, 0.2275, 0.0585, 0.0063, 0.93], ["UTARA", 0.1185, 0.2275, 0.0423, 0.0068, 0.92],
      ["CRESCENT", 0.2383, 0.2278, 0.0645, 0.0060, 0.96], ["PEARL", 0.3065, 0.2278, 0.0456, 0.0066, 0.97], ["|", 0.3480, 0.2266, 0.0060, 0.0103, 0.69], ["DK924N", 0.3560, 0.2283, 0.0435, 0.0060, 0.91],
      ["BELAWAN,", 0.4214, 0.2283, 0.0649, 0.0080, 0.83], ["INDONESIA", 0.4911, 0.2286, 0.0685, 0.0066, 0.96], ["MARSEILLE-FOS,", 0.6040, 0.2292, 0.1044, 0.0077, 0.90], ["FRANCE", 0.7133, 0.2292, 0.0516, 0.0068, 0.96],
      ["|", 0.7726, 0.2281, 0.0077, 0.0105, 0.96], ["PARIS", 0.7859, 0.2295, 0.0371, 0.0066, 0.96],
    ];
    const fields = extractDocument([wordsPage(words, { width: 595.28, height: 841.89 }, 'ocr')]).fields;
    expect([fields.shipper?.value, fields.vessel?.value, fields.voyage?.value]).toEqual(['PT MITRA MAKMUR PERKASA', 'CRESCENT PEARL', 'DK924N']);
  });

  it('reads the party boxes of a B/L scan whose captions were lost in the order forms print them, side by side', () => {
    const page = `
IBERIAN ATLANTIC NAVIGATION S.L.                                  BILL OF LADING
B/L No.
IANALG9267484

Alimentacion Levante S.L.       Lemano Trading GmbH             Portline Forwarding B.V.
Gran Via 178                    Quai du Mont-Blanc 83           Keizersgracht 12
48072 Bilbao, Spain             1279 Geneve, Switzerland        1084 FA Amsterdam, Netherlands

Vessel                          Port of Loading                 Port of Discharge
ATLANTIC CARMEN                 ALGECIRAS, SPAIN                GENOA, ITALY
`;
    const read = extractDocument([gridPage(page, { method: 'ocr', confidence: 0.9 })]).fields;
    expect([read.shipper?.value, read.consignee?.value, read.notify_party?.value]).toEqual(['Alimentacion Levante S.L.', 'Lemano Trading GmbH', 'Portline Forwarding B.V.']);
    // Guessed from the form's order: to be confirmed.
    expect(read.shipper?.confidence).toBeLessThanOrEqual(0.5);
    // One caption read is enough to go by the captions instead.
    const captioned = extractDocument([gridPage(page.replace('\n\nAlimentacion', '\nShipper\nAlimentacion'), { method: 'ocr', confidence: 0.9 })]).fields;
    expect([captioned.shipper?.value, captioned.consignee?.value]).toEqual(['Alimentacion Levante S.L.', undefined]);
  });

  it("names the doubt in a scanned B/L number whose letters end in a digit's look-alike ('HOCROTB258725': B or 8)", () => {
    const page = `
BILL OF LADING                            B/L No.: HOCROTB258725
Shipper
COMERCIO DOURO LDA.
`;
    const scanned = extractDocument([gridPage(page, { method: 'ocr', confidence: 0.95 })]).fields.bl_number;
    expect(scanned?.value).toBe('HOCROTB258725');
    expect(scanned?.confidence).toBeLessThanOrEqual(0.7);
    expect(scanned?.ambiguity).toContain("'8'");
    // Printed in a text layer, the letters are what was typed.
    const typed = extractDocument([gridPage(page)]).fields.bl_number;
    expect([typed?.confidence, typed?.ambiguity]).toEqual([1, undefined]);
    // A letter that looks like no digit before them ('HOCROTA258725') raises no doubt.
    expect(extractDocument([gridPage(page.replace('HOCROTB', 'HOCROTA'), { method: 'ocr', confidence: 0.95 })]).fields.bl_number?.ambiguity).toBeUndefined();
  });

  it("takes the pieces inside the cartons as a B/L's quantity when the carton count is read whole only on its totals line", () => {
    // In the cargo box the count stands apart from its word (its own column): only 'TOTAL: 164 CARTONS' counts them.
    const bl = valuesOf(`
BILL OF LADING                                        B/L No.: HOCLIS1655660
Shipper
COMERCIO DOURO LDA.
Container No./Seal No.  No. of Pkgs  Description of Packages and Goods   Gross Weight (KGS)
TEMU 137308-8                        SHIPPER'S LOAD, COUNT & SEAL
40'HC                   164          CARTONS (9,840 PCS)                  2,017.200 KG
                                     MEN'S COTTON KNITTED T-SHIRTS
                                     NET WEIGHT: 1,869.600 KG

TOTAL: 164 CARTONS 2,017.200 KG
`);
    expect([bl.quantity, bl.quantity_unit, bl.packages, bl.net_weight_kg]).toEqual([9840, 'PCS', 164, 1869.6]);
  });

  it('reads a container list as one to confirm when a container number on the page was not read whole', () => {
    const page = (second: string) => `
BILL OF LADING                            B/L No.: IANALG9267484
Shipper
ALIMENTACION LEVANTE S.L.
Container No. / Seal No.     Description of Goods          Gross Weight
${second.padEnd(29)}SHIPPER'S LOAD, COUNT & SEAL
SEAL: 6978068                1,327 BAGS                    33,374 KGS
BMOU 539106 5                POLYPROPYLENE HOMOPOLYMER
`;
    const whole = extractDocument([gridPage(page('TEMU 014174 5'), { method: 'ocr', confidence: 0.92 })]).fields.container_numbers;
    expect(whole?.value).toEqual(['TEMU0141745', 'BMOU5391065']);
    expect(whole?.confidence).toBeGreaterThan(0.9);
    // A smudge took the check digit: the list read lacks one, and says so with its confidence.
    const short = extractDocument([gridPage(page('TEMU 014174 §'), { method: 'ocr', confidence: 0.92 })]).fields.container_numbers;
    expect(short?.value).toEqual(['BMOU5391065']);
    expect(short?.confidence).toBeLessThan(0.7);
  });

  it("places a party caption whose word a scan garbled by the form's order, and only when no other box could be it", () => {
    const scan = { method: 'ocr' as const, confidence: 0.9 };
    const bl = valuesOf(
      `
Ehippes {complete name and address)       BILL OF LADING
EXPORTADORA LUSITANA LDA.                 B/L No.: HOCLIS1893244
RUA DO SOUTO 62, BRAGA
Consignee (complete name and address)
TOROS TARIM URUNLERI A.S.
Notify Party (complete name and address)
SAME AS CONSIGNEE
`,
      scan,
    );
    expect([bl.shipper, bl.consignee, bl.notify_party]).toEqual(['EXPORTADORA LUSITANA LDA.', 'TOROS TARIM URUNLERI A.S.', 'SAME AS CONSIGNEE']);
    // Two boxes before the notify party and only one caption left to place: it could be either.
    const unsure = valuesOf(
      `
tarp                                      BILL OF LADING
MEUSE IMPORT SRL                          B/L No.: ABLUAN19561055
fenaignes (complete name and address)
EXPORTADORA MONDEGO LDA.
Notify Party
SAME AS CONSIGNEE
`,
      scan,
    );
    expect([unsure.shipper, unsure.consignee]).toEqual([undefined, undefined]);
  });

  it('takes a bare figure under the block whose digits are its sum in another order as the total printed so, on a scan read with confidence', () => {
    const page = `
FAKTUR                                    No. Faktur: MA-26-0412
No.  Uraian                       Kuantitas   Harga Satuan   Total Harga
10   Long Grain White Rice        19,150 Ton  435,00         8.330,25
20   Long Grain White Rice        21,400 Ton  565,00         12.091,00
                                  Sub Total:                 27.746,25
                                  Potongan Harga:            569,00
                                  ~~~~                 US$   72.177,25
`;
    // The caption unreadable, the figure read well: 27.746,25 − 569,00 = 27.177,25, its digits swapped.
    expect(valuesOf(page.replace('~~~~', '    '), { method: 'ocr', confidence: 0.9 }).total_amount).toBe(72177.25);
    // A substituted digit is a misread, not a total printed so.
    expect(valuesOf(page.replace('~~~~', '    ').replace('72.177,25', '27.877,25'), { method: 'ocr', confidence: 0.9 }).total_amount).not.toBe(27877.25);
    // Barely read, it is no total either.
    expect(valuesOf(page.replace('~~~~', '    '), { method: 'ocr', confidence: 0.4 }).total_amount).not.toBe(72177.25);
  });

  it('keeps a grand total a text layer prints below the lines, and a transposed one on a scan too, but takes a substituted digit on a scan for a misread', () => {
    const page = `
COMMERCIAL INVOICE                        Invoice No.: 202606889
Line  Description of Goods                Qty         Unit Price       Total
1     Kraftliner Paper, 200 gsm           24.650 MT   655.00           16,145.75
2     Kraftliner Paper, 150 gsm           33.350 MT   775.00           25,846.25
                                          Total Net:                   41,992.00
                                          Invoice Total:               14,992.00 USD
`;
    // Printed as it stands: the checks, not the reading, say the invoice does not add up.
    expect(valuesOf(page).total_amount).toBe(14992);
    // Read by OCR, two digits swapped were printed so: a reader substitutes a digit, it never swaps two.
    expect(valuesOf(page, { method: 'ocr', confidence: 0.9 }).total_amount).toBe(14992);
    // A figure below the goods that differs by a substituted digit is likelier a misread than the total.
    expect(valuesOf(page.replace('14,992.00 USD', '11,992.00 USD'), { method: 'ocr', confidence: 0.9 }).total_amount).toBe(41992);
    expect(transposed(14992, 41992)).toBe(true);
    expect(transposed(11992, 41992)).toBe(false);
    expect(transposed(41992, 41992)).toBe(false);
    // As printed, with its leading zero: '014,527.40' is 104,527.40 with two digits swapped.
    expect(transposed(14527.4, 104527.4, '014,527.40')).toBe(true);
    expect(transposed(14527.4, 104527.4)).toBe(false);
  });

  it("reads a subtotal whose decimal comma a scan read as a semicolon ('58.630;50') whole, not as its cents", () => {
    const page = `
FATURA                                    Fatura No: EXP-2026-0417
S.No  Mal/Hizmet                          Miktar      B. Fiyat         Tutar
1     Vietnam Robusta Coffee Beans        12,900 TON  4.545,00         58.630,50
                                          Matrah:                      58.630;50
                                          %0 KDV:                           0,00
                                          Genel Toplam:            58.630,50 EUR
`;
    const fields = valuesOf(page, { method: 'ocr', confidence: 0.9 });
    expect([fields.subtotal, fields.total_amount]).toEqual([58630.5, 58630.5]);
  });

  it("reads a summary figure past a stamp's marks between its label and the figure on a scan, and takes the total the subtotal and freight explain over the goods line's amount", () => {
    const page = `
FATTURA COMMERCIALE                       Documento n.: 202501043
Codice  Descrizione                    Quantita  U.M.   Prezzo un.    Importo (USD)
090411  Black Pepper, 500 g/l FAQ      18,300    MT     5.065,00          92.689,50
                                       Subtotale:                         92.689,50
                                       Nolo:        [3                     5.459,00
                                       TOTALE 2                           98.148.50
`;
    const scan = gridPage(page, { method: 'ocr', confidence: 0.9 });
    // The stamp's marks barely made out; the total read through the stamp's ink, not much better.
    const confidence: Record<string, number> = { '[3': 0.43, '2': 0.38, '98.148.50': 0.51 };
    const words = scan.words.map((w) => ({ ...w, confidence: confidence[w.text] ?? w.confidence }));
    const fields = extractDocument([{ ...scan, words }]).fields;
    expect([fields.subtotal?.value, fields.charges?.value, fields.total_amount?.value]).toEqual([92689.5, ['freight:5459'], 98148.5]);
  });

  it('restores a decimal mark OCR dropped on the figure printed without cents, not on the quantity printed with them', () => {
    const page = `
RECHNUNG                                  Rechnung Nr.: 2026-0815
Pos.  Artikelbezeichnung                  Menge       ME    E-Preis     Gesamt (EUR)
1     Cotton Yarn, Ne 20/1 carded         6.486,48    kg    347         22.508,09
                                          Gesamtbetrag:                 22.508,09 EUR
`;
    const fields = valuesOf(page, { method: 'ocr', confidence: 0.9 });
    expect([fields.quantity, fields.unit_price, fields.total_amount]).toEqual([6486.48, 3.47, 22508.09]);
    // The quantity printed without a decimal mark is the one that lost it.
    const lost = valuesOf(page.replace('6.486,48', '  648648').replace('347     ', '3,47    '), { method: 'ocr', confidence: 0.9 });
    expect([lost.quantity, lost.unit_price]).toEqual([6486.48, 3.47]);
  });

  it("reads 'Total Harga' as the line amount, not a price column after a 'Total' one", () => {
    // The unit-price header lifted above the header line by a leaning photo; 'Total Harga' (total
    // price) is the amount column.
    const page = `
FAKTUR KOMERSIAL                          No. Faktur: XW-25-9857
                                                 Harga Satuan
Pos  Deskripsi                     Kuantitas                    Total Harga
1    Wooden Garden Chairs          472   Pcs     24,26             11.450,72
                                   Sub Total:                      11.450,72
                                   TOTAL:                          11.450,72 EUR
`;
    const fields = valuesOf(page, { method: 'ocr', confidence: 0.9 });
    expect(fields.unit_price).not.toBe(11450.72);
    expect(fields.quantity).toBe(472);
  });

  it("reads no unit price from a figure with a '%' after it ('3%' a scan read for 3,80): a rate is no price", () => {
    const page = `
FACTURA                                   Nº de factura: UN-25-6511
Ref.  Artículo                            Cant.       Unidad   Precio      Importe
1     Cashew Kernels, LP (large pieces)   14.600      lb       3%          55.480,00
                                          Base imponible:                  55.480,00
`;
    const fields = valuesOf(page, { method: 'ocr', confidence: 0.9 });
    expect(fields.unit_price).toBeUndefined();
    expect(fields.quantity).toBe(14600);
    expect(valuesOf(page.replace('3%  ', '3,80'), { method: 'ocr', confidence: 0.9 }).unit_price).toBe(3.8);
  });

  it("takes a unit price whose first digits a stamp hid ('45' read for 3,45) from the amount over the quantity, as a reading to confirm", () => {
    const page = `
RECHNUNG                                  Rechnungsnummer: NK-26-0287
Pos.  Beschreibung                        Menge       ME    Einzelpreis   Gesamt
10    Men's Cotton T-Shirts, crew neck    19.200      Stück 45            66.240,00
                                          Summe brutto:            EUR 66.240,00
`;
    const price = extractDocument([gridPage(page, { method: 'ocr', confidence: 0.9 })]).fields.unit_price!;
    expect(price.value).toBe(3.45);
    expect(price.confidence).toBeLessThan(0.8);
    // Digits that are not the end of the price the amount gives stay as read.
    expect(valuesOf(page.replace('Stück 45   ', 'Stück 47   '), { method: 'ocr', confidence: 0.9 }).unit_price).toBe(47);
  });

  it("reads 'St.' in a goods table's unit column as pieces", () => {
    const page = `
Handelsrechnung                                       Rechnungsnummer: RE-2026-0815
Artikelbezeichnung                                Menge Einheit     Einzelpreis       Gesamt
Wooden Garden Chairs, acacia, oiled finish        1.142 St.              22,92     26.174,64
                                                  Gesamtbetrag:              26.174,64 USD
`;
    expect(valuesOf(page)).toMatchObject({ quantity: 1142, quantity_unit: 'PCS' });
  });

  it("reads a short unit right after the figure in the quantity's own cell ('55,350 t')", () => {
    const page = `
Rechnung                                              Rechnungsnummer: ZO-25-6548
Pos  Bezeichnung                                      Menge          Einzelpreis       Gesamtpreis
1    Steel Wire Rod, SAE 1018, 8.0 mm                 55,350 t            545,00         30.165,75
                                                      Summe brutto:              USD 30.165,75
`;
    expect(valuesOf(page)).toMatchObject({ quantity: 55.35, quantity_unit: 'MT' });
  });

  it("reads a currency beside the total that the rest of a scan does not print ('py S$' for US$) as a reading to confirm", () => {
    const page = `
FATURA                                    Fatura No: EXP-2026-0533
S.No  Mal/Hizmet                          Miktar      B. Fiyat         Tutar
1     Black Pepper, ASTA 550 g/l          8,100 MT    5.942,00     US$ 48.129,00
                                          Navlun:                  US$ 3.280,00
                                          Genel Toplam:         py S$ 51.409,00
IBAN (USD) TR26 9534 9026 9531 8031 5106 48
`;
    // 'S$' is the end of the US$ the page prints elsewhere: its sign read short, the page's currency.
    expect(extractDocument([gridPage(page, { method: 'ocr', confidence: 0.9 })]).fields.currency!.value).toBe('USD');
    // A sign of its own that the page prints nowhere else stays, as a reading to confirm.
    const other = extractDocument([gridPage(page.replace('py S$', 'py £'), { method: 'ocr', confidence: 0.9 })]).fields.currency!;
    expect(other.value).toBe('GBP');
    expect(other.confidence).toBeLessThan(0.8);
    // Printed so on a text layer, or agreeing with the page, it stands.
    expect(extractDocument([gridPage(page)]).fields.currency!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(extractDocument([gridPage(page.replace('py S$', 'US$'), { method: 'ocr', confidence: 0.9 })]).fields.currency!.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('takes a quantity a stamp left unread on a scan as the amount over the unit price when that is whole, as a reading to confirm', () => {
    const page = `
FATURA                                    Número da fatura: INV-33237
Item  Designação                          Quantidade    Preço unitário         Total
1     Extra Virgin Olive Oil              moka)         6,71               87.968,10
                                          Total a pagar (EUR):               87.968,10
`;
    const scan = gridPage(page, { method: 'ocr', confidence: 0.9 });
    const words = scan.words.map((w) => (w.text === 'moka)' ? { ...w, confidence: 0.06 } : w));
    const quantity = extractDocument([{ ...scan, words }]).fields.quantity!;
    expect(quantity.value).toBe(13110);
    expect(quantity.confidence).toBeLessThan(0.7);
    // Not whole (a price that does not divide the amount), or on a text layer: no quantity is made up.
    expect(extractDocument([{ ...scan, words: words.map((w) => (w.text === '6,71' ? { ...w, text: '6,73' } : w)) }]).fields.quantity).toBeUndefined();
    expect(extractDocument([gridPage(page)]).fields.quantity).toBeUndefined();
  });

  it('takes a quantity left unread on its one goods line whatever the table gathers under it: a date, and the subtotal beside an unread caption', () => {
    const page = (under: string) => `
TAX INVOICE                               Invoice #: 202601126
Item Description                          Qty           Price              Total
Hazelnut Kernels, natural, 11-13 mm       kg            6.31           107585.50
${under}
                                                        Freight:         5362.00
                                                        Total Amount:  112947.50
`;
    const read = (under: string) => extractDocument([gridPage(page(under), { method: 'ocr', confidence: 0.9 })]).fields.quantity;
    const under = `                                          2026-10-18
Banking Information                                                    107585.50`;
    expect(read(under)?.value).toBe(17050);
    expect(read(under)?.confidence).toBeLessThan(0.7);
    // A second line that prices goods of its own: which line lost its quantity is not known.
    expect(read(`Hazelnut Kernels, blanched                        6.31            12620.00`)).toBeUndefined();
  });

  it("leaves the total unread on a scan whose total line was lost under a discount, rather than take the lines' amount or a stray digit", () => {
    const page = (due: string) => `
FAKTURA                                   Numer faktury: FV/2445/11/2025
Nr  Opis                                  Ilość       Cena jedn.     Wartość netto (USD)
1   Frozen Shrimp Vannamei, HLSO 16/20    13530 kg    7,89           106 751,70
                                          Razem netto:               106 751,70
                                          Rabat:                     -2 324,00
                                          Razem do zapłaty:          ${due}
`;
    const scan = (due: string) => extractDocument([gridPage(page(due), { method: 'ocr', confidence: 0.9 })]).fields;
    // Read, the total is the block's own figure.
    expect(scan('104 427,70 USD').total_amount?.value).toBe(104427.7);
    // Lost in a smudge but for one digit: neither that digit nor the goods before the discount.
    expect(scan('ai 4').total_amount).toBeUndefined();
    expect(scan('ai 4').subtotal?.value).toBe(106751.7);
    expect(scan('').total_amount).toBeUndefined();
  });

  it("joins every header of a continuation line the scan's lean set apart ('Line Description' under 'Qty Unit  Unit Price  Amount')", () => {
    const page = `
COMMERCIAL INVOICE                        Invoice No.: TD-25-8522
                                          Qty  Unit   Unit Price      Amount
Line  Description
                                          19,650 kg   8.59            168,793.50
10    Hazelnut Kernels, natural, 11-13 mm
                                          Net Amount:                 168,793.50
`;
    const fields = valuesOf(page, { method: 'ocr', confidence: 0.9 });
    expect([fields.quantity, fields.quantity_unit, fields.unit_price, fields.goods_description]).toEqual([19650, 'KG', 8.59, 'Hazelnut Kernels, natural, 11-13 mm']);
  });

  it('takes a total a scan read only in its last digits for the sum of its summary block, as a reading to confirm', () => {
    const page = (total: string) => `
FACTURA                                   Número de factura: PC-2026-0413
Descripción                               Cantidad     Precio unitario      Importe
Wooden Garden Chairs, eucalyptus FSC      1.090 pzs    26,06              28.405,40
                                                       Base imponible:    28.405,40
                                                       Seguro:                55,05
                                                       Total factura      ${total}
`;
    const scan = (total: string) => extractDocument([gridPage(page(total), { method: 'ocr', confidence: 0.9 })]).fields.total_amount;
    // '28.4' under a smudge read as '7%': the rest, 60,45, is the end of 28.460,45.
    expect(scan('7% (USD 60,45')?.value).toBe(28460.45);
    expect(scan('7% (USD 60,45')?.confidence).toBeLessThan(0.7);
    // Printed so on a text layer, it is the invoice's own figure: the checks report the difference.
    expect(extractDocument([gridPage(page('USD 60,45'))]).fields.total_amount?.value).toBe(60.45);
    // Two digits are too few to vouch for anything.
    expect(scan('7% (USD 0,45')?.value).not.toBe(28460.45);
  });

  it("reads past a stamp's mark read surely as a digit ('Wartość netto  4  US$ 66.094,80') to the figure with its currency", () => {
    const page = `
FAKTURA                                   Numer faktury: FE 2042/2026
L.p.  Opis                                Ilość       jm    Cena jedn.       Kwota
10    Brake Discs, ventilated 300 mm      600         szt.  23,79            14.274,00
20    Brake Discs, solid 256 mm           2.218       szt.  23,36            51.820,80
                                          Wartość netto        4         US$ 66.094,80
                                          RAZEM (USD):                   US$ 66.094,80
`;
    const scan = gridPage(page, { method: 'ocr', confidence: 0.9 });
    const words = scan.words.map((w) => (w.text === '4' ? { ...w, confidence: 0.7 } : w));
    expect(extractDocument([{ ...scan, words }]).fields.subtotal?.value).toBe(66094.8);
  });

  it("keeps a total due printed above the payment as the total, though two of its digits are swapped, and what is left as the amount due", () => {
    const page = `
INVOICE                                   Invoice No.: KE-26-0587
Description of Goods                      Quantity         Price      Line Total
Dried Apricots, Jumbo No. 1               12.162,50 kg      4,44       54.001,50
                                          Sub-total:                   54.001,50
                                          Discount:                    -1.620,05
                                          Total Due:               25.381,45 EUR
                                          Amount Paid:                -15.714,00
                                          Balance Due:                 36.667,45
`;
    expect(valuesOf(page)).toMatchObject({ total_amount: 25381.45, subtotal: 54001.5, amount_due: 36667.45 });
  });

  it('keeps a total due a text layer prints as the total when nothing was paid, though it does not add up', () => {
    const page = `
INVOICE                                   Invoice No.: AN-26-0449
Line  Description of Goods                Qty         Unit Price       Amount
1     Robusta Coffee Beans, Grade 1       13.020 MTS  4,590.00         59,761.80
2     Robusta Coffee Beans, Screen 18     10.320 MTS  4,630.00         47,781.60
                                          Sub-total:                  107,543.40
                                          Discount:                    (3,016.00)
                                          VAT 0 %:                          0.00
                                          Total Due (EUR):             014,527.40
`;
    expect(valuesOf(page).total_amount).toBe(14527.4);
  });

  it('reads a total a scan read without its decimal mark as the sum the block adds up to, and only that sum', () => {
    const page = `
RECHNUNG                                  Rechnungsnummer: R-2026-0412
Pos   Beschreibung                        Menge       Einzelpreis      Betrag
1     Polypropylen Granulat               12.300 MT   1.165,61         14.337,00
                                          Warenwert:                   14.337,00
                                          Fracht:                      804,00
                                          Gesamtbetrag (USD):          1514100
`;
    const scan = extractDocument([gridPage(page, { method: 'ocr', confidence: 0.9 })]).fields;
    expect(scan.total_amount?.value).toBe(15141);
    // A hundred times a figure the block does not add up to is no lost mark.
    expect(valuesOf(page.replace('1514100', '1514200'), { method: 'ocr', confidence: 0.9 }).total_amount).not.toBe(15142);
    // A text layer loses no mark: what it prints is what it says.
    expect(valuesOf(page).total_amount).not.toBe(15141);
  });

  it("does not take a company's share capital for the invoice's currency", () => {
    const page = `
FACTURE COMMERCIALE                       N° Facture: FC-2026-118
Désignation                               Qté        PU          Montant HT
Riz jasmin, brisures 5 %                  50 MT      652,00      32.600,00
                                          Total TTC:             32.600,00
SAS au capital de 50 000 € - RCS Le Havre B 064 517 594
`;
    expect(valuesOf(page).currency).toBeUndefined();
    // A currency printed once elsewhere is a hint for a person to confirm, not a reading to trust.
    const once = extractDocument([gridPage(page.replace('SAS au capital de 50 000 € - ', 'Règlement par virement en € - '))]).fields.currency;
    expect(once?.value).toBe('EUR');
    expect(once?.confidence).toBeLessThan(0.8);
  });

  it('takes the B/L number, not the voyage a scan merged into its cell ahead of it', () => {
    const page = (value: string) => `
FACTURE COMMERCIALE                       N° Facture : TZ-26-6064
Provence Textiles SARL                    Date : 03/09/2026
                 N° de connaissement                  POL
${value}                  LE HAVRE, FRANCE
`;
    expect(valuesOf(page('V.981W HOCLEH6140785'), { method: 'ocr', confidence: 0.9 }).bl_number).toBe('HOCLEH6140785');
    // A number printed in groups stays whole.
    expect(valuesOf(page('ONSW 2603 88120     '), { method: 'ocr', confidence: 0.9 }).bl_number).toBe('ONSW 2603 88120');
  });

  it("reads a one-line invoice's goods line whose table header a scan lost, and a value past a speck of its box's edge", () => {
    const inv = valuesOf(
      `
RECHNUNG                                  Rechnungs-Nr.: HH-25-7441
Hansa Kunststoffe AG                      Rechnungsdatum: 7. August 2026
Schiff:          Konnossement-Nr.:    POL:              POD:
NORDIC TIDE     . NSLU570251486       HAMBURG, GERMANY  LISBON, PORTUGAL

1   Extra Virgin Olive Oil, organic, cold extracted    15.010 kg    5,46    81.954,60
                                 Gesamtsumme:                             81.954,60
`,
      { method: 'ocr', confidence: 0.9 },
    );
    expect(inv.bl_number).toBe('NSLU570251486');
    expect([inv.goods_description, inv.quantity, inv.quantity_unit]).toEqual(['Extra Virgin Olive Oil, organic, cold extracted', 15010, 'KG']);
    const fields = extractDocument([gridPage('RECHNUNG   Rechnungs-Nr.: HH-25-7441\n1   Extra Virgin Olive Oil, organic    15.010 kg    5,46    81.954,60\n   Gesamtsumme:   81.954,60')]).fields;
    expect(fields.quantity?.confidence).toBeLessThan(0.8);
    // Two such lines: the total is no single line's, and neither is taken.
    const two = valuesOf('RECHNUNG   Rechnungs-Nr.: HH-25-7441\n1   Extra Virgin Olive Oil, organic    15.010 kg    5,46    81.954,60\n2   Extra Virgin Olive Oil, organic    15.010 kg    5,46    81.954,60\n   Gesamtsumme:   81.954,60');
    expect(two.quantity).toBeUndefined();
  });

  it('lets a person override the kind, and returns no fields for other documents', () => {
    const packing = `PACKING LIST\nInvoice No.: 7701\nConsignee\nACME LTD`;
    expect(extractDocument([gridPage(packing)])).toMatchObject({ kind: 'other', fields: {} });
    const forced = extractDocument([gridPage(packing)], 'invoice');
    expect(forced.kind).toBe('invoice');
    expect(forced.kindScore).toBe(1);
    expect(forced.fields.invoice_number?.value).toBe('7701');
  });

  it('takes the company under a contact line for a labelled party, not the contact', () => {
    const page = `
INVOICE                                                   Invoice No.: 123PQR456
Logo Name                INVOICE TO:   The Receiver        Date: 01-May-2021
123 Some Street                        XYZ Company
A City, B State                        789 Another Avenue
                                                          Total: USD 8,400.00
`;
    expect(valuesOf(page).buyer).toBe('XYZ Company');
    // A contact line with no company under it stays what the label names.
    expect(valuesOf(page.replace('XYZ Company', 'Sales Office')).buyer).toBe('The Receiver');
  });

  it('lets the weakest word of a value decide how sure it is: one doubtful word in a name is a doubtful name', () => {
    const page = gridPage(INVOICE, { method: 'ocr', confidence: 0.97 });
    const doubtful = { ...page, words: page.words.map((w) => (w.text === 'Packaging' ? { ...w, confidence: 0.62 } : w)) };
    const { fields } = extractDocument([doubtful]);
    expect(fields.buyer?.value).toBe('Northwind Packaging B.V.');
    expect(fields.buyer!.confidence).toBeLessThan(0.9);
    expect(fields.invoice_number!.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps an IBAN that passes its check sure however poorly OCR read its words; a repaired one stays to confirm', () => {
    // The page read at 0.97, but the account's words at 0.2.
    const smudged = (text: string) => {
      const page = gridPage(text, { method: 'ocr', confidence: 0.97 });
      return { ...page, words: page.words.map((w) => (/^(NL91|ABNA|0417|1643|00|BEL7|3925|9967|422\})$/.test(w.text) ? { ...w, confidence: 0.2 } : w)) };
    };
    const clean = extractDocument([smudged(INVOICE)]).fields.payment_account!;
    expect(clean.value).toBe('NL91ABNA0417164300');
    // Words at 0.2 are noise for any other value (not offered at all); no misread character passes mod 97.
    expect(clean.confidence).toBeGreaterThanOrEqual(0.85);
    expect(extractDocument([smudged(INVOICE)]).fields.buyer!.confidence).toBeGreaterThan(0.85);
    // The same page with a footer scan's slips: read in its country's format, and left for a person to confirm.
    const slipped = INVOICE.replace('IBAN: NL91 ABNA 0417 1643 00', 'IBAN: BEL7 3925 9967 422}');
    const repaired = extractDocument([smudged(slipped)]).fields.payment_account!;
    expect(repaired.value).toBe('BE17392599674221');
    expect(repaired.confidence).toBeLessThan(0.8);
    expect(repaired.ambiguity).toContain('2 characters were read again');
  });

  it('takes the account printed for the invoice currency when the page gives one per currency', () => {
    const page = `
ISAR IMPORT-EXPORT GMBH                                   RECHNUNG
Rechnung Nr.: 202508935        Rechnungsdatum: 27.08.2026      Währung: EUR
Leistung                                   Menge   Einheit   Einzelpreis      Gesamt
Vietnam Robusta Coffee Beans               13,020  MT           3.620,00   47.132,40
Bankverbindung                                              Zwischensumme:     47.132,40
IBAN (USD) DE81063689010365124273                           Fracht:             1.533,00
IBAN (EUR) DE44451580283662300783                           Gesamtbetrag:      48.665,40
`;
    const values = valuesOf(page);
    expect(values.currency).toBe('EUR');
    expect(values.payment_account).toBe('DE44451580283662300783');
    // One account, whatever its tag says, stays the one read: at half its confidence, with a note, as another currency's account.
    const usdOnly = extractDocument([gridPage(page.replace(/IBAN \(EUR\).*\n/, '\n'))]).fields.payment_account!;
    expect(usdOnly.value).toBe('DE81063689010365124273');
    expect(usdOnly.confidence).toBeLessThanOrEqual(0.5);
    expect(usdOnly.ambiguity).toContain('printed as the USD account');
  });

  it("is as unsure of a line amount as of the words its cell holds ('42 raid' for 42,264.00 on a scan)", () => {
    const page = gridPage(
      `
COMERCIO MONDEGO UNIPESSOAL LDA.                          FATURA
N°   Designação                               Quantidade   Preço unit.    Montante
1    Brake Discs, ventilated 300 mm            1440 un.         29,35     42 raid
                                              Total a pagar:           42.264,00
`,
      { method: 'ocr', confidence: 0.95 },
    );
    const smudged = { ...page, words: page.words.map((w) => (w.text === 'raid' ? { ...w, confidence: 0.32 } : w)) };
    expect(invoiceLineAmounts([smudged])).toMatchObject([{ amount: 42, confidence: 0.32 }]);
    expect(invoiceLineAmounts([page])[0]?.confidence).toBe(0.95);
  });

  it("sums a goods table's quantities when a row's unit was misread ('10 400 ka'), less sure, as long as no row names another unit", () => {
    const page = (second: string) => `
HELVETIA HANDELS GMBH                                     FACTURE
Facture N° BF-26-7663                          Date: 20/08/2026
Désignation                                   Qté     Prix unitaire     Montant HT
Hazelnut Kernels, blanched, 11-13 mm       14050 kg            7,48     105 094,00
Hazelnut Kernels, roasted, 9-11 mm         ${second}            7,73      80 392,00
                                               Net à payer:            185 486,00
`;
    const misread = extractDocument([gridPage(page('10400 ka'), { method: 'ocr', confidence: 0.93 })]).fields;
    expect([misread.quantity?.value, misread.quantity_unit?.value]).toEqual([24450, 'KG']);
    expect(misread.quantity?.confidence).toBeLessThan(0.8);
    const read = extractDocument([gridPage(page('10400 kg'), { method: 'ocr', confidence: 0.93 })]).fields;
    expect(read.quantity?.value).toBe(24450);
    expect(read.quantity!.confidence).toBeGreaterThan(misread.quantity!.confidence);
    // Another unit named on a row: the rows are not summed across units.
    expect(extractDocument([gridPage(page('10400 pcs'), { method: 'ocr', confidence: 0.93 })]).fields.quantity?.value).toBe(14050);
  });

  it("reads two headers printed close on a scan as two columns, not one a letter away ('Menge Einheit' is no 'Mengeneinheit')", () => {
    const page = `
ALPINA ROHSTOFF AG                                         RECHNUNG
Rechnungsnummer: DY-25-6846                 Datum: 04.09.2026
Pos. Artikelbezeichnung                      Menge Einheit    Einzelpreis      Betrag
1    Extra Virgin Olive Oil, acidity 0.5%     13'300 kg            4.69    62'377.00
                                             Gesamtbetrag:         USD 62'377.00
`;
    expect(valuesOf(page, { method: 'ocr', confidence: 0.93 })).toMatchObject({ quantity: 13300, quantity_unit: 'KG', unit_price: 4.69 });
  });

  it('ends the goods table at the summary block in any language, even one printed beside a bank box', () => {
    const page = `
ISAR IMPORT-EXPORT GMBH                                   RECHNUNG
Rechnung Nr.: 202508935        Rechnungsdatum: 27.08.2026      Währung: EUR
Leistung                                   Menge   Einheit   Einzelpreis      Gesamt
Vietnam Robusta Coffee Beans               13,020  MT           3.620,00   47.132,40
Bankverbindung                                              Zwischensumme:     47.132,40
Empfänger Isar Import-Export GmbH                           Fracht:             1.533,00
                                                            Gesamtbetrag:      48.665,40
`;
    expect(invoiceLineAmounts([gridPage(page)]).map((a) => a.amount)).toEqual([47132.4]);
    // The table runs on through the summary block (no totals row closes it): its figures, an unlabelled
    // one included, are still the summary's, read below the goods lines.
    expect(invoiceSummaryFigures([gridPage(`${page}                                                            xq:                   160,16\n`)])).toEqual([47132.4, 1533, 48665.4, 160.16]);
    // A discount printed as a negative figure under a label the reader garbled counts by its size.
    expect(invoiceSummaryFigures([gridPage(`${page}                                                            Shanty              (1532,02)\n`)])).toContain(1532.02);
  });

  it("takes a carrier's reference at the top of a B/L whose number label was not read, with low confidence, and only one", () => {
    const bl = (refs: string) => `
NORDIC STAR LINE A/S                                 NON-NEGOTIABLE BILL OF LADING
£8 of Lading No.        Bock) No
${refs}                  9242009548
Shipper (complete name and address)
DONAU HANDELSWERKE AG
Container No. / Seal No.
BMOU3274481   SEAL: NS236436     891 CARTONS
L/C NO.: BFF182216141
`;
    const one = extractDocument([gridPage(bl('PCSUMK04358656'), { method: 'ocr', confidence: 0.9 })], 'bill_of_lading').fields.bl_number;
    expect(one?.value).toBe('PCSUMK04358656');
    expect(one?.confidence).toBeLessThan(0.7);
    // Two such references: which one is the B/L's is not known, and none is taken.
    expect(extractDocument([gridPage(bl('PCSUMK04358656  MAEU241183750'), { method: 'ocr', confidence: 0.9 })], 'bill_of_lading').fields.bl_number).toBeUndefined();
  });

  it("never takes a B/L's status stamp ('DRAFT') beside its title for the carrier's letterhead", () => {
    const ex = extractDocument(
      [
        gridPage(`
OCEAN BILL OF LADING                                                      DRAFT
GOLDEN ANCHOR SHIPPING CO., LTD.
B/L No.             Booking No.
GASU489104323       2309084664
Shipper (complete name and address)
NORDWERK HANDELSGESELLSCHAFT AG
`),
      ],
      'bill_of_lading',
    );
    expect(ex.fields.carrier?.value).toBe('GOLDEN ANCHOR SHIPPING CO., LTD.');
  });

  it('names the summary lines printed without a figure it could read, and only those', () => {
    const page = `
ACME POLYMERS LIMITED                                     COMMERCIAL INVOICE
Invoice No.: INV-2026-0042                                Date: 05/03/2026
Description                                Qty        Unit Price        Amount
PP Homopolymer Resin                       99 MT      772.09            76,437.00
                                                      Sub-total         76,437.00
Bank Details                                          Shipping           3,404.00
Bank Name Donau Kommerzbank                           Less Discount      doa)
                                                      Tax (0%)               0.00
                                                      TOTAL             79,076.63
`;
    // On a scan whose words beside 'Less Discount' OCR could not read (here every word at 0.3).
    expect(invoiceUnreadSummaryLines([gridPage(page, { method: 'ocr', confidence: 0.3 })])).toEqual(['Less Discount']);
    expect(invoiceUnreadSummaryLines([gridPage(page.replace('doa)', '764.37'), { method: 'ocr', confidence: 0.3 })])).toEqual([]);
    // Words read with confidence ("prepaid") or a text layer: a line without a figure has none to read.
    expect(invoiceUnreadSummaryLines([gridPage(page, { method: 'ocr', confidence: 0.9 })])).toEqual([]);
    expect(invoiceUnreadSummaryLines([gridPage(page)])).toEqual([]);
  });

  it('never takes a form\'s own wording (a label or a column heading) for a party', () => {
    const page = `
ACME POLYMERS LIMITED                                     COMMERCIAL INVOICE
Invoice No.: INV-2026-0042                                Date: 05/03/2026
Buyer:
 Item Description
Pos   Item Description                      Qty        Unit Price        Amount
1     Low Density Polyethylene              20         1,250.00       25,000.00
                                               Total Amount:  USD 25,000.00
`;
    expect(valuesOf(page).buyer).not.toBe('Item Description');
  });

  it('splits a letterhead stacked over the address window at one margin, and never takes a table header for the buyer', () => {
    const inv = valuesOf(`
Maas Handelmaatschappij B.V.                                         Tel. +31 77 773 4215
Celsiusweg 96                                                        Btw-nummer NL676502478B01
5998 UR Venlo
Nederland

Maas Handelmaatschappij B.V. · Celsiusweg 96 · 5998 UR Venlo          Factuur nr.:     2025-8850
                                                                     Factuurdatum:    07-08-2025
Gulf Coast Commodities Corp.                                         Valuta:          USD
156 Wacker Drive
Chicago, IL 60692
USA
                                                                                     Factuur
Regel Beschrijving                                    Aantal Prijs per eenheid               Totaal
10    Wooden Garden Chairs, acacia, with armrests     626 st.           25,50             15.963,00
20    Wooden Garden Chairs, eucalyptus FSC            376 st.           33,73             12.682,48
                                                      Totaal:                          28.645,48
`);
    expect(inv).toMatchObject({ seller: 'Maas Handelmaatschappij B.V.', buyer: 'Gulf Coast Commodities Corp.' });
    expect(isColumnHeaderLine('Aantal Prijs per eenheid'.split(' ').map((text) => ({ text })))).toBe(true);
    expect(isColumnHeaderLine('No. Deskripsi'.split(' ').map((text) => ({ text })))).toBe(true);
    expect(isColumnHeaderLine('Gulf Coast Commodities Corp.'.split(' ').map((text) => ({ text })))).toBe(false);
  });

  it("reads the addressee under a word that also names an account holder ('Intestatario'), not the seller under it in the bank box", () => {
    const inv = valuesOf(`
Alpina Trading Sàrl                                                    Telefono +41 61 971 11 45
Via Nassa 131, 6985 Lugano, Schweiz                                    www.alpina.ch

Alpina Trading Sàrl · Via Nassa 131 · 6985 Lugano        Documento n.      202606019
Intestatario Hansa Import-Export GmbH                    Data              14 ottobre 2026
             Mainzer Landstraße 105                      Data ordine       19 settembre 2026
             60628 Frankfurt am Main                     Codice cliente    0583917
             Deutschland                                 Incoterm          CIF Hamburg
                                                                                 Fattura
Rif.  Descrizione                                  Quantità   Prezzo un.        Importo
1     Hazelnut Kernels, roasted, 9-11 mm           5.700 kg         6,60      37.620,00
                                                   Totale fattura USD         37.620,00

Intestatario   Alpina Trading Sàrl
IBAN           CH60 8793 4545 0702 6192 2
`);
    expect(inv).toMatchObject({ seller: 'Alpina Trading Sàrl', buyer: 'Hansa Import-Export GmbH' });
  });

  it("never takes the running sum a table carries to the next page ('Suma y sigue') for the invoice total", () => {
    // A scan, the words of the running sum's label barely made out (as a smudged label, still a label).
    const faint = (page: PageText): PageText => ({ ...page, words: page.words.map((w) => (/^(Suma|y|sigue)$/.test(w.text) ? { ...w, confidence: 0 } : w)) });
    const page1 = faint(gridPage(`
Textil Castellana S.A.                                   FACTURA
Calle Mayor 12, 28013 Madrid                             Nº Factura:   INV-52708
                                                         Fecha:        11/04/2025
Ref.  Descripción                               Cant. Ud.     Precio unitario        Importe
10    Kraftliner Paper, 175 gsm                  13,050 Tm             635,00       8.286,75
20    Kraftliner Paper, 200 gsm                  20,300 Tm             705,00      14.311,50
Suma y sigue                                                                      22.598,25
`, { method: 'ocr', confidence: 0.95 }));
    const page2 = gridPage(
      `
Textil Castellana S.A. · Nº Factura INV-52708
Ref.  Descripción                               Cant. Ud.     Precio unitario        Importe
Viene de la página 1                                                              22.598,25
30    Kraftliner Paper, 150 gsm                  20,300 Tm             785,00      15.935,50
                                                 TOTAL                            38.533,75
`,
      { n: 2, method: 'ocr', confidence: 0.95 },
    );
    const { fields } = extractDocument([page1, page2]);
    expect(fields.total_amount?.value).toBe(38533.75);
  });

  it("never takes the next box's party for a party whose own name a scan lost: a name after an address is another party's", () => {
    const bl = valuesOf(`
Shipper / Exporter                               COMBINED TRANSPORT BILL OF LADING

RUA DO SOUTO 58
4700-966 BRAGA, PORTUGAL

WESER ROHSTOFFE GMBH                             Bill of Lading No.     Booking No.
BILLSTRASSE 5
20280 HAMBURG, GERMANY                           GASU295248573          885583365
Notify Address
WESER ROHSTOFFE GMBH
BILLSTRASSE 5
20280 HAMBURG, GERMANY
Port of Loading                                  Port of Discharge
LISBON, PORTUGAL                                 HAMBURG, GERMANY
`);
    expect(bl.shipper).toBeUndefined();
    expect(bl.bl_number).toBe('GASU295248573');
    expect(bl.notify_party).toBe('WESER ROHSTOFFE GMBH');
  });

  it("never takes a heading across the page, a little below a party's caption, for the party", () => {
    // The carrier's name in large type beside the shipper's caption, its line a little lower.
    const page = wordsPage(
      [
        ['Shipper', 0.05, 0.02, 0.07, 0.008],
        ['GOLDEN', 0.47, 0.024, 0.1, 0.016],
        ['ANCHOR', 0.58, 0.024, 0.1, 0.016],
        ['SHIPPING', 0.69, 0.024, 0.12, 0.016],
        ['LTD.', 0.82, 0.024, 0.05, 0.016],
        ['RUA', 0.05, 0.05, 0.03, 0.008],
        ['DO', 0.085, 0.05, 0.02, 0.008],
        ['SOUTO', 0.11, 0.05, 0.05, 0.008],
        ['58', 0.165, 0.05, 0.02, 0.008],
        ['BILL', 0.47, 0.08, 0.05, 0.012],
        ['OF', 0.53, 0.08, 0.03, 0.012],
        ['LADING', 0.57, 0.08, 0.08, 0.012],
      ],
      { width: 600, height: 850 },
      'text_layer',
    );
    expect(extractDocument([page]).fields.shipper).toBeUndefined();
  });

  it("never takes an amount under a title's word for the invoice number ('124 605.00' under 'Rechnung')", () => {
    const inv = valuesOf(
      `
Steirische Textilwerke AG
Kunde
PT Sumber Abadi Nusantara
                                                               Rechnung
Artikeitre rei hnung          Menge Einheat      E-Premns      Gesamtpren
Hazelnut Kernels, natural     7.750 kg              16,08      124 605.00
`,
      { method: 'ocr', confidence: 0.9 },
    );
    expect(inv.invoice_number).toBeUndefined();
  });

  it('returns an empty extraction for a document with no words', () => {
    expect(extractDocument([])).toEqual({ kind: 'other', kindScore: 0.5, fields: {} });
  });
});
