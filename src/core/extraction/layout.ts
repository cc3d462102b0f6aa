/**
 * Page layout from word boxes: words → lines (vertical overlap, chained left to right so a slightly
 * skewed scan still yields whole lines; a scan's skew is measured on long lines and taken out
 * first) → segments (runs of words without a column-sized gap; a lone `|` is a box edge).
 * Label matching is in label-match.ts, label/value geometry in values.ts, tables in tables.ts.
 */
import type { BBox, PageText, TextMethod, Word } from '../../shared/documents';

/** A word in page units (points for PDFs, pixels for images), top-left origin. */
export type Token = {
  readonly text: string;
  readonly confidence: number;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly word: Word;
};

/** A run of words on one line with no column-sized gap between them. */
export type Segment = {
  readonly tokens: readonly Token[];
  readonly text: string;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** Index of the line in its page's `lines`. */
  readonly line: number;
  /** Index of the segment within its line. */
  readonly index: number;
};

export type Line = {
  readonly tokens: readonly Token[];
  readonly segments: readonly Segment[];
  readonly text: string;
  readonly y0: number;
  readonly y1: number;
  /** Median word height: the line's font size, roughly. */
  readonly height: number;
};

export type PageLayout = {
  readonly page: PageText;
  readonly n: number;
  readonly method: TextMethod;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly Line[];
  /** Median word height on the page. */
  readonly em: number;
};

const median = (xs: readonly number[]): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/**
 * A label glued to its value by a colon ("发票号码：12345678", "Invoice:INV-7"), as scripts without
 * spaces and tight layouts print it, becomes two tokens, the width shared out by characters.
 */
function splitAtColon(t: Token): Token[] {
  const m = /^(.*?[\p{L}.)][：:])(\S+)$/u.exec(t.text);
  // Times (10:30) and URLs (https://) are not labels; the part before the colon must hold a letter.
  if (!m || !m[1] || !m[2] || /^\d+:\d/.test(t.text) || /\/\//.test(t.text) || !/\p{L}/u.test(m[1])) return [t];
  const cut = t.x0 + ((t.x1 - t.x0) * m[1].length) / t.text.length;
  return [
    { ...t, text: m[1], x1: cut },
    { ...t, text: m[2], x0: cut },
  ];
}

const toToken = (w: Word, width: number, height: number): Token => ({
  text: w.text,
  confidence: w.confidence,
  x0: w.bbox.x * width,
  y0: w.bbox.y * height,
  x1: (w.bbox.x + w.bbox.w) * width,
  y1: (w.bbox.y + w.bbox.h) * height,
  word: w,
});

/** How far two boxes overlap vertically. */
export const vOverlap = (a: { y0: number; y1: number }, b: { y0: number; y1: number }): number =>
  Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0)) / Math.max(1e-9, Math.min(a.y1 - a.y0, b.y1 - b.y0));

/** Joins tokens into text, keeping the words apart by one space. */
export const joinTokens = (tokens: readonly Token[]): string => tokens.map((t) => t.text).join(' ');

/** The union of the tokens' boxes as page fractions. */
export function unionBBox(tokens: readonly Token[]): BBox | null {
  if (!tokens.length) return null;
  // From the words' own boxes, so a deskewed layout still points at the page as it is.
  const boxes = tokens.map((t) => t.word.bbox);
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  const r = (v: number): number => Math.round(v * 1e4) / 1e4;
  return { x: r(x0), y: r(y0), w: r(x1 - x0), h: r(y1 - y0) };
}

/** Chains tokens into lines: each word joins the line whose last word it overlaps and follows. */
function chainTokens(tokens: readonly Token[], em: number, width: number): Token[][] {
  const byX = [...tokens].sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0);
  const chains: Token[][] = [];
  for (const t of byX) {
    let best: Token[] | null = null;
    let bestScore = 0;
    for (const chain of chains) {
      const last = chain[chain.length - 1];
      if (!last) continue;
      // Must follow on the right (boxes may touch or overlap a little in tight text layers).
      if (t.x0 < last.x1 - Math.min(em * 0.6, (last.x1 - last.x0) * 0.5)) continue;
      const ov = vOverlap(last, t);
      if (ov < 0.5) continue;
      // Prefer the best vertical fit, then the nearest chain.
      const score = ov - (t.x0 - last.x1) / (width || 1) * 0.5;
      if (score > bestScore) {
        bestScore = score;
        best = chain;
      }
    }
    if (best) best.push(t);
    else chains.push([t]);
  }
  return chains;
}

/** The page's lean (dy/dx) from lines with several words spread over a fair width. */
function skewOf(chains: readonly Token[][], width: number): number {
  const slopes: number[] = [];
  for (const c of chains) {
    if (c.length < 4) continue;
    const xs = c.map((t) => (t.x0 + t.x1) / 2);
    const ys = c.map((t) => t.y1);
    const spanX = Math.max(...xs) - Math.min(...xs);
    if (spanX < width * 0.15) continue;
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let num = 0;
    let den = 0;
    xs.forEach((x, i) => {
      num += (x - mx) * ((ys[i] ?? 0) - my);
      den += (x - mx) ** 2;
    });
    if (den > 0) slopes.push(num / den);
  }
  return slopes.length >= 3 ? median(slopes) : 0;
}

const shear = (t: Token, slope: number): Token => {
  const dy = slope * ((t.x0 + t.x1) / 2);
  return { ...t, y0: t.y0 - dy, y1: t.y1 - dy };
};

