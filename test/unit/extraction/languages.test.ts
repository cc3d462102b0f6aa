import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../src/core/extraction/extract';
import { findAmounts } from '../../../src/core/extraction/grammars/amounts';
import { parseDate } from '../../../src/core/extraction/grammars/dates';
import { matchLabel } from '../../../src/core/extraction/label-match';
import { LABELS } from '../../../src/core/extraction/labels';
import { LANGUAGES } from '../../../src/core/extraction/vocabulary/types';
import type { Language } from '../../../src/core/extraction/vocabulary/types';
import { gridPage } from './grid-page';

/**
 * One invoice per language, printed the way that language's invoices print it: its own labels, its
 * own date and amount formats. Each must classify as an invoice and give its number, dates, total,
 * currency and parties.
 */
type Case = {
  readonly title: string;
  readonly number: readonly [string, string];
  readonly issued: readonly [string, string];
  readonly due: readonly [string, string];
  readonly buyer: string;
  readonly subtotal: readonly [string, string];
  readonly tax: readonly [string, string];
  readonly total: readonly [string, string];
  readonly expected: { readonly issue: string; readonly due: string; readonly total: number };
};

const CASES: Readonly<Record<Language, Case>> = {
  en: { title: 'COMMERCIAL INVOICE', number: ['Invoice No.:', 'EX-2026-0142'], issued: ['Invoice Date:', '16 Feb 2026'], due: ['Due Date:', '17 May 2026'], buyer: 'Bill To:', subtotal: ['Subtotal', 'USD 100,000.00'], tax: ['VAT 0%', 'USD 0.00'], total: ['Total Amount Due', 'USD 100,000.00'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 100000 } },
  de: { title: 'RECHNUNG', number: ['Rechnungsnummer:', 'RE-2026-0142'], issued: ['Rechnungsdatum:', '16.02.2026'], due: ['Fällig am:', '17.05.2026'], buyer: 'Rechnung an:', subtotal: ['Zwischensumme', '1.000,00 EUR'], tax: ['MwSt. 19 %', '190,00 EUR'], total: ['Gesamtbetrag', '1.190,00 EUR'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 1190 } },
  fr: { title: 'FACTURE', number: ['N° de facture :', 'F2026-0142'], issued: ['Date de facture :', '16 février 2026'], due: ["Date d'échéance :", '17/05/2026'], buyer: 'Facturé à :', subtotal: ['Total HT', '1 000,00 €'], tax: ['TVA 20 %', '200,00 €'], total: ['Montant TTC', '1 200,00 €'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 1200 } },
  es: { title: 'FACTURA', number: ['Número de factura:', 'FAC-2026-142'], issued: ['Fecha de emisión:', '16 de febrero de 2026'], due: ['Fecha de vencimiento:', '17/05/2026'], buyer: 'Cliente:', subtotal: ['Base imponible', '1.000,00 €'], tax: ['IVA 21%', '210,00 €'], total: ['Total a pagar', '1.210,00 €'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 1210 } },
  pt: { title: 'FATURA', number: ['Fatura n.º', 'FT 2026/142'], issued: ['Data de emissão:', '16/02/2026'], due: ['Data de vencimento:', '17/05/2026'], buyer: 'Cliente:', subtotal: ['Valor líquido', '1.000,00 €'], tax: ['IVA 23%', '230,00 €'], total: ['Total a pagar', '1.230,00 €'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 1230 } },
  it: { title: 'FATTURA', number: ['Numero fattura:', 'FT-2026-142'], issued: ['Data fattura:', '16/02/2026'], due: ['Scadenza:', '17/05/2026'], buyer: 'Cessionario:', subtotal: ['Imponibile', '€ 1.000,00'], tax: ['IVA 22%', '€ 220,00'], total: ['Totale documento', '€ 1.220,00'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 1220 } },
  nl: { title: 'FACTUUR', number: ['Factuurnummer:', 'F-2026-142'], issued: ['Factuurdatum:', '16-02-2026'], due: ['Vervaldatum:', '17-05-2026'], buyer: 'Factuuradres:', subtotal: ['Subtotaal', '€ 1.000,00'], tax: ['BTW 21%', '€ 210,00'], total: ['Totaalbedrag', '€ 1.210,00'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 1210 } },
  tr: { title: 'FATURA', number: ['Fatura No:', 'ABC2026000142'], issued: ['Fatura Tarihi:', '16.02.2026'], due: ['Vade Tarihi:', '17 Mayıs 2026'], buyer: 'Alıcı:', subtotal: ['Ara Toplam', '1.000,00 TL'], tax: ['KDV %20', '200,00 TL'], total: ['Genel Toplam', '1.200,00 TL'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 1200 } },
  pl: { title: 'FAKTURA VAT', number: ['Nr faktury:', 'FV/2026/02/142'], issued: ['Data wystawienia:', '16.02.2026'], due: ['Termin płatności:', '17 maja 2026'], buyer: 'Nabywca:', subtotal: ['Wartość netto', '1 000,00 PLN'], tax: ['VAT 23%', '230,00 PLN'], total: ['Razem do zapłaty', '1 230,00 PLN'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 1230 } },
  id: { title: 'FAKTUR', number: ['No. Faktur:', 'INV/2026/II/142'], issued: ['Tanggal Faktur:', '16 Februari 2026'], due: ['Jatuh Tempo:', '17 Mei 2026'], buyer: 'Kepada:', subtotal: ['Subtotal', 'Rp 10.000.000,00'], tax: ['PPN 11%', 'Rp 1.100.000,00'], total: ['Jumlah Total', 'Rp 11.100.000,00'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 11100000 } },
  vi: { title: 'HÓA ĐƠN', number: ['Số hóa đơn:', '0000142'], issued: ['Ngày lập:', 'ngày 16 tháng 02 năm 2026'], due: ['Hạn thanh toán:', '17/05/2026'], buyer: 'Đơn vị mua hàng:', subtotal: ['Cộng tiền hàng', '10.000.000 VND'], tax: ['Tiền thuế GTGT', '1.000.000 VND'], total: ['Tổng cộng tiền thanh toán', '11.000.000 VND'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 11000000 } },
  zh: { title: '增值税专用发票', number: ['发票号码：', '04438142'], issued: ['开票日期：', '2026年2月16日'], due: ['到期日：', '2026年5月17日'], buyer: '购买方名称：', subtotal: ['金额合计', '¥10,000.00'], tax: ['税额', '¥1,300.00'], total: ['价税合计', '¥11,300.00'], expected: { issue: '2026-02-16', due: '2026-05-17', total: 11300 } },
};

