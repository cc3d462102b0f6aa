/**
 * The goods table of an invoice: description, quantity, unit, unit price and amount of its item rows,
 * followed over several pages under a repeated header.
 */
import type { FieldValue } from '../../shared/documents';
import type { Context, Found } from './context';
import { labelOf, near, tokensIn } from './context';
import { findNumbers, lastDigitsOf } from './grammars/amounts';
import type { UnitCode } from './grammars/quantity';
import { findQuantities, normaliseUnit } from './grammars/quantity';
import { isGoodsLine } from './grammars/shipping';
import type { ColumnKey, LabelKey } from './labels';
import { COLUMNS, LABELS } from './labels';
import { matchLabel } from './label-match';
import type { Line, PageLayout, Token } from './layout';
import { joinTokens } from './layout';
import type { Column, Table } from './tables';
import { cellsOfLine, findTables } from './tables';
export type Item = {
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
  readonly lineAmounts: readonly {
    readonly value: number;
    readonly tokens: readonly Token[];
    readonly page: number;
    /** The row's quantity and unit price, when its table has those columns and the row prints them. */
    readonly quantity: number | null;
    readonly unitPrice: number | null;
    /** The lowest reading confidence among the words of the row's amount cell, quantity and unit price (1 on a text layer). */
    readonly confidence: number;
  }[];
};

export const TABLE_END = /^(sub-?total|total|grand total|gesamt|summe|total geral|totaal|say|amount in words|particulars furnished)/i;
// A running subtotal where a table breaks across pages: no item of its own, and no invoice total
// ("Suma y sigue", "A riportare", "Z przeniesienia", "Nakli yekûn", "Continued on page 2").
export const CARRIED =
  /^(carried|brought)\s+(forward|fwd|over)\b|^[cb]\/f\b|^balance\s+(brought|carried)\b|^continued\s+(on|from)\b|^übertrag\b|^(à\s+)?report(é|er)?\b|^transporte?\b|^a\s+transportar\b|^suma\s+(y\s+sigue|anterior)\b|^viene\s+de\b|^contin[uú]a\s+en\b|^(da\s+|a\s+)?riport(o|are)\b|^over\s+te\s+brengen\b|^(z|do)\s+przeniesienia\b|^nakli\s+yek[uû]n\b|^devreden\b|^pindahan\b/i;

export function firstNumber(tokens: readonly Token[], ctx: Context): { value: number; tokens: Token[]; raw: string; ambiguous: boolean } | null {
  const text = joinTokens(tokens);
  // A figure followed by '%' is a rate, no quantity, price or amount ('3%' a scan read for 3,80).
  const n = findNumbers(text, ctx.mark).find((x) => (x.value !== 0 || x.decimals > 0) && !/^\s?%/.test(text.slice(x.index + x.raw.length)));
  if (!n) return null;
  return { value: n.value, tokens: tokensIn(tokens, n.index, n.index + n.raw.length), raw: n.raw, ambiguous: n.ambiguous };
}

/** The unit a column header or cell names: "(MT)", "USD/MT", "Qty (BAGS)", "per KG". */
export function unitIn(text: string, unitColumn = false): UnitCode | null {
  for (const w of text.split(/[\s()/[\],]+/).reverse()) {
    const u = normaliseUnit(w);
    // Short words that are units only in a unit column ("t", "ea", "no", "St.").
    if (u && (unitColumn || !/^(t|to|no|nos|ea|each|units?|st\.?)$/i.test(w))) return u;
  }
  return null;
}

/**
 * The unit a price header prices by: 'USD/MT' → 'MT', 'Price per bag' → 'bag'. A header naming no
 * such unit names none ('P. unit.', 'Unit price' price by whatever the quantity counts).
 */
const perUnit = (header: string): string => {
  const slash = header.lastIndexOf('/');
  if (slash >= 0) return header.slice(slash + 1);
  return /\bper\s+(\S+)/i.exec(header)?.[1] ?? '';
};

