/**
 * Facts read from a document's full text rather than from its fields: a pro-forma title, B/L
 * remarks that declare defective goods or packaging, shipped-on-board wording, payment terms, and
 * the amounts of an invoice's line items (read by the extractor's table reader).
 * Phrases are matched over each page's words in reading order; a hit keeps the union of its words'
 * boxes, so the UI can highlight it.
 */
import type { BBox, PageText, Word } from '../../shared/documents';
import { invoiceLineAmounts, invoiceSummaryFigures, invoiceUnreadSummaryLines } from '../extraction/extract';
import type { DocumentSignals, TextHit } from './types';

// Tokens in the joined page text are separated by anything that is not a letter or digit, so OCR
// noise such as "ON|[BOARD" or "B/L" still reads as separate words.
const SEP = String.raw`[^A-Z0-9]+`;

const PRO_FORMA_TITLE_RE = new RegExp(String.raw`\bPRO${'[^A-Z0-9]*'}FORMA${SEP}INVOICE\b`, 'g');
const PRO_FORMA_WORD_RE = /\bPRO[^A-Z0-9]*FORMA\b/g;

// Words that, on a B/L, declare goods or packaging defective (UCP 600 art. 27, ISBP 821 E20–E21).
const DEFECT_RE = new RegExp(
  String.raw`\b(?:TORN|RESEWN|RE${SEP}SEWN|DAMAGED|STAINED|WET|RUSTY|RUSTED|BROKEN|LEAKING|LEAKED|DENTED|CONTAMINATED|HOLED|CRUSHED|SOILED|MOULDY|MOLDY|PILFERED|UNCLEAN|DIRTY|(?:INSUFFICIENT|INADEQUATE|IMPROPER|DEFECTIVE|POOR)${SEP}(?:PACKING|PACKAGING|PACKED))\b`,
  'g',
);
// A defect word that is really a goods specification ("BROKEN MAX 1 %", "BROKEN GRAINS 2%",
// "5% BROKEN", "CRUSHED STONE") or a negation ("NO DAMAGED BAGS", "FREE FROM DAMAGE") is not a clause.
const SPEC_AFTER_RE = new RegExp(String.raw`^${SEP}(?:MAX|MAXIMUM|MIN|MINIMUM|NIL|GRAINS?|KERNELS?|RICE|BASIS|STONE|GRAVEL|GLASS|ROCK|\d|PCT|PERCENT)`);
const SPEC_BEFORE_RE = new RegExp(String.raw`(?:\d\s?%|\d${SEP}PCT|\d${SEP}PERCENT|MAX|MAXIMUM)${SEP}$`);
const NEGATION_BEFORE_RE = new RegExp(String.raw`\b(?:NO|NOT|NON|NOR|WITHOUT|FREE${SEP}FROM|FREE${SEP}OF|UN)${SEP}(?:(?:SIGN|SIGNS|TRACE|EVIDENCE)${SEP}OF${SEP})?$`);
// What a clause speaks of: the packages, the cargo, or the B/L's remarks and condition wording. A
// defect word with none of these on its line is a word of the goods' name or grade, not a clause.
const CLAUSE_CONTEXT_RE = new RegExp(
  String.raw`\b(?:BAGS?|SACKS?|CARTONS?|CTNS?|CASES?|BOXES|BOX|DRUMS?|BARRELS?|BALES?|PALLETS?|PLTS?|CRATES?|PACKAGES?|PKGS?|PACKING|PACKAGING|PACKED|CONTAINERS?|UNITS?|PIECES?|PCS|COILS?|ROLLS?|BUNDLES?|CARGO|GOODS|SHIPMENT|REMARKS?|CLAUSE[DS]?|CONDITION|EXCEPTIONS?|NOTATION|SUPERFICIALLY|APPARENT(?:LY)?|SEAL|B${SEP}?L|BILL)\b`,
);
// A line that declares the B/L clean ("CLEAN ON BOARD", "SHIPPED IN APPARENT GOOD ORDER AND CONDITION") holds no clause.
const CLEAN_RE = new RegExp(String.raw`\bCLEAN${SEP}(?:ON${SEP}BOARD|BILL|B${SEP}?L)\b|\bGOOD${SEP}ORDER${SEP}AND${SEP}CONDITION\b|\bWITHOUT${SEP}(?:ANY${SEP})?CLAUSE`);

