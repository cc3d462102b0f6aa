/**
 * Label matching: a segment's first words against a label vocabulary, tolerant of numbering
 * ("(3) Consignee"), a second language after a slash, notes in parentheses and, on OCR pages, one
 * slip per word.
 */

// Letters that Unicode does not decompose into a base letter and a mark: Vietnamese đ, Turkish ı,
// Polish ł, Nordic ø, German ß — folded as an English-trained OCR reads them.
const FOLD: Readonly<Record<string, string>> = { đ: 'd', ı: 'i', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th' };

/** Lower-case text with accents removed and undecomposable letters folded (`Số hóa đơn` → `so hoa don`). */
export function foldLetters(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đıłøæœßþ]/g, (c) => FOLD[c] ?? c);
}

// Words repeat from segment to segment and page to page: each is normalised once.
const labelWords = new Map<string, string>();

/** Normalises one word for label matching: lower case, no accents, number words made `no`. */
export function labelWord(word: string): string {
  let w = labelWords.get(word);
  if (w === undefined) {
    if (labelWords.size > 100_000) labelWords.clear();
    labelWords.set(word, (w = normaliseLabelWord(word)));
  }
  return w;
}

function normaliseLabelWord(word: string): string {
  const w = foldLetters(word.toLowerCase());
  if (/^(#|no\.?|n[o°º2]\.?|n\.[o°º]\.?|nr\.?|num\.?|number|nummer|numero|n°|no:|#:)$/.test(w.replace(/:$/, ''))) return 'no';
  // 'N°' as OCR reads it on a photo: the ring a quote mark, the N's first stroke a letter ('IN"', 'N"').
  if (/^[il|]?n["'”’]$/.test(w.replace(/:$/, ''))) return 'no';
  // "B/L" as OCR reads it: BIL, B1L, BiL, B/l; a glued "#" or "No." is the number word.
  const bl = /^b[/|il1]l(#|no\.?)?:?$/.exec(w);
  if (bl) return bl[1] ? 'blno' : 'bl';
  if (/^\p{L}+#:?$/u.test(w)) return `${w.replace(/#:?$/, '')}no`;
  // A number word joined by a hyphen ('Konnossement-Nr.:', 'Rechnungs-Nr.', 'B/L-Nr.'): the word and `no`.
  const hyphened = /^(\p{L}[\p{L}/-]*)-(?:nr|no|n[°º])\.?:?$/u.exec(w);
  if (hyphened) return `${normaliseLabelWord(hyphened[1]!)}no`;
  // A number word OCR glued to the next word ("N°de facture"): the two words, run together.
  const glued = /^(?:n[°º]|no\.|nr\.)(\p{L}{2,}:?)$/u.exec(w);
  if (glued) return `no${normaliseLabelWord(glued[1]!)}`;
  return w.replace(/[^\p{L}\d]/gu, '');
}

/** The compact form of a label phrase: its words normalised and run together. */
export const compactLabel = (phrase: string): string => phrase.split(/\s+/).map(labelWord).join('');

/** A label found at the start of a segment. */
export type LabelMatch<K extends string> = {
  readonly key: K;
  /** How many of the segment's tokens the label takes. */
  readonly length: number;
  /** Text inside parentheses in the label, such as `(kg)` or `(USD/MT)`: unit hints. */
  readonly note: string;
};

/** A dictionary of labels: compact phrase → key. */
export type LabelDictionary<K extends string> = ReadonlyMap<string, K>;

/** Builds a dictionary from `key → phrases`. */
export function labelDictionary<K extends string>(entries: readonly (readonly [K, readonly string[]])[]): LabelDictionary<K> {
  const map = new Map<string, K>();
  for (const [key, phrases] of entries) for (const p of phrases) if (!map.has(compactLabel(p))) map.set(compactLabel(p), key);
  return map;
}

/** Whether `a` and `b` differ by at most one inserted, deleted or replaced character. */
export const editDistanceAtMost1 = (a: string, b: string): boolean => {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
};

// Fuzzy lookups scan the whole dictionary: each reading is looked up once per dictionary.
const fuzzyFound = new WeakMap<LabelDictionary<string>, Map<string, string | null>>();

/** A dictionary key within one edit of `compact`, or (for a word cut short) one it is a long prefix of. */
function fuzzyLookup<K extends string>(dict: LabelDictionary<K>, compact: string, cut: boolean): K | undefined {
  if (compact.length < 4) return undefined;
  let found = fuzzyFound.get(dict);
  if (!found) fuzzyFound.set(dict, (found = new Map()));
  const memo = `${cut ? '1' : '0'}${compact}`;
  const known = found.get(memo);
  if (known !== undefined) return (known ?? undefined) as K | undefined;
  const key = scanFuzzy(dict, compact, cut);
  if (found.size > 50_000) found.clear();
  found.set(memo, key ?? null);
  return key;
}

function scanFuzzy<K extends string>(dict: LabelDictionary<K>, compact: string, cut: boolean): K | undefined {
  // Words that begin another label as printed ('SHIPPED' of "shipped on board", a stamp's first
  // line) are that label cut off, not a label one letter misread ('shipper').
  const begins = [...dict.keys()].some((phrase) => phrase.length > compact.length && phrase.startsWith(compact));
  for (const [phrase, key] of dict) {
    // A four-letter reading is one letter short of a five-letter label ("Tota" for "Total"), no more.
    if (compact.length === 4 ? phrase.length === 5 && phrase.startsWith(compact) : !begins && phrase.length >= 5 && editDistanceAtMost1(compact, phrase)) return key;
    if (cut && compact.length >= 5 && phrase.startsWith(compact) && compact.length >= phrase.length * 0.6) return key;
  }
  // A long caption in small print that a scan blurred two letters of ('Vewnel Name', 'Grow Weight'):
  // two edits from a phrase of ten letters or more, at most one of them a letter lost or gained
  // ('Port Shipment' of 'Port to Port Shipment' is no 'Port of Shipment'), when no other label's
  // phrase is as near.
  if (compact.length < 10 || begins) return undefined;
  let near: K | undefined;
  for (const [phrase, key] of dict) {
    if (phrase.length < 10 || Math.abs(phrase.length - compact.length) > 1 || boundedDistance(compact, phrase, 2) > 2) continue;
    if (near !== undefined && near !== key) return undefined;
    near = key;
  }
  return near;
}

/** The edit distance of `a` and `b`, or `budget + 1` once it exceeds `budget`. */
function boundedDistance(a: string, b: string, budget: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      least = Math.min(least, v);
    }
    if (least > budget) return budget + 1;
    prev = row;
  }
  return prev[b.length]!;
}

const NUMBERING = /^(\(?\d{1,2}[).]|\d{1,2}\.|[a-z]\)|\[\d{1,2}\])$/i;
/** A rate inside a label ("VAT 19 %", "zuzüglich 19% MwSt.", "IVA (21%)", Turkish "KDV %20:"): kept as a note. */
const RATE = /^\(?\d{1,2}(?:[.,]\d{1,2})?\s?%\)?:?$|^%\)?:?$|^\(?%\s?\d{1,2}(?:[.,]\d{1,2})?\)?:?$/;
const isSeparator = (t: string): boolean => t === '/' || t === '|';

/**
 * Finds the longest label at the start of `tokens`. Box numbers (`(2)`), parenthesised notes
 * (`(kg)`, `(if 'To Order' so indicate)`) and a second language before or after a `/`
 * (`Porto de Embarque / Port of Loading`, `Exporter / Exportador`) are allowed around the phrase.
 */
export function matchLabel<K extends string>(
  tokens: readonly { readonly text: string }[],
  dict: LabelDictionary<K>,
  maxWords = 12,
  fuzzy = false,
): LabelMatch<K> | null {
  // The same words recur from segment to segment and page to page ("Invoice No.:", "Total"): the
  // answer depends only on the words, so each run of words is matched once per dictionary.
  let known = matched.get(dict);
  if (!known) matched.set(dict, (known = new Map()));
  let key = `${maxWords}${fuzzy ? '~' : '='}`;
  for (const t of tokens) key += `\u0001${t.text}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit as LabelMatch<K> | null;
  const result = matchLabelWords(tokens, dict, maxWords, fuzzy);
  if (known.size > 100_000) known.clear();
  known.set(key, result);
  return result;
}

const matched = new WeakMap<LabelDictionary<string>, Map<string, LabelMatch<string> | null>>();

function matchLabelWords<K extends string>(
  tokens: readonly { readonly text: string }[],
  dict: LabelDictionary<K>,
  maxWords: number,
  fuzzy: boolean,
): LabelMatch<K> | null {
  let start = 0;
  while (start < tokens.length - 1 && NUMBERING.test(tokens[start]?.text ?? '')) start++;
  const spanning = (words: readonly string[], after: string): K | undefined => {
    for (let k = 1; k < words.length; k++) {
      const key = dict.get(words.slice(k).join('') + after);
      if (key !== undefined) return key;
    }
    return undefined;
  };
  let best: LabelMatch<K> | null = null;
  let whole = '';
  let part = '';
  // The part before the last slash: a label may span one ("Schiff / Vessel / Voyage" is the
  // vessel and the voyage, not a German vessel label followed by the voyage).
  let prev = '';
  // The words of `part` and `prev`: a second language before the phrase whose slash OCR lost
  // ('Schiff Ocean Vessel / Voyage') leaves its word at the head of `prev`.
  let partWords: string[] = [];
  let prevWords: string[] = [];
  let depth = 0;
  let note = '';
  const end = Math.min(tokens.length, start + maxWords);
  for (let i = start; i < end; i++) {
    // OCR reads a parenthesis as a brace ('{complete name and address)').
    const raw = (tokens[i]?.text ?? '').replace(/^\{/, '(').replace(/\}$/, ')');
    if (depth > 0 || (raw.startsWith('(') && i > start)) {
      // A parenthesised note: kept as a hint, not part of the phrase.
      note += `${note ? ' ' : ''}${raw}`;
      depth = Math.max(0, depth + (raw.match(/\(/g) ?? []).length - (raw.match(/\)/g) ?? []).length);
      const sofar = best as LabelMatch<K> | null;
      if (sofar && sofar.length === i) best = { key: sofar.key, length: i + 1, note };
      if (raw.endsWith(':') && depth === 0) break;
      continue;
    }
    if (isSeparator(raw)) {
      prev = part;
      prevWords = partWords;
      part = '';
      partWords = [];
      continue;
    }
    if (RATE.test(raw) && i > start) {
      note += `${note ? ' ' : ''}${raw}`;
      const sofar = best as LabelMatch<K> | null;
      if (sofar && sofar.length === i) best = { key: sofar.key, length: i + 1, note };
      if (raw.endsWith(':')) break;
      continue;
    }
    const w = labelWord(raw);
    whole += w;
    part += w;
    partWords.push(w);
    const key = dict.get(whole) ?? (prev ? (dict.get(prev + part) ?? spanning(prevWords, part)) : undefined) ?? dict.get(part);
    if (key !== undefined && w !== '') best = { key, length: i + 1, note };
    if (raw.endsWith('/')) {
      prev = part;
      prevWords = partWords;
      part = '';
      partWords = [];
    }
    if (raw.endsWith(':')) break;
  }
  // OCR of a whole-segment label: one letter wrong, or the word cut short and ended with a stray
  // mark ("Descrip'", "Amoun!") — a whole word that merely begins a label ("TRANSPORT") is not one.
  // Also when a shorter label begins the segment: "Importe fotal" is "Importe total", not the label
  // "Importe" followed by a word.
  const longer = best !== null && best.length < tokens.length && whole === tokens.slice(start).map((t) => labelWord(t.text)).join('');
  if ((!best || longer) && fuzzy && tokens.length <= maxWords && !tokens.some((t) => /\d/.test(t.text))) {
    const cut = /[^\p{L}\s.:)]$/u.test(tokens[tokens.length - 1]?.text ?? '');
    const key = fuzzyLookup(dict, whole, cut) ?? fuzzyLookup(dict, part, cut);
    if (key !== undefined) return { key, length: tokens.length, note };
  }
  if (!best) return null;
  let length = best.length;
  // A second language after the phrase ("Exporter / Exportador:"): taken when it ends with a colon
  // or ends the segment without any digit, so it is not mistaken for the value.
  if (isSeparator(tokens[length]?.text ?? '') || (tokens[length - 1]?.text ?? '').endsWith('/')) {
    const from = isSeparator(tokens[length]?.text ?? '') ? length + 1 : length;
    let j = from;
    while (j < tokens.length && j < from + 4 && !/\d/.test(tokens[j]?.text ?? '') && !(tokens[j - 1]?.text ?? '').endsWith(':')) j++;
    const colon = j > from && (tokens[j - 1]?.text ?? '').endsWith(':');
    if (colon || (j === tokens.length && j > from)) length = j;
  }
  if (tokens[length]?.text === ':' || tokens[length]?.text === '#') length++;
  return { ...best, length };
}

