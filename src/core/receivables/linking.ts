/**
 * Which bill of lading evidences which invoice. Evidence is weighed in the order a person would:
 *
 * 1. the B/L number the invoice cites, compared OCR-tolerantly (look-alike letters folded, so a
 *    scan's "NHCLSGN26O1274" still names B/L NHCLSGN2601274, but never across a different digit);
 * 2. otherwise the container numbers both documents list;
 * 3. otherwise a score over what both read: the parties (through the workspace's counterparties and
 *    their aliases), the goods, the quantity against the B/L's quantity or weight, the dates, and the
 *    Incoterm's named place against the B/L's ports.
 *
 * A link is made only when one candidate clearly wins, for the invoice and for the B/L alike;
 * otherwise the leading candidates are offered, with their scores and reasons, for a person to pick.
 * A wrong link costs more than a missing one: it hides the very mismatches the checks look for.
 */
import { editDistance, foldPartyName, normalizePartyName } from '../checks/names';
import { addDays, daysBetween } from '../checks/dates';
import { digitSkeleton } from '../checks/facts';
import { canonicalUnit, convertQuantity, isWeightUnit } from '../checks/units';
import { isVoyageCode } from '../extraction/grammars/shipping';

export type InvoiceSide = {
  readonly receivableId: string;
  readonly documentId: string;
  readonly blNumber: string | null;
  readonly containers: readonly string[];
  readonly seller: string | null;
  readonly buyer: string | null;
  readonly goods: string | null;
  readonly issueDate: string | null;
  readonly quantity: number | null;
  readonly quantityUnit: string | null;
  /** The invoice number as read: two renditions of one invoice (a re-issue, a photo) share it. */
  readonly number?: string | null;
  /** The Incoterm's named place ('CIP Mersin' → 'Mersin'): for sea terms, a port of the voyage. */
  readonly incotermPlace?: string | null;
  /** The vessel and ports its shipping block states, when it has one. */
  readonly vessel?: string | null;
  readonly portOfLoading?: string | null;
  readonly portOfDischarge?: string | null;
  /** Its quantity was read unsurely (a scan's figure, unconfirmed): it may match, it never counts against. */
  readonly quantityUnsure?: boolean;
};

export type BlSide = {
  readonly documentId: string;
  readonly blNumber: string | null;
  readonly containers: readonly string[];
  readonly shipper: string | null;
  readonly consignee: string | null;
  readonly notifyParty: string | null;
  readonly goods: string | null;
  readonly onBoardDate: string | null;
  readonly quantity: number | null;
  readonly quantityUnit: string | null;
  readonly netWeightKg: number | null;
  readonly grossWeightKg: number | null;
  readonly packages: number | null;
  /** The commercial invoice number the B/L names, if it names one. */
  readonly invoiceNumber?: string | null;
  readonly portOfLoading?: string | null;
  readonly portOfDischarge?: string | null;
  readonly vessel?: string | null;
  /**
   * The words of its pages, folded (`foldPartyName`), when its number, the invoice number it names,
   * its vessel or a port was not read as a field: a scan whose small box captions OCR could not make
   * out still prints them.
   */
  readonly text?: string | null;
  /** Its quantity and weights were read unsurely (unconfirmed): they may match, never count against. */
  readonly quantityUnsure?: boolean;
  /** Its number was read unsurely (unconfirmed): it may match a cited number, never rule one out. */
  readonly blNumberUnsure?: boolean;
};

export type LinkHow = 'bl_number' | 'containers' | 'match';

/** One candidate B/L for an invoice: how sure (0–1) and why. */
export type LinkCandidate = {
  readonly documentId: string;
  /** How sure, 0–1, as shown (a match on what both read stays below 0.9). */
  readonly score: number;
  /** The evidence uncapped, for ranking: two strong matches still differ by what tells them apart. */
  readonly weight: number;
  readonly how: LinkHow;
  readonly reasons: readonly string[];
};

export type LinkingOptions = {
  /**
   * The registered party a printed name resolves to (a supplier id for sellers and shippers, a buyer
   * id for buyers, consignees and notify parties), or null when the registry does not know it.
   */
  readonly supplierOf: (name: string) => string | null;
  readonly buyerOf: (name: string) => string | null;
  /** How many days shipment may precede the invoice, and follow it (the policy's window). */
  readonly daysBefore: number;
  readonly daysAfter: number;
  /** Pairs already linked, or that a person unlinked (`receivableId\u0000documentId`): never proposed again. */
  readonly known: ReadonlySet<string>;
  /** Receivables that already hold a B/L: only a cited B/L number links another to them. */
  readonly holding: ReadonlySet<string>;
  /** B/Ls a receivable already holds: only a cited B/L number links them again. */
  readonly held: ReadonlySet<string>;
};

/** A clear win: at least this score, and this far ahead of the runner-up on both sides. */
export const LINK_AT = 0.6;
export const LINK_MARGIN = 0.2;
/** Candidates below this are not worth a person's time. */
export const OFFER_AT = 0.25;
/**
 * How far beyond the policy's shipment window a B/L may still be the invoice's: past a usual tenor
 * of 60–120 days, so a shipment made after the invoice fell due is still found (and the late
 * shipment reported) instead of leaving the invoice without its B/L.
 */
const FAR_DAYS = 120;

/**
 * The digits of an invoice number, read as OCR may have misread them: the duplicate rule's skeleton
 * (look-alike letters count as digits only in a token of digits, so a slash read as 'I' in
 * "FVI4536/06/2025" adds no digit to "FV/4536/06/2025").
 */
const numberSkeleton = digitSkeleton;