const ON_BOARD_RE = new RegExp(String.raw`\b(?:(?:SHIPPED|LADEN|LOADED)${SEP}ON${SEP}BOARD|ON${SEP}BOARD${SEP}(?:DATE|NOTATION|THE${SEP}VESSEL))\b`, 'g');
const ON_BOARD_LOOSE_RE = new RegExp(String.raw`\bON${SEP}BOARD\b`, 'g');

// Payment terms: "NET 90", "90 DAYS FROM B/L DATE", "90 days after invoice date", "D/A 60 days".
const NUMBER = String.raw`(\d{1,3})`;
const BL_REF = String.raw`(?:B${SEP}?[L1I]|BIL|BL|BILL${SEP}OF${SEP}LADING|SHIPMENT|SHIPPING|ON${SEP}BOARD|LOADING)`;
const TERMS_BL_RE = new RegExp(
  String.raw`\b${NUMBER}${SEP}DAYS?${SEP}(?:FROM|AFTER)${SEP}(?:THE${SEP})?(?:DATE${SEP}OF${SEP}(?:THE${SEP})?)?${BL_REF}\b`,
);
const TERMS_INVOICE_RE = new RegExp(
  String.raw`\b${NUMBER}${SEP}DAYS?${SEP}(?:FROM|AFTER)${SEP}(?:THE${SEP})?(?:DATE${SEP}OF${SEP}(?:THE${SEP})?)?INVOICE\b`,
);
// "Net 90", never an amount after a "Total Net" or "Net Amount" caption ("Total Net 172,077.30"), nor
// a net weight or count ("Poids net 133 BALES", "Net Weight", "NET 28 KG").
const WEIGHT_WORD = String.raw`(?:WEIGHT|WT|POIDS|GEWICHT|PESO|MASSE|GROSS|NETTO)`;
const COUNTED = String.raw`(?:KGS?|KILOS?|MTS?|TONS?|TONNES?|LBS?|BALES?|BAGS?|SACKS?|CARTONS?|CTNS?|CASES?|DRUMS?|PALLETS?|PCS|PIECES?|UNITS?|PACKAGES?|PKGS?|COLIS)`;
const TERMS_NET_RE = new RegExp(String.raw`(?<!\b${WEIGHT_WORD}${SEP})\bNET${SEP}${NUMBER}(?![.,']?\d)(?!${SEP}${COUNTED}\b)(?:${SEP}DAYS?)?\b`);
const TERMS_DA_RE = new RegExp(String.raw`\bD${SEP}?A${SEP}(?:AT${SEP})?${NUMBER}${SEP}DAYS?\b`);
// "Payment within 60 days", "payable within 30 days" (from the invoice: a B/L base says so, and is read first).
const TERMS_WITHIN_RE = new RegExp(String.raw`\b(?:PAYMENT|PAYABLE|DUE|PAY)${SEP}(?:IN${SEP}FULL${SEP})?WITHIN${SEP}${NUMBER}${SEP}DAYS?\b`);

