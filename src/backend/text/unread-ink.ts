import type { Word } from '../../shared/documents';
import type { GrayImage } from './raster';

/**
 * Ink Tesseract's page layout left unread. Its layout analysis sometimes takes a line of large bold
 * letters (a document's title: "FAKTURA VAT", "BILL OF LADING") for a picture, skips white print on
 * a dark band or the boxes of a faint form, and reads nothing there, while the same region cropped
 * and read as one block of text reads at once. This finds such places: strips of dark pixels that
 * no word read covers, a form's thin rules left out, shaped like lines of text (wider than tall, one
 * to twelve words' heights tall), not at the page's very edge.
 */

/** A region of the image, in pixels. */
export type PixelBox = { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };

/** A strip is at most this many words' heights tall: a few lines of a box (a party's name and address). */
const MAX_STRIP_EMS = 12;
/**
 * A dark band across the page (a letterhead printed white over the top) may be this many words'
 * heights tall: the band of a page photographed askew is read as its bounding box.
 */
const MAX_BAND_EMS = 20;
/** At most this many strips per page are read again: a page of text has few, noise has many. */
export const MAX_UNREAD_STRIPS = 6;

/** The level between paper and ink (Otsu's threshold over the page's histogram): ink is at or below it. */
export function inkLevel(image: GrayImage): number {
  const histogram = new Array<number>(256).fill(0);
  for (let i = 0; i < image.data.length; i += 3) histogram[image.data[i]!]! += 1;
  const total = histogram.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let v = 0; v < 256; v += 1) sum += v * histogram[v]!;
  let [below, belowSum, best, level] = [0, 0, -1, 128];
  for (let v = 0; v < 256; v += 1) {
    below += histogram[v]!;
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    belowSum += v * histogram[v]!;
    const [m0, m1] = [belowSum / below, (sum - belowSum) / above];
    const between = below * above * (m0 - m1) ** 2;
    if (between > best) [best, level] = [between, v];
  }
  return level;
}

/**
 * The strips of unread ink on a page read as `words` (boxes as fractions of the image), largest
 * first, at most `MAX_UNREAD_STRIPS`. `em` is the height of a word on the page, in pixels; `level`
 * the page's ink level.
 */