/** Whether the invoice number a B/L names is this invoice's: the same digits (five at least), OCR look-alikes folded. */
const citesInvoiceNumber = (named: string | null | undefined, number: string | null | undefined): boolean => {
  if (!named || !number) return false;
  const a = numberSkeleton(named);
  return a.length >= 5 && a === numberSkeleton(number);
};

/** Two digit skeletons of five digits or more, of one length, that differ in exactly one digit. */
const oneDigitOff = (a: string, b: string): boolean => a.length >= 5 && a.length === b.length && editDistance(a, b, 2) === 1;

/** A B/L number compared as printed: upper case, spaces and dashes gone. */
export const compactNumber = (value: string): string => value.toUpperCase().replace(/[\s\-‐‑–—/.]/g, '');

// Letters OCR confuses with each other or with digits, folded to one form for comparison.
const FOLD: Readonly<Record<string, string>> = { O: '0', Q: '0', D: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8' };
const folded = (value: string): string => compactNumber(value).replace(/[OQDILZSGB]/g, (c) => FOLD[c] ?? c);

/**
 * How a cited B/L number reads against a printed one: `same` as printed, `ocr` when they differ only
 * by OCR look-alikes (O/0, I/1, S/5, B/8 …) or by one slip in a letter, `near` when one reading has a
 * doubled character the other reads once (`PCSUMMO04896415` read `PCSUMMO4896415`: two round glyphs
 * taken for one), one is the other read cut short, or they differ only by letters read where the
 * other reads digits — not proof of the same B/L, but no proof of another — `digit` when one digit
 * alone differs (a misread 9 for 0, or the next B/L of a series: only shared containers may tell)
 * and `other` when they name different B/Ls. Numbers shorter than eight characters must match as
 * printed.
 */
export function compareBlNumbers(cited: string, printed: string): 'same' | 'ocr' | 'near' | 'digit' | 'other' {
  const [a, b] = [compactNumber(cited), compactNumber(printed)];
  if (a === b) return 'same';
  if (Math.min(a.length, b.length) < 8) return 'other';
  const [fa, fb] = [folded(a), folded(b)];
  if (a.length !== b.length) {
    const [longer, shorter] = fa.length > fb.length ? [fa, fb] : [fb, fa];
    if (longer.length - shorter.length === 1 && oneDoubledDropped(longer, shorter)) return 'near';
    // A number read cut short on a scan ('PCSUJO68 ogg 1.08' for PCSUJO68299378): eight characters
    // at least, the start of the other — left to the rest of the evidence, never the same B/L.
    return longer.startsWith(shorter) ? 'near' : 'other';
  }
  if (fa === fb) return 'ocr';
  const isDigit = (c: string): boolean => c >= '0' && c <= '9';
  let slips = 0;
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < fa.length; i++) {
    if (fa[i] === fb[i]) continue;
    if (isDigit(a[i]!) && isDigit(b[i]!)) digits += 1;
    else slips += 1;
    if (!isDigit(a[i]!) && !isDigit(b[i]!)) letters += 1;
  }
  if (digits === 0) {
    if (slips <= 1) return 'ocr';
    // Only letters where the other reads digits ('NSLUSS0764941' for NSLU880764941: a blurred 8
    // read as S): one of the two readings is wrong, which proves neither the same B/L nor another.
    return letters === 0 ? 'near' : 'other';
  }
  return digits === 1 && slips === 0 ? 'digit' : 'other';
}

/** Whether `shorter` is `longer` with one character of a doubled pair left out. */
function oneDoubledDropped(longer: string, shorter: string): boolean {
  let i = 0;
  while (i < shorter.length && longer[i] === shorter[i]) i += 1;
  // longer[i] is the extra character: the rest must agree, and it must repeat a neighbour.
  return longer.slice(i + 1) === shorter.slice(i) && (longer[i] === longer[i - 1] || longer[i] === longer[i + 1]);
}

/** The key B/L numbers are grouped by: the end of the folded number, which OCR slips in the prefix leave alone. */
export const numberKey = (value: string): string => folded(value).slice(-6);

// Packing, cargo and form words: what a B/L prints about the boxes says nothing about the goods.
const STOP_WORDS = new Set([
  'with', 'from', 'bags', 'bulk', 'grade', 'goods', 'said', 'contain', 'contains', 'containing', 'packed', 'net', 'gross', 'weight', 'total', 'origin', 'each', 'only', 'this', 'that', 'shipper', 'load', 'count',
  'cartons', 'carton', 'pallets', 'pallet', 'drums', 'drum', 'bales', 'bale', 'boxes', 'cases', 'crates', 'coils', 'rolls', 'reels', 'packages', 'pieces', 'pcs', 'units', 'sacks', 'bundles', 'container', 'containers', 'cntr', 'freight', 'prepaid', 'collect', 'stow', 'seal', 'code',
]);

/**
 * Trade abbreviations of goods, spelt out as a B/L or an invoice may print them in full ('HDPE
 * granules' on the invoice, 'HIGH DENSITY POLYETHYLENE' on the B/L).
 */
const SPELT_OUT: Readonly<Record<string, string>> = {
  hdpe: 'high density polyethylene',
  ldpe: 'low density polyethylene',
  lldpe: 'linear low density polyethylene',
  pp: 'polypropylene',
  pe: 'polyethylene',
  pvc: 'polyvinyl chloride',
  pet: 'polyethylene terephthalate',
  ps: 'polystyrene',
  evoo: 'extra virgin olive oil',
};

/** The key words of a goods description (folded, 4+ letters, no packing words; trade abbreviations spelt out). */
export const goodsWords = (description: string): Set<string> => {
  const folded = description
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b[a-z]{2,5}\b/g, (w) => SPELT_OUT[w] ?? w);
  return new Set((folded.match(/[a-z]{4,}/g) ?? []).filter((w) => !STOP_WORDS.has(w)));
};

