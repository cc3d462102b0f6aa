import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDates, inferDateOrder, isAmbiguous, isValidDate, orderFromDueRelation, parseDate, resolveDate } from '../../../src/core/extraction/grammars/dates';

describe('date grammar', () => {
  it.each([
    ['2026-03-14', 'dmy', '2026-03-14'],
    ['2026/03/14', 'mdy', '2026-03-14'],
    ['14/03/2026', 'dmy', '2026-03-14'],
    ['03/14/2026', 'mdy', '2026-03-14'],
    ['14.03.2026', 'dmy', '2026-03-14'],
    ['14-03-2026', 'dmy', '2026-03-14'],
    ['14 Mar 2026', 'mdy', '2026-03-14'],
    ['14 MAR 2026', 'dmy', '2026-03-14'],
    ['14-MAR-26', 'dmy', '2026-03-14'],
    ['14th March, 2026', 'dmy', '2026-03-14'],
    ['March 14, 2026', 'dmy', '2026-03-14'],
    ['Dt. February 6, 2026', 'dmy', '2026-02-06'],
    ['Mar. 14 2026', 'dmy', '2026-03-14'],
    ['14. März 2026', 'dmy', '2026-03-14'],
    ['14 de março de 2026', 'dmy', '2026-03-14'],
    ['14 février 2026', 'dmy', '2026-03-14'.replace('03', '02')],
    ['SANTOS, March 5, 2026', 'dmy', '2026-03-05'],
    ['LAEM CHABANG, 2026-02-20', 'dmy', '2026-02-20'],
    ['Data / Date: 2026-03-06', 'dmy', '2026-03-06'],
    ['14/03/26', 'dmy', '2026-03-14'],
  ] as const)('%s (%s) → %s', (text, order, iso) => {
    expect(parseDate(text, order)).toBe(iso);
  });

  it.each(['Voy. 03/2026', 'HS 3901.20', 'SPR/EX/2026/0142', 'SARM/EXP/25-26/0389', '1.5.3', 'Tel: +84 28 3781 4520', '31/02/2026', '12.500,000'])('finds no date in %s', (text) => {
    expect(findDates(text)).toEqual([]);
  });

  // A month name OCR misread by one letter, between a day and a four-digit year.
  it.each([
    ['30 aolt 2026', '2026-08-30'],
    ['14 Marcb 2026', '2026-03-14'],
    ['14 Mrach 2026', null],
    ['2 Decernber 2026', null],
    ['5 Sepember 2026', '2026-09-05'],
    // A Polish genitive of twelve letters.
    ['14 pasdziernika 2026 r.', '2026-10-14'],
  ] as const)('reads a misread month name: %s → %s', (text, iso) => {
    expect(parseDate(text, 'dmy')).toBe(iso);
  });

  it.each(['12 units 2026', '30 Main 2026', 'Page 3 Mars 2026x', '7 Lots 2026'])('takes no word for a month unless exactly one month is a letter away: %s', (text) => {
    expect(findDates(text).map((d) => d.raw)).not.toContain(text);
  });

  // A dotted date one of whose dots a scan read as a comma; never an amount.
  it.each([
    ['18,09.2026', '2026-09-18'],
    ['18.09,2026', '2026-09-18'],
    ['1,234.2026', null],
    ['12,500.2026.5', null],
    ['1,09.20261', null],
  ] as const)('reads a slipped dot: %s → %s', (text, iso) => {
    expect(parseDate(text, 'dmy')).toBe(iso);
  });

  it('finds every date in a line, in order', () => {
    expect(findDates('NFI-PO-26-0207 Dt. February 9, 2026 shipped 23 FEB 2026').map((d) => d.raw)).toEqual(['February 9, 2026', '23 FEB 2026']);
  });

  it('reads the day/month order from the other dates on the document', () => {
    const dates = findDates('Invoice date 03/04/2026   Due date 06/22/2026');
    expect(inferDateOrder(dates)).toEqual({ order: 'mdy', sure: true });
    expect(inferDateOrder(findDates('24/03/2026 and 05/04/2026'))).toEqual({ order: 'dmy', sure: true });
    expect(inferDateOrder(findDates('03/04/2026 only'))).toEqual({ order: 'dmy', sure: false });
  });

  it('uses due ≥ issue when no component above 12 decides', () => {
    const [issue, due] = findDates('issued 01/02/2026 due 03/04/2026');
    // d/m: 1 Feb → 3 Apr (ok); m/d: 2 Jan → 4 Mar (also ok) — undecided.
    expect(orderFromDueRelation(issue!, due!)).toBeNull();
    const [i2, d2] = findDates('issued 10/02/2026 due 01/05/2026');
    // d/m: 10 Feb → 1 May (ok); m/d: 2 Oct → 5 Jan (earlier) — so d/m.
    expect(orderFromDueRelation(i2!, d2!)).toBe('dmy');
  });

  const styles = {
    iso: (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    dmySlash: (y: number, m: number, d: number) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`,
    mdySlash: (y: number, m: number, d: number) => `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`,
    dmyDot: (y: number, m: number, d: number) => `${d}.${m}.${y}`,
    dMonY: (y: number, m: number, d: number) => `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`,
    monthDY: (y: number, m: number, d: number) =>
      `${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} ${d}, ${y}`,
    dMONyy: (y: number, m: number, d: number) => `${String(d).padStart(2, '0')}-${['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'][m - 1]}-${String(y % 100).padStart(2, '0')}`,
  } as const;
  const day = fc
    .record({ y: fc.integer({ min: 2000, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .filter(({ y, m, d }) => isValidDate(y, m, d));

  it('formats in every style and parses back to the ISO date when the style is unambiguous (property)', () => {
    fc.assert(
      fc.property(day, fc.constantFrom(...(Object.keys(styles) as (keyof typeof styles)[])), ({ y, m, d }, style) => {
        const text = styles[style](y, m, d);
        const match = findDates(`Date: ${text}`)[0];
        expect(match).toBeDefined();
        const order = style === 'mdySlash' ? 'mdy' : 'dmy';
        // Numeric dates with both parts ≤ 12 need the document's order; the right one gives it back.
        expect(resolveDate(match!, order)).toBe(styles.iso(y, m, d));
        if (!isAmbiguous(match!)) expect(resolveDate(match!, order === 'dmy' ? 'mdy' : 'dmy') ?? styles.iso(y, m, d)).toBe(styles.iso(y, m, d));
      }),
    );
  });
});
