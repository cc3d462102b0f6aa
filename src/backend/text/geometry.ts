/**
 * Page geometry with no I/O: PDF text-layer runs to word boxes, OCR pixel boxes to page fractions, and
 * boxes through quarter turns. Boxes are fractions of the page (0–1, origin top-left), as `BBox` says.
 */
import type { BBox, Word } from '../../shared/documents';
import type { QuarterTurn } from './raster';

/** A 2-D affine matrix as PDF writes it: [a, b, c, d, e, f] maps (x, y) to (ax + cy + e, bx + dy + f). */
export type Matrix = readonly [number, number, number, number, number, number];

/** One run of text from a PDF text layer (a pdf.js `TextItem`, reduced to what geometry needs). */
export type TextRun = {
  readonly str: string;
  /** Text space → PDF user space; its x axis runs along the baseline, one unit is the font size. */
  readonly transform: Matrix;
  /** Advance of the whole run in user-space units. */
  readonly width: number;
  /** Font ascent and descent as fractions of the font size (descent is negative). */
  readonly ascent: number;
  readonly descent: number;
};

/** Relative advance of a string in the run's font; only ratios between calls matter. */
export type Measure = (text: string) => number;

/** The fallback measure: every character equally wide. */
export const measureByLength: Measure = (text) => text.length;

/** Composes two matrices: the result applies `inner` first, then `outer`. */
export function multiply(outer: Matrix, inner: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** A box from pixel or point edges, as fractions of a page of the given size, clipped to the page. */
export function toFractions(left: number, top: number, right: number, bottom: number, pageWidth: number, pageHeight: number): BBox {
  const x0 = clamp01(Math.min(left, right) / pageWidth);
  const x1 = clamp01(Math.max(left, right) / pageWidth);
  const y0 = clamp01(Math.min(top, bottom) / pageHeight);
  const y1 = clamp01(Math.max(top, bottom) / pageHeight);
  return { x: round6(x0), y: round6(y0), w: round6(x1 - x0), h: round6(y1 - y0) };
}

// Six decimals is a hundredth of a pixel on a 300 DPI page; more only bloats stored JSON.
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** A word as it is being assembled: its text and corner points in viewport space. */
type Pending = {
  text: string;
  xs: number[];
  ys: number[];
  /** Where the baseline ends, the unit direction along it and the font height, for joining runs. */
  endX: number;
  endY: number;
  ux: number;
  uy: number;
  size: number;
};

/**
 * Splits text-layer runs into words with boxes. `viewport` maps PDF user space to the page as shown
 * (origin top-left, page rotation applied) whose size is `pageWidth` × `pageHeight`. Runs that touch on
 * one baseline with no space between them are one word (PDF writers split words at kerning changes).
 */
export function wordsFromRuns<R extends TextRun>(
  runs: readonly R[],
  viewport: Matrix,
  pageWidth: number,
  pageHeight: number,
  measureFor: (run: R) => Measure = () => measureByLength,
): Word[] {
  const words: Word[] = [];
  const viewportScale = Math.hypot(viewport[0], viewport[1]);
  let pending: Pending | null = null;
  const flush = (): void => {
    if (pending && pending.text !== '') {
      words.push({
        text: pending.text,
        bbox: toFractions(Math.min(...pending.xs), Math.min(...pending.ys), Math.max(...pending.xs), Math.max(...pending.ys), pageWidth, pageHeight),
        confidence: 1,
      });
    }
    pending = null;
  };

  for (const run of runs) {
    const [a, b, c, d, e, f] = multiply(viewport, run.transform);
    const along = Math.hypot(a, b);
    const size = Math.hypot(c, d);
    if (run.str.trim() === '' || along === 0 || size === 0) {
      // A run of spaces (or a degenerate one) ends any word in progress.
      flush();
      continue;
    }
    const ux = a / along;
    const uy = b / along;
    const length = run.width * viewportScale;
    const measure = measureFor(run);
    const total = measure(run.str) || run.str.length;
    const ascent = run.ascent > 0 ? run.ascent : 0.8;
    const descent = run.descent < 0 ? run.descent : -0.2;
    // A point `s` along the baseline and `t` font sizes above it (the text space y axis, c/d, already
    // points "up" on the page whatever the viewport's flip).
    const at = (s: number, t: number): [number, number] => [e + ux * s + c * t, f + uy * s + d * t];

    // Widths are summed piece by piece (the gap, then the word), each piece measured once, rather
    // than measuring ever longer prefixes of the run: that was quadratic in a line-long run.
    let advanced = 0;
    let last = 0;
    for (const match of run.str.matchAll(/\S+/g)) {
      const start = match.index;
      const end = start + match[0].length;
      if (start > last) advanced += measure(run.str.slice(last, start));
      const s0 = (length * advanced) / total;
      advanced += measure(match[0]);
      last = end;
      const s1 = (length * advanced) / total;
      const corners = [at(s0, descent), at(s1, descent), at(s0, ascent), at(s1, ascent)];
      const [endX, endY] = at(s1, 0);
      const p = pending as Pending | null;
      const joins =
        start === 0 &&
        p !== null &&
        Math.abs(p.ux * ux + p.uy * uy - 1) < 1e-3 &&
        Math.abs(size - p.size) < 0.2 * size &&
        touches(p, at(s0, 0), size);
      if (joins) {
        p.text += match[0];
        for (const [x, y] of corners) {
          p.xs.push(x);
          p.ys.push(y);
        }
        p.endX = endX;
        p.endY = endY;
      } else {
        flush();
        pending = { text: match[0], xs: corners.map((q) => q[0]), ys: corners.map((q) => q[1]), endX, endY, ux, uy, size };
      }
      // Whitespace after the word means the next run starts a new word.
      if (end < run.str.length) flush();
    }
  }
  flush();
  return words;
}

/** Whether a run starting at `start` continues the pending word: on its baseline and within a thin gap. */
function touches(p: Pending, start: [number, number], size: number): boolean {
  const dx = start[0] - p.endX;
  const dy = start[1] - p.endY;
  const gap = dx * p.ux + dy * p.uy;
  const drift = Math.abs(-dx * p.uy + dy * p.ux);
  return gap > -0.3 * size && gap < 0.15 * size && drift < 0.25 * size;
}

/**
 * Where a box lands when its page is turned clockwise by `turn`, so boxes read on a turned image can be
 * mapped back (turn by 360 − turn) or forward.
 */
export function rotateBox(box: BBox, turn: QuarterTurn): BBox {
  const { x, y, w, h } = box;
  switch (turn) {
    case 0:
      return box;
    case 90:
      return { x: round6(1 - y - h), y: x, w: h, h: w };
    case 180:
      return { x: round6(1 - x - w), y: round6(1 - y - h), w, h };
    case 270:
      return { x: y, y: round6(1 - x - w), w: h, h: w };
  }
}

/** Normalises any angle in degrees to the quarter turn nearest to it. */
export function toQuarterTurn(degrees: number): QuarterTurn {
  const q = ((Math.round(degrees / 90) % 4) + 4) % 4;
  return (q * 90) as QuarterTurn;
}
