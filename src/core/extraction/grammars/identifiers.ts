/**
 * Identifier grammar: IBANs (ISO 13616, mod-97), bank account numbers, ISO 6346 container numbers
 * (with the check digit, and the OCR confusions a check digit can undo), B/L and invoice numbers.
 */

// IBAN lengths by country (ISO 13616 registry), so a run of digits after an IBAN is not swallowed.
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** True when `iban` (spaces and hyphens allowed) passes the ISO 13616 mod-97 check. */
export function isValidIban(iban: string): boolean {
  const s = normaliseAccount(iban).toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const len = IBAN_LENGTHS[s.slice(0, 2)];
  if (len !== undefined && len !== s.length) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

/** An account number as the manifest stores it: spaces, hyphens, dots and slashes removed. */
export const normaliseAccount = (raw: string): string => raw.replace(/[\s\-./]/g, '');

/** Finds IBANs that pass the check, however they are grouped. */
export function findIbans(text: string): { readonly value: string; readonly raw: string; readonly index: number }[] {
  const out: { value: string; raw: string; index: number }[] = [];
  for (const m of text.matchAll(/(?<![A-Z0-9])[A-Z]{2}\s?\d{2}(?:[\s-]?[A-Z0-9]){10,30}/g)) {
    // Take the longest prefix that is a valid IBAN, so trailing words are not swallowed.
    const raw = m[0];
    for (let end = raw.length; end >= 14; end--) {
      const cand = raw.slice(0, end).trimEnd();
      if (/[A-Z0-9]$/.test(cand) && isValidIban(cand)) {
        out.push({ value: normaliseAccount(cand).toUpperCase(), raw: cand, index: m.index });
        break;
      }
    }
  }
  return out;
}

/** An IBAN as printed: valid, repaired from an OCR slip, or shaped like one but failing its check. */
export type IbanReading = { readonly value: string; readonly raw: string; readonly index: number; readonly valid: boolean; readonly repaired: number };

/**
 * What stands in each place of a country's BBAN (ISO 13616 registry): `n` digits, `a` capital
 * letters, `c` either. It tells a letter OCR read in a place only digits can stand (`BEL7` for
 * `BE17`) from a letter that is really there (a British sort code's bank letters).
 */
const BBAN_FORMATS: Record<string, string> = {
  AD: '4n4n12c', AE: '3n16n', AL: '8n16c', AT: '5n11n', AZ: '4a20c', BA: '3n3n8n2n', BE: '3n7n2n', BG: '4a4n2n8c', BH: '4a14c',
  BR: '8n5n10n1a1c', BY: '4c4n16c', CH: '5n12c', CR: '4n14n', CY: '3n5n16c', CZ: '4n6n10n', DE: '8n10n', DK: '4n9n1n', DO: '4c20n',
  EE: '2n2n11n1n', EG: '4n4n17n', ES: '4n4n1n1n10n', FI: '3n11n', FO: '4n9n1n', FR: '5n5n11c2n', GB: '4a6n8n', GE: '2a16n', GI: '4a15c',
  GL: '4n9n1n', GR: '3n4n16c', GT: '4c20c', HR: '7n10n', HU: '3n4n1n15n1n', IE: '4a6n8n', IL: '3n3n13n', IQ: '4a3n12n', IS: '4n2n6n10n',
  IT: '1a5n5n12c', JO: '4a4n18c', KW: '4a22c', KZ: '3n13c', LB: '4n20c', LC: '4a24c', LI: '5n12c', LT: '5n11n', LU: '3n13c', LV: '4a13c',
  MC: '5n5n11c2n', MD: '2c18c', ME: '3n13n2n', MK: '3n10c2n', MR: '5n5n11n2n', MT: '4a5n18c', MU: '4a2n2n12n3n3a', NL: '4a10n',
  NO: '4n6n1n', PK: '4a16c', PL: '8n16n', PS: '4a21c', PT: '4n4n11n2n', QA: '4a21c', RO: '4a16c', RS: '3n13n2n', SA: '2n18c',
  SC: '4a2n2n16n3a', SE: '3n16n1n', SI: '5n8n2n', SK: '4n6n10n', SM: '1a5n5n12c', ST: '4n4n11n2n', SV: '4a20n', TL: '3n14n2n',
  TN: '2n3n13n2n', TR: '5n1n16c', UA: '6n19c', VA: '3n15n', VG: '4a16n', XK: '4n10n2n',
};

/** The kind of character at each place of a country's IBAN (`nn` for the check digits, then the BBAN), or null when unknown. */
export function ibanMask(country: string): string | null {
  const format = BBAN_FORMATS[country];
  if (!format) return null;
  return `nn${[...format.matchAll(/(\d+)([nac])/g)].map((m) => (m[2] ?? 'c').repeat(Number(m[1]))).join('')}`;
}

// Characters OCR confuses, both ways; an IBAN is upper-case letters and digits only.
const SWAPS: Readonly<Record<string, readonly string[]>> = {
  O: ['0'], '0': ['O', 'D'], D: ['0'], Q: ['0'], I: ['1'], L: ['1'], '1': ['I', 'L', '7'], '7': ['1'], S: ['5'], '5': ['S', '6'], B: ['8'], '8': ['B', '3', '6'],
  Z: ['2'], '2': ['Z'], G: ['6'], '6': ['G', '5', '8'], '3': ['8'], '9': ['8'],
};
/** Characters an IBAN reading may have changed in all. */
const MAX_IBAN_REPAIRS = 2;
// Marks OCR gives for a narrow 1 at the end of a group ('422}' for '4221'); never part of an IBAN.
const ONE_GLYPHS = '}]|!';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/**
 * Undoes the confusions a country's format can tell: a letter or mark read where only a digit stands
 * becomes that digit (O→0, I/L/|→1, S→5, B→8…), a digit where only a letter stands that letter.
 * Null when a place holds something no confusion explains.
 */
function coerceToFormat(cand: string, mask: string): { value: string; changed: number } | null {
  let value = cand.slice(0, 2);
  let changed = 0;
  for (let i = 2; i < cand.length; i++) {
    const c = cand[i]!;
    const kind = mask[i - 2];
    let next = ONE_GLYPHS.includes(c) ? '1' : c;
    if (kind === 'n' && !isDigit(next)) next = AS_DIGIT[next] ?? '';
    else if (kind === 'a' && isDigit(next)) next = AS_LETTER[next] ?? '';
    if (next === '') return null;
    if (next !== c) changed += 1;
    value += next;
  }
  return { value, changed };
}

/**
 * Reads an IBAN however it fares: one that passes mod 97; else one whose OCR slips its country's
 * format can tell (a letter or a mark where only a digit stands) and at most one more look-alike
 * (a single confusion — O/0, I/1, S/5, B/8… — that makes exactly one valid IBAN) are undone; else a
 * string with the shape and length of its country's IBAN that fails the check (kept, marked invalid,
 * so a person sees what is printed rather than nothing). `repaired` counts the characters changed.
 */
export function readIban(text: string): IbanReading | null {
  const valid = findIbans(text)[0];
  if (valid) return { ...valid, valid: true, repaired: 0 };
  const upper = text.toUpperCase();
  for (const m of upper.matchAll(/(?<![A-Z0-9])[A-Z]{2}\s?[0-9OIDSBZL|]{2}(?:[\s-]?[A-Z0-9}\]|!]){10,30}/g)) {
    const raw = m[0];
    const compact = normaliseAccount(raw);
    const country = compact.slice(0, 2);
    const len = IBAN_LENGTHS[country];
    if (len === undefined || compact.length < len) continue;
    const cand = compact.slice(0, len);
    // The printed form up to the IBAN's length (groups of four may be spaced).
    let taken = 0;
    let end = 0;
    while (end < raw.length && taken < len) {
      if (/[A-Z0-9}\]|!]/.test(raw[end] ?? '')) taken += 1;
      end += 1;
    }
    const printed = text.slice(m.index, m.index + end);
    const mask = ibanMask(country);
    const coerced = mask ? coerceToFormat(cand, mask) : { value: cand, changed: 0 };
    // More slips than two is a string OCR could not read, and mod 97 passes one string in 97 by chance.
    if (!coerced || coerced.changed > MAX_IBAN_REPAIRS) continue;
    if (coerced.changed > 0 && isValidIban(coerced.value)) return { value: coerced.value, raw: printed, index: m.index, valid: true, repaired: coerced.changed };
    const base = coerced.value;
    const fixes: string[] = [];
    for (let i = 2; i < base.length; i++) {
      const kind = mask?.[i - 2] ?? 'c';
      for (const alt of SWAPS[base[i] ?? ''] ?? []) {
        // A look-alike that the format forbids in this place is no reading of it.
        if ((kind === 'n' && !isDigit(alt)) || (kind === 'a' && isDigit(alt))) continue;
        const t = base.slice(0, i) + alt + base.slice(i + 1);
        if (isValidIban(t) && !fixes.includes(t)) fixes.push(t);
      }
    }
    if (fixes.length === 1 && coerced.changed < MAX_IBAN_REPAIRS) return { value: fixes[0]!, raw: printed, index: m.index, valid: true, repaired: coerced.changed + 1 };
    // What is printed, where it has the shape (a reading the format had to change and the check still refuses is no reading).
    if (/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(cand)) return { value: cand, raw: printed, index: m.index, valid: false, repaired: 0 };
  }
  return null;
}