const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(1, n - s.length));

/** The invoice of one language as a monospace page. */
function invoicePage(c: Case): ReturnType<typeof gridPage> {
  const right = (label: string, value: string): string => `${' '.repeat(44)}${label} ${value}`;
  const text = [
    c.title,
    '',
    'Nordwerk Handels GmbH',
    'Hafenstraße 12',
    '20097 Hamburg',
    right(...c.number),
    right(...c.issued),
    right(...c.due),
    '',
    c.buyer,
    'Pacific Crest Packaging Inc.',
    '1200 Harbor Blvd',
    'Long Beach, CA 90802',
    '',
    '',
    `${pad('', 44)}${pad(c.subtotal[0], 26)}${c.subtotal[1]}`,
    `${pad('', 44)}${pad(c.tax[0], 26)}${c.tax[1]}`,
    `${pad('', 44)}${pad(c.total[0], 26)}${c.total[1]}`,
  ].join('\n');
  return gridPage(text);
}

describe('extraction in every language of the vocabulary', () => {
  for (const language of LANGUAGES) {
    it(`reads an invoice in ${language}`, () => {
      const c = CASES[language];
      const ex = extractDocument([invoicePage(c)]);
      expect(ex.kind).toBe('invoice');
      const f = Object.fromEntries(Object.entries(ex.fields).map(([k, v]) => [k, v?.value]));
      expect(f.invoice_number).toBe(c.number[1]);
      expect(f.issue_date).toBe(c.expected.issue);
      expect(f.due_date).toBe(c.expected.due);
      expect(f.total_amount).toBeCloseTo(c.expected.total, 2);
      expect(f.buyer).toBe('Pacific Crest Packaging Inc.');
      expect(f.seller).toBe('Nordwerk Handels GmbH');
    });
  }
});

