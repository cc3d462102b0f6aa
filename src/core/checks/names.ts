/**
 * Party-name normalization and matching. Documents print the same company as "SAIGON POLYTECH
 * RESINS JSC", "Saigon Polytech Resins Joint Stock Company" or "Agropecuária…" / "AGROPECUARIA…";
 * the rules compare names after folding case, punctuation, diacritics and legal-form suffixes.
 */

// Letters that NFKD does not split into base + combining mark.
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};
const SPECIAL_RE = /[ßæœøđðłþı]/g;
const COMBINING_RE = /[\u0300-\u036f]/g;
// Dots and apostrophes join ("B.V." → "bv", "S.p.A." → "spa"); every other non-alphanumeric splits.
const JOINING_RE = /[.'’`´]/g;
const SPLITTING_RE = /[^a-z0-9]+/g;
const AMPERSAND_RE = /&/g;

// Legal forms as token sequences, stripped from the end of a name (longest first, repeatedly).
const LEGAL_SUFFIXES: readonly (readonly string[])[] = [
  'gmbh and co kg',
  'joint stock company',
  'public company limited',
  'public limited company',
  'public co ltd',
  'private limited',
  'pvt ltd',
  'pte ltd',
  'pty ltd',
  'sdn bhd',
  'co ltd',
  'company limited',
  'public company',
  'sa de cv',
  'and co kg',
  'and co',
  'co kg',
  'jsc',
  'pcl',
  'plc',
  'ltd',
  'limited',
  'gmbh',
  'bv',
  'nv',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'ag',
  'kg',
  'inc',
  'incorporated',
  'llc',
  'llp',
  'ltda',
  'eireli',
  'corp',
  'corporation',
  'co',
  'company',
  'pvt',
  'pte',
  'pty',
  'bhd',
  'tbk',
  'oy',
  'ab',
  'kk',
].map((suffix) => suffix.split(' ')).sort((a, b) => b.length - a.length);

// Which legal forms are one: 'Co., Ltd.' and 'Limited' are the same kind of company, a 'GmbH' and
// an 'AG', or an 'SA' and a 'BV', are not. Forms that decide nothing ('& Co') are left out.
const FORM_FAMILIES: ReadonlyMap<string, string> = new Map([
  ...['co ltd', 'company limited', 'ltd', 'limited'].map((f) => [f, 'ltd'] as const),
  ...['public company limited', 'public co ltd', 'public company', 'pcl'].map((f) => [f, 'pcl'] as const),
  ...['public limited company', 'plc'].map((f) => [f, 'plc'] as const),
  ...['private limited', 'pvt ltd', 'pvt'].map((f) => [f, 'pvt'] as const),
  ...['pte ltd', 'pte'].map((f) => [f, 'pte'] as const),
  ...['pty ltd', 'pty'].map((f) => [f, 'pty'] as const),
  ...['sdn bhd', 'bhd'].map((f) => [f, 'bhd'] as const),
  ...['joint stock company', 'jsc'].map((f) => [f, 'jsc'] as const),
  ...['gmbh and co kg', 'and co kg', 'co kg', 'kg'].map((f) => [f, 'kg'] as const),
  ...['inc', 'incorporated'].map((f) => [f, 'inc'] as const),
  ...['corp', 'corporation'].map((f) => [f, 'corp'] as const),
  ...['gmbh', 'bv', 'nv', 'sa', 'sas', 'sarl', 'srl', 'spa', 'ag', 'llc', 'llp', 'ltda', 'eireli', 'oy', 'ab', 'kk', 'tbk', 'sa de cv'].map((f) => [f, f] as const),
]);

/** The kind of company a name's legal form makes it ('ltd', 'gmbh', 'sa' …), or null when it prints none that decides. */
export function legalFormOf(name: string): string | null {
  const tokens = foldPartyName(name).split(' ');
  for (const suffix of LEGAL_SUFFIXES) if (endsWith(tokens, suffix)) return FORM_FAMILIES.get(suffix.join(' ')) ?? null;
  return null;
}

const endsWith = (tokens: readonly string[], suffix: readonly string[]): boolean => {
  if (tokens.length <= suffix.length) return false; // keep at least one token: "Ltd" stays "ltd"
  const offset = tokens.length - suffix.length;
  for (let i = 0; i < suffix.length; i += 1) if (tokens[offset + i] !== suffix[i]) return false;
  return true;
};

/** Folds case, punctuation and diacritics, keeping the legal form ("Ticino Commodities GmbH" → "ticino commodities gmbh"). */
export function foldPartyName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(COMBINING_RE, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(AMPERSAND_RE, ' and ')
    .replace(JOINING_RE, '')
    .replace(SPLITTING_RE, ' ')
    .trim();
}

/** Names already normalized: a pool names the same few hundred parties on every invoice. */
const normalized = new Map<string, string>();
const NORMALIZED_LIMIT = 50_000;

/** Folds case, punctuation, diacritics and legal suffixes so printed variants of a name compare equal. */
export function normalizePartyName(name: string): string {
  const known = normalized.get(name);
  if (known !== undefined) return known;
  const result = normalizeUncached(name);
  if (normalized.size >= NORMALIZED_LIMIT) normalized.clear();
  normalized.set(name, result);
  return result;
}

function normalizeUncached(name: string): string {
  const folded = foldPartyName(name);
  if (folded === '') return '';
  const tokens = folded.split(' ');
  if (tokens.length > 1 && tokens[0] === 'the') tokens.shift();
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const suffix of LEGAL_SUFFIXES) {
      if (endsWith(tokens, suffix)) {
        tokens.length -= suffix.length;
        stripped = true;
        break;
      }
    }
  }
  return tokens.join(' ');
}