/**
 * Two printed names for the same party: `registered` when both resolve to one registered party (the
 * strongest evidence: two readings agreeing through the registry), `same` when equal once
 * normalised, `different` when they resolve to two registered parties.
 */
function partyRelation(a: string | null, b: string | null, resolve: (name: string) => string | null): 'registered' | 'same' | 'different' | 'unknown' {
  if (!a || !b) return 'unknown';
  const [pa, pb] = [resolve(a), resolve(b)];
  if (pa && pb) return pa === pb ? 'registered' : 'different';
  const [na, nb] = [normalizePartyName(a), normalizePartyName(b)];
  if (na.length >= 3 && (na === nb || (na.length >= 6 && nb.includes(na)) || (nb.length >= 6 && na.includes(nb)))) return 'same';
  return 'unknown';
}

/** "Same as consignee", "as above": a notify party that repeats the consignee. */
const SAME_AS_CONSIGNEE = /^(same as (the )?consignee|as (per )?consignee|as above|idem|same)\b/i;

/** The invoice quantity against what the B/L states, in the invoice's unit when one converts. */
function quantityRelation(inv: InvoiceSide, bl: BlSide): { near: 'close' | 'near' | 'far' | 'unknown'; text: string } {
  if (inv.quantity === null || inv.quantity <= 0) return { near: 'unknown', text: '' };
  if (!inv.quantityUnit) return unitlessQuantity(inv.quantity, bl);
  const unit = canonicalUnit(inv.quantityUnit);
  const readings: number[] = [];
  if (bl.quantity !== null && bl.quantityUnit) {
    const q = convertQuantity(bl.quantity, canonicalUnit(bl.quantityUnit), unit);
    if (q !== null) readings.push(q);
  }
  if (isWeightUnit(unit)) {
    for (const kg of [bl.netWeightKg, bl.grossWeightKg]) {
      const q = kg === null ? null : convertQuantity(kg, 'KG', unit);
      if (q !== null) readings.push(q);
    }
  } else if (bl.packages !== null) readings.push(bl.packages);
  if (!readings.length) return { near: 'unknown', text: '' };
  const off = Math.min(...readings.map((q) => Math.abs(q - inv.quantity!) / inv.quantity!));
  const text = `${inv.quantity} ${unit}`;
  // A figure a thousand times off ('24.370 KG' read as 24.37 against 24,370) is a decimal mark read
  // the other way: not the same figure as read, but no other shipment either.
  const mark = readings.some((q) => [1000, 0.001].some((k) => Math.abs((q * k - inv.quantity!) / inv.quantity!) <= 0.005));
  // A gross weight alone, up to 15 % above the net weight invoiced, is the goods with their packing
  // (cartons of frozen goods, drums): the same shipment, as far as it can tell.
  const gross = isWeightUnit(unit) && bl.grossWeightKg !== null && bl.netWeightKg === null ? convertQuantity(bl.grossWeightKg, 'KG', unit) : null;
  const packed = gross !== null && gross >= inv.quantity && gross <= inv.quantity * 1.15;
  return { near: off <= 0.02 ? 'close' : off <= 0.1 || mark || packed ? 'near' : 'far', text };
}

/**
 * An invoice quantity whose unit was not read: only agreement counts, never disagreement (the units
 * may differ). The same figure on the B/L (quantity, net or gross weight, packages) within 0.5 % is
 * close; the same figure a thousand times larger or smaller (tonnes against kilograms) is near.
 */
function unitlessQuantity(quantity: number, bl: BlSide): { near: 'close' | 'near' | 'unknown'; text: string } {
  const readings = [bl.quantity, bl.netWeightKg, bl.grossWeightKg, bl.packages].filter((q): q is number => q !== null && q > 0);
  const within = (q: number): boolean => Math.abs(q - quantity) / quantity <= 0.005;
  if (readings.some(within)) return { near: 'close', text: `${quantity}` };
  if (readings.some((q) => within(q / 1000) || within(q * 1000))) return { near: 'near', text: `${quantity}` };
  return { near: 'unknown', text: '' };
}

/**
 * Whether a reading can be a B/L number: eight characters or more, or six with letters and digits.
 * A year or a page number read in the number's box ('4026', '48077') is not one, and vetoes nothing.
 */
export const plausibleBlNumber = (value: string | null): boolean => {
  if (!value || isVoyageCode(value)) return false;
  const c = compactNumber(value);
  return c.length >= 8 || (c.length >= 6 && /[A-Z]/.test(c) && /\d/.test(c));
};

/**
 * The number an invoice cites, without the words read with it ('CRESCENT DAWN VOY.UL846N
 * PCSUZR50872908' → 'PCSUZR50872908'): the longest word of letters and digits of eight or more.
 */