export const TEXT_COLUMNS: readonly ColumnKey[] = ['description'];

/** Labels of the summary block under a goods table: a totals row, or the summary itself beginning. */
const TOTAL_KEYS: ReadonlySet<LabelKey> = new Set(['total', 'grand_total', 'subtotal']);
const SUMMARY_KEYS: ReadonlySet<LabelKey> = new Set(['total', 'grand_total', 'subtotal', 'tax', 'freight', 'insurance', 'discount', 'handling', 'amount_due', 'amount_paid', 'previous_balance']);

export type Row = { readonly li: number; readonly cells: Map<Column<ColumnKey>, Token[]>; readonly total: boolean };
export type GoodsColumns = {
  readonly desc: Column<ColumnKey>;
  readonly qty: Column<ColumnKey> | null;
  readonly unit: Column<ColumnKey> | null;
  readonly price: Column<ColumnKey> | null;
  readonly amount: Column<ColumnKey> | null;
};

/** The columns of a goods table, or null when it has no description or nothing numeric. */
export function goodsColumns(table: Table<ColumnKey>): GoodsColumns | null {
  const col = (k: ColumnKey): Column<ColumnKey> | null => table.columns.find((c) => c.key === k) ?? null;
  const desc = col('description');
  const [qty, unit, price, amount] = [col('quantity'), col('unit'), col('unit_price'), col('amount')];
  if (!desc || (!qty && !price && !amount)) return null;
  return { desc, qty, unit, price, amount };
}

export const goodsTables = (layout: PageLayout): Table<ColumnKey>[] => findTables(layout, COLUMNS, (l: Line) => TABLE_END.test(l.segments[0]?.text ?? '') && l.segments.length > 1);