type Party = { id: string; legalName: string; aliases: readonly string[] };

/** Legal forms printed before the name ("PT Sinar Utama Sentosa", "OOO Baltic Grain"): no word of the name itself. */
const LEADING_LEGAL_FORMS: ReadonlySet<string> = new Set(['pt', 'cv', 'ud', 'ooo', 'oao', 'zao', 'pao', 'tov', 'jsc', 'pjsc', 'cjsc']);

/**
 * The registered names a printed name is the beginning of ("PT Sinar" of "PT Sinar Utama Sentosa"):
 * a name OCR or a narrow box may have cut short, which says too little to match but too much to call
 * the party unknown.
 */
export function namesBegunBy<T extends Party>(parties: Iterable<T>, printed: string): T[] {
  const start = normalizePartyName(printed);
  return start === '' ? [] : namesWhere(parties, (name) => name.startsWith(`${start} `));
}

/**
 * The registered names a printed name of two words or more is the end of ("Rim Polymers Corp." of
 * "Pacific Rim Polymers Corp."): a name whose first words a stamp, a fold or a box's edge hid.
 */
export function namesEndedBy<T extends Party>(parties: Iterable<T>, printed: string): T[] {
  const end = normalizePartyName(printed);
  return end.split(' ').length < 2 ? [] : namesWhere(parties, (name) => name.endsWith(` ${end}`));
}

/**
 * On a scan, the registered names a one-word name with its legal form is the end of, among names of
 * that form only ("Voeding SA" of "Schelde Voeding SA", not of "Delta Voeding B.V."): the first word
 * of a name a scan lost. On a text layer one word says too little (see `namesEndedBy`).
 */
export function namesEndedWithForm<T extends Party>(parties: Iterable<T>, printed: string): T[] {
  const end = normalizePartyName(printed);
  const form = legalFormOf(printed);
  if (end === '' || end.includes(' ') || form === null) return [];
  return [...parties].filter((party) => [party.legalName, ...party.aliases].some((name) => legalFormOf(name) === form && normalizePartyName(name).endsWith(` ${end}`)));
}

/** The parties whose legal name or an alias, normalized, passes `test`. */
const namesWhere = <T extends Party>(parties: Iterable<T>, test: (normalized: string) => boolean): T[] =>
  [...parties].filter((party) => [party.legalName, ...party.aliases].some((name) => test(normalizePartyName(name))));

