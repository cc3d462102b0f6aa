import { describe, expect, it } from 'vitest';
import { judgeTextLayer, textLayerStats } from '../../../src/backend/text/text-quality';
import { meanConfidence, readingScore, wordsFromTsv } from '../../../src/backend/text/tsv';

const invoice = 'COMMERCIAL INVOICE Invoice No. SPR/EX/2026/0142 Date 16 Feb 2026 Seller Saigon Polytech Resins JSC';

describe('judgeTextLayer', () => {
  it.each([
    ['no text at all', [], 'ocr'],
    ['whitespace only', ['   ', '\n'], 'ocr'],
    ['a full born-digital page', [invoice.repeat(3)], 'text'],
    ['a stamp on a scan', ['Page 1 of 2'], 'check_images'],
    ['glyphs without Unicode mapping', ['\uFFFD\uFFFD\uFFFD\uE001\uE002'.repeat(60)], 'ocr'],
    ['symbol soup from a broken font map', ['!"#$%&\'()*+,-./:;<=>?@[]^_`{|}~'.repeat(10)], 'ocr'],
    ['mostly real with a few bad glyphs', [invoice.repeat(3) + '\uFFFD'], 'text'],
  ] as const)('%s → %s', (_name, strings, expected) => {
    expect(judgeTextLayer(textLayerStats(strings))).toBe(expected);
  });

  it('counts characters, letters and digits, and junk', () => {
    expect(textLayerStats(['Ab 1', '\uFFFD-'])).toEqual({ chars: 5, alnum: 3, junk: 1 });
  });
});

describe('wordsFromTsv', () => {
  const tsv = [
    'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
    '1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t',
    '4\t1\t1\t1\t1\t0\t100\t200\t500\t40\t-1\t',
    '5\t1\t1\t1\t1\t1\t100\t200\t250\t40\t96.5\tInvoice',
    '5\t1\t1\t1\t1\t2\t400\t200\t200\t40\t71.25\tSPR/EX/2026/0142',
    '5\t1\t1\t1\t1\t3\t900\t1990\t10\t10\t12\t|',
    '5\t1\t1\t1\t1\t4\t10\t10\t10\t10\t95\t—',
    '5\t1\t1\t1\t1\t5\t10\t10\t10\t10\t30\t ',
  ].join('\n');

  it('reads level-5 rows as words with fractional boxes and 0–1 confidence, dropping specks', () => {
    const words = wordsFromTsv(tsv, 1000, 2000);
    expect(words).toEqual([
      { text: 'Invoice', bbox: { x: 0.1, y: 0.1, w: 0.25, h: 0.02 }, confidence: 0.965 },
      { text: 'SPR/EX/2026/0142', bbox: { x: 0.4, y: 0.1, w: 0.2, h: 0.02 }, confidence: 0.7125 },
      { text: '—', bbox: { x: 0.01, y: 0.005, w: 0.01, h: 0.005 }, confidence: 0.95 },
    ]);
    expect(meanConfidence(words)).toBeCloseTo((0.965 + 0.7125 + 0.95) / 3, 4);
    expect(meanConfidence([])).toBe(0);
  });

  it('scores long confident words above fragments', () => {
    const word = (text: string, confidence: number) => ({ text, confidence, bbox: { x: 0, y: 0, w: 0, h: 0 } });
    expect(readingScore([word('Invoice', 0.9), word('No', 0.9)])).toBeCloseTo(0.9);
    expect(readingScore([word('Invoice', 0.9)])).toBeGreaterThan(readingScore([word('z1', 0.3), word('~~', 0.2), word('ee,', 0.4)]));
  });
});
