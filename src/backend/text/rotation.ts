/**
 * Which way a page's text lines run, from ink projections. Lines of text leave a row profile that
 * alternates sharply between ink and gap every few millimetres; the column profile of the same page is
 * comparatively smooth. The comparison costs one pass over the pixels, so it tells a sideways page
 * without running OCR or orientation detection. It cannot tell upright from upside down: OCR does.
 */
import type { GrayImage } from './raster';

export type LineAxis = 'horizontal' | 'vertical' | 'unclear';

/**
 * Ink is what is clearly darker than the paper: `INK_BELOW_PAPER` grey levels under the paper's
 * level (its 60th percentile: most of a page is paper), and never lighter than `INK_AT_MOST`, so a
 * photo's grey desk or soft shadow is not ink. The fixed mid-grey level used before missed faint
 * print on grey paper, leaving a scanner's dark edge as the page's only "ink".
 */
const INK_BELOW_PAPER = 50;
const INK_AT_MOST = 160;
/** Profile bins per page side: about 2 mm on A4, finer than a line of text and its gap. */
const BINS = 150;
/** How much sharper one profile must be than the other to call the axis. */
const DECISIVE = 1.5;
/**
 * A bin more than this share ink is no text: a scanner's dark edge, a shadow, a solid bar. It is left
 * out of both profiles, or one dark edge makes every page look sideways.
 */
const SOLID = 0.6;

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
  const { width, height } = image;
  const ink = inkLevel(image);
  const colBin = new Uint16Array(width);
  for (let x = 0; x < width; x += 1) colBin[x] = Math.min(BINS - 1, Math.floor((x * BINS) / width));
  const first = profiles(image, ink, colBin, null, null);
  // Per bin, the pixels it covers: a row bin spans the width, a column bin the height.
  const solidRows = first.rows.map((v) => (v > (width * height * SOLID) / BINS ? 1 : 0));
  const solidCols = first.cols.map((v) => (v > (width * height * SOLID) / BINS ? 1 : 0));
  const anySolid = solidRows.some((v) => v === 1) || solidCols.some((v) => v === 1);
  const { rows, cols } = anySolid ? profiles(image, ink, colBin, solidRows, solidCols) : first;
  return { rowScore: sharpness(rows.filter((_, i) => solidRows[i] === 0)), colScore: sharpness(cols.filter((_, i) => solidCols[i] === 0)) };
}

/** The grey level under which a pixel is ink on this page. */
function inkLevel(image: GrayImage): number {
  const histogram = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < image.data.length; i += 7) {
    histogram[image.data[i]!]! += 1;
    n += 1;
  }
  let seen = 0;
  for (let v = 0; v < 256; v += 1) {
    seen += histogram[v]!;
    if (seen >= n * 0.6) return Math.min(INK_AT_MOST, v - INK_BELOW_PAPER);
  }
  return INK_AT_MOST;
}

/** Ink per row bin and per column bin, leaving out the pixels of solid bins when they are given. */
function profiles(image: GrayImage, ink: number, colBin: Uint16Array, solidRows: Float64Array | null, solidCols: Float64Array | null): { rows: Float64Array; cols: Float64Array } {
  const { width, height, data } = image;
  const rows = new Float64Array(BINS);
  const cols = new Float64Array(BINS);
  for (let y = 0; y < height; y += 1) {
    const rowBin = Math.min(BINS - 1, Math.floor((y * BINS) / height));
    if (solidRows?.[rowBin] === 1) continue;
    const start = y * width;
    let inRow = 0;
    for (let x = 0; x < width; x += 1) {
      if (data[start + x]! < ink && solidCols?.[colBin[x]!] !== 1) {
        inRow += 1;
        cols[colBin[x]!]! += 1;
      }
    }
    rows[rowBin]! += inRow;
  }
  return { rows, cols };
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
