/**
 * Value grammars bound to a label: each reads a candidate value (the text after or below a label)
 * as one field's value, with the tokens it came from and how sure the reading is.
 */
import type { Context, Parse } from './context';
import { tokensIn } from './context';
import { findAmounts } from './grammars/amounts';
import { currencyCode, findCurrencies } from './grammars/currency';
import type { DateOrder } from './grammars/dates';
import { findDates, isAmbiguous, resolveDate } from './grammars/dates';
import type { IbanReading } from './grammars/identifiers';
import { cleanReference, looksLikeReference, parseAccountNumber, readIban } from './grammars/identifiers';
import { findQuantities, normaliseUnit } from './grammars/quantity';
import { cleanPartyName, findIncoterm, incotermPlace, isPartyName, isVoyageCode } from './grammars/shipping';
import { isNameLine, withoutNamePrefix } from './party-blocks';
import type { PageLayout, Token } from './layout';
import type { ValueCandidate } from './values';
import { isAddressLine, isPlaceLine } from './grammars/address';
import { joinTokens } from './layout';
import { matchLabel } from './label-match';
import { COLUMNS, LABELS } from './labels';
export const parseReference: Parse = (cand) => {
  // A number word, or a lone dash or bar a scan read from the box's edge ('- NSLU570251486'), goes first.
  const toks = cand.tokens.filter((t, i) => !(i === 0 && /^(no\.?|nr\.?|n[º°o]\.?|#|:|[-–—_|])$/i.test(t.text)));
  // A reference is one token, or a few upper-case groups printed apart ("ONSW 2603 88120"); it
  // stops at a word in lower case ("Dt.", "dated") or anything that reads as a date.
  const run: Token[] = [];
  for (const t of toks.slice(0, 4)) {
    const text = cleanReference(t.text);
    if (!/^[A-Z0-9][A-Z0-9/\-._]*$/.test(text) || findDates(text)[0]?.raw === text) break;
    run.push(t);
    if (t.text.endsWith(',') || t.text.endsWith(';')) break;
  }
  // A short code printed before a whole reference in the same cell ('V.981W HOCLEH6140785': the
  // voyage beside the B/L number under a caption a scan merged) gives way to that reference.
  const whole = (t: Token): boolean => {
    const text = cleanReference(t.text);
    return text.length >= 8 && /[A-Z]/.test(text) && /\d/.test(text) && !isVoyageCode(text);
  };
  const later = run.length > 1 && !whole(run[0]!) ? run.slice(1).find(whole) : undefined;
  const candidates = run.length > 1 ? [...(later ? [[later]] : []), run, run.slice(0, 1)] : [toks.slice(0, 1)];
  for (const c of candidates) {
    const text = cleanReference(joinTokens(c));
    if (!c.length || !looksLikeReference(text.replace(/ /g, '')) || (c.length > 1 && !/\d/.test(c[c.length - 1]?.text ?? ''))) continue;
    // Money is no reference: '124 605.00' (groups of three, cents), '103455.00'.
    if (/^\d{1,3}(?:[ .,]\d{3})+[.,]\d{2}$|^\d{5,}[.,]\d{2}$/.test(text)) continue;
    if (findDates(text)[0]?.raw === text) continue;
    return { value: text, tokens: c, sure: /[A-Za-z]/.test(text) || text.length >= 6 ? 1 : 0.85 };
  }
  return null;
};

/** A date under the document's day/month order; `orderSure` false lowers an ambiguous reading. */
export const parseDate =
  (order: DateOrder, orderSure: boolean): Parse =>
  (cand) => {
    const m = findDates(cand.text)[0];
    if (!m) return null;
    const value = resolveDate(m, order) ?? resolveDate(m, order === 'dmy' ? 'mdy' : 'dmy');
    if (!value) return null;
    const unsure = isAmbiguous(m) && !orderSure;
    const sure = unsure ? 0.7 : 1;
    const other = unsure ? resolveDate(m, order === 'dmy' ? 'mdy' : 'dmy') : null;
    return { value, tokens: tokensIn(cand.tokens, m.index, m.index + m.raw.length), sure, raw: m.raw, ...(other && other !== value ? { ambiguity: dateAmbiguity(m.raw, value, other) } : {}) };
  };

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const spelled = (iso: string): string => `${Number(iso.slice(8, 10))} ${MONTH_NAMES[Number(iso.slice(5, 7)) - 1] ?? ''} ${iso.slice(0, 4)}`;

/** "03/04/2026 could be 3 April 2026 or 4 March 2026": nothing on the page says which comes first. */
export const dateAmbiguity = (raw: string, value: string, other: string): string => `${raw} could be ${spelled(value)} or ${spelled(other)}; nothing else on the document says whether the day or the month comes first`;

/**
 * "99.000 could be 99 or 99 000": a number with one group of three after its only separator reads
 * both ways when the document proves neither decimal mark.
 */
export function numberAmbiguity(raw: string, value: number): string | undefined {
  const digits = raw.replace(/[^\d.,]/g, '');
  const m = /^(\d{1,3})[.,](\d{3})$/.exec(digits);
  if (!m) return undefined;
  const whole = Number(`${m[1]}${m[2]}`);
  const decimal = Number(`${m[1]}.${m[2]}`);
  const other = Math.abs(value - whole) < 1e-9 ? decimal : whole;
  const fmt = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US').replace(/,/g, ' ') : String(n));
  return `${raw.trim()} could be ${fmt(value)} or ${fmt(other)}; the document does not show which mark is its decimal point`;
}

export const parseAmount = (ctx: Context): Parse => (cand) => {
  // Percentages and quantities ("18,000 kg" on a totals line) are not amounts.
  const after = (a: { index: number; raw: string }): string => cand.text.slice(a.index + a.raw.length);
  const amounts = findAmounts(cand.text, ctx.mark).filter((a) => a.value > 0 && !/^\s?%/.test(after(a)) && !(a.currency === null && normaliseUnit(after(a).trim().split(/\s+/)[0] ?? '')));
  // Dates and percentages are not totals; the rightmost figure on a totals line is the amount.
  const dateSpans = findDates(cand.text).map((d) => [d.index, d.index + d.raw.length] as const);
  const ok = amounts.filter((a) => !dateSpans.some(([s, e]) => a.index >= s && a.index < e));
  const a = ok[ok.length - 1];
  if (!a) return null;
  const sure = a.currency || a.decimals === 2 ? 1 : a.ambiguous ? 0.75 : 0.85;
  const ambiguity = a.ambiguous ? numberAmbiguity(a.raw, a.value) : undefined;
  return { value: a.value, tokens: tokensIn(cand.tokens, a.index, a.index + a.raw.length), sure, raw: a.raw, ...(ambiguity ? { ambiguity } : {}) };
};

/** Drops OCR debris before a value: a short, unsure lower-case or symbol read from a box rule. */
export const withoutDebris = (tokens: readonly Token[]): readonly Token[] => {
  const [first, second] = tokens;
  if (first && second && first.confidence < 0.6 && /^([a-z]{1,2}|[^\p{L}\d]{1,2})$/u.test(first.text) && /^[\p{Lu}\d]/u.test(second.text)) return tokens.slice(1);
  return tokens;
};

/**
 * A party's name from the lines of its block: the first that reads as a name, never an address,
 * place, contact or registration line ("Ho Chi Minh City, Vietnam", "Tel: …"); a "Name:" or
 * "Company:" prefix is dropped.
 */
export const parseParty: Parse = (cand, ctx, hit) => {
  if (ctx.isLabel(cand.segment) && cand.placement !== 'inline' && !/^(company\s+)?name\s*:/i.test(cand.text)) return null;
  if (hit && cand.placement === 'below' && cand.distance > 1 && addressBetween(hit.layout, hit.segment.line, cand)) return null;
  // A name far across the page and on another line than the label is a heading over another box
  // (the carrier's name beside the shipper's caption), not this party.
  if (hit && cand.placement === 'right' && cand.segment.line !== hit.segment.line && (cand.tokens[0]?.x0 ?? 0) - hit.segment.x1 > hit.layout.em * 8) return null;
  let tokens = withoutDebris(cand.tokens);
  const stripped = withoutNamePrefix(joinTokens(tokens));
  if (stripped !== joinTokens(tokens)) tokens = tokens.slice(joinTokens(tokens).slice(0, joinTokens(tokens).length - stripped.length).trim().split(/\s+/).length);
  const raw = joinTokens(tokens);
  const name = cleanPartyName(raw);
  if (!isPartyName(name) || !isNameLine(name) || isWholeLabel(tokens)) return null;
  return { value: name, tokens, sure: 1, raw };
};

/**
 * Whether a name read further down a party's column starts a box of its own: an address line stands
 * between it and the label, and a gap wider than a line sets it apart (the shipper's own name
 * smudged, the consignee's caption lost: the consignee is no shipper). A name right under an
 * address line, with no gap, may be the party's name read out of order.
 */
function addressBetween(layout: PageLayout, labelLine: number, cand: ValueCandidate): boolean {
  const first = cand.tokens[0];
  if (!first) return false;
  const x1 = Math.max(...cand.tokens.map((t) => t.x1));
  let address = false;
  let lastY = -Infinity;
  for (let li = labelLine + 1; li < cand.segment.line; li++) {
    for (const seg of layout.lines[li]?.segments ?? []) {
      if (seg.x1 < first.x0 - layout.em || seg.x0 > x1) continue;
      // Specks a scan made of a smudge or a lost caption leave the gap as it is.
      if (seg.tokens.reduce((sum, t) => sum + t.confidence, 0) / seg.tokens.length < 0.5) continue;
      if (isAddressLine(seg.text) || isPlaceLine(seg.text)) address = true;
      lastY = Math.max(lastY, seg.y1);
    }
  }
  return address && cand.segment.y0 - lastY > layout.em * 1.5;
}

/** A form's own wording taken for a value: a label or a column heading, word for word ("Item Description", "Sua encomenda"). */
export function isWholeLabel(tokens: readonly Token[], maxWords = 4): boolean {
  const words = tokens.filter((t) => /\p{L}/u.test(t.text));
  if (!words.length || words.length > maxWords) return false;
  const label = matchLabel(words, LABELS, 6) ?? matchLabel(words, COLUMNS, 6);
  return label !== null && label.length >= words.length;
}

export const parseText: Parse = (cand) => {
  const tokens = withoutDebris(cand.tokens);
  const raw = joinTokens(tokens);
  const text = raw.replace(/^[:\-–\s"“”'‘’]+|[\s|]+$/g, '').trim();
  if ((text.match(/\p{L}/gu) ?? []).length < 2 || /^(n\/?a|tba|tbc|--?)$/i.test(text)) return null;
  return { value: text, tokens, sure: 1, raw };
};

export const parseIncoterm: Parse = (cand) => {
  const m = findIncoterm(cand.text);
  if (!m) return null;
  return { value: m.code, tokens: tokensIn(cand.tokens, m.index, m.index + m.raw.length), sure: 1, raw: m.raw };
};

/** The named place after an Incoterm ('CFR Genoa (Incoterms® 2020)' → 'Genoa'). */
export const parseIncotermPlace: Parse = (cand) => {
  const m = findIncoterm(cand.text);
  const p = m && incotermPlace(cand.text, m);
  if (!p) return null;
  return { value: p.place, tokens: tokensIn(cand.tokens, p.index, p.index + p.place.length), sure: 1, raw: p.place };
};

export const parseCurrencyLabel = (ctx: Context): Parse => (cand) => {
  const c = findCurrencies(cand.text, true)[0];
  if (!c) return null;
  const code = currencyCode(c, ctx.text);
  if (!code) return null;
  return { value: code, tokens: tokensIn(cand.tokens, c.index, c.index + c.raw.length), sure: 1, raw: c.raw };
};

/** What a person should know about an IBAN that was repaired or fails its check. */
const ibanAmbiguity = (iban: IbanReading): { ambiguity?: string } =>
  !iban.valid
    ? { ambiguity: `${iban.raw} does not pass the IBAN check (mod 97): a misprint, a misread character, or not a real account` }
    : iban.repaired
      ? { ambiguity: `printed ${iban.raw}; ${iban.repaired === 1 ? 'one character was' : `${iban.repaired} characters were`} read again as ${iban.value} so that the IBAN check holds` }
      : {};

export const parseAccount: Parse = (cand, _ctx, hit) => {
  const iban = readIban(cand.text);
  // An IBAN wrapped in a narrow cell goes on at the start of the line below ("DE67 1004 8392 7221" / "8882 72").
  if (!iban && hit && /[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,}/i.test(cand.text)) {
    const below = hit.layout.lines[cand.segment.line + 1]?.segments.find((o) => Math.abs(o.x0 - cand.segment.x0) < hit.layout.em * 1.5 && /^[A-Z0-9]{1,4}(\s[A-Z0-9]{1,4})*$/i.test(o.text));
    if (below) {
      const joined = { ...cand, tokens: [...cand.tokens, ...below.tokens], text: `${cand.text} ${below.text}` };
      const again = readIban(joined.text);
      if (again) {
        const sure = again.valid ? (again.repaired ? 0.7 : 0.95) : 0.5;
        return { value: again.value, tokens: tokensIn(joined.tokens, again.index, again.index + again.raw.length), sure, raw: again.raw, checked: again.valid, ...ibanAmbiguity(again) };
      }
    }
  }
  if (iban) {
    // A repaired or failing IBAN is still what the page shows; its confidence says how far to trust it.
    const sure = iban.valid ? (iban.repaired ? (iban.repaired > 1 ? 0.7 : 0.75) : 1) : 0.55;
    return { value: iban.value, tokens: tokensIn(cand.tokens, iban.index, iban.index + iban.raw.length), sure, raw: iban.raw, checked: iban.valid, ...ibanAmbiguity(iban) };
  }
  if (hit?.key === 'iban') return null;
  const acc = parseAccountNumber(cand.text);
  if (!acc) return null;
  const start = cand.text.indexOf(acc.raw);
  return { value: acc.value, tokens: tokensIn(cand.tokens, start, start + acc.raw.length), sure: 0.9, raw: acc.raw };
};

/** A quantity with its unit after a label; `raw` carries the unit code for the unit field. */
export const parseQuantity = (ctx: Context): Parse => (cand) => {
  const q = findQuantities(cand.text, ctx.mark).find((x) => x.value > 0);
  if (!q) return null;
  const ambiguity = q.ambiguous ? numberAmbiguity(q.raw.replace(/\s*[^\d.,\s].*$/, ''), q.value) : undefined;
  return { value: q.value, tokens: tokensIn(cand.tokens, q.index, q.index + q.raw.length), sure: q.ambiguous ? 0.85 : 1, raw: q.unit, ...(ambiguity ? { ambiguity } : {}) };
};

/** The first amount after a label ("GBP 610.00 per MT"). */
export const parseFirstAmount = (ctx: Context): Parse => (cand) => {
  // A figure followed by '%' is a rate, no amount or price.
  const a = findAmounts(cand.text, ctx.mark).find((x) => x.value > 0 && !/^\s?%/.test(cand.text.slice(x.index + x.raw.length)));
  if (!a) return null;
  const ambiguity = a.ambiguous ? numberAmbiguity(a.raw, a.value) : undefined;
  return { value: a.value, tokens: tokensIn(cand.tokens, a.index, a.index + a.raw.length), sure: a.ambiguous ? 0.85 : 1, raw: a.raw, ...(ambiguity ? { ambiguity } : {}) };
};
