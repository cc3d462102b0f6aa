/**
 * The summary block of an invoice, read as a whole: subtotal, charges (freight, insurance, discount,
 * handling), tax, the total, and what turns the total into the sum payable (an amount already paid,
 * a previous balance). The total is the labelled figure the block's own arithmetic explains
 * (subtotal + charges + tax = total); a "total due" after a payment or a carried balance is the
 * amount due, not the invoice total.
 */
import type { Charge, ChargeKind } from '../../shared/documents';
import type { Context, Found, Parse, Reading } from './context';
import { meanConfidence, near, rankLabelled, tokensIn } from './context';
import type { AmountMatch } from './grammars/amounts';
import { findAmounts, lastDigitsOf } from './grammars/amounts';
import { findCurrencies } from './grammars/currency';
import { findDates } from './grammars/dates';
import { normaliseUnit } from './grammars/quantity';
import type { LabelKey } from './labels';
import { COLUMNS } from './labels';
import type { PageLayout, Segment, Token } from './layout';
import { joinTokens } from './layout';
import type { Item } from './line-items';
import { CARRIED } from './line-items';
import { findTables } from './tables';

type Role = 'grand_total' | 'total' | 'amount_due' | 'subtotal' | 'tax' | 'freight' | 'insurance' | 'discount' | 'handling' | 'amount_paid' | 'previous_balance';

const ROLES: readonly Role[] = ['grand_total', 'total', 'amount_due', 'subtotal', 'tax', 'freight', 'insurance', 'discount', 'handling', 'amount_paid', 'previous_balance'];
const TOTALS: ReadonlySet<Role> = new Set(['grand_total', 'total', 'amount_due']);
const CHARGES: Readonly<Partial<Record<Role, ChargeKind>>> = { freight: 'freight', insurance: 'insurance', discount: 'discount', handling: 'handling' };
/** How strongly a label says "this is the invoice total". */
const STRENGTH: Readonly<Record<string, number>> = { grand_total: 1, amount_due: 0.9, total: 0.85, sum: 0.8 };

/** One figure of the block, where it stands. */
export type Entry = Found & { readonly role: Role | 'sum'; readonly page: number; readonly y: number; readonly x1: number; readonly amount: number };

export type Summary = {
  readonly total: Found | null;
  readonly subtotal: Found | null;
  readonly tax: Found | null;
  readonly charges: readonly { readonly charge: Charge; readonly found: Found }[];
  readonly amountDue: Found | null;
};

const EMPTY: Summary = { total: null, subtotal: null, tax: null, charges: [], amountDue: null };

// Words a summary line may carry beside its figure: qualifiers of the label, not a sentence.
const QUALIFIER = /^(incl|excl|inkl|exkl|ttc|ht|vat|tva|iva|mwst|btw|gst|tax|net|netto|brutto|gross|total|on|of|de|sur|auf|von|em|su|van|from|rate|due|the)\.?$/i;

/** The amounts of a text that are money: not rates ("19 %"), quantities ("25 kg") or parts of dates. */
function moneyIn(raw: string, ctx: Context): AmountMatch[] {
  // A decimal comma a scan read as a semicolon ('58.630;50'): the figure's cents, not a figure of
  // their own (it had read a subtotal of 50). Same length, so positions in the text stay.
  const text = raw.replace(/(\d);(\d{2})(?!\d)/g, (_m, a: string, b: string) => `${a}${ctx.mark ?? (/\d\.\d{3};/.test(raw) ? ',' : '.')}${b}`);
  const dates = findDates(text).map((d) => [d.index, d.index + d.raw.length] as const);
  return findAmounts(text, ctx.mark)
    .filter((a) => {
      const after = text.slice(a.index + a.raw.length);
      if (/^\s?%/.test(after) || dates.some(([s, e]) => a.index >= s && a.index < e)) return false;
      return a.currency !== null || !normaliseUnit(after.trim().split(/\s+/)[0] ?? '');
    })
    // The figure as the page printed it, for its evidence.
    .map((a) => (text === raw ? a : { ...a, raw: raw.slice(a.index, a.index + a.raw.length) }));
}

