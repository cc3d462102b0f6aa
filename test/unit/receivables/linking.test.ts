import { describe, expect, it } from 'vitest';
import { compareBlNumbers, planLinks, scorePair, vesselRelation } from '../../../src/core/receivables/linking';
import type { BlSide, InvoiceSide, LinkingOptions } from '../../../src/core/receivables/linking';

const SUPPLIERS: Record<string, string> = { 'saigon polytech resins jsc': 'sup_spr', 'spr jsc': 'sup_spr', 'chao phraya polyolefins pcl': 'sup_cpp' };
const BUYERS: Record<string, string> = { 'rheinfeld kunststofftechnik gmbh': 'buy_rh', 'noordzee food ingredients bv': 'buy_nz' };
const fold = (s: string) => s.toLowerCase().replace(/[.,]/g, '').replace(/\s+/g, ' ').trim();

const options = (over: Partial<LinkingOptions> = {}): LinkingOptions => ({
  supplierOf: (n) => SUPPLIERS[fold(n)] ?? null,
  buyerOf: (n) => BUYERS[fold(n)] ?? null,
  daysBefore: 45,
  daysAfter: 10,
  known: new Set(),
  holding: new Set(),
  held: new Set(),
  ...over,
});

const invoice = (over: Partial<InvoiceSide> = {}): InvoiceSide => ({
  receivableId: 'rcv_1',
  documentId: 'doc_inv1',
  blNumber: null,
  containers: [],
  seller: 'Saigon Polytech Resins JSC',
  buyer: 'Rheinfeld Kunststofftechnik GmbH',
  goods: 'Polypropylene homopolymer resin, injection grade',
  issueDate: '2026-03-04',
  quantity: 49.5,
  quantityUnit: 'MT',
  ...over,
});

const bl = (over: Partial<BlSide> = {}): BlSide => ({
  documentId: 'doc_bl1',
  blNumber: null,
  containers: [],
  shipper: 'SPR JSC',
  consignee: 'RHEINFELD KUNSTSTOFFTECHNIK GMBH',
  notifyParty: null,
  goods: 'POLYPROPYLENE HOMOPOLYMER RESIN',
  onBoardDate: '2026-03-02',
  quantity: null,
  quantityUnit: null,
  netWeightKg: 49_500,
  grossWeightKg: 49_896,
  packages: 1980,
  ...over,
});

describe('compareBlNumbers', () => {
  it('reads a B/L number OCR-tolerantly: look-alikes and one slip in the prefix, never other digits', () => {
    expect(compareBlNumbers('NHCL-SGN-2601274', 'nhclsgn 2601274')).toBe('same');
    expect(compareBlNumbers('NHCLSGN2601274', 'NHCLSGN26O1274')).toBe('ocr');
    expect(compareBlNumbers('NHCLSGN2601274', 'NHCISGN2601274')).toBe('ocr');
    // One digit alone differs: a misread digit, or the next B/L of the series.
    expect(compareBlNumbers('NHCLSGN2601274', 'NHCLSGN2601275')).toBe('digit');
    expect(compareBlNumbers('NHCLSGN2601274', 'NHCLSGN2601285')).toBe('other');
    expect(compareBlNumbers('NHCLSGN2601274', 'MRDLSGN2601274')).toBe('other');
    // Too few digits to trust a skeleton: only the printed form counts.
    expect(compareBlNumbers('AB-12', 'A8-12')).toBe('other');
  });

  it('takes a number read a doubled character short, or cut short, as near, never as the same B/L; any other length differs', () => {
    expect(compareBlNumbers('PCSUMMO04896415', 'PCSUMMO4896415')).toBe('near');
    expect(compareBlNumbers('NHCLSGN2601174', 'NHCLSGN260174')).toBe('near');
    // A character dropped that repeats no neighbour, or two dropped: another number.
    expect(compareBlNumbers('NHCLSGN2601274', 'NHCLSGN260274')).toBe('other');
    expect(compareBlNumbers('PCSUMMO004896415', 'PCSUMMO4896415')).toBe('other');
    // A number read cut short (the rest smudged into other words): near, from eight characters.
    expect(compareBlNumbers('PCSUJO68', 'PCSUJO68299378')).toBe('near');
    expect(compareBlNumbers('PCSUJO6', 'PCSUJO68299378')).toBe('other');
    expect(compareBlNumbers('PCSUJO69', 'PCSUJO68299378')).toBe('other');
  });

  it('takes letters read where the other reads digits as near: a blurred 88 read SS proves no other B/L', () => {
    expect(compareBlNumbers('NSLUSS0764941', 'NSLU880764941')).toBe('near');
    // A digit that differs as well, or letters against other letters, still name another B/L.
    expect(compareBlNumbers('NSLUSS0764942', 'NSLU880764941')).toBe('other');
    expect(compareBlNumbers('NSLUAB0764941', 'NSLUXY0764941')).toBe('other');
  });
});

