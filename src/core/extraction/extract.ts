/**
 * Field extraction without per-issuer templates: labels found by vocabulary, values found by form
 * geometry (after the label, to its right, or below it in its cell) and accepted only when the
 * field's grammar reads them; line items from table columns. Every value carries the evidence
 * (raw text, page, box, method) and a confidence that combines the reader's word confidence with
 * how sure the label, the geometry and the grammar are. Fields that are not found are left out.
 */
import type { BBox, DocumentKind, ExtractedField, Extraction, FieldName, FieldValue, PageText } from '../../shared/documents';
import { classify } from './classify';
import type { DecimalMark } from './grammars/amounts';
import { findAmounts, findNumbers, inferDecimalMark } from './grammars/amounts';
import { BARE_DOLLAR, findCurrencies, resolveDollar } from './grammars/currency';
import type { DateOrder } from './grammars/dates';
import { findDates, inferDateOrder, isAmbiguous, orderFromDueRelation, resolveDate } from './grammars/dates';
import { cleanReference, findContainers, findIbans, looksLikeReference, parseAccountNumber } from './grammars/identifiers';
import { findQuantities, normaliseUnit, toKilograms } from './grammars/quantity';
import type { UnitCode } from './grammars/quantity';
import { findIncoterm, isPartyName, cleanPartyName, isReferenceToOther, splitVesselVoyage, isGoodsLine } from './grammars/shipping';
import type { ColumnKey, LabelKey } from './labels';
import { COLUMNS, LABELS } from './labels';
import type { Column, Line, PageLayout, Segment, Table, Token, ValueCandidate } from './layout';
import { cellsOfLine, findTables, joinTokens, layoutPage, matchLabel, overlapX, unionBBox, valuesFor } from './layout';

/** An item row's amount as printed in an invoice's goods table, and where it stands. */
export type LineAmount = { readonly amount: number; readonly text: string; readonly page: number; readonly bbox: BBox | null };

/**
 * The amounts of an invoice's line items, read from the amount column of its goods table; empty
 * when there is no such column, a row prints no amount, or the table may go on past these pages.
 */
export function invoiceLineAmounts(pages: readonly PageText[]): LineAmount[] {
  const ctx = context(pages.map((p) => layoutPage(p)));
  const item = lineItems(ctx);
  if (!item) return [];
  return item.lineAmounts.map((a) => ({ amount: a.value, text: joinTokens(a.tokens), page: a.page, bbox: unionBBox(a.tokens) }));
}

/** Extracts the canonical fields of a document's kind (classified, or given by a person). */
export function extractDocument(pages: readonly PageText[], kindOverride?: DocumentKind): Extraction {
  const layouts = pages.map((p) => layoutPage(p));
  const classification = classify(layouts);
  const kind = kindOverride ?? classification.kind;
  const kindScore = kindOverride ? 1 : classification.score;
  if (kind === 'other') return { kind, kindScore, fields: {} };
  const ctx = context(layouts);
  const fields = kind === 'invoice' ? extractInvoice(ctx) : extractBillOfLading(ctx);
  return { kind, kindScore, fields };
}

// ---------------------------------------------------------------------------------------------
// Document context: what the whole document says about formats, and every label on it.

type LabelHit = {
  readonly layout: PageLayout;
  readonly segment: Segment;
  readonly key: LabelKey;
  readonly length: number;
  readonly note: string;
  /** Position in reading order across pages, for tie-breaks. */
  readonly order: number;
  /** A label inside a run of text: only the words after it on the segment can be its value. */
  readonly inlineOnly: boolean;
};

type Context = {
  readonly layouts: readonly PageLayout[];
  readonly mark: DecimalMark | null;
  readonly dateOrder: DateOrder;
  readonly dateOrderSure: boolean;
  readonly hits: readonly LabelHit[];
  readonly text: string;
  readonly isLabel: (seg: Segment) => boolean;
};