export function citedNumber(value: string | null): string | null {
  if (!value || !/\s/.test(value.trim())) return value;
  const words = value.split(/\s+/).map((w) => w.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')).filter((w) => w.length >= 8 && /[A-Za-z]/.test(w) && /\d/.test(w) && /^[A-Za-z0-9\-/]+$/.test(w));
  return words.length ? words.sort((a, b) => b.length - a.length)[0]! : value;
}

/** How well one B/L fits one invoice, with the reasons a person would give. */
export function scorePair(given: InvoiceSide, bl: BlSide, options: LinkingOptions): LinkCandidate | null {
  const inv = given.blNumber === null ? given : { ...given, blNumber: citedNumber(given.blNumber) };
  // The containers both list (step 2, and what a number one digit off is left to in step 1).
  const blContainers = new Set(bl.containers.map(compactNumber));
  const shared = inv.containers.map(compactNumber).filter((c) => blContainers.has(c));
  // 1. The cited B/L number decides, either way — a differing one only when the B/L's own reading
  // can be a number.
  if (inv.blNumber && bl.blNumber) {
    const numbers = compareBlNumbers(inv.blNumber, bl.blNumber);
    if (numbers === 'same') return { documentId: bl.documentId, score: 1, weight: 2, how: 'bl_number', reasons: [`the invoice cites B/L ${bl.blNumber}`] };
    if (numbers === 'ocr') return { documentId: bl.documentId, score: 0.95, weight: 1.9, how: 'bl_number', reasons: [`the invoice cites B/L ${inv.blNumber}, read on the B/L as ${bl.blNumber} (OCR look-alikes)`] };
    // An invoice that cites another B/L is not about this one, however alike they look; one read a
    // doubled character short is left to the rest of the evidence (containers, parties, goods), and
    // one a single digit off only to the containers both list (a digit misread on a scan — or the
    // next B/L of the same series, which its own containers tell apart).
    // Both readings must be able to be B/L numbers: a voyage read for the cited number ('V.981W') vetoes nothing.
    if ((numbers === 'other' || (numbers === 'digit' && shared.length === 0)) && plausibleBlNumber(bl.blNumber) && plausibleBlNumber(inv.blNumber) && !bl.blNumberUnsure) return null;
  }
  // 1b. The B/L names the invoice ("INVOICE NO.: …" in its remarks), compared by the number's digits
  // as OCR may have misread them: strong evidence, short of a cited B/L number; the seller must not
  // be ruled out (an invoice of another registered supplier with the same number is another trade).
  const citesInvoice = citesInvoiceNumber(bl.invoiceNumber, given.number) && partyRelation(inv.seller, bl.shipper, options.supplierOf) !== 'different';
  // 2. Shared containers — a container carries many shipments over its life, so the dates must fit.
  const after = inv.issueDate && bl.onBoardDate ? daysBetween(inv.issueDate, bl.onBoardDate) : null;
  const outOfWindow = after !== null && (after < -options.daysBefore || after > options.daysAfter);
  // Beyond the policy's window a shipment is still the invoice's (late, early: the checks say so),
  // but far beyond it, it is another trade.
  if (after !== null && (after < -options.daysBefore - FAR_DAYS || after > options.daysAfter + FAR_DAYS)) return null;
  const matched = matchEvidence(inv, bl, options, after, outOfWindow);
  if (citesInvoice) {
    const weight = 1.6 + 0.5 * Math.max(0, matched?.score ?? 0);
    return { documentId: bl.documentId, score: 0.9, weight, how: 'match', reasons: [`the B/L names invoice ${bl.invoiceNumber}`, ...(matched?.reasons ?? [])] };
  }
  // Not read as a field ('INV 202607421' in a box whose caption a scan lost), the invoice's number
  // printed in the B/L's text, seven digits at least, on a B/L a party of the invoice is on — or,
  // ten digits and more, on any B/L the parties do not rule out (such a number is not there by chance).
  const long = given.number ? numberSkeleton(given.number).length >= 10 : false;
  if (!bl.invoiceNumber && given.number && matched && (matched.score >= 0.2 || long) && partyRelation(inv.seller, bl.shipper, options.supplierOf) !== 'different' && invoiceNumberPrinted(given.number, bl)) {
    const weight = 1.5 + 0.5 * matched.score;
    return { documentId: bl.documentId, score: 0.9, weight, how: 'match', reasons: [`invoice ${given.number} is printed on the B/L`, ...matched.reasons] };
  }
  if (shared.length && !outOfWindow) {
    // A container carries one shipment after another: where two B/Ls list it, what else agrees decides.
    const weight = 1.5 + shared.length * 0.01 + 0.5 * Math.max(0, matched?.score ?? 0);
    return { documentId: bl.documentId, score: 0.9 + Math.min(0.05, shared.length * 0.01), weight, how: 'containers', reasons: [`both list container${shared.length > 1 ? 's' : ''} ${shared.join(', ')}`, ...(matched?.reasons ?? [])] };
  }
  if (!matched || matched.score <= 0) return null;
  return { documentId: bl.documentId, score: Math.round(Math.min(0.89, matched.score) * 100) / 100, weight: matched.score, how: 'match', reasons: matched.reasons };
}

/** 3. What both read: parties, goods, quantity and dates, with the reasons; null when the parties rule it out. */
function matchEvidence(inv: InvoiceSide, bl: BlSide, options: LinkingOptions, after: number | null, outOfWindow: boolean): { score: number; reasons: string[] } | null {
  const reasons: string[] = [];
  let score = 0;
  const sellers = partyRelation(inv.seller, bl.shipper, options.supplierOf);
  // Another registered supplier shipped it: a third party's shipment (what consignment and trading
  // structures look like, and what `consistency.seller_shipper` reports) links only when everything
  // else agrees in full — the registered buyer, the goods and the quantity — and says so.
  const thirdParty = sellers === 'different';
  let agreeing = 0;
  if (sellers === 'registered' || sellers === 'same') {
    score += sellers === 'registered' ? 0.35 : 0.3;
    reasons.push(`seller ${inv.seller} shipped it`);
  }
  const notify = bl.notifyParty && SAME_AS_CONSIGNEE.test(bl.notifyParty.trim()) ? bl.consignee : bl.notifyParty;
  const buyers = [partyRelation(inv.buyer, bl.consignee, options.buyerOf), partyRelation(inv.buyer, notify, options.buyerOf)];
  if (buyers.includes('registered') || buyers.includes('same')) {
    score += buyers.includes('registered') ? 0.25 : 0.2;
    if (buyers.includes('registered')) agreeing += 1;
    reasons.push(`buyer ${inv.buyer} is consignee or notify party`);
  } else if (buyers.includes('different')) {
    // The goods go to another registered buyer (a "to order" consignee says nothing either way).
    score -= 0.3;
  }
  // A description made only of packing words ('SAID TO CONTAIN' read as the goods) says nothing.
  const [invGoods, blGoods] = [inv.goods ? goodsWords(inv.goods) : null, bl.goods ? goodsWords(bl.goods) : null];
  if (invGoods?.size && blGoods?.size) {
    const common = [...invGoods].filter((w) => blGoods.has(w));
    const share = common.length / Math.min(invGoods.size, blGoods.size);
    if (share >= 0.5) {
      score += 0.2;
      agreeing += 1;
      reasons.push(`same goods (${common.slice(0, 3).join(', ')})`);
    } else if (common.length) score += 0.1;
    // Descriptions that share no word are weak evidence against: the same goods go by a trade name,
    // an abbreviation or a grade ('HDPE granules' against 'high density polyethylene'), and a goods
    // conflict on a linked pair is what the goods rule is there to report.
    else score -= 0.05;
  }
  const quantity = quantityRelation(inv, bl);
  if (quantity.near === 'close') {
    score += 0.2;
    agreeing += 1;
    reasons.push(`quantity ${quantity.text} matches`);
  } else if (quantity.near === 'near') score += 0.1;
  // A figure a scan barely made out ('10586217 KG' at 28 %) is no evidence against.
  else if (quantity.near === 'far' && !inv.quantityUnsure && !bl.quantityUnsure) score -= 0.1;
  // The ports of the voyage: those the invoice's shipping block states, and the Incoterm's named
  // place ('CIP Mersin' on the invoice, 'MERSIN, TURKEY' as the B/L's port of discharge: the same
  // voyage's end, or start for the F terms). Each of the B/L's two ports counts once, however many
  // of them name it. A place that is no port of this B/L says nothing: a D term may name an inland
  // town, an F term the seller's works.
  const ports = new Map<'loading' | 'discharge', string>();
  for (const [role, stated, blPort] of [['loading', inv.portOfLoading, bl.portOfLoading], ['discharge', inv.portOfDischarge, bl.portOfDischarge]] as const) {
    if (stated && blPort && samePlace(stated, blPort)) ports.set(role, `the invoice's port of ${role} ${stated} is the B/L's`);
    // Not read as a field: the port as the invoice states it, city and country, printed on the B/L.
    else if (stated && !blPort && printedOn(stated, bl, 2))
      ports.set(role, `the invoice's port of ${role} ${stated} is printed on the B/L`);
  }
  const port = portNamed(inv.incotermPlace ?? null, bl);
  const role = port?.startsWith('loading') ? 'loading' : 'discharge';
  if (port && !ports.has(role)) ports.set(role, `the invoice's named place ${inv.incotermPlace} is the B/L's port of ${port}`);
  if (ports.size > 0) {
    score += ports.size === 2 ? 0.15 : 0.1;
    reasons.push(...ports.values());
  }
  // The B/L's own number not read as a field (its caption lost on a scan), but the number the invoice
  // cites printed on it: as printed or but for OCR look-alikes, nearly proof; a character off, good
  // evidence that the rest must confirm.
  if (inv.blNumber && !bl.blNumber) {
    const printed = citedNumberPrinted(inv.blNumber, bl);
    if (printed === 'same' || printed === 'ocr') {
      score += 0.45;
      reasons.push(`the cited B/L number ${inv.blNumber} is printed on the B/L`);
    } else if (printed !== null) {
      score += 0.25;
      reasons.push(`a number one character off the cited B/L number ${inv.blNumber} is printed on the B/L`);
    }
  }
  // The B/L names an invoice whose number is this one's but for one digit ('C. 551008' for C-551028,
  // a digit a scan misread): good evidence that the rest must confirm (the same number is decisive, above).
  if (bl.invoiceNumber && inv.number && oneDigitOff(numberSkeleton(bl.invoiceNumber), numberSkeleton(inv.number))) {
    score += 0.25;
    reasons.push(`the B/L names invoice ${bl.invoiceNumber}, one digit off ${inv.number}`);
  }
  // The vessel the invoice names: one ship carries many shipments, so it adds to what else agrees;
  // another ship, read on both, counts a little against (a misread letter still names the same one).
  const vessels = vesselRelation(inv.vessel ?? null, bl.vessel ?? null);
  if (vessels === 'same') {
    score += 0.15;
    reasons.push(`the same vessel (${bl.vessel})`);
  } else if (vessels === 'different') score -= 0.1;
  else if (inv.vessel && !bl.vessel && printedOn(vesselWords(inv.vessel).join(' '), bl, 2)) {
    score += 0.15;
    reasons.push(`the vessel ${inv.vessel} is printed on the B/L`);
  }
  if (after !== null) {
    if (outOfWindow) {
      score -= 0.15;
      reasons.push(`shipped ${Math.abs(after)} days ${after < 0 ? 'before' : 'after'} the invoice, outside the policy's window`);
    } else {
      score += 0.1;
      reasons.push(`shipped ${after === 0 ? 'on the invoice date' : `${Math.abs(after)} day${Math.abs(after) === 1 ? '' : 's'} ${after < 0 ? 'before' : 'after'} the invoice`}`);
    }
  }
  if (thirdParty) {
    // The B/L naming this very invoice agrees as much as anything can (its number alone would not:
    // another supplier's invoice may carry the same number, which is why it counts only here).
    if (citesInvoiceNumber(bl.invoiceNumber, inv.number)) {
      agreeing += 1;
      reasons.push(`the B/L names invoice ${bl.invoiceNumber}`);
    }
    if (agreeing < 3 || outOfWindow) return null;
    score -= 0.1;
    reasons.unshift(`shipped by ${bl.shipper}, another registered supplier than the seller ${inv.seller}`);
  }
  return { score, reasons };
}

// Words of a port's name that do not tell ports apart.
const PORT_NOISE = new Set(['port', 'of', 'the', 'harbour', 'harbor', 'terminal', 'city', 'seaport', 'puerto', 'porto', 'hafen', 'haven', 'limani', 'pelabuhan']);

/** The significant words of a place: its name before any comma (a country or state follows), folded. */
const placeWords = (place: string): Set<string> =>
  new Set(
    foldPartyName(place.split(',')[0] ?? '')
      .split(' ')
      .filter((w) => w.length >= 2 && !PORT_NOISE.has(w)),
  );

/** Per B/L, the names already looked for in its text and whether they are printed there. */
const printedNames = new WeakMap<BlSide, Map<string, boolean>>();

/**
 * Whether a name is printed in a B/L's folded text, as consecutive whole words, and is long
 * enough to tell (at least `words` words, or one of eight letters): a one-word town may be in any
 * address, 'AEGEAN BREEZE' or 'ANTWERP, BELGIUM' hardly by chance.
 */
function printedOn(name: string, bl: BlSide, words: number): boolean {
  const folded = foldPartyName(name);
  const count = folded.split(' ').filter((w) => w.length >= 2).length;
  if (count < words && !(count === 1 && folded.length >= 8)) return false;
  // Each B/L is searched once per name: a backlog of unpaired documents meets the same few vessels
  // and ports in pair after pair.
  let seen = printedNames.get(bl);
  if (!seen) printedNames.set(bl, (seen = new Map()));
  let found = seen.get(folded);
  if (found === undefined) {
    const text = bl.text;
    seen.set(folded, (found = text ? ` ${text} `.includes(` ${folded} `) : false));
  }
  return found;
}


/** Per B/L, the cited numbers already looked for in its text and how the closest printed one reads. */
const printedNumbers = new WeakMap<BlSide, Map<string, Exclude<ReturnType<typeof compareBlNumbers>, 'other'> | null>>();

/**
 * How a B/L number cited by an invoice reads against the closest number printed in a B/L's text
 * (one to four words run together: 'ABLUGZ 1394 3340', a character more or less at most), null when
 * none comes near. Numbers shorter than eight characters are never searched: too many figures on a
 * page would match.
 */
function citedNumberPrinted(cited: string, bl: BlSide): Exclude<ReturnType<typeof compareBlNumbers>, 'other'> | null {
  const wanted = compactNumber(cited);
  if (wanted.length < 8 || !/\d/.test(wanted)) return null;
  let seen = printedNumbers.get(bl);
  if (!seen) printedNumbers.set(bl, (seen = new Map()));
  if (seen.has(wanted)) return seen.get(wanted)!;
  const rank = { same: 4, ocr: 3, digit: 2, near: 1 } as const;
  let best: Exclude<ReturnType<typeof compareBlNumbers>, 'other'> | null = null;
  const words = (bl.text ?? '').toUpperCase().split(' ');
  for (let i = 0; i < words.length && best !== 'same'; i += 1) {
    let joined = '';
    for (let j = i; j < Math.min(words.length, i + 4); j += 1) {
      joined += words[j];
      if (joined.length > wanted.length + 1) break;
      if (joined.length < wanted.length - 1 || !/\d/.test(joined)) continue;
      const how = compareBlNumbers(wanted, joined);
      if (how === 'other') continue;
      if (best === null || rank[how] > rank[best]) best = how;
    }
  }
  seen.set(wanted, best);
  return best;
}

/** Per B/L, the invoice numbers already looked for in its text. */
const printedInvoiceNumbers = new WeakMap<BlSide, Map<string, boolean>>();

/** An invoice number's letters and digits, upper-cased, when they are specific enough to be looked for as printed. */
function printedForm(number: string): string | null {
  const form = number.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return form.length >= 8 && /[A-Z]/.test(form) && (form.match(/\d/g) ?? []).length >= 4 ? form : null;
}

/**
 * Whether an invoice's number is printed in a B/L's text: one to three words whose digits, OCR
 * look-alikes folded, are the number's, seven at least (fewer would match a date or a reference);
 * or, fewer digits, the number with its letters exactly as the invoice prints it ('INV-25848' in a
 * shipper's reference box), eight characters at least.
 */
function invoiceNumberPrinted(number: string, bl: BlSide): boolean {
  const wanted = numberSkeleton(number);
  const form = printedForm(number);
  if (wanted.length < 7 && form === null) return false;
  let seen = printedInvoiceNumbers.get(bl);
  if (!seen) printedInvoiceNumbers.set(bl, (seen = new Map()));
  const key = `${wanted}|${form ?? ''}`;
  let found = seen.get(key);
  if (found === undefined) {
    found = false;
    const words = (bl.text ?? '').split(' ');
    for (let i = 0; i < words.length && !found; i += 1) {
      // The text is folded to words ('INV-25848' is 'inv 25848'): the printed form may start on letters.
      if (form === null && !/\d/.test(words[i]!)) continue;
      let joined = '';
      for (let j = i; j < Math.min(words.length, i + 3) && !found; j += 1) {
        joined = joined ? `${joined} ${words[j]}` : words[j]!;
        if (form !== null && joined.toUpperCase().replace(/[^A-Z0-9]/g, '') === form) found = true;
        const skeleton = numberSkeleton(joined);
        if (skeleton.length > wanted.length) break;
        found ||= wanted.length >= 7 && skeleton === wanted;
      }
    }
    seen.set(key, found);
  }
  return found;
}

/** Whether two names of a port are one port: every significant word of the shorter in the longer. */
function samePlace(x: string, y: string): boolean {
  const [a, b] = [placeWords(x), placeWords(y)];
  if (a.size === 0 || b.size === 0) return false;
  const [short, long] = a.size <= b.size ? [a, b] : [b, a];
  return [...short].every((w) => long.has(w));
}

// Words printed with a ship's name that are not its name: prefixes (M/V, MS), voyage labels.
const VESSEL_NOISE = new Set(['mv', 'm', 'v', 'ms', 'mt', 'ss', 'vessel', 'voy', 'voyage', 'the']);

/** A ship's name as words: folded, prefixes and voyage numbers dropped. */
const vesselWords = (name: string): string[] =>
  foldPartyName(name)
    .split(' ')
    .filter((w) => w.length >= 2 && !/\d/.test(w) && !VESSEL_NOISE.has(w));

/**
 * Two readings of a vessel's name: 'same' when the names agree word for word, a letter misread in
 * a long word forgiven ('AFGEAN BREEZE'); 'different' when no word of one is near a word of the other.
 */
export function vesselRelation(a: string | null, b: string | null): 'same' | 'different' | 'unknown' {
  if (!a || !b) return 'unknown';
  const [x, y] = [vesselWords(a), vesselWords(b)];
  if (x.length === 0 || y.length === 0) return 'unknown';
  const near = (u: string, v: string): boolean => u === v || (Math.min(u.length, v.length) >= 5 && editDistance(u, v, 1) <= 1);
  if (x.length === y.length && x.every((w, i) => near(w, y[i]!))) return 'same';
  return x.some((u) => y.some((v) => near(u, v))) ? 'unknown' : 'different';
}

/**
 * Which of the B/L's ports the invoice's named place is ('loading ROTTERDAM, NETHERLANDS'), or null:
 * every significant word of the shorter name is in the longer ('Shanghai Port' and 'SHANGHAI, CHINA'
 * are one port; 'New York' and 'New Orleans' are not).
 */
export function portNamed(place: string | null, bl: BlSide): string | null {
  if (!place) return null;
  for (const [which, port] of [['discharge', bl.portOfDischarge], ['loading', bl.portOfLoading]] as const) {
    if (port && samePlace(place, port)) return `${which} ${port}`;
  }
  return null;
}

export type LinkPlan = {
  /** Links to make: one clear winner each. */
  readonly links: readonly (LinkCandidate & { readonly receivableId: string })[];
  /** For invoices with no clear winner: the leading candidates, best first (at most three). */
  readonly offers: ReadonlyMap<string, readonly LinkCandidate[]>;
};

/**
 * The links to make between invoices that have no B/L yet and B/Ls no receivable holds. B/L-number
 * links are made whenever the number matches (a B/L cited by two invoices is exactly what the
 * duplicate rule must see); the others need a clear winner both ways.
 */
export function planLinks(invoices: readonly InvoiceSide[], bls: readonly BlSide[], given: LinkingOptions): LinkPlan {
  // Names resolve once each: the registry's fuzzy matcher is the costly part of scoring.
  const memo = (resolve: (name: string) => string | null): ((name: string) => string | null) => {
    const seen = new Map<string, string | null>();
    return (name) => {
      let id = seen.get(name);
      if (id === undefined) seen.set(name, (id = resolve(name)));
      return id;
    };
  };
  const options: LinkingOptions = { ...given, supplierOf: memo(given.supplierOf), buyerOf: memo(given.buyerOf) };
  const byNumber = new Map<string, BlSide[]>();
  const byContainer = new Map<string, BlSide[]>();
  const add = (map: Map<string, BlSide[]>, key: string, bl: BlSide): void => {
    const list = map.get(key);
    if (list) list.push(bl);
    else map.set(key, [bl]);
  };
  for (const bl of bls) {
    if (bl.blNumber) add(byNumber, numberKey(bl.blNumber), bl);
    for (const c of bl.containers) add(byContainer, compactNumber(c), bl);
  }
  // The rest are found by date: B/Ls sorted by on-board day, those without one always considered.
  const dated = bls.filter((bl) => bl.onBoardDate).sort((a, b) => (a.onBoardDate! < b.onBoardDate! ? -1 : 1));
  const undated = bls.filter((bl) => !bl.onBoardDate);
  const free = (list: readonly BlSide[]): BlSide[] => list.filter((bl) => !options.held.has(bl.documentId));
  const [freeDated, freeUndated] = [free(dated), free(undated)];
  const inWindow = (issued: string | null): readonly BlSide[] => {
    const [from, to] = issued ? [addDays(issued, -options.daysBefore - FAR_DAYS), addDays(issued, options.daysAfter + FAR_DAYS)] : [null, null];
    if (!from || !to) return [...freeDated, ...freeUndated];
    let lo = 0;
    let hi = freeDated.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (freeDated[mid]!.onBoardDate! < from) lo = mid + 1;
      else hi = mid;
    }
    const out: BlSide[] = [...freeUndated];
    for (let i = lo; i < freeDated.length && freeDated[i]!.onBoardDate! <= to; i++) out.push(freeDated[i]!);
    return out;
  };

  const links: (LinkCandidate & { receivableId: string })[] = [];
  const scored = new Map<string, LinkCandidate[]>();
  for (const inv of invoices) {
    const fresh = (bl: BlSide): boolean => !options.known.has(`${inv.receivableId}\u0000${bl.documentId}`);
    // 1. A cited B/L number: the B/Ls printing it (exactly, else but for OCR look-alikes) are linked,
    // even one another receivable holds — a B/L cited twice is what the duplicate rule must see.
    const cited = citedNumber(inv.blNumber);
    if (cited) {
      const printing = byNumber.get(numberKey(cited)) ?? [];
      // A receivable that holds its B/L and was paired with every B/L printing the number has nothing left to gain here.
      if (options.holding.has(inv.receivableId) && printing.every((bl) => !fresh(bl))) continue;
      const numbered = printing
        .map((bl) => scorePair(inv, bl, options))
        .filter((c): c is LinkCandidate => c !== null && c.how === 'bl_number');
      const exact = numbered.filter((c) => c.score === 1);
      const chosen = (exact.length ? exact : numbered).filter((c) => !options.known.has(`${inv.receivableId}\u0000${c.documentId}`));
      if (numbered.length) {
        for (const c of chosen) links.push({ ...c, receivableId: inv.receivableId });
        continue;
      }
    }
    // Beyond a cited number, only a receivable without a B/L looks further, and only at free B/Ls:
    // shared containers, else the B/Ls shipped in the invoice's window (when the invoice cites a
    // number no B/L carries, only those whose number was not read).
    if (options.holding.has(inv.receivableId)) continue;
    const pool = new Set<BlSide>();
    for (const c of inv.containers) for (const bl of byContainer.get(compactNumber(c)) ?? []) if (!options.held.has(bl.documentId) && fresh(bl)) pool.add(bl);
    const cands: LinkCandidate[] = [];
    const consider = (bl: BlSide): void => {
      const c = scorePair(inv, bl, options);
      if (c && c.score >= OFFER_AT) cands.push(c);
    };
    for (const bl of pool) consider(bl);
    // A B/L shipped by another registered supplier is passed over without scoring.
    const seller = inv.seller ? options.supplierOf(inv.seller) : null;
    const otherShipper = (bl: BlSide): boolean => seller !== null && bl.shipper !== null && (options.supplierOf(bl.shipper) ?? seller) !== seller;
    // …unless it goes to this invoice's registered buyer: a third party may have shipped it (scored in full).
    const buyer = inv.buyer ? options.buyerOf(inv.buyer) : null;
    const toBuyer = (bl: BlSide): boolean => buyer !== null && [bl.consignee, bl.notifyParty].some((p) => p !== null && options.buyerOf(p) === buyer);
    if (!cands.some((c) => c.how === 'containers')) {
      const vetoes = cited !== null && plausibleBlNumber(cited);
      for (const bl of inWindow(inv.issueDate)) if (!pool.has(bl) && fresh(bl) && !(vetoes && plausibleBlNumber(bl.blNumber) && !bl.blNumberUnsure && compareBlNumbers(cited, bl.blNumber!) !== 'near') && (!otherShipper(bl) || toBuyer(bl))) consider(bl);
    }
    cands.sort((a, b) => b.weight - a.weight);
    scored.set(inv.receivableId, cands);
  }

  // The best B/L for each invoice, and the best invoice for each B/L, must agree with a clear margin.
  // Rounds: a pair linked leaves the race, which may make another pair's winner clear (two invoices
  // listing one container: once the better fit is linked, the other B/L has one claimant left).
  // Claimants that are one invoice in two renditions (the same seller and number: a re-issue, a
  // photo of it) are no rivals: the B/L is linked to each, as a cited B/L number would be, so that
  // the duplicate rules see the shipment financed twice.
  const invoiceOf = new Map(invoices.map((inv) => [inv.receivableId, inv]));
  const sameInvoice = (a: InvoiceSide | undefined, b: InvoiceSide | undefined): boolean => {
    if (!a || !b || !a.seller || !b.seller || !a.number || !b.number) return false;
    const seller = options.supplierOf(a.seller);
    const skeleton = numberSkeleton(a.number);
    return seller !== null && seller === options.supplierOf(b.seller) && skeleton.length >= 3 && skeleton === numberSkeleton(b.number);
  };
  // Who took each B/L: one taken by a rendition of this very invoice (a re-issue citing its number)
  // is still open to it.
  const takers = new Map<string, string[]>();
  const take = (documentId: string, receivableId: string): void => void takers.set(documentId, [...(takers.get(documentId) ?? []), receivableId]);
  for (const l of links) take(l.documentId, l.receivableId);
  const takenFrom = (receivableId: string, documentId: string): boolean =>
    (takers.get(documentId) ?? []).some((other) => other !== receivableId && !sameInvoice(invoiceOf.get(receivableId), invoiceOf.get(other)));
  const linked = new Set<string>();
  for (let round = 0; round < 5; round++) {
    const open = [...scored].filter(([id]) => !linked.has(id)).map(([id, cands]) => [id, cands.filter((c) => !takenFrom(id, c.documentId))] as const);
    const claims = new Map<string, { receivableId: string; weight: number }[]>();
    for (const [receivableId, cands] of open) for (const c of cands) claims.set(c.documentId, [...(claims.get(c.documentId) ?? []), { receivableId, weight: c.weight }]);
    let made = 0;
    const linkNow: { receivableId: string; best: LinkCandidate }[] = [];
    for (const [receivableId, cands] of open) {
      const [best, second] = cands;
      if (best === undefined || best.weight < LINK_AT || (second !== undefined && best.weight - second.weight < LINK_MARGIN)) continue;
      // Rivals for this B/L within the margin, other renditions of this very invoice aside.
      const rivals = (claims.get(best.documentId) ?? []).filter((c) => c.receivableId !== receivableId && !sameInvoice(invoiceOf.get(receivableId), invoiceOf.get(c.receivableId)));
      const ahead = rivals.every((c) => best.weight - c.weight >= LINK_MARGIN);
      if (ahead) linkNow.push({ receivableId, best });
    }
    for (const { receivableId, best } of linkNow) {
      links.push({ ...best, receivableId });
      linked.add(receivableId);
      made += 1;
    }
    for (const { receivableId, best } of linkNow) take(best.documentId, receivableId);
    if (made === 0) break;
  }
  const offers = new Map<string, readonly LinkCandidate[]>();
  for (const [receivableId, cands] of scored) if (!linked.has(receivableId) && cands.length) offers.set(receivableId, cands.slice(0, 3));
  return { links, offers };
}
