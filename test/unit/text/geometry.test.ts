import { describe, expect, it } from 'vitest';
import type { BBox } from '../../../src/shared/documents';
import { multiply, rotateBox, toFractions, toQuarterTurn, wordsFromRuns } from '../../../src/backend/text/geometry';
import type { Matrix, TextRun } from '../../../src/backend/text/geometry';

// pdf.js viewports at scale 1 for an A4 page (595 × 842 pt): upright flips y so the origin is top-left;
// a /Rotate 90 page is shown 842 wide and 595 tall, user (x, y) landing at (y, x).
const A4 = { width: 595, height: 842 };
const UPRIGHT: Matrix = [1, 0, 0, -1, 0, 842];
const ROTATED_90: Matrix = [0, 1, 1, 0, 0, 0];

const run = (str: string, x: number, y: number, size: number, width: number, extra: Partial<TextRun> = {}): TextRun => ({
  str,
  transform: [size, 0, 0, size, x, y],
  width,
  ascent: 0.75,
  descent: -0.25,
  ...extra,
});

const close = (box: BBox, expected: BBox): void => {
  expect(box.x).toBeCloseTo(expected.x, 4);
  expect(box.y).toBeCloseTo(expected.y, 4);
  expect(box.w).toBeCloseTo(expected.w, 4);
  expect(box.h).toBeCloseTo(expected.h, 4);
};

describe('multiply', () => {
  it.each([
    ['identity', [1, 0, 0, 1, 0, 0], [2, 0, 0, 3, 5, 7], [2, 0, 0, 3, 5, 7]],
    ['translate after scale', [1, 0, 0, 1, 10, 20], [2, 0, 0, 2, 0, 0], [2, 0, 0, 2, 10, 20]],
    ['flip after translate', UPRIGHT, [1, 0, 0, 1, 100, 800], [1, 0, 0, -1, 100, 42]],
  ] as [string, Matrix, Matrix, Matrix][])('%s', (_name, outer, inner, expected) => {
    expect(multiply(outer, inner)).toEqual(expected);
  });
});

