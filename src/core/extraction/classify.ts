/**
 * Document classification: invoice, bill of lading or other, from the title (a large or
 * upper-case line near the top of the first page weighs most), weighted keywords anywhere on the
 * document, and evidence that the kind's fields are there. A pro-forma invoice is an invoice (the
 * pro-forma flag is a later check); packing lists, certificates, orders and the like are `other`.
 */
import type { DocumentKind } from '../../shared/documents';
import type { PageLayout } from './layout';

/** The kind with a score 0–1 and the evidence that decided it (for the review screen and tests). */
export type Classification = {
  readonly kind: DocumentKind;
  readonly score: number;
  readonly evidence: readonly string[];
};

// Titles, matched on the line with spaces and punctuation removed (so letter-spaced titles count).
const TITLES: readonly (readonly [DocumentKind, RegExp])[] = [
  ['other', /packinglist|packingslip|weightlist|weightnote|certificateoforigin|certificate|phytosanitary|fumigation|inspection|purchaseorder|quotation|deliverynote|deliveryorder|lieferschein|packliste|listedecolisage|listadeempaque|romaneio|creditnote|debitnote|gutschrift|statementofaccount|insurancepolicy|analysisreport|shippinginstruction|bookingconfirmation|arrivalnotice|cargomanifest|manifest/],
  ['bill_of_lading', /billoflading|seawaybill|waybill|expressrelease|konnossement|seefrachtbrief|connaissement|conocimientodeembarque|conhecimentodeembarque|cognossement|houseb\/?l|masterb\/?l|combinedtransportdocument|multimodaltransportdocument/],
  ['invoice', /commercialinvoice|proformainvoice|taxinvoice|exportinvoice|invoice|rechnung|facture|factura|fatura|factuur|fattura/],
];

const KEYWORDS: readonly (readonly [DocumentKind, RegExp, number])[] = [
  ['invoice', /\binvoice\s*(no|number|#|date)/i, 1.5],
  ['invoice', /\b(total amount|amount due|grand total|total due|balance due|invoice total|amount payable|gesamtbetrag|rechnungsbetrag|montant total|total geral)\b/i, 1.5],
  ['invoice', /\b(unit price|rate|preço unit|einzelpreis|prix unitaire|precio unitario)\b/i, 1],
  ['invoice', /\b(due date|payment terms|terms of payment|net \d+|zahlungsziel|fällig)\b/i, 0.8],
  ['invoice', /\b(bill to|sold to|invoice to|rechnungsempfänger)\b/i, 1],
  ['invoice', /\b(iban|swift|bic|bank details|remit to|beneficiary)\b/i, 0.6],
  ['invoice', /\b(amount in words|say:|amount chargeable)\b/i, 0.8],
  ['bill_of_lading', /\bshipper\b/i, 0.8],
  ['bill_of_lading', /\bconsignee\b/i, 0.4],
  ['bill_of_lading', /\bnotify (party|address)\b/i, 1],
  ['bill_of_lading', /\bshipped on board\b|\bladen on board\b|\bon board date\b/i, 1.5],
  ['bill_of_lading', /\b(number of original|original b\(?s\)?\/l|bs\/l)\b/i, 1.5],
  ['bill_of_lading', /\b(freight prepaid|freight collect|freight payable)\b/i, 0.8],
  ['bill_of_lading', /\b(place of receipt|place of delivery|pre-?carriage)\b/i, 0.6],
  ['bill_of_lading', /\b(carrier|master|as agents? (only|for))\b/i, 0.6],
  ['bill_of_lading', /\b(said to contain|shipper'?s load|s\.t\.c\.)\b/i, 1],
  ['bill_of_lading', /\bb\/l no\b/i, 0.4],
  ['other', /\b(net wt|gross wt|packing details|no\. of bags)\b/i, 0.3],
  ['other', /\b(certify|certified|hereby certif)/i, 0.5],
];

const compact = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z/]/g, '');

/** Classifies a read document. */
export function classify(layouts: readonly PageLayout[]): Classification {
  const score: Record<DocumentKind, number> = { invoice: 0, bill_of_lading: 0, other: 0 };
  const evidence: string[] = [];
  const first = layouts[0];
  if (first) {
    // Title candidates: the top third of page 1, weighted by size and height on the page.
    const top = first.lines.filter((l) => l.y1 <= first.height * 0.35);
    let bestTitle: { kind: DocumentKind; weight: number; text: string } | null = null;
    for (const line of top) {
      for (const seg of line.segments) {
        const c = compact(seg.text);
        if (c.length > 40) continue;
        const size = (seg.y1 - seg.y0) / (first.em || 1);
        const upper = seg.text === seg.text.toUpperCase();
        const high = 1 - seg.y0 / (first.height * 0.35);
        const weight = 2 + Math.min(2, Math.max(0, size - 1) * 2) + (upper ? 0.5 : 0) + high;
        for (const [kind, re] of TITLES) {
          const m = re.exec(c);
          // The title must be most of the segment, not a phrase inside a sentence.
          if (m && m[0].length >= c.length * 0.5 && (!bestTitle || weight > bestTitle.weight)) {
            bestTitle = { kind, weight, text: seg.text };
            break;
          }
        }
      }
    }
    if (bestTitle) {
      score[bestTitle.kind] += bestTitle.weight;
      evidence.push(`title "${bestTitle.text}"`);
    }
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