// The same in the other languages of the vocabulary: a payment word ("Pago", "Zahlbar", "Przelew",
// "Ödeme", "Havale"), at most six words, then days ("a 30 días", "innerhalb von 30 Tagen",
// "w terminie 14 dni", "ile 14 gün"); or days counted from the invoice's date ("30 días fecha
// factura", "60 giorni data fattura"). From the B/L when one is named right after ("90 días fecha
// conocimiento de embarque"). Never a count to the end of a month ("30 jours fin de mois").
const PAY_WORD = String.raw`(?:PAGO|PLAZO|VENCIMIENTO|PAIEMENT|R.GLEMENT|ZAHLBAR|ZAHLUNGSZIEL|ZAHLUNGSBEDINGUNGEN|ZAHLUNG|PAGAMENTO|BETALING|BETALINGSTERMIJN|BETAALBAAR|P.ATNO.CI|P.ATNE|PRZELEW|VADE|VADESI|.DEME|HAVALE|PEMBAYARAN|JATUH|THANH)`;
const DAY_WORD = String.raw`(?:D.AS|DIAS|JOURS|TAGEN?|GIORNI|GG|DAGEN|DNI|G.N|GUN|HARI|NG.Y)`;
const INVOICE_WORD = String.raw`(?:FACTURA|FACTURE|FATTURA|FATURA|RECHNUNG|RECHNUNGSDATUM|FACTUURDATUM|FACTUUR|FAKTURY|WYSTAWIENIA|FAKTUR)`;
const BL_WORD = String.raw`(?:CONOCIMIENTO|EMBARQUE|CONNAISSEMENT|KONNOSSEMENT|CONHECIMENTO|POLIZZA|CONOSSEMENTO|CONNOSSEMENT|KON.IMENTO|KONOSAMENT|B${SEP}?L|BL)`;
const NOT_MONTH_END = String.raw`(?!${SEP}(?:FIN${SEP}DE${SEP}MOIS|FDM|FINE${SEP}MESE|FM|MONATSENDE|ENDE${SEP}MONAT))`;
const TERMS_FOREIGN_BL_RE = new RegExp(String.raw`(?<![A-Z0-9])${NUMBER}${SEP}${DAY_WORD}${NOT_MONTH_END}${SEP}(?:\S+${SEP}){0,4}?${BL_WORD}(?![A-Z0-9])`);
const TERMS_FOREIGN_INVOICE_RE = new RegExp(String.raw`(?<![A-Z0-9])${NUMBER}${SEP}${DAY_WORD}${SEP}(?:\S+${SEP}){0,3}?${INVOICE_WORD}(?![A-Z0-9])`);
// Words between that count days for something else (delivery, an offer's validity) end the phrase.
const OTHER_DAYS = String.raw`(?:ENTREGA|LIEFER|LIVRAISON|CONSEGNA|LEVERING|DOSTAW|TESLIM|PENGIRIMAN|GIAO|VALIDEZ|VALIDIT|G.LTIG|GELDIG|WA.NO)`;
const TERMS_FOREIGN_RE = new RegExp(String.raw`(?<![A-Z0-9])${PAY_WORD}${SEP}(?:(?!${OTHER_DAYS})\S+${SEP}){0,6}?${NUMBER}${SEP}${DAY_WORD}(?![A-Z0-9])${NOT_MONTH_END}`);

type IndexedPage = {
  readonly page: PageText;
  /** Upper-cased words joined by single spaces. */
  readonly text: string;
  /** Offset of each word in `text`. */
  readonly starts: Int32Array;
};

const indexPage = (page: PageText): IndexedPage => {
  const starts = new Int32Array(page.words.length);
  const parts: string[] = [];
  let offset = 0;
  for (let i = 0; i < page.words.length; i += 1) {
    const text = page.words[i]!.text.toUpperCase();
    starts[i] = offset;
    parts.push(text);
    offset += text.length + 1;
  }
  return { page, text: parts.join(' '), starts };
};

