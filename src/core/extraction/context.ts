/**
 * The document context every field rule works from: formats the whole document proves (decimal
 * mark, day/month order), every label found on it, and how labelled values are ranked into fields
 * with their evidence and confidence.
 */
import type { ExtractedField, FieldName, FieldValue } from '../../shared/documents';
import type { DecimalMark } from './grammars/amounts';
import { inferDecimalMark } from './grammars/amounts';
import type { DateOrder } from './grammars/dates';
import { findDates, inferDateOrder } from './grammars/dates';
import { normalisePackageUnit } from './grammars/quantity';
import { LEGAL_FORM } from './grammars/shipping';
import { compactTitle } from './classify';
import { matchLabel } from './label-match';
import type { LabelKey } from './labels';
import { LABELS } from './labels';
import { TITLES_BY_KIND } from './vocabulary/index';
import type { PageLayout, Segment, Token } from './layout';
import { UNREAD_BELOW, joinTokens, unionBBox } from './layout';
import type { ValueCandidate } from './values';
import { valuesFor } from './values';
export type LabelHit = {
  readonly layout: PageLayout;
  readonly segment: Segment;
  readonly key: LabelKey;
  readonly length: number;
  readonly note: string;
  /** Position in reading order across pages, for tie-breaks. */
  readonly order: number;
  /** A label inside a run of text: only the words after it on the segment can be its value. */
  readonly inlineOnly: boolean;
  /** Below 1 for a label inferred rather than read (a party caption placed by the form's order). */
  readonly weight?: number;
};

export type Context = {
  readonly layouts: readonly PageLayout[];
  readonly mark: DecimalMark | null;
  readonly dateOrder: DateOrder;
  readonly dateOrderSure: boolean;
  readonly hits: readonly LabelHit[];
  readonly text: string;
  readonly isLabel: (seg: Segment) => boolean;
};

// Words that qualify a label without changing what it announces.
const QUALIFIERS = /^(amount|total|value|number|incl|excl|inkl|exkl|gross|net|brutto|netto|ttc|due|payable|date|usd|eur|gbp|betrag|montant|importe|valor|importo|bedrag|payment|paiement|zahlung|pago|pagamento|betaling|datum|fecha|data)$/i;

// Qualifiers a one-word label may be followed by and stay a label: gross or net, a currency.
const TRAILING_QUALIFIERS = /^(gross|net|brutto|netto|total|incl|excl|inkl|exkl|ttc|usd|eur|gbp)$/i;

// Labels of the summary block, whose values are amounts.
const FIGURE_LABELS: ReadonlySet<LabelKey> = new Set<LabelKey>(['grand_total', 'total', 'amount_due', 'subtotal', 'tax', 'freight', 'insurance', 'discount', 'handling', 'amount_paid', 'previous_balance']);