describe('scorePair', () => {
  it('links by the cited number, and an invoice citing another B/L is never about this one', () => {
    expect(scorePair(invoice({ blNumber: 'NHCLSGN2601274' }), bl({ blNumber: 'NHCLSGN26O1274' }), options())).toMatchObject({ how: 'bl_number', score: 0.95 });
    expect(scorePair(invoice({ blNumber: 'NHCLSGN2601999' }), bl({ blNumber: 'NHCLSGN2601274' }), options())).toBeNull();
    // Letters read for digits on a scan veto nothing: the containers both list decide.
    expect(scorePair(invoice({ blNumber: 'NSLUSS0764941', containers: ['SEGU0998367'] }), bl({ blNumber: 'NSLU880764941', containers: ['SEGU0998367'] }), options())).toMatchObject({ how: 'containers' });
  });

  it('leaves a B/L whose number was read a doubled character short to the containers both list', () => {
    const inv = invoice({ blNumber: 'PCSUMMO04896415', containers: ['CAIU6349671', 'DFSU5576306'] });
    const near = scorePair(inv, bl({ blNumber: 'PCSUMMO4896415', containers: ['CAIU6349671', 'DFSU5576306'] }), options());
    expect(near).toMatchObject({ how: 'containers' });
    expect(planLinks([inv], [bl({ blNumber: 'PCSUMMO4896415', containers: ['CAIU6349671', 'DFSU5576306'] })], options()).links.map((l) => l.how)).toEqual(['containers']);
    // One digit short elsewhere is another B/L, containers or not.
    expect(scorePair(inv, bl({ blNumber: 'PCSUMMO0489615', containers: ['CAIU6349671'] }), options())).toBeNull();
  });

  it('leaves a B/L whose number reads one digit off to the containers both list, and to nothing else', () => {
    // 'HOCNEW1130859' on a faint scan of HOCNEW1139859: the containers say it is the invoice's B/L.
    const inv = invoice({ blNumber: 'HOCNEW1139859', containers: ['HOCU2152623'] });
    expect(scorePair(inv, bl({ blNumber: 'HOCNEW1130859', containers: ['HOCU2152623'] }), options())).toMatchObject({ how: 'containers' });
    // Without a shared container it may be the next B/L of the series: parties and goods are no proof.
    expect(scorePair(inv, bl({ blNumber: 'HOCNEW1130859', containers: ['TGHU6700837'] }), options())).toBeNull();
    expect(scorePair(invoice({ blNumber: 'HOCNEW1139859' }), bl({ blNumber: 'HOCNEW1130859' }), options())).toBeNull();
  });

  it('links by shared containers only when the dates fit (a container carries many shipments)', () => {
    const inv = invoice({ containers: ['NHCU3188406'], seller: null, goods: null });
    const byContainer = scorePair(inv, bl({ containers: ['NHCU 318840-6', 'NHLU3188779'] }), options());
    expect(byContainer).toMatchObject({ how: 'containers' });
    expect(byContainer!.reasons[0]).toBe('both list container NHCU3188406');
    expect(scorePair(inv, bl({ containers: ['NHCU3188406'], onBoardDate: '2025-06-01' }), options())?.how).not.toBe('containers');
  });

  it('scores what both read, with the reasons, and vetoes a B/L shipped by another registered supplier unless all else agrees', () => {
    const c = scorePair(invoice(), bl(), options());
    expect(c?.how).toBe('match');
    expect(c!.score).toBeGreaterThanOrEqual(0.6);
    expect(c!.reasons.join('; ')).toMatch(/seller .* shipped it; buyer .* consignee.*; same goods .*; quantity 49.5 MT matches; shipped 2 days before the invoice/);
    expect(scorePair(invoice(), bl({ shipper: 'Chao Phraya Polyolefins PCL', netWeightKg: 31_000, grossWeightKg: 31_400 }), options())).toBeNull();
    // Shipped long after the invoice, other goods: not a candidate at all.
    expect(scorePair(invoice(), bl({ onBoardDate: '2026-06-30', goods: 'SOYBEANS', netWeightKg: 1000, grossWeightKg: 1000, consignee: 'Noordzee Food Ingredients B.V.' }), options())).toBeNull();
  });
});

