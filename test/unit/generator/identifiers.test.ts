import { describe, expect, it } from 'vitest';
import { abaValid, esControl, ibanValid, itCin, makeBban, makeIban, mod97, plSortCheck, printContainer, ribKey } from '../../fixtures/generator/identifiers';
import { rngFor } from '../../fixtures/generator/rng';
import { COUNTRIES } from '../../fixtures/generator/world';
import type { CountryCode } from '../../fixtures/generator/world';

// Published example IBANs (ECBS / national bank examples), one per format the generator makes.
const KNOWN_VALID = [
  'DE89370400440532013000',
  'AT611904300234573201',
  'CH9300762011623852957',
  'FR1420041010050500013M02606',
  'BE68539007547034',
  'NL91ABNA0417164300',
  'ES9121000418450200051332',
  'PT50000201231234567890154',
  'IT60X0542811101000000123456',
  'PL61109010140000071219812874',
  'TR330006100519786457841326',
  'GB29NWBK60161331926819',
];

describe('IBAN arithmetic', () => {
  it.each(KNOWN_VALID)('accepts the published example %s', (iban) => {
    expect(ibanValid(iban)).toBe(true);
    expect(makeIban(iban.slice(0, 2), iban.slice(4))).toBe(iban);
  });

  it('rejects a single changed digit', () => {
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(mod97('370400440532013000DE89')).toBe(1);
  });

  it('computes the national keys of the published examples', () => {
    expect(ribKey('20041', '01005', '0500013M026')).toBe('06');
    expect(esControl('0021000418')).toBe(4);
    expect(esControl('0200051332')).toBe(5);
    expect(itCin('0542811101000000123456')).toBe('X');
    expect(plSortCheck('1090101')).toBe(4);
  });

  it('makes valid IBANs for every IBAN country, national check digits included', () => {
    const codes = (Object.keys(COUNTRIES) as CountryCode[]).filter((c) => makeBban(rngFor(1, c), c, 'ABCD') !== null);
    expect(codes.sort()).toEqual(['AT', 'BE', 'CH', 'DE', 'ES', 'FR', 'GB', 'IT', 'NL', 'PL', 'PT', 'TR']);
    for (const code of codes) {
      for (let i = 0; i < 25; i++) {
        const bban = makeBban(rngFor(i, 'iban', code), code, 'ABCD')!;
        const iban = makeIban(code, bban);
        expect(ibanValid(iban), iban).toBe(true);
        if (code === 'FR') expect(ribKey(bban.slice(0, 5), bban.slice(5, 10), bban.slice(10, 21))).toBe(bban.slice(21));
        if (code === 'ES') expect(`${esControl(`00${bban.slice(0, 8)}`)}${esControl(bban.slice(10))}`).toBe(bban.slice(8, 10));
        if (code === 'IT') expect(itCin(bban.slice(1))).toBe(bban.charAt(0));
        if (code === 'PL') expect(String(plSortCheck(bban.slice(0, 7)))).toBe(bban.charAt(7));
        if (code === 'BE') expect(Number(bban.slice(0, 10)) % 97 || 97).toBe(Number(bban.slice(10)));
      }
    }
  });
});

describe('other identifiers', () => {
  it('prints a container number the ways B/Ls do', () => {
    expect([0, 1, 2, 3].map((s) => printContainer('MSCU1234565', s as 0 | 1 | 2 | 3))).toEqual(['MSCU1234565', 'MSCU 1234565', 'MSCU 123456-5', 'MSCU 123456 5']);
  });

  it('knows a valid ABA routing number', () => {
    expect(abaValid('021000021')).toBe(true);
    expect(abaValid('021000022')).toBe(false);
  });
});
