/**
 * Tables found from a header row of known column names (stacked and two-line headers joined), and
 * rows placed under the columns by horizontal overlap.
 */
import type { LabelDictionary } from './label-match';
import { matchLabel } from './label-match';
import type { Line, PageLayout, Segment, Token } from './layout';
import { joinTokens, overlapX } from './layout';
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
 * The column header at the start of `tokens`. On a scan a header may have a letter misread, but two
 * headers printed close together are not one longer header a letter away ('Menge Einheit' is the
 * quantity and the unit, not a misread 'Mengeneinheit').
 */
function headerAt<K extends string>(tokens: readonly Token[], headers: LabelDictionary<K>, fuzzy: boolean): ReturnType<typeof matchLabel<K>> {
  const exact = matchLabel(tokens, headers, 8, false);
  if (!fuzzy) return exact;
  const loose = matchLabel(tokens, headers, 8, true);
  if (exact && loose && loose.length > exact.length && matchLabel(tokens.slice(exact.length), headers, 8, false)) return exact;
  return loose ?? exact;
}

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
        const m = headerAt(seg.tokens.slice(i), headers, i === 0 && layout.method === 'ocr');
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
        // A header's last word wrapped onto the next line and set right of it ('Prezzo' over 'un.'):
        // it completes the nearest header on its left when the two make a longer header of that
        // column, and is no column of its own ('un.' alone would be a unit column).
        const left = cells.reduce<number>((best, c, at) => (c.key !== '' && c.x1 <= s.x0 && s.x0 - c.x1 < layout.em * 3 && (best < 0 || c.x1 > cells[best]!.x1) ? at : best), -1);
        const prior = cells[left];
        if (prior && !cells.some((o) => o.x0 > prior.x1 && o.x0 < s.x0)) {
          const words = prior.header.split(/\s+/).map((text) => ({ text }));
          const alone = matchLabel(words, headers, 8, false);
          const joined = matchLabel([...words, ...s.tokens], headers, 8, false);
          if (alone && joined && joined.key === prior.key && joined.length > alone.length) {
            cells[left] = { ...prior, header: `${prior.header} ${s.text}`, x1: Math.max(prior.x1, s.x1) };
            continue;
          }
        }
        // A header of its own beside the columns found, on a line of its own only because the scan
        // leans ('Number and Kind of Packages: Description of Goods' a few pixels below 'Gross Weight').
        // The segment may hold several ('Line Description'): each header in it counts.
        const own = more.filter((m) => m.key !== '' && overlapX(m, s) > 0 && !cells.some((c) => overlapX(c, m) > 0));
        if (own.length) {
          cells.push(...own);
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
/**
 * The words of a segment, with the thousand groups of one figure kept together ('9 525,60', '1 250
 * 000'): a right-aligned figure wider than its column header starts left of it, and its first group
 * alone would fall outside the column. Groups under two different columns stay apart.
 */
function numberGroups<K extends string>(tokens: readonly Token[], columns: readonly Column<K>[]): Token[][] {
  const units: Token[][] = [];
  const columnUnder = (t: Token): Column<K> | undefined => columns.find((c) => overlapX(c, t) > 0);
  for (const t of tokens) {
    const last = units[units.length - 1];
    const prev = last?.[last.length - 1];
    const h = t.y1 - t.y0;
    // One space apart: about 0.3 em in a proportional face, but a whole character cell in a
    // typewriter face, where the gap is wider than a digit ('14 050 kg' in Courier). The figures'
    // own pitch (the group's width per character) measures it in either.
    const pitch = (t.x1 - t.x0) / t.text.length;
    const joins =
      prev !== undefined &&
      /^\d{1,3}$/.test(prev.text) &&
      /^\d{3}(?:[.,]\d{1,3})?$/.test(t.text) &&
      t.x0 - prev.x1 <= Math.max(h * 0.6, pitch * 1.6) &&
      (columnUnder(prev) === undefined || columnUnder(prev) === columnUnder(t));
    if (joins) last!.push(t);
    else units.push([t]);
  }
  return units;
}

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
      for (const unit of numberGroups(split.rest, columns)) add(columnOf(columns, { x0: unit[0]!.x0, x1: unit[unit.length - 1]!.x1 }, reach), unit);
      continue;
    }
    let prevCol: Column<K> | null = null;
    let prevNumber = false;
    for (const unit of numberGroups(seg.tokens, columns)) {
      const t = { x0: unit[0]!.x0, x1: unit[unit.length - 1]!.x1 };
      const text = unit.map((u) => u.text).join(' ');
      // A word printed right after a figure ("74250 MT") stays with it unless it sits under a column.
      const under = columns.find((c) => overlapX(c, t) >= (t.x1 - t.x0) * 0.5) ?? null;
      const col: Column<K> | null = prevNumber && !/\d/.test(text) && !under ? prevCol : columnOf(columns, t, reach);
      add(col, unit);
      prevCol = col;
      prevNumber = /\d/.test(text);
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

