// Signals read from page text: on built pages with the phrases that matter, and on the sample
// PDFs that carry a text layer (read for real; no OCR is needed, so none is available).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageText } from '../../../src/shared/documents';
import { readDocument } from '../../../src/backend/text/read-document';
import type { OcrEngine } from '../../../src/backend/text/types';
import { documentSignals, unionBoxes } from '../../../src/core/checks/signals';
import { page } from './fixtures';

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
    ['60 days after invoice date', 60, 'invoice'],
    ['30 days from date of invoice', 30, 'invoice'],
    ['D/A 60 days', 60, 'bl'],
  ] as const)('terms "%s" → %d days from %s', (line, days, from) => {
    const terms = documentSignals('invoice', [page(['INVOICE', line])]).paymentTerms;
    expect([terms?.days, terms?.from]).toEqual([days, from]);
  });

  it.each(['TOTAL 14 DAYS FREE TIME AT DESTINATION', 'Validity: 15 days from the date of this proforma', 'Time used for loading: 4 days 11 hours'])('no terms in "%s"', (line) => {
    expect(documentSignals('invoice', [page([line])]).paymentTerms).toBeNull();
  });

  it.each([
    ['REMARKS: 2 BAGS TORN AND RESEWN', 'REMARKS: 2 BAGS TORN AND RESEWN'],
    ['3 DRUMS LEAKING', '3 DRUMS LEAKING'],
    ['CARTONS WET AND STAINED', 'CARTONS WET AND STAINED'],
    ['PACKING INSUFFICIENT - INADEQUATE PACKING', 'PACKING INSUFFICIENT - INADEQUATE PACKING'],
    ['COILS RUSTY', 'COILS RUSTY'],
    ['B/L UNCLEAN', 'B/L UNCLEAN'],
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
});
