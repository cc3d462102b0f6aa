import { describe, expect, it } from 'vitest';
import type { Word } from '../../../src/shared/documents';
import type { GrayImage } from '../../../src/backend/text/raster';
import { legibleLines, mergeReadings } from '../../../src/backend/text/ocr-engine';
import { cropGray, inkLevel, unreadInk } from '../../../src/backend/text/unread-ink';

const [W, H] = [1200, 1600];
type Rect = { x0: number; y0: number; x1: number; y1: number };

/** White paper with what is drawn on it: `letters` draws a row of letter-like marks in a rectangle, `solid` fills one. */
function paper(draw: { letters?: Rect[]; solid?: Rect[]; white?: Rect[] }): GrayImage {
  const data = new Uint8Array(W * H).fill(240);
  for (const r of draw.solid ?? []) for (let y = r.y0; y < r.y1; y += 1) data.fill(20, y * W + r.x0, y * W + r.x1);
  for (const [r, ink] of [...(draw.letters ?? []).map((r) => [r, 20] as const), ...(draw.white ?? []).map((r) => [r, 240] as const)]) {
    const stroke = Math.max(2, Math.round((r.y1 - r.y0) / 6));
    const pitch = Math.round((r.y1 - r.y0) * 0.7);
    for (let y = r.y0; y < r.y1; y += 1) {
      for (let x = r.x0; x < r.x1; x += 1) {
        const inLetter = (x - r.x0) % pitch < pitch * 0.75;
        // Each letter: two stems and a bar, like an H.
        const mark = inLetter && ((x - r.x0) % pitch < stroke || (x - r.x0) % pitch >= pitch * 0.75 - stroke || Math.abs(y - (r.y0 + r.y1) / 2) < stroke / 2);
        if (mark) data[y * W + x] = ink;
      }
    }
  }
  return { width: W, height: H, data };
}

/** A word read over a rectangle. */
const word = (r: Rect, text = 'word', confidence = 0.95): Word => ({ text, confidence, bbox: { x: r.x0 / W, y: r.y0 / H, w: (r.x1 - r.x0) / W, h: (r.y1 - r.y0) / H } });

// Body text: ten lines of 30 px words, all read.
const body: Rect[] = Array.from({ length: 10 }, (_, i) => ({ x0: 100, y0: 600 + i * 60, x1: 700, y1: 630 + i * 60 }));
const EM = 30;

describe('unreadInk', () => {
  it('finds a line of large letters no word covers (a title the page layout took for a picture)', () => {
    const title = { x0: 100, y0: 300, x1: 620, y1: 380 };
    const strips = unreadInk(paper({ letters: [title, ...body] }), body.map((r) => word(r)), EM);
    expect(strips).toHaveLength(1);
    const [s] = strips;
    expect(s!.x0).toBeLessThanOrEqual(title.x0);
    expect(s!.x1).toBeGreaterThanOrEqual(title.x1 - EM);
    expect(s!.y0).toBeLessThanOrEqual(title.y0 + 5);
    expect(s!.y1).toBeGreaterThanOrEqual(title.y1 - 10);
  });

  it('leaves ink that words read cover, and words read with little confidence do not cover it', () => {
    const title = { x0: 100, y0: 300, x1: 620, y1: 380 };
    const image = paper({ letters: [title, ...body] });
    expect(unreadInk(image, [...body.map((r) => word(r)), word(title, 'FAKTURA')], EM)).toEqual([]);
    expect(unreadInk(image, [...body.map((r) => word(r)), word(title, 'Vh', 0.3)], EM)).toHaveLength(1);
  });

  it('passes over rules, a scanner\'s dark border and blocks taller than a few lines', () => {
    const image = paper({
      letters: [...body, { x0: 100, y0: 1120, x1: 1000, y1: 1560 }],
      solid: [
        { x0: 100, y0: 200, x1: 1100, y1: 204 }, // a rule
        { x0: 0, y0: 0, x1: 15, y1: H }, // the scanner's border
      ],
    });
    expect(unreadInk(image, body.map((r) => word(r)), EM)).toEqual([]);
  });

  it('keeps a dark band one line tall: white print on it (a table header, an amount-due box) is read once it is alone', () => {
    const band = { x0: 100, y0: 450, x1: 700, y1: 500 };
    const [strip] = unreadInk(paper({ letters: body, solid: [band], white: [{ x0: 120, y0: 460, x1: 680, y1: 490 }] }), body.map((r) => word(r)), EM);
    expect(strip!.x0).toBeLessThanOrEqual(130);
    expect(strip!.x1).toBeGreaterThanOrEqual(670);
    expect([strip!.y0 <= 460, strip!.y1 >= 490]).toEqual([true, true]);
  });

  it("keeps a letterhead printed white on a dark band across the page's top edge, askew, and passes over a solid dark edge", () => {
    // The band runs off the paper at the top and both sides; a photo taken askew makes its box taller than its print.
    const band = { x0: 0, y0: 0, x1: W, y1: 330 };
    const name = { x0: 80, y0: 60, x1: 760, y1: 110 };
    const address = { x0: 80, y0: 150, x1: 560, y1: 175 };
    const [strip, ...rest] = unreadInk(paper({ letters: body, solid: [band], white: [name, address] }), body.map((r) => word(r)), EM);
    expect(rest).toEqual([]);
    expect([strip!.x0 <= name.x0, strip!.x1 >= name.x1, strip!.y0 <= name.y0, strip!.y1 >= address.y1]).toEqual([true, true, true, true]);
    // The same dark edge with nothing printed on it (a scanner's lid, a desk around a photographed page).
    expect(unreadInk(paper({ letters: body, solid: [band] }), body.map((r) => word(r)), EM)).toEqual([]);
  });

  it("finds a form's boxes one by one: the rules that frame them, even askew, join nothing", () => {
    const inBox = { x0: 140, y0: 240, x1: 560, y1: 330 };
    const other = { x0: 660, y0: 240, x1: 1040, y1: 330 };
    // Two boxes side by side with a shared frame, scanned a degree askew: each rule steps down a pixel every 60.
    const image = paper({ letters: [inBox, other, ...body] });
    const frame = (x0: number, x1: number, y: number): void => {
      for (let x = x0; x < x1; x += 1) for (let t = 0; t < 2; t += 1) image.data[(y + Math.floor((x - x0) / 60) + t) * W + x] = 20;
    };
    frame(100, 1100, 200);
    frame(100, 1100, 360);
    for (const x of [100, 600, 1100]) for (let y = 200; y < 380; y += 1) image.data[y * W + x + Math.floor((y - 200) / 60)] = 20;
    const strips = unreadInk(image, body.map((r) => word(r)), EM);
    expect(strips).toHaveLength(2);
    expect(strips.every((s) => s.x1 - s.x0 < 500 && s.y1 - s.y0 < 140)).toBe(true);
  });

  it('reads at most a few strips on a page, largest first', () => {
    const lines: Rect[] = Array.from({ length: 12 }, (_, i) => ({ x0: 800, y0: 100 + i * 110, x1: 800 + 150 + i * 10, y1: 140 + i * 110 }));
    const strips = unreadInk(paper({ letters: [...lines, ...body] }), body.map((r) => word(r)), EM);
    expect(strips.length).toBe(6);
    const widths = strips.map((s) => s.x1 - s.x0);
    expect([...widths].sort((a, b) => b - a)).toEqual(widths);
  });
});

