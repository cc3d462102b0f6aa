import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NumberStyle } from '../../../src/core/extraction/grammars/amounts';
import { findAmounts, findNumbers, formatNumber, inferDecimalMark, parseAmount, parseNumber } from '../../../src/core/extraction/grammars/amounts';

describe('amount grammar', () => {
  it.each([
    ['1,234.56', null, 1234.56],
    ['1.234,56', null, 1234.56],
    ['1 234,56', null, 1234.56],
    ['1\u202f234,56', null, 1234.56],
    ["1'234.56", null, 1234.56],
    ['103,455.00', null, 103455],
    ['5.156.250,00', null, 5156250],
    ['12.500.000,000', null, 12500000],
    ['1,000,000', null, 1000000],
    ['0.62', null, 0.62],
    ['412,50', null, 412.5],
    ['1234.5', null, 1234.5],
    ['1234,5', null, 1234.5],
    ['(1,234.56)', null, -1234.56],
    ['1,234.56-', null, -1234.56],
    ['-1.234,56', null, -1234.56],
    // One group of three after a single separator: the document's decimal mark decides.
    ['74,250', ',', 74.25],
    ['74,250', '.', 74250],
    ['99.000', '.', 99],
    ['99.000', ',', 99000],
    ['49,500', ',', 49.5],
  ] as const)('%s (mark %s) → %d', (raw, mark, value) => {
    expect(parseNumber(raw, mark)?.value).toBe(value);
  });

  it.each(['1.2.3', '12,34,5', 'abc', ''])('%s is not a number', (raw) => {
    expect(parseNumber(raw)).toBeNull();
  });

  it('says when a reading depended on the mark, and what a number proves', () => {
    expect(parseNumber('74,250')).toMatchObject({ ambiguous: true, proves: null });
    expect(parseNumber('1,045.00')).toMatchObject({ ambiguous: false, proves: '.' });
    expect(parseNumber('412,50')).toMatchObject({ ambiguous: false, proves: ',' });
    expect(parseNumber('12.500.000')).toMatchObject({ proves: ',' });
    // A scan that read the decimal mark as the grouping one: the last group of two is the decimal.
    expect(parseNumber('62.193.20')).toMatchObject({ value: 62193.2, ambiguous: true, proves: null });
    expect(findNumbers('Total Amount: 62,193,20')[0]).toMatchObject({ value: 62193.2, ambiguous: true });
    // A scan that lost the decimal comma and kept its gap: the last group of two is the decimal.
    expect(findNumbers('Jumlah Tagihan: 95.295 00')).toMatchObject([{ raw: '95.295 00', value: 95295, ambiguous: true, proves: null }]);
    expect(findNumbers('20,850 24 KG')).toMatchObject([{ value: 20850.24, ambiguous: true }]);
    // Three digits after the gap are a thousands group, and two figures set apart stay two.
    expect(findNumbers('1 250 000').map((n) => n.value)).toEqual([1250000]);
    expect(findNumbers('95.295  00', ',').map((n) => n.value)).toEqual([95295, 0]);
  });

  it.each([
    ['USD 1,234.56', 1234.56, 'USD'],
    ['€1.234,56', 1234.56, 'EUR'],
    ['1.234,56 €', 1234.56, 'EUR'],
    ['US$ 5.156.250,00', 5156250, 'USD'],
    ['R$ 10.500,00', 10500, 'BRL'],
    ['£ 146,400.00', 146400, 'GBP'],
    ['¥1,200,000', 1200000, 'JPY'],
    ['$ 124,987.50', 124987.5, '$'],
    ['EUR 56.157,75', 56157.75, 'EUR'],
    ['29.916,00 EUR', 29916, 'EUR'],
  ] as const)('%s → %d %s', (text, value, currency) => {
    const a = parseAmount(text);
    expect(a?.value).toBe(value);
    expect(a?.currency).toBe(currency);
  });

  it('does not read codes, dates or words as numbers', () => {
    expect(findNumbers('MRDU4123059 SPR-H1120 14.03.2026').map((n) => n.raw)).toEqual([]);
    expect(findNumbers('TOTAL 99.000 103,455.00').map((n) => n.value)).toEqual([99, 103455]);
  });

  it("infers the document's decimal mark from the numbers that prove one", () => {
    expect(inferDecimalMark(['Unit price 1.134,50', 'Qty 49,500', 'Amount 56.157,75'])).toBe(',');
    expect(inferDecimalMark(['99.000', '1,045.00', '103,455.00'])).toBe('.');
    expect(inferDecimalMark(['74,250', '99.000'])).toBeNull();
  });

  it('takes a count of whole things printed with one separator before three digits as grouping its thousands', () => {
    const counted = (word: string): boolean => /^(cartons|bags|pallets)$/i.test(word);
    // 'SP. Z 0.0.' (O.O. read as zeros) and an HS code lean to the point; '1.992 CARTONS' cannot be
    // a fraction of a carton.
    const texts = ['BALTYK TRADING SP. Z 0.0.', 'HS CODE: 0813.10', '1.992 CARTONS', '26.494 kgs', '122,36 CBM'];
    expect(inferDecimalMark(texts)).toBe('.');
    expect(inferDecimalMark(texts, counted)).toBe(',');
    expect(inferDecimalMark(['TOTAL: 1,327 BAGS 33.374 KGS'], counted)).toBe('.');
    // A weight is no count: '26.494 kgs' proves nothing.
    expect(inferDecimalMark(['26.494 kgs'], counted)).toBeNull();
  });

  it('finds amounts with their currency among other text', () => {
    expect(findAmounts('Amount Due  EUR 56.157,75', ',').map((a) => [a.value, a.currency])).toEqual([[56157.75, 'EUR']]);
  });

  const styles: NumberStyle[] = ['en', 'de', 'fr', 'ch'];
  const markOf = (s: NumberStyle): '.' | ',' => (s === 'en' || s === 'ch' ? '.' : ',');

  it('formats a number in each locale style and parses it back (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), fc.constantFrom(...styles), fc.constantFrom(0, 2, 3), (cents, style, decimals) => {
        const value = decimals === 0 ? Math.trunc(cents / 100) : Number((cents / 10 ** decimals).toFixed(decimals));
        const text = formatNumber(value, style, decimals);
        // With the document's mark known, every style reads back exactly.
        expect(parseNumber(text, markOf(style))?.value).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it('reads unambiguous formatted amounts without being told the mark (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 9_999_999_999 }), fc.constantFrom(...styles), (cents, style) => {
        const value = cents / 100;
        const text = formatNumber(value, style, 2);
        expect(parseNumber(text)?.value).toBe(value);
        expect(findAmounts(`Total: ${text}`)[0]?.value).toBe(value);
      }),
    );
  });
});
