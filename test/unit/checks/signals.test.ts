// Signals read from page text: on built pages with the phrases that matter, and on the sample
// PDFs that carry a text layer (read for real; no OCR is needed, so none is available).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageText, Word } from '../../../src/shared/documents';
import { readDocument } from '../../../src/backend/text/read-document';
import type { OcrEngine } from '../../../src/backend/text/types';
import { documentSignals, unionBoxes } from '../../../src/core/checks/signals';
import { createCheckState, evaluateAll } from '../../../src/core/checks/engine';
import { lineItems } from '../../../src/core/checks/rules/arithmetic';
import { sha256Hex } from '../../../src/backend/crypto/hash';
import { context, page, receivable } from './fixtures';

describe('clauses read a letter off on a scan', () => {
  const scan = (lines: readonly string[]): PageText => ({ ...page(lines), method: 'ocr' });
  it.each([
    ['REMAKES: 3 NAGS TOSN AMD RESESN. CONTENTS PARTLY LOST', 1],
    ['REMARKS: 12 CARTONS DAMACED BY WATER', 1],
    ['4 DRUMS LEAKINC', 1],
    // Everyday words of a B/L a letter off a defect word are left out, and so is a line with no package or remark word.
    ['NOTIFY: CUSTOMS BROKER 3 BAGS', 0],
    ['LEASED CONTAINER 2 PALLETS', 0],
    ['CONSIGNEE DAMACED TRADING LTD', 0],
    ['REMARKS: 20 BAGS, NO DAMACED BAGS', 0],
    ['CLEAN ON BOARD 20 BAGS NOT DAMACED', 0],
  ])('"%s" → %d unsure clause(s)', (line, n) => {
    const found = documentSignals('bill_of_lading', [scan([line])]).clauses;
    expect(found.length).toBe(n);
    expect(found.every((c) => c.unsure === true)).toBe(true);
    // Printed so on a text layer, the words are what they read: no clause.
    expect(documentSignals('bill_of_lading', [page([line])]).clauses).toEqual([]);
  });

  it('reads an exact clause as sure, and then looks for no unsure one', () => {
    const found = documentSignals('bill_of_lading', [scan(['REMARKS: 2 BAGS TORN', 'CARTONS DAMACED'])]).clauses;
    expect(found.map((c) => [c.text, c.unsure])).toEqual([['REMARKS: 2 BAGS TORN', undefined]]);
  });
});