describe('legibleLines', () => {
  const at = (text: string, x: number, y: number, confidence: number): Word => ({ text, confidence, bbox: { x, y, w: 0.08, h: 0.02 } });
  it("keeps a line half of whose words read surely, each with its own confidence, and drops a stamp's or a signature's fragments", () => {
    const words = [
      at('xepaca', 0.1, 0.1, 0), at('Atlantic', 0.2, 0.1, 0.45), at('Trading', 0.3, 0.1, 0.96), at('inc.', 0.4, 0.1, 0.84),
      at('12', 0.1, 0.2, 0.63), at('2026-00-32', 0.2, 0.2, 0.25), at('Sil', 0.3, 0.2, 0.46),
      at('Amount', 0.1, 0.3, 0.96), at('Due', 0.2, 0.3, 0.96), at('€', 0.3, 0.3, 0.93), at('83,754.00', 0.4, 0.3, 0.97),
    ];
    expect(legibleLines(words).map((w) => w.text)).toEqual(['Atlantic', 'Trading', 'inc.', 'Amount', 'Due', '€', '83,754.00']);
  });

  it('keeps a legal form written with dots between single letters (S.p.A., B.V.)', () => {
    const words = [at('Alimentari', 0.1, 0.1, 0.92), at('Adriatica', 0.2, 0.1, 0.91), at('S.p.A.', 0.3, 0.1, 0.75), at('Holland', 0.1, 0.2, 0.9), at('B.V.', 0.2, 0.2, 0.8), at('.,', 0.3, 0.2, 0.8)];
    expect(legibleLines(words).map((w) => w.text)).toEqual(['Alimentari', 'Adriatica', 'S.p.A.', 'Holland', 'B.V.']);
  });
});

describe('mergeReadings', () => {
  const w = (text: string, x: number, width: number, confidence: number): Word => ({ text, confidence, bbox: { x, y: 0.5, w: width, h: 0.01 } });
  it('replaces words the page read less surely, keeps a word two strips read once, and never lets a piece replace a whole word', () => {
    const split = [w('€83', 0.8, 0.03, 0.89), w('00', 0.86, 0.02, 0.96)];
    const number = w('NSLU619903954', 0.1, 0.2, 0.8);
    const sure = w('Invoice', 0.5, 0.06, 0.97);
    const page = [...split, number, sure];
    const { found, replaced } = mergeReadings(page, [
      w('83,754.00', 0.8, 0.08, 0.97),
      w('83,754.00', 0.801, 0.08, 0.95), // the same word, from an overlapping strip
      w('NSLU6199', 0.1, 0.12, 0.86), // a piece of the number, cut by a strip's margin
      w('Invoicc', 0.5, 0.06, 0.9), // a word the page read more surely
      w('FAKTURA', 0.3, 0.1, 0.92), // nothing read there
    ]);
    expect(found.map((x) => x.text)).toEqual(['83,754.00', 'FAKTURA']);
    expect([...replaced]).toEqual(split);
  });
});

describe('inkLevel and cropGray', () => {
  it('puts the level between paper and ink', () => {
    const level = inkLevel(paper({ letters: body }));
    expect(level).toBeGreaterThanOrEqual(20);
    expect(level).toBeLessThan(240);
  });

  it('crops a padded region within the image', () => {
    const image = paper({});
    const crop = cropGray(image, { x0: 5, y0: 10, x1: 105, y1: 60 }, 20);
    expect([crop.x0, crop.y0, crop.image.width, crop.image.height]).toEqual([0, 0, 125, 80]);
  });
});