/** A bank account number that is not an IBAN (`412-3-08567-9`, `0012 3456 7890`), or null. */
export function parseAccountNumber(text: string): { readonly value: string; readonly raw: string } | null {
  const m = /(?<![A-Za-z0-9])(\d[\d\s\-./]{4,30}\d)(?![\d])/.exec(text);
  if (!m) return null;
  const raw = (m[1] ?? '').trim();
  const value = normaliseAccount(raw);
  return value.length >= 6 && value.length <= 34 ? { value, raw } : null;
}

const CONTAINER_VALUES: Record<string, number> = (() => {
  const v: Record<string, number> = {};
  let n = 10;
  for (let c = 65; c <= 90; c++) {
    if (n % 11 === 0) n++;
    v[String.fromCharCode(c)] = n++;
  }
  return v;
})();

/** True when an 11-character container number carries a valid ISO 6346 check digit. */
export function isValidContainer(id: string): boolean {
  if (!/^[A-Z]{3}[UJZR]\d{7}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = id[i] ?? '';
    const v = i < 4 ? (CONTAINER_VALUES[ch] ?? 0) : Number(ch);
    sum += v * 2 ** i;
  }
  return (sum % 11) % 10 === Number(id[10]);
}

// OCR confusions between letters and digits, undone in the part where only one kind can stand.
const AS_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', l: '1', '|': '1', Z: '2', S: '5', B: '8', G: '6', T: '7' };
const AS_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B', '6': 'G' };

