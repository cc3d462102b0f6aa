// Units, dates and amounts: the normalizers every rule relies on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromMinor, toMinor } from '../../../src/shared/checks';
import { addDays, dayNumber, daysBetween, isoFromDay } from '../../../src/core/checks/dates';
import { canonicalUnit, convertQuantity, isCountUnit } from '../../../src/core/checks/units';
import { digitSkeleton } from '../../../src/core/checks/facts';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('convertQuantity', () => {
  it.each([
    [119_600, 'KG', 'MT', 119.6],
    [1, 'MT', 'LB', 2204.62262184878],
    [2204.62262184878, 'lbs', 'mt', 1],
    [2000, 'BAG', 'BAGS', 2000],
    [10, 'PCS', 'pieces', 10],
    [5, 'CBM', 'CBM', 5],
    [2000, 'BAG', 'KG', null],
    [1, 'MT', 'CBM', null],
    [3, 'PCS', 'BAG', null],
    [1, 'MT', 'XYZ', null],
    [1, '', '', null],
  ] as const)('%d %s → %s = %s', (q, from, to, expected) => {
    const got = convertQuantity(q, from, to);
    if (expected === null) expect(got).toBeNull();
    else expect(close(got!, expected)).toBe(true);
  });

  const weight = fc.constantFrom('MT', 'KG', 'LB', 'kgs', 'Tonnes');
  const quantity = fc.double({ min: 1e-3, max: 1e7, noNaN: true });

  it('round-trips between weight units', () => {
    fc.assert(fc.property(quantity, weight, weight, (q, a, b) => close(convertQuantity(convertQuantity(q, a, b)!, b, a)!, q)));
  });

  it('chains MT → KG → LB → MT', () => {
    fc.assert(fc.property(quantity, (q) => close(convertQuantity(convertQuantity(convertQuantity(q, 'MT', 'KG')!, 'KG', 'LB')!, 'LB', 'MT')!, q)));
  });

  it('converts counts and volume only to themselves', () => {
    const other = fc.constantFrom('BAG', 'PCS', 'CBM');
    fc.assert(fc.property(quantity, other, fc.constantFrom('MT', 'KG', 'LB', 'BAG', 'PCS', 'CBM'), (q, a, b) => (canonicalUnit(a) === canonicalUnit(b) ? convertQuantity(q, a, b) === q : convertQuantity(q, a, b) === null)));
  });

  it('knows counted units', () => {
    expect([isCountUnit('bags'), isCountUnit('PCS'), isCountUnit('MT'), isCountUnit('CBM')]).toEqual([true, true, false, false]);
  });
});

describe('dates', () => {
  it.each([
    ['2026-03-05', '2026-07-03', 120],
    ['2026-02-16', '2026-05-15', 88],
    ['2024-02-28', '2024-03-01', 2],
    ['2023-12-31', '2024-01-01', 1],
    ['2026-05-31', '2026-03-03', -89],
  ])('%s → %s is %d days', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
    expect(addDays(a, n)).toBe(b);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-03-05', 'yesterday', ''])('%s is not a date', (text) => {
    expect(dayNumber(text)).toBeNull();
  });

  const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  it('agrees with the platform calendar', () => {
    fc.assert(fc.property(date, (iso) => dayNumber(iso) === Date.parse(`${iso}T00:00:00Z`) / 86_400_000 && isoFromDay(dayNumber(iso)!) === iso));
  });

  it('adds and measures days consistently', () => {
    fc.assert(fc.property(date, fc.integer({ min: -5000, max: 5000 }), (iso, n) => daysBetween(iso, addDays(iso, n)!) === n && addDays(addDays(iso, n)!, -n) === iso));
  });
});

describe('amounts', () => {
  const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'usd');

  it('round-trips integer minor units', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), currency, (minor, c) => toMinor(fromMinor(minor, c), c) === minor));
  });

  it('rounds major amounts to the nearest minor unit, half away from zero', () => {
    expect([toMinor(52_569, 'EUR'), toMinor(124_987.5, 'USD'), toMinor(0.005, 'USD'), toMinor(-0.005, 'USD'), toMinor(1234.5, 'JPY'), toMinor(1.2345, 'KWD')]).toEqual([5_256_900, 12_498_750, 1, -1, 1235, 1235]);
    fc.assert(fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), currency, (major, c) => Math.abs(fromMinor(toMinor(major, c), c) - major) <= 0.5 * 10 ** -(c.toUpperCase() === 'JPY' ? 0 : c.toUpperCase() === 'KWD' ? 3 : 2) + 1e-6));
  });
});

describe('digitSkeleton (invoice numbers as OCR may misread them)', () => {
  it.each([
    ['SPR/EX/2026/0167', '20260167'],
    ['spr-ex-2026-0167', '20260167'],
    // A scan of the same number: the slash read as I, a zero read as O.
    ['SPRIEX/2026/O167', '20260167'],
    ['INV 2O26-OO12', '20260012'],
    ['B12-2026', '8122026'],
    // Letters that are no digit's look-alike keep a token's letters out.
    ['INV2026', '2026'],
    ['INVOICE', ''],
    ['', ''],
  ])('%s → %s', (value, expected) => {
    expect(digitSkeleton(value)).toBe(expected);
  });

  it('reads numbers longer than its scratch buffer, and short ones again after', () => {
    const long = `${'AB/'.repeat(40)}2O26-${'7'.repeat(100)}`;
    expect(digitSkeleton(long)).toBe(`2026${'7'.repeat(100)}`);
    expect(digitSkeleton('SPRIEX/2026/O167')).toBe('20260167');
    expect(digitSkeleton('1')).toBe('1');
  });

  const digitsToken = fc.stringMatching(/^[0-9]{1,6}$/);
  const wordToken = fc.stringMatching(/^[A-Z]{1,4}$/);
  const tokens = fc.array(fc.oneof(digitsToken, wordToken), { minLength: 1, maxLength: 5 });
  const separator = fc.constantFrom('/', '-', ' ', '.', '_');

  it('gives digits only, and the same whatever the separators and case', () => {
    fc.assert(
      fc.property(tokens, separator, separator, (parts, a, b) => {
        const skeleton = digitSkeleton(parts.join(a));
        expect(skeleton).toMatch(/^[0-9]*$/);
        expect(digitSkeleton(parts.join(b).toLowerCase())).toBe(skeleton);
      }),
    );
  });

  it('reads a 0, 1, 5 or 8 the same when OCR printed its look-alike letter', () => {
    const lookalike: Record<string, string> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B' };
    fc.assert(
      fc.property(tokens, fc.nat(), (parts, pick) => {
        const text = parts.join('/');
        const positions = [...text].flatMap((c, i) => (c in lookalike ? [i] : []));
        fc.pre(positions.length > 0);
        const at = positions[pick % positions.length]!;
        // A token of digits stays digits once a letter replaces one of them, while a digit is left.
        const token = text.slice(text.lastIndexOf('/', at) + 1, (text.indexOf('/', at) + 1 || text.length + 1) - 1);
        fc.pre(/^[0-9]{2,}$/.test(token));
        const misread = text.slice(0, at) + lookalike[text[at]!]! + text.slice(at + 1);
        expect(digitSkeleton(misread)).toBe(digitSkeleton(text));
      }),
    );
  });
});