export function unreadInk(image: GrayImage, words: readonly Word[], em: number, level = inkLevel(image)): PixelBox[] {
  const { width: W, height: H } = image;
  const cell = Math.max(2, Math.round(em / 3));
  const [cols, rows] = [Math.ceil(W / cell), Math.ceil(H / cell)];
  // What the words read cover (a little beyond their boxes), in cells.
  const covered = new Uint8Array(cols * rows);
  const pad = em * 0.3;
  for (const w of words) {
    if (w.confidence < 0.5) continue;
    const [x0, x1] = [Math.max(0, Math.floor((w.bbox.x * W - pad) / cell)), Math.min(cols - 1, Math.floor(((w.bbox.x + w.bbox.w) * W + pad) / cell))];
    const [y0, y1] = [Math.max(0, Math.floor((w.bbox.y * H - pad) / cell)), Math.min(rows - 1, Math.floor(((w.bbox.y + w.bbox.h) * H + pad) / cell))];
    for (let y = y0; y <= y1; y += 1) covered.fill(1, y * cols + x0, y * cols + x1 + 1);
  }
  // Dark pixels per cell, a form's rules left out: they would join every box of a grid into one.
  const ink = withoutRules(image, level, Math.round(em * 4));
  const dark = new Uint32Array(cols * rows);
  for (let y = 0; y < H; y += 1) {
    const row = Math.floor(y / cell) * cols;
    for (let x = 0, i = y * W; x < W; x += 1, i += 1) if (ink[i]) dark[row + Math.floor(x / cell)]! += 1;
  }
  const inked = new Uint8Array(cols * rows);
  const full = cell * cell;
  for (let i = 0; i < inked.length; i += 1) inked[i] = covered[i] === 0 && dark[i]! >= full * 0.08 ? 1 : 0;

  // Runs of inked cells on each row, letters' gaps (up to about one word height) bridged; runs of
  // consecutive rows that overlap make one strip.
  const gap = Math.max(1, Math.round(em / cell));
  type Strip = { x0: number; x1: number; y0: number; y1: number; cells: number; open: boolean };
  const strips: Strip[] = [];
  let open: Strip[] = [];
  for (let y = 0; y < rows; y += 1) {
    const runs: { x0: number; x1: number; cells: number }[] = [];
    for (let x = 0; x < cols; x += 1) {
      if (!inked[y * cols + x]) continue;
      const last = runs[runs.length - 1];
      if (last && x - last.x1 <= gap + 1) {
        last.x1 = x;
        last.cells += 1;
      } else runs.push({ x0: x, x1: x, cells: 1 });
    }
    const next: Strip[] = [];
    for (const run of runs) {
      const touching = open.filter((s) => s.open && run.x0 <= s.x1 + 1 && run.x1 >= s.x0 - 1);
      let strip: Strip;
      if (touching.length) {
        strip = touching[0]!;
        for (const other of touching.slice(1)) {
          strip.x0 = Math.min(strip.x0, other.x0);
          strip.x1 = Math.max(strip.x1, other.x1);
          strip.y0 = Math.min(strip.y0, other.y0);
          strip.cells += other.cells;
          other.open = false;
          strips.splice(strips.indexOf(other), 1);
        }
      } else {
        strip = { x0: run.x0, x1: run.x1, y0: y, y1: y, cells: 0, open: true };
        strips.push(strip);
      }
      strip.x0 = Math.min(strip.x0, run.x0);
      strip.x1 = Math.max(strip.x1, run.x1);
      strip.y1 = y;
      strip.cells += run.cells;
      if (!next.includes(strip)) next.push(strip);
    }
    open = next;
  }

  const margin = Math.max(W, H) * 0.005;
  const out: (PixelBox & { area: number })[] = [];
  for (const s of strips) {
    const box = { x0: s.x0 * cell, y0: s.y0 * cell, x1: Math.min(W, (s.x1 + 1) * cell), y1: Math.min(H, (s.y1 + 1) * cell) };
    const [w, h] = [box.x1 - box.x0, box.y1 - box.y0];
    // Lines of text: a word's height to a box of a few lines, wider than tall and at least four
    // words' heights wide, not a scanner's dark border at the page's edge.
    // A dark band is kept: it may carry white print (a table's header row, an 'Amount due' box),
    // which Tesseract reads once it is given the band alone.
    const fill = s.cells / (((s.x1 - s.x0 + 1) * (s.y1 - s.y0 + 1)) || 1);
    if (fill < 0.25 || h < em * 0.8 || w < Math.max(em * 4, h * 1.2)) continue;
    const lines = h <= em * MAX_STRIP_EMS && w <= W * 0.9;
    const inside = box.x0 >= margin && box.y0 >= margin && box.x1 <= W - margin && box.y1 <= H - margin;
    // A letterhead's band runs to the paper's edge, where a scanner's dark border also lies: such a
    // band counts only when it is solid and holds white print.
    const letterhead = !(lines && inside) && fill >= 0.5 && h <= em * MAX_BAND_EMS && whitePrint(image, level, box, em);
    if (!(lines && inside) && !letterhead) continue;
    out.push({ ...box, area: w * h });
  }
  return out
    .sort((a, b) => b.area - a.area)
    .slice(0, MAX_UNREAD_STRIPS)
    .map(({ x0, y0, x1, y1 }) => ({ x0, y0, x1, y1 }));
}

