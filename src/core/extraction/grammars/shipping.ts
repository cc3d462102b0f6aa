/**
 * Shipping grammar: Incoterms (2020 edition, with the older terms documents still print), vessel
 * and voyage as printed together, party names (the first line of a party block) and which lines of
 * a cargo description are the goods rather than packing or carrier boilerplate.
 */

/** The Incoterms 2020 rules; DAT (2010) still appears and is kept, C&F/CNF mean CFR. */
export const INCOTERMS = ['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'DAT'] as const;
export type Incoterm = (typeof INCOTERMS)[number];

const INCOTERM_WORDS: readonly (readonly [RegExp, Incoterm])[] = [
  [/\bex[\s-]?works\b/i, 'EXW'],
  [/\bfree\s+carrier\b/i, 'FCA'],
  [/\bfree\s+alongside\s+ship\b/i, 'FAS'],
  [/\bfree\s+on\s+board\b/i, 'FOB'],
  [/\bcost\s+and\s+freight\b/i, 'CFR'],
  [/\bcost,?\s+insurance\s+and\s+freight\b/i, 'CIF'],
  [/\bcarriage\s+paid\s+to\b/i, 'CPT'],
  [/\bcarriage\s+and\s+insurance\s+paid\s+to\b/i, 'CIP'],
  [/\bdelivered\s+at\s+place\s+unloaded\b/i, 'DPU'],
  [/\bdelivered\s+at\s+place\b/i, 'DAP'],
  [/\bdelivered\s+duty\s+paid\b/i, 'DDP'],
];

/**
 * The Incoterm in a text (`FOB Ho Chi Minh City`, `CIF ROTTERDAM (INCOTERMS 2020)`, `C&F`, `Free
 * on Board`). `strict` (text without a label) asks for the code in upper case followed by a place
 * or the word Incoterms, so a stray "fob" in prose does not count.
 */
export function findIncoterm(text: string, strict = false): { readonly code: Incoterm; readonly raw: string; readonly index: number } | null {
  const codes = strict
    ? /(?<![A-Za-z])(EXW|FCA|FAS|FOB|CFR|CIF|CPT|CIP|DAP|DPU|DDP|DAT|C&F|CNF|C\+F)(?=\s+[A-Z][A-Za-z]|\s*\(?[Ii]ncoterms|\s*,?\s*[Ii]ncoterms)/
    : /(?<![A-Za-z])(EXW|FCA|FAS|FOB|CFR|CIF|CPT|CIP|DAP|DPU|DDP|DAT|C&F|CNF|C\+F)(?![A-Za-z])/i;
  const m = codes.exec(text);
  if (m) {
    const raw = m[1] ?? '';
    const up = raw.toUpperCase();
    const code = (up === 'C&F' || up === 'CNF' || up === 'C+F' ? 'CFR' : up) as Incoterm;
    return { code, raw, index: m.index };
  }
  if (strict) return null;
  for (const [re, code] of INCOTERM_WORDS) {
    const w = re.exec(text);
    if (w) return { code, raw: w[0], index: w.index };
  }
  return null;
}

// Words after an Incoterm that are no part of its named place.
const NOT_PLACE = /^(incoterms?®?|incoterm®|rules?|edition|terms?|basis|as|per|according|to|via|the|and|or|version)$/i;

/**
 * The named place after an Incoterm ('CIF ROTTERDAM (INCOTERMS 2020)' → 'ROTTERDAM', 'FOB Ho Chi Minh
 * City, Vietnam' → 'Ho Chi Minh City'): up to four words of letters, ending at a comma, a
 * parenthesis, a figure or the word Incoterms. Null when no place follows the rule.
 */
export function incotermPlace(text: string, match: { readonly raw: string; readonly index: number }): { readonly place: string; readonly index: number } | null {
  const start = match.index + match.raw.length;
  const after = text.slice(start);
  const lead = /^\s*[-–:,]?\s*/.exec(after)![0].length;
  const words: string[] = [];
  for (const m of after.slice(lead).matchAll(/\S+/g)) {
    const word = m[0];
    const bare = word.replace(/[,;.)]+$/, '');
    if (!/^\p{L}[\p{L}'’\-.]*$/u.test(bare) || NOT_PLACE.test(bare) || words.length === 4) break;
    words.push(bare);
    if (bare !== word) break;
  }
  const place = words.join(' ').replace(/\.$/, '');
  return place.replace(/[^\p{L}]/gu, '').length >= 3 ? { place, index: start + lead } : null;
}

/** A party name cleaned of form debris: trailing colons, OCR bars, a leading "Messrs.". */
/** A company's legal form in its name ('Ltd', 'GmbH', 'S.A. de C.V.', 'Sp. z o.o.', 'Ltd. Şti.'…). */
export const LEGAL_FORM =
  /\b(ltd|limited|inc|incorporated|llc|l\.l\.c|gmbh|ag|kg|se|s\.?a\.?|s\.?a\.?s|s\.?a\.?e|s\.?a\.? de c\.?v|b\.?v|n\.?v|co\.|corp|corporation|company|jsc|plc|s[aà]rl|s\.?\s?[aà]\.?\s?r\.?\s?l|pte|pvt|s\.?r\.?l|s\.p\.a|spa|ltda|oy|ab|a\/s|as|pcl|bhd|sdn|kk|lda|a\.ş|aş|sp\. z o\.o|tbk|pt|cv|ud|tnhh|cty|gmbh & co\. kg|e\.k\.|ug|s\.r\.o\.|kft|oü|sl|s\.l\.|s\.coop|eurl|sas|snc|sprl|bvba|vof|ltd\. şti|a\.s\.)(?![\p{L}\d])\.?/iu;

export const cleanPartyName = (s: string): string =>
  s
    .replace(/^[\s|:;.,'‘’"-]+/, '')
    .replace(/^(messrs\.?|m\/s\.?)\s+/i, '')
    .replace(/[\s|:;,'‘’"]+$/, '')
    .replace(/\s{2,}/g, ' ')
    // OCR doubles punctuation now and then ("CO,, LTD."); a name never means it.
    .replace(/([,.])\1+/g, '$1')
    // Legal forms OCR reads with digits for letters: Polish "Sp. z o.o." as "Sp. z 0.0.".
    .replace(/\b(sp\.?\s*z)\s*[o0]\s*\.\s*[o0]\s*\.?$/i, (_m, sp: string) => `${sp} o.o.`)
    .trim();

/**
 * True when a line can be a party's name: enough letters, not an address line that starts with a
 * street number, not a phone, tax or e-mail line.
 */
export function isPartyName(s: string): boolean {
  const letters = (s.match(/\p{L}/gu) ?? []).length;
  if (letters < 3 || s.length > 120) return false;
  if (/^\d/.test(s) && !/^\d+\s*(st|nd|rd|th)?\s+\p{L}+\s+(ltd|limited|inc|llc|gmbh|co)/iu.test(s)) return false;
  if (/^(tel|phone|fax|e-?mail|vat|tax|ein|gstin|cnpj|iec|attn|www\.|http)/i.test(s) || /@/.test(s)) return false;
  if (/^(n\/?a|none|tba|--?)$/i.test(s)) return false;
  // A box's caption or a cargo clause read where the name should be: '(complete name and address)',
  // "SHIPPER'S LOAD, STOW AND COUNT", 'said to contain'.
  if (/\bname\s+and\s+address\b|[({]complete\b|\bstow\b.*\bcount\b|\bsaid\s+to\s+contain\b/i.test(s)) return false;
  // The document's title beside a caption: 'OCEAN BILL OF LADING', 'Sea Waybill', 'COMMERCIAL INVOICE'.
  if (/^(?:[\p{L}-]+\s+){0,2}(?:bill\s+of\s+lading|sea\s*way\s*bill|waybill|invoice|packing\s+list)$/iu.test(s.trim())) return false;
  return letters / s.replace(/\s/g, '').length >= 0.5;
}

/** "SAME AS CONSIGNEE", "as per consignee", "idem": the block refers to another party. */
export const isReferenceToOther = (s: string): boolean => /^(same\s+as|as\s+per|see)\s+(the\s+)?(consignee|buyer|importer|above)|^idem$/i.test(s.trim());

/**
 * Splits "MERIDIAN AURORA V.042E", "MERIDIAN HALCYON / 117W", "CAPE ITAPEMA - Voy. 03/2026" and
 * "NORDHAFEN EXPRESS 2612W" into vessel and voyage.
 */
export function splitVesselVoyage(s: string): { readonly vessel: string; readonly voyage: string | null } {
  const t = s.trim();
  const marked = /^(.*?)[\s,]*(?:[-/]\s*)?(?:\bvoy(?:age)?\.?\s*(?:no\.?|#)?\s*|\bV\.\s?)([A-Z0-9][A-Z0-9/\-.]*)\s*$/i.exec(t);
  if (marked && marked[1] && marked[2] && /\d/.test(marked[2])) return { vessel: marked[1].replace(/[\s/,-]+$/, '').trim(), voyage: marked[2] };
  const slash = /^(.*?\p{L}.*?)\s*\/\s*([A-Z0-9][A-Z0-9\-.]*)\s*$/iu.exec(t);
  if (slash && slash[1] && slash[2] && /\d/.test(slash[2])) return { vessel: slash[1].trim(), voyage: slash[2] };
  const tail = /^(.*\p{L}.*?)\s+([0-9][A-Z0-9]{1,7}|[A-Z]{0,2}\d{2,}[A-Z]?)\s*$/u.exec(t);
  if (tail && tail[1] && tail[2]) return { vessel: tail[1].replace(/[\s|/,;:-]+$/, '').trim(), voyage: tail[2] };
  return { vessel: t, voyage: null };
}

// Lines of a cargo description that are packing, carrier clauses or references, not the goods.
const BOILERPLATE =
  /shipper'?s?\s+load|stow|said\s+to\s+contain|\bs\.?\s?t\.?\s?c\.?\b|container\(?s\)?|particulars|freight|\bcount\b|^marks|^hs\b|^h\.s\.|\bweight\b|^packing|^packed|^seal|^invoice|^p\.?o\.?\b|^lc\b|^l\/c|^total|^in bulk|^crop|^grade|^net\b|^gross|^clean on board|^shipped|on board|^as per|^nos?\.?\b|^carrier|^description|^kind of|^quantity|^country of origin|^origin|^\(|^said|^of which|^dated/i;

/** True when a line of a cargo description names the goods. */
export function isGoodsLine(s: string): boolean {
  // A clause's tail wrapped onto its own line ('& SEAL', '- COUNT') is tested without its joiner.
  const t = s.trim().replace(/^[&+,;\-–/]+\s*/, '');
  if ((t.match(/\p{L}/gu) ?? []).length < 4) return false;
  if (BOILERPLATE.test(t)) return false;
  // A clause's head a scan broke off its line ("SHIPPER'S" over "LOAD, COUNT & SEAL"), a container
  // abbreviation, or packing words alone ('CARTONS of', 'PALLETS (3000 PCS)'): no goods either.
  if (/^shipper'?s?\.?$|\bcntr\(?s\)?/i.test(t) || /^(bags?|sacks?|cartons?|ctns?|pallets?|drums?|bales?|boxes|cases|packages?|pkgs?|pieces|pcs)\b(\s+(of|with|containing))?\s*(\([^)]*\))?\s*$/i.test(t)) return false;
  // Counts of packages or containers ("3 x 40' HC", "2,000 BAGS", "12,500.000 METRIC TONS").
  if (/^\d[\d.,]*\s*(x\b|×|'|’|-?\s*(bags?|sacks?|pcs|pieces|packages?|pkgs?|pallets?|cartons?|ctns?|drums?|bales?|boxes|cases|containers?|cntrs?|units?|rolls?|coils?|metric|mt|kgs?|tons?|tonnes?|lbs?|cbm)\b)/i.test(t)) return false;
  if (/:\s*\S/.test(t) || /:$/.test(t)) return false;
  // A stamp's word alone across the cargo box ('COPY', 'ORIGINAL', 'NON-NEGOTIABLE').
  if (/^(copy|original|duplicate|triplicate|draft|non[-\s]?negotiable|not\s+negotiable|void|cancell?ed|specimen|received|paid|entered|approved|verified|checked|urgent)\.?$/i.test(t)) return false;
  return true;
}

/**
 * A voyage as printed beside a vessel or a B/L number ('VOY.220N', 'V.981W', 'Voy 046E'): the voyage
 * word or its 'V.' and a short number with an optional direction, never a document's number.
 */
export const isVoyageCode = (text: string): boolean => /^(?:voy(?:age)?\.?|v\.)\s?[-:#]?\s?[a-z]{0,2}\d{2,4}[nsew]?$/i.test(text.trim());
