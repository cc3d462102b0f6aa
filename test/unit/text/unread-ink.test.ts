import { describe, expect, it } from 'vitest';
import type { Word } from '../../../src/shared/documents';
import type { GrayImage } from '../../../src/backend/text/raster';
import { cropGray, darkOnLight, inkLevel, unreadInk } from '../../../src/backend/text/unread-ink';

const [W, H] = [1200, 1600];
type Rect = { x0: number; y0: number; x1: number; y1: number };

/** White paper with what is drawn on it: `letters` draws a row of letter-like marks in a rectangle, `solid` fills one. */
function paper(draw: { letters?: Rect[]; solid?: Rect[] }): GrayImage {
  const data = new Uint8Array(W * H).fill(240);
  for (const r of draw.letters ?? []) {
    const stroke = Math.max(2, Math.round((r.y1 - r.y0) / 6));
    const pitch = Math.round((r.y1 - r.y0) * 0.7);
    for (let y = r.y0; y < r.y1; y += 1) {
      for (let x = r.x0; x < r.x1; x += 1) {
        const inLetter = (x - r.x0) % pitch < pitch * 0.75;
        // Each letter: two stems and a bar, like an H.
        const mark = inLetter && ((x - r.x0) % pitch < stroke || (x - r.x0) % pitch >= pitch * 0.75 - stroke || Math.abs(y - (r.y0 + r.y1) / 2) < stroke / 2);
        if (mark) data[y * W + x] = 20;
      }
    }
  }
  for (const r of draw.solid ?? []) for (let y = r.y0; y < r.y1; y += 1) data.fill(20, y * W + r.x0, y * W + r.x1);
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
      letters: [...body, { x0: 100, y0: 1300, x1: 1000, y1: 1500 }],
      solid: [
        { x0: 100, y0: 200, x1: 1100, y1: 204 }, // a rule
        { x0: 0, y0: 0, x1: 15, y1: H }, // the scanner's border
      ],
    });
    expect(unreadInk(image, body.map((r) => word(r)), EM)).toEqual([]);
  });

  it('keeps a dark band one line tall: white print on it (a table header, an amount-due box) is read once it is alone', () => {
    const band = { x0: 100, y0: 450, x1: 700, y1: 500 };
    expect(unreadInk(paper({ letters: body, solid: [band] }), body.map((r) => word(r)), EM)).toEqual([{ x0: 100, y0: 450, x1: 700, y1: 500 }]);
  });

  it('reads at most a few strips on a page, largest first', () => {
    const lines: Rect[] = Array.from({ length: 12 }, (_, i) => ({ x0: 800, y0: 100 + i * 110, x1: 800 + 150 + i * 10, y1: 140 + i * 110 }));
    const strips = unreadInk(paper({ letters: [...lines, ...body] }), body.map((r) => word(r)), EM);
    expect(strips.length).toBe(6);
    const widths = strips.map((s) => s.x1 - s.x0);
    expect([...widths].sort((a, b) => b - a)).toEqual(widths);
  });
});

describe('inkLevel and cropGray', () => {
  it('puts the level between paper and ink', () => {
    const level = inkLevel(paper({ letters: body }));
    expect(level).toBeGreaterThanOrEqual(20);
    expect(level).toBeLessThan(240);
  });

  it('turns white print on a dark band into dark print on light, and leaves dark print on light as it is', () => {
    const band: GrayImage = { width: 4, height: 1, data: Uint8Array.from([20, 20, 230, 20]) };
    expect([...darkOnLight(band, 120).data]).toEqual([235, 235, 25, 235]);
    const print: GrayImage = { width: 4, height: 1, data: Uint8Array.from([240, 20, 240, 240]) };
    expect(darkOnLight(print, 120)).toBe(print);
  });

  it('crops a padded region within the image', () => {
    const image = paper({});
    const crop = cropGray(image, { x0: 5, y0: 10, x1: 105, y1: 60 }, 20);
    expect([crop.x0, crop.y0, crop.image.width, crop.image.height]).toEqual([0, 0, 125, 80]);
  });
});