/** Shorter skeletons say too little to name a party. */
const OCR_SKELETON_MIN = 6;
// What OCR reads in place of a letter: digits for look-alike letters, two letters for one.
const LOOKALIKE_LETTERS: readonly [RegExp, string][] = [
  // One letter read as two: ü as 'ii' ("Uriinleri" for "Ürünleri"), n as 'ri' or 'rı' and the other
  // way ("Tanm" for "Tarım"), m as 'rn', w as 'vv'. Both sides fold alike, so a name matches itself.
  [/ii/g, 'u'],
  [/ri/g, 'n'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/0/g, 'o'],
  [/1/g, 'l'],
  [/[i]/g, 'l'],
  [/5/g, 's'],
  [/2/g, 'z'],
  [/8/g, 'b'],
  [/6/g, 'g'],
];
// Legal forms as they end a name once spaces are gone (and look-alikes folded): "sp z o.o." → "spzoo".
const COMPACT_SUFFIXES: readonly string[] = [
  ...new Set([
    ...LEGAL_SUFFIXES.map((tokens) => tokens.join('')),
    // Forms the token list above leaves to the exact tiers: Polish, Czech, Hungarian, Portuguese,
    // Spanish, Turkish and Nordic ones, as they end a name once spaces are gone.
    'spzoo', 'sro', 'kft', 'lda', 'unipessoallda', 'slu', 'sl', 'as', 'ltdsti', 'ooo', 'sae', 'spk', 'ug', 'ohg',
  ].map((suffix) => fold(suffix))),
].sort((a, b) => b.length - a.length);

function fold(text: string): string {
  let out = text;
  for (const [re, to] of LOOKALIKE_LETTERS) out = out.replace(re, to);
  return out;
}

/**
 * A name as OCR may have misread it: folded as `foldPartyName`, spaces dropped, look-alike letters
 * and digits made one (0 and o, 1 i and l, rn and m …), and one legal form dropped from the end.
 */
export function ocrSkeleton(name: string): string {
  // A dollar sign inside a name is an S or Ş misread ("Ltd. $ti." for "Ltd. Şti.").
  const compact = fold(foldPartyName(name.replace(/\$/g, 's')).replace(/ /g, ''));
  for (const suffix of COMPACT_SUFFIXES) {
    if (compact.length - suffix.length >= OCR_SKELETON_MIN && compact.endsWith(suffix)) return compact.slice(0, -suffix.length);
  }
  return compact;
}

const CACHE_LIMIT = 100_000;

const FUZZY_MIN_LENGTH = 12;
const FUZZY_CHARS_PER_EDIT = 12;

/** Levenshtein distance, giving up (returning budget + 1) as soon as it must exceed `budget`. */
export function editDistance(a: string, b: string, budget: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > budget) return budget + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The one party whose name (among `names`) is within the small edit budget of a long `key`; null
 * for a short key, for none, or when two different parties are within reach of it.
 */
function closestOne<T extends Party>(names: readonly (readonly [string, T])[], key: string): T | null {
  if (key.length < FUZZY_MIN_LENGTH) return null;
  const budget = Math.max(1, Math.floor(key.length / FUZZY_CHARS_PER_EDIT));
  let found: T | null = null;
  for (const [candidate, party] of names) {
    if (Math.abs(candidate.length - key.length) > budget) continue;
    if (editDistance(candidate, key, budget) > budget) continue;
    if (found !== null && found.id !== party.id) return null;
    found = party;
  }
  return found;
}

/**
 * A lookup from a printed name to the one party it names, or null when it names none or could name
 * several. Exact normalized matches (legal name or alias) win; otherwise a name that is a token
 * prefix of exactly one party's name (or whose prefix is one party's name), two tokens at least;
 * last, a long name a few OCR slips away from exactly one party's name.
 */
/** A name as printed, only its case, Unicode form and spacing evened out. */
const asPrinted = (name: string): string => name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

