/**
 * Document classification: invoice, bill of lading or other, from the title (a large or upper-case
 * line near the top of the first page weighs most), the labels found on the document (in any of
 * the vocabulary's languages), and a few phrases only one kind prints. A pro-forma invoice is an
 * invoice (the pro-forma flag is a later check); a receipt is a paid invoice and reads as one;
 * packing lists, certificates, orders and the like are `other`.
 */
import type { DocumentKind } from '../../shared/documents';
import { foldLetters, matchLabel } from './label-match';
import type { LabelKey } from './labels';
import { LABELS } from './labels';
import type { PageLayout, Segment } from './layout';
import { joinTokens } from './layout';
import { TITLES_BY_KIND } from './vocabulary/index';

/** The kind with a score 0–1 and the evidence that decided it (for the review screen and tests). */
export type Classification = {
  readonly kind: DocumentKind;
  readonly score: number;
  readonly evidence: readonly string[];
};

/** A title or segment in compact form: letters of any script only (so letter-spaced titles count). */
export const compactTitle = (s: string): string => foldLetters(s.toLowerCase()).replace(/[^\p{L}/]/gu, '');

// Other kinds first: "Commercial invoice and packing list" is a packing list's title only when the
// packing-list words are most of it, which the share test below decides.
const ORDER: readonly DocumentKind[] = ['other', 'bill_of_lading', 'invoice'];
const TITLES: readonly (readonly [DocumentKind, readonly string[]])[] = ORDER.map((kind) => [
  kind,
  [...new Set(TITLES_BY_KIND[kind].map(compactTitle))].sort((a, b) => b.length - a.length),
]);

/** What each label says about the kind, and how much: labels only one kind prints weigh most. */
const LABEL_WEIGHTS: Readonly<Partial<Record<LabelKey, readonly [DocumentKind, number]>>> = {
  invoice_no: ['invoice', 1.5],
  invoice_no_date: ['invoice', 1.5],
  invoice_date: ['invoice', 1],
  due_date: ['invoice', 0.8],
  grand_total: ['invoice', 1.2],
  total: ['invoice', 0.8],
  amount_due: ['invoice', 1.2],
  subtotal: ['invoice', 0.8],
  tax: ['invoice', 0.6],
  unit_price: ['invoice', 0.6],
  iban: ['invoice', 0.5],
  buyer: ['invoice', 0.6],
  amount_paid: ['invoice', 0.5],
  discount: ['invoice', 0.3],
  order_ref: ['invoice', 0.2],
  shipper: ['bill_of_lading', 0.8],
  consignee: ['bill_of_lading', 0.5],
  notify: ['bill_of_lading', 1],
  vessel: ['bill_of_lading', 0.8],
  vessel_voyage: ['bill_of_lading', 1],
  voyage: ['bill_of_lading', 0.4],
  pol: ['bill_of_lading', 0.8],
  pod: ['bill_of_lading', 0.8],
  on_board_date: ['bill_of_lading', 1.5],
  bl_no: ['bill_of_lading', 1],
  carrier: ['bill_of_lading', 0.6],
  place_date_issue: ['bill_of_lading', 0.5],
};