describe('planLinks', () => {
  it('links a clear winner and offers look-alikes to a person instead of guessing', () => {
    const clear = planLinks([invoice()], [bl(), bl({ documentId: 'doc_bl2', goods: 'SOYBEANS', netWeightKg: 130_000, grossWeightKg: 130_500 })], options());
    expect(clear.links.map((l) => [l.receivableId, l.documentId, l.how])).toEqual([['rcv_1', 'doc_bl1', 'match']]);

    const twins = planLinks([invoice()], [bl(), bl({ documentId: 'doc_bl2' })], options());
    expect(twins.links).toEqual([]);
    expect(twins.offers.get('rcv_1')?.map((c) => c.documentId)).toEqual(['doc_bl1', 'doc_bl2']);
  });

  it('links no B/L to two invoices on a match, but does on a cited number (the duplicate rule must see it)', () => {
    const second = invoice({ receivableId: 'rcv_2', documentId: 'doc_inv2' });
    const matched = planLinks([invoice(), second], [bl()], options());
    expect(matched.links).toEqual([]);
    expect(matched.offers.size).toBe(2);

    const cited = planLinks([invoice({ blNumber: 'NHCLSGN2601274' }), { ...second, blNumber: 'NHCL SGN 2601274' }], [bl({ blNumber: 'NHCLSGN2601274' })], options({ held: new Set(['doc_bl1']) }));
    expect(cited.links.map((l) => [l.receivableId, l.how])).toEqual([['rcv_1', 'bl_number'], ['rcv_2', 'bl_number']]);
  });

  it('links a B/L another registered supplier shipped only when the buyer, the goods and the quantity all agree, and says so', () => {
    const third = bl({ shipper: 'CHAO PHRAYA POLYOLEFINS PCL' });
    const linked = scorePair(invoice(), third, options());
    expect(linked).toMatchObject({ how: 'match' });
    expect(linked!.reasons[0]).toMatch(/shipped by CHAO PHRAYA POLYOLEFINS PCL, another registered supplier than the seller/);
    expect(linked!.weight).toBeLessThan(scorePair(invoice(), bl(), options())!.weight);
    expect(planLinks([invoice()], [third], options()).links.map((l) => l.documentId)).toEqual(['doc_bl1']);
    // Short of any of the three, another registered supplier's B/L is another trade.
    expect(scorePair(invoice({ quantity: null }), third, options())).toBeNull();
    expect(scorePair(invoice(), { ...third, goods: 'FROZEN SHRIMP' }, options())).toBeNull();
    expect(scorePair(invoice(), { ...third, consignee: 'NOORDZEE FOOD INGREDIENTS BV' }, options())).toBeNull();
    // The B/L naming this very invoice stands for one of the three (a quantity the scan lost).
    const named = scorePair(invoice({ quantity: null, number: 'INV-15280' }), { ...third, invoiceNumber: 'INV-15280' }, options());
    expect(named?.reasons).toContain('the B/L names invoice INV-15280');
    expect(scorePair(invoice({ quantity: null, number: 'INV-15280' }), { ...third, invoiceNumber: 'INV-15280', goods: 'FROZEN SHRIMP' }, options())).toBeNull();
    // Its own seller's B/L with the same fit wins over it.
    const own = bl({ documentId: 'doc_bl2' });
    expect(planLinks([invoice()], [third, own], options()).links.map((l) => l.documentId)).toEqual(['doc_bl2']);
  });

  it("reads goods by their trade abbreviation, a description of packing words as none, and a weight a thousand times off as a decimal mark read the other way", () => {
    const hdpe = invoice({ goods: 'HDPE Granules, blow moulding grade B5429', quantity: 25.375, quantityUnit: 'MT' });
    const spelt = bl({ goods: 'HIGH DENSITY POLYETHYLENE', netWeightKg: 25_375, grossWeightKg: null, packages: null });
    expect(scorePair(hdpe, spelt, options())?.reasons.join('; ')).toMatch(/same goods \(high, density, polyethylene\)/);
    // 'SAID TO CONTAIN' read where the goods stand: no evidence against the pair.
    const contain = bl({ goods: 'CONTAIN' });
    const none = bl({ goods: null });
    expect(scorePair(invoice(), contain, options())?.weight).toBeCloseTo(scorePair(invoice(), none, options())!.weight, 6);
    // '49.500' kg read as 49.5 against 49,500 kg invoiced: not against the pair, as a different weight would be.
    const kg = invoice({ quantity: 49_500, quantityUnit: 'KG' });
    const mark = scorePair(kg, bl({ netWeightKg: 49.5, grossWeightKg: null, packages: null }), options())!.weight;
    const other = scorePair(kg, bl({ netWeightKg: 31_000, grossWeightKg: null, packages: null }), options())!.weight;
    expect(mark).toBeGreaterThan(other + 0.15);
    // A gross weight alone, 11 % above the net invoiced: the goods with their cartons, not another
    // shipment; 25 % above, or below the net, it counts against.
    const packed = scorePair(kg, bl({ netWeightKg: null, grossWeightKg: 55_000, packages: null }), options())!.weight;
    const heavier = scorePair(kg, bl({ netWeightKg: null, grossWeightKg: 62_000, packages: null }), options())!.weight;
    const lighter = scorePair(kg, bl({ netWeightKg: null, grossWeightKg: 43_000, packages: null }), options())!.weight;
    expect(packed).toBeCloseTo(mark, 6);
    expect(heavier).toBeCloseTo(other, 6);
    expect(lighter).toBeCloseTo(other, 6);
  });

  it("lets a B/L number a scan barely made out match a cited one, never rule it out: the rest of the evidence decides", () => {
    const cites = invoice({ blNumber: 'MRDANT3893829' });
    const misread = bl({ blNumber: 'VPZI16825203' });
    // Read surely, another number is another B/L, however well the rest fits.
    expect(scorePair(cites, misread, options())).toBeNull();
    expect(planLinks([cites], [misread], options()).links).toEqual([]);
    // Read unsurely (a quarter sure, unconfirmed), it says nothing either way.
    const unsure = { ...misread, blNumberUnsure: true };
    expect(scorePair(cites, unsure, options())).toMatchObject({ how: 'match' });
    expect(planLinks([cites], [unsure], options()).links.map((l) => [l.receivableId, l.documentId, l.how])).toEqual([['rcv_1', 'doc_bl1', 'match']]);
  });

  it('links one B/L to two renditions of one invoice (same seller and number: a re-issue, its photo), never to two invoices', () => {
    const original = invoice({ number: 'SPR/EX/2026/0142' });
    const reissue = invoice({ receivableId: 'rcv_2', documentId: 'doc_inv2', number: 'SPR-EX-2026-O142', issueDate: '2026-03-09' });
    const plan = planLinks([original, reissue], [bl()], options());
    expect(plan.links.map((l) => [l.receivableId, l.documentId]).sort()).toEqual([['rcv_1', 'doc_bl1'], ['rcv_2', 'doc_bl1']]);
    // A slash read as a letter in the photo ('SPRIEX/2026/O142') is still the same number.
    const slashed = planLinks([original, { ...reissue, number: 'SPR/EXI2026/O142' }], [bl()], options());
    expect(slashed.links.map((l) => l.receivableId).sort()).toEqual(['rcv_1', 'rcv_2']);
    // Another number, or a seller the registry does not know, is another invoice: a rival as before.
    expect(planLinks([original, { ...reissue, number: 'SPR/EX/2026/0143' }], [bl()], options()).links).toEqual([]);
    const unknown = { ...original, seller: 'Unregistered Trading Co' };
    expect(planLinks([unknown, { ...reissue, seller: 'Unregistered Trading Co' }], [bl({ shipper: null })], options()).links).toEqual([]);
  });

  it('links the B/L a re-issue cites by number to the original rendition too, which cites none', () => {
    const original = invoice({ number: 'SPR/EX/2026/0142' });
    const reissue = invoice({ receivableId: 'rcv_2', documentId: 'doc_inv2', number: 'SPR/EX/2026/0142', issueDate: '2026-03-09', blNumber: 'NHCLSGN2601274' });
    const plan = planLinks([original, reissue], [bl({ blNumber: 'NHCLSGN2601274' })], options());
    expect(plan.links.map((l) => [l.receivableId, l.how]).sort()).toEqual([['rcv_1', 'match'], ['rcv_2', 'bl_number']]);
    // Another invoice whose citing took the B/L keeps it: no second link by matching.
    const other = planLinks([original, { ...reissue, number: 'SPR/EX/2026/0199' }], [bl({ blNumber: 'NHCLSGN2601274' })], options());
    expect(other.links.map((l) => l.receivableId)).toEqual(['rcv_2']);
  });

  it('links a B/L that names the invoice number (OCR look-alikes folded), where goods and quantity alone would not', () => {
    // Goods read as 'CARTONS', no quantity that compares: parties and date alone stay below a link.
    const weak = { goods: 'CARTONS (964 PCS)', netWeightKg: null, grossWeightKg: null, packages: 2 };
    const inv = invoice({ number: '202502250', quantity: 964, quantityUnit: 'PCS' });
    expect(planLinks([invoice({ seller: 'Unregistered Trading Co', buyer: 'Someone Else Ltd', quantity: 964, quantityUnit: 'PCS' })], [bl({ ...weak, shipper: null, consignee: null })], options()).links).toEqual([]);
    const named = planLinks([{ ...inv, seller: 'Unregistered Trading Co', buyer: 'Someone Else Ltd' }], [bl({ ...weak, shipper: null, consignee: null, invoiceNumber: '2O25O225O' })], options());
    expect(named.links.map((l) => [l.receivableId, l.documentId, l.reasons[0]])).toEqual([['rcv_1', 'doc_bl1', 'the B/L names invoice 2O25O225O']]);
    // Another number, or a B/L shipped by another registered supplier, is not this invoice's.
    expect(planLinks([inv], [bl({ ...weak, invoiceNumber: '202502251', shipper: null, consignee: null })], options()).links).toEqual([]);
    expect(scorePair(inv, bl({ ...weak, invoiceNumber: '202502250', shipper: 'Chao Phraya Polyolefins PCL' }), options())).toBeNull();
  });

  it('prefers the B/L printing the exact number over an OCR look-alike of it', () => {
    const plan = planLinks([invoice({ blNumber: 'NHCLSGN2601274' })], [bl({ documentId: 'doc_blx', blNumber: 'NHCISGN2601274' }), bl({ blNumber: 'NHCLSGN2601274' })], options());
    expect(plan.links.map((l) => l.documentId)).toEqual(['doc_bl1']);
  });

  it('never proposes a pair a person unlinked, nor matches a B/L another receivable holds, nor looks further for a receivable that has one', () => {
    expect(planLinks([invoice()], [bl()], options({ known: new Set(['rcv_1\u0000doc_bl1']) })).links).toEqual([]);
    expect(planLinks([invoice()], [bl()], options({ held: new Set(['doc_bl1']) })).links).toEqual([]);
    expect(planLinks([invoice()], [bl()], options({ holding: new Set(['rcv_1']) })).links).toEqual([]);
  });

  it('falls back to a B/L whose number was not read when the cited number is on no B/L', () => {
    const plan = planLinks([invoice({ blNumber: 'NHCLSGN2601274' })], [bl(), bl({ documentId: 'doc_bl2', blNumber: 'MRDLSGN2604417', goods: 'RICE' })], options());
    expect(plan.links.map((l) => [l.documentId, l.how])).toEqual([['doc_bl1', 'match']]);
  });
});

