import { describe, expect, it } from 'vitest';
import { countryCode } from '../../../src/shared/countries';

describe('countryCode', () => {
  it('reads codes in any case and names as spreadsheets write them, in several languages', () => {
    expect(countryCode('vn')).toBe('VN');
    expect(countryCode(' Germany ')).toBe('DE');
    expect(countryCode('Deutschland')).toBe('DE');
    expect(countryCode('viet nam')).toBe('VN');
    expect(countryCode('Việt Nam')).toBe('VN');
    expect(countryCode('U.S.A.')).toBe('US');
    expect(countryCode('Türkiye')).toBe('TR');
    expect(countryCode("Côte d’Ivoire")).toBe('CI');
    expect(countryCode('The Netherlands')).toBe('NL');
  });

  it('says nothing for what names no country rather than guessing', () => {
    expect(countryCode('Siam')).toBeNull();
    expect(countryCode('Narnia')).toBeNull();
    expect(countryCode('')).toBeNull();
    expect(countryCode('USD')).toBeNull();
  });
});
