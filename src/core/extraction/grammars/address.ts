/**
 * Address and contact lines: what follows a party's name in its block and must never be taken for
 * the name itself ("Ho Chi Minh City, Vietnam", "Port Klang, Malaysia", "Joliet, IL 60433",
 * "Calle de Atocha 27", "Tel: +49 …"). Street words, postcodes and countries of the languages the
 * extractor reads; a line is judged by how many of these signs it carries.
 */
import { foldLetters } from '../label-match';
import { normalisePackageUnit } from './quantity';

// Street and building words, whole words after folding accents (English, German, French, Spanish,
// Portuguese, Italian, Dutch, Turkish, Polish, Indonesian, Vietnamese).
const STREET =
  /\b(street|st|road|rd|avenue|ave|av|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|square|sq|parkway|pkwy|highway|hwy|suite|ste|floor|fl|unit|building|bldg|block|blk|tower|estate|industrial|park|zone|box|p\s?o|po|pob|postbox|postfach|strasse|str|weg|platz|allee|gasse|ring|damm|ufer|rue|bd|chemin|impasse|quai|cedex|bp|via|viale|piazza|corso|largo|calle|c\/|avda|avenida|carrera|camino|paseo|plaza|rua|travessa|praca|rodovia|estrada|straat|laan|plein|gracht|kade|cad|caddesi|cd|sok|sokak|sokagi|mah|mahallesi|bulvari|ul|ulica|al|aleja|os|jalan|jl|gedung|komplek|kav|rt|rw|kel|kec|kota|kab|duong|pho|phuong|quan|huyen|tinh|tp|khu|ward|district|province|prefecture|municipality|city|county|state|sector|plot|no)\b/i;
