import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../src/core/extraction/extract';
import type { KnownParties } from '../../../src/core/extraction/known-parties';
import { withKnownParties } from '../../../src/core/extraction/known-parties';
import { gridPage } from './grid-page';

const KNOWN: KnownParties = {
  suppliers: [{ id: 's1', legalName: 'Saigon Polytech Resins Joint Stock Company', aliases: ['SPR JSC'] }],
  buyers: [
    { id: 'b1', legalName: 'Pacific Crest Packaging, Inc.', aliases: [] },
    { id: 'b2', legalName: 'Nordwerk Kunststoffe GmbH', aliases: [] },
  ],
  accounts: ['LU250271000441735001'],
};

// An invoice whose layout rules mislead: the only block under "Bill to" starts with an address line,
// the seller prints no block, and the IBAN has two OCR slips (O for 0, I for 1).
const PAGE = `
COMMERCIAL INVOICE                                  Invoice No.: SPR/EX/2026/0142
Ho Chi Minh City, Vietnam                           Date: 16/02/2026
Issued by SAIGON POLYTECH RESINS JSC for its export sales

Bill to:
City of Industry, CA 91746
Pacific Crest Packaging Inc
14250 Proctor Avenue

Total Amount:   USD 103,455.00
IBAN: LU25 0271 0OO4 4173 5001
`;

describe('withKnownParties', () => {
  const pages = [gridPage(PAGE, { method: 'ocr', confidence: 0.9 })];
  const plain = extractDocument(pages);
  const known = withKnownParties(pages, plain, KNOWN);

  it('cuts a known party out of a longer reading', () => {
    expect(plain.fields.seller?.value).toBe('SAIGON POLYTECH RESINS JSC for its export sales');
    expect(known.fields.seller).toMatchObject({ value: 'SAIGON POLYTECH RESINS JSC', method: 'ocr' });
  });

  it('finds the known seller anywhere on the page when the layout gave none, and says so in the method', () => {
    const hidden = [gridPage(`${PAGE.replace('Issued by SAIGON POLYTECH RESINS JSC for its export sales', '')}\nPaid to the account of SAIGON POLYTECH RESINS JSC per contract\n`, { method: 'ocr', confidence: 0.9 })];
    const plainHidden = extractDocument(hidden);
    expect(plainHidden.fields.seller?.value ?? '').not.toMatch(/SAIGON/);
    const ex = withKnownParties(hidden, plainHidden, KNOWN);
    expect(ex.fields.seller).toMatchObject({ value: 'SAIGON POLYTECH RESINS JSC', method: 'counterparty', page: 1 });
    expect(ex.fields.seller?.bbox).not.toBeNull();
  });

  it('keeps a party the page already names as a known one', () => {
    expect(known.fields.buyer?.value).toBe(plain.fields.buyer?.value);
  });

  it('reads an account that fails its check as the known account it differs from by OCR slips only', () => {
    expect(known.fields.payment_account).toMatchObject({ value: 'LU250271000441735001', method: 'counterparty' });
    expect(known.fields.payment_account?.ambiguity).toMatch(/known account/);
  });

  it('never turns a valid look-alike account into the known one', () => {
    // LU03 0271 0004 4173 5009: a different, valid IBAN one digit group away from the escrow's.
    const lookAlike = [gridPage(PAGE.replace('LU25 0271 0OO4 4173 5001', 'LU03 0271 0004 4173 5009'), { method: 'ocr', confidence: 0.9 })];
    const ex = withKnownParties(lookAlike, extractDocument(lookAlike), KNOWN);
    expect(ex.fields.payment_account?.method).not.toBe('counterparty');
  });

  it('takes no party when two known parties of one side are on the page', () => {
    const two = [gridPage(`${PAGE}\nCopy to Nordwerk Kunststoffe GmbH, Hamburg\n`, { method: 'ocr', confidence: 0.9 })];
    const plainTwo = extractDocument(two);
    const ex = withKnownParties(two, { ...plainTwo, fields: { ...plainTwo.fields, buyer: undefined } }, KNOWN);
    expect(ex.fields.buyer).toBeUndefined();
  });
});