// Phrases only one kind prints, whatever the labels.
const KEYWORDS: readonly (readonly [DocumentKind, RegExp, number])[] = [
  ['invoice', /\b(amount in words|say:|amount chargeable|thank you for your business|payment terms|terms of payment|zahlungsziel|remit to)\b/i, 0.6],
  ['invoice', /\b(net \d+|\d+ days net|zahlbar innerhalb|payable within|à \d+ jours)\b/i, 0.5],
  // Receipts: what a till prints.
  ['invoice', /\b(cash|change due|visa|mastercard|amex|debit card|credit card|tip|gratuity|card payment|espèces|efectivo|bar|kartenzahlung|tarjeta|carte bancaire)\b/i, 0.5],
  // Its words may fall on two line chains of a scan ('SHIPPED' a few pixels below 'ON BOARD').
  ['bill_of_lading', /\bshipped\s+on\s+board\b|\bladen\s+on\s+board\b|\bon\s+board\s+date\b/i, 1.5],
  ['bill_of_lading', /\b(number of original|original b\(?s\)?\/l|bs\/l)\b/i, 1.5],
  // As a scan may read them: 'FREIGHT PREPATD', "SHIDPER'S LOAD".
  ['bill_of_lading', /\b(freight prepa\w{1,3}|freight collect|freight payable|freight charges? terms)\b/i, 0.8],
  ['bill_of_lading', /\b(description of packages and goods|container no\.?\s?\/\s?seal|marks (and|&) n(o|umber)s?\.?\s?\/\s?container)/i, 0.8],
  ['bill_of_lading', /\b(place of receipt|place of delivery|pre-?carriage)\b/i, 0.6],
  ['bill_of_lading', /\b(as agents? (only|for)|master)\b/i, 0.4],
  ['bill_of_lading', /\b(said to contain|shi\w{1,2}er'?s load|s\.t\.c\.|stc|nmfc|handling units?|seal number|trailer number|scac)\b/i, 1],
  ['other', /\b(net wt|gross wt|packing details|no\. of bags|carton no)\b/i, 0.3],
  ['other', /\b(certify|certified|hereby certif)/i, 0.5],
];

/**
 * Words that qualify a title without naming another kind ("NON-NEGOTIABLE BILL OF LADING", "ORIGINAL
 * INVOICE", "OCEAN BILL OF LADING — COPY"): left out before asking whether a title is most of its line.
 */
const TITLE_QUALIFIERS =
  /\b(non[-\s]?negotiable|not negotiable|negotiable|original|copy|copie|kopie|copia|draft|ocean|marine|port[-\s]to[-\s]port|duplicate|triplicate|quadruplicate|provisional)\b/giu;

/** The best title on the first page: a short line near the top that is mostly a kind's title. */
function title(first: PageLayout): { kind: DocumentKind; weight: number; text: string } | null {
  const top = first.lines.filter((l) => l.y1 <= first.height * 0.35);
  const ocr = first.method === 'ocr';
  let best: { kind: DocumentKind; weight: number; text: string } | null = null;
  for (const [li, line] of top.entries()) {
    for (const seg of [...line.segments, ...spacedTitles(line), ...splitTitles(line, top[li + 1], first.em)]) {
      // A label with its value ("INVOICE NO.: 202506856" in a B/L's goods block) is a field, not a title.
      const label = matchLabel(seg.tokens, LABELS, 8, false);
      if (label && seg.tokens.slice(label.length).some((t) => /\d/.test(t.text))) continue;
      const c = compactTitle(seg.text.replace(TITLE_QUALIFIERS, ' '));
      if (c.length > 40 || c.length < 2) continue;
      const size = (seg.y1 - seg.y0) / (first.em || 1);
      const upper = seg.text === seg.text.toUpperCase();
      const high = 1 - seg.y0 / (first.height * 0.35);
      const weight = 2 + Math.min(2, Math.max(0, size - 1) * 2) + (upper ? 0.5 : 0) + high;
      for (const [kind, titles] of TITLES) {
        // The title must be most of the segment, not a phrase inside a sentence; a title OCR cut
        // short ("FACTUR") still counts, a little less.
        const whole = titles.find((t) => c.includes(t) && t.length >= c.length * 0.6);
        const cut = !whole && c.length >= 5 ? titles.find((t) => t.startsWith(c) && c.length >= t.length * 0.75) : undefined;
        // On a scan, a long title with a letter or two misread ("BILL DF TADING") still counts, a little less.
        const misread = !whole && !cut && ocr ? titles.find((t) => t.length >= 10 && t.length >= c.length * 0.6 && withinEdits(c, t, Math.floor(t.length / 6))) : undefined;
        const w = whole ? weight : cut || misread ? weight * 0.8 : 0;
        if (w > 0 && (!best || w > best.weight)) best = { kind, weight: w, text: seg.text };
        if (w > 0) break;
      }
    }
  }
  return best;
}

/**
 * A large title whose words the page's gap for body text split ('BILL' | 'OF LADING', a word box OCR
 * drew narrower than its letters): two or three neighbouring segments of one line, each apart by
 * under twice the taller one's height, as one segment.
 */
function spacedTitles(line: PageLayout['lines'][number]): Segment[] {
  const out: Segment[] = [];
  const segments = line.segments;
  for (let i = 0; i + 1 < segments.length; i += 1) {
    let joined = segments[i]!;
    for (let j = i + 1; j < Math.min(segments.length, i + 3); j += 1) {
      const next = segments[j]!;
      if (next.x0 - joined.x1 > 2 * Math.max(joined.y1 - joined.y0, next.y1 - next.y0)) break;
      const tokens = [...joined.tokens, ...next.tokens];
      joined = { ...joined, tokens, text: joinTokens(tokens), x1: next.x1, y0: Math.min(joined.y0, next.y0), y1: Math.max(joined.y1, next.y1) };
      out.push(joined);
    }
  }
  return out;
}

/**
 * A title a scan's reader split into two line chains ('BILL' and 'OF LADING' a few pixels apart on
 * a skewed page): a segment and one of the next line's it overlaps or nearly touches, as one segment.
 */
function splitTitles(line: PageLayout['lines'][number], next: PageLayout['lines'][number] | undefined, em: number): Segment[] {
  if (!next) return [];
  const out: Segment[] = [];
  for (const a of line.segments) {
    for (const b of next.segments) {
      // One visual line: the two overlap vertically (a caption over its value does not).
      const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (overlap < 0.3 * Math.min(a.y1 - a.y0, b.y1 - b.y0) || Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1) > em * 2) continue;
      const tokens = [...a.tokens, ...b.tokens].sort((p, q) => p.x0 - q.x0);
      // Its height is its letters', not the span of the two chains.
      const [y0, y1] = a.y1 - a.y0 >= b.y1 - b.y0 ? [a.y0, a.y1] : [b.y0, b.y1];
      out.push({ ...a, tokens, text: joinTokens(tokens), x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1), y0, y1 });
    }
  }
  return out;
}