/**
 * Groups a page's words into lines and segments. A word joins the line whose last word it overlaps
 * vertically by half its height and follows on the right; lines are then ordered top to bottom.
 * A gap wider than `gapEm` times the line's height starts a new segment.
 */
export function layoutPage(page: PageText, gapEm = 1.8): PageLayout {
  // A page is laid out once: classification, splitting, extraction and known parties all read it.
  const cached = gapEm === 1.8 ? layouts.get(page) : undefined;
  if (cached) return cached;
  const layout = buildLayout(page, gapEm);
  if (gapEm === 1.8) layouts.set(page, layout);
  return layout;
}

const layouts = new WeakMap<PageText, PageLayout>();

/** A word the reader scored below this was not read: a value resting on it gets no confidence at all. */
export const UNREAD_BELOW = 0.3;

function buildLayout(page: PageText, gapEm: number): PageLayout {
  const raw = page.words.filter((w) => w.text.trim()).flatMap((w) => splitAtColon(toToken(w, page.width, page.height)));
  const em = median(raw.map((t) => t.y1 - t.y0)) || 10;
  // Scans lean by a degree or so, enough for a line to drift into the next across a page: measure
  // the lean on long lines and take it out before grouping again.
  const slope = skewOf(chainTokens(raw, em, page.width), page.width);
  const tokens = Math.abs(slope) > 0.0005 ? raw.map((t) => shear(t, slope)) : raw;
  const chains = chainTokens(tokens, em, page.width);
  // Pieces of one visual line that did not chain (a gap with a stray mark, a short word printed
  // higher) are joined when they overlap vertically and not horizontally.
  type Span = { y0: number; y1: number; x0: number; x1: number };
  const span = (c: Token[]): Span => ({
    y0: median(c.map((t) => t.y0)),
    y1: median(c.map((t) => t.y1)),
    x0: Math.min(...c.map((t) => t.x0)),
    x1: Math.max(...c.map((t) => t.x1)),
  });
  // Spans are measured once per chain and again only for a chain that grew.
  const spans = chains.map(span);
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < chains.length && !merged; i++) {
      for (let j = i + 1; j < chains.length && !merged; j++) {
        const [a, b] = [chains[i], chains[j]];
        const [sa, sb] = [spans[i], spans[j]];
        if (!a || !b || !sa || !sb) continue;
        if (vOverlap(sa, sb) < 0.6 || !(sa.x1 <= sb.x0 + em * 0.2 || sb.x1 <= sa.x0 + em * 0.2)) continue;
        chains[i] = [...a, ...b].sort((p, q) => p.x0 - q.x0);
        spans[i] = span(chains[i]!);
        chains.splice(j, 1);
        spans.splice(j, 1);
        merged = true;
      }
    }
  }
  const centres = new Map(chains.map((c) => [c, median(c.map((t) => (t.y0 + t.y1) / 2))]));
  chains.sort((a, b) => centres.get(a)! - centres.get(b)! || (a[0]?.x0 ?? 0) - (b[0]?.x0 ?? 0));
  // Specks of dust on a scan, read as a letter or two at no confidence and about a third of the print's
  // height ('3' under a weight caption, 'i' beside a figure), are no words: in a cell they would turn
  // a weight into text, under a caption they would be its value. They still count above, where the
  // page's lean and lines are measured as they always were.
  const speck = (t: Token): boolean => t.confidence < UNREAD_BELOW && t.text.length <= 2 && t.y1 - t.y0 < em * 0.35;
  const visible = page.method === 'ocr' ? chains.map((c) => c.filter((t) => !speck(t))).filter((c) => c.length > 0) : chains;
  const lines: Line[] = visible.map((chain, li) => {
    const height = median(chain.map((t) => t.y1 - t.y0)) || em;
    const segments: Segment[] = [];
    let run: Token[] = [];
    const flush = (): void => {
      if (!run.length) return;
      segments.push({
        tokens: run,
        text: joinTokens(run),
        x0: Math.min(...run.map((t) => t.x0)),
        y0: Math.min(...run.map((t) => t.y0)),
        x1: Math.max(...run.map((t) => t.x1)),
        y1: Math.max(...run.map((t) => t.y1)),
        line: li,
        index: segments.length,
      });
      run = [];
    };
    for (const t of chain) {
      const prev = run[run.length - 1];
      // A lone bar is a ruled box edge read as text: it separates cells and is not kept.
      if (/^[|¦]$/.test(t.text)) {
        flush();
        continue;
      }
      // The gap is measured against the words on either side as well as the line: a letterhead's
      // large name ('Metalli  Adriatica  S.r.l.') shares a line with small print that lowers its height.
      if (prev && t.x0 - prev.x1 > gapEm * Math.max(height, Math.min(prev.y1 - prev.y0, t.y1 - t.y0), em * 0.8)) flush();
      run.push(t);
    }
    flush();
    return {
      tokens: chain,
      segments,
      text: segments.map((s) => s.text).join('  '),
      y0: Math.min(...chain.map((t) => t.y0)),
      y1: Math.max(...chain.map((t) => t.y1)),
      height,
    };
  });
  return { page, n: page.n, method: page.method, width: page.width, height: page.height, lines, em };
}

/** How far two spans overlap horizontally. */
export const overlapX = (a: { x0: number; x1: number }, b: { x0: number; x1: number }): number =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
