import { describe, expect, it } from 'vitest';
import { BARE_DOLLAR, currencyNear, findCurrencies, isCurrencyCode, resolveDollar } from '../../../src/core/extraction/grammars/currency';

describe('currency grammar', () => {
  it.each([
    ['USD', 'USD'],
    ['Currency: EUR', 'EUR'],
    ['Dólar norte-americano (USD)', 'USD'],
    ['US Dollars One Hundred Three Thousand', 'USD'],
    ['Unit Price (US$)', 'USD'],
    ['€ 83,754.00', 'EUR'],
    ['£146,400.00', 'GBP'],
    ['R$ 1.000,00', 'BRL'],
    ['₹ 5,00,000', 'INR'],
    ['Amount in Euro', 'EUR'],
    ['RMB 12,000', 'CNY'],
    ['S$ 500', 'SGD'],
    ['HK$ 500', 'HKD'],
  ])('%s → %s', (text, code) => {
    expect(findCurrencies(text)[0]?.code).toBe(code);
  });

  it('does not take ordinary words for currencies', () => {
    expect(findCurrencies('FOB Ho Chi Minh City; TOP grade; ALL bags; MAD rush')).toEqual([]);
    expect(findCurrencies('TRY', true)[0]?.code).toBe('TRY');
    // Beside a currency label, a code OCR read in mixed case is the code; anywhere else it is a word.
    expect(findCurrencies('usD', true)[0]?.code).toBe('USD');
    expect(findCurrencies('usD')).toEqual([]);
    expect(findCurrencies('all amounts in EUR', true).map((c) => c.code)).toEqual(['EUR']);
  });

  it('takes a code that is also a word where it is written as a currency: in parentheses after a label, or beside a figure', () => {
    expect(findCurrencies('Vergiler Dahil Toplam Tutar (TRY):').map((c) => c.code)).toEqual(['TRY']);
    expect(findCurrencies('TRY 567.864,81').map((c) => c.code)).toEqual(['TRY']);
    expect(findCurrencies('Total 1,250.00 PEN').map((c) => c.code)).toEqual(['PEN']);
    // Capitals in running text or a heading stay words.
    expect(findCurrencies('PLEASE TRY AGAIN; ALL (Annex)')).toEqual([]);
  });

  it('keeps a bare $ undecided until the document says which dollar', () => {
    expect(findCurrencies('$1,010.00')[0]?.code).toBe(BARE_DOLLAR);
    expect(resolveDollar('Currency USD ... $1,010.00')).toBe('USD');
    expect(resolveDollar('Pasadena, TX 77507 ... $0.62')).toBe('USD');
    expect(resolveDollar('Toronto, Ontario, Canada … CAD … $')).toBe('CAD');
    expect(resolveDollar('Price $ 12.00 only')).toBeNull();
    expect(resolveDollar('USD and SGD both appear, $')).toBeNull();
  });

  it('finds the currency written beside an amount only', () => {
    const text = 'Total Amount:   USD 103,455.00';
    const at = text.indexOf('103');
    expect(currencyNear(text, at, at + 10)).toBe('USD');
    expect(currencyNear('USD rate table   1,045.00', 17, 25)).toBeNull();
  });

  it('knows ISO codes', () => {
    expect(isCurrencyCode('thb')).toBe(true);
    expect(isCurrencyCode('FOB')).toBe(false);
  });
});
