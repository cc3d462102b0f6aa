/**
 * Which way a page's text lines run, from ink projections. Lines of text leave a row profile that
 * alternates sharply between ink and gap every few millimetres; the column profile of the same page is
 * comparatively smooth. The comparison costs one pass over the pixels, so it tells a sideways page
 * without running OCR or orientation detection. It cannot tell upright from upside down: OCR does.
 */
import type { GrayImage } from './raster';

export type LineAxis = 'horizontal' | 'vertical' | 'unclear';

/** Ink darker than this counts (0 black – 255 white); scans put paper near 200–240. */
const INK = 128;
/** Profile bins per page side: about 2 mm on A4, finer than a line of text and its gap. */
const BINS = 150;
/** How much sharper one profile must be than the other to call the axis. */
const DECISIVE = 1.5;

/** The direction of a page's text lines, or `unclear` when the profiles do not say. */
export function lineAxis(image: GrayImage): LineAxis {
  const { rowScore, colScore } = profileSharpness(image);
  if (rowScore === 0 && colScore === 0) return 'unclear';
  if (rowScore >= colScore * DECISIVE) return 'horizontal';
  if (colScore >= rowScore * DECISIVE) return 'vertical';
  return 'unclear';
}

/** Mean absolute change between neighbouring bins of the row and column ink profiles, over their mean. */
export function profileSharpness(image: GrayImage): { rowScore: number; colScore: number } {
  const { width, height, data } = image;
  const rows = new Float64Array(BINS);
  const cols = new Float64Array(BINS);
  const colBin = new Uint16Array(width);
  for (let x = 0; x < width; x += 1) colBin[x] = Math.min(BINS - 1, Math.floor((x * BINS) / width));
  for (let y = 0; y < height; y += 1) {
    const rowBin = Math.min(BINS - 1, Math.floor((y * BINS) / height));
    const start = y * width;
    let inRow = 0;
    for (let x = 0; x < width; x += 1) {
      if (data[start + x]! < INK) {
        inRow += 1;
        cols[colBin[x]!]! += 1;
      }
    }
    rows[rowBin]! += inRow;
  }
  return { rowScore: sharpness(rows), colScore: sharpness(cols) };
}

function sharpness(profile: Float64Array): number {
  let sum = 0;
  for (const v of profile) sum += v;
  const mean = sum / profile.length;
  if (mean === 0) return 0;
  let change = 0;
  for (let i = 1; i < profile.length; i += 1) change += Math.abs(profile[i]! - profile[i - 1]!);
  return change / (profile.length - 1) / mean;
}
