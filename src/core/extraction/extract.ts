/**
 * Field extraction without per-issuer templates: labels found by vocabulary, values found by form
 * geometry (after the label, to its right, or below it in its cell) and accepted only when the
 * field's grammar reads them; line items from table columns. Every value carries the evidence
 * (raw text, page, box, method) and a confidence that combines the reader's word confidence with
 * how sure the label, the geometry and the grammar are. Fields that are not found are left out.
 */
import type { BBox, DocumentKind, Extraction, PageText } from '../../shared/documents';
import { extractBillOfLading } from './bill-of-lading';
import { classify } from './classify';
import { context } from './context';
import type { Context } from './context';
import { extractInvoice } from './invoice';
import { joinTokens, layoutPage, unionBBox } from './layout';
import type { PageLayout } from './layout';
import { lineItems } from './line-items';
import type { Item } from './line-items';
import { summaryEntries } from './summary';
import { findAmounts } from './grammars/amounts';
import { noisePage } from './legibility';

/** An item row's amount as printed in an invoice's goods table, and where it stands. */
export type LineAmount = {
  readonly amount: number;
  readonly text: string;
  readonly page: number;
  readonly bbox: BBox | null;
  /** The row's quantity and unit price, when printed. */
  readonly quantity: number | null;
  readonly unitPrice: number | null;
  /** The lowest reading confidence among the row's figures (OCR words; 1 on a text layer). */
  readonly confidence: number;
};

type InvoiceReading = { readonly layouts: readonly PageLayout[]; readonly ctx: Context; readonly item: Item | null };

// The check signals read an invoice's goods table and summary three ways from the same pages: laid
// out and read once.
const readings = new WeakMap<readonly PageText[], InvoiceReading>();

function readInvoice(pages: readonly PageText[]): InvoiceReading {
  let reading = readings.get(pages);
  if (!reading) {
    const layouts = pages.map((p) => layoutPage(p));
    const ctx = context(layouts);
    readings.set(pages, (reading = { layouts, ctx, item: lineItems(ctx) }));
  }
  return reading;
}

/**
 * The amounts of an invoice's line items, read from the amount column of its goods table; empty
 * when there is no such column, a row prints no amount, or the table may go on past these pages.
 */
export function invoiceLineAmounts(pages: readonly PageText[]): LineAmount[] {
  const { item } = readInvoice(pages);
  if (!item) return [];
  return item.lineAmounts.map((a) => ({ amount: a.value, text: joinTokens(a.tokens), page: a.page, bbox: unionBBox(a.tokens), quantity: a.quantity, unitPrice: a.unitPrice, confidence: a.confidence }));
}

/**
 * The money figures printed in the right part of an invoice below its goods table (the whole page
 * when there is none): where summary lines stand. The checks use them to tell a total that does not
 * add up from a summary line that simply was not read.
 */
export function invoiceSummaryFigures(pages: readonly PageText[]): number[] {
  const { layouts, ctx, item } = readInvoice(pages);
  const out = new Set<number>();
  for (const layout of layouts) {
    // Below the goods lines read (the table may run on through the summary block when no totals row
    // closes it), else below the table.
    const lineBottoms = item && item.layout === layout ? item.lineAmounts.filter((a) => a.page === layout.n).flatMap((a) => a.tokens.map((t) => t.y1)) : [];
    const below =
      item && item.layout === layout ? (lineBottoms.length > 0 ? Math.max(...lineBottoms) : (layout.lines[item.table.rows.at(-1) ?? item.table.headerEnd]?.y1 ?? 0)) : 0;
    for (const line of layout.lines) {
      if (line.y0 < below) continue;
      for (const seg of line.segments) {
        if (seg.x1 < layout.width * 0.45) continue;
        // A discount printed as a negative figure ('(1532,02)', '-1.532,02') counts by its size.
        for (const a of findAmounts(seg.text, ctx.mark)) if (a.value !== 0) out.add(Math.abs(a.value));
      }
    }
  }
  return [...out].slice(0, 60);
}

/** OCR's confidence below which a word beside a summary label may be a figure it could not read. */
const UNSURE_WORD = 0.5;

/** Summary lines that add to or take from the total (and tax), by their label key. */
const SUMMARY_CHARGE_KEYS: ReadonlySet<string> = new Set(['freight', 'insurance', 'discount', 'handling', 'tax']);

/**
 * Labels of summary lines printed below an invoice's goods table whose figure was not read ("Less
 * Discount" beside a figure OCR garbled): the checks say so rather than fail a sum one line short.
 */
export function invoiceUnreadSummaryLines(pages: readonly PageText[]): string[] {
  const { ctx, item } = readInvoice(pages);
  const read = new Set(summaryEntries(ctx, item).map((e) => e.order));
  const out: string[] = [];
  for (const hit of ctx.hits) {
    if (!SUMMARY_CHARGE_KEYS.has(hit.key) || read.has(hit.order)) continue;
    const layout = hit.layout;
    // A text layer reads every figure it prints: a line without one there ("Freight: prepaid") has none.
    if (layout.method !== 'ocr') continue;
    const below = item && item.layout === layout ? (layout.lines[item.table.headerEnd]?.y1 ?? 0) : 0;
    if (hit.segment.y0 < below || hit.segment.x0 < layout.width * 0.35) continue;
    // The line holds no figure at all: a figure printed beside the label would have been read.
    const line = layout.lines.find((l) => l.segments.includes(hit.segment));
    const tail = [...hit.segment.tokens.slice(hit.length), ...(line ? line.segments.filter((seg) => seg.x0 > hit.segment.x0).flatMap((seg) => seg.tokens) : [])];
    if (findAmounts(joinTokens(tail), ctx.mark).length > 0) continue;
    // What stands beside the label was read with confidence: words ("Freight: prepaid"), not a smudged figure.
    if (tail.some((t) => t.confidence >= UNSURE_WORD)) continue;
    out.push(joinTokens(hit.segment.tokens.slice(0, hit.length)));
  }
  return [...new Set(out)].slice(0, 10);
}

/** Extracts the canonical fields of a document's kind (classified, or given by a person). */
export function extractDocument(pages: readonly PageText[], kindOverride?: DocumentKind): Extraction {
  // Pages OCR could not read (noise, a picture) are no evidence of any kind: labels fuzzily "found"
  // among hundreds of guessed marks would make an invoice, with fields read from the guesses.
  if (!kindOverride && pages.length > 0 && pages.every(noisePage)) return { kind: 'other', kindScore: 0.5, fields: {} };
  const layouts = pages.map((p) => layoutPage(p));
  const classification = classify(layouts);
  const kind = kindOverride ?? classification.kind;
  const kindScore = kindOverride ? 1 : classification.score;
  if (kind === 'other') return { kind, kindScore, fields: {} };
  const ctx = context(layouts);
  const fields = kind === 'invoice' ? extractInvoice(ctx) : extractBillOfLading(ctx);
  return { kind, kindScore, fields };
}

