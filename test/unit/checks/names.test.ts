// Party names: normalization folds what printed variants differ in; the matcher never guesses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPartyMatcher, namesBegunBy, editDistance, normalizePartyName } from '../../../src/core/checks/names';

const SUPPLIERS = [
  { id: 'S1', legalName: 'Saigon Polytech Resins Joint Stock Company', aliases: ['Saigon Polytech Resins JSC', 'SPR JSC'] },
  { id: 'S2', legalName: 'Chao Phraya Polyolefins Public Company Limited', aliases: ['Chao Phraya Polyolefins PCL', 'CHAO PHRAYA POLYOLEFINS PUBLIC CO., LTD.', 'CPP Polyolefins'] },
  { id: 'S3', legalName: 'Agropecuária Vale do Paranapanema Exportadora Ltda.', aliases: ['AVP Exportadora'] },
  { id: 'S4', legalName: 'Shivalik Agro Rice Mills Private Limited', aliases: ['Shivalik Agro Rice Mills Pvt. Ltd.'] },
  { id: 'B2', legalName: 'Noordzee Food Ingredients B.V.', aliases: [] },
  { id: 'B3', legalName: 'Pacific Crest Packaging, Inc.', aliases: [] },
];

describe('normalizePartyName', () => {
  it.each([
    ['Agropecuária Vale do Paranapanema Exportadora Ltda.', 'agropecuaria vale do paranapanema exportadora'],
    ['AGROPECUÁRIA VALE DO PARANAPANEMA EXPORTADORA LTDA.', 'agropecuaria vale do paranapanema exportadora'],
    ['Saigon Polytech Resins Joint Stock Company', 'saigon polytech resins'],
    ['SAIGON POLYTECH RESINS J.S.C.', 'saigon polytech resins'],
    ['CHAO PHRAYA POLYOLEFINS PUBLIC CO., LTD.', 'chao phraya polyolefins'],
    ['Chao Phraya Polyolefins Public Company Limited', 'chao phraya polyolefins'],
    ['Shivalik Agro Rice Mills Pvt. Ltd.', 'shivalik agro rice mills'],
    ['Noordzee Food Ingredients B.V.', 'noordzee food ingredients'],
    ['Pacific Crest Packaging, Inc.', 'pacific crest packaging'],
    ['Meridian Ocean Lines Pte. Ltd.', 'meridian ocean lines'],
    ['Rheinfeld Kunststofftechnik GmbH', 'rheinfeld kunststofftechnik'],
    ['Industria Italiana S.p.A.', 'industria italiana'],
    ['Atlantic Bulk Carriers S.A.', 'atlantic bulk carriers'],
    ['Großhandel Müller GmbH & Co. KG', 'grosshandel muller'],
    ['Acme LLC', 'acme'],
    ['  The   Acme   Corporation ', 'acme'],
    ['Ltd', 'ltd'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizePartyName(input)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (name) => normalizePartyName(normalizePartyName(name)) === normalizePartyName(name)));
  });

  it('yields lower-case ASCII words separated by single spaces', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (name) => /^([a-z0-9]+( [a-z0-9]+)*)?$/.test(normalizePartyName(name))));
  });
});

// Variants of a name as documents print it: case, punctuation, a legal suffix, accents.
const variant = (base: readonly string[]) =>
  fc
    .record({
      upper: fc.boolean(),
      sep: fc.constantFrom(' ', '  ', ' - ', ', ', ' / '),
      suffix: fc.constantFrom('', ' Ltd.', ' LIMITED', ' GmbH', ' B.V.', ' S.A.', ' Inc.', ', LLC', ' Pvt Ltd', ' Co., Ltd.', ' JSC', ' Public Company Limited', ' Ltda.'),
      accent: fc.boolean(),
    })
    .map(({ upper, sep, suffix, accent }) => {
      let text = base.join(sep) + suffix;
      if (accent) text = text.replace(/a/g, 'á').replace(/e/g, 'ê');
      return upper ? text.toUpperCase() : text;
    });

const word = fc.stringMatching(/^[a-z]{3,9}$/).filter((w) => normalizePartyName(w) === w && !['the', 'and'].includes(w));