describe('documentSignals on built pages', () => {
  it.each([
    ['PROFORMA INVOICE', true],
    ['PRO FORMA INVOICE', true],
    ['Pro-Forma Invoice No. 12', true],
    ['COMMERCIAL INVOICE', false],
    ['INVOICE proforma terms do not apply', false],
    ['PROFORMA', true],
  ])('invoice titled %s: pro-forma %s', (title, expected) => {
    expect(documentSignals('invoice', [page(['SELLER CO LTD', title])]).proForma !== null).toBe(expected);
  });

  it.each([
    ['Payment terms: 90 days from B/L date', 90, 'bl'],
    ['Payment: 90 DAYS FROM B/L DATE, OPEN ACCOUNT', 90, 'bl'],
    ['120 days from Bill of Lading date', 120, 'bl'],
    ['payment terms: 90 days from BIL date', 90, 'bl'],
    ['Terms Net 90', 90, 'invoice'],
    ['NET 60 DAYS', 60, 'invoice'],
    ['Terms: Net 30, by bank transfer', 30, 'invoice'],
    ['60 days after invoice date', 60, 'invoice'],
    ['30 days from date of invoice', 30, 'invoice'],
    ['D/A 60 days', 60, 'bl'],
    ['Payment Terms Payment within 60 days by bank transfer', 60, 'invoice'],
    ['Payment within 45 days from B/L date', 45, 'bl'],
    // The other languages of the vocabulary.
    ['Condiciones de pago: Pago a 30 días', 30, 'invoice'],
    ['30 días fecha factura. Vencimiento: 05/09/2026', 30, 'invoice'],
    ['Vencimiento a 90 días fecha conocimiento de embarque', 90, 'bl'],
    ['Conditions de paiement : 45 jours date de facture', 45, 'invoice'],
    ['Zahlbar innerhalb von 30 Tagen netto', 30, 'invoice'],
    ['Zahlungsziel: 60 Tage ab Rechnungsdatum', 60, 'invoice'],
    ['Pagamento a 60 giorni data fattura', 60, 'invoice'],
    ['Betalingstermijn: 30 dagen netto', 30, 'invoice'],
    ['Sposób zapłaty: Przelew w terminie 14 dni', 14, 'invoice'],
    ['Ödeme: Havale ile 14 gün', 14, 'invoice'],
    ['Jatuh tempo: 30 hari setelah tanggal faktur', 30, 'invoice'],
    ['Thanh toán trong vòng 30 ngày', 30, 'invoice'],
    ['Pagamento: 90 dias após a data do conhecimento de embarque', 90, 'bl'],
  ] as const)('terms "%s" → %d days from %s', (line, days, from) => {
    const terms = documentSignals('invoice', [page(['INVOICE', line])]).paymentTerms;
    expect([terms?.days, terms?.from]).toEqual([days, from]);
  });

  it.each(['Total Net 172,077.30', 'Net 1.250,00 EUR', 'TOTAL 14 DAYS FREE TIME AT DESTINATION', 'Validity: 15 days from the date of this proforma', 'Time used for loading: 4 days 11 hours', 'Poids net 133 BALES 28 957,34 KG', 'NET WEIGHT NET 28 KG', 'Net 40 bags', 'Paiement à 30 jours fin de mois', 'Pago por transferencia. Entrega en 30 días', 'Zahlung per Überweisung, Lieferzeit 14 Tage'])('no terms in "%s"', (line) => {
    expect(documentSignals('invoice', [page([line])]).paymentTerms).toBeNull();
  });

  it.each([
    ['REMARKS: 2 BAGS TORN AND RESEWN', 'REMARKS: 2 BAGS TORN AND RESEWN'],
    ['3 DRUMS LEAKING', '3 DRUMS LEAKING'],
    ['CARTONS WET AND STAINED', 'CARTONS WET AND STAINED'],
    ['PACKING INSUFFICIENT - INADEQUATE PACKING', 'PACKING INSUFFICIENT - INADEQUATE PACKING'],
    ['COILS RUSTY', 'COILS RUSTY'],
    ['B/L UNCLEAN', 'B/L UNCLEAN'],
    ['10 CARTONS WET', '10 CARTONS WET'],
    ['ONE PALLET DAMAGED', 'ONE PALLET DAMAGED'],
    ['CARGO WET BEFORE SHIPMENT', 'CARGO WET BEFORE SHIPMENT'],
    ['5 BALES TORN, RESEWN AT LOADING', '5 BALES TORN, RESEWN AT LOADING'],
    ['Packages superficially dented', 'Packages superficially dented'],
  ])('clause "%s"', (line, text) => {
    const signals = documentSignals('bill_of_lading', [page(['BILL OF LADING', line, 'SHIPPED ON BOARD'])]);
    expect(signals.clauses.map((c) => c.text)).toEqual([text]);
    expect(signals.clauses[0]!.page).toBe(1);
  });

  it.each([
    'CLEAN ON BOARD',
    "SHIPPER'S LOAD, STOW AND COUNT",
    'SAID TO CONTAIN: 2,000 BAGS',
    'RECEIVED by the Carrier in apparent good order and condition (unless otherwise noted herein)',
    'AVERAGE GRAIN LENGTH 8.35 MM, BROKEN MAX 1 %,',
    'BROKEN GRAINS 2 % MAX',
    'NO DAMAGED BAGS',
    'Carrier not responsible for loss or damage',
    // Grades and names of goods, not clauses (real B/L goods descriptions).
    'JASMINE FRAGRANT RICE, 5% BROKEN',
    'THAI WHITE RICE 100% B, BROKEN 4.5 PCT',
    'CRUSHED STONE 20-40 MM',
    'WET BLUE COW HIDES',
    'DRIED CRUSHED CHILLIES',
    // Negations and clean wording.
    'CARGO SHIPPED IN APPARENT GOOD ORDER AND CONDITION, NO DAMAGE',
    'BAGS FREE FROM DAMAGE',
    '2,000 BAGS, NOT DAMAGED',
    'CLEAN ON BOARD - NO DAMAGED PACKAGES',
  ])('no clause in "%s"', (line) => {
    expect(documentSignals('bill_of_lading', [page([line])]).clauses).toEqual([]);
  });

  it.each([
    ['SHIPPED ON BOARD', 'SHIPPED ON BOARD'],
    ['ON|[BOARD DATE: 11 MAR 2026', 'ON|[BOARD DATE:'],
    ['SHIPPED at the Port of Loading in apparent good order and condition on board the Vessel', 'on board the Vessel'],
  ])('on-board notation in "%s"', (line, text) => {
    expect(documentSignals('bill_of_lading', [page([line])]).onBoardNotation?.text).toBe(text);
  });

  it('gives the union of the words as the box', () => {
    const p = page(['x', 'REMARKS: 2 BAGS TORN AND RESEWN']);
    const clause = documentSignals('bill_of_lading', [p]).clauses[0]!;
    expect(clause.bbox).toEqual(unionBoxes(p.words.slice(1).map((w) => w.bbox)));
    expect(unionBoxes([])).toBeNull();
  });

  it('reads only what belongs to the document kind', () => {
    const lines = ['PROFORMA INVOICE', 'Terms Net 90', '2 BAGS TORN', 'SHIPPED ON BOARD'];
    const invoice = documentSignals('invoice', [page(lines)]);
    const bl = documentSignals('bill_of_lading', [page(lines)]);
    expect([invoice.proForma !== null, invoice.paymentTerms !== null, invoice.clauses.length, invoice.onBoardNotation]).toEqual([true, true, 0, null]);
    expect([bl.proForma, bl.paymentTerms, bl.clauses.length, bl.onBoardNotation !== null]).toEqual([null, null, 1, true]);
    expect(documentSignals('invoice', [])).toMatchObject({ proForma: null, paymentTerms: null });
  });
});

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/samples');