describe('wordsFromRuns', () => {
  it('splits a run into words with boxes from its transform, width and font metrics', () => {
    // "Invoice No 42" at (100, 700), 10 pt, 65 pt wide: 13 characters of 5 pt each (equal widths).
    const words = wordsFromRuns([run('Invoice No 42', 100, 700, 10, 65)], UPRIGHT, A4.width, A4.height);
    expect(words.map((w) => w.text)).toEqual(['Invoice', 'No', '42']);
    expect(words.every((w) => w.confidence === 1)).toBe(true);
    // Baseline at y = 842 − 700 = 142 from the top; ascent 7.5 pt above, descent 2.5 pt below.
    close(words[0]!.bbox, { x: 100 / 595, y: 134.5 / 842, w: 35 / 595, h: 10 / 842 });
    close(words[1]!.bbox, { x: 140 / 595, y: 134.5 / 842, w: 10 / 595, h: 10 / 842 });
    close(words[2]!.bbox, { x: 155 / 595, y: 134.5 / 842, w: 10 / 595, h: 10 / 842 });
  });

  it('places words by the measured widths of the text before them', () => {
    // "iW": a narrow and a wide letter. With a measure where W is 3× i, "W" starts a quarter in.
    const measure = (s: string): number => [...s].reduce((sum, ch) => sum + (ch === 'W' ? 3 : 1), 0);
    const words = wordsFromRuns([run('i W', 0, 700, 10, 50)], UPRIGHT, A4.width, A4.height, () => measure);
    // Total 5 units over 50 pt: "i" 0–10, " " 10–20, "W" 20–50.
    close(words[1]!.bbox, { x: 20 / 595, y: 134.5 / 842, w: 30 / 595, h: 10 / 842 });
  });

  it('joins runs that touch on one baseline into one word, and not runs with a gap', () => {
    const words = wordsFromRuns(
      [run('SPR/EX/', 100, 700, 10, 35), run('2026', 135.5, 700, 10, 20), run('Due', 170, 700, 10, 15), run('line', 100, 680, 10, 20)],
      UPRIGHT,
      A4.width,
      A4.height,
    );
    expect(words.map((w) => w.text)).toEqual(['SPR/EX/2026', 'Due', 'line']);
    close(words[0]!.bbox, { x: 100 / 595, y: 134.5 / 842, w: 55.5 / 595, h: 10 / 842 });
  });

  it('keeps boxes right on a page shown with /Rotate 90', () => {
    // In user space the word runs along x from (100, 500); shown turned, it runs down the page.
    const words = wordsFromRuns([run('Total', 100, 500, 10, 25)], ROTATED_90, 842, 595);
    // Viewport: the baseline runs from (500, 100) down to (500, 125); user +y (the glyphs' up) maps to
    // viewport +x, so the ascent reaches right of the baseline and the descent left of it.
    close(words[0]!.bbox, { x: 497.5 / 842, y: 100 / 595, w: 10 / 842, h: 25 / 595 });
  });

  it('boxes rotated text by the corners of its rotated rectangle', () => {
    // Text turned 90° counter-clockwise in user space (reading bottom to top).
    const words = wordsFromRuns([run('UP', 300, 400, 10, 20, { transform: [0, 10, -10, 0, 300, 400] })], UPRIGHT, A4.width, A4.height);
    // Baseline from (300, 442) upwards to (300, 422); ascent to the left (x 292.5), descent right (302.5).
    close(words[0]!.bbox, { x: 292.5 / 595, y: 422 / 842, w: 10 / 595, h: 20 / 842 });
  });

  it('skips empty and whitespace runs and clips boxes to the page', () => {
    const words = wordsFromRuns([run('   ', 0, 0, 10, 15), run('', 0, 0, 10, 0), run('edge', 580, 700, 10, 40)], UPRIGHT, A4.width, A4.height);
    expect(words).toHaveLength(1);
    expect(words[0]!.bbox.x + words[0]!.bbox.w).toBeLessThanOrEqual(1);
  });
});

describe('toFractions', () => {
  it.each([
    [[0, 0, 100, 50], 200, 100, { x: 0, y: 0, w: 0.5, h: 0.5 }],
    [[150, 80, 50, 20], 200, 100, { x: 0.25, y: 0.2, w: 0.5, h: 0.6 }],
    [[-10, -10, 250, 120], 200, 100, { x: 0, y: 0, w: 1, h: 1 }],
  ] as [[number, number, number, number], number, number, BBox][])('%j on %i × %i', ([l, t, r, b], w, h, expected) => {
    expect(toFractions(l, t, r, b, w, h)).toEqual(expected);
  });
});

describe('rotateBox', () => {
  const box: BBox = { x: 0.1, y: 0.2, w: 0.3, h: 0.1 };
  it.each([
    [0, box],
    [90, { x: 0.7, y: 0.1, w: 0.1, h: 0.3 }],
    [180, { x: 0.6, y: 0.7, w: 0.3, h: 0.1 }],
    [270, { x: 0.2, y: 0.6, w: 0.1, h: 0.3 }],
  ] as const)('turned %i° clockwise', (turn, expected) => {
    close(rotateBox(box, turn), expected);
  });

  it('comes back after four quarter turns, and 90 then 270 undo each other', () => {
    let b = box;
    for (let i = 0; i < 4; i += 1) b = rotateBox(b, 90);
    close(b, box);
    close(rotateBox(rotateBox(box, 90), 270), box);
  });
});

describe('toQuarterTurn', () => {
  it.each([
    [0, 0],
    [89, 90],
    [-90, 270],
    [180, 180],
    [270, 270],
    [360, 0],
    [-450, 270],
  ] as const)('%i° → %i', (degrees, expected) => {
    expect(toQuarterTurn(degrees)).toBe(expected);
  });
});
