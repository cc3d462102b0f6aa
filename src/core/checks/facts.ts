/**
 * Typed reads of receivable facts, and the structures derived once per policy or context
 * (commodity keyword index, price bands, escrow accounts, party matchers) so that rules evaluated
 * over 100k receivables do not rebuild them.
 */
import type { FieldName } from '../../shared/documents';
import type { Policy } from '../../shared/policy';
import { toMinor } from '../../shared/checks';
import type { Buyer, Supplier } from '../../shared/checks';
import { dayNumber, isoFromDay } from './dates';
import { createPartyMatcher, normalizePartyName } from './names';
import type { CheckContext, Derived, DocumentFacts, ReceivableFacts, ReceivableValues } from './types';

export type { Derived } from './types';

const BLANK_RE = /^\s*$/;
const NON_COMPACT_RE = /[^A-Z0-9]/g;

/** A text field's value, or null when absent or empty. */
export function textOf(doc: DocumentFacts | undefined, field: FieldName): string | null {
  const value = doc?.fields[field]?.value;
  if (typeof value === 'string') {
    if (value.length === 0) return null;
    // A printable ASCII first character is not white space: no regular expression needed.
    const c = value.charCodeAt(0);
    return (c > 32 && c < 127) || !BLANK_RE.test(value) ? value : null;
  }
  if (typeof value === 'number') return String(value);
  return null;
}

/** A numeric field's value, or null when absent or not a finite number. */
export function numberOf(doc: DocumentFacts | undefined, field: FieldName): number | null {
  const value = doc?.fields[field]?.value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A date field as a day number, or null. */
export function dayOf(doc: DocumentFacts | undefined, field: FieldName): number | null {
  const value = doc?.fields[field]?.value;
  return typeof value === 'string' ? dayNumber(value) : null;
}

/** Upper case, only letters and digits: how account numbers and B/L numbers compare. */
export function compactId(value: string): string {
  return isCompact(value) ? value : value.toUpperCase().replace(NON_COMPACT_RE, '');
}

// Only capital letters and digits (/^[A-Z0-9]*$/), tested without a regular expression on this hot path.
const isCompact = (value: string): boolean => {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
};

// What OCR reads in place of a digit (a bar for a one too), and the digit it stands for, by character
// code: O Q D → 0, I L | → 1, Z → 2, S → 5, G → 6, B → 8 (-1: not a look-alike).
const LOOKALIKE_DIGIT = new Int8Array(128).fill(-1);
for (const [c, d] of Object.entries({ O: 0, Q: 0, D: 0, I: 1, L: 1, '|': 1, Z: 2, S: 5, G: 6, B: 8 })) LOOKALIKE_DIGIT[c.charCodeAt(0)] = d;

// Scratch space for the skeleton's character codes: building it a character at a time with `+=`
// allocated a new string per character (~70 MB of garbage per evaluation of 100k invoice numbers).
let skeletonCodes = new Uint16Array(64);
// Views of its first n codes, made once per length (a view per call would be garbage again).
let skeletonViews: Uint16Array[] = [];
const skeletonView = (n: number): Uint16Array => (skeletonViews[n] ??= skeletonCodes.subarray(0, n));

/**
 * The digits of a document number, read as OCR may have misread them: a token (a run of letters,
 * digits and `|`) that holds a digit and otherwise only digit look-alikes (O, I, S, B …) counts as
 * digits; any other token gives only its digits. "SPR/EX/2026/0167", "spr-ex-2026-0167" and a
 * scan's "SPRIEX/2026/O167" all give "20260167".
 */
export function digitSkeleton(value: string): string {
  const text = value.toUpperCase();
  if (skeletonCodes.length < text.length) {
    skeletonCodes = new Uint16Array(text.length * 2);
    skeletonViews = [];
  }
  const codes = skeletonCodes;
  // The skeleton so far is codes[0, length); the current token starts at `token`. A token's look-alikes
  // are written as digits with the high bit set; when the token ends they are kept (bit cleared) if it
  // held a digit and only look-alikes, else dropped so that only its real digits stay.
  let length = 0;
  let token = 0;
  let hasDigit = false;
  let onlyLookalikes = true;
  for (let i = 0; i <= text.length; i += 1) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c >= 48 && c <= 57) {
      codes[length++] = c;
      hasDigit = true;
      continue;
    }
    const digit = c < 128 ? LOOKALIKE_DIGIT[c]! : -1;
    if (digit >= 0) {
      // Kept as a digit for now, marked (high bit) so that it can be dropped if the token turns out to be a word.
      codes[length++] = 0x8000 | (48 + digit);
      continue;
    }
    if (c >= 65 && c <= 90) {
      onlyLookalikes = false;
      continue;
    }
    // A separator ends the token: whole when it held a digit and only look-alikes, else its digits only.
    const whole = hasDigit && onlyLookalikes;
    let to = token;
    for (let j = token; j < length; j += 1) {
      const code = codes[j]!;
      if (code < 0x8000) codes[to++] = code;
      else if (whole) codes[to++] = code & 0x7fff;
    }
    length = to;
    token = length;
    hasDigit = false;
    onlyLookalikes = true;
  }
  return length === 0 ? '' : String.fromCharCode.apply(null, skeletonView(length) as unknown as number[]);
}