// These samples carry a text layer; an engine that refuses makes sure no OCR is involved.
const NO_OCR: OcrEngine = { size: 1, recognize: () => Promise.reject(new Error('OCR is not expected here')), close: () => Promise.resolve() };

const pagesOf = async (file: string): Promise<readonly PageText[]> => {
  const read = await readDocument(new Uint8Array(readFileSync(path.join(SAMPLES, file))), 'application/pdf', { ocr: NO_OCR });
  if (!read.ok) throw new Error(read.error.message);
  return read.value.pages;
};

describe('documentSignals on the samples', () => {
  const pages = new Map<string, readonly PageText[]>();
  beforeAll(async () => {
    for (const file of ['r04-bl.pdf', 'r07-bl.pdf', 'r08-invoice.pdf', 'r01-invoice.pdf', 'r03-invoice.pdf', 'r06-invoice.pdf']) pages.set(file, await pagesOf(file));
  });

  it('r04-bl.pdf: the torn-bags remark is a clause; "BROKEN MAX 1 %" is not', () => {
    const signals = documentSignals('bill_of_lading', pages.get('r04-bl.pdf')!);
    expect(signals.clauses.map((c) => c.text)).toEqual(['REMARKS: 2 BAGS TORN AND RESEWN']);
    const box = signals.clauses[0]!.bbox!;
    expect(box.y).toBeGreaterThan(0.5);
    expect(box.y).toBeLessThan(0.6);
    expect(signals.onBoardNotation?.text).toBe('SHIPPED ON BOARD');
  });

  it('r07-bl.pdf is clean and shipped on board', () => {
    const signals = documentSignals('bill_of_lading', pages.get('r07-bl.pdf')!);
    expect(signals.clauses).toEqual([]);
    expect(signals.onBoardNotation).not.toBeNull();
  });

  it('r08-invoice.pdf is a pro-forma with 90 days from B/L date', () => {
    const signals = documentSignals('invoice', pages.get('r08-invoice.pdf')!);
    expect(signals.proForma?.text).toBe('PROFORMA INVOICE');
    expect(signals.proForma!.bbox!.y).toBeLessThan(0.1);
    expect(signals.paymentTerms).toMatchObject({ days: 90, from: 'bl' });
  });

  it.each([
    ['r01-invoice.pdf', 90, 'bl'],
    ['r03-invoice.pdf', 120, 'bl'],
    ['r06-invoice.pdf', 90, 'invoice'],
  ] as const)('%s: commercial invoice, %d days from %s', (file, days, from) => {
    const signals = documentSignals('invoice', pages.get(file)!);
    expect(signals.proForma).toBeNull();
    expect(signals.paymentTerms).toMatchObject({ days, from });
  });

  it.each([
    ['r01-invoice.pdf', 103455],
    ['r03-invoice.pdf', 5156250],
    ['r06-invoice.pdf', 124987.5],
  ] as const)('%s: one line item of %d, boxed on page 1', (file, amount) => {
    const lines = documentSignals('invoice', pages.get(file)!).lineAmounts;
    expect(lines.map((l) => l.amount)).toEqual([amount]);
    expect(lines[0]!.hit).toMatchObject({ page: 1, bbox: { x: expect.any(Number), y: expect.any(Number) } });
  });
});