// Compound street names: "Hofstraße 12", "Kalverstraat 5", "Bahnhofstr. 1", "Drottninggatan 7".
const COMPOUND = /\p{L}{2,}(strasse|straße|str\.|weg|platz|allee|gasse|damm|ufer|steig|pfad|markt|straat|laan|plein|gracht|kade|gatan|vej|vei|veien)\s*\d/iu;
// A street number with a word, either order: "123 Madison drive", "Hofstraße 12", "Via Garibaldi 26".
const NUMBERED = /^\d{1,5}[a-z]?\s+\p{L}|\p{L}{3,}\.?,?\s+\d{1,5}[a-z]?(\s*[-/,]\s*\d{1,5})?\s*,?$/iu;
// Postcodes with a place: "75012 PARIS", "20097 Hamburg", "CA 94043", "SW1A 1AA", "2740-034 Colares", "No. 123".
const POSTCODE =
  /\b\d{4,6}\s+\p{L}{3,}|\p{L}{3,},?\s+\d{4,6}\b|\b[A-Z]{2}\s+\d{5}(-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b\d{4}-\d{3}\s+\p{L}|\b\d{2}-\d{3}\s+\p{L}|\b\d{3}\s?\d{2}\s+\p{L}{3,}/u;
const CONTACT = /@|\bwww\.|https?:|\b(tel|tél|phone|telefon|telefono|teléfono|telefone|fax|mobile|mob|cell|email|e-mail|courriel|hp|telp)\b\.?\s*:?|^\+?\(?\d[\d\s().-]{7,}\d$/i;
const TAX_ID = /\b(vat|tva|iva|btw|ust|mwst|gst|gstin|ein|tin|nif|nip|cif|siret|siren|cnpj|cpf|npwp|mst|vkn|kdv|pan|abn|uen|rfc|ruc|nit|cuit)\b[\s.:#-]*(no\.?|nr\.?|number|id|reg)?[\s.:#-]*[A-Z]{0,3}\s?\d/i;

// Countries and big trade cities, as printed in addresses (folded, lower case).
const PLACES = new Set(
  [
    'germany', 'deutschland', 'france', 'spain', 'espana', 'portugal', 'italy', 'italia', 'netherlands', 'nederland', 'the netherlands', 'holland', 'belgium', 'belgique', 'belgie',
    'luxembourg', 'switzerland', 'schweiz', 'suisse', 'austria', 'osterreich', 'united kingdom', 'uk', 'england', 'scotland', 'ireland', 'usa', 'u.s.a.', 'united states',
    'united states of america', 'us', 'canada', 'mexico', 'brazil', 'brasil', 'argentina', 'chile', 'peru', 'colombia', 'turkey', 'turkiye', 'poland', 'polska', 'indonesia',
    'vietnam', 'viet nam', 'china', 'prc', "people's republic of china", 'japan', 'korea', 'south korea', 'india', 'pakistan', 'bangladesh', 'sri lanka', 'thailand', 'malaysia',
    'singapore', 'philippines', 'taiwan', 'hong kong', 'australia', 'new zealand', 'south africa', 'nigeria', 'kenya', 'egypt', 'morocco', 'ghana', 'ivory coast', "cote d'ivoire",
    'saudi arabia', 'uae', 'united arab emirates', 'qatar', 'israel', 'russia', 'ukraine', 'sweden', 'norway', 'denmark', 'finland', 'czech republic', 'czechia', 'hungary',
    'romania', 'greece', 'ho chi minh city', 'hanoi', 'port klang', 'mombasa', 'shanghai', 'shenzhen', 'ningbo', 'qingdao', 'guangzhou', 'tianjin', 'busan', 'tokyo', 'yokohama',
    'rotterdam', 'antwerp', 'hamburg', 'bremen', 'le havre', 'valencia', 'barcelona', 'genoa', 'piraeus', 'felixstowe', 'southampton', 'new york', 'los angeles', 'long beach',
    'houston', 'savannah', 'santos', 'buenos aires', 'jakarta', 'surabaya', 'chittagong', 'karachi', 'mumbai', 'nhava sheva', 'chennai', 'colombo', 'dubai', 'jebel ali', 'istanbul',
    'mersin', 'izmir', 'gdansk', 'gdynia', 'warsaw', 'warszawa', 'paris', 'london', 'madrid', 'lisbon', 'lisboa', 'milan', 'milano', 'rome', 'roma', 'berlin', 'munich', 'munchen',
    'amsterdam', 'brussels', 'bruxelles', 'zurich', 'vienna', 'wien', 'seattle', 'chicago', 'bangkok', 'kuala lumpur', 'manila', 'haiphong', 'da nang', 'lagos', 'tema', 'abidjan',
  ].map((p) => p.replace(/[.']/g, '')),
);

const fold = (s: string): string => foldLetters(s.toLowerCase()).replace(/[.']/g, '');

/** True when a line names only places: "Ho Chi Minh City, Vietnam", "Mombasa, Kenya", "Deutschland". */
export function isPlaceLine(text: string): boolean {
  const parts = fold(text)
    .split(/\s*[,/|–-]\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return false;
  const known = parts.filter((p) => PLACES.has(p)).length;
  // "Port Klang, Malaysia": the last part a country or city, the rest at most two words each.
  return known > 0 && parts.every((p) => PLACES.has(p) || (p.split(/\s+/).length <= 3 && !/\d/.test(p)) || /^\d{4,6}$/.test(p)) && (known === parts.length || PLACES.has(parts[parts.length - 1]!));
}

/** True for a contact or registration line: phone, fax, e-mail, web, a tax or company id. */
export const isContactLine = (text: string): boolean => CONTACT.test(text.trim()) || TAX_ID.test(text);

/**
 * How much a line reads like part of an address (0 = not at all, 1 and more = surely): street words
 * and numbers, postcodes, countries.
 */
export function addressScore(text: string): number {
  const t = text.trim();
  // "1091 BAGS", "20 PALLETS", "1.200 Säcke": a count of packages, not a street number and a street.
  const [count, word, ...more] = t.split(/\s+/);
  if (!more.length && word && /^\d[\d.,]*$/.test(count ?? '') && normalisePackageUnit(word)) return 0;
  const f = fold(t);
  let score = 0;
  if (isPlaceLine(t)) score += 1;
  // "ISO 9001 Registered", "EN 1090 certified": a standard's number, not a postcode.
  if (POSTCODE.test(t.replace(/\b(iso|en|din|iec|astm|bs|gost|gb|jis)\s?\d{3,5}(-\d+)?/gi, ''))) score += 0.8;
  if (NUMBERED.test(t)) score += 0.5;
  if (COMPOUND.test(t)) score += 0.7;
  if (STREET.test(f)) score += /\d/.test(t) ? 0.8 : 0.35;
  // A known country at the end of a longer line: "Rua de flora 12, 2740-034 Colares, Portugal".
  const last = f.split(/\s*,\s*/).pop() ?? '';
  if (!isPlaceLine(t) && PLACES.has(last.trim())) score += 0.5;
  return score;
}

/** True when a line is an address line rather than a name. */
export const isAddressLine = (text: string): boolean => addressScore(text) >= 0.8;