/** The label at the start of a segment, if it is one (single-word labels need a colon or a figure). */
export function labelOf(seg: Segment, ocr: boolean): { key: LabelKey; length: number; note: string } | null {
  // Near misses are allowed only where OCR could have made them, and only for a short segment.
  const m = matchLabel(seg.tokens, LABELS, 12, ocr && seg.tokens.length <= 5);
  if (!m) return null;
  // A bilingual label, 'Destinataire / Consignee', 'Chargeur / Shipper': the translation after the
  // slash names the field (a word like 'destinataire' is a buyer on an invoice, a consignee on a B/L).
  if (seg.tokens[m.length]?.text === '/' && seg.tokens.length > m.length + 1) {
    const after = seg.tokens.slice(m.length + 1);
    const second = matchLabel(after, LABELS, 12, ocr && after.length <= 5);
    if (second) {
      const joined = labelOf({ ...seg, tokens: after, text: joinTokens(after), x0: after[0]!.x0 }, ocr);
      // Only a translation read whole ('Port of Discharging' is no 'port' charge): what follows it may
      // be a parenthesis ('(complete name and address)') and nothing else.
      const tail = after.slice(joined?.length ?? 0);
      if (joined && (tail.length === 0 || /^\(/.test(tail[0]!.text))) return { key: joined.key, length: m.length + 1 + joined.length, note: joined.note };
    }
  }
  const labelTokens = seg.tokens.slice(0, m.length);
  const rest = seg.tokens.slice(m.length);
  const colon = labelTokens.some((t) => t.text.endsWith(':')) || rest[0]?.text === ':';
  const words = labelTokens.filter((t) => /\p{L}/u.test(t.text) && !/^\(/.test(t.text));
  // "payable to:", "sent by": a short word in lower case is running text, not a form's label.
  if (words.length === 1 && m.length <= 2 && /^\p{Ll}{1,4}[.:]?$/u.test(words[0]!.text)) return null;
  // "SHIPPER DIRECT", "TO ORDER", "FREIGHT PREPAID": a one-word label followed by words is text —
  // unless on a scan a summary figure's label is followed by a few words the reader could barely
  // make out: the rest of the label under a stamp or smudge ('Total facfy raj' for 'Total factura:'),
  // whose colon went with it. Only where the value must read as an amount, so noise finds none.
  const smudged = ocr && FIGURE_LABELS.has(m.key) && rest.length <= 3 && meanConfidence(rest) < 0.5;
  // A label its qualifier follows ('Gesamtgewicht brutto', 'Betrag netto') is still one.
  const qualified = rest.length <= 2 && rest.every((t) => TRAILING_QUALIFIERS.test(t.text.replace(/[.:()]/g, '')));
  if (rest.length && !colon && words.length <= 1 && !/[\d#]/.test(rest[0]?.text ?? '') && !smudged && !qualified) return null;
  // "DATE DE FACTURE ASSOCIÉE :", "Invoice number of the original:": the known phrase only begins a
  // longer label, whose value is not the field's. Qualifiers ("in USD", "incl. VAT") do not count.
  if (!colon) {
    const upTo = rest.findIndex((t) => t.text.endsWith(':') || t.text === ':');
    const extra = upTo > 0 && upTo <= 3 ? rest.slice(0, upTo + 1) : [];
    const longer = extra.every((t) => /^\p{L}+[.:]?$/u.test(t.text.replace(/:$/, '') || 'x')) && extra.some((t) => t.text.replace(/[.:]/g, '').length >= 4 && !QUALIFIERS.test(t.text.replace(/[.:]/g, '')));
    if (extra.length && longer) return null;
  }
  return { key: m.key, length: m.length, note: m.note };
}

/**
 * Box headings printed side by side close enough to make one segment ('Shipper (complete name and
 * address)   Consignee'): split where a wider than word gap (1.2 em) is followed by a label, so each
 * heading is a label of its own with its values below it. The em is the headings' own when they are
 * printed smaller than the page's text (a form's box captions in a 6-point font).
 */
function labelPieces(seg: Segment, layout: PageLayout): Segment[] {
  const { em } = layout;
  const ocr = layout.method === 'ocr';
  const cuts: number[] = [];
  const heights = seg.tokens.map((t) => t.y1 - t.y0).sort((a, b) => a - b);
  const unit = Math.min(em, heights[heights.length >> 1] ?? em);
  // Captions crammed into ruled boxes can touch ('Port of Loading Puerto de descarga / Port of
  // Discharge'): a caption also starts where a value on the row below starts, a column's left edge.
  let columns: number[] | undefined;
  const columnAt = (x: number): boolean => {
    columns ??= layout.lines
      .filter((l) => l.y0 > seg.y0 + unit * 0.5 && l.y0 - seg.y1 < em * 2)
      .flatMap((l) => l.segments.filter((o) => !labelOf(o, ocr)).map((o) => o.x0));
    return columns.some((c) => Math.abs(c - x) <= unit * 0.6);
  };
  // A bilingual caption whose first half a scan garbled ('Gemi Adı | Vessel Name' read 'Grom Vessel
  // Name'): a caption of two words or more closing the segment, after a word or two that read as no
  // caption, on a line of captions (no figure), starts where it starts.
  let opensWithLabel: boolean | undefined;
  const captionTail = (i: number): boolean => {
    if (!ocr || i > 2 || /\d/.test(seg.text)) return false;
    opensWithLabel ??= matchLabel(seg.tokens, LABELS, 12, ocr) !== null;
    if (opensWithLabel) return false;
    const m = matchLabel(seg.tokens.slice(i), LABELS, 12, ocr);
    return m !== null && m.length >= 2 && i + m.length === seg.tokens.length;
  };
  for (let i = 1; i < seg.tokens.length; i++) {
    const gap = seg.tokens[i]!.x0 - seg.tokens[i - 1]!.x1;
    const next = gap >= unit * 1.2 || columnAt(seg.tokens[i]!.x0) || captionTail(i) ? matchLabel(seg.tokens.slice(i), LABELS, 12, ocr) : null;
    if (!next) continue;
    // Never inside a label the piece opens with that its colon closes, at a shorter one it holds
    // ('Faktura nr:' in a wide monospaced font, whose 'nr:' a label could also begin).
    const from = cuts[cuts.length - 1] ?? 0;
    const opening = matchLabel(seg.tokens.slice(from), LABELS, 12, ocr);
    const end = opening ? from + opening.length : 0;
    if (opening && i + next.length <= end && (seg.tokens[end - 1]!.text.endsWith(':') || seg.tokens[end]?.text === ':')) continue;
    cuts.push(i);
  }
  if (!cuts.length) return [seg];
  return [0, ...cuts].map((from, k) => {
    const tokens = seg.tokens.slice(from, cuts[k] ?? seg.tokens.length);
    return { ...seg, tokens, text: joinTokens(tokens), x0: tokens[0]!.x0, x1: tokens[tokens.length - 1]!.x1 };
  });
}

const PARTY_KEYS: ReadonlySet<LabelKey> = new Set<LabelKey>(['buyer', 'seller', 'consignee', 'shipper', 'notify', 'ship_to', 'exporter', 'beneficiary']);

/**
 * 'Comprador  Gulf Coast Trading Inc.' over '118 Wilshire Boulevard': a one-word party label with
 * no colon, followed by words that start the column the next line continues — the party's name,
 * not running text ('SHIPPER DIRECT', 'TO ORDER' have no address aligned under their second word).
 */
function partyLabelBesideColumn(seg: Segment, layout: PageLayout): { key: LabelKey; length: number; note: string } | null {
  const m = matchLabel(seg.tokens, LABELS, 12);
  if (!m || m.length !== 1 || !PARTY_KEYS.has(m.key) || seg.tokens.length < 3) return null;
  const first = seg.tokens[1]!;
  if (!/^\p{Lu}/u.test(first.text)) return null;
  const next = layout.lines[seg.line + 1];
  if (!next || next.y0 - seg.y1 > layout.em * 2) return null;
  // An address line may open with a house number ('No. 152 Lujiang Road'): no label of its own.
  const under = (x: number): boolean => next.segments.some((o) => Math.abs(o.x0 - x) <= layout.em * 0.5 && (labelOf(o, layout.method === 'ocr')?.key ?? 'doc_no') === 'doc_no');
  const underName = under(first.x0);
  if (first.x0 - seg.tokens[0]!.x1 >= layout.em * 0.5 && underName) return { key: m.key, length: 1, note: m.note };
  // 'Rechnungsempfänger Cascade Foods LLC' over '27 Doremus Avenue': the label and a company's name
  // one space apart, its address under the name or under the label. A long label word and a legal
  // form are asked for ('SHIPPER DIRECT', 'TO ORDER OF …' are neither).
  const name = joinTokens(seg.tokens.slice(1));
  const label = seg.tokens[0]!.text.replace(/[^\p{L}]/gu, '');
  return label.length >= 5 && LEGAL_FORM.test(name) && (underName || under(seg.tokens[0]!.x0)) ? { key: m.key, length: 1, note: m.note } : null;
}

/** A party box's caption note, whatever party word precedes it: '(complete name and address)'. */
const PARTY_CAPTION = /[({]\s*complete\s+name\b|\bname\s+and\s+address\s*\)?\s*$/i;
const FORM_ORDER: readonly LabelKey[] = ['shipper', 'consignee', 'notify'];

/**
 * Bills of lading print their parties' boxes in one order — shipper, consignee, notify party — each
 * captioned '(complete name and address)'. A caption whose party word a scan garbled ('Ehippes
 * {complete name and address)') is the box that order leaves for it, between the captions that
 * were read; inferred, so it weighs less than a caption read.
 */
function placedCaptions(hits: readonly LabelHit[], unread: readonly { layout: PageLayout; segment: Segment; order: number }[]): LabelHit[] {
  if (!unread.length) return [];
  const read = hits.filter((h) => !h.inlineOnly && FORM_ORDER.includes(h.key));
  const present = new Set(read.map((h) => h.key));
  const placed: LabelHit[] = [];
  // Between two captions read (or the start and end of the document), the unread captions take the
  // keys the order leaves there — only when they are exactly as many, so none is a guess.
  const sorted = [...read].sort((a, b) => a.order - b.order);
  const edges = [{ at: -Infinity, key: -1 }, ...sorted.map((h) => ({ at: h.order, key: FORM_ORDER.indexOf(h.key) })), { at: Infinity, key: FORM_ORDER.length }];
  for (let e = 0; e + 1 < edges.length; e++) {
    const [lo, hi] = [edges[e]!, edges[e + 1]!];
    const inside = unread.filter((u) => u.order > lo.at && u.order < hi.at).sort((a, b) => a.order - b.order);
    const keys = FORM_ORDER.slice(lo.key + 1, Math.max(lo.key + 1, hi.key)).filter((k) => !present.has(k));
    if (!inside.length || inside.length !== keys.length) continue;
    inside.forEach(({ layout, segment, order }, k) => placed.push({ layout, segment, key: keys[k]!, length: segment.tokens.length, note: '', order, inlineOnly: false, weight: 0.9 }));
  }
  return placed;
}

export function context(layouts: readonly PageLayout[]): Context {
  const lines = layouts.flatMap((l) => l.lines);
  const text = lines.map((l) => l.text).join('\n');
  const mark = inferDecimalMark(
    lines.flatMap((l) => l.segments.map((s) => s.text)),
    (word) => normalisePackageUnit(word) !== null,
  );
  const dates = lines.flatMap((l) => l.segments.flatMap((s) => findDates(s.text)));
  const { order, sure } = inferDateOrder(dates);
  const hits: LabelHit[] = [];
  const unread: { layout: PageLayout; segment: Segment; order: number }[] = [];
  // Document titles in large print ("FACTURE") met as invoice-number labels: neither labels nor values.
  const titles = new Set<Token>();
  let n = 0;
  for (const layout of layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments.flatMap((whole) => labelPieces(whole, layout))) {
        // Labels inside a run of text ("…netto, fällig am 08.05.2026", "SWIFT: X Account No.: Y"):
        // after a comma, semicolon or dash, or ending with a colon. Each one's value ends at the next.
        const starts: { at: number; m: { key: LabelKey; length: number; note: string } }[] = [];
        const m0 = labelOf(seg, layout.method === 'ocr') ?? partyLabelBesideColumn(seg, layout);
        if (m0) starts.push({ at: 0, m: m0 });
        else if (seg.tokens.length <= 8 && PARTY_CAPTION.test(seg.text)) unread.push({ layout, segment: seg, order: n });
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
          // A document's title ("FAKTURA", "FACTURA" in large print) names the document, not a box:
          // alone on its line it is no label whose value lies lines below, in another box.
          if (whole && m.key === 'invoice_no' && m.length === 1 && seg.tokens.length === 1 && isTitlePrint(seg, layout)) {
            titles.add(seg.tokens[0]!);
            return;
          }
          const tokens = seg.tokens.slice(at, end);
          const part: Segment = whole ? seg : { ...seg, tokens, text: joinTokens(tokens), x0: tokens[0]?.x0 ?? seg.x0, x1: tokens[tokens.length - 1]?.x1 ?? seg.x1 };
          hits.push({ layout, segment: part, key: m.key, length: m.length, note: m.note, order: n + at / 100, inlineOnly: !whole });
        });
        n++;
      }
    }
  }
  hits.push(...placedCaptions(hits, unread));
  // A recipient's label inside a payment block ('Zahlungsempfänger' over 'Empfänger Lindner GmbH',
  // 'Kreditinstitut …', 'IBAN …') names whom the money goes to — the beneficiary, not the buyer.
  for (let i = 0; i < hits.length; i += 1) {
    const hit = hits[i]!;
    if ((hit.key === 'consignee' || hit.key === 'buyer') && inPaymentBlock(hit, hits)) hits[i] = { ...hit, key: 'beneficiary' };
  }
  // "DATE: 10-APR-26" or "No. 123" inside a box is a value under the box's title, not a new box.
  const ocrSegments = new Set(layouts.filter((l) => l.method === 'ocr').flatMap((l) => l.lines.flatMap((line) => line.segments)));
  const isLabel = (seg: Segment): boolean => {
    // Nor does a title claim the value under it (a box's number printed below 'FACTURE').
    if (seg.tokens.length === 1 && titles.has(seg.tokens[0]!)) return false;
    const m = labelOf(seg, ocrSegments.has(seg));
    if (m && (m.key === 'date' || m.key === 'doc_no') && m.length < seg.tokens.length) return false;
    return m !== null || (/:\s*$/.test(seg.text) && seg.tokens.length <= 6);
  };
  return { layouts, mark, dateOrder: order, dateOrderSure: sure, hits, text, isLabel };
}


const PAYMENT_KEYS: ReadonlySet<LabelKey> = new Set<LabelKey>(['beneficiary', 'iban', 'account_no']);

/**
 * Whether a party label stands in a payment block: a beneficiary caption right above it, or two
 * lines of account details (IBAN, account number) right under it, in its column.
 */
function inPaymentBlock(hit: LabelHit, hits: readonly LabelHit[]): boolean {
  const { layout, segment } = hit;
  const column = (h: LabelHit): boolean => h.layout === layout && Math.abs(h.segment.x0 - segment.x0) <= layout.em * 1.5;
  const above = hits.some((h) => h.key === 'beneficiary' && column(h) && h.segment.line < segment.line && segment.line - h.segment.line <= 1);
  const bank = new Set(hits.filter((h) => PAYMENT_KEYS.has(h.key) && h.key !== 'beneficiary' && column(h) && h.segment.line > segment.line && h.segment.line - segment.line <= 3).map((h) => h.segment.line));
  return above || bank.size >= 2;
}

/** Print at least this many times the page's body height is a title's. */
const TITLE_EMS = 1.6;
// An invoice's titles in compact form ('faktura', 'facture', 'rechnung'): a label with a number word ('BelegNr.') is none.
const INVOICE_TITLES: ReadonlySet<string> = new Set(TITLES_BY_KIND.invoice.map(compactTitle));
const isTitlePrint = (seg: Segment, layout: PageLayout): boolean => INVOICE_TITLES.has(compactTitle(seg.text)) && seg.tokens.every((t) => t.y1 - t.y0 >= TITLE_EMS * layout.em);

/** A value read for a field, with the tokens it came from and how sure the reading is. */
export type Reading = {
  readonly value: FieldValue;
  readonly tokens: readonly Token[];
  readonly sure: number;
  readonly raw?: string;
  /** Why a person should look although the text was read as printed (see ExtractedField.ambiguity). */
  readonly ambiguity?: string;
  /**
   * The value passed a check of its own (an IBAN's mod 97, which no single misread character
   * passes): its words' OCR confidence does not take it below 0.9 of its score.
   */
  readonly checked?: boolean;
};

export type Found = Reading & { readonly layout: PageLayout; readonly score: number; readonly order: number };

/** Reads a candidate as a field's value; `hit` is the label it belongs to (absent for free text). */
export type Parse = (cand: ValueCandidate, ctx: Context, hit?: LabelHit) => Reading | null;

/** The tokens covering characters [start, end) of `joinTokens(tokens)`. */
export function tokensIn(tokens: readonly Token[], start: number, end: number): Token[] {
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
export function fromLabels(ctx: Context, keys: Partial<Record<LabelKey, number>>, parse: Parse, maxBelow = 4, rightGapEm?: number): Found | null {
  const ranked = rankLabelled(ctx, keys, parse, maxBelow, rightGapEm);
  const best = ranked[0];
  if (!best) return null;
  // Two labels of the field giving different values nearly as convincingly: the page disagrees
  // with itself (or OCR misread a label), and the value is less certain.
  const rival = ranked.find((r) => JSON.stringify(r.value) !== JSON.stringify(best.value) && rankOf(r) >= rankOf(best) * 0.85);
  return rival ? { ...best, score: best.score * 0.85 } : best;
}

/** Every labelled reading of a field, best first. */
export function rankLabelled(ctx: Context, keys: Partial<Record<LabelKey, number>>, parse: Parse, maxBelow = 4, rightGapEm?: number): Found[] {
  const all: Found[] = [];
  for (const hit of ctx.hits) {
    const base = keys[hit.key];
    if (base === undefined) continue;
    // A one-word label without a colon ("Due", "Date") is the likeliest to be a misread or a word of
    // running text; a phrase or a colon says "label" more surely.
    const labelTokens = hit.segment.tokens.slice(0, hit.length);
    const strength = (hit.weight ?? 1) * (hit.length >= 2 || labelTokens.some((t) => t.text.endsWith(':')) || hit.segment.tokens[hit.length]?.text === ':' ? base : base * 0.96);
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
      // A caption of a neighbouring box run into this one ('Port of Lading Port of Discharge') is no
      // value: a label phrase of two words or more, whole or opening the text beside the label.
      const caption = cand.tokens.length >= 2 ? (matchLabel(cand.tokens, LABELS)?.length ?? 0) : 0;
      if (caption >= 2 && (caption === cand.tokens.length || cand.placement === 'inline')) continue;
      const r = parse(cand, ctx, hit);
      if (!r) continue;
      // Words the reader could barely make out are noise, not a value to offer (unless the value passed its own check).
      if (!r.checked && meanConfidence(r.tokens) < 0.25) continue;
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

export const rankOf = (f: Found): number => f.score * meanConfidence(f.tokens);

export const meanConfidence = (tokens: readonly Token[]): number => (tokens.length ? tokens.reduce((s, t) => s + t.confidence, 0) / tokens.length : 0);

/**
 * How far a reader's own word confidence lowers a value's. Tesseract's word confidence is not a
 * probability: words it scores 0.85 and above were read right as often as a text layer on the
 * development corpora, so they cost nothing; below that the cost grows quickly (0.75 → 0.9,
 * 0.6 → 0.74, 0.45 → 0.55). A text layer's words are 1.
 */
export function readerFactor(wordConf: number): number {
  if (wordConf >= 0.85) return 1;
  return Math.max(0, Math.min(1, Math.sqrt(Math.max(0, wordConf - UNREAD_BELOW) / 0.55)));
}

/** What a value that passed its own check keeps of its score however poorly its words were read. */
const CHECKED_FACTOR = 0.9;

/** Turns a reading into the field with its evidence. */
export function toField(found: Found | null): ExtractedField | undefined {
  if (!found || !found.tokens.length) return undefined;
  const { layout } = found;
  // The weakest word decides: one misread word in a name is a wrong name, however sure the rest.
  const wordConf = Math.min(...found.tokens.map((t) => t.confidence));
  const factor = found.checked ? Math.max(CHECKED_FACTOR, readerFactor(wordConf)) : readerFactor(wordConf);
  return {
    value: found.value,
    raw: found.raw ?? joinTokens(found.tokens),
    confidence: Math.round(Math.max(0, Math.min(1, found.score * factor)) * 100) / 100,
    page: layout.n,
    bbox: unionBBox(found.tokens),
    method: layout.method,
    ...(found.ambiguity ? { ambiguity: found.ambiguity } : {}),
  };
}


export type Fields = Partial<Record<FieldName, ExtractedField>>;

export const set = (fields: Fields, name: FieldName, found: Found | null): void => {
  const f = toField(found);
  if (f) fields[name] = f;
};

/** A found value with no label behind it, scored by how sure the rule is. */
export const unlabelled = (layout: PageLayout, tokens: readonly Token[], value: FieldValue, score: number, raw?: string): Found => ({
  value,
  tokens,
  sure: 1,
  layout,
  score,
  order: 0,
  ...(raw !== undefined ? { raw } : {}),
});

export const near = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(0.011, Math.abs(b) * 1e-6);