/** The item rows of a goods table, up to and including a totals row; running subtotals left out. */
export function itemRows(layout: PageLayout, table: Table<ColumnKey>, cols: GoodsColumns, ctx: Context): Row[] {
  const reach = layout.em * 4;
  const rows: Row[] = [];
  for (const li of table.rows) {
    const line = layout.lines[li];
    if (!line) continue;
    const cells = cellsOfLine(table.columns, line, reach, TEXT_COLUMNS);
    const ocr = layout.method === 'ocr';
    const first = line.segments[0] ? labelOf(line.segments[0], ocr)?.key : undefined;
    const total = TABLE_END.test(line.segments[0]?.text ?? '') || (first !== undefined && TOTAL_KEYS.has(first));
    // The summary block in any language ("Zwischensumme", "Fracht", "KDV", "Toplam") ends the table:
    // a charge or tax row is no item, and neither is a row whose summary label stands right of the
    // description (a bank box on the left, "Subtotal 47,132.40" on the right).
    if (!total && ((first !== undefined && SUMMARY_KEYS.has(first)) || line.segments.slice(1).some((seg) => SUMMARY_KEYS.has(labelOf(seg, ocr)?.key as LabelKey)))) break;
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

export type LineAmountRead = Item['lineAmounts'][number];

/**
 * The item amounts of a table that starts on `layouts[from]`: that page's rows, then, while no
 * totals row has closed it, the rows of the same kind of table (an amount column under a repeated
 * header) at the top of each next page. Null when a row prints no amount or the table breaks off.
 */
/**
 * OCR drops decimal points ("74250" for "74.250"): when quantity × price misses the amount by a power
 * of ten that a dropped point explains, the point is put back.
 */
export function repairPowerOfTen(qty: number | null, price: number | null, amount: number): [number | null, number | null] {
  if (qty === null || price === null || near(qty * price, amount)) return [qty, price];
  for (const k of [10, 100, 1000]) {
    if (Math.abs((qty / k) * price - amount) <= amount * 0.001) return [qty / k, price];
    if (Math.abs(qty * (price / k) - amount) <= amount * 0.001) return [qty, price / k];
  }
  return [qty, price];
}

export function tableAmounts(ctx: Context, from: number, first: readonly Row[], cols: GoodsColumns): LineAmountRead[] | null {
  const amountsOf = (layout: PageLayout, rows: readonly Row[], c: GoodsColumns): LineAmountRead[] | null => {
    const out: LineAmountRead[] = [];
    for (const r of rows) {
      if (r.total) continue;
      const a = c.amount ? firstNumber(r.cells.get(c.amount) ?? [], ctx) : null;
      if (!a) return null;
      const q = c.qty ? firstNumber(r.cells.get(c.qty) ?? [], ctx) : null;
      const p = c.price ? firstNumber(r.cells.get(c.price) ?? [], ctx) : null;
      const [quantity, unitPrice] = repairPowerOfTen(q?.value ?? null, p?.value ?? null, a.value);
      // The amount's whole cell counts: a figure with words the reader barely made out after it
      // ('42 raid' for 42,264.00) was read in part.
      const amountCell = c.amount ? (r.cells.get(c.amount) ?? []) : [];
      const confidence = Math.min(...[...a.tokens, ...amountCell, ...(q?.tokens ?? []), ...(p?.tokens ?? [])].map((t) => t.confidence));
      out.push({ value: a.value, tokens: a.tokens, page: layout.n, quantity, unitPrice, confidence });
    }
    return out;
  };
  const layouts = ctx.layouts;
  const read = amountsOf(layouts[from]!, first, cols);
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
    const more = amountsOf(layout, rows, table.c);
    if (!more) return null;
    read.push(...more);
    closed = rows.some((r) => r.total);
  }
  return read;
}

/**
 * How many of a table's rows price goods. A row with neither a unit price nor an amount is no item (a
 * date or a note under the table), and one with only an amount that repeats the sum of the amounts
 * above it is their subtotal, its caption unread or printed aside (*Banking Information … 107585.50*).
 */
function pricedRows(items: readonly Row[], figure: (r: Row, c: Column<ColumnKey> | null) => { value: number } | null, cols: GoodsColumns): number {
  let count = 0;
  let above = 0;
  for (const r of items) {
    const price = figure(r, cols.price);
    const amount = figure(r, cols.amount);
    if (!price && !amount) continue;
    if (!price && amount && count > 0 && !figure(r, cols.qty) && near(amount.value, above)) continue;
    count += 1;
    above += amount?.value ?? 0;
  }
  return count;
}

export function lineItems(ctx: Context): Item | null {
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
      // In the quantity's own cell, the word right after the figure is its unit, short ones too ('55,350 t').
      const unitAfterFigure = (tokens: readonly Token[]): UnitCode | null => {
        const at = tokens.findIndex((t) => /\d/.test(t.text));
        return at >= 0 && tokens[at + 1] ? unitIn(tokens[at + 1]!.text, true) : null;
      };
      const unitOf = (r: Row): UnitCode | null =>
        unitIn(joinTokens(cell(r, unitCol)), true) ?? unitIn(joinTokens(cell(r, qtyCol))) ?? unitAfterFigure(cell(r, qtyCol)) ?? unitIn(qtyCol?.header ?? '') ?? unitIn(perUnit(priceCol?.header ?? ''));
      let descTokens = cell(first, descCol);
      // A leading item number belongs to a numbering column the header did not name.
      while (descTokens[0] && /^\d{1,3}[.)]?$/.test(descTokens[0].text)) descTokens = descTokens.slice(1);
      if (!descTokens.some((t) => /\p{L}{2}/u.test(t.text))) {
        const next = layout.lines[first.li + 1];
        descTokens = next ? (cellsOfLine(table.columns, next, reach, TEXT_COLUMNS).get(descCol) ?? []) : [];
      }
      // No quantity column (its header lost on a scan): the one figure of the row that multiplies
      // with the unit price to the line's amount, to the cent, is its quantity ('19 080 wun.' × 3,95
      // = 75 366,00), its unit read beside it when it can be.
      const multiplied = !qtyCol && items.length === 1 ? quantityByProduct(layout, first, cols, ctx) : null;
      const unit = unitOf(first) ?? multiplied?.unit ?? null;
      type Read = NonNullable<ReturnType<typeof firstNumber>> & { partial?: boolean };
      let qty: Read | null = multiplied ? { ...multiplied.qty, ambiguous: true } : firstNumber(cell(first, qtyCol), ctx);
      let price: Read | null = firstNumber(cell(first, priceCol), ctx);
      const amount = firstNumber(cell(first, amountCol), ctx);
      // OCR drops decimal points ("74250" for "74.250"): quantity × price must give the amount,
      // and a power of ten that restores it is taken (with less confidence).
      // A figure printed with its cents ('6.486,48') kept its decimal mark: only the other can have lost one
      // ('347' read for 3,47 makes 6.486,48 × 3,47 = 22.508,09, never 64,8648 × 347).
      const withCents = (raw: string | undefined): boolean => raw !== undefined && /\d[.,]\d{1,2}$/.test(raw);
      if (qty && price && amount && !near(qty.value * price.value, amount.value)) {
        for (const k of [10, 100, 1000]) {
          if (!withCents(qty.raw) && Math.abs((qty.value / k) * price.value - amount.value) <= amount.value * 0.001) qty = { ...qty, value: qty.value / k, ambiguous: true };
          else if (!withCents(price.raw) && Math.abs(qty.value * (price.value / k) - amount.value) <= amount.value * 0.001) price = { ...price, value: price.value / k, ambiguous: true };
          else continue;
          break;
        }
      }
      // A figure whose leading digits a stamp or a fold hid ('45' read for 3,45 under a stamp's ring):
      // when the amount over the other figure is a price or count to the cent whose digits end with
      // the ones read, that is the figure, taken as a reading to confirm.
      if (qty && price && amount && !near(qty.value * price.value, amount.value)) {
        if (qty.value > 0 && lastDigitsOf(price.value, amount.value / qty.value)) price = { ...price, value: Math.round((amount.value / qty.value) * 100) / 100, partial: true };
        else if (price.value > 0 && lastDigitsOf(qty.value, amount.value / price.value)) qty = { ...qty, value: Math.round((amount.value / price.value) * 100) / 100, partial: true };
      }
      // A quantity a stamp or a fold left unread on a scan ('13.110 kg' under a COPY stamp): on a single
      // goods line whose unit price and amount were read, the amount over the price when it comes out
      // a whole number to the cent, taken as a reading to confirm.
      if (!qty && qtyCol && price && amount && price.value > 0 && pricedRows(items, (r, c) => firstNumber(cell(r, c), ctx), cols) === 1 && layout.method === 'ocr') {
        // Its evidence is the two figures it comes from: the cell itself was not read.
        const whole = Math.round(amount.value / price.value);
        if (whole >= 1 && Math.abs(whole * price.value - amount.value) < 0.005) qty = { ...amount, tokens: [...price.tokens, ...amount.tokens], value: whole, raw: String(whole), partial: true };
      }
      const found = (value: FieldValue, tokens: readonly Token[], sure: number, raw?: string): Found | null =>
        tokens.length ? { value, tokens, sure, layout, score: sure * 0.9, order: first.li, ...(raw !== undefined ? { raw } : {}) } : null;
      // The invoiced quantity: the totals row, else the sum of the rows in the first row's unit.
      let quantity = qty ? found(qty.value, qty.tokens, qty.partial ? 0.6 : qty.ambiguous ? 0.85 : 1, qty.raw) : null;
      const totalRow = rows.find((r) => r.total);
      const totalQty = totalRow ? firstNumber(cell(totalRow, qtyCol), ctx) : null;
      // A row whose unit was not read ('10 400 ka') counts in the first row's unit when no row names
      // another: the table has one unit. The sum is then less sure.
      const oneUnit = unit !== null && items.every((r) => unitOf(r) === null || unitOf(r) === unit);
      const sameUnit = items.filter((r) => (unitOf(r) === unit || (oneUnit && unitOf(r) === null)) && firstNumber(cell(r, qtyCol), ctx));
      const guessed = sameUnit.some((r) => unitOf(r) !== unit);
      // On a scan, another goods line with its amount read, and its unit price or its own unit, but no
      // quantity (a stamp over it): the quantities read are only part of what was invoiced, and the
      // whole is not known. A charge in the table ('Freight to Laredo … 1 EA') is no goods line.
      const charge = (r: Row): boolean => SUMMARY_KEYS.has(matchLabel(cell(r, descCol), LABELS, 12)?.key as LabelKey);
      const goodsLine = (r: Row): boolean => !charge(r) && (firstNumber(cell(r, priceCol), ctx) !== null || (unitCol !== null && unitIn(joinTokens(cell(r, unitCol)), true) !== null));
      const partOfWhole =
        layout.method === 'ocr' && qtyCol !== null && items.some((r) => r !== first && goodsLine(r) && firstNumber(cell(r, amountCol), ctx) && !firstNumber(cell(r, qtyCol), ctx));
      if (totalQty && (!unitOf(totalRow as Row) || unitOf(totalRow as Row) === unit)) quantity = found(totalQty.value, totalQty.tokens, 0.95, totalQty.raw);
      else if (partOfWhole) quantity = null;
      else if (sameUnit.length > 1) {
        // Each row's quantity with its dropped decimal point put back, as on the first row
        // ('11225' read for 11.225 MT: × 1,195.00 gives 13,413.88 only with the point).
        let repaired = false;
        const rowQuantity = (r: Row): number => {
          const q = firstNumber(cell(r, qtyCol), ctx);
          const p = firstNumber(cell(r, priceCol), ctx);
          const a = firstNumber(cell(r, amountCol), ctx);
          if (!q || !p || !a || withCents(q.raw)) return q?.value ?? 0;
          const [value] = repairPowerOfTen(q.value, p.value, a.value);
          repaired ||= value !== q.value;
          return value ?? q.value;
        };
        const sum = sameUnit.reduce((acc, r) => acc + (r === first ? (qty?.value ?? 0) : rowQuantity(r)), 0);
        quantity = found(Math.round(sum * 1e6) / 1e6, sameUnit.flatMap((r) => firstNumber(cell(r, qtyCol), ctx)?.tokens ?? []), guessed || repaired || qty?.ambiguous ? 0.8 : 0.85);
      }
      const unitTokens = cell(first, unitCol).length ? cell(first, unitCol) : (qty?.tokens ?? []);
      const totalAmount = totalRow ? firstNumber(cell(totalRow, amountCol), ctx) : null;
      return {
        layout,
        table,
        description: descTokens.length ? found(cleanDescription(joinTokens(descTokens)), descTokens, 1) : null,
        quantity,
        unit: unit ? found(unit, unitTokens, 1, unit) : null,
        unitPrice: price ? found(price.value, price.tokens, price.partial ? 0.6 : price.ambiguous ? 0.85 : 1, price.raw) : null,
        amount: totalAmount ? found(totalAmount.value, totalAmount.tokens, 0.9, totalAmount.raw) : items.length === 1 && amount ? found(amount.value, amount.tokens, 0.9, amount.raw) : null,
        lineAmounts: tableAmounts(ctx, pageIndex, rows, cols) ?? [],
      };
    }
  }
  return null;
}