describe('createPartyMatcher', () => {
  const match = createPartyMatcher(SUPPLIERS);

  it.each([
    ['SAIGON POLYTECH RESINS JOINT STOCK COMPANY', 'S1'],
    ['Saigon Polytech Resins J.S.C.', 'S1'],
    ['SPR JSC', 'S1'],
    ['AGROPECUARIA VALE DO PARANAPANEMA EXPORTADORA LTDA', 'S3'],
    ['CHAO PHRAYA POLYOLEFINS PUBLIC CO., LTD.', 'S2'],
    ['SHIVALIK AGRO RICE MILLS PRIVATE LIMITED', 'S4'],
    ['NOORDZEE FOOD INGREDIENTS B.V.', 'B2'],
    // token-prefix fallback, two words at least
    ['Saigon Polytech', 'S1'],
    ['Pacific Crest Packaging Inc., City of Industry', 'B3'],
    ['Pacific', null],
    ['TO ORDER', null],
    ['SAME AS CONSIGNEE', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (printed, id) => {
    expect(match(printed)?.id ?? null).toBe(id);
  });

  it('takes a beginning for the party only with two words of the name itself, a leading legal form not counted', () => {
    const m = createPartyMatcher([{ id: 'P1', legalName: 'PT Sinar Utama Sentosa', aliases: [] }]);
    expect(m('PT Sinar')).toBeNull();
    expect(m('PT Sinar Utama')?.id).toBe('P1');
    expect(m('PT SINAR UTAMA SENTOSA')?.id).toBe('P1');
    expect(namesBegunBy([{ id: 'P1', legalName: 'PT Sinar Utama Sentosa', aliases: [] }], 'PT Sinar').map((p) => p.id)).toEqual(['P1']);
    expect(namesBegunBy([{ id: 'P1', legalName: 'PT Sinar Utama Sentosa', aliases: [] }], 'PT Sinar Makmur')).toEqual([]);
  });

  it('never takes the same name with another legal form for the party, unless one of its names carries that form', () => {
    const m = createPartyMatcher([{ id: 'P1', legalName: 'Meuse Distribution BV', aliases: [] }, { id: 'P2', legalName: 'Chao Phraya Polyolefins PCL', aliases: [] }]);
    expect(m('Meuse Distribution SA')).toBeNull();
    expect(m('MEUSE DISTRIBUTION B.V.')?.id).toBe('P1');
    expect(m('Meuse Distribution')?.id).toBe('P1');
    // One kind of company, printed two ways.
    expect(m('CHAO PHRAYA POLYOLEFINS PUBLIC COMPANY LIMITED')?.id).toBe('P2');
    const aliased = createPartyMatcher([{ id: 'P1', legalName: 'Meuse Distribution BV', aliases: ['Meuse Distribution SA'] }]);
    expect(aliased('MEUSE DISTRIBUTION S.A.')?.id).toBe('P1');
  });

  it('never matches ambiguously', () => {
    const m = createPartyMatcher([
      { id: 'X1', legalName: 'Golden Harvest Foods Ltd', aliases: [] },
      { id: 'X2', legalName: 'Golden Harvest Trading Ltd', aliases: [] },
      { id: 'X3', legalName: 'Twin Co', aliases: ['Twin'] },
      { id: 'X4', legalName: 'Twin Limited', aliases: [] },
    ]);
    expect(m('Golden Harvest')).toBeNull();
    expect(m('GOLDEN HARVEST FOODS LIMITED')?.id).toBe('X1');
    expect(m('Twin')).toBeNull();
    // The legal form as printed tells two companies of one name apart.
    expect(m('TWIN CO.')?.id).toBe('X3');
    expect(m('Twin Limited')?.id).toBe('X4');
    // Two registered names that fold to one ('S.A.' and 'SA'): a name printed as one of them is that one.
    const twice = createPartyMatcher([
      { id: 'G1', legalName: 'Garonne Négoce S.A.', aliases: [] },
      { id: 'G2', legalName: 'Garonne Négoce SA', aliases: [] },
    ]);
    expect(twice('GARONNE NÉGOCE S.A.')?.id).toBe('G1');
    expect(twice('Garonne Négoce SA')?.id).toBe('G2');
    expect(twice('Garonne Negoce S A')).toBeNull();
    const swiss = createPartyMatcher([
      { id: 'T1', legalName: 'Ticino Commodities GmbH', aliases: [] },
      { id: 'T2', legalName: 'Ticino Commodities SA', aliases: [] },
    ]);
    expect(swiss('Ticino Commodities GmbH')?.id).toBe('T1');
    expect(swiss('TICINO COMMODITIES S.A.')?.id).toBe('T2');
    expect(swiss('Ticino Commodities')).toBeNull();
    expect(swiss('Ticino Commodities AG')).toBeNull();
  });

  it('matches generated variants of the party it was built with', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.array(word, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5, selector: (w) => w.join(' ') }).chain((names) =>
          fc.tuple(fc.constant(names), fc.nat({ max: names.length - 1 })).chain(([ns, i]) => fc.tuple(fc.constant(ns), fc.constant(i), variant(ns[i]!))),
        ),
        ([names, i, printed]) => {
          const parties = names.map((n, k) => ({ id: `P${k}`, legalName: n.join(' '), aliases: [] }));
          const found = createPartyMatcher(parties)(printed);
          // Another party whose name equals this one's once normalized (or extends it) makes the lookup ambiguous: null is right.
          const target = normalizePartyName(names[i]!.join(' '));
          const rivals = parties.filter((p, k) => k !== i && (normalizePartyName(p.legalName) === target || normalizePartyName(p.legalName).startsWith(`${target} `)));
          return rivals.length > 0 ? found === null || found.id === `P${i}` : found?.id === `P${i}`;
        },
      ),
    );
  });

  it('returns a party only when it is the single candidate', () => {
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 6 }), fc.array(word, { minLength: 1, maxLength: 4 }), (names, probe) => {
        const parties = names.map((n, k) => ({ id: `P${k}`, legalName: n.join(' '), aliases: [] }));
        const found = createPartyMatcher(parties)(probe.join(' '));
        if (found === null) return true;
        const p = normalizePartyName(probe.join(' '));
        // Every party that the probe names exactly must be the found one.
        return parties.every((party) => normalizePartyName(party.legalName) !== p || party.id === found.id);
      }),
    );
  });
});