describe('scorePair on imperfect readings', () => {
  it('counts an invoice quantity read without its unit only when the B/L shows the same figure or a thousand times it', () => {
    const unitless = (quantity: number, over: Partial<BlSide> = {}) => scorePair(invoice({ quantity, quantityUnit: null }), bl(over), options())!;
    const base = unitless(7);
    expect(unitless(49.5).weight).toBeCloseTo(base.weight + 0.1); // 49.5 against 49,500 kg: near (tonnes against kilograms)
    expect(unitless(1980).weight).toBeCloseTo(base.weight + 0.2); // the package count itself: close
    expect(unitless(1980).reasons.join(' ')).toMatch(/quantity 1980 matches/);
    // A figure the B/L does not show says nothing either way: the units may differ.
    expect(unitless(7).reasons.join(' ')).not.toMatch(/quantity/);
  });

  it('still finds a B/L shipped long after the invoice fell due, as a weaker candidate that can still win alone', () => {
    const late = scorePair(invoice(), bl({ onBoardDate: '2026-05-20' }), options())!; // 77 days after: 67 past the window
    expect(late).not.toBeNull();
    expect(late.reasons.join(' ')).toMatch(/outside the policy's window/);
    expect(scorePair(invoice(), bl({ onBoardDate: '2026-09-20' }), options())).toBeNull(); // half a year later: another trade
    const plan = planLinks([invoice()], [bl({ onBoardDate: '2026-05-20' })], options());
    expect(plan.links.map((l) => l.documentId)).toEqual(['doc_bl1']);
  });

  it('lets goods that share no word weigh only a little against registered parties and dates that agree', () => {
    const other = scorePair(invoice({ goods: 'Prime HRC, Q235B' }), bl({ goods: 'HOT ROLLED STEEL' }), options())!;
    const same = scorePair(invoice(), bl(), options())!;
    expect(other.weight).toBeLessThan(same.weight);
    expect(same.weight - other.weight).toBeCloseTo(0.25);
  });

  it('counts a quantity read unsurely when it matches, never against the pair', () => {
    const sure = scorePair(invoice(), bl({ netWeightKg: 10_586_217, grossWeightKg: null }), options())!;
    const unsure = scorePair(invoice(), bl({ netWeightKg: 10_586_217, grossWeightKg: null, quantityUnsure: true }), options())!;
    expect(unsure.weight - sure.weight).toBeCloseTo(0.1);
    const unsureInvoice = scorePair(invoice({ quantityUnsure: true }), bl({ netWeightKg: 10_586_217, grossWeightKg: null }), options())!;
    expect(unsureInvoice.weight).toBeCloseTo(unsure.weight);
    // An unsure reading that matches still counts for the pair.
    expect(scorePair(invoice(), bl({ quantityUnsure: true }), options())!.weight).toBeCloseTo(scorePair(invoice(), bl(), options())!.weight);
  });

  it("counts the invoice's Incoterm place when it is a port of the B/L ('CIP Mersin', discharge at MERSIN), and nothing when it is not", () => {
    // Parties unregistered, goods named differently, no quantity: the shipment's route tips the balance.
    const inv = invoice({ seller: 'Anatolia Steel Trading', buyer: 'Toros Metal A.S.', goods: 'Prime HRC, Q235B', quantity: null, quantityUnit: null, incotermPlace: 'Mersin' });
    const route = { shipper: 'ANATOLIA STEEL TRADING', consignee: 'TOROS METAL A.S.', goods: 'HOT ROLLED STEEL', netWeightKg: null, portOfLoading: 'ODESSA, UKRAINE' };
    const there = scorePair(inv, bl({ ...route, portOfDischarge: 'MERSIN, TURKEY' }), options())!;
    const elsewhere = scorePair(inv, bl({ ...route, portOfDischarge: 'ISKENDERUN, TURKEY' }), options())!;
    expect(there.reasons).toContain("the invoice's named place Mersin is the B/L's port of discharge MERSIN, TURKEY");
    expect(there.weight - elsewhere.weight).toBeCloseTo(0.1);
    expect(there.weight).toBeGreaterThanOrEqual(0.6);
    expect(elsewhere.weight).toBeLessThan(0.6);
    // F terms name the port of loading; a port is one whatever words a form adds to it.
    expect(scorePair(invoice({ incotermPlace: 'Shanghai Port' }), bl({ portOfLoading: 'SHANGHAI, CHINA' }), options())!.reasons.join()).toMatch(/port of loading SHANGHAI/);
    // Ports that share a word are not one port.
    expect(scorePair(invoice({ incotermPlace: 'New York' }), bl({ portOfDischarge: 'NEW ORLEANS, LA' }), options())!.reasons.join()).not.toMatch(/named place/);
  });

  it("weighs the vessel and ports an invoice's shipping block states: a photo that read no goods or quantity still finds its B/L", () => {
    // A third party shipped it (an unregistered shipper), and the invoice's goods and quantity were not read.
    const inv = invoice({ seller: 'Ardenne Import SRL', goods: null, quantity: null, quantityUnit: null, issueDate: '2026-08-29' });
    const route = { shipper: 'BASAK PLASTIK ITHALAT LTD. STI.', onBoardDate: '2026-08-26', portOfLoading: 'ANTWERP, BELGIUM', portOfDischarge: 'SAVANNAH, GA, USA', vessel: 'AEGEAN BREEZE' };
    const bare = scorePair(inv, bl(route), options())!;
    expect(bare.weight).toBeLessThan(0.6);
    const stated = scorePair({ ...inv, vessel: 'M/V AEGEAN BREEZE', portOfLoading: 'Antwerp', portOfDischarge: 'Savannah, GA' }, bl(route), options())!;
    expect(stated.reasons).toEqual(expect.arrayContaining(['the same vessel (AEGEAN BREEZE)', "the invoice's port of loading Antwerp is the B/L's", "the invoice's port of discharge Savannah, GA is the B/L's"]));
    expect(stated.weight - bare.weight).toBeCloseTo(0.3);
    expect(planLinks([{ ...inv, vessel: 'AEGEAN BREEZE', portOfLoading: 'ANTWERP, BELGIUM', portOfDischarge: 'SAVANNAH, GA, USA' }], [bl(route)], options()).links).toHaveLength(1);
    // A port counts once, whether the shipping block states it or the Incoterm names it.
    const both = scorePair({ ...inv, incotermPlace: 'Savannah', portOfDischarge: 'Savannah' }, bl(route), options())!;
    expect(both.weight - bare.weight).toBeCloseTo(0.1);
    // Another ship, read on both, counts against; a ship's name read with a slip does not.
    expect(scorePair({ ...inv, vessel: 'NORDIC TIDE' }, bl(route), options())!.weight - bare.weight).toBeCloseTo(-0.1);
    expect(scorePair({ ...inv, vessel: 'AEGEAN BREFZE V.639E' }, bl(route), options())!.reasons).toContain('the same vessel (AEGEAN BREEZE)');
  });
});

describe('planLinks on readings a scan or a busy container leaves', () => {
  it('ignores a B/L number reading that cannot be one (a year in the box) and a cited number read with other words', () => {
    const plan = planLinks([invoice({ blNumber: 'HOCHOU4344329', containers: ['CAIU4303943'] })], [bl({ blNumber: '4026', containers: ['CAIU4303943'] })], options());
    expect(plan.links.map((l) => l.how)).toEqual(['containers']);
    const cited = planLinks([invoice({ blNumber: 'CRESCENT DAWN VOY.UL846N PCSUZR50872908' })], [bl({ blNumber: 'PCSUZR50872908' })], options());
    expect(cited.links.map((l) => l.how)).toEqual(['bl_number']);
    // A plausible number that differs still rules the B/L out.
    expect(planLinks([invoice({ blNumber: 'HOCHOU4344329' })], [bl({ blNumber: 'HOCHOU9999999' })], options()).links).toEqual([]);
    // A voyage read for the cited number ('V.981W') rules nothing out: the shared container links.
    const voyage = planLinks([invoice({ blNumber: 'V.981W', containers: ['DFSU4895361'] })], [bl({ blNumber: 'HOCLEH6140785', containers: ['TGHU9684473', 'DFSU4895361'] })], options());
    expect(voyage.links.map((l) => l.how)).toEqual(['containers']);
    expect(planLinks([invoice({ blNumber: 'V.981W' })], [bl({ blNumber: 'HOCLEH6140785' })], options()).links.map((l) => l.how)).toEqual(['match']);
    // Nor does one printed with the voyage word ('VOY.220N', seven characters with letters and digits).
    const voy = planLinks([invoice({ blNumber: 'VOY.220N', containers: ['TRHU3931686'] })], [bl({ blNumber: 'IANVAL6314252', containers: ['TRHU3931686', 'CAIU2333492'] })], options());
    expect(voy.links.map((l) => l.how)).toEqual(['containers']);
  });

  it('links two invoices whose shipments used one container, each to its own B/L, in rounds', () => {
    const first = invoice({ receivableId: 'rcv_1', documentId: 'doc_inv1', containers: ['GESU8678961'] });
    const second = invoice({ receivableId: 'rcv_2', documentId: 'doc_inv2', buyer: 'Noordzee Food Ingredients BV', issueDate: '2026-03-10' });
    const bls = [
      bl({ documentId: 'doc_bl1', containers: ['GESU8678961'] }),
      bl({ documentId: 'doc_bl2', containers: ['GESU8678961'], consignee: 'NOORDZEE FOOD INGREDIENTS BV', onBoardDate: '2026-03-09' }),
    ];
    const plan = planLinks([first, second], bls, options());
    expect(plan.links.map((l) => [l.receivableId, l.documentId]).sort()).toEqual([['rcv_1', 'doc_bl1'], ['rcv_2', 'doc_bl2']]);
  });
});

describe('a B/L scan whose box captions OCR could not read', () => {
  it("finds the invoice's vessel and ports in its text, as whole names only", () => {
    const inv = invoice({ goods: null, quantity: null, quantityUnit: null, vessel: 'MERIDIAN GRACE', portOfLoading: 'MERSIN, TURKEY', portOfDischarge: 'CHENNAI, INDIA' });
    // Nothing read as a field but the consignee; the page's words folded as linking compares names.
    const text = 'meridian container lines sa bill of lading mrdmeres 14861 ganesh exports limited chennai tamil nadu india meridian grace mersin turkey chennai india 04 sep 2026';
    const unread = bl({ shipper: null, goods: null, onBoardDate: null, netWeightKg: null, grossWeightKg: null, packages: null });
    const found = scorePair(inv, { ...unread, text }, options())!;
    expect(found.reasons).toEqual(expect.arrayContaining(['the vessel MERIDIAN GRACE is printed on the B/L', "the invoice's port of loading MERSIN, TURKEY is printed on the B/L", "the invoice's port of discharge CHENNAI, INDIA is printed on the B/L"]));
    expect(found.weight - (scorePair(inv, unread, options())?.weight ?? 0)).toBeCloseTo(0.3);
    // A town in an address is not the port: 'CHENNAI' alone, or the ship's name split by other words.
    const address = scorePair(inv, { ...unread, text: 'ganesh exports limited chennai tamil nadu india meridian lines grace' }, options());
    expect(address?.reasons.join() ?? '').not.toMatch(/printed on the B\/L/);
    // Read as fields, the fields decide: text is only for what was not read.
    const read = scorePair(inv, { ...unread, vessel: 'NORDIC TIDE', text }, options())!;
    expect(read.reasons.join()).not.toMatch(/vessel MERIDIAN GRACE is printed/);
  });
});

describe('a B/L scan whose number was not read as a field', () => {
  // Only the consignee read; the page's words folded as linking compares names.
  const unread = bl({ shipper: null, goods: null, onBoardDate: null, netWeightKg: null, grossWeightKg: null, packages: null });
  const inv = invoice({ blNumber: 'ABLUGZ13943340', goods: null, quantity: null, quantityUnit: null });
  const page = (number: string) => `austral blue line ltd ocean bill of lading b l number ${number} booking ref 821132870 xiamen haida trading co ltd ablu 5845728 369 bags`;

  it('finds the number the invoice cites printed on it, split into words or a character off', () => {
    const asPrinted = scorePair(inv, { ...unread, text: page('ablugz 1394 3340') }, options())!;
    expect(asPrinted.reasons).toContain('the cited B/L number ABLUGZ13943340 is printed on the B/L');
    const alone = scorePair(inv, unread, options())?.weight ?? 0;
    expect(asPrinted.weight - alone).toBeCloseTo(0.45);
    // One digit misread: good evidence, less.
    const misread = scorePair(inv, { ...unread, text: page('ablugz 11943340') }, options())!;
    expect(misread.reasons).toContain('a number one character off the cited B/L number ABLUGZ13943340 is printed on the B/L');
    expect(misread.weight - alone).toBeCloseTo(0.25);
    // With the buyer and the vessel that is a link; without the number, not.
    const vessel = { vessel: 'BLUE HORIZON' };
    const text = `${page('ablugz 11943340')} blue horizon`;
    expect(planLinks([{ ...inv, ...vessel }], [{ ...unread, text }], options()).links.map((l) => l.documentId)).toEqual(['doc_bl1']);
    expect(planLinks([{ ...inv, ...vessel, blNumber: null }], [{ ...unread, text }], options()).links).toEqual([]);
  });

  it('takes no other figure of the page for the number: two digits off, short numbers, booking references', () => {
    for (const printed of ['ablugz 11943341', 'ablugz 13943', '821132870']) {
      expect(scorePair(inv, { ...unread, text: page(printed) }, options())?.reasons.join() ?? '').not.toMatch(/cited B\/L number/);
    }
    // A short cited number is never looked for in running text.
    expect(scorePair({ ...inv, blNumber: '1394334' }, { ...unread, text: page('1394334') }, options())?.reasons.join() ?? '').not.toMatch(/cited B\/L number/);
    // A number read as a field decides in step 1: the text is not searched.
    expect(scorePair(inv, { ...unread, blNumber: 'ABLUGZ13943340', text: page('x') }, options())?.how).toBe('bl_number');
  });
});

describe("a B/L scan whose invoice reference was not read as a field", () => {
  // Only the consignee read: the buyer alone is no link.
  const unread = bl({ shipper: null, goods: null, onBoardDate: null, netWeightKg: null, grossWeightKg: null, packages: null });
  const inv = invoice({ number: '202607421', goods: null, quantity: null, quantityUnit: null });
  const page = (ref: string) => `meridian container lines sa flandria voeding sa avenue louise 78 tan phu seafood co ${ref} 63 drums 13 104 kgs`;

  it("finds the invoice's number printed on it, on a B/L a party of the invoice is on", () => {
    expect(planLinks([inv], [unread], options()).links).toEqual([]);
    const found = planLinks([inv], [{ ...unread, text: page('inv 2026 07421') }], options()).links;
    expect(found.map((l) => [l.documentId, l.reasons[0]])).toEqual([['doc_bl1', 'invoice 202607421 is printed on the B/L']]);
  });

  it('takes no longer number, short number or B/L of strangers for it', () => {
    expect(planLinks([inv], [{ ...unread, text: page('inv 2026074215') }], options()).links).toEqual([]);
    expect(planLinks([{ ...inv, number: '742105' }], [{ ...unread, text: page('inv 742105') }], options()).links).toEqual([]);
    const strangers = { ...unread, consignee: null, text: page('inv 202607421') };
    expect(planLinks([inv], [strangers], options()).links).toEqual([]);
    // Ten digits and more are no chance match: a B/L nothing else was read on is linked by it alone.
    const long = { ...inv, number: 'ASP2025000609521' };
    expect(planLinks([long], [{ ...strangers, text: page('inv asp2025000609521') }], options()).links.map((l) => l.reasons[0])).toEqual(['invoice ASP2025000609521 is printed on the B/L']);
    expect(planLinks([long], [{ ...strangers, shipper: 'Chao Phraya Polyolefins PCL', text: page('inv asp2025000609521') }], options()).links).toEqual([]);
  });
});

describe("a B/L scan that prints the invoice's number with its letters (a shipper's reference box)", () => {
  // Only the consignee read: the buyer alone is no link.
  const unread = bl({ shipper: null, goods: null, onBoardDate: null, netWeightKg: null, grossWeightKg: null, packages: null });
  const inv = invoice({ number: 'INV-25848', goods: null, quantity: null, quantityUnit: null });
  const page = (ref: string) => `meridian container lines sa flandria voeding sa avenue louise 78 shippers reference ${ref} 63 drums 13 104 kgs`;

  it('finds the number as printed, though it has fewer than seven digits', () => {
    expect(planLinks([inv], [unread], options()).links).toEqual([]);
    const found = planLinks([inv], [{ ...unread, text: page('inv inv 25848') }], options()).links;
    expect(found.map((l) => [l.documentId, l.reasons[0]])).toEqual([['doc_bl1', 'invoice INV-25848 is printed on the B/L']]);
  });

  it('takes neither its digits alone, nor another prefix, nor a number too short to be specific', () => {
    expect(planLinks([inv], [{ ...unread, text: page('25848') }], options()).links).toEqual([]);
    expect(planLinks([inv], [{ ...unread, text: page('crn 25848') }], options()).links).toEqual([]);
    expect(planLinks([{ ...inv, number: 'F-2584' }], [{ ...unread, text: page('f 2584') }], options()).links).toEqual([]);
  });
});

describe('vesselRelation', () => {
  it('compares ships by name: prefixes and voyages dropped, one misread letter in a long word forgiven', () => {
    expect(vesselRelation('MV AEGEAN BREEZE', 'AEGEAN BREEZE')).toBe('same');
    expect(vesselRelation('Aegean Breeze V.639E', 'AEGEAN BREEZE')).toBe('same');
    expect(vesselRelation('AEGEAN BREFZE', 'AEGEAN BREEZE')).toBe('same');
    expect(vesselRelation('NORDIC TIDE', 'NORDIC HAVEN')).toBe('unknown');
    expect(vesselRelation('NORDIC TIDE', 'MERIDIAN GRACE')).toBe('different');
    expect(vesselRelation('MSC ANNA', 'MSC ANNA')).toBe('same');
    expect(vesselRelation(null, 'MSC ANNA')).toBe('unknown');
    expect(vesselRelation('V.042E', 'MSC ANNA')).toBe('unknown');
  });
});

describe('a B/L scan naming the invoice with one digit misread', () => {
  // The consignee and the net weight read; the B/L names 'C. 551008' for invoice C-551028.
  const scan = bl({ shipper: null, goods: null, onBoardDate: null, grossWeightKg: null, packages: null, netWeightKg: 49_500, invoiceNumber: 'C. 551008' });
  const inv = invoice({ number: 'C-551028', goods: null });

  it('counts the near number as good evidence the rest must confirm, never alone', () => {
    const near = scorePair(inv, scan, options())!;
    expect(near.reasons).toContain('the B/L names invoice C. 551008, one digit off C-551028');
    expect(near.how).toBe('match');
    expect(planLinks([inv], [scan], options()).links.map((l) => l.documentId)).toEqual(['doc_bl1']);
    // Without it, the buyer and the weight are no link.
    expect(planLinks([inv], [{ ...scan, invoiceNumber: null }], options()).links).toEqual([]);
    // Two digits off is another invoice's number: no evidence.
    expect(scorePair(inv, { ...scan, invoiceNumber: 'C. 551007' }, options())?.reasons.join() ?? '').not.toMatch(/one digit off/);
    expect(scorePair(inv, { ...scan, invoiceNumber: 'C. 561007' }, options())?.reasons.join() ?? '').not.toMatch(/one digit off/);
  });
});