export function createPartyMatcher<T extends Party>(parties: readonly T[]): (name: string | null | undefined) => T | null {
  // null marks a normalized name two different parties share: never guess between them.
  const exact = new Map<string, T | null>();
  const prefixes = new Map<string, T | null>();
  // Names as printed, legal form kept: "Ticino Commodities GmbH" and "Ticino Commodities SA" are two
  // companies; the legal form tells them apart where the rest of the name cannot.
  const full = new Map<string, T | null>();
  // Names exactly as printed (case and spacing aside): where two registered parties fold to one name
  // ('Garonne Négoce S.A.' and 'Garonne Négoce SA'), a name printed as one of them is that one.
  const verbatim = new Map<string, T | null>();
  const put = (map: Map<string, T | null>, key: string, party: T): void => {
    const known = map.get(key);
    if (known === undefined) map.set(key, party);
    else if (known !== null && known.id !== party.id) map.set(key, null);
  };
  for (const party of parties) {
    for (const printed of [party.legalName, ...party.aliases]) {
      const normalized = normalizePartyName(printed);
      if (normalized === '') continue;
      put(exact, normalized, party);
      put(full, foldPartyName(printed), party);
      put(verbatim, asPrinted(printed), party);
      const tokens = normalized.split(' ');
      // A beginning names the party only with two words of its own: "PT Sinar" could be any PT Sinar.
      const from = LEADING_LEGAL_FORMS.has(tokens[0]!) ? 3 : 2;
      for (let n = from; n < tokens.length; n += 1) put(prefixes, tokens.slice(0, n).join(' '), party);
    }
  }
  const cache = new Map<string, T | null>();
  const resolve = (normalized: string): T | null => {
    const hit = exact.get(normalized);
    if (hit !== undefined) return hit;
    const tokens = normalized.split(' ');
    if (tokens.length < 2) return null;
    let found: T | null = null;
    const consider = (party: T | null | undefined): boolean => {
      if (party === undefined) return true;
      if (party === null || (found !== null && found.id !== party.id)) return false;
      found = party;
      return true;
    };
    // The printed name is the beginning of a party's name ("Saigon Polytech" → "saigon polytech resins").
    if (!consider(prefixes.get(normalized))) return null;
    // A party's name is the beginning of the printed one ("Rheinfeld Kunststofftechnik Hamburg").
    let prefix = tokens[0]!;
    for (let n = 2; n < tokens.length; n += 1) {
      prefix += ` ${tokens[n - 1]}`;
      if (!consider(exact.get(prefix))) return null;
    }
    if (found !== null) return found;
    return nearest(normalized);
  };
  // OCR drops or swaps a letter ("Agropecudria" for "Agropecuária"): a long name within a small
  // edit distance of exactly one party's name is that party. Short names never match this way,
  // and two parties within reach of the same misreading match neither.
  const names = [...exact.entries()].filter((entry): entry is [string, T] => entry[1] !== null);
  const nearest = (normalized: string): T | null => closestOne(names, normalized);
  // Last, the name as OCR may have misread it: letters and digits that look alike compared as one,
  // spaces ignored, a legal form at the end dropped ("Polmex Handel Sp. 20.0." and "Polrnex Handel
  // Sp. z o.o." are "Polmex Handel Sp. z o.o."). Exactly one party, within the same small edit budget.
  const skeletons = new Map<string, T | null>();
  for (const party of parties) for (const printed of [party.legalName, ...party.aliases]) {
    const key = ocrSkeleton(printed);
    if (key.length >= OCR_SKELETON_MIN) put(skeletons, key, party);
  }
  const skeletonNames = [...skeletons.entries()].filter((entry): entry is [string, T] => entry[1] !== null);
  const nearestSkeleton = (name: string): T | null => {
    const key = ocrSkeleton(name);
    if (key.length < OCR_SKELETON_MIN) return null;
    const hit = skeletons.get(key);
    if (hit !== undefined) return hit;
    return closestOne(skeletonNames, key);
  };
  return (name) => {
    if (!name) return null;
    let result = cache.get(name);
    if (result !== undefined) return result;
    const normalized = normalizePartyName(name);
    // A printed legal form decides between parties that share the rest of the name.
    const folded = foldPartyName(name);
    const printed = folded !== normalized ? (full.get(folded) ?? verbatim.get(asPrinted(name)) ?? full.get(folded)) : undefined;
    result = normalized === '' ? null : printed ? printed : (resolve(normalized) ?? nearestSkeleton(name));
    // The same name with another legal form is another company ('Meuse Distribution SA' is not the
    // registered 'Meuse Distribution BV'), unless one of the party's names carries that form.
    if (result && !printed) {
      const form = legalFormOf(name);
      const forms = [result.legalName, ...result.aliases].map(legalFormOf).filter((f): f is string => f !== null);
      if (form && forms.length > 0 && !forms.includes(form)) result = null;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(name, result);
    return result;
  };
}
