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
  // 'TM': French 'tonne métrique', Spanish and Portuguese 'tonelada métrica'.
  ['MT', /^(?:mt|mts|m\/t|m\.t\.?|tm|t\.m\.?|t|to|tn|tne|tons?|tonnes?|metric\s+tons?|metric\s+tonnes?|tonnen|toneladas?|tonnellate)$/i],
  ['KG', /^(?:kg|kgs|kilos?|kilograms?|kilogrammes?|kilogramm|quilos?|kilogramos?)$/i],
  // 'Ib', 'Ibs': OCR reads a pound's l as a capital I.
  ['LB', /^(?:lb|lbs|Ibs?|pounds?)$/i],
  ['BAG', /^(?:bags?|bgs|sacks?|s[äa]cke|sacos?|sacs?|sacchi|zakken|worki|torba|karung)$/i],
  // Pieces as the languages the vocabulary reads print them: Polish 'szt.', Turkish 'adet', Italian
  // 'pz'/'pezzi', Spanish 'pzs'/'piezas', Dutch 'stuks', Portuguese 'peças'/'pçs', Indonesian 'buah'.
  // German 'St.' (Stück) too, though only in a unit column: after a number in running text it is a street.
  ['PCS', /^(?:pcs|pc|pieces?|pce|stk|st[üu]ck|st|units?|ea|each|nos?\.?|unidades?|pi[eè]ces?|szt|sztuk|adet|pz|pzs|pezzi|piezas|stuks|pe[çc]as|p[çc]s|buah)$/i],
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
    if (/^st\.?$/i.test(words[0] ?? '')) continue;
    // Pieces and bags are counted whole: '1.578 PCS' groups thousands, whatever the page's decimal mark.
    const counted = (unit === 'PCS' || unit === 'BAG') && !Number.isInteger(n.value) && /^\d{1,3}(?:[.,]\d{3})+$/.test(n.raw);
    out.push({ value: counted ? Number(n.raw.replace(/[.,]/g, '')) : n.value, unit, raw: text.slice(n.index, end + m[0].length).trim(), index: n.index, ambiguous: n.ambiguous });
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

/** How a B/L counts packages: the codes of PACKAGE_UNITS in src/core/documents/field-values.ts. */
export type PackageUnit = 'BAG' | 'BALE' | 'BOX' | 'CTN' | 'CASE' | 'CRATE' | 'DRUM' | 'PLT' | 'PKG' | 'PCS' | 'ROLL' | 'COIL' | 'SACK' | 'BUNDLE' | 'UNIT' | 'CNT';

const PACKAGE_WORDS: readonly (readonly [PackageUnit, RegExp])[] = [
  ['BAG', /^(?:bags?|bgs|jumbo\s*bags?|big\s*bags?|fibcs?|s[äa]cke|sacos?|sacs?|sacchi|zakken|torba|worki|karung|bao)$/i],
  ['SACK', /^(?:sacks?|sks)$/i],
  ['BALE', /^(?:bales?|bls|ballen|balles?|fardos?|balle)$/i],
  ['CTN', /^(?:cartons?|ctns?|cartones|caixas?|kartons?|scatole|dozen|koli|karton|thùng|thung)$/i],
  ['BOX', /^(?:box(?:es)?|bxs?|cajas?|boîtes?|boites?|kisten?)$/i],
  ['CASE', /^(?:cases?|cs)$/i],
  ['CRATE', /^(?:crates?|crts?)$/i],
  ['DRUM', /^(?:drums?|drs?|barrels?|f[äa]sser|f[üu]ts?|tambores?|fusti|vaten|varil)$/i],
  ['PLT', /^(?:pallets?|plts?|skids?|paletten|palettes?|palets?|paletes?|bancali|pallet\(s\))$/i],
  ['PKG', /^(?:packages?|pkgs?|pkg\(s\)|packs?|colli|colis|bultos|volumes|packst[üu]cke|paket|paczek|kemasan|kiện|kien|件)$/i],
  ['PCS', /^(?:pcs|pc|pieces?|pce|stk|st[üu]ck|pi[eè]ces?|adet|szt)$/i],
  ['ROLL', /^(?:rolls?|rolos?|rollen|rouleaux)$/i],
  ['COIL', /^(?:coils?)$/i],
  ['BUNDLE', /^(?:bundles?|bdls?|bunde|fardeaux)$/i],
  ['UNIT', /^(?:units?|h\/?u|handling\s+units?)$/i],
  ['CNT', /^(?:containers?|cntrs?|ctrs?|fcl)$/i],
];

/** The package code for a word ("Cartons", "PLTS", "Säcke"), or null. */
export function normalisePackageUnit(word: string): PackageUnit | null {
  const w = word.trim().replace(/[.,:;]+$/g, '').replace(/^[(]+/, '');
  for (const [code, re] of PACKAGE_WORDS) if (re.test(w)) return code;
  return null;
}

/** A count of packages: `2,000 BAGS`, `20 PALLETS`, `10 Cartons`, `1.200 Säcke`. */
export type PackageMatch = { readonly count: number; readonly unit: PackageUnit; readonly raw: string; readonly index: number };

/** Finds package counts (a whole number followed by a package word) in text. */
export function findPackages(text: string, mark: DecimalMark | null = null): PackageMatch[] {
  const out: PackageMatch[] = [];
  for (const n of findNumbers(text, mark)) {
    if (!Number.isInteger(n.value) || n.value <= 0) continue;
    const end = n.index + n.raw.length;
    const m = /^\s*(?:x\s*)?((?:jumbo\s+|big\s+|handling\s+)?[\p{L}/()]+)/u.exec(text.slice(end));
    if (!m) continue;
    const unit = normalisePackageUnit(m[1] ?? '');
    if (!unit) continue;
    out.push({ count: n.value, unit, raw: text.slice(n.index, end + m[0].length).trim(), index: n.index });
  }
  return out;
}