/** The label at the start of a segment, if it is one (single-word labels need a colon or a figure). */
function labelOf(seg: Segment, ocr: boolean): { key: LabelKey; length: number; note: string } | null {
  // Near misses are allowed only where OCR could have made them, and only for a short segment.
  const m = matchLabel(seg.tokens, LABELS, 12, ocr && seg.tokens.length <= 5);
  if (!m) return null;
  const labelTokens = seg.tokens.slice(0, m.length);
  const rest = seg.tokens.slice(m.length);
  const colon = labelTokens.some((t) => t.text.endsWith(':')) || rest[0]?.text === ':';
  const words = labelTokens.filter((t) => /\p{L}/u.test(t.text) && !/^\(/.test(t.text));
  // "SHIPPER DIRECT", "TO ORDER", "FREIGHT PREPAID": a one-word label followed by words is text.
  if (rest.length && !colon && words.length <= 1 && !/[\d#]/.test(rest[0]?.text ?? '')) return null;
  return { key: m.key, length: m.length, note: m.note };
}

function context(layouts: readonly PageLayout[]): Context {
  const lines = layouts.flatMap((l) => l.lines);
  const text = lines.map((l) => l.text).join('\n');
  const mark = inferDecimalMark(lines.flatMap((l) => l.segments.map((s) => s.text)));
  const dates = lines.flatMap((l) => l.segments.flatMap((s) => findDates(s.text)));
  const { order, sure } = inferDateOrder(dates);
  const hits: LabelHit[] = [];
  let n = 0;
  for (const layout of layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        // Labels inside a run of text ("…netto, fällig am 08.05.2026", "SWIFT: X Account No.: Y"):
        // after a comma, semicolon or dash, or ending with a colon. Each one's value ends at the next.
        const starts: { at: number; m: { key: LabelKey; length: number; note: string } }[] = [];
        const m0 = labelOf(seg, layout.method === 'ocr');
        if (m0) starts.push({ at: 0, m: m0 });
        for (let i = Math.max(1, m0?.length ?? 1); i < seg.tokens.length - 1; i++) {
          const prev = seg.tokens[i - 1]?.text ?? '';
          const m = matchLabel(seg.tokens.slice(i), LABELS, 8);
          if (!m) continue;
          const colon = (seg.tokens[i + m.length - 1]?.text ?? '').endsWith(':') || seg.tokens[i + m.length]?.text === ':';
          // Not the object of a sentence ("received by the Carrier:").
          if (/^(the|of|by|to|for|and|a|an|as|der|die|des|du|de|la|le|les|da|do)$/i.test(prev)) continue;
          // Without a colon only after a comma or semicolon, and only a phrase or one before a figure.
          const phrase = m.length >= 2 || /\d/.test(seg.tokens[i + m.length]?.text ?? '');
          if (!colon && !(/[,;]$/.test(prev) && phrase)) continue;
          starts.push({ at: i, m });
          i += m.length - 1;
        }
        starts.forEach(({ at, m }, k) => {
          const end = starts[k + 1]?.at ?? seg.tokens.length;
          const whole = at === 0 && end === seg.tokens.length;
          const tokens = seg.tokens.slice(at, end);
          const part: Segment = whole ? seg : { ...seg, tokens, text: joinTokens(tokens), x0: tokens[0]?.x0 ?? seg.x0, x1: tokens[tokens.length - 1]?.x1 ?? seg.x1 };
          hits.push({ layout, segment: part, key: m.key, length: m.length, note: m.note, order: n + at / 100, inlineOnly: !whole });
        });
        n++;
      }
    }
  }
  // "DATE: 10-APR-26" or "No. 123" inside a box is a value under the box's title, not a new box.
  const ocrSegments = new Set(layouts.filter((l) => l.method === 'ocr').flatMap((l) => l.lines.flatMap((line) => line.segments)));
  const isLabel = (seg: Segment): boolean => {
    const m = labelOf(seg, ocrSegments.has(seg));
    if (m && (m.key === 'date' || m.key === 'doc_no') && m.length < seg.tokens.length) return false;
    return m !== null || (/:\s*$/.test(seg.text) && seg.tokens.length <= 6);
  };
  return { layouts, mark, dateOrder: order, dateOrderSure: sure, hits, text, isLabel };
}

// ---------------------------------------------------------------------------------------------
// Candidates

/** A value read for a field, with the tokens it came from and how sure the reading is. */
type Reading = { readonly value: FieldValue; readonly tokens: readonly Token[]; readonly sure: number; readonly raw?: string };

type Found = Reading & { readonly layout: PageLayout; readonly score: number; readonly order: number };

/** Reads a candidate as a field's value; `hit` is the label it belongs to (absent for free text). */
type Parse = (cand: ValueCandidate, ctx: Context, hit?: LabelHit) => Reading | null;

/** The tokens covering characters [start, end) of `joinTokens(tokens)`. */
function tokensIn(tokens: readonly Token[], start: number, end: number): Token[] {
  const out: Token[] = [];
  let pos = 0;
  for (const t of tokens) {
    const [a, b] = [pos, pos + t.text.length];
    if (b > start && a < end) out.push(t);
    pos = b + 1;
  }
  return out;
}

/** Finds the best value for a field from the labels in `keys` (label key → strength). */
function fromLabels(ctx: Context, keys: Partial<Record<LabelKey, number>>, parse: Parse, maxBelow = 4, rightGapEm?: number): Found | null {
  return rankLabelled(ctx, keys, parse, maxBelow, rightGapEm)[0] ?? null;
}

/** Every labelled reading of a field, best first. */
function rankLabelled(ctx: Context, keys: Partial<Record<LabelKey, number>>, parse: Parse, maxBelow = 4, rightGapEm?: number): Found[] {
  const all: Found[] = [];
  for (const hit of ctx.hits) {
    const strength = keys[hit.key];
    if (strength === undefined) continue;
    const gap = rightGapEm === undefined ? undefined : rightGapEm * hit.layout.em;
    const cands = valuesFor(hit.layout, hit.segment, hit.length, ctx.isLabel, maxBelow, gap).filter((c) => !hit.inlineOnly || c.placement === 'inline');
    // A label ending a line of running text ("… B/L NO.:") has its value where the text wraps.
    if (hit.inlineOnly && hit.length >= hit.segment.tokens.length) {
      const next = hit.layout.lines[hit.segment.line + 1]?.segments[0];
      if (next && next.x0 <= (hit.layout.lines[hit.segment.line]?.segments[0]?.x0 ?? 0) + hit.layout.em) {
        cands.push({ tokens: next.tokens, text: next.text, placement: 'below', distance: 1, segment: next });
      }
    }
    for (const cand of cands) {
      const r = parse(cand, ctx, hit);
      if (!r) continue;
      // Words the reader could barely make out are noise, not a value to offer.
      if (meanConfidence(r.tokens) < 0.25) continue;
      // Inline, right and first-below values are equally good form geometry; deeper lines less so.
      const geometry = cand.placement === 'below' ? 1 - 0.05 * (cand.distance - 1) : 1;
      const score = strength * geometry * r.sure;
      all.push({ ...r, layout: hit.layout, score, order: hit.order });
      break;
    }
  }
  // Ranked with the reader's confidence too, so a smudged stamp loses to the printed box; a near
  // tie goes to the value met first in reading order (the form's box before notations).
  return all.sort((a, b) => {
    const d = rankOf(b) - rankOf(a);
    return Math.abs(d) > 0.03 ? d : a.order - b.order;
  });
}

const rankOf = (f: Found): number => f.score * meanConfidence(f.tokens);

const meanConfidence = (tokens: readonly Token[]): number => (tokens.length ? tokens.reduce((s, t) => s + t.confidence, 0) / tokens.length : 0);

/** Turns a reading into the field with its evidence. */
function toField(found: Found | null): ExtractedField | undefined {
  if (!found || !found.tokens.length) return undefined;
  const { layout } = found;
  const wordConf = found.tokens.reduce((s, t) => s + t.confidence, 0) / found.tokens.length;
  return {
    value: found.value,
    raw: found.raw ?? joinTokens(found.tokens),
    confidence: Math.round(Math.max(0, Math.min(1, found.score * wordConf)) * 100) / 100,
    page: layout.n,
    bbox: unionBBox(found.tokens),
    method: layout.method,
  };
}

// ---------------------------------------------------------------------------------------------
// Parsers

const parseReference: Parse = (cand) => {
  const toks = cand.tokens.filter((t, i) => !(i === 0 && /^(no\.?|nr\.?|n[º°o]\.?|#|:)$/i.test(t.text)));
  // A reference is one token, or a few upper-case groups printed apart ("ONSW 2603 88120"); it
  // stops at a word in lower case ("Dt.", "dated") or anything that reads as a date.
  const run: Token[] = [];
  for (const t of toks.slice(0, 4)) {
    const text = cleanReference(t.text);
    if (!/^[A-Z0-9][A-Z0-9/\-._]*$/.test(text) || findDates(text)[0]?.raw === text) break;
    run.push(t);
    if (t.text.endsWith(',') || t.text.endsWith(';')) break;
  }
  const candidates = run.length > 1 ? [run, run.slice(0, 1)] : [toks.slice(0, 1)];
  for (const c of candidates) {
    const text = cleanReference(joinTokens(c));
    if (!c.length || !looksLikeReference(text.replace(/ /g, '')) || (c.length > 1 && !/\d/.test(c[c.length - 1]?.text ?? ''))) continue;
    if (findDates(text)[0]?.raw === text) continue;
    return { value: text, tokens: c, sure: /[A-Za-z]/.test(text) || text.length >= 6 ? 1 : 0.85 };
  }
  return null;
};

/** A date under the document's day/month order; `orderSure` false lowers an ambiguous reading. */
const parseDate =
  (order: DateOrder, orderSure: boolean): Parse =>
  (cand) => {
    const m = findDates(cand.text)[0];
    if (!m) return null;
    const value = resolveDate(m, order) ?? resolveDate(m, order === 'dmy' ? 'mdy' : 'dmy');
    if (!value) return null;
    const sure = isAmbiguous(m) && !orderSure ? 0.7 : 1;
    return { value, tokens: tokensIn(cand.tokens, m.index, m.index + m.raw.length), sure, raw: m.raw };
  };

const parseAmount = (ctx: Context): Parse => (cand) => {
  // Percentages and quantities ("18,000 kg" on a totals line) are not amounts.
  const after = (a: { index: number; raw: string }): string => cand.text.slice(a.index + a.raw.length);
  const amounts = findAmounts(cand.text, ctx.mark).filter((a) => a.value > 0 && !/^\s?%/.test(after(a)) && !(a.currency === null && normaliseUnit(after(a).trim().split(/\s+/)[0] ?? '')));
  // Dates and percentages are not totals; the rightmost figure on a totals line is the amount.
  const dateSpans = findDates(cand.text).map((d) => [d.index, d.index + d.raw.length] as const);
  const ok = amounts.filter((a) => !dateSpans.some(([s, e]) => a.index >= s && a.index < e));
  const a = ok[ok.length - 1];
  if (!a) return null;
  const sure = a.currency || a.decimals === 2 ? 1 : a.ambiguous ? 0.75 : 0.85;
  return { value: a.value, tokens: tokensIn(cand.tokens, a.index, a.index + a.raw.length), sure, raw: a.raw };
};

/** Drops OCR debris before a value: a short, unsure lower-case or symbol read from a box rule. */
const withoutDebris = (tokens: readonly Token[]): readonly Token[] => {
  const [first, second] = tokens;
  if (first && second && first.confidence < 0.6 && /^([a-z]{1,2}|[^\p{L}\d]{1,2})$/u.test(first.text) && /^[\p{Lu}\d]/u.test(second.text)) return tokens.slice(1);
  return tokens;
};

const parseParty: Parse = (cand, ctx) => {
  if (ctx.isLabel(cand.segment) && cand.placement !== 'inline') return null;
  const tokens = withoutDebris(cand.tokens);
  const raw = joinTokens(tokens);
  const name = cleanPartyName(raw);
  if (!isPartyName(name)) return null;
  return { value: name, tokens, sure: 1, raw };
};

const parseText: Parse = (cand) => {
  const tokens = withoutDebris(cand.tokens);
  const raw = joinTokens(tokens);
  const text = raw.replace(/^[:\-–\s"“”'‘’]+|[\s|]+$/g, '').trim();
  if ((text.match(/\p{L}/gu) ?? []).length < 2 || /^(n\/?a|tba|tbc|--?)$/i.test(text)) return null;
  return { value: text, tokens, sure: 1, raw };
};

const parseIncoterm: Parse = (cand) => {
  const m = findIncoterm(cand.text);
  if (!m) return null;
  return { value: m.code, tokens: tokensIn(cand.tokens, m.index, m.index + m.raw.length), sure: 1, raw: m.raw };
};

const parseCurrencyLabel = (ctx: Context): Parse => (cand) => {
  const c = findCurrencies(cand.text, true)[0];
  if (!c) return null;
  const code = c.code === BARE_DOLLAR ? resolveDollar(ctx.text) : c.code;
  if (!code) return null;
  return { value: code, tokens: tokensIn(cand.tokens, c.index, c.index + c.raw.length), sure: 1, raw: c.raw };
};

const parseAccount: Parse = (cand, _ctx, hit) => {
  const iban = findIbans(cand.text.toUpperCase())[0];
  if (iban) return { value: iban.value, tokens: tokensIn(cand.tokens, iban.index, iban.index + iban.raw.length), sure: 1, raw: iban.raw };
  if (hit?.key === 'iban') return null;
  const acc = parseAccountNumber(cand.text);
  if (!acc) return null;
  const start = cand.text.indexOf(acc.raw);
  return { value: acc.value, tokens: tokensIn(cand.tokens, start, start + acc.raw.length), sure: 0.9, raw: acc.raw };
};

// ---------------------------------------------------------------------------------------------
// Shared field helpers

type Fields = Partial<Record<FieldName, ExtractedField>>;

const set = (fields: Fields, name: FieldName, found: Found | null): void => {
  const f = toField(found);
  if (f) fields[name] = f;
};

/**
 * The invoice's day/month order: the document's own (a component above 12 somewhere), else the
 * one that keeps the due date on or after the issue date.
 */
function invoiceDateOrder(ctx: Context, issueKeys: Partial<Record<LabelKey, number>>, dueKeys: Partial<Record<LabelKey, number>>): { order: DateOrder; sure: boolean } {
  if (ctx.dateOrderSure) return { order: ctx.dateOrder, sure: true };
  const matchOf: Parse = (cand) => {
    const m = findDates(cand.text)[0];
    return m ? { value: m.raw, tokens: tokensIn(cand.tokens, m.index, m.index + m.raw.length), sure: 1, raw: m.raw } : null;
  };
  const [issue, due] = [fromLabels(ctx, issueKeys, matchOf), fromLabels(ctx, dueKeys, matchOf)];
  const [im, dm] = [issue && findDates(String(issue.value))[0], due && findDates(String(due.value))[0]];
  const byDue = im && dm ? orderFromDueRelation(im, dm) : null;
  return byDue ? { order: byDue, sure: true } : { order: ctx.dateOrder, sure: false };
}

/** A found value with no label behind it, scored by how sure the rule is. */
const unlabelled = (layout: PageLayout, tokens: readonly Token[], value: FieldValue, score: number, raw?: string): Found => ({
  value,
  tokens,
  sure: 1,
  layout,
  score,
  order: 0,
  ...(raw !== undefined ? { raw } : {}),
});

/** All container numbers on the document, in reading order (a number wrapped in its cell included). */
function containers(ctx: Context): Found | null {
  const values: string[] = [];
  const tokens: Token[] = [];
  let layout: PageLayout | null = null;
  let repaired = 0;
  const take = (l: PageLayout, text: string, toks: readonly Token[]): void => {
    for (const c of findContainers(text)) {
      if (values.includes(c.value)) continue;
      values.push(c.value);
      tokens.push(...tokensIn(toks, c.index, c.index + c.raw.length));
      repaired += c.repaired;
      layout ??= l;
    }
  };
  for (const l of ctx.layouts) {
    l.lines.forEach((line, li) => {
      for (const seg of line.segments) {
        take(l, seg.text, seg.tokens);
        // "OSLU 712004-" over "4": the cell wrapped the number.
        if (!/[A-Z]{4}\s?[\d\s-]{3,}$/.test(seg.text)) continue;
        for (const next of [l.lines[li + 1], l.lines[li + 2]]) {
          const below = next?.segments.find((o) => overlapX(o, seg) > 0 && o.x0 >= seg.x0 - l.em && /^[\d-]/.test(o.text));
          if (!below) continue;
          const joined = [...seg.tokens, ...below.tokens.slice(0, 2)];
          take(l, joinTokens(joined), joined);
          break;
        }
      }
    });
  }
  const first = layout as PageLayout | null;
  if (!values.length || !first) return null;
  const onPage = tokens.filter((t) => first.lines.some((ln) => ln.tokens.includes(t)));
  return { ...unlabelled(first, onPage, values, repaired ? 0.85 : 0.97), raw: values.join(', ') };
}

// ---------------------------------------------------------------------------------------------
// Tables

type Item = {
  readonly layout: PageLayout;
  readonly table: Table<ColumnKey>;
  readonly description: Found | null;
  readonly quantity: Found | null;
  readonly unit: Found | null;
  readonly unitPrice: Found | null;
  readonly amount: Found | null;
  /**
   * Every item row's amount, when the table has an amount column, each item row prints one, and the
   * table is complete (a totals row closes it, or it stands on the last page), following it onto the
   * next pages when it goes on there under a repeated header; else empty.
   */
  readonly lineAmounts: readonly { readonly value: number; readonly tokens: readonly Token[]; readonly page: number }[];
};

const TABLE_END = /^(sub-?total|total|grand total|gesamt|summe|total geral|totaal|say|amount in words|particulars furnished)/i;
// A running subtotal where a table breaks across pages: no item of its own.
const CARRIED = /^(carried|brought)\s+(forward|fwd|over)\b|^[cb]\/f\b|^balance\s+(brought|carried)\b|^übertrag\b|^(à\s+)?report(é|er)?\b|^transporte?\b/i;

function firstNumber(tokens: readonly Token[], ctx: Context): { value: number; tokens: Token[]; raw: string; ambiguous: boolean } | null {
  const text = joinTokens(tokens);
  const n = findNumbers(text, ctx.mark).find((x) => x.value !== 0 || x.decimals > 0);
  if (!n) return null;
  return { value: n.value, tokens: tokensIn(tokens, n.index, n.index + n.raw.length), raw: n.raw, ambiguous: n.ambiguous };
}

/** The unit a column header or cell names: "(MT)", "USD/MT", "Qty (BAGS)", "per KG". */
function unitIn(text: string, unitColumn = false): UnitCode | null {
  for (const w of text.split(/[\s()/[\],]+/).reverse()) {
    const u = normaliseUnit(w);
    // Short words that are units only in a unit column ("t", "ea", "no").
    if (u && (unitColumn || !/^(t|to|no|nos|ea|each|units?)$/i.test(w))) return u;
  }
  return null;
}

const TEXT_COLUMNS: readonly ColumnKey[] = ['description'];

type Row = { readonly li: number; readonly cells: Map<Column<ColumnKey>, Token[]>; readonly total: boolean };
type GoodsColumns = {
  readonly desc: Column<ColumnKey>;
  readonly qty: Column<ColumnKey> | null;
  readonly unit: Column<ColumnKey> | null;
  readonly price: Column<ColumnKey> | null;
  readonly amount: Column<ColumnKey> | null;
};

/** The columns of a goods table, or null when it has no description or nothing numeric. */
function goodsColumns(table: Table<ColumnKey>): GoodsColumns | null {
  const col = (k: ColumnKey): Column<ColumnKey> | null => table.columns.find((c) => c.key === k) ?? null;
  const desc = col('description');
  const [qty, unit, price, amount] = [col('quantity'), col('unit'), col('unit_price'), col('amount')];
  if (!desc || (!qty && !price && !amount)) return null;
  return { desc, qty, unit, price, amount };
}

const goodsTables = (layout: PageLayout): Table<ColumnKey>[] => findTables(layout, COLUMNS, (l: Line) => TABLE_END.test(l.segments[0]?.text ?? '') && l.segments.length > 1);

/** The item rows of a goods table, up to and including a totals row; running subtotals left out. */
function itemRows(layout: PageLayout, table: Table<ColumnKey>, cols: GoodsColumns, ctx: Context): Row[] {
  const reach = layout.em * 4;
  const rows: Row[] = [];
  for (const li of table.rows) {
    const line = layout.lines[li];
    if (!line) continue;
    const cells = cellsOfLine(table.columns, line, reach, TEXT_COLUMNS);
    const total = TABLE_END.test(line.segments[0]?.text ?? '');
    if (CARRIED.test(line.segments[0]?.text ?? '') || CARRIED.test(joinTokens(cells.get(cols.desc) ?? []))) continue;
    // An item row has a quantity or a price, or an amount beside a description; an amount alone
    // is a wrapped subtotal.
    const has = (c: Column<ColumnKey> | null): boolean => c !== null && firstNumber(cells.get(c) ?? [], ctx) !== null;
    const text = (cells.get(cols.desc) ?? []).some((t) => /\p{L}{2}/u.test(t.text));
    if (has(cols.qty) || has(cols.price) || (has(cols.amount) && (text || total))) rows.push({ li, cells, total });
    if (total && rows.length) break;
  }
  return rows;
}

type LineAmountRead = Item['lineAmounts'][number];

/**
 * The item amounts of a table that starts on `layouts[from]`: that page's rows, then, while no
 * totals row has closed it, the rows of the same kind of table (an amount column under a repeated
 * header) at the top of each next page. Null when a row prints no amount or the table breaks off.
 */
function tableAmounts(ctx: Context, from: number, first: readonly Row[], cols: GoodsColumns): LineAmountRead[] | null {
  const amountsOf = (layout: PageLayout, rows: readonly Row[], amountCol: Column<ColumnKey> | null): LineAmountRead[] | null => {
    const out: LineAmountRead[] = [];
    for (const r of rows) {
      if (r.total) continue;
      const a = amountCol ? firstNumber(r.cells.get(amountCol) ?? [], ctx) : null;
      if (!a) return null;
      out.push({ value: a.value, tokens: a.tokens, page: layout.n });
    }
    return out;
  };
  const layouts = ctx.layouts;
  const read = amountsOf(layouts[from]!, first, cols.amount);
  if (!read) return null;
  let closed = first.some((r) => r.total);
  for (let p = from + 1; !closed && p < layouts.length; p += 1) {
    const layout = layouts[p]!;
    const table = goodsTables(layout)
      .map((t) => ({ t, c: goodsColumns(t) }))
      .find((x): x is { t: Table<ColumnKey>; c: GoodsColumns } => x.c !== null && x.c.amount !== null);
    // The table does not go on under a header we can read: its amounts are not all known.
    if (!table) return null;
    const rows = itemRows(layout, table.t, table.c, ctx);
    const more = amountsOf(layout, rows, table.c.amount);
    if (!more) return null;
    read.push(...more);
    closed = rows.some((r) => r.total);
  }
  return read;
}

function lineItems(ctx: Context): Item | null {
  for (const [pageIndex, layout] of ctx.layouts.entries()) {
    for (const table of goodsTables(layout)) {
      const cols = goodsColumns(table);
      if (!cols) continue;
      const { desc: descCol, qty: qtyCol, unit: unitCol, price: priceCol, amount: amountCol } = cols;
      const reach = layout.em * 4;
      const rows = itemRows(layout, table, cols, ctx);
      const items = rows.filter((r) => !r.total);
      const first = items[0];
      if (!first) continue;
      const cell = (r: Row, c: Column<ColumnKey> | null): Token[] => (c ? (r.cells.get(c) ?? []) : []);
      const unitOf = (r: Row): UnitCode | null =>
        unitIn(joinTokens(cell(r, unitCol)), true) ?? unitIn(joinTokens(cell(r, qtyCol))) ?? unitIn(qtyCol?.header ?? '') ?? unitIn((priceCol?.header ?? '').replace(/^.*\//, ''));
      let descTokens = cell(first, descCol);
      // A leading item number belongs to a numbering column the header did not name.
      while (descTokens[0] && /^\d{1,3}[.)]?$/.test(descTokens[0].text)) descTokens = descTokens.slice(1);
      if (!descTokens.some((t) => /\p{L}{2}/u.test(t.text))) {
        const next = layout.lines[first.li + 1];
        descTokens = next ? (cellsOfLine(table.columns, next, reach, TEXT_COLUMNS).get(descCol) ?? []) : [];
      }
      const unit = unitOf(first);
      let qty = firstNumber(cell(first, qtyCol), ctx);
      let price = firstNumber(cell(first, priceCol), ctx);
      const amount = firstNumber(cell(first, amountCol), ctx);
      // OCR drops decimal points ("74250" for "74.250"): quantity × price must give the amount,
      // and a power of ten that restores it is taken (with less confidence).
      if (qty && price && amount && !near(qty.value * price.value, amount.value)) {
        for (const k of [10, 100, 1000]) {
          if (Math.abs((qty.value / k) * price.value - amount.value) <= amount.value * 0.001) qty = { ...qty, value: qty.value / k, ambiguous: true };
          else if (Math.abs(qty.value * (price.value / k) - amount.value) <= amount.value * 0.001) price = { ...price, value: price.value / k, ambiguous: true };
          else continue;
          break;
        }
      }
      const found = (value: FieldValue, tokens: readonly Token[], sure: number, raw?: string): Found | null =>
        tokens.length ? { value, tokens, sure, layout, score: sure * 0.9, order: first.li, ...(raw !== undefined ? { raw } : {}) } : null;
      // The invoiced quantity: the totals row, else the sum of the rows in the first row's unit.
      let quantity = qty ? found(qty.value, qty.tokens, qty.ambiguous ? 0.85 : 1, qty.raw) : null;
      const totalRow = rows.find((r) => r.total);
      const totalQty = totalRow ? firstNumber(cell(totalRow, qtyCol), ctx) : null;
      const sameUnit = items.filter((r) => unitOf(r) === unit && firstNumber(cell(r, qtyCol), ctx));
      if (totalQty && (!unitOf(totalRow as Row) || unitOf(totalRow as Row) === unit)) quantity = found(totalQty.value, totalQty.tokens, 0.95, totalQty.raw);
      else if (sameUnit.length > 1) {
        const sum = sameUnit.reduce((acc, r) => acc + (firstNumber(cell(r, qtyCol), ctx)?.value ?? 0), 0);
        quantity = found(Math.round(sum * 1e6) / 1e6, sameUnit.flatMap((r) => firstNumber(cell(r, qtyCol), ctx)?.tokens ?? []), 0.85);
      }
      const unitTokens = cell(first, unitCol).length ? cell(first, unitCol) : (qty?.tokens ?? []);
      const totalAmount = totalRow ? firstNumber(cell(totalRow, amountCol), ctx) : null;
      return {
        layout,
        table,
        description: descTokens.length ? found(cleanDescription(joinTokens(descTokens)), descTokens, 1) : null,
        quantity,
        unit: unit ? found(unit, unitTokens, 1, unit) : null,
        unitPrice: price ? found(price.value, price.tokens, price.ambiguous ? 0.85 : 1, price.raw) : null,
        amount: totalAmount ? found(totalAmount.value, totalAmount.tokens, 0.9, totalAmount.raw) : items.length === 1 && amount ? found(amount.value, amount.tokens, 0.9, amount.raw) : null,
        lineAmounts: tableAmounts(ctx, pageIndex, rows, cols) ?? [],
      };
    }
  }
  return null;
}

const cleanDescription = (s: string): string => s.replace(/\s+[|]\s*$/, '').replace(/^[|:\s]+/, '').trim();

/** The cargo table of a B/L: the description, and the gross weight column. */
function cargo(ctx: Context): { description: Found | null; grossKg: Found | null; packages: Found | null; bulk: Found | null } {
  for (const layout of ctx.layouts) {
    const tables = findTables(layout, COLUMNS, () => false);
    for (const table of tables) {
      const descCol = table.columns.find((c) => c.key === 'description');
      const grossCol = table.columns.find((c) => c.key === 'gross_weight');
      if (!descCol || (!grossCol && !table.columns.some((c) => c.key === 'marks' || c.key === 'packages' || c.key === 'measurement'))) continue;
      const reach = layout.em * 4;
      let description: Found | null = null;
      let packages: Found | null = null;
      let bulk: Found | null = null;
      const grosses: { n: NonNullable<ReturnType<typeof firstNumber>>; kg: number; total: boolean; li: number }[] = [];
      for (const li of table.rows.slice(0, 40)) {
        const line = layout.lines[li];
        if (!line) continue;
        const cells = cellsOfLine(table.columns, line, reach, TEXT_COLUMNS);
        const desc = cells.get(descCol) ?? [];
        const descText = joinTokens(desc);
        if (!description && isGoodsLine(descText)) {
          description = { value: cleanDescription(descText), tokens: desc, sure: 1, layout, score: 0.9, order: li };
        }
        if (grossCol) {
          const n = firstNumber(cells.get(grossCol) ?? [], ctx);
          const unit = unitIn(joinTokens(cells.get(grossCol) ?? [])) ?? unitIn(grossCol.header) ?? 'KG';
          const kg = n && n.value > 0 ? toKilograms(n.value, unit) : null;
          if (n && kg !== null) grosses.push({ n, kg, total: /^total/i.test(line.segments[0]?.text ?? ''), li });
        }
        for (const c of table.columns.filter((x) => x.key === 'packages' || x.key === 'description' || x.key === 'quantity')) {
          const toks = cells.get(c) ?? [];
          const text = joinTokens(toks);
          for (const q of findQuantities(text, ctx.mark)) {
            const tokens = tokensIn(toks, q.index, q.index + q.raw.length);
            // "2,000 BAGS" counted packages; "12,500.000 METRIC TONS" the weight of bulk cargo.
            if (!packages && (q.unit === 'BAG' || q.unit === 'PCS')) packages = { value: q.value, tokens, sure: 1, layout, score: 0.8, order: li, raw: q.unit };
            if (!bulk && (q.unit === 'MT' || q.unit === 'KG') && q.index <= 1 && !/gross|net/i.test(text)) bulk = { value: q.value, tokens, sure: q.ambiguous ? 0.8 : 0.9, layout, score: 0.75, order: li, raw: q.unit };
          }
        }
      }
      // The cargo's gross weight: a totals row, else the sum of the rows (one per container).
      const total = grosses.find((g) => g.total);
      const parts = grosses.filter((g) => !g.total);
      // A cargo total printed on the first row (the rest being other figures) is kept as it is.
      const head = parts[0];
      const restSum = parts.slice(1).reduce((a, g) => a + g.kg, 0);
      const alike = head !== undefined && parts.every((g) => g.kg >= head.kg * 0.5 && g.kg <= head.kg * 2);
      const pick = total ?? (parts.length === 1 || (head && (head.kg >= restSum || !alike)) ? head : null);
      const grossKg: Found | null = pick
        ? { value: pick.kg, tokens: pick.n.tokens, sure: pick.n.ambiguous ? 0.85 : 1, layout, score: 0.9, order: pick.li, raw: pick.n.raw }
        : parts.length > 1
          ? { value: Math.round(parts.reduce((a, g) => a + g.kg, 0) * 1000) / 1000, tokens: parts.flatMap((g) => g.n.tokens), sure: 0.85, layout, score: 0.8, order: parts[0]?.li ?? 0 }
          : null;
      if (description || grossKg) return { description, grossKg, packages, bulk };
    }
  }
  return { description: null, grossKg: null, packages: null, bulk: null };
}

// ---------------------------------------------------------------------------------------------
// Invoice

function extractInvoice(ctx: Context): Fields {
  const fields: Fields = {};
  set(fields, 'invoice_number', fromLabels(ctx, { invoice_no: 1, invoice_no_date: 0.95, doc_no: 0.6 }, parseReference));
  const issueKeys = { invoice_date: 1, date: 0.85, invoice_no_date: 0.9 };
  const dueKeys = { due_date: 1 };
  const { order, sure } = invoiceDateOrder(ctx, issueKeys, dueKeys);
  set(fields, 'issue_date', fromLabels(ctx, issueKeys, parseDate(order, sure)) ?? firstDate(ctx, parseDate(order, sure)));
  set(fields, 'due_date', fromLabels(ctx, dueKeys, parseDate(order, sure)));

  const item = lineItems(ctx);
  const total = chooseTotal(ctx, item);
  set(fields, 'total_amount', total);

  const currency =
    fromLabels(ctx, { currency: 1 }, parseCurrencyLabel(ctx)) ?? currencyOfTotal(ctx, total) ?? currencyOfHeaders(ctx, item) ?? dominantCurrency(ctx);
  set(fields, 'currency', currency);

  const consignee = fromLabels(ctx, { consignee: 1 }, parseParty, 3);
  let buyer = fromLabels(ctx, { buyer: 1, consignee: 0.7, notify: 0.3 }, parseParty, 3);
  if (buyer && isReferenceToOther(String(buyer.value))) buyer = consignee;
  set(fields, 'buyer', buyer);
  set(fields, 'seller', chooseSeller(ctx, [buyer, consignee]));

  if (item) {
    set(fields, 'goods_description', item.description);
    set(fields, 'quantity', item.quantity);
    set(fields, 'quantity_unit', item.unit);
    set(fields, 'unit_price', item.unitPrice);
  }
  // Documents without a line-item table say it in words: "Goods: …", "Quantity: 240 MT", "Unit price: …".
  if (!fields.goods_description) set(fields, 'goods_description', fromLabels(ctx, { description: 0.85 }, parseText, 1));
  if (!fields.quantity) {
    const q = fromLabels(ctx, { quantity: 0.85 }, parseQuantity(ctx), 1);
    set(fields, 'quantity', q);
    if (q && !fields.quantity_unit) set(fields, 'quantity_unit', { ...q, value: String(q.raw), raw: joinTokens(q.tokens) });
  }
  if (!fields.unit_price) set(fields, 'unit_price', fromLabels(ctx, { unit_price: 0.85 }, parseFirstAmount(ctx), 1));
  set(fields, 'payment_account', fromLabels(ctx, { iban: 1, account_no: 0.9 }, parseAccount, 2) ?? anyIban(ctx));
  set(fields, 'bl_number', fromLabels(ctx, { bl_no: 1 }, parseReference));
  set(fields, 'incoterm', fromLabels(ctx, { incoterms: 1, delivery_terms: 0.9 }, parseIncoterm) ?? anyIncoterm(ctx));
  return fields;
}

/** A quantity with its unit after a label; `raw` carries the unit code for the unit field. */
const parseQuantity = (ctx: Context): Parse => (cand) => {
  const q = findQuantities(cand.text, ctx.mark).find((x) => x.value > 0);
  if (!q) return null;
  return { value: q.value, tokens: tokensIn(cand.tokens, q.index, q.index + q.raw.length), sure: q.ambiguous ? 0.85 : 1, raw: q.unit };
};

/** The first amount after a label ("GBP 610.00 per MT"). */
const parseFirstAmount = (ctx: Context): Parse => (cand) => {
  const a = findAmounts(cand.text, ctx.mark).find((x) => x.value > 0);
  if (!a) return null;
  return { value: a.value, tokens: tokensIn(cand.tokens, a.index, a.index + a.raw.length), sure: a.ambiguous ? 0.85 : 1, raw: a.raw };
};

const near = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(0.011, Math.abs(b) * 1e-6);

/**
 * The invoice total: the labelled totals, checked against the line items. A total below a line's
 * amount is a misread; one that equals the items' sum or quantity × price is confirmed.
 */
function chooseTotal(ctx: Context, item: Item | null): Found | null {
  const cands = rankLabelled(ctx, { grand_total: 1, total: 0.8 }, parseAmount(ctx), 2);
  if (item?.amount) cands.push({ ...item.amount, score: 0.6 });
  const support: number[] = [];
  if (item?.amount) support.push(Number(item.amount.value));
  if (item?.quantity && item.unitPrice) support.push(Math.round(Number(item.quantity.value) * Number(item.unitPrice.value) * 100) / 100);
  for (const sub of rankLabelled(ctx, { subtotal: 1 }, parseAmount(ctx), 2)) support.push(Number(sub.value));
  const floor = item?.amount ? Number(item.amount.value) : 0;
  const judged = cands.map((c) => {
    const v = Number(c.value);
    const factor = v < floor - 0.011 ? 0.3 : support.some((x) => near(v, x)) ? 1.15 : 1;
    return { ...c, score: Math.min(1, c.score * factor), rank: c.score * factor * meanConfidence(c.tokens) };
  });
  judged.sort((a, b) => (Math.abs(b.rank - a.rank) > 0.03 ? b.rank - a.rank : a.order - b.order));
  const best = judged[0];
  if (!best) return null;
  const { rank: _rank, ...found } = best;
  return found;
}

const LEGAL_FORM =
  /\b(ltd|limited|inc|incorporated|llc|l\.l\.c|gmbh|ag|kg|se|s\.?a\.?|s\.?a\.?s|s\.?a\.?e|s\.?a\.? de c\.?v|b\.?v|n\.?v|co\.|corp|corporation|company|jsc|plc|sarl|pte|pvt|srl|s\.p\.a|spa|ltda|oy|ab|a\/s|as|pcl|bhd|sdn|kk|lda|a\.ş|aş|sp\. z o\.o)\b\.?/i;

/**
 * The seller: a labelled party block, else the issuer's name where documents print it without a
 * label — the letterhead, the sender line above the address window, the footer — preferring a
 * name with a legal form that the document repeats, and never the buyer.
 */
function chooseSeller(ctx: Context, others: readonly (Found | null)[]): Found | null {
  const labelled = rankLabelled(ctx, { seller: 1, exporter: 0.95, shipper: 0.7 }, parseParty, 3);
  if (labelled[0]) return labelled[0];
  const excluded = new Set(others.filter((o): o is Found => o !== null).map((o) => norm(String(o.value))));
  const layout = ctx.layouts[0];
  const cands: Found[] = [];
  if (layout) {
    for (const line of layout.lines) {
      const top = line.y1 <= layout.height * 0.3;
      const foot = line.y0 >= layout.height * 0.8;
      if (!top && !foot) continue;
      for (const seg of line.segments) {
        if (ctx.isLabel(seg)) continue;
        // A sender line or footer runs several items together: the name is the first.
        const first = seg.text.split(/\s+[·|•]\s+|\s+[-–—]\s+|,\s+(?=\d)/)[0] ?? '';
        const name = cleanPartyName(first);
        if (!isPartyName(name) || excluded.has(norm(name)) || /invoice|rechnung|factur|fatura|page|seite/i.test(name)) continue;
        const legal = LEGAL_FORM.test(name);
        const size = (seg.y1 - seg.y0) / layout.em;
        if (!legal && (size < 1.4 || !top)) continue;
        const repeats = ctx.text.split(name).length - 1;
        // A legal form, printed large, high on the page, and repeated (sender line and footer) all count.
        const height = top ? 0.08 * (1 - line.y0 / (layout.height * 0.3)) : 0;
        const score = (legal ? 0.55 : 0.4) + Math.min(0.1, 0.05 * (repeats - 1)) + height + Math.min(0.1, Math.max(0, size - 1) * 0.1) + (name.split(/\s+/).length >= 3 ? 0.03 : 0);
        const start = seg.text.indexOf(first);
        cands.push({ value: name, tokens: tokensIn(seg.tokens, start, start + first.length), sure: 1, layout, score: Math.min(0.8, score), order: 0, raw: name });
      }
    }
  }
  const beneficiary = fromLabels(ctx, { beneficiary: 0.4 }, parseParty, 3);
  if (beneficiary && !excluded.has(norm(String(beneficiary.value)))) cands.push(beneficiary);
  // "Kunststoffe GmbH" under a "NORDWERK" logo is part of the name printed in full elsewhere.
  const whole = cands.filter((c) => !cands.some((o) => o !== c && String(o.value).length > String(c.value).length && norm(String(o.value)).endsWith(norm(String(c.value)))));
  whole.sort((a, b) => b.score - a.score);
  return whole[0] ?? null;
}

const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** The first date in reading order when no label names the issue date (low confidence). */
function firstDate(ctx: Context, parse: Parse): Found | null {
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        const r = parse({ tokens: seg.tokens, text: seg.text, placement: 'inline', distance: 0, segment: seg }, ctx);
        if (r) return { ...r, layout, score: 0.5 * r.sure, order: 0 };
      }
    }
  }
  return null;
}

function currencyOfTotal(ctx: Context, total: Found | null): Found | null {
  if (!total) return null;
  const line = total.layout.lines.find((l) => l.tokens.includes(total.tokens[0] as Token));
  if (!line) return null;
  for (const seg of line.segments) {
    const c = findCurrencies(seg.text)[0];
    if (!c) continue;
    const code = c.code === BARE_DOLLAR ? resolveDollar(ctx.text) : c.code;
    if (code) return { value: code, tokens: tokensIn(seg.tokens, c.index, c.index + c.raw.length), sure: 1, layout: total.layout, score: 0.9, order: 0, raw: c.raw };
  }
  return null;
}

function currencyOfHeaders(ctx: Context, item: Item | null): Found | null {
  if (!item) return null;
  for (const c of item.table.columns) {
    if (c.key !== 'amount' && c.key !== 'unit_price') continue;
    const cur = findCurrencies(c.header)[0];
    if (!cur) continue;
    const code = cur.code === BARE_DOLLAR ? resolveDollar(ctx.text) : cur.code;
    const line = item.layout.lines.slice(item.table.headerLine, item.table.headerEnd + 1).flatMap((l) => l.tokens);
    const toks = line.filter((t) => t.text.includes(cur.raw) && t.x0 >= c.x0 - 1 && t.x1 <= c.x1 + 1);
    if (code && toks.length) return { value: code, tokens: toks.slice(0, 1), sure: 1, layout: item.layout, score: 0.8, order: 0, raw: cur.raw };
  }
  return null;
}

function dominantCurrency(ctx: Context): Found | null {
  const counts = new Map<string, { n: number; layout: PageLayout; tokens: Token[]; raw: string }>();
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        for (const c of findCurrencies(seg.text)) {
          const code = c.code === BARE_DOLLAR ? resolveDollar(ctx.text) : c.code;
          if (!code) continue;
          const e = counts.get(code) ?? { n: 0, layout, tokens: tokensIn(seg.tokens, c.index, c.index + c.raw.length), raw: c.raw };
          e.n++;
          counts.set(code, e);
        }
      }
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1].n - a[1].n);
  const top = ranked[0];
  if (!top) return null;
  const share = top[1].n / ranked.reduce((s, [, e]) => s + e.n, 0);
  return unlabelled(top[1].layout, top[1].tokens, top[0], 0.6 * share + 0.2, top[1].raw);
}

function anyIban(ctx: Context): Found | null {
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        const iban = findIbans(seg.text.toUpperCase())[0];
        if (iban) return unlabelled(layout, tokensIn(seg.tokens, iban.index, iban.index + iban.raw.length), iban.value, 0.85, iban.raw);
      }
    }
  }
  return null;
}