/** Index of the word that contains character `offset` (binary search over word starts). */
const wordAt = (indexed: IndexedPage, offset: number): number => {
  let lo = 0;
  let hi = indexed.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (indexed.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

/** The smallest box holding every given box. */
export function unionBoxes(boxes: readonly BBox[]): BBox | null {
  if (boxes.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

const hitOf = (indexed: IndexedPage, first: number, last: number): TextHit => {
  const words: Word[] = indexed.page.words.slice(first, last + 1);
  return { text: words.map((w) => w.text).join(' '), page: indexed.page.n, bbox: unionBoxes(words.map((w) => w.bbox)) };
};

const matchHit = (indexed: IndexedPage, start: number, length: number): TextHit =>
  hitOf(indexed, wordAt(indexed, start), wordAt(indexed, Math.max(start, start + length - 1)));

const sameLine = (a: Word, b: Word): boolean => Math.abs(a.bbox.y + a.bbox.h / 2 - (b.bbox.y + b.bbox.h / 2)) < Math.max(a.bbox.h, b.bbox.h) * 0.6;

// A clause is shown with the rest of its line ("REMARKS: 2 BAGS TORN AND RESEWN"), up to a few words.
const CLAUSE_REACH = 8;

const lineHit = (indexed: IndexedPage, first: number, last: number): TextHit => {
  const words = indexed.page.words;
  let a = first;
  let b = last;
  while (a > 0 && first - a < CLAUSE_REACH && sameLine(words[a - 1]!, words[first]!)) a -= 1;
  while (b < words.length - 1 && b - last < CLAUSE_REACH && sameLine(words[b + 1]!, words[last]!)) b += 1;
  return hitOf(indexed, a, b);
};

const proFormaOf = (pages: readonly IndexedPage[]): TextHit | null => {
  for (const indexed of pages) {
    PRO_FORMA_TITLE_RE.lastIndex = 0;
    const title = PRO_FORMA_TITLE_RE.exec(indexed.text);
    if (title) return matchHit(indexed, title.index, title[0].length);
  }
  // A bare "PROFORMA" counts as a title only where a title stands: first on its line, near the top of page 1.
  const first = pages[0];
  if (!first) return null;
  PRO_FORMA_WORD_RE.lastIndex = 0;
  for (let m = PRO_FORMA_WORD_RE.exec(first.text); m; m = PRO_FORMA_WORD_RE.exec(first.text)) {
    const index = wordAt(first, m.index);
    const words = first.page.words;
    if (index > 0 && sameLine(words[index - 1]!, words[index]!)) continue;
    const hit = matchHit(first, m.index, m[0].length);
    if (hit.bbox && hit.bbox.y < 0.3) return hit;
  }
  return null;
};

// On a scan, defect words a letter off ('RESESN' for RESEWN, 'DAMACED'), on a line that names
// packages or remarks, a letter off too ('REMAKES: 3 NAGS TOSN AND RESESN'): a clause read unsurely,
// for a person to confirm. Only words of six letters or more, none a letter off an everyday word of
// a B/L (BROKEN–BROKER, LEAKED–LEASED and RUSTED–TRUSTED are left out).
const FUZZY_DEFECTS = ['RESEWN', 'DAMAGED', 'STAINED', 'LEAKING', 'DENTED', 'CRUSHED', 'SOILED', 'MOULDY', 'PILFERED', 'CONTAMINATED'];
const FUZZY_CONTEXT = ['REMARKS', 'REMARK', 'CLAUSE', 'BAGS', 'SACKS', 'CARTONS', 'CASES', 'DRUMS', 'BALES', 'PALLETS', 'PACKAGES', 'CRATES', 'COILS', 'ROLLS', 'BUNDLES', 'PACKING'];

/** Whether two words are one edit apart (a letter changed, added or dropped), not equal. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const lettersOf = (word: string): string => word.toUpperCase().replace(/[^A-Z]/g, '');

const unsureClausesOf = (pages: readonly IndexedPage[]): TextHit[] => {
  const hits: TextHit[] = [];
  for (const indexed of pages) {
    const words = indexed.page.words;
    for (let i = 0; i < words.length; i += 1) {
      const w = lettersOf(words[i]!.text);
      if (w.length < 6 || !FUZZY_DEFECTS.some((d) => oneEditApart(w, d))) continue;
      const hit = lineHit(indexed, i, i);
      const line = hit.text.toUpperCase();
      if (CLEAN_RE.test(line)) continue;
      const lineWords = line.split(' ').map(lettersOf);
      if (!CLAUSE_CONTEXT_RE.test(line) && !lineWords.some((x) => x.length >= 4 && FUZZY_CONTEXT.some((c) => x === c || oneEditApart(x, c)))) continue;
      const start = indexed.starts[i]!;
      if (NEGATION_BEFORE_RE.test(indexed.text.slice(Math.max(0, start - 24), start))) continue;
      if (!hits.some((h) => h.text === hit.text && h.page === hit.page)) hits.push({ ...hit, unsure: true });
    }
  }
  return hits;
};

const clausesOf = (pages: readonly IndexedPage[], ocr: boolean): TextHit[] => {
  const sure = sureClausesOf(pages);
  return sure.length || !ocr ? sure : unsureClausesOf(pages);
};

const sureClausesOf = (pages: readonly IndexedPage[]): TextHit[] => {
  const hits: TextHit[] = [];
  for (const indexed of pages) {
    let lastWord = -1;
    DEFECT_RE.lastIndex = 0;
    for (let m = DEFECT_RE.exec(indexed.text); m; m = DEFECT_RE.exec(indexed.text)) {
      const end = m.index + m[0].length;
      if (SPEC_AFTER_RE.test(indexed.text.slice(end, end + 16))) continue;
      if (SPEC_BEFORE_RE.test(indexed.text.slice(Math.max(0, m.index - 16), m.index))) continue;
      if (NEGATION_BEFORE_RE.test(indexed.text.slice(Math.max(0, m.index - 24), m.index))) continue;
      const first = wordAt(indexed, m.index);
      if (first <= lastWord) continue; // already inside the previous clause ("TORN AND RESEWN")
      const hit = lineHit(indexed, first, wordAt(indexed, end - 1));
      const line = hit.text.toUpperCase();
      if (!CLAUSE_CONTEXT_RE.test(line) || CLEAN_RE.test(line)) continue;
      lastWord = first + hit.text.split(' ').length;
      hits.push(hit);
    }
  }
  return hits;
};

const onBoardOf = (pages: readonly IndexedPage[]): TextHit | null => {
  for (const re of [ON_BOARD_RE, ON_BOARD_LOOSE_RE]) {
    for (const indexed of pages) {
      re.lastIndex = 0;
      const m = re.exec(indexed.text);
      if (m) return matchHit(indexed, m.index, m[0].length);
    }
  }
  return null;
};

const termsOf = (pages: readonly IndexedPage[]): DocumentSignals['paymentTerms'] => {
  const forms: readonly [RegExp, 'invoice' | 'bl'][] = [
    [TERMS_BL_RE, 'bl'],
    [TERMS_INVOICE_RE, 'invoice'],
    [TERMS_DA_RE, 'bl'],
    [TERMS_NET_RE, 'invoice'],
    [TERMS_WITHIN_RE, 'invoice'],
    [TERMS_FOREIGN_BL_RE, 'bl'],
    [TERMS_FOREIGN_INVOICE_RE, 'invoice'],
    [TERMS_FOREIGN_RE, 'invoice'],
  ];
  for (const [re, from] of forms) {
    for (const indexed of pages) {
      const m = re.exec(indexed.text);
      if (!m) continue;
      const days = Number(m[1]);
      if (!(days > 0 && days <= 720)) continue;
      return { days, from, hit: matchHit(indexed, m.index, m[0].length) };
    }
  }
  return null;
};

/** Scans a document's pages for the phrases the rules look at. */
export function documentSignals(kind: 'invoice' | 'bill_of_lading', pages: readonly PageText[]): DocumentSignals {
  const indexed = pages.map(indexPage);
  const ocr = pages.some((p) => p.method === 'ocr');
  if (kind === 'invoice') {
    const lines = invoiceLineAmounts(pages);
    const lineAmounts = lines.map((line) => ({ amount: line.amount, hit: { text: line.text, page: line.page, bbox: line.bbox } }));
    const lineItems = lines.map((line) => ({
      amount: line.amount,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      hit: { text: line.text, page: line.page, bbox: line.bbox },
      confidence: Math.round(line.confidence * 100) / 100,
    }));
    return { proForma: proFormaOf(indexed), clauses: [], onBoardNotation: null, paymentTerms: termsOf(indexed), lineAmounts, lineItems, ocr, summaryFigures: invoiceSummaryFigures(pages), unreadSummaryLines: invoiceUnreadSummaryLines(pages) };
  }
  return { proForma: null, clauses: clausesOf(indexed, ocr), onBoardNotation: onBoardOf(indexed), paymentTerms: null, lineAmounts: [], lineItems: [], ocr };
}