/** Whether `pattern` occurs in `text` with at most `edits` letters substituted, inserted or dropped. */
function withinEdits(text: string, pattern: string, edits: number): boolean {
  // Edit distance of the pattern against the best substring of the text: the match may start anywhere.
  let row = new Array<number>(text.length + 1).fill(0);
  for (let i = 1; i <= pattern.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= text.length; j += 1) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (pattern[i - 1] === text[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return Math.min(...row) <= edits;
}

const TOTAL_KEYS: ReadonlySet<LabelKey> = new Set(['total', 'grand_total', 'amount_due']);
/** A tax registration number: a country's two or three letters and eight to twelve digits. */
const REGISTRATION = /^\W*[A-Z]{2}[A-Z]?\s?\d{8,12}\b/;
const WEIGHED = /\d\s*(kgs?|kilos?|mts?|cbm|m3|lbs?|tons?|tonnes?|bags?|cartons?|ctns?|pkgs?|packages?|rolls?|bales?|pallets?|drums?|pcs|pieces)\b/i;

/** Whether a line starts with a total label and ends with an amount with cents or a currency. */
function totalWithMoney(layouts: readonly PageLayout[]): boolean {
  for (const layout of layouts) {
    for (const line of layout.lines) {
      const first = line.segments[0];
      if (!first) continue;
      const m = matchLabel(first.tokens, LABELS, 6, layout.method === 'ocr');
      if (!m || !TOTAL_KEYS.has(m.key)) continue;
      const rest = line.text.slice(first.tokens.slice(0, m.length).map((t) => t.text).join(' ').length);
      // A B/L's 'TOTAL: 36 ROLLS 52,308.00 KGS' counts and weighs; it is no money.
      if (WEIGHED.test(rest)) continue;
      if (/(\d[.,]\d{2}|[$€£¥₹]\s?\d|\d\s?[$€£¥₹]|\b[A-Z]{3}\s?\d)\s*\S{0,3}\s*$/.test(rest.trim()) || /\d[.,]\d{2}\b/.test(rest)) return true;
    }
  }
  return false;
}

/** Classifies a read document. */
export function classify(layouts: readonly PageLayout[]): Classification {
  const score: Record<DocumentKind, number> = { invoice: 0, bill_of_lading: 0, other: 0 };
  const evidence: string[] = [];
  const first = layouts[0];
  if (first) {
    const t = title(first);
    if (t) {
      score[t.kind] += t.weight;
      evidence.push(`title "${t.text}"`);
    }
  }
  // Labels: each key counts once, whatever the language it is printed in.
  const keys = new Set<LabelKey>();
  for (const layout of layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        const m = matchLabel(seg.tokens, LABELS, 8, layout.method === 'ocr' && seg.tokens.length <= 4);
        if (!m) continue;
        const rest = joinTokens(seg.tokens.slice(m.length));
        // 'VAT: PT549027008' under a party's address is its registration, not a tax line; a B/L's
        // 'TOTAL: 627 BAGS' counts packages, not money.
        if (m.key === 'tax' && REGISTRATION.test(rest)) continue;
        if (TOTAL_KEYS.has(m.key) && WEIGHED.test(`${rest} ${line.text.slice(line.text.indexOf(seg.text) + seg.text.length)}`)) continue;
        keys.add(m.key);
      }
    }
  }
  for (const key of keys) {
    const w = LABEL_WEIGHTS[key];
    if (!w) continue;
    score[w[0]] += w[1];
    evidence.push(`${w[0]}: label ${key}`);
  }
  // A total with money beside it is what every invoice and receipt prints, and no B/L does.
  if (totalWithMoney(layouts)) {
    score.invoice += 1.2;
    evidence.push('invoice: a total with an amount');
  }
  const text = layouts.map((l) => l.lines.map((line) => line.text).join('\n')).join('\n');
  for (const [kind, re, w] of KEYWORDS) {
    if (re.test(text)) {
      score[kind] += w;
      evidence.push(`${kind}: ${re.source.slice(0, 30)}`);
    }
  }
  const ranked = (Object.entries(score) as [DocumentKind, number][]).sort((a, b) => b[1] - a[1]);
  const [winner, runnerUp] = ranked;
  if (!winner || winner[1] < 2) return { kind: 'other', score: 0.5, evidence };
  // More evidence raises the score towards 1; a close runner-up pulls it back towards 0.5.
  const margin = (winner[1] - (runnerUp?.[1] ?? 0)) / winner[1];
  const kindScore = Math.min(0.99, 0.5 + 0.49 * (1 - Math.exp(-winner[1] / 3)) * margin);
  return { kind: winner[0], score: Math.round(kindScore * 100) / 100, evidence };
}