function anyIncoterm(ctx: Context): Found | null {
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        const m = findIncoterm(seg.text, true);
        if (m) return unlabelled(layout, tokensIn(seg.tokens, m.index, m.index + m.raw.length), m.code, 0.7, m.raw);
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Bill of lading

function extractBillOfLading(ctx: Context): Fields {
  const fields: Fields = {};
  set(fields, 'bl_number', fromLabels(ctx, { bl_no: 1, doc_no: 0.5 }, parseReference));
  set(fields, 'shipper', fromLabels(ctx, { shipper: 1, exporter: 0.9, seller: 0.7 }, parseParty, 3));
  set(fields, 'consignee', fromLabels(ctx, { consignee: 1 }, parseParty, 3));
  set(fields, 'notify_party', fromLabels(ctx, { notify: 1 }, parseParty, 3));
  set(fields, 'carrier', fromLabels(ctx, { carrier: 1 }, parseParty, 2) ?? signedForCarrier(ctx));

  set(fields, 'vessel', fromLabels(ctx, { vessel: 1, vessel_voyage: 1 }, parseVessel, 2));
  set(fields, 'voyage', fromLabels(ctx, { voyage: 1, vessel_voyage: 1, vessel: 0.9 }, parseVoyage, 2));

  set(fields, 'port_of_loading', fromLabels(ctx, { pol: 1 }, parseText, 2));
  set(fields, 'port_of_discharge', fromLabels(ctx, { pod: 1 }, parseText, 2));
  const onBoard = fromLabels(ctx, { on_board_date: 1 }, parseDate(ctx.dateOrder, ctx.dateOrderSure), 3);
  // Without an on-board notation, a "shipped on board" B/L is shipped on its date of issue (UCP 600 art. 20(a)(ii)).
  const issued = /shipped\s+(on\s+board|at\s+the\s+port)/i.test(ctx.text) ? fromLabels(ctx, { place_date_issue: 0.7 }, parseDate(ctx.dateOrder, ctx.dateOrderSure), 3) : null;
  set(fields, 'shipped_on_board_date', onBoard ?? issued);

  const c = cargo(ctx);
  set(fields, 'goods_description', c.description);
  const labelledGross = fromLabels(ctx, { gross_weight: 1 }, parseWeightKg(ctx), 2);
  let gross = c.grossKg && (!labelledGross || c.grossKg.score >= labelledGross.score) ? c.grossKg : labelledGross;
  const net = netWeight(ctx);
  // Gross weight is the net weight plus packing: a reading a thousand times off lost its decimal mark.
  const netKg = net ? toKilograms(Number(net.quantity.value), String(net.unit.value) as UnitCode) : null;
  if (gross && netKg) {
    const g = Number(gross.value);
    for (const k of [1000, 1 / 1000]) {
      const ratio = g / k / netKg;
      if (!(g / netKg >= 1 && g / netKg <= 1.5) && ratio >= 1 && ratio <= 1.5) gross = { ...gross, value: Math.round((g / k) * 1000) / 1000, score: gross.score * 0.8 };
    }
  }
  set(fields, 'gross_weight_kg', gross);
  if (net) {
    set(fields, 'quantity', net.quantity);
    set(fields, 'quantity_unit', net.unit);
  } else if (c.bulk ?? (ctx.hits.some((h) => h.key === 'net_weight') ? null : c.packages)) {
    // No readable net weight: bulk cargo's tonnage, else the package count — but not when a net
    // weight is printed and could not be read: the convention asks for the weight, so the field
    // is left for a person rather than filled with a count.
    const q = (c.bulk ?? c.packages) as Found;
    set(fields, 'quantity', { ...q, raw: joinTokens(q.tokens) });
    set(fields, 'quantity_unit', { ...q, value: String(q.raw), raw: joinTokens(q.tokens) });
  }
  set(fields, 'container_numbers', containers(ctx));
  return fields;
}

/** The vessel's name from a vessel box, without a voyage printed with it. */
const parseVessel: Parse = (cand, ctx, hit) => {
  const t = parseText(cand, ctx, hit);
  if (!t) return null;
  const { vessel } = splitVesselVoyage(String(t.value));
  const end = String(t.value).indexOf(vessel) + vessel.length;
  const tokens = tokensIn(cand.tokens, 0, cand.text.indexOf(vessel) + vessel.length);
  return vessel && end > 0 ? { value: vessel, tokens: tokens.length ? tokens : cand.tokens, sure: 1, raw: vessel } : null;
};

/** The voyage: a voyage box, or the voyage printed after the vessel ("V.042E", "/ 117W", "Voy. 03/2026"). */
const parseVoyage: Parse = (cand, ctx, hit) => {
  if (hit?.key === 'voyage') return parseReference(cand, ctx, hit);
  const { voyage } = splitVesselVoyage(cand.text.trim());
  if (!voyage) return null;
  const start = cand.text.lastIndexOf(voyage);
  return { value: voyage, tokens: tokensIn(cand.tokens, start, start + voyage.length), sure: hit?.key === 'vessel' ? 0.9 : 1, raw: voyage };
};

const parseWeightKg = (ctx: Context): Parse => (cand, _c, hit) => {
  const q = findQuantities(cand.text, ctx.mark).find((x) => toKilograms(x.value, x.unit) !== null);
  if (q) {
    const kg = toKilograms(q.value, q.unit) ?? 0;
    return { value: kg, tokens: tokensIn(cand.tokens, q.index, q.index + q.raw.length), sure: q.ambiguous ? 0.85 : 1, raw: q.raw };
  }
  const n = findNumbers(cand.text, ctx.mark).find((x) => x.value > 0);
  const unit = hit ? (unitIn(hit.note) ?? unitIn(joinTokens(hit.segment.tokens.slice(0, hit.length)))) : null;
  if (!n || !unit) return null;
  const kg = toKilograms(n.value, unit);
  return kg === null ? null : { value: kg, tokens: tokensIn(cand.tokens, n.index, n.index + n.raw.length), sure: 0.9, raw: n.raw };
};

/** The stated net weight ("NET WEIGHT: 74,250.000 KGS"): the B/L quantity for goods sold by weight. */
function netWeight(ctx: Context): { quantity: Found; unit: Found } | null {
  const parse: Parse = (cand) => {
    const q = findQuantities(cand.text, ctx.mark).find((x) => (x.unit === 'MT' || x.unit === 'KG' || x.unit === 'LB') && x.value > 0);
    if (!q) return null;
    return { value: q.value, tokens: tokensIn(cand.tokens, q.index, q.index + q.raw.length), sure: q.ambiguous ? 0.85 : 1, raw: q.raw };
  };
  const q = fromLabels(ctx, { net_weight: 0.92 }, parse, 1);
  if (!q) return null;
  const unit = findQuantities(String(q.raw), ctx.mark)[0]?.unit;
  if (!unit) return null;
  return { quantity: q, unit: { ...q, value: unit, tokens: q.tokens.slice(-1) } };
}

/**
 * The carrier named in the signature clause: "signed for the carrier X", "X as carrier", "as agent
 * for X, the carrier" — read across a wrapped line too.
 */
function signedForCarrier(ctx: Context): Found | null {
  const patterns = [
    /(?:signed\s+(?:for|on\s+behalf\s+of)|for\s+and\s+on\s+behalf\s+of)\s+(?:the\s+)?carrier\s*:?\s*(.+)$/i,
    /as\s+agents?\s+(?:only\s+)?for\s+(?!the\s+carrier)(.+?),?\s+(?:the\s+carrier|as\s+carrier)\b/i,
    /signed\s+(?:for|by)\s+(.+?)\s+as\s+carrier\b/i,
  ];
  for (const layout of ctx.layouts) {
    for (let li = 0; li < layout.lines.length; li++) {
      for (const seg of layout.lines[li]?.segments ?? []) {
        // The clause may wrap: read the segment with the one below it in the same column.
        const below = layout.lines[li + 1]?.segments.find((o) => overlapX(o, seg) > 0 && Math.abs(o.x0 - seg.x0) < layout.em * 2);
        for (const tokens of [seg.tokens, below ? [...seg.tokens, ...below.tokens] : null]) {
          if (!tokens) continue;
          const text = joinTokens(tokens);
          for (const re of patterns) {
            const m = re.exec(text);
            if (!m?.[1]) continue;
            const name = m[1].replace(/,?\s+(?:as\s+agents?.*|by\s+.*)$/i, '').replace(/,\s*[A-Z][a-z]+$/, '').trim();
            if (!isPartyName(name)) continue;
            const start = text.indexOf(name);
            return unlabelled(layout, tokensIn(tokens, start, start + name.length), name, 0.7, name);
          }
        }
      }
    }
  }
  return null;
}