describe('labels of each language map to the right keys', () => {
  const tokens = (text: string): { text: string }[] => text.split(/\s+/).map((t) => ({ text: t }));
  const key = (text: string): string | undefined => matchLabel(tokens(text), LABELS)?.key;
  it.each([
    ['Rechnungs-Nr.', 'invoice_no'], ['Konnossement-Nr.:', 'bl_no'], ['B/L-Nr.', 'bl_no'], ['N° de facture', 'invoice_no'], ['N°de facture', 'invoice_no'], ['No.de factura', 'invoice_no'], ['Factura n.º', 'invoice_no'], ['Fatura No', 'invoice_no'], ['Nr faktury', 'invoice_no'], ['No. Faktur', 'invoice_no'],
    ['Số hóa đơn', 'invoice_no'], ['发票号码', 'invoice_no'], ['Numero fattura', 'invoice_no'], ['Factuurnummer', 'invoice_no'],
    ['Gesamtbetrag', 'grand_total'], ['Montant TTC', 'grand_total'], ['Genel Toplam', 'grand_total'], ['价税合计', 'grand_total'], ['Tổng cộng tiền thanh toán', 'grand_total'],
    ['Zahlbetrag', 'amount_due'], ['Net à payer', 'amount_due'], ['Total a pagar', 'amount_due'], ['Ödenecek Tutar', 'amount_due'], ['Razem do zapłaty', 'amount_due'], ['Sisa tagihan', 'amount_due'],
    ['Alınan Avans', 'amount_paid'], ['Anzahlung', 'amount_paid'], ['Acompte versé', 'amount_paid'], ['Advance received', 'amount_paid'],
    ['Zwischensumme', 'subtotal'], ['Total HT', 'subtotal'], ['Base imponible', 'subtotal'], ['Imponibile', 'subtotal'], ['Ara Toplam', 'subtotal'], ['Wartość netto', 'subtotal'],
    ['MwSt. 19 %', 'tax'], ['TVA', 'tax'], ['IVA (21%)', 'tax'], ['KDV', 'tax'], ['PPN 11%', 'tax'], ['税额', 'tax'],
    ['Frachtkosten', 'freight'], ['Frais de port', 'freight'], ['Flete', 'freight'], ['Navlun', 'freight'], ['Ongkos kirim', 'freight'], ['运费', 'freight'],
    ['Rabatt', 'discount'], ['abzgl. Rabatt:', 'discount'], ['Moins remise', 'discount'], ['Minus korting', 'discount'], ['Remise', 'discount'], ['İskonto', 'discount'], ['Rabat', 'discount'], ['Diskon', 'discount'], ['Chiết khấu', 'discount'],
    ['Verkäufer', 'seller'], ['Fournisseur', 'seller'], ['Satıcı', 'seller'], ['Sprzedawca', 'seller'], ['Penjual', 'seller'], ['Người bán', 'seller'], ['销售方', 'seller'],
    ['Fatura Adresi', 'buyer'], ['Dirección de facturación', 'buyer'], ['Indirizzo di fatturazione', 'buyer'], ['Adres do faktury', 'buyer'], ['Endereço de faturação', 'buyer'], ['Alamat penagihan', 'buyer'],
    ['Käufer', 'buyer'], ['Facturar a', 'buyer'], ['Facturar', 'buyer'], ['Acheteur', 'buyer'], ['Alıcı', 'buyer'], ['Nabywca', 'buyer'], ['Pembeli', 'buyer'], ['Người mua hàng', 'buyer'], ['购买方', 'buyer'],
    ['Fälligkeitsdatum', 'due_date'], ["Date d'échéance", 'due_date'], ['Vade Tarihi', 'due_date'], ['Termin płatności', 'due_date'], ['Jatuh tempo', 'due_date'], ['Hạn thanh toán', 'due_date'],
    ['Documento di trasporto', 'other'], ['Lieferschein', 'other'], ['Delivery note no', 'other'], ['Verladehafen', 'pol'], ['Port de déchargement', 'pod'], ['Yükleme limanı', 'pol'], ['Cảng dỡ hàng', 'pod'], ['装货港', 'pol'], ['卸货港', 'pod'],
  ])('%s → %s', (label, expected) => {
    expect(key(label)).toBe(expected);
  });

  it('reads a caption across a slash', () => {
    expect(key('Schiff / Vessel / Voyage')).toBe('vessel_voyage');
    expect(key('Navire / Vessel / Voy. No.')).toBe('vessel_voyage');
    expect(key('Ablader / Shipper')).toBe('shipper');
    // The slash after the first language lost on a scan: the caption still spans the one left.
    expect(key('Schiff Ocean Vessel / Voyage')).toBe('vessel_voyage');
  });

  it('takes a rate written before its number into the label, not for the value', () => {
    expect(matchLabel(tokens('Hesaplanan KDV %20: 877.889,80'), LABELS)).toMatchObject({ key: 'tax', length: 3 });
  });
});

describe('amount formats of each language', () => {
  it.each([
    ['en', 'USD 1,234,567.89', 1234567.89],
    ['de', '1.234.567,89 €', 1234567.89],
    ['fr', '1 234 567,89 €', 1234567.89],
    ['ch', "CHF 1'234'567.89", 1234567.89],
    ['in', '₹ 12,34,567.89', 1234567.89],
    ['pl', '1 234 567,89 zł', 1234567.89],
    ['id', 'Rp 1.234.567,89', 1234567.89],
    ['vi', '1.234.567 VND', 1234567],
    ['zh', '¥1,234,567.89', 1234567.89],
    ['tr', '1.234.567,89 TL', 1234567.89],
  ])('%s: %s', (_lang, text, value) => {
    const amounts = findAmounts(text);
    expect(amounts[amounts.length - 1]?.value).toBeCloseTo(value, 2);
  });
});

describe('date formats of each language', () => {
  it.each([
    ['en', 'March 5, 2026'], ['en', '5 Mar 2026'], ['de', '05.03.2026'], ['de', '5. März 2026'], ['fr', '5 mars 2026'], ['es', '5 de marzo de 2026'], ['pt', '5 de março de 2026'],
    ['it', '5 marzo 2026'], ['nl', '5 maart 2026'], ['tr', '5 Mart 2026'], ['pl', '5 marca 2026'], ['id', '5 Maret 2026'], ['vi', 'ngày 05 tháng 03 năm 2026'], ['zh', '2026年3月5日'],
    ['iso', '2026-03-05'],
  ])('%s: %s', (_lang, text) => {
    expect(parseDate(text)).toBe('2026-03-05');
  });
});
