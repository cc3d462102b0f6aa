import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../../src/backend/text/raster';
import { rotateGray } from '../../../src/backend/text/raster';
import { lineAxis } from '../../../src/backend/text/rotation';

/** A page of "text": rows of short ink dashes (words) separated by blank gaps (line spacing). */
function textLikePage(width = 600, height = 800): GrayImage {
  const data = new Uint8Array(width * height).fill(235);
  for (let top = 40; top + 12 < height - 40; top += 28) {
    for (let y = top; y < top + 12; y += 1) {
      for (let x = 50; x < width - 50; x += 1) {
        // Words 40 px long with 12 px spaces, strokes every other pixel.
        if ((x - 50) % 52 < 40 && x % 3 !== 0) data[y * width + x] = 30;
      }
    }
  }
  return { width, height, data };
}

describe('lineAxis', () => {
  const page = textLikePage();
  it.each([
    [0, 'horizontal'],
    [90, 'vertical'],
    [180, 'horizontal'],
    [270, 'vertical'],
  ] as const)('a page turned %i° has %s lines', (turn, expected) => {
    expect(lineAxis(rotateGray(page, turn))).toBe(expected);
  });

  // Faint print on grey paper, with a scanner's dark edge down the left side: the edge is no text
  // line, and the print still counts as ink though it is lighter than mid-grey.
  it.each([
    [0, 'horizontal'],
    [90, 'vertical'],
  ] as const)('a faint page with a dark scanner edge turned %i° has %s lines', (turn, expected) => {
    const faint = textLikePage();
    const data = faint.data.map((v) => (v === 30 ? 130 : 195));
    for (let y = 0; y < faint.height; y += 1) for (let x = 0; x < 8; x += 1) data[y * faint.width + x] = 20;
    expect(lineAxis(rotateGray({ ...faint, data }, turn))).toBe(expected);
  });

  it('is unclear on a blank page and on an even grid', () => {
    expect(lineAxis({ width: 100, height: 100, data: new Uint8Array(10_000).fill(255) })).toBe('unclear');
    const grid = new Uint8Array(200 * 200).fill(255).map((_, i) => ((i % 200) % 20 < 2 || Math.floor(i / 200) % 20 < 2 ? 0 : 255));
    expect(lineAxis({ width: 200, height: 200, data: grid })).toBe('unclear');
  });
});
