import { describe, expect, it } from 'vitest';
import { findQuantities, normaliseUnit, toKilograms } from '../../../src/core/extraction/grammars/quantity';

describe('quantity grammar', () => {
  it("reads German 'St.' (Stück) as pieces only in a unit column: after a number in running text it is a street", () => {
    expect(normaliseUnit('St.')).toBe('PCS');
    expect(findQuantities('45 St. Helier Road')).toEqual([]);
  });

  it.each([
    ['99.000 MT', '.', 99, 'MT'],
    ['12,500.000 METRIC TONS', null, 12500, 'MT'],
    ['(12,500.000 mT)', null, 12500, 'MT'],
    ['75 tonnes', null, 75, 'MT'],
    ['NET WEIGHT: 99,000.000 KGS', null, 99000, 'KG'],
    ['24.948,000 kg', null, 24948, 'KG'],
    ['74,250 MT', ',', 74.25, 'MT'],
    ['44,000 LBS', null, 44000, 'LB'],
    ['2,000 BAGS', null, 2000, 'BAG'],
    ['1 250 sacs', null, 1250, 'BAG'],
    ['500 pcs', null, 500, 'PCS'],
    // Counted whole: a dot before three digits groups thousands even where it is the decimal mark.
    ['(1.578 PCS)', '.', 1578, 'PCS'],
    ['2.400 bags', '.', 2400, 'BAG'],
    ['133,650 m³', ',', 133.65, 'CBM'],
    ['58.200 CBM', '.', 58.2, 'CBM'],
  ] as const)('%s → %d %s', (text, mark, value, unit) => {
    const q = findQuantities(text, mark)[0];
    expect(q?.value).toBe(value);
    expect(q?.unit).toBe(unit);
  });

  it('does not take a lone "t" or a code for a unit', () => {
    expect(findQuantities('Grade 5 t blow moulding')).toEqual([]);
    expect(findQuantities('HS 3901.20 Grade CP-5502B')).toEqual([]);
  });

  it.each([
    ['MT', 'MT'],
    ['M/T', 'MT'],
    ['Tonnes', 'MT'],
    ['TM', 'MT'],
    ['t.m.', 'MT'],
    ['KGS', 'KG'],
    ['kilograms', 'KG'],
    ['lbs', 'LB'],
    ['Bags', 'BAG'],
    ['Säcke', 'BAG'],
    ['PCS', 'PCS'],
    ['m3', 'CBM'],
    ['USD', null],
  ])('unit %s → %s', (word, code) => {
    expect(normaliseUnit(word)).toBe(code);
  });

  it("reads a French or Spanish metric tonne ('65,600 TM')", () => {
    expect(findQuantities('65,600 TM', ',')).toMatchObject([{ value: 65.6, unit: 'MT' }]);
  });

  it('converts weights to kilograms', () => {
    expect(toKilograms(74.25, 'MT')).toBe(74250);
    expect(toKilograms(1000, 'LB')).toBe(453.592);
    expect(toKilograms(10, 'BAG')).toBeNull();
  });
});