/** Fewer digits than this and an invoice number counts as printed: "INV-1" and "CN-1" are not alike. */
const MIN_SKELETON_DIGITS = 4;

/**
 * How invoice numbers compare across reads (duplicate checks, fingerprints): by their digit skeleton
 * (`#20260167`) when it has four digits or more, else as printed letters and digits (`=INV1`).
 */
export function invoiceNumberKey(value: string): string {
  const skeleton = digitSkeleton(value);
  return skeleton.length >= MIN_SKELETON_DIGITS ? `#${skeleton}` : `=${compactId(value)}`;
}

/**
 * The values several rules share, parsed from a receivable's fields. Whoever builds the snapshot
 * calls this once per receivable (the backend when it gathers, test fixtures likewise) and stores it
 * as `derived`: evaluating 100k receivables then reads a few numbers per receivable instead of
 * parsing dates in every rule, and group rules (capacity, buyer limits) that walk every receivable
 * touch one small object each.
 */
export function deriveFacts(r: ReceivableValues): Derived {
  const currency = currencyOf(r);
  const issueDay = dayOf(r.invoice, 'issue_date');
  const printedDueDay = dayOf(r.invoice, 'due_date');
  let shipmentDay: number | null = null;
  for (const bl of r.bls) {
    const d = dayOf(bl, 'shipped_on_board_date');
    if (d !== null && (shipmentDay === null || d < shipmentDay)) shipmentDay = d;
  }
  let due: Derived['due'] = printedDueDay === null ? null : { day: printedDueDay, derived: false };
  const terms = r.invoice.signals.paymentTerms;
  if (due === null && terms) {
    const base = terms.from === 'bl' ? shipmentDay : issueDay;
    if (base !== null) due = { day: base + terms.days, derived: true };
  }
  const quantity = numberOf(r.invoice, 'quantity');
  const issue = r.invoice.fields.issue_date;
  const issueConfidence = issue && !issue.confirmed ? issue.confidence : 1;
  return { currency, issueDay, issueConfidence, printedDueDay, shipmentDay, due, amount: numberOf(r.invoice, 'total_amount'), quantity, unit: textOf(r.invoice, 'quantity_unit'), decimalSlip: decimalSlip(r.invoice, quantity) };
}

/** Slack around an exact power of ten: the unit price and the goods value are rounded to cents. */
const SLIP_SLACK = 0.005;

/**
 * The power of ten by which quantity × unit price misses the goods value (the subtotal, else the
 * total) on an invoice read from a scan with a single goods line, neither value confirmed; null
 * otherwise. See `Derived.decimalSlip`.
 */
export function decimalSlip(invoice: DocumentFacts, quantity: number | null): number | null {
  if (invoice.signals.ocr !== true || invoice.signals.lineItems.length > 1 || quantity === null || quantity <= 0) return null;
  if (invoice.fields.quantity?.confirmed || invoice.fields.unit_price?.confirmed) return null;
  const price = numberOf(invoice, 'unit_price');
  const goods = numberOf(invoice, 'subtotal') ?? numberOf(invoice, 'total_amount');
  if (price === null || price <= 0 || goods === null || goods <= 0) return null;
  const ratio = (quantity * price) / goods;
  for (const k of [10, 100, 1000]) {
    if (Math.abs(ratio - k) <= k * SLIP_SLACK) return k;
    if (Math.abs(ratio - 1 / k) <= SLIP_SLACK / k) return 1 / k;
  }
  return null;
}

/** What a finding says when the quantity it stands on may have lost its decimal separator. */
export function slipNote(r: ReceivableFacts): string {
  const k = r.derived.decimalSlip;
  if (k === null) return '';
  const factor = k >= 1 ? k : 1 / k;
  return ` The invoice was read from a scan, and its quantity × unit price is ${factor.toLocaleString('en-US')}× ${k >= 1 ? 'more' : 'less'} than its goods value: a decimal separator was likely lost in reading — confirm the quantity and unit price on the page.`;
}

/** The parsed values of a receivable that several rules share. */
export const derivedOf = (r: ReceivableFacts): Derived => r.derived;

