/**
 * Country names as people write them in spreadsheets ("Germany", "Deutschland", "Viet Nam", "USA")
 * to ISO 3166-1 alpha-2 codes, so counterparty files from any source import without hand edits.
 */

const NAMES: Readonly<Record<string, string>> = {
  AE: 'United Arab Emirates|UAE|U.A.E.', AR: 'Argentina', AT: 'Austria|Österreich|Osterreich', AU: 'Australia', BD: 'Bangladesh', BE: 'Belgium|Belgique|België|Belgie|Belgien',
  BG: 'Bulgaria', BH: 'Bahrain', BO: 'Bolivia', BR: 'Brazil|Brasil', CA: 'Canada', CH: 'Switzerland|Schweiz|Suisse|Svizzera', CI: "Côte d'Ivoire|Cote d'Ivoire|Ivory Coast",
  CL: 'Chile', CN: "China|People's Republic of China|PRC|P.R. China|中国", CO: 'Colombia', CR: 'Costa Rica', CY: 'Cyprus', CZ: 'Czech Republic|Czechia|Česko|Cesko',
  DE: 'Germany|Deutschland|Federal Republic of Germany|Allemagne|Alemania|Alemanha|Germania|Duitsland|Almanya|Niemcy|Jerman|Đức',
  DK: 'Denmark|Danmark', DO: 'Dominican Republic', DZ: 'Algeria', EC: 'Ecuador', EE: 'Estonia', EG: 'Egypt', ES: 'Spain|España|Espana|Espagne|Spanien|Spagna|Espanha|Spanje|İspanya|Ispanya|Hiszpania|Spanyol',
  ET: 'Ethiopia', FI: 'Finland|Suomi', FR: 'France|Frankreich|Francia|França|Franca|Frankrijk|Fransa|Francja|Prancis|Pháp', GB: 'United Kingdom|UK|U.K.|Great Britain|Britain|England|Scotland|Wales',
  GH: 'Ghana', GR: 'Greece|Hellas|Ellada', GT: 'Guatemala', HK: 'Hong Kong|香港', HR: 'Croatia|Hrvatska', HU: 'Hungary|Magyarország|Magyarorszag', ID: 'Indonesia',
  IE: 'Ireland|Éire|Eire', IL: 'Israel', IN: 'India|Bharat', IQ: 'Iraq', IR: 'Iran', IS: 'Iceland', IT: 'Italy|Italia|Italie|Italien|Itália|Italië|İtalya|Włochy|Wlochy',
  JO: 'Jordan', JP: 'Japan|日本', KE: 'Kenya', KH: 'Cambodia', KR: 'South Korea|Korea|Republic of Korea|한국', KW: 'Kuwait', KZ: 'Kazakhstan', LB: 'Lebanon', LK: 'Sri Lanka',
  LT: 'Lithuania', LU: 'Luxembourg|Luxemburg', LV: 'Latvia', MA: 'Morocco|Maroc', MM: 'Myanmar|Burma', MX: 'Mexico|México', MY: 'Malaysia', NG: 'Nigeria',
  NL: 'Netherlands|The Netherlands|Nederland|Holland|Pays-Bas|Niederlande|Países Bajos|Paises Bajos|Paesi Bassi|Hollanda|Holandia|Belanda', NO: 'Norway|Norge', NZ: 'New Zealand',
  OM: 'Oman', PA: 'Panama', PE: 'Peru|Perú', PH: 'Philippines', PK: 'Pakistan', PL: 'Poland|Polska|Pologne|Polen|Polonia|Polonya', PT: 'Portugal', PY: 'Paraguay', QA: 'Qatar',
  RO: 'Romania|România', RS: 'Serbia', RU: 'Russia|Russian Federation', SA: 'Saudi Arabia|KSA', SE: 'Sweden|Sverige', SG: 'Singapore', SI: 'Slovenia', SK: 'Slovakia',
  SN: 'Senegal|Sénégal', TH: 'Thailand', TN: 'Tunisia', TR: 'Turkey|Türkiye|Turkiye|Türkei|Turquie|Turquía|Turchia|Turcja|Turki', TW: 'Taiwan|台灣|台湾', TZ: 'Tanzania',
  UA: 'Ukraine', UG: 'Uganda', US: 'United States|United States of America|USA|U.S.A.|US|U.S.|America|Vereinigte Staaten|États-Unis|Etats-Unis|Estados Unidos|Stati Uniti|Amerika Serikat|Hoa Kỳ|美国',
  UY: 'Uruguay', UZ: 'Uzbekistan', VE: 'Venezuela', VN: 'Vietnam|Viet Nam|Việt Nam|Viêt Nam', ZA: 'South Africa', ZM: 'Zambia', ZW: 'Zimbabwe',
};

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[İı]/g, 'i')
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const BY_NAME: ReadonlyMap<string, string> = new Map(Object.entries(NAMES).flatMap(([code, names]) => names.split('|').map((n) => [fold(n), code] as const)));

/** The ISO 3166-1 alpha-2 code for a code or a country name, or null when it names no country we know. */
export function countryCode(text: string): string | null {
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  return BY_NAME.get(fold(t)) ?? null;
}
