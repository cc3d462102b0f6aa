/**
 * Page layout from word boxes: words → lines (vertical overlap, chained left to right so a slightly
 * skewed scan still yields whole lines) → segments (runs of words without a column-sized gap),
 * label matching on segments, and the label/value geometry of forms: the value after the label in
 * the same segment, in the next segment to the right, or below the label inside the same cell.
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

const toToken = (w: Word, width: number, height: number): Token => ({
  text: w.text,
  confidence: w.confidence,
  x0: w.bbox.x * width,
  y0: w.bbox.y * height,
  x1: (w.bbox.x + w.bbox.w) * width,
  y1: (w.bbox.y + w.bbox.h) * height,
  word: w,
});

const vOverlap = (a: { y0: number; y1: number }, b: { y0: number; y1: number }): number =>
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
  const raw = page.words.filter((w) => w.text.trim()).map((w) => toToken(w, page.width, page.height));
  const em = median(raw.map((t) => t.y1 - t.y0)) || 10;
  // Scans lean by a degree or so, enough for a line to drift into the next across a page: measure
  // the lean on long lines and take it out before grouping again.
  const slope = skewOf(chainTokens(raw, em, page.width), page.width);
  const tokens = Math.abs(slope) > 0.0005 ? raw.map((t) => shear(t, slope)) : raw;
  const chains = chainTokens(tokens, em, page.width);
  // Pieces of one visual line that did not chain (a gap with a stray mark, a short word printed
  // higher) are joined when they overlap vertically and not horizontally.
  const span = (c: Token[]): { y0: number; y1: number; x0: number; x1: number } => ({
    y0: median(c.map((t) => t.y0)),
    y1: median(c.map((t) => t.y1)),
    x0: Math.min(...c.map((t) => t.x0)),
    x1: Math.max(...c.map((t) => t.x1)),
  });
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < chains.length && !merged; i++) {
      for (let j = i + 1; j < chains.length && !merged; j++) {
        const [a, b] = [chains[i], chains[j]];
        if (!a || !b) continue;
        const [sa, sb] = [span(a), span(b)];
        if (vOverlap(sa, sb) < 0.6 || !(sa.x1 <= sb.x0 + em * 0.2 || sb.x1 <= sa.x0 + em * 0.2)) continue;
        chains[i] = [...a, ...b].sort((p, q) => p.x0 - q.x0);
        chains.splice(j, 1);
        merged = true;
      }
    }
  }
  const centre = (c: Token[]): number => median(c.map((t) => (t.y0 + t.y1) / 2));
  chains.sort((a, b) => centre(a) - centre(b) || (a[0]?.x0 ?? 0) - (b[0]?.x0 ?? 0));
  const lines: Line[] = chains.map((chain, li) => {
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
      if (prev && t.x0 - prev.x1 > gapEm * Math.max(height, em * 0.8)) flush();
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

// ---------------------------------------------------------------------------------------------
// Labels

/** Normalises one word for label matching: lower case, no accents, number words made `no`. */
export function labelWord(word: string): string {
  const w = word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  if (/^(#|no\.?|n[o°º]\.?|n\.[o°º]\.?|nr\.?|num\.?|number|nummer|numero|n°|no:|#:)$/.test(w.replace(/:$/, ''))) return 'no';
  // "B/L" as OCR reads it: BIL, B1L, BiL, B/l; a glued "#" or "No." is the number word.
  const bl = /^b[/|il1]l(#|no\.?)?:?$/.exec(w);
  if (bl) return bl[1] ? 'blno' : 'bl';
  if (/^\p{L}+#:?$/u.test(w)) return `${w.replace(/#:?$/, '')}no`;
  return w.replace(/[^\p{L}\d]/gu, '');
}

/** The compact form of a label phrase: its words normalised and run together. */
export const compactLabel = (phrase: string): string => phrase.split(/\s+/).map(labelWord).join('');

/** A label found at the start of a segment. */
export type LabelMatch<K extends string> = {
  readonly key: K;
  /** How many of the segment's tokens the label takes. */
  readonly length: number;
  /** Text inside parentheses in the label, such as `(kg)` or `(USD/MT)`: unit hints. */
  readonly note: string;
};

/** A dictionary of labels: compact phrase → key. */
export type LabelDictionary<K extends string> = ReadonlyMap<string, K>;

/** Builds a dictionary from `key → phrases`. */
export function labelDictionary<K extends string>(entries: readonly (readonly [K, readonly string[]])[]): LabelDictionary<K> {
  const map = new Map<string, K>();
  for (const [key, phrases] of entries) for (const p of phrases) if (!map.has(compactLabel(p))) map.set(compactLabel(p), key);
  return map;
}

const editDistanceAtMost1 = (a: string, b: string): boolean => {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
};

/** A dictionary key within one edit of `compact`, or (for a word cut short) one it is a long prefix of. */
function fuzzyLookup<K extends string>(dict: LabelDictionary<K>, compact: string, cut: boolean): K | undefined {
  if (compact.length < 5) return undefined;
  for (const [phrase, key] of dict) {
    if (phrase.length >= 5 && editDistanceAtMost1(compact, phrase)) return key;
    if (cut && phrase.startsWith(compact) && compact.length >= phrase.length * 0.6) return key;
  }
  return undefined;
}

const NUMBERING = /^(\(?\d{1,2}[).]|\d{1,2}\.|[a-z]\)|\[\d{1,2}\])$/i;
const isSeparator = (t: string): boolean => t === '/' || t === '|';

/**
 * Finds the longest label at the start of `tokens`. Box numbers (`(2)`), parenthesised notes
 * (`(kg)`, `(if 'To Order' so indicate)`) and a second language before or after a `/`
 * (`Porto de Embarque / Port of Loading`, `Exporter / Exportador`) are allowed around the phrase.
 */
export function matchLabel<K extends string>(
  tokens: readonly { readonly text: string }[],
  dict: LabelDictionary<K>,
  maxWords = 12,
  fuzzy = false,
): LabelMatch<K> | null {
  let start = 0;
  while (start < tokens.length - 1 && NUMBERING.test(tokens[start]?.text ?? '')) start++;
  let best: LabelMatch<K> | null = null;
  let whole = '';
  let part = '';
  let depth = 0;
  let note = '';
  const end = Math.min(tokens.length, start + maxWords);
  for (let i = start; i < end; i++) {
    const raw = tokens[i]?.text ?? '';
    if (depth > 0 || (raw.startsWith('(') && i > start)) {
      // A parenthesised note: kept as a hint, not part of the phrase.
      note += `${note ? ' ' : ''}${raw}`;
      depth = Math.max(0, depth + (raw.match(/\(/g) ?? []).length - (raw.match(/\)/g) ?? []).length);
      const sofar = best as LabelMatch<K> | null;
      if (sofar && sofar.length === i) best = { key: sofar.key, length: i + 1, note };
      if (raw.endsWith(':') && depth === 0) break;
      continue;
    }
    if (isSeparator(raw)) {
      part = '';
      continue;
    }
    const w = labelWord(raw);
    whole += w;
    part += w;
    const key = dict.get(whole) ?? dict.get(part);
    if (key !== undefined && w !== '') best = { key, length: i + 1, note };
    if (raw.endsWith('/')) part = '';
    if (raw.endsWith(':')) break;
  }
  if (!best && fuzzy && tokens.length <= maxWords && !tokens.some((t) => /\d/.test(t.text))) {
    // OCR of a whole-segment label: one letter wrong, or the word cut short and ended with a stray
    // mark ("Descrip'", "Amoun!") — a whole word that merely begins a label ("TRANSPORT") is not one.
    const cut = /[^\p{L}\s.:)]$/u.test(tokens[tokens.length - 1]?.text ?? '');
    const key = fuzzyLookup(dict, whole, cut) ?? fuzzyLookup(dict, part, cut);
    if (key !== undefined) return { key, length: tokens.length, note };
  }
  if (!best) return null;
  let length = best.length;
  // A second language after the phrase ("Exporter / Exportador:"): taken when it ends with a colon
  // or ends the segment without any digit, so it is not mistaken for the value.
  if (isSeparator(tokens[length]?.text ?? '') || (tokens[length - 1]?.text ?? '').endsWith('/')) {
    const from = isSeparator(tokens[length]?.text ?? '') ? length + 1 : length;
    let j = from;
    while (j < tokens.length && j < from + 4 && !/\d/.test(tokens[j]?.text ?? '') && !(tokens[j - 1]?.text ?? '').endsWith(':')) j++;
    const colon = j > from && (tokens[j - 1]?.text ?? '').endsWith(':');
    if (colon || (j === tokens.length && j > from)) length = j;
  }
  if (tokens[length]?.text === ':' || tokens[length]?.text === '#') length++;
  return { ...best, length };
}

// ---------------------------------------------------------------------------------------------
// Geometry

/** Where a value was found relative to its label. */
export type Placement = 'inline' | 'right' | 'below';

/** A candidate value for a label: tokens and how it sits relative to the label. */
export type ValueCandidate = {
  readonly tokens: readonly Token[];
  readonly text: string;
  readonly placement: Placement;
  /** Lines below the label (0 for inline and right). */
  readonly distance: number;
  /** The segment the value came from. */
  readonly segment: Segment;
};

/** True when a segment's text is itself a label (the caller decides what counts). */
export type IsLabel = (segment: Segment) => boolean;

/** A speck of a logo or stamp read as a couple of unsure letters: it bounds no cell. */
const isSpeck = (s: Segment): boolean => s.text.replace(/\s/g, '').length <= 3 && s.tokens.every((t) => t.confidence < 0.5);

/**
 * The cell of a label: from its left edge to the start of the next segment on its line (or the page
 * edge), widened a little so indented or right-aligned values under it still count.
 */
export function cellOf(layout: PageLayout, seg: Segment): { readonly x0: number; readonly x1: number } {
  // Neighbours on the label's line, or on a line printed at nearly the same height, bound the cell.
  const near = layout.lines
    .slice(Math.max(0, seg.line - 3), seg.line + 4)
    .flatMap((l) => l.segments.filter((s) => s !== seg && !isSpeck(s) && (l === layout.lines[seg.line] || vOverlap(s, seg) >= 0.5)));
  const right = near.filter((s) => s.x0 >= seg.x1).sort((a, b) => a.x0 - b.x0)[0];
  const left = near.filter((s) => s.x1 <= seg.x0).sort((a, b) => b.x1 - a.x1)[0];
  const x0 = left ? Math.max(left.x1 + layout.em * 0.5, seg.x0 - layout.em * 3) : Math.max(0, seg.x0 - layout.em * 3);
  const x1 = right ? right.x0 - layout.em * 0.3 : layout.width;
  return { x0, x1 };
}

// A token belongs to a cell when most of it lies inside; the first token of a value must also start
// near the label, so a word far to the right of a wide cell is another column's.
const tokenInCell = (t: Token, cell: { x0: number; x1: number }): boolean =>
  Math.max(0, Math.min(t.x1, cell.x1) - Math.max(t.x0, cell.x0)) >= (t.x1 - t.x0) * 0.5;

/**
 * The candidate values for a label taking the first `labelLength` tokens of `seg`: what follows it
 * in the segment, the next segment on the line, and segments below it inside its cell (down to
 * `maxBelow` lines, stopping at the next label in the cell or a gap of several lines).
 */
export function valuesFor(
  layout: PageLayout,
  seg: Segment,
  labelLength: number,
  isLabel: IsLabel,
  maxBelow = 4,
  maxRightGap = layout.width * 0.45,
): ValueCandidate[] {
  const out: ValueCandidate[] = [];
  const rest = seg.tokens.slice(labelLength).filter((t, i) => !(i === 0 && /^[:#.\-–]$/.test(t.text)));
  if (rest.length) out.push({ tokens: rest, text: joinTokens(rest).replace(/^[:#]\s*/, ''), placement: 'inline', distance: 0, segment: seg });
  const line = layout.lines[seg.line];
  // The next segment on the line; else one half a line up or down (a value centred in a taller
  // cell beside its label, or wrapped over two lines: "29.916,00 / EUR").
  const right =
    line?.segments.find((o) => o.x0 >= seg.x1 - 1 && o !== seg) ??
    [layout.lines[seg.line - 1], layout.lines[seg.line + 1]]
      .flatMap((l) => l?.segments ?? [])
      .filter((o) => o.x0 >= seg.x1 && vOverlap(o, seg) >= 0.25)
      .sort((a, b) => a.x0 - b.x0)[0];
  // A segment to the right that sits under another label just above is that label's value.
  const claimed = (r: Segment): boolean =>
    layout.lines
      .slice(Math.max(0, seg.line - 2), seg.line)
      .some((l) => l.segments.some((o) => o !== seg && overlapX(o, r) > 0 && r.y0 - o.y1 < layout.em * 2.5 && o.x0 > seg.x1 && isLabel(o)));
  // A value far to the right (a key/value list) is tried after the cell below, so a heading printed
  // across the page from a boxed label does not pass for its value.
  let farRight: ValueCandidate | null = null;
  if (right && !isLabel(right) && right.x0 - seg.x1 < maxRightGap && !claimed(right)) {
    const cand: ValueCandidate = { tokens: right.tokens, text: right.text, placement: 'right', distance: 0, segment: right };
    if (right.x0 - seg.x1 <= layout.em * 8) out.push(cand);
    else farRight = cand;
  }
  const cell = cellOf(layout, seg);
  const bounded = cell.x1 < layout.width;
  let lastY = seg.y1;
  let found = 0;
  for (let li = seg.line + 1; li < layout.lines.length && found < maxBelow; li++) {
    const l = layout.lines[li];
    if (!l) break;
    const first = l.segments
      .map((sg) => ({ sg, toks: sg.tokens.filter((t) => tokenInCell(t, cell)) }))
      // In a bounded cell the value may be indented; in an open one it must start by the label's end.
      .find(({ toks }) => toks[0] && toks[0].x0 <= (bounded ? Math.max(seg.x0, cell.x0) + Math.max(seg.x1 - seg.x0, (cell.x1 - cell.x0) * 0.6) : seg.x1 + layout.em * 3));
    if (!first) {
      if (l.y0 - lastY > Math.max(l.height, layout.em) * 4.5) break;
      continue;
    }
    const s = first.sg;
    if (s.y0 - lastY > Math.max(l.height, layout.em) * 4.5) break;
    // A label in the cell ends the value (only when the label itself starts in the cell).
    if (isLabel(s) && tokenInCell(s.tokens[0] as Token, cell)) break;
    found++;
    lastY = s.y1;
    // A value below a boxed label ends at the box's edge: what lies past it belongs to the next cell.
    // In a bounded cell every word inside belongs to the value (OCR may split a name with a wide gap).
    // In an open cell only words a little apart (an OCR gap inside a name), not the next column.
    const more: Token[] = [];
    for (const o of l.segments.filter((x) => x.x0 > s.x1)) {
      const toks = o.tokens.filter((t) => tokenInCell(t, cell));
      const prev = more[more.length - 1] ?? first.toks[first.toks.length - 1];
      if (!toks[0] || !prev || toks[0].x0 - prev.x1 > layout.em * (bounded ? 4 : 2.5)) break;
      more.push(...toks);
    }
    const inside = [...first.toks, ...more].filter((t) => !/^[|[\]]$/.test(t.text));
    if (inside.length) out.push({ tokens: inside, text: joinTokens(inside), placement: 'below', distance: found, segment: s });
  }
  if (farRight) out.push(farRight);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables

/** One column of a table: the header text and its horizontal extent. */
export type Column<K extends string> = { readonly key: K; readonly header: string; readonly x0: number; readonly x1: number };

/** A table found from its header row: the columns and the lines under it. */
export type Table<K extends string> = {
  readonly headerLine: number;
  /** The last header line (headers can run over two or three lines). */
  readonly headerEnd: number;
  readonly columns: readonly Column<K>[];
  /** The lines below the header, up to the end of the table. */
  readonly rows: readonly number[];
};

/**
 * Finds tables: a line where at least `minColumns` segments start with a known column header
 * (plus continuation header lines right under it), and the lines below until a totals line, the
 * next table, or a wide vertical gap.
 */
export function findTables<K extends string>(
  layout: PageLayout,
  headers: LabelDictionary<K>,
  isTableEnd: (line: Line) => boolean,
  minColumns = 2,
): Table<K>[] {
  const tables: Table<K>[] = [];
  const headerCells = (line: Line): Column<K>[] => {
    const cells: Column<K>[] = [];
    const cellOfTokens = (key: K, toks: readonly Token[]): Column<K> => ({
      key,
      header: joinTokens(toks),
      x0: Math.min(...toks.map((t) => t.x0)),
      x1: Math.max(...toks.map((t) => t.x1)),
    });
    for (const seg of line.segments) {
      // A segment may hold several headers when the gap between them was small: take them in turn.
      // Unknown words before a header qualify it ("Billed Qty", "Net Price"); after it they are
      // hints ("Quantity (MT)"); a segment with no known header is an anonymous column, so its
      // values do not spill into the neighbours.
      let i = 0;
      let pending: Token[] = [];
      let current: Column<K> | null = null;
      while (i < seg.tokens.length) {
        const m = matchLabel(seg.tokens.slice(i), headers, 8, i === 0 && layout.method === 'ocr');
        const tok = seg.tokens[i];
        if (m) {
          const toks = [...pending, ...seg.tokens.slice(i, i + m.length)];
          current = cellOfTokens(m.key, toks);
          cells.push(current);
          pending = [];
          i += m.length;
          continue;
        }
        if (tok && current) {
          const idx = cells.indexOf(current);
          current = { ...current, header: `${current.header} ${tok.text}`, x1: Math.max(current.x1, tok.x1) };
          cells[idx] = current;
        } else if (tok) pending.push(tok);
        i++;
      }
      if (pending.length) cells.push(cellOfTokens('' as K, pending));
    }
    return cells;
  };
  const known = (cs: readonly Column<K>[]): number => new Set(cs.filter((c) => c.key !== '').map((c) => c.key)).size;
  const hasFigures = (l: Line): boolean => /\d[.,]?\d/.test(l.text.replace(/\b(19|20)\d\d\b|m[³3]/g, ''));
  for (let li = 0; li < layout.lines.length; li++) {
    const line = layout.lines[li];
    if (!line) continue;
    let cells = headerCells(line);
    if (known(cells) < minColumns) {
      // Two-line headers split over lines ("Unit" over "Price") are joined before giving up, when
      // this line already holds a header, neither holds figures and the next is no header alone.
      const next = layout.lines[li + 1];
      if (!next || known(cells) === 0 || next.y0 - line.y1 > line.height * 1.5 || hasFigures(line) || hasFigures(next)) continue;
      if (known(headerCells(next)) >= minColumns) continue;
      const merged = layoutMerge(line, next);
      cells = headerCells(merged);
      if (known(cells) < minColumns) continue;
      li++;
    }
    // Header words stacked over the line above ("Gross" over "Weight"): joined to the cell under them.
    const above = layout.lines[li - 1];
    const stacked = above && line.y0 - above.y1 < line.height * 0.8 && !hasFigures(above) ? above.segments : [];
    // Continuation header lines: no digits other than unit hints, every segment under a column.
    let end = li;
    for (let k = li + 1; k < Math.min(layout.lines.length, li + 4); k++) {
      const l = layout.lines[k];
      if (!l || l.y0 - (layout.lines[k - 1]?.y1 ?? 0) > l.height * 1.6) break;
      const isHint = l.segments.every((s) => !/\d{2,}/.test(s.text.replace(/m[³3]|\d{4}/g, '')) || /^\(?[A-Z$€£]{1,4}\/?[A-Z]{0,4}\)?$/.test(s.text));
      const more = headerCells(l);
      if (!isHint && known(more) === 0) break;
      if (/\d[.,]\d/.test(l.text)) break;
      for (const s of l.segments) {
        const col = cells.findIndex((c) => overlapX(c, s) > 0 || (s.x0 >= c.x0 - layout.em && s.x1 <= c.x1 + layout.em));
        const c = cells[col];
        if (c) {
          cells[col] = { ...c, header: `${c.header} ${s.text}`, key: c.key === '' ? (more.find((m) => overlapX(m, s) > 0)?.key ?? c.key) : c.key };
          continue;
        }
        // A header in two halves around the main line: the word above joins the word below.
        const top = stacked.find((a) => overlapX(a, s) > 0);
        const m = top ? matchLabel([...top.tokens, ...s.tokens], headers, 8, true) : null;
        if (top && m) cells.push({ key: m.key, header: `${top.text} ${s.text}`, x0: Math.min(top.x0, s.x0), x1: Math.max(top.x1, s.x1) });
      }
      cells.sort((p, q) => p.x0 - q.x0);
      end = k;
    }
    const rows: number[] = [];
    let lastY = layout.lines[end]?.y1 ?? 0;
    for (let k = end + 1; k < layout.lines.length; k++) {
      const l = layout.lines[k];
      if (!l) break;
      if (l.y0 - lastY > Math.max(l.height, layout.em) * 6) break;
      if (isTableEnd(l)) {
        rows.push(k);
        break;
      }
      rows.push(k);
      lastY = l.y1;
    }
    tables.push({ headerLine: li, headerEnd: end, columns: cells.filter((c) => c.key !== '' || c.header), rows });
    li = end;
  }
  return tables;
}

const layoutMerge = (a: Line, b: Line): Line => {
  // Header words stacked over two lines: join words whose columns overlap into one segment each.
  const segs = [...a.segments, ...b.segments].sort((p, q) => p.x0 - q.x0);
  const groups: Segment[][] = [];
  for (const s of segs) {
    const g = groups.find((gr) => gr.some((o) => overlapX(o, s) > 0));
    if (g) g.push(s);
    else groups.push([s]);
  }
  const merged: Segment[] = groups.map((g, index) => {
    const ordered = [...g].sort((p, q) => p.y0 - q.y0 || p.x0 - q.x0);
    const tokens = ordered.flatMap((s) => s.tokens);
    return {
      tokens,
      text: joinTokens(tokens),
      x0: Math.min(...g.map((s) => s.x0)),
      x1: Math.max(...g.map((s) => s.x1)),
      y0: Math.min(...g.map((s) => s.y0)),
      y1: Math.max(...g.map((s) => s.y1)),
      line: a.segments[0]?.line ?? 0,
      index,
    };
  });
  return { ...a, segments: merged, text: merged.map((s) => s.text).join('  '), y1: b.y1 };
};

/** Horizontal overlap of two extents, in page units. */
export const overlapX = (a: { x0: number; x1: number }, b: { x0: number; x1: number }): number =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));

/** The column a segment belongs to: the most overlap, else the nearest edge within `reach`. */
export function columnOf<K extends string>(columns: readonly Column<K>[], seg: { x0: number; x1: number }, reach: number): Column<K> | null {
  let best: Column<K> | null = null;
  let bestOv = 0;
  for (const c of columns) {
    const ov = overlapX(c, seg);
    if (ov > bestOv) {
      bestOv = ov;
      best = c;
    }
  }
  if (best) return best;
  let bestD = reach;
  for (const c of columns) {
    const d = Math.min(Math.abs(c.x0 - seg.x0), Math.abs(c.x1 - seg.x1), Math.abs((c.x0 + c.x1) / 2 - (seg.x0 + seg.x1) / 2));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/**
 * The tokens of a line under each column: each token goes to the column it overlaps most (numbers
 * are right-aligned and text left-aligned, so a token outside every header goes to the nearest).
 */
export function cellsOfLine<K extends string>(columns: readonly Column<K>[], line: Line, reach: number, textColumns: readonly K[] = []): Map<Column<K>, Token[]> {
  const out = new Map<Column<K>, Token[]>();
  const add = (col: Column<K> | null, toks: readonly Token[]): void => {
    if (col) out.set(col, [...(out.get(col) ?? []), ...toks]);
  };
  for (const seg of line.segments) {
    const home = columnOf(columns, seg, reach);
    // Free text that starts in a text column (a description) keeps running over its neighbours;
    // anything else is placed word by word, so "1 250 sacs" splits into quantity and unit.
    if (home && textColumns.includes(home.key)) {
      const split = splitByColumns(columns, seg.tokens, home);
      add(home, split.text);
      for (const t of split.rest) add(columnOf(columns, t, reach), [t]);
      continue;
    }
    let prevCol: Column<K> | null = null;
    let prevNumber = false;
    for (const t of seg.tokens) {
      // A word printed right after a figure ("74250 MT") stays with it unless it sits under a column.
      const under = columns.find((c) => overlapX(c, t) >= (t.x1 - t.x0) * 0.5) ?? null;
      const col: Column<K> | null = prevNumber && !/\d/.test(t.text) && !under ? prevCol : columnOf(columns, t, reach);
      add(col, [t]);
      prevCol = col;
      prevNumber = /\d/.test(t.text);
    }
  }
  return out;
}

// A text cell ends where a figure starts under a numeric column (a wide description runs on, a
// quantity printed close after it does not).
const splitByColumns = <K extends string>(columns: readonly Column<K>[], tokens: readonly Token[], home: Column<K>): { text: Token[]; rest: Token[] } => {
  const text: Token[] = [];
  const lead: Token[] = [];
  let i = 0;
  // Words before the text that sit under another column (an item code under "Item") are that column's.
  for (; i < tokens.length - 1; i++) {
    const t = tokens[i] as Token;
    const col = columnOf(columns, t, Infinity);
    if (col === home || overlapX(col ?? home, t) < (t.x1 - t.x0) * 0.5 || overlapX(home, t) > 0) break;
    lead.push(t);
  }
  for (; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const col = columnOf(columns, t, Infinity);
    if (col !== home && /^[-(]?[\d.,]+[)%]?$/.test(t.text) && overlapX(col ?? home, t) > 0) break;
    text.push(t);
  }
  return { text, rest: [...lead, ...tokens.slice(i)] };
};
