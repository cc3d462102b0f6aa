/**
 * Label/value geometry of forms: the value after the label in the same segment, in the next segment
 * to the right, or below the label inside the same cell.
 */
import type { PageLayout, Segment, Token } from './layout';
import { joinTokens, overlapX, vOverlap } from './layout';
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
 * Debris of a stamp or a mark printed over a row ('ENTERED' across a summary line, read as 'EE pie';
 * a round stamp's ring as '( as |'): a few unsure letters with no figure, the ring's strokes read
 * as brackets and bars however sure. It stands between a label and its value without being either.
 */
const isDebris = (s: Segment): boolean => {
  if (/\d/.test(s.text) || s.text.replace(/[\s\p{P}\p{S}]/gu, '').length > 8) return false;
  const worded = s.tokens.filter((t) => /\p{L}/u.test(t.text));
  return (worded.length ? worded : s.tokens).every((t) => t.confidence < 0.5);
};

/**
 * The cell of a label: from its left edge to the start of the next segment on its line (or the page
 * edge), widened a little so indented or right-aligned values under it still count.
 */
export function cellOf(layout: PageLayout, seg: Segment): { readonly x0: number; readonly x1: number } {
  // Neighbours on the label's line, or on a line printed at nearly the same height, bound the cell.
  // To the right, a taller line that rises beside the label bounds it too (a letterhead level with
  // the first box's caption): what lies under the letterhead is not the box's.
  const near = (least: number): Segment[] =>
    layout.lines
      .slice(Math.max(0, seg.line - 3), seg.line + 4)
      .flatMap((l) => l.segments.filter((s) => s !== seg && !isSpeck(s) && (l === layout.lines[seg.line] || vOverlap(s, seg) >= least)));
  const right = near(0.35).filter((s) => s.x0 >= seg.x1).sort((a, b) => a.x0 - b.x0)[0];
  const left = near(0.5).filter((s) => s.x1 <= seg.x0).sort((a, b) => b.x1 - a.x1)[0];
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
    line?.segments.find((o) => o.x0 >= seg.x1 - 1 && o !== seg && !isDebris(o)) ??
    [layout.lines[seg.line - 1], layout.lines[seg.line + 1]]
      .flatMap((l) => l?.segments ?? [])
      .filter((o) => o.x0 >= seg.x1 && vOverlap(o, seg) >= 0.25)
      .sort((a, b) => a.x0 - b.x0)[0];
  // A segment to the right that sits under another label just above is that label's value — unless
  // that label holds its own value already ("Téléphone +33 2 26 26 21 36": a run of digits after it).
  const holdsValue = (o: Segment): boolean => /\d{3}/.test(o.tokens.slice(1).map((t) => t.text).join('').replace(/[.\-/]/g, ''));
  const claimed = (r: Segment): boolean =>
    layout.lines
      .slice(Math.max(0, seg.line - 2), seg.line)
      .some((l) => l.segments.some((o) => o !== seg && overlapX(o, r) > 0 && r.y0 - o.y1 < layout.em * 2.5 && o.x0 > seg.x1 && isLabel(o) && !holdsValue(o)));
  // A value far to the right (a key/value list) is tried after the cell below, so a heading printed
  // across the page from a boxed label does not pass for its value.
  let farRight: ValueCandidate | null = null;
  if (right && !isLabel(right) && right.x0 - seg.x1 < maxRightGap && !claimed(right)) {
    const cand: ValueCandidate = { tokens: right.tokens, text: right.text, placement: 'right', distance: 0, segment: right };
    if (right.x0 - seg.x1 <= layout.em * 8) out.push(cand);
    else farRight = cand;
  }
  // A row of headings ("BILL TO ‖ SHIP TO", "Shipper ‖ Consignee"), often centred over their boxes:
  // each line under it belongs, segment by segment, to the heading whose centre is nearest.
  // A heading that was one piece of a segment (two box headings printed close together) stands
  // beside the rest of that segment as headings of their own.
  const expand = (o: Segment): Segment[] => {
    const i = o === seg ? -1 : o.tokens.indexOf(seg.tokens[0]!);
    if (i < 0) return [o];
    const j = i + seg.tokens.length;
    const part = (toks: readonly Token[]): Segment => ({ ...o, tokens: toks as Token[], text: joinTokens(toks), x0: toks[0]!.x0, x1: toks[toks.length - 1]!.x1 });
    return [...(i > 0 ? [part(o.tokens.slice(0, i))] : []), seg, ...(j < o.tokens.length ? [part(o.tokens.slice(j))] : [])];
  };
  const row = line?.segments.flatMap(expand) ?? [];
  const headings = line && row.length >= 2 && line.segments.every((o) => isLabel(o)) ? row : null;
  if (headings && !rest.length) {
    const centre = (o: { x0: number; x1: number }): number => (o.x0 + o.x1) / 2;
    // Headings printed at the left edge of their boxes, each with the first line under it starting
    // where it starts ('Consignor ‖ Consignee ‖ Notify Address' over three names): a column runs
    // from its heading to the next one, however long a name is ('Pomorze Tworzywa Sp. z o.o.' reaches
    // nearer the next heading's centre than its own). Otherwise headings are centred over their
    // boxes, and a piece belongs to the heading whose centre is nearest.
    const under = layout.lines[seg.line + 1];
    const leftAligned =
      under !== undefined && under.y0 - (line?.y1 ?? seg.y1) <= layout.em * 2 && headings.every((h) => under.segments.some((o) => Math.abs(o.x0 - h.x0) <= layout.em));
    const nearest = (o: { x0: number; x1: number }): Segment =>
      leftAligned
        ? headings.reduce((best, h) => (h.x0 - layout.em <= o.x0 ? h : best), headings[0]!)
        : headings.reduce((best, h) => (Math.abs(centre(h) - centre(o)) < Math.abs(centre(best) - centre(o)) ? h : best));
    // Cells printed close together read as one segment; a gap over a boundary between two headings,
    // or one after which a word starts right under a heading, splits them again
    // ("CAPE ITAPEMA - Voy. 03/2026  ABC-SSZ-2603-01" under "Vessel ‖ B/L No.").
    const bounds = headings.slice(1).map((h, i) => (leftAligned ? h.x0 - layout.em * 0.5 : (headings[i]!.x1 + h.x0) / 2));
    const pieces = (s: Segment): Token[][] => {
      const out: Token[][] = [[]];
      s.tokens.forEach((t, i) => {
        const prev = s.tokens[i - 1];
        const gap = prev ? t.x0 - prev.x1 : 0;
        const across = prev && gap >= layout.em * 0.6 && bounds.some((b) => b > prev.x1 - 1 && b < t.x0 + 1);
        const underHeading = prev && gap >= layout.em * 0.3 && headings.some((h, k) => k > 0 && Math.abs(t.x0 - h.x0) <= layout.em);
        if (across || underHeading) out.push([]);
        out[out.length - 1]!.push(t);
      });
      return out.filter((p) => p.length);
    };
    let below = 0;
    let last = seg.y1;
    for (let li = seg.line + 1; li < layout.lines.length && below < maxBelow; li++) {
      const l = layout.lines[li]!;
      if (l.y0 - last > Math.max(l.height, layout.em) * 4.5) break;
      // A piece wholly left of the row's first heading may be centred under it ('BILL TO' over a
      // wide box), or be in a column with a heading of its own just above (a form's left half:
      // 'Consigned to' over the consignee's lines beside the 'BL No' row): then it is not this row's.
      const left = headings[0]!.x0 - layout.em;
      const ownColumn = (x0: number, x1: number, y0: number): boolean =>
        layout.lines.some((above) => above.y1 <= y0 && above.y0 >= line!.y0 - layout.em * 6 && above.segments.some((o) => !row.includes(o) && o.x0 < x1 && o.x1 > x0 && isLabel(o)));
      const mine = l.segments
        .flatMap((s) => pieces(s).map((toks) => ({ s, toks })))
        // A speck of the box's edge split off as a piece of its own ('.' before 'NSLU570251486') is no value.
        .filter(({ toks }) => toks.some((t) => /[\p{L}\d]/u.test(t.text)))
        .filter(({ toks }) => {
          const [x0, x1] = [toks[0]!.x0, toks[toks.length - 1]!.x1];
          if (x1 < left && ownColumn(x0, x1, l.y0)) return false;
          return nearest({ x0, x1 }) === seg;
        });
      // A piece right under the heading before one wholly left of the row ('20280 HAMBURG' in the
      // box to the left, whose caption a scan lost, beside the B/L number under its heading).
      // Of two pieces nearest this heading, the one starting right under it is its cell; the other ran
      // over from the box to the left ('ATLANTIC CARMEN VOY.220N ‖ IANVAL6314252' under 'Vessel ‖ B/L No.').
      const found = (mine.length > 1 ? mine.find(({ toks }) => Math.abs(toks[0]!.x0 - seg.x0) <= layout.em) : undefined) ?? mine.find(({ toks }) => toks[toks.length - 1]!.x1 >= left) ?? mine[0];
      if (!found) continue;
      if (isLabel(found.s) && found.toks[0] === found.s.tokens[0]) break;
      below += 1;
      last = found.s.y1;
      // The rest of the cell after a gap the reader took for a column's ('CRESCENT PEARL ‖ DK924N',
      // the slash between vessel and voyage lost): the pieces close after it that end before the
      // next heading starts. The row's last heading has no such bound: its box may end anywhere.
      const next = headings[headings.indexOf(seg) + 1];
      const end = next ? next.x0 - layout.em * 0.5 : -Infinity;
      const after: Token[] = [];
      for (const { toks } of mine.filter((p) => p.toks[0]!.x0 > found.toks[found.toks.length - 1]!.x1).sort((a, b) => a.toks[0]!.x0 - b.toks[0]!.x0)) {
        const prev = after[after.length - 1] ?? found.toks[found.toks.length - 1]!;
        if (toks[0]!.x0 - prev.x1 > layout.em * 4 || toks[toks.length - 1]!.x1 > end) break;
        after.push(...toks);
      }
      const toks = [...found.toks, ...after].filter((t) => !/^[|[\]]$/.test(t.text));
      if (toks.length) out.push({ tokens: toks, text: joinTokens(toks), placement: 'below', distance: below, segment: found.s });
    }
    return out;
  }
  const cell = cellOf(layout, seg);
  const bounded = cell.x1 < layout.width;
  let lastY = seg.y1;
  let found = 0;
  for (let li = seg.line + 1; li < layout.lines.length && found < maxBelow; li++) {
    const l = layout.lines[li];
    if (!l) break;
    // A speck (a stamp's stroke read as '7') is no value under the label, nor the end of its cell.
    const first = l.segments
      .filter((sg) => !isSpeck(sg))
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