/**
 * The quantity of a goods row whose table has no quantity column: the one number of the row, outside
 * its price and amount cells and not the item's number, whose product with the unit price is the
 * line's amount to the cent; with the unit printed right after it, when one is read.
 */
function quantityByProduct(layout: PageLayout, row: Row, cols: GoodsColumns, ctx: Context): { qty: NonNullable<ReturnType<typeof firstNumber>>; unit: UnitCode | null } | null {
  const price = cols.price ? firstNumber(row.cells.get(cols.price) ?? [], ctx) : null;
  const amount = cols.amount ? firstNumber(row.cells.get(cols.amount) ?? [], ctx) : null;
  if (!price || !amount || price.value <= 0 || amount.value <= 0) return null;
  const taken = new Set([...price.tokens, ...amount.tokens]);
  const line = layout.lines[row.li];
  if (!line) return null;
  const found: { qty: NonNullable<ReturnType<typeof firstNumber>>; unit: UnitCode | null }[] = [];
  for (const seg of line.segments) {
    if (seg.tokens.some((t) => taken.has(t))) continue;
    for (const n of findNumbers(seg.text, ctx.mark)) {
      if (n.value <= 1 || Math.abs(n.value * price.value - amount.value) > 0.011) continue;
      const tokens = tokensIn(seg.tokens, n.index, n.index + n.raw.length);
      // The row's leading item number ('1', '10') is no quantity.
      if (tokens[0] === line.tokens[0] && /^\d{1,3}$/.test(n.raw)) continue;
      const after = seg.text.slice(n.index + n.raw.length).trim().split(/\s+/)[0] ?? '';
      found.push({ qty: { value: n.value, tokens, raw: n.raw, ambiguous: false }, unit: unitIn(after) });
    }
  }
  return found.length === 1 ? found[0]! : null;
}