/** A page whose rows are laid out in columns starting at the given x positions (fractions of the width). */
const tablePage = (rows: readonly (readonly string[])[], xs: readonly number[]): PageText => {
  const words: Word[] = [];
  rows.forEach((cells, row) => {
    cells.forEach((cell, col) => {
      let x = xs[col]!;
      for (const text of cell.split(' ').filter(Boolean)) {
        words.push({ text, bbox: { x, y: 0.2 + row * 0.02, w: text.length * 0.007, h: 0.012 }, confidence: 1 });
        x += text.length * 0.007 + 0.004;
      }
    });
  });
  return { n: 1, width: 595, height: 842, method: 'text_layer', rotation: 0, confidence: 1, words };
};

describe('line amounts of an invoice goods table', () => {
  const XS = [0.06, 0.1, 0.5, 0.62, 0.8];
  const HEADER = ['#', 'Description', 'Qty', 'Unit Price', 'Amount'];

  it('reads every item row of the amount column, and stops at the totals row', () => {
    const page = tablePage(
      [['COMMERCIAL INVOICE'], HEADER, ['1', 'Cold rolled steel coils', '10', '500.00', '5,000.00'], ['2', 'Galvanised steel sheet', '4', '250.00', '1,000.00'], ['', 'Total', '', '', '6,000.00'], ['Payment: 60 days from invoice date']],
      XS,
    );
    const lines = documentSignals('invoice', [page]).lineAmounts;
    expect(lines.map((l) => [l.amount, l.hit.text])).toEqual([
      [5000, '5,000.00'],
      [1000, '1,000.00'],
    ]);
    expect(lines[1]!.hit.bbox!.y).toBeCloseTo(0.26, 5);
  });

  it('feeds arithmetic.line_items: lines short of the printed subtotal fail with both numbers', () => {
    const page = tablePage([HEADER, ['1', 'Cold rolled steel coils', '10', '500.00', '5,000.00'], ['2', 'Galvanised steel sheet', '4', '250.00', '1,000.00'], ['', 'Total', '', '', '6,000.00']], XS);
    const signals = documentSignals('invoice', [page]);
    expect(signals.lineItems.map((l) => [l.quantity, l.unitPrice, l.amount])).toEqual([
      [10, 500, 5000],
      [4, 250, 1000],
    ]);
    const findingsAt = (subtotal: number) =>
      evaluateAll(createCheckState([lineItems], context(), sha256Hex), [receivable('A', { invoice: { subtotal, total_amount: subtotal, currency: 'USD' }, invoiceSignals: signals })])[0]!.findings;
    expect(findingsAt(6000)).toEqual([]);
    const [short] = findingsAt(6500);
    expect(short).toMatchObject({ ruleId: 'arithmetic.line_items', severity: 'fail' });
    expect(short!.message).toContain('The 2 line amounts add up to');
    expect(short!.evidence.filter((e) => e.label === 'Line amount').map((e) => e.value)).toEqual(['5,000.00', '1,000.00']);
  });

  it('reads none when an item row prints no amount (a sum of some rows would mislead)', () => {
    const page = tablePage([HEADER, ['1', 'Cold rolled steel coils', '10', '500.00', '5,000.00'], ['2', 'Galvanised steel sheet', '4', '250.00', ''], ['', 'Total', '', '', '6,000.00']], XS);
    expect(documentSignals('invoice', [page]).lineAmounts).toEqual([]);
  });

  it('follows a table onto the next page under its repeated header, leaving out the running subtotals', () => {
    const first = tablePage(
      [['COMMERCIAL INVOICE'], HEADER, ['1', 'Cold rolled steel coils', '10', '500.00', '5,000.00'], ['2', 'Galvanised steel sheet', '4', '250.00', '1,000.00'], ['', 'Carried forward', '', '', '6,000.00']],
      XS,
    );
    const second = { ...tablePage([HEADER, ['', 'Brought forward', '', '', '6,000.00'], ['3', 'Steel wire rod', '2', '300.00', '600.00'], ['', 'Total', '', '', '6,600.00']], XS), n: 2 };
    const lines = documentSignals('invoice', [first, second]).lineAmounts;
    expect(lines.map((l) => [l.amount, l.hit.page])).toEqual([
      [5000, 1],
      [1000, 1],
      [600, 2],
    ]);
    // A third page after the totals row is not read as more items.
    const annex = { ...tablePage([HEADER, ['9', 'Spare parts', '1', '50.00', '50.00']], XS), n: 3 };
    expect(documentSignals('invoice', [first, second, annex]).lineAmounts.map((l) => l.amount)).toEqual([5000, 1000, 600]);
  });

  it('reads none when the table breaks off at a page end and the next page shows no header to follow', () => {
    const first = tablePage([HEADER, ['1', 'Cold rolled steel coils', '10', '500.00', '5,000.00'], ['2', 'Galvanised steel sheet', '4', '250.00', '1,000.00']], XS);
    const second = { ...tablePage([['3', 'Steel wire rod', '2', '300.00', '600.00'], ['', 'Total', '', '', '6,600.00']], XS), n: 2 };
    expect(documentSignals('invoice', [first, second]).lineAmounts).toEqual([]);
  });

  it('reads none without an amount column, and none on a bill of lading', () => {
    const noAmount = tablePage([['#', 'Description', 'Qty', 'Unit Price'], ['1', 'Cold rolled steel coils', '10', '500.00']], XS);
    expect(documentSignals('invoice', [noAmount]).lineAmounts).toEqual([]);
    const table = tablePage([HEADER, ['1', 'Cold rolled steel coils', '10', '500.00', '5,000.00']], XS);
    expect(documentSignals('bill_of_lading', [table]).lineAmounts).toEqual([]);
  });
});
