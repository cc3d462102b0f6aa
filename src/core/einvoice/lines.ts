/**
 * An invoice's lines (BG-25) summed up as the canonical fields read them: what was sold, how much,
 * in which unit and at what price. One line gives its own values; several give the names of their
 * goods, their quantity added up when every line counts in one unit, and a unit price only when
 * every line has the same one.
 */
import type { FieldSink } from './values';
import { unitFromCode } from './values';

/** One invoice line as read from either syntax, with where each value stands. */
export type LineReading = {
  readonly path: string;
  readonly name: { readonly text: string; readonly path: string } | null;
  readonly quantity: { readonly value: number; readonly raw: string; readonly unitCode: string | null; readonly path: string } | null;
  /** The net price per one unit (BT-146 ÷ BT-149), with the price element's path. */
  readonly unitPrice: { readonly value: number; readonly raw: string; readonly path: string } | null;
};

const round = (n: number, digits = 6): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Sets goods_description, quantity, quantity_unit and unit_price from the lines. */
export function setLineFields(sink: FieldSink, lines: readonly LineReading[], linesPath: string): void {
  if (lines.length === 0) return;
  if (lines.length === 1) {
    const [line] = lines as [LineReading];
    if (line.name) sink.set('goods_description', line.name.text, line.name.text, line.name.path);
    if (line.quantity) {
      sink.set('quantity', line.quantity.value, line.quantity.raw, line.quantity.path);
      if (line.quantity.unitCode) sink.set('quantity_unit', unitFromCode(line.quantity.unitCode), line.quantity.unitCode, `${line.quantity.path}/@unitCode`);
    }
    if (line.unitPrice) sink.set('unit_price', line.unitPrice.value, line.unitPrice.raw, line.unitPrice.path);
    return;
  }
  // A value of every line is named by the path without the line's index: `/Invoice/cac:InvoiceLine/cbc:InvoicedQuantity`.
  const across = (line: LineReading, path: string): string => `${linesPath}${path.slice(line.path.length)}`;
  const first = lines[0]!;
  const names = [...new Set(lines.map((l) => l.name?.text).filter((n): n is string => n !== undefined))];
  if (names.length > 0 && first.name) sink.set('goods_description', names.join('; '), names.join('; '), across(first, first.name.path));
  const units = new Set(lines.map((l) => (l.quantity?.unitCode ? unitFromCode(l.quantity.unitCode) : null)));
  if (first.quantity && lines.every((l) => l.quantity) && units.size === 1) {
    const total = round(lines.reduce((sum, l) => sum + (l.quantity?.value ?? 0), 0));
    sink.set('quantity', total, lines.map((l) => l.quantity?.raw).join(' + '), across(first, first.quantity.path));
    const unit = [...units][0];
    if (unit && first.quantity.unitCode) sink.set('quantity_unit', unit, first.quantity.unitCode, `${across(first, first.quantity.path)}/@unitCode`);
  }
  const prices = new Set(lines.map((l) => l.unitPrice?.value ?? null));
  if (prices.size === 1 && first.unitPrice) sink.set('unit_price', first.unitPrice.value, first.unitPrice.raw, across(first, first.unitPrice.path));
}