/**
 * A summary figure: an amount standing on its own (with its currency, a rate, a sign), not an
 * amount inside a sentence or a goods line ("Packing: 25 kg bags in 3 x 40'HC containers"). Cents
 * printed raised and small after a whole amount ("$4,647" with "68" above the line) are joined.
 */
const parseFigure =
  (ctx: Context): Parse =>
  (cand, _c, hit) => {
    const found = moneyIn(cand.text, ctx);
    const a = found[found.length - 1];
    if (!a) return null;
    // Another label's own segment ('MwSt. 0' under 'Rabatt', its rate read without the % sign) is
    // the next line of the block, not this label's figure.
    const first = cand.tokens[0];
    if (hit && first && ctx.hits.some((h) => h !== hit && h.segment.tokens[0] === first)) return null;
    // A registration or reference number ("765432-1", "FR 32 123 456") is not a figure.
    if (/\d-\d/.test(cand.text.slice(Math.max(0, a.index - 2), a.index + a.raw.length + 2)) || /^[A-Z]{2}\s?\d{2}\s\d{3}/.test(cand.text.trim())) return null;
    const wordsOf = (text: string): string[] => {
      let rest = text;
      for (const cur of findCurrencies(rest)) rest = rest.replace(cur.raw, ' ');
      return rest
        .replace(/\d[\d.,'’ ]*\s?%?/g, ' ')
        .split(/\s+/)
        .filter((w) => (w.match(/\p{L}/gu) ?? []).length >= 3 && !QUALIFIER.test(w));
    };
    // An amount with its currency or cents may sit beside OCR debris; a bare number needs a clean line.
    const allowed = a.currency || a.decimals === 2 ? 3 : 1;
    if (wordsOf(cand.text).length > allowed) return null;
    // Nor is a number cut out of a line of text under the label ('RCS Le Havre B 064 517 594' in a
    // footer under the total): the line it was cut from must read as a figure's line too.
    if (cand.placement === 'below' && cand.segment.text !== cand.text && wordsOf(cand.segment.text).length > allowed + 1) return null;
    const tokens = tokensIn(cand.tokens, a.index, a.index + a.raw.length);
    // One or two digits barely made out, with no currency or cents, on a scan: a stamp's or a
    // signature's marks between the label and its figure ('Nolo: [3 … 5.459,00', 'TOTALE 2 … 98.148.50'),
    // not the figure; the figure further along the line is.
    if (hit?.layout.method === 'ocr' && !a.currency && a.decimals === 0 && Math.abs(a.value) < 100) {
      if (meanConfidence(tokens) < 0.6) return null;
      // Read surely, such a mark is still no figure where one with its currency or cents follows on
      // the line ('Wartość netto  4  US$ 66.094,80', a stamp's ring read as 4): that one is.
      const further = figureFurtherAlong(hit.layout, cand.segment, ctx);
      if (further) return further;
    }
    const cents = a.decimals === 0 && hit ? raisedCents(hit.layout, tokens) : null;
    const value = cents ? a.value + (a.value < 0 ? -1 : 1) * cents.value : a.value;
    return { value, tokens: cents ? [...tokens, cents.token] : tokens, sure: a.currency || a.decimals === 2 || cents ? 1 : a.ambiguous ? 0.75 : 0.85, raw: cents ? `${a.raw}.${cents.token.text}` : a.raw };
  };

/** The first figure with its currency or cents on the line after `segment`, as a summary figure. */
function figureFurtherAlong(layout: PageLayout, segment: Segment, ctx: Context): Reading | null {
  for (const o of layout.lines[segment.line]?.segments ?? []) {
    if (o.x0 <= segment.x1) continue;
    const a = moneyIn(o.text, ctx).find((m) => m.currency !== null || m.decimals === 2);
    if (!a) continue;
    return { value: a.value, tokens: tokensIn(o.tokens, a.index, a.index + a.raw.length), sure: 1, raw: a.raw };
  }
  return null;
}

/**
 * Two digits printed just right of an amount's last token and overlapping it vertically: its cents.
 * OCR may box them inside the amount's own box when they are raised.
 */
function raisedCents(layout: PageLayout, tokens: readonly Token[]): { value: number; token: Token } | null {
  const last = tokens[tokens.length - 1];
  if (!last) return null;
  for (const line of layout.lines) {
    for (const t of line.tokens) {
      if (!/^\d{2}$/.test(t.text) || t === last) continue;
      const gap = t.x0 - last.x1;
      const overlap = Math.min(t.y1, last.y1) - Math.max(t.y0, last.y0);
      if (gap >= -(last.x1 - last.x0) * 0.5 && gap < layout.em * 0.6 && overlap > 0 && t.y0 < last.y0 + (last.y1 - last.y0) * 0.3) return { value: Number(t.text) / 100, token: t };
    }
  }
  return null;
}

/** Tokens of table header rows: a column header named "Total" or "VAT" is not a summary line. */
function headerTokens(ctx: Context, item: Item | null): Set<Token> {
  const out = new Set<Token>();
  for (const layout of ctx.layouts) {
    for (const table of findTables(layout, COLUMNS, () => false)) {
      // A real header row is mostly column names; a line that merely holds "Services … Total" is not.
      const named = table.columns.filter((c) => (c.key as string) !== '').length;
      if (named < 3 || named < table.columns.length * 0.6) continue;
      for (const l of layout.lines.slice(table.headerLine, table.headerEnd + 1)) for (const t of l.tokens) out.add(t);
    }
  }
  if (item) for (const l of item.layout.lines.slice(item.table.headerLine, item.table.headerEnd + 1)) for (const t of l.tokens) out.add(t);
  return out;
}

/**
 * 'VAT DE287514063', 'MwSt ATU76067129': a tax word beside a registration number (a country's two
 * letters and eight to twelve digits) names the party's VAT registration, not a tax amount.
 */
const registration = (hit: Context['hits'][number]): boolean =>
  hit.key === 'tax' && /\b[A-Z]{2}[A-Z]?\d{8,12}\b/.test(joinTokens(hit.segment.tokens.slice(hit.length)));

/** Every labelled figure of the summary roles, in reading order. */
export function summaryEntries(ctx: Context, item: Item | null): Entry[] {
  const header = headerTokens(ctx, item);
  const out: Entry[] = [];
  for (const role of ROLES) {
    // A summary line runs its label and figure across the page ("Total ........ $6,169.40").
    for (const f of rankLabelled(ctx, { [role]: 1 } as Partial<Record<LabelKey, number>>, parseFigure(ctx), 2, 200)) {
      const t = f.tokens[0];
      const label = ctx.hits.find((h) => h.order === f.order);
      if (!t || (label && label.segment.tokens[0] && header.has(label.segment.tokens[0])) || (label && registration(label))) continue;
      // "Suma y sigue 44.196,00" at the foot of page 1: the running sum a table carries to the next page.
      if (label && (TOTALS.has(role) || role === 'subtotal') && CARRIED.test(label.segment.text)) continue;
      const value = Number(f.value);
      // A discount lowers the total whichever way it is printed.
      const amount = role === 'discount' ? -Math.abs(value) : value;
      out.push({ ...f, role, page: f.layout.n, y: t.y0, x1: f.tokens[f.tokens.length - 1]?.x1 ?? t.x1, amount });
    }
  }
  out.push(...columnFigures(ctx, out, header));
  // One figure, one role: where two labels reach the same figure, the better reading wins.
  const seen = new Map<string, Entry>();
  for (const e of out.sort((a, b) => b.score - a.score)) {
    const key = `${e.page}:${e.tokens.map((t) => `${t.x0},${t.y0}`).join(';')}`;
    if (!seen.has(key)) seen.set(key, e);
  }
  return [...seen.values()].sort((a, b) => a.page - b.page || a.y - b.y);
}

/**
 * Figures for summary labels whose figure is neither beside nor under them but in the block's
 * figure column, a little lower or higher (labels and figures in two columns that do not line up).
 */
function columnFigures(ctx: Context, found: readonly Entry[], header: ReadonlySet<Token>): Entry[] {
  const out: Entry[] = [];
  const taken = new Set(found.flatMap((e) => e.tokens));
  for (const layout of ctx.layouts) {
    const mine = found.filter((e) => e.layout === layout);
    if (!mine.length) continue;
    const xs = mine.map((e) => e.x1).sort((a, b) => a - b);
    const column = xs[Math.floor(xs.length / 2)]!;
    for (const hit of ctx.hits) {
      const role = hit.key as Role;
      if (hit.layout !== layout || !ROLES.includes(role) || found.some((e) => e.order === hit.order) || registration(hit)) continue;
      if (hit.segment.tokens[0] && header.has(hit.segment.tokens[0])) continue;
      const seg = hit.segment;
      const h = Math.max(seg.y1 - seg.y0, layout.em);
      let best: { e: Entry; d: number } | null = null;
      for (const line of layout.lines) {
        const mid = (line.y0 + line.y1) / 2;
        if (mid < seg.y0 - h * 0.6 || mid > seg.y1 + h * 1.4) continue;
        for (const o of line.segments) {
          if (o === seg || o.x0 < seg.x1 || Math.abs(o.x1 - column) > layout.em * 2.5 || o.tokens.some((t) => taken.has(t))) continue;
          const a = moneyIn(o.text, ctx).pop();
          if (!a) continue;
          const tokens = tokensIn(o.tokens, a.index, a.index + a.raw.length);
          const t = tokens[0];
          if (!t) continue;
          const d = Math.abs(mid - (seg.y0 + seg.y1) / 2);
          const amount = role === 'discount' ? -Math.abs(a.value) : a.value;
          const e: Entry = { value: a.value, tokens, sure: 0.9, raw: a.raw, layout, score: 0.85, order: hit.order, role, page: layout.n, y: seg.y0, x1: o.x1, amount };
          if (!best || d < best.d) best = { e, d };
        }
      }
      if (best) {
        out.push(best.e);
        for (const t of best.e.tokens) taken.add(t);
      }
    }
  }
  return out;
}

const above = (a: Entry, b: Entry): boolean => a.page < b.page || (a.page === b.page && a.y < b.y - 0.5);
const isAdd = (e: Entry): boolean => e.role === 'tax' || CHARGES[e.role as Role] !== undefined;

/**
 * Whether `c` is what the figures above it add up to: a base (subtotal, an earlier total, or the sum
 * of the line items) plus the charges and taxes printed between them.
 */
function explains(c: Entry, all: readonly Entry[], lineSum: number | null): { base: Entry | null; parts: Entry[] } | null {
  const adds = all.filter((e) => above(e, c) && isAdd(e));
  const bases: (Entry | null)[] = [...all.filter((e) => e !== c && above(e, c) && (e.role === 'subtotal' || TOTALS.has(e.role as Role)) && !near(e.amount, c.amount)), null];
  for (const base of bases) {
    const b = base ? base.amount : lineSum;
    if (b === null) continue;
    const between = adds.filter((e) => !base || above(base, e));
    // The largest set of the charges and taxes between base and total that adds up: a block may
    // also print running figures ("LESS DISCOUNT 739" after "DISCOUNT 20") that are not parts.
    const n = Math.min(between.length, 10);
    let best: Entry[] | null = null;
    for (let mask = (1 << n) - 1; mask > 0; mask--) {
      const parts = between.slice(0, n).filter((_, i) => mask & (1 << i));
      if (best && parts.length <= best.length) continue;
      if (parts.some((e) => e.amount !== 0) && near(parts.reduce((s, e) => s + e.amount, b), c.amount)) best = parts;
    }
    if (best) return { base, parts: best };
  }
  // No charge or tax changes the sum: the total repeats the subtotal printed above it.
  const sub = all.filter((e) => e.role === 'subtotal' && above(e, c) && near(e.amount, c.amount));
  if (sub[0] && adds.every((e) => e.amount === 0)) return { base: sub[0], parts: adds };
  return null;
}

/**
 * The sum line of a block whose total has no label we know ("VALOR", "Amount", a bare figure): a
 * figure right below the last summary entry, in the same column, that the block's arithmetic
 * explains — or, read with confidence, whose digits are that sum's in another order: a reader
 * substitutes a digit it misreads, it does not swap two, so the figure was printed so (for the
 * checks to report, as a labelled total is).
 */
function sumLine(ctx: Context, all: readonly Entry[], lineSum: number | null, sums: readonly number[]): Entry | null {
  const last = all.filter((e) => e.role === 'subtotal' || isAdd(e)).pop();
  if (!last) return null;
  const layout = last.layout;
  const lastLine = layout.lines.findIndex((l) => l.tokens.includes(last.tokens[0]!));
  for (const line of layout.lines.slice(lastLine + 1, lastLine + 4)) {
    for (const seg of line.segments) {
      if (Math.abs(seg.x1 - last.x1) > layout.em * 3) continue;
      const a = moneyIn(seg.text, ctx).pop();
      if (!a) continue;
      const tokens = tokensIn(seg.tokens, a.index, a.index + a.raw.length);
      const t = tokens[0];
      if (!t) continue;
      const e: Entry = { value: a.value, tokens, sure: 1, raw: a.raw, layout, score: 0.8, order: Number.MAX_SAFE_INTEGER, role: 'sum', page: layout.n, y: t.y0, x1: seg.x1, amount: a.value };
      if (explains(e, all, lineSum)) return e;
      if (meanConfidence(tokens) >= 0.6 && sums.some((sum) => transposed(a.value, sum, a.raw))) return { ...e, score: 0.7 };
    }
  }
  return null;
}

/** Reads the summary block: the total and its parts. */
export function readSummary(ctx: Context, item: Item | null): Summary {
  const all = summaryEntries(ctx, item);
  const lineAmounts = item?.lineAmounts ?? [];
  const lineSum = lineAmounts.length ? lineAmounts.reduce((s, a) => s + a.value, 0) : item?.amount ? Number(item.amount.value) : null;
  const floor = item?.amount ? Number(item.amount.value) : Math.max(0, ...lineAmounts.map((a) => a.value));
  const cands: Entry[] = all.filter((e) => TOTALS.has(e.role as Role) && e.amount > 0);
  // The goods table's own total (or its only line) is a candidate too, weaker than a labelled total.
  // Not when a charge, discount or tax is printed below it: the total is further down, unread.
  if (item?.amount && item.amount.tokens[0]) {
    const t = item.amount.tokens[0];
    const own: Entry = { ...item.amount, score: 0.6, role: 'total', page: item.layout.n, y: t.y0, x1: t.x1, amount: Number(item.amount.value) };
    if (!all.some((e) => isAdd(e) && e.amount !== 0 && above(own, e))) cands.push(own);
  }
  // A scan that lost a total's decimal mark ("15'141.00" read "1514100", its words barely made out)
  // read a figure a hundred times what the block adds up to, with no mark in it: it is that sum —
  // the block's arithmetic vouches for it to the cent, as a checksum does, where the reader did not.
  const sums = expectedSums(all, lineSum);
  for (const [i, c] of cands.entries()) {
    if (c.layout.method !== 'ocr' || !TOTALS.has(c.role as Role) || !/^\D*\d{5,}\D*$/.test(c.raw ?? joinTokens(c.tokens))) continue;
    const amount = c.amount / 100;
    if (sums.some((sum) => near(amount, sum))) cands[i] = { ...c, amount, value: amount, sure: Math.min(c.sure, 0.8), checked: true };
  }
  // A scan's total whose first digits a stamp or a smudge took ('Total factura 7% (USD 60,45' for
  // 28.460,45) reads as the last digits of what the block adds up to: it is that sum, as a reading
  // to confirm — three digits or more must agree, and it stays unsure.
  for (const [i, c] of cands.entries()) {
    if (c.layout.method !== 'ocr' || !TOTALS.has(c.role as Role) || Math.round(c.amount * 100).toString().length < 3) continue;
    const whole = sums.find((sum) => lastDigitsOf(c.amount, sum));
    if (whole !== undefined) cands[i] = { ...c, amount: whole, value: Math.round(whole * 100) / 100, score: c.score * 0.5 };
  }
  if (!cands.some((c) => explains(c, all, lineSum))) {
    const sum = sumLine(ctx, all, lineSum, sums);
    if (sum) cands.push(sum);
  }
  const adjustments = all.filter((e) => e.role === 'amount_paid' || e.role === 'previous_balance');
  // On a scan, a fragment of three digits or fewer that is a hundredth of the goods or less, with
  // nothing paid or carried over, is no total: a stray figure read under a total's caption whose own
  // figure was lost ('4' of a smudged 104 427,70). (A text layer's figure is what was printed: the
  // checks report it.)
  const stray = (c: Entry): boolean => c.layout.method === 'ocr' && c.amount * 100 <= floor && (c.raw ?? joinTokens(c.tokens)).replace(/\D/g, '').length <= 3;
  if (!adjustments.length) for (let i = cands.length - 1; i >= 0; i -= 1) if (stray(cands[i]!)) cands.splice(i, 1);
  if (!cands.length) return { ...EMPTY, ...parts(all, null, null) };
  const judged = cands.map((c) => {
    let factor = STRENGTH[c.role] ?? 0.8;
    const why = explains(c, all, lineSum);
    if (why) factor *= 1.25;
    else if (lineSum !== null && near(c.amount, lineSum)) factor *= 1.1;
    // A figure that is the base of a larger total is a net total, not the invoice total — and so is
    // the goods table's own amount when it is that base's figure (the lines' sum, printed again as the subtotal).
    if (
      cands.some((o) => {
        if (o === c || !above(c, o)) return false;
        const base = explains(o, all, lineSum)?.base;
        return base === c || (base != null && o.amount > c.amount && near(base.amount, c.amount) && !TOTALS.has(base.role as Role));
      })
    )
      factor *= 0.5;
    // What is left to pay once a payment or a carried balance is counted is not the invoice total.
    // A total due printed above the payment ('Total Due' over 'Amount Paid' and 'Balance Due') is
    // what the invoice comes to before it.
    const paidAbove = adjustments.some((a) => above(a, c));
    const adjusted = paidAbove && c.role === 'amount_due' && cands.some((o) => o !== c && o.role !== 'amount_due' && !near(o.amount, c.amount));
    if (adjusted) factor *= 0.4;
    // Below the goods is no total — unless the lines above explain it (a discount takes it below),
    // or it is labelled the grand total under a discount: then it is the total as printed, and
    // figures that do not add up are for the checks to report, not for reading to smooth over.
    const discounted = c.role === 'grand_total' && all.some((e) => e.role === 'discount' && above(e, c));
    // So is a grand total a text layer prints: read exactly, it is no misread but a total that
    // does not add up (two digits transposed).
    // The same for a total due when nothing was paid or carried over ('Total Due (EUR): 014,527.40').
    const printed = (c.role === 'grand_total' || (c.role === 'amount_due' && !paidAbove)) && c.layout.method === 'text_layer' && c.tokens.every((t) => t.confidence >= 1);
    // On a scan too, a labelled total whose digits are the lines' sum's in another order was printed
    // so: a reader substitutes a digit it misreads, it does not swap two (64.113,75 printed 46.113,75).
    const swapped = TOTALS.has(c.role as Role) && meanConfidence(c.tokens) >= 0.6 && sums.some((sum) => transposed(c.amount, sum, c.raw));
    if (c.amount < floor - 0.011 && !why && !discounted && !printed && !swapped) factor *= 0.3;
    return { c, factor, adjusted, rank: c.score * factor * (c.checked ? Math.max(0.9, meanConfidence(c.tokens)) : meanConfidence(c.tokens)) };
  });
  judged.sort((a, b) => (Math.abs(b.rank - a.rank) > 0.03 ? b.rank - a.rank : a.c.order - b.c.order));
  const best = judged[0]!;
  const { role: _role, page: _page, y: _y, x1: _x1, amount: _amount, ...found } = best.c;
  const total: Found = { ...found, score: Math.min(1, best.c.score * best.factor) };
  // What is left to pay, when it differs from the total.
  const dues = all.filter((e) => (e.role === 'amount_due' || judged.some((j) => j.c === e && j.adjusted)) && e !== best.c && !near(e.amount, best.c.amount));
  const due = adjustments.length || dues.length ? (dues[dues.length - 1] ?? null) : null;
  return { total, amountDue: due, ...parts(all, best.c, lineSum) };
}

/** What the total should be: the lines' sum, and each subtotal with every charge and tax of the block. */
function expectedSums(all: readonly Entry[], lineSum: number | null): number[] {
  const adds = all.filter(isAdd).reduce((sum, e) => sum + e.amount, 0);
  return [...(lineSum === null ? [] : [lineSum, lineSum + adds]), ...all.filter((e) => e.role === 'subtotal').map((e) => e.amount + adds)];
}

/** Whether two amounts differ only by the order of their digits (a transposition, not a misread). */
export function transposed(a: number, b: number, raw?: string): boolean {
  // As printed, a leading zero counts: '014,527.40' is 104,527.40 with two digits swapped.
  const printedDigits = raw?.replace(/\D/g, '') ?? '';
  const x = /^0\d/.test(printedDigits) && Number(printedDigits) === Math.round(Math.abs(a) * 100) ? printedDigits : String(Math.round(Math.abs(a) * 100));
  const y = String(Math.round(Math.abs(b) * 100));
  if (x === y || x.length !== y.length || x.length < 3) return false;
  return [...x].sort().join('') === [...y].sort().join('');
}

/** Subtotal, charges and tax of the block that holds the total (or of the whole document). */
function parts(all: readonly Entry[], total: Entry | null, lineSum: number | null): Pick<Summary, 'subtotal' | 'tax' | 'charges'> {
  const why = total ? explains(total, all, lineSum) : null;
  const inBlock = (e: Entry): boolean => !total || (e.page === total.page && above(e, total) && total.y - e.y < total.layout.em * 25);
  // A scan's subtotal that reads as the last digits of the total is the same smudge over both, no subtotal.
  const partOfTotal = (e: Entry): boolean => total !== null && e.layout.method === 'ocr' && lastDigitsOf(e.amount, total.amount);
  const subtotal = why?.base?.role === 'subtotal' ? why.base : (all.filter((e) => e.role === 'subtotal' && inBlock(e) && !partOfTotal(e)).sort((a, b) => b.score - a.score)[0] ?? null);
  // Unexplained, a part as large as the total is no part of it: a reference read under a label
  // that names a charge ("Documento di trasporto: 7778281"), or the total itself.
  const candidates = why ? why.parts : all.filter((e) => inBlock(e) && (!total || Math.abs(e.amount) < Math.abs(total.amount)));
  const taxes = candidates.filter((e) => e.role === 'tax');
  const charges = candidates
    .filter((e) => CHARGES[e.role as Role] !== undefined && e.amount !== 0)
    .map((e) => ({ charge: { kind: CHARGES[e.role as Role]!, amount: e.amount }, found: e as Found }));
  const taxSum = taxes.reduce((s, e) => s + e.amount, 0);
  const first = taxes[0];
  const tax: Found | null = first
    ? taxes.length === 1
      ? first
      : { ...first, value: Math.round(taxSum * 100) / 100, tokens: taxes.flatMap((e) => e.tokens.filter((t) => first.layout.lines.some((l) => l.tokens.includes(t)))), raw: taxes.map((e) => e.raw ?? joinTokens(e.tokens)).join(' + ') }
    : null;
  return { subtotal, tax, charges };
}
