/** Quantity units: weights convert to each other; counts (BAG, PCS) and volume (CBM) only to themselves. */

// Kilograms per unit, for the weight units.
const KG_PER: ReadonlyMap<string, number> = new Map([
  ['MT', 1000],
  ['KG', 1],
  ['LB', 0.45359237],
]);

// Spellings seen on documents, folded to the canonical units of shared/checks UNITS.
const ALIASES: ReadonlyMap<string, string> = new Map(Object.entries({
  MT: 'MT',
  MTS: 'MT',
  TM: 'MT',
  T: 'MT',
  TON: 'MT',
  TONS: 'MT',
  TONNE: 'MT',
  TONNES: 'MT',
  KG: 'KG',
  KGS: 'KG',
  KILOGRAM: 'KG',
  KILOGRAMS: 'KG',
  LB: 'LB',
  LBS: 'LB',
  POUND: 'LB',
  POUNDS: 'LB',
  BAG: 'BAG',
  BAGS: 'BAG',
  PCS: 'PCS',
  PC: 'PCS',
  PIECE: 'PCS',
  PIECES: 'PCS',
  CBM: 'CBM',
  M3: 'CBM',
}));

/** The canonical unit for a printed unit ("kgs" → "KG"), or the upper-cased input when unknown. */
export function canonicalUnit(unit: string): string {
  // Fast path without allocating: the value is usually already canonical ("MT").
  const direct = ALIASES.get(unit);
  if (direct !== undefined) return direct;
  const upper = unit.trim().toUpperCase();
  return ALIASES.get(upper) ?? upper;
}

/** True for units that count things (bags, pieces): quantities must match exactly, no bulk tolerance. */
export function isCountUnit(unit: string): boolean {
  const canonical = canonicalUnit(unit);
  return canonical === 'BAG' || canonical === 'PCS';
}

/** True for weight units (MT, KG, LB). */
export function isWeightUnit(unit: string): boolean {
  return KG_PER.has(canonicalUnit(unit));
}

/** `quantity` in unit `from` expressed in unit `to`, or null when the units do not convert. */
export function convertQuantity(quantity: number, from: string, to: string): number | null {
  const a = canonicalUnit(from);
  const b = canonicalUnit(to);
  if (a === b) return a === '' ? null : quantity;
  const kgA = KG_PER.get(a);
  const kgB = KG_PER.get(b);
  if (kgA === undefined || kgB === undefined) return null;
  return (quantity * kgA) / kgB;
}