/** The invoice's currency, upper-cased, or null (read directly: group rules walk many receivables). */
export function currencyOf(r: ReceivableValues): string | null {
  const raw = textOf(r.invoice, 'currency');
  return raw === null || isCurrencyCode(raw) ? raw : raw.trim().toUpperCase();
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
// Three capital letters (/^[A-Z]{3}$/), tested without a regular expression.
const isCurrencyCode = (raw: string): boolean => raw.length === 3 && isUpper(raw.charCodeAt(0)) && isUpper(raw.charCodeAt(1)) && isUpper(raw.charCodeAt(2));

/** The face value in integer minor units, or null. */
export function faceMinor(r: ReceivableFacts): number | null {
  const { amount, currency } = r.derived;
  return amount === null || currency === null ? null : toMinor(amount, currency);
}

/** The earliest shipped-on-board date among the linked B/Ls, as a day number. */
export function shipmentDay(r: ReceivableFacts): number | null {
  return derivedOf(r).shipmentDay;
}

/**
 * The due date: printed on the invoice, else derived from its stated terms ("120 days from B/L
 * date") when the base date is known. `derived` says which.
 */
export function dueDayOf(r: ReceivableFacts): { readonly day: number; readonly derived: boolean } | null {
  return derivedOf(r).due;
}

/** The invoice date as a day number. */
export function issueDayOf(r: ReceivableFacts): number | null {
  return derivedOf(r).issueDay;
}

/**
 * A due date read on a scan as falling before the invoice date. No invoice falls due before it is
 * issued, and on a scan a date is easily misread by one digit (*17.09.2026* read *17.08.2026*): one of
 * the two dates is in doubt, so a rule that would fail on the printed due date warns to confirm both.
 */
export function dueDateInDoubt(r: ReceivableFacts): boolean {
  const { issueDay, printedDueDay } = derivedOf(r);
  return r.invoice.signals.ocr === true && issueDay !== null && printedDueDay !== null && printedDueDay < issueDay;
}

/**
 * A due date read on a scan more than a year after the invoice date whose day and month, in the
 * invoice's year or the next, fall due within `maxDays` of it (*03.09.2026* read *03.09.2028*): its
 * year was likely misread by one digit, so a rule that would fail on it warns to confirm it.
 */
export function dueYearInDoubt(r: ReceivableFacts, maxDays: number): boolean {
  const { issueDay, printedDueDay } = derivedOf(r);
  if (r.invoice.signals.ocr !== true || issueDay === null || printedDueDay === null || printedDueDay - issueDay <= 366) return false;
  const printed = isoFromDay(printedDueDay);
  const year = Number(isoFromDay(issueDay).slice(0, 4));
  return [year, year + 1].some((y) => {
    const day = dayNumber(`${y}${printed.slice(4)}`);
    return day !== null && day - issueDay >= 0 && day - issueDay <= maxDays;
  });
}

// ---------------------------------------------------------------------------------------------
// Goods descriptions

const WORD_SPLIT_RE = /[^a-z0-9]+/;
const STOP_WORDS = new Set([
  'and', 'the', 'for', 'with', 'per', 'from', 'into', 'net', 'gross', 'weight', 'grade', 'packing', 'packed', 'bags', 'bag',
  'bulk', 'origin', 'quality', 'export', 'quantity', 'total', 'said', 'contain', 'containing', 'new', 'crop', 'mt', 'kg', 'kgs',
]);

/** Lower-case ASCII words of a goods description, diacritics folded. */
export function goodsWords(description: string): string[] {
  return description
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(WORD_SPLIT_RE)
    .filter((w) => w.length > 0);
}

/** The words of a goods description that identify it (no stop words, at least three characters). */
export function keyWords(description: string): Set<string> {
  const out = new Set<string>();
  for (const word of goodsWords(description)) if (word.length >= 3 && !STOP_WORDS.has(word)) out.add(word);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per-policy structures

export type PolicyIndex = {
  /** The commodity a goods description names (policy order decides ties), or null. */
  readonly commodityOf: (description: string | null) => string | null;
  readonly eligibleCommodities: ReadonlySet<string>;
  readonly currencies: ReadonlySet<string>;
  /** Price bands by `${commodity}|${currency}`. */
  readonly priceBands: ReadonlyMap<string, readonly Policy['priceBands'][number][]>;
  /** The price bands of a commodity in a currency (what `priceBands` holds, without building a key). */
  readonly bandsOf: (commodity: string, currency: string) => readonly Policy['priceBands'][number][] | undefined;
};

const policyIndexes = new WeakMap<Policy, PolicyIndex>();

/** The structures derived from a policy, built once per policy object. */
export function policyIndex(policy: Policy): PolicyIndex {
  let index = policyIndexes.get(policy);
  if (index) return index;
  const keywords = policy.commodities.map((c) => ({ name: c.name, phrases: c.keywords.map((k) => ` ${goodsWords(k).join(' ')} `) }));
  const cache = new Map<string, string | null>();
  const commodityOf = (description: string | null): string | null => {
    if (!description) return null;
    let found = cache.get(description);
    if (found !== undefined) return found;
    const words = goodsWords(description);
    // Plurals count: "soybean" also finds "soybeans", "bean" finds "beans".
    const text = ` ${words.join(' ')} ${words.map((w) => (w.endsWith('s') ? w.slice(0, -1) : w)).join(' ')} `;
    found = keywords.find((c) => c.phrases.some((p) => text.includes(p)))?.name ?? null;
    if (cache.size > 50_000) cache.clear();
    cache.set(description, found);
    return found;
  };
  const priceBands = new Map<string, Policy['priceBands'][number][]>();
  const byCommodity = new Map<string, Map<string, Policy['priceBands'][number][]>>();
  for (const band of policy.priceBands) {
    const key = `${band.commodity}|${band.currency}`;
    const list = priceBands.get(key);
    if (list) list.push(band);
    else {
      const created = [band];
      priceBands.set(key, created);
      let byCurrency = byCommodity.get(band.commodity);
      if (!byCurrency) byCommodity.set(band.commodity, (byCurrency = new Map()));
      byCurrency.set(band.currency, created);
    }
  }
  index = {
    commodityOf,
    eligibleCommodities: new Set(policy.eligibility.eligibleCommodities),
    currencies: new Set(policy.eligibility.currencies),
    priceBands,
    bandsOf: (c, currency) => byCommodity.get(c)?.get(currency),
  };
  policyIndexes.set(policy, index);
  return index;
}

// ---------------------------------------------------------------------------------------------
// Per-context structures

export type ContextIndex = {
  readonly supplierOf: (name: string | null | undefined) => Supplier | null;
  readonly buyerOf: (name: string | null | undefined) => Buyer | null;
  /** Escrow accounts by compact account number → currencies they take. */
  readonly escrow: ReadonlyMap<string, readonly string[]>;
  readonly asOfDay: number | null;
};

const contextIndexes = new WeakMap<CheckContext, ContextIndex>();

/** The structures derived from a context (counterparty matchers, escrow index), built once per context. */
export function contextIndex(ctx: CheckContext): ContextIndex {
  let index = contextIndexes.get(ctx);
  if (index) return index;
  const escrow = new Map<string, string[]>();
  for (const account of ctx.escrowAccounts) {
    const key = compactId(account.account);
    const list = escrow.get(key);
    if (list) list.push(account.currency.toUpperCase());
    else escrow.set(key, [account.currency.toUpperCase()]);
  }
  index = {
    supplierOf: createPartyMatcher([...ctx.suppliers.values()]),
    buyerOf: createPartyMatcher([...ctx.buyers.values()]),
    escrow,
    asOfDay: dayNumber(ctx.asOf),
  };
  contextIndexes.set(ctx, index);
  return index;
}

const normalizedNames = new Map<string, string>();

/** `normalizePartyName`, memoized (the same few hundred names recur across 100k receivables). */
export function normalizedName(name: string): string {
  let n = normalizedNames.get(name);
  if (n === undefined) {
    n = normalizePartyName(name);
    if (normalizedNames.size > 100_000) normalizedNames.clear();
    normalizedNames.set(name, n);
  }
  return n;
}

/** 0: different ignoring ASCII case; 1: equal, no ASCII letter or digit; 2: equal with one. */
export const asciiCaseEqual = (a: string, b: string): 0 | 1 | 2 => {
  if (a.length !== b.length) return 0;
  let alnum = false;
  for (let i = 0; i < a.length; i += 1) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 97 && x <= 122) x -= 32;
    if (y >= 97 && y <= 122) y -= 32;
    if (x !== y) return 0;
    if ((x >= 65 && x <= 90) || (x >= 48 && x <= 57)) alnum = true;
  }
  return alnum ? 2 : 1;
};

/** Two printed names name the same party: equal once normalized, or one a token prefix (≥ 2 words) of the other. */
export function sameName(a: string, b: string): boolean {
  // Documents mostly print one name in two cases ("Buyer 112 Trading GmbH" / "BUYER 112 TRADING
  // GMBH"): normalization lower-cases first, so names equal but for ASCII case normalize alike,
  // and one with an ASCII letter or digit never normalizes to ''. No cache lookups then.
  const ascii = asciiCaseEqual(a, b);
  if (ascii === 2) return true;
  if (ascii === 1) return normalizedName(a) !== '';
  const x = normalizedName(a);
  const y = normalizedName(b);
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.includes(' ') && long.startsWith(`${short} `);
}