/**
 * Whether a dark region holds white print: on at least a sixth of its rows (every other one looked
 * at), four or more gaps of paper shut in by ink on both sides, each narrower than a word's height
 * and a half, as the strokes of white letters leave. A scanner's border or a desk around a
 * photographed page is dark with few such gaps.
 */
export function whitePrint(image: GrayImage, level: number, box: PixelBox, em: number): boolean {
  const { width: W, data } = image;
  const widest = em * 1.5;
  let [rows, printed] = [0, 0];
  for (let y = Math.floor(box.y0); y < Math.min(image.height, box.y1); y += 2) {
    rows += 1;
    let [gaps, start, inked] = [0, -1, false];
    for (let x = Math.floor(box.x0), i = y * W + x; x < Math.min(W, box.x1); x += 1, i += 1) {
      const dark = data[i]! <= level;
      if (dark) {
        if (start >= 0 && inked && x - start >= 2 && x - start <= widest) gaps += 1;
        start = -1;
        inked = true;
      } else if (start < 0) start = x;
    }
    if (gaps >= 4) printed += 1;
  }
  return rows > 0 && printed / rows >= 1 / 6;
}

/**
 * The image's ink (1) and paper (0), without rules: thin straight runs of ink at least `length`
 * pixels long, across or down the page. A run may step a pixel up or down as it goes (a page scanned a
 * degree or two askew), which the letters of a line of text, with gaps between them, never do
 * for that long.
 */
export function withoutRules(image: GrayImage, level: number, length: number): Uint8Array {
  const { width: W, height: H, data } = image;
  const ink = new Uint8Array(W * H);
  for (let i = 0; i < ink.length; i += 1) ink[i] = data[i]! <= level ? 1 : 0;
  // A rule is thin: a long run as thick as a line of text is a dark band, which may carry white
  // print, and stays.
  const thin = Math.max(4, Math.round(length / 10));
  const rules = new Uint8Array(W * H);
  for (const across of [true, false]) {
    // Runs along the direction (over a line of pixels and its two neighbours, for a page askew)…
    const [lines, along] = across ? [H, W] : [W, H];
    const at = (line: number, k: number): number => (across ? line * W + k : k * W + line);
    const found = new Uint8Array(W * H);
    for (let line = 0; line < lines; line += 1) {
      let start = -1;
      for (let k = 0; k <= along; k += 1) {
        const on = k < along && (ink[at(line, k)] || (line > 0 && ink[at(line - 1, k)]) || (line < lines - 1 && ink[at(line + 1, k)]));
        if (on && start < 0) start = k;
        else if (!on && start >= 0) {
          if (k - start >= length) for (let j = start; j < k; j += 1) found[at(line, j)] = 1;
          start = -1;
        }
      }
    }
    // …that are thin across it.
    for (let k = 0; k < along; k += 1) {
      let start = -1;
      for (let line = 0; line <= lines; line += 1) {
        const on = line < lines && found[at(line, k)] === 1;
        if (on && start < 0) start = line;
        else if (!on && start >= 0) {
          if (line - start <= thin) for (let j = start; j < line; j += 1) rules[at(j, k)] = 1;
          start = -1;
        }
      }
    }
  }
  for (let i = 0; i < ink.length; i += 1) if (rules[i]) ink[i] = 0;
  return ink;
}

/** A region of an image, `pad` pixels wider each side (within the image), as its own image. */
export function cropGray(image: GrayImage, box: PixelBox, pad: number): { image: GrayImage; x0: number; y0: number } {
  const x0 = Math.max(0, Math.floor(box.x0 - pad));
  const y0 = Math.max(0, Math.floor(box.y0 - pad));
  const x1 = Math.min(image.width, Math.ceil(box.x1 + pad));
  const y1 = Math.min(image.height, Math.ceil(box.y1 + pad));
  const [width, height] = [Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) data.set(image.data.subarray((y0 + y) * image.width + x0, (y0 + y) * image.width + x0 + width), y * width);
  return { image: { width, height, data }, x0, y0 };
}