describe('createPartyMatcher: OCR slips', () => {
  const parties = [
    { id: 'S3', legalName: 'Agropecuária Vale do Paranapanema Exportadora Ltda.', aliases: [] },
    { id: 'S5', legalName: 'Nordic Polymer Trading AB', aliases: [] },
    { id: 'S6', legalName: 'Nordic Polymer Trading OY', aliases: [] },
    { id: 'S7', legalName: 'Acme Oil', aliases: [] },
    { id: 'B4', legalName: 'Polmex Handel Sp. z o.o.', aliases: [] },
    { id: 'B5', legalName: 'Yıldız Gıda İthalat İhracat Ltd. Şti.', aliases: [] },
    { id: 'B6', legalName: 'Yıldız Tarım Ürünleri San. ve Tic. Ltd. Şti.', aliases: [] },
  ];
  const match = createPartyMatcher(parties);
  it.each([
    ['AGROPECUDRIA VALE DO PARANAPANEMA EXPORTADORA LTDA', 'S3'],
    ['Agropecuaria Vale do Paranapanerna Exportadora', 'S3'],
    // Look-alikes: digits for letters in the legal form, "rn" for "m", a legal form read apart.
    ['Polmex Handel Sp. 20.0.', 'B4'],
    ['Polrnex Handel Sp. z o.o.', 'B4'],
    ['POLMEX HANDEL SP.Z O.O', 'B4'],
    // An English OCR model reads Turkish letters as their plain look-alikes.
    ['Yildiz Gida Ithalat Ihracat Ltd. Sti.', 'B5'],
    // One letter read as two and two as one on a scan: 'Tarım' as 'Tanm', 'Ürünleri' as 'Uriinleri',
    // 'Şti.' as '$ti.' — five edits apart, the same once OCR's look-alikes are folded.
    ['Yildiz Tanm Uriinleri San. ve Tic. Ltd. $ti.', 'B6'],
  ])('reads %s as %s', (printed, id) => {
    expect(match(printed)?.id).toBe(id);
  });
  it.each([
    // Short names are too easy to confuse to guess at.
    ['Acme Oyl'],
    // Both Nordic parties normalize to within one edit of this: guess neither.
    ['Nordic Polymer Trading 0Y'],
    // Far from everything.
    ['Completely Different Holdings'],
  ])('does not guess for %s', (printed) => {
    expect(match(printed)).toBeNull();
  });
  it('gives up early once the distance exceeds the budget', () => {
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});
