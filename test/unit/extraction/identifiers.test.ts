import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findContainers, findIbans, ibanMask, isValidContainer, isValidIban, looksLikeReference, normaliseAccount, parseAccountNumber, readIban } from '../../../src/core/extraction/grammars/identifiers';

/** Computes the two IBAN check digits for a country and BBAN (ISO 13616). */
const withCheckDigits = (country: string, bban: string): string => {
  const digits = [...`${bban}${country}00`].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  let rem = 0;
  for (const d of digits) rem = (rem * 10 + Number(d)) % 97;
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
};

describe('identifier grammar', () => {
  it.each(['LU25 0271 0004 4173 5001', 'DE89 3704 0044 0532 0130 00', 'GB29 NWBK 6016 1331 9268 19', 'FR76 3000 6000 0112 3456 7890 189', 'NL91ABNA0417164300'])('%s is a valid IBAN', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it.each(['LU25 0271 0004 4173 5002', 'DE88 3704 0044 0532 0130 00', 'GB29 NWBK 6016 1331 9268', 'XX00 1234'])('%s is not', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it('finds an IBAN however it is grouped and stops at its length', () => {
    expect(findIbans('IBAN: LU25 0271 0004 4173 5001 SWIFT BFLULULL')).toEqual([{ value: 'LU250271000441735001', raw: 'LU25 0271 0004 4173 5001', index: 6 }]);
    expect(findIbans('IBAN DE89-3704-0044-0532-0130-00')[0]?.value).toBe('DE89370400440532013000');
  });

  it('accepts generated IBANs and rejects any single changed digit (property)', () => {
    const country = fc.constantFrom(['DE', 18], ['FR', 23], ['NL', 14], ['LU', 16], ['GB', 18], ['BE', 12]);
    fc.assert(
      fc.property(country, fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 30, maxLength: 30 }), fc.nat(), fc.integer({ min: 1, max: 9 }), ([cc, len], ds, pos, bump) => {
        const bban = ds.slice(0, len as number).join('');
        const iban = withCheckDigits(cc as string, bban);
        expect(isValidIban(iban)).toBe(true);
        expect(isValidIban(iban.replace(/(.{4})/g, '$1 '))).toBe(true);
        // Changing one digit of the BBAN always breaks mod 97.
        const i = 4 + (pos % bban.length);
        const changed = iban.slice(0, i) + String((Number(iban[i]) + bump) % 10) + iban.slice(i + 1);
        expect(isValidIban(changed)).toBe(false);
      }),
    );
  });

  it('knows a BBAN format for every country it knows an IBAN length of, each of that length', () => {
    const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
    const countries = letters.flatMap((a) => letters.map((b) => a + b)).filter((cc) => ibanMask(cc) !== null);
    expect(countries.length).toBeGreaterThan(70);
    for (const cc of countries) {
      // An IBAN built to the format passes the check, whose length test is the registry's.
      const bban = [...ibanMask(cc)!.slice(2)].map((kind, i) => (kind === 'a' ? 'K' : String((i * 7) % 10))).join('');
      expect(isValidIban(withCheckDigits(cc, bban)), cc).toBe(true);
    }
    // Registry samples hold what their formats say in each place.
    for (const iban of ['BE68 5390 0754 7034', 'GB29 NWBK 6016 1331 9268 19', 'FR76 3000 6000 0112 3456 7890 189', 'NL91ABNA0417164300', 'IT60 X054 2811 1010 0000 0123 456']) {
      const compact = normaliseAccount(iban);
      const mask = ibanMask(compact.slice(0, 2))!;
      [...compact.slice(2)].forEach((c, i) => expect(mask[i] === 'n' ? /\d/.test(c) : mask[i] === 'a' ? /[A-Z]/.test(c) : true, `${iban} place ${i + 2}`).toBe(true));
    }
    expect(ibanMask('XX')).toBeNull();
  });

  it.each([
    // A scan's footer: the check digit 1 read as L, the last 1 as a brace; Belgian BBANs are all digits.
    ['IBAN BEL7 3925 9967 422}', 'BE17392599674221', 2],
    ['IBAN: DE89 37O4 0044 0532 0130 00', 'DE89370400440532013000', 1],
    // A British sort code keeps its bank letters; a digit read in their place is a letter.
    ['GB29 NW8K 6016 1331 9268 19', 'GB29NWBK60161331926819', 1],
  ])('reads %s as %s, undoing what the format tells', (text, value, repaired) => {
    expect(readIban(text)).toMatchObject({ value, valid: true, repaired });
  });

  it('keeps an IBAN no format repair can explain as printed and invalid', () => {
    // Two real digits swapped: the format has nothing to undo, and no single look-alike fixes it.
    expect(readIban('IBAN BE17 3925 9967 4212')).toMatchObject({ value: 'BE17392599674212', valid: false, repaired: 0 });
    // A mark that reads as no character at all ('§') is no IBAN to repair.
    expect(readIban('IBAN BE17 3925 9967 42§1')).toBeNull();
  });

  it('normalises account numbers as the manifest stores them', () => {
    expect(normaliseAccount('412-3-08567-9')).toBe('4123085679');
    expect(parseAccountNumber('Account No.: 412-3-08567-9')).toEqual({ value: '4123085679', raw: '412-3-08567-9' });
    expect(parseAccountNumber('Account Number: 4471-0093-2281')?.value).toBe('447100932281');
  });

  it.each([
    ['MRDU4123059', 'MRDU4123059'],
    ['NHCU 207718-3', 'NHCU2077183'],
    ['MSKU 123456 7', null],
    ['Containers: MRDU6550213, MRLU6550582', 'MRDU6550213'],
    // OCR read a digit as a letter; the check digit proves the repair.
    // One character too many ("S5" for "5"): dropping it leaves a valid check digit.
    ['MRDUS5301155', 'MRDU5301155'],
    ['MRDU53O1155', 'MRDU5301155'],
    ['NHCU 2O7718-3', 'NHCU2077183'],
  ])('container in %s → %s', (text, id) => {
    expect(findContainers(text)[0]?.value ?? null).toBe(id);
  });

  it("repairs one owner-code letter a scan turned into its look-alike when exactly one look-alike passes the check ('ECIU 211906 7', '£CIU B45478-2')", () => {
    expect(findContainers('ECIU 211906 7 / 6829290 / 40GP').map((c) => [c.value, c.repaired])).toEqual([['FCIU2119067', 1]]);
    // The pound sign a blurred F became, and an 8 read as B among the digits.
    expect(findContainers('£CIU B45478-2 / 20GP').map((c) => c.value)).toEqual(['FCIU8454782']);
    // A digit misread among the digits is no letter to repair: no look-alike of T, E or M explains it.
    expect(findContainers('TEMU 8489206 SAID')).toEqual([]);
  });

  it('checks ISO 6346 check digits', () => {
    expect(isValidContainer('MRDU4123059')).toBe(true);
    expect(isValidContainer('MRDU4123058')).toBe(false);
    expect(isValidContainer('CSQU3054383')).toBe(true);
  });

  it.each([
    ['SPR/EX/2026/0142', true],
    ['EX2603-0904', true],
    ['0057/2026', true],
    ['ABC-SSZ-2603-01', true],
    ['103,455.00', false],
    ['12', false],
    ['Seller', false],
    // A word a scan misread, one letter read as a digit ('Sposób' of 'Sposób płatności').
    ['Spos6b', false],
    ['Inv2026a', true],
    ['FV/2445/11/2025', true],
  ])('%s looks like a reference: %s', (token, yes) => {
    expect(looksLikeReference(token)).toBe(yes);
  });
});