// Capital letters a scan confuses most with each other: a bar gained or lost (F/E, and the currency
// signs a blurred F or E becomes), a round letter's opening closed or a tail lost (C/G, O/D/Q).
// Fewer look-alikes, fewer chances that a digit misread elsewhere passes the check by luck.
const LOOK_ALIKE: Record<string, string> = { E: 'F', F: 'E', '£': 'FE', '€': 'E', C: 'G', G: 'C', O: 'DQ', D: 'O', Q: 'O' };

/** The container numbers one look-alike letter of the owner code away from `id` whose check digit holds. */
function ownerLookAlikes(id: string): string[] {
  if (!/^[A-Z£€]{3}[UJZR]\d{7}$/.test(id)) return [];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    for (const c of LOOK_ALIKE[id[i]!] ?? '') {
      const next = id.slice(0, i) + c + id.slice(i + 1);
      if (isValidContainer(next) && !out.includes(next)) out.push(next);
    }
  }
  return out;
}

/**
 * Finds container numbers (`MRDU4123059`, `NHCU 207718-3`, `MSKU 123456 7`) whose check digit holds,
 * repairing letter/digit confusions only when the repaired number passes the check.
 * `repaired` counts the characters that were changed (0 for a clean read).
 */
export function findContainers(text: string): { readonly value: string; readonly raw: string; readonly index: number; readonly repaired: number }[] {
  const out: { value: string; raw: string; index: number; repaired: number }[] = [];
  const re = /(?<![A-Za-z0-9£€])([A-Za-z0-9£€]{4})\s?([0-9OQDILlZSBGT|]{3}\s?[0-9OQDILlZSBGT|]{3})\s?[-/]?\s?([0-9OQDILlZSBGT|])(?![A-Za-z0-9])/g;
  for (const m of text.matchAll(re)) {
    const owner = (m[1] ?? '').toUpperCase();
    const digits = `${m[2] ?? ''}${m[3] ?? ''}`.replace(/\s/g, '');
    let repaired = 0;
    const fixedOwner = [...owner].map((c) => (AS_LETTER[c] ? (repaired++, AS_LETTER[c]) : c)).join('');
    const fixedDigits = [...digits].map((c) => (AS_DIGIT[c] ? (repaired++, AS_DIGIT[c]) : c)).join('');
    let id = fixedOwner + fixedDigits;
    if (repaired > 2) continue;
    if (!isValidContainer(id)) {
      // One letter of the owner code misread as its look-alike ('ECIU 211906 7' for FCIU, '£CIU'):
      // taken only when exactly one look-alike makes the check digit hold.
      const fixes = repaired <= 1 ? ownerLookAlikes(id) : [];
      if (fixes.length !== 1) continue;
      id = fixes[0]!;
      repaired += 1;
    }
    if (!out.some((o) => o.value === id)) out.push({ value: id, raw: m[0], index: m.index, repaired });
  }
  // One character too many after the owner code ("MRLUS5304265": a 5 read as "S5"): dropping it
  // must leave a number whose check digit holds.
  for (const m of text.matchAll(/(?<![A-Za-z0-9])([A-Z]{3}[UJZR])([0-9A-Z]{8})(?![A-Za-z0-9])/g)) {
    const serial = m[2] ?? '';
    for (let i = 0; i < serial.length; i++) {
      const rest = serial.slice(0, i) + serial.slice(i + 1);
      const id = `${m[1] ?? ''}${[...rest].map((c) => AS_DIGIT[c] ?? c).join('')}`;
      if (!/^\d/.test(serial[i] ?? '') && isValidContainer(id) && !out.some((o) => o.value === id)) {
        out.push({ value: id, raw: m[0], index: m.index, repaired: 1 });
        break;
      }
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * True when a token looks like a document number: letters, digits and `/-._` with at least one
 * digit, not a date or an amount on its own.
 */
export function looksLikeReference(token: string): boolean {
  const t = token.replace(/^[#:.]+|[.,;:]+$/g, '');
  if (t.length < 3 || t.length > 40) return false;
  if (!/\d/.test(t) || !/^[A-Za-z0-9][A-Za-z0-9/\-._]*$/.test(t)) return false;
  // Plain amounts (`1,234.56`, `103455.00`) and lone small integers are not references.
  if (/^\d{1,3}(?:[.,]\d{3})*(?:[.,]\d{1,2})?$/.test(t)) return false;
  // A word in lower case with one digit inside is a word a scan misread ('Spos6b' for 'Sposób',
  // 'c0de'): references are printed in capitals and digits.
  if (/^[A-Za-z]?[a-z]{2,}\d[a-z]+$/.test(t)) return false;
  return true;
}

/** A reference cleaned for storage: surrounding punctuation removed, inner spaces kept out. */
export const cleanReference = (raw: string): string => raw.replace(/^[#:.\s]+|[.,;:\s]+$/g, '');