/**
 * The goods line of a one-line invoice whose table header the reader lost (a scan's faint header
 * row): a description, then a quantity with its unit alone in its cell, and at the line's end the
 * amount the invoice totals — read with less confidence than a table's row.
 */
export function headerlessGoodsRow(ctx: Context, total: number | null): { description: Found; quantity: Found; unit: Found } | null {
  if (total === null || total <= 0) return null;
  const found: { description: Found; quantity: Found; unit: Found }[] = [];
  for (const layout of ctx.layouts) {
    for (const [li, line] of layout.lines.entries()) {
      const segs = line.segments;
      const last = segs[segs.length - 1];
      if (segs.length < 3 || !last) continue;
      const amount = findNumbers(last.text, ctx.mark);
      if (amount.length !== 1 || amount[0]!.raw !== last.text.trim() || !near(amount[0]!.value, total)) continue;
      const desc = segs.find((sg) => sg !== last && isGoodsLine(sg.text.replace(/^\d{1,3}[.)]?\s+/, '')) && (sg.text.match(/\p{L}/gu) ?? []).length >= 8);
      if (!desc || ctx.isLabel(desc)) continue;
      const qty = segs
        .filter((sg) => sg.x0 > desc.x1 && sg !== last)
        .map((sg) => ({ sg, q: findQuantities(sg.text, ctx.mark) }))
        .find(({ sg, q }) => q.length === 1 && q[0]!.raw === sg.text.trim());
      if (!qty) continue;
      const q = qty.q[0]!;
      const base = { tokens: qty.sg.tokens, sure: q.ambiguous ? 0.7 : 0.8, layout, score: 0.7, order: li };
      const descTokens = desc.tokens.filter((t, i) => i > 0 || !/^\d{1,3}[.)]?$/.test(t.text));
      found.push({
        description: { ...base, value: cleanDescription(joinTokens(descTokens)), tokens: descTokens, raw: joinTokens(descTokens) },
        quantity: { ...base, value: q.value, raw: q.raw },
        unit: { ...base, value: q.unit, raw: q.raw },
      });
    }
  }
  // Two such lines and the total is no single line's: not this reading.
  return found.length === 1 ? found[0]! : null;
}

export const cleanDescription = (s: string): string => s.replace(/\s+[|]\s*$/, '').replace(/^[|:\s]+/, '').trim();
