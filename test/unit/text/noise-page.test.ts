import { describe, expect, it } from 'vitest';
import type { PageText, Word } from '../../../src/shared/documents';
import { noisePage } from '../../../src/core/extraction/legibility';

const word = (text: string, confidence: number): Word => ({ text, confidence, bbox: { x: 0.1, y: 0.1, w: 0.05, h: 0.01 } });
const page = (words: Word[], method: PageText['method'] = 'ocr'): PageText => ({ n: 1, width: 595, height: 842, method, rotation: 0, confidence: 0.5, words });
const many = (n: number, make: (i: number) => Word): Word[] => Array.from({ length: n }, (_, i) => make(i));

describe('noisePage', () => {
  it('takes a page of marks OCR guessed at, few of them legible, for noise', () => {
    // What OCR made of a page of random marks: 355 guesses, 13 of them fairly sure.
    expect(noisePage(page(many(355, (i) => (i < 13 ? word('In', 0.7) : word('iy"', 0.3)))))).toBe(true);
  });

  it('reads a real page, even a poor photo with most of its words unsure, as text', () => {
    expect(noisePage(page(many(384, (i) => word(`INVOICE${i}`, 0.92))))).toBe(false);
    // The corpus's poorest real page: 38 % of its words legible.
    expect(noisePage(page(many(300, (i) => (i % 8 < 5 ? word('EXP0RT', 0.4) : word('Total', 0.75)))))).toBe(false);
  });

  it('does not call a blank scan (a few specks) or a text layer noise', () => {
    expect(noisePage(page(many(6, () => word('.', 0.2))))).toBe(false);
    expect(noisePage(page(many(400, () => word('~', 0.1)), 'text_layer'))).toBe(false);
  });

  it('counts only words of two letters or digits as legible, in any script', () => {
    expect(noisePage(page(many(120, () => word('|', 0.95))))).toBe(true);
    expect(noisePage(page(many(120, () => word('Счёт', 0.9))))).toBe(false);
  });
});

describe('extractDocument on pages of noise', () => {
  const noise = page(many(355, (i) => (i % 30 === 0 ? word('Invoice', 0.7) : word('iy"', 0.3))));

  it('classifies nothing from marks OCR guessed at: other, no fields', async () => {
    const { extractDocument } = await import('../../../src/core/extraction/extract');
    expect(extractDocument([noise, noise])).toEqual({ kind: 'other', kindScore: 0.5, fields: {} });
  });

  it('still reads them as the kind a person set', async () => {
    const { extractDocument } = await import('../../../src/core/extraction/extract');
    expect(extractDocument([noise], 'invoice').kind).toBe('invoice');
  });
});
