import { describe, expect, it } from 'vitest';
import { LEGAL_FORM, cleanPartyName, findIncoterm, incotermPlace, isGoodsLine, isPartyName, isReferenceToOther, isVoyageCode, splitVesselVoyage } from '../../../src/core/extraction/grammars/shipping';

describe('shipping grammar', () => {
  it.each([
    ['FOB Ho Chi Minh City (Cat Lai)', 'FOB'],
    ['CIF ROTTERDAM (INCOTERMS 2020)', 'CIF'],
    ['C&F Alexandria', 'CFR'],
    ['CNF Jebel Ali', 'CFR'],
    ['dap Innsbruck', 'DAP'],
    ['Free on Board, Santos', 'FOB'],
    ['Delivered at Place Unloaded', 'DPU'],
    ['Carriage and Insurance Paid To Lyon', 'CIP'],
    ['FCA Pasadena, TX', 'FCA'],
  ])('%s → %s', (text, code) => {
    expect(findIncoterm(text)?.code).toBe(code);
  });

  it('finds an unlabelled Incoterm only when it is written as one', () => {
    expect(findIncoterm('included (110 % CIF)', true)).toBeNull();
    expect(findIncoterm('Terms CIF Hamburg', true)?.code).toBe('CIF');
    expect(findIncoterm('FOB, Incoterms 2020', true)?.code).toBe('FOB');
  });

  it.each([
    ['FOB Ho Chi Minh City (Cat Lai)', 'Ho Chi Minh City'],
    ['CIF ROTTERDAM (INCOTERMS 2020)', 'ROTTERDAM'],
    ['CFR Genoa (Incoterms® 2020)', 'Genoa'],
    ['Free on Board, Santos', 'Santos'],
    ['FCA Pasadena, TX', 'Pasadena'],
    ['Carriage and Insurance Paid To Lyon', 'Lyon'],
    ['FOB Shanghai Port', 'Shanghai Port'],
    ['EXW Incoterms 2020', null],
    ['CIF', null],
  ])('the named place of %s is %s', (text, place) => {
    const m = findIncoterm(text)!;
    expect(incotermPlace(text, m)?.place ?? null).toBe(place);
  });

  it.each([
    ['MERIDIAN AURORA V.042E', 'MERIDIAN AURORA', '042E'],
    ['MERIDIAN HALCYON / 117W', 'MERIDIAN HALCYON', '117W'],
    ['CAPE ITAPEMA - Voy. 03/2026', 'CAPE ITAPEMA', '03/2026'],
    ['NORDHAFEN EXPRESS 2612W', 'NORDHAFEN EXPRESS', '2612W'],
    ['ANDINA SPIRIT V. 2608E', 'ANDINA SPIRIT', '2608E'],
    ['KOTA HALUS 112W', 'KOTA HALUS', '112W'],
    // A box's rule read as a bar between the two.
    ['NORDIC AURORA | TQ012S', 'NORDIC AURORA', 'TQ012S'],
    ['ELBTAL', 'ELBTAL', null],
    ['CMA CGM KRIBI', 'CMA CGM KRIBI', null],
  ])('%s → vessel %s, voyage %s', (text, vessel, voyage) => {
    expect(splitVesselVoyage(text)).toEqual({ vessel, voyage });
  });

  it('tells a party name from address, tax and phone lines', () => {
    expect(isPartyName('Saigon Polytech Resins Joint Stock Company')).toBe(true);
    expect(isPartyName('TO ORDER OF SHIPPER')).toBe(true);
    expect(isPartyName('14250 Proctor Avenue')).toBe(false);
    expect(isPartyName('Tel: +84 28 3781 4520')).toBe(false);
    // A box's caption or a cargo clause where the name should be (an OCR-split caption, a clause box).
    expect(isPartyName('name and address)')).toBe(false);
    expect(isPartyName('Ehippes {complete name and address)')).toBe(false);
    expect(isPartyName("'S LOAD, STOW AND COUNT")).toBe(false);
    expect(isPartyName('OCEAN BILL OF LADING')).toBe(false);
    expect(isPartyName('Commercial Invoice')).toBe(false);
    expect(isPartyName('VAT: NL858214637B01')).toBe(false);
    expect(cleanPartyName('| Messrs. Noordzee Food Ingredients B.V. :')).toBe('Noordzee Food Ingredients B.V.');
    expect(cleanPartyName('Mazowsze Handel Sp. z 0.0.')).toBe('Mazowsze Handel Sp. z o.o.');
    expect(cleanPartyName('POMORZE AGRO SP. Z 0.O.')).toBe('POMORZE AGRO SP. Z o.o.');
    expect(cleanPartyName('Zeto Sp. z o.o.')).toBe('Zeto Sp. z o.o.');
    expect(isReferenceToOther('SAME AS CONSIGNEE')).toBe(true);
    expect(isReferenceToOther('Same as importer / O mesmo importador')).toBe(true);
    expect(isReferenceToOther('Same day delivery')).toBe(false);
  });

  it('tells the goods from packing and carrier clauses in a cargo description', () => {
    expect(isGoodsLine('1121 BASMATI RICE (CREAMY SELLA)')).toBe(true);
    expect(isGoodsLine('HIGH DENSITY POLYETHYLENE (HDPE)')).toBe(true);
    expect(isGoodsLine("SHIPPER'S LOAD, STOW AND COUNT")).toBe(false);
    expect(isGoodsLine('SAID TO CONTAIN:')).toBe(false);
    // The tail of a clause wrapped onto a line of its own ('SHIPPER'S LOAD, COUNT' / '& SEAL').
    expect(isGoodsLine('& SEAL')).toBe(false);
    expect(isGoodsLine('- COUNT & SEAL')).toBe(false);
    expect(isGoodsLine("3 x 40' HIGH CUBE CONTAINER(S) S.T.C.")).toBe(false);
    expect(isGoodsLine('2.970 BAGS')).toBe(false);
    expect(isGoodsLine('12,500.000 METRIC TONS')).toBe(false);
    expect(isGoodsLine('NET WEIGHT: 74,250 MT')).toBe(false);
    // Its head broken off by a scan, a container abbreviation, packing words alone.
    expect(isGoodsLine("SHIPPER'S")).toBe(false);
    expect(isGoodsLine('CNTR(S) CONTAIN')).toBe(false);
    expect(isGoodsLine('CARTONS of')).toBe(false);
    expect(isGoodsLine('PALLETS (3000 PCS)')).toBe(false);
    expect(isGoodsLine('CARTONS OF FROZEN SHRIMP')).toBe(true);
    // A stamp's word alone across the cargo box; the same word inside a description is goods.
    expect(isGoodsLine('COPY')).toBe(false);
    expect(isGoodsLine('NON-NEGOTIABLE')).toBe(false);
    expect(isGoodsLine('ORIGINAL')).toBe(false);
    expect(isGoodsLine('COPY PAPER A4, 80 GSM')).toBe(true);
  });
});

describe('isVoyageCode', () => {
  it.each(['VOY.220N', 'V.981W', 'Voy 046E', 'VOYAGE 12', 'voy. UL846N'])('%s is a voyage', (text) => expect(isVoyageCode(text)).toBe(true));
  it.each(['IANVAL6314252', 'VOYU1234567', 'V2026001', 'HOCLEH6140785', '220N'])('%s is not one', (text) => expect(isVoyageCode(text)).toBe(false));
});

describe('LEGAL_FORM', () => {
  it('knows the Italian, Swiss and Luxembourg limited companies however their dots are printed', () => {
    for (const name of ['Metalli Adriatica S.r.l.', 'Tessile Lombarda SRL', 'Lemano Trading Sàrl', 'Lux Invest S.à r.l.', 'ACME S.R.L']) expect(LEGAL_FORM.test(name)).toBe(true);
    for (const name of ['Shirley Road', 'Sr. Lopez', 'Transport Srls Road']) expect(LEGAL_FORM.test(name)).toBe(false);
  });
});
