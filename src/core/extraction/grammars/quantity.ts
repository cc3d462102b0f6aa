/**
 * Quantity grammar: a number with its unit (`99.000 MT`, `2,000 BAGS`, `74,250.000 KGS`,
 * `133.65 m³`) and unit words normalised to the codes PRODUCT.md uses: MT, KG, LB, BAG, PCS, CBM.
 */
import type { DecimalMark } from './amounts';
import { findNumbers } from './amounts';

/** The unit codes of PRODUCT.md. */
export const UNIT_CODES = ['MT', 'KG', 'LB', 'BAG', 'PCS', 'CBM'] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

// Each unit with the spellings documents use; matched case-insensitively as whole words.
const UNIT_WORDS: readonly (readonly [UnitCode, RegExp])[] = [
  ['MT', /^(?:mt|mts|m\/t|m\.t\.?|t|to|tn|tne|tons?|tonnes?|metric\s+tons?|metric\s+tonnes?|tonnen|toneladas?|tonnellate)$/i],
  ['KG', /^(?:kg|kgs|kilos?|kilograms?|kilogrammes?|kilogramm|quilos?|kilogramos?)$/i],
  ['LB', /^(?:lb|lbs|pounds?)$/i],
  ['BAG', /^(?:bags?|bgs|sacks?|s[äa]cke|sacos?|sacs?)$/i],
  ['PCS', /^(?:pcs|pc|pieces?|pce|stk|st[üu]ck|units?|ea|each|nos?\.?|unidades?|pi[eè]ces?)$/i],
  ['CBM', /^(?:cbm|m3|m³|cubic\s+met(?:er|re)s?|cu\.?\s*m)$/i],
];

/** The unit code for a unit word, or null when it is not one. */
export function normaliseUnit(word: string): UnitCode | null {
  const w = word.trim().replace(/[().,:;]+$/g, '').replace(/^[(]+/, '');
  for (const [code, re] of UNIT_WORDS) if (re.test(w)) return code;
  return null;
}

/** A number followed by a unit. */
export type QuantityMatch = { readonly value: number; readonly unit: UnitCode; readonly raw: string; readonly index: number; readonly ambiguous: boolean };

const UNIT_AFTER = /^\s*((?:metric\s+|cubic\s+)?[A-Za-zäüöéèºª³/.]+\d?)/i;

/** Finds quantities with a unit right after the number (`12.500,000 MT`, `2,000 BAGS`). */
export function findQuantities(text: string, mark: DecimalMark | null = null): QuantityMatch[] {
  const out: QuantityMatch[] = [];
  for (const n of findNumbers(text, mark)) {
    const end = n.index + n.raw.length;
    const m = UNIT_AFTER.exec(text.slice(end));
    if (!m) continue;
    // Try the longest reading first: "metric tons", then the first word alone.
    const words = (m[1] ?? '').split(/\s+/);
    const unit = normaliseUnit(m[1] ?? '') ?? normaliseUnit(words[0] ?? '');
    if (!unit) continue;
    // A bare `T`/`to` after a number is too often something else; only take it as tonnes when spelled out.
    if (/^t$/i.test(words[0] ?? '') && unit === 'MT') continue;
    out.push({ value: n.value, unit, raw: text.slice(n.index, end + m[0].length).trim(), index: n.index, ambiguous: n.ambiguous });
  }
  return out;
}

/** Converts a weight to kilograms (null for units that are not weights). */
export function toKilograms(value: number, unit: UnitCode): number | null {
  if (unit === 'KG') return value;
  if (unit === 'MT') return Math.round(value * 1000 * 1000) / 1000;
  if (unit === 'LB') return Math.round(value * 0.45359237 * 1000) / 1000;
  return null;
}
