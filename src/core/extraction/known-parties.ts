/**
 * The workspace's counterparties as extraction evidence. A workspace knows its suppliers and buyers
 * with their aliases, and the accounts payments may go to: with them a party can be found anywhere on
 * the page, OCR-tolerantly, when the layout rules found none or found an address instead; the field
 * then says so in its `method` (`counterparty`). The stateless extract never sees this.
 *
 * An account is matched only where the page's own reading fails its check: a valid IBAN that merely
 * resembles a known one is kept as printed, because a look-alike account is exactly what the escrow
 * check must see.
 */
import type { DocumentKind, ExtractedField, Extraction, FieldName, PageText } from '../../shared/documents';
import { createPartyMatcher, legalFormOf, normalizePartyName } from '../checks/names';
import { isValidIban, normaliseAccount } from './grammars/identifiers';
import type { PageLayout, Token } from './layout';
import { joinTokens, layoutPage, unionBBox } from './layout';

export type KnownParty = { readonly id: string; readonly legalName: string; readonly aliases: readonly string[] };

export type KnownParties = {
  readonly suppliers: readonly KnownParty[];
  readonly buyers: readonly KnownParty[];
  /** Accounts payments may go to (the pool's escrow accounts, suppliers' accounts), as stored. */
  readonly accounts: readonly string[];
};

type Role = { readonly field: FieldName; readonly side: 'suppliers' | 'buyers' };

const ROLES: Readonly<Record<Exclude<DocumentKind, 'other'>, readonly Role[]>> = {
  invoice: [
    { field: 'seller', side: 'suppliers' },
    { field: 'buyer', side: 'buyers' },
  ],
  bill_of_lading: [
    { field: 'shipper', side: 'suppliers' },
    { field: 'consignee', side: 'buyers' },
    { field: 'notify_party', side: 'buyers' },
  ],
};

/**
 * Known parties printed on the pages: each segment's runs of up to eight words that are exactly one
 * of a party's names (after folding case, accents and legal forms), else that the OCR-tolerant
 * matcher gives to exactly one party and that no further word of the segment continues.
 */
function partiesOnPages(layouts: readonly PageLayout[], match: (name: string) => KnownParty | null, parties: readonly KnownParty[]): { party: KnownParty; tokens: readonly Token[]; layout: PageLayout }[] {
  const exact = new Map<string, KnownParty>();
  for (const p of parties) for (const n of [p.legalName, ...p.aliases]) exact.set(normalizePartyName(n), p);
  const out: { party: KnownParty; tokens: readonly Token[]; layout: PageLayout }[] = [];
  for (const layout of layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        let best: { party: KnownParty; tokens: readonly Token[]; exact: boolean } | null = null;
        for (let start = 0; start < seg.tokens.length; start++) {
          for (let end = Math.min(seg.tokens.length, start + 8); end > start; end--) {
            const tokens = seg.tokens.slice(start, end);
            const text = joinTokens(tokens);
            const named = exact.get(normalizePartyName(text));
            // The same name with another legal form is another company ('Exportadora Mondego S.A.'
            // is not the registered 'Exportadora Mondego Lda.'), unless one of the party's names carries it.
            const form = named ? legalFormOf(text) : null;
            const forms = named ? [named.legalName, ...named.aliases].map(legalFormOf).filter((f): f is string => f !== null) : [];
            const e = named && (form === null || forms.length === 0 || forms.includes(form)) ? named : undefined;
            if (e && (!best || !best.exact || tokens.length > best.tokens.length)) best = { party: e, tokens, exact: true };
            // A name matched loosely (a beginning, OCR slips) must not stop short of more words of a
            // name: 'GULF COAST' begins the buyer 'Gulf Coast Polymers Inc.', but 'GULF COAST IMPORTS
            // LLC' is another company.
            else if (!e && !best && tokens.length >= 2 && !/^\p{L}/u.test(seg.tokens[end]?.text ?? '')) {
              const party = match(text);
              if (party) best = { party, tokens, exact: false };
            }
          }
        }
        if (best) out.push({ party: best.party, tokens: best.tokens, layout });
      }
    }
    out.push(...splitNames(layout, exact));
  }
  return out;
}

/**
 * Registered names a scan cut over two lines: words of one row that the layout set on two lines
 * because a lean or a stretched word box ('Pacific' boxed over 'Rim Polymers Inc.') put them a few
 * pixels apart or overlapping. Two segments on neighbouring lines that share most of their height
 * and meet or overlap across are read as one, left to right, and searched for a party's exact
 * name that takes words from both. Exact names only: two lines joined are weaker evidence than one.
 */
function splitNames(layout: PageLayout, exact: ReadonlyMap<string, KnownParty>): { party: KnownParty; tokens: readonly Token[]; layout: PageLayout }[] {
  const out: { party: KnownParty; tokens: readonly Token[]; layout: PageLayout }[] = [];
  const gap = layout.em * 1.5;
  for (let i = 0; i + 1 < layout.lines.length; i += 1) {
    for (const a of layout.lines[i]!.segments) {
      for (const b of layout.lines[i + 1]!.segments) {
        const shared = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
        if (shared < Math.min(a.y1 - a.y0, b.y1 - b.y0) * 0.5 || b.x0 - a.x1 > gap || a.x0 - b.x1 > gap) continue;
        const tokens = [...a.tokens, ...b.tokens].sort((p, q) => p.x0 - q.x0);
        const fromA = new Set(a.tokens);
        for (let start = 0; start < tokens.length; start += 1) {
          for (let end = tokens.length; end > start + 1; end -= 1) {
            const part = tokens.slice(start, end);
            if (part.every((t) => fromA.has(t)) || part.every((t) => !fromA.has(t))) continue;
            const party = exact.get(normalizePartyName(joinTokens(part)));
            if (!party) continue;
            out.push({ party, tokens: part, layout });
            start = end - 1;
            break;
          }
        }
      }
    }
  }
  return out;
}

/** A field set from a counterparty found on the page. */
const fromPage = (tokens: readonly Token[], layout: PageLayout, confidence: number): ExtractedField => ({
  value: joinTokens(tokens).replace(/[\s,;:]+$/, ''),
  raw: joinTokens(tokens),
  confidence,
  page: layout.n,
  bbox: unionBBox(tokens),
  method: 'counterparty',
});

// OCR confusions an account number may suffer (both ways).
const CONFUSABLE = new Set(['0O', 'O0', '0D', 'D0', '1I', 'I1', '1L', 'L1', '5S', 'S5', '8B', 'B8', '2Z', 'Z2', '6G', 'G6']);

/** Whether `printed` is `known` but for one or two OCR confusions (same length). */
function ocrVariant(printed: string, known: string): boolean {
  if (printed.length !== known.length) return false;
  let slips = 0;
  for (let i = 0; i < printed.length; i++) {
    if (printed[i] === known[i]) continue;
    if (!CONFUSABLE.has(`${printed[i]}${known[i]}`) || ++slips > 2) return false;
  }
  return slips > 0;
}

/** Known accounts printed on the page, exactly or but for OCR slips, however their groups are spaced. */
function accountsOnPages(layouts: readonly PageLayout[], known: readonly string[]): { value: string; tokens: readonly Token[]; layout: PageLayout }[] {
  const out = new Map<string, { value: string; tokens: readonly Token[]; layout: PageLayout }>();
  for (const layout of layouts) {
    for (const line of layout.lines) {
      const toks = line.tokens;
      for (let start = 0; start < toks.length; start++) {
        let text = '';
        for (let end = start; end < Math.min(toks.length, start + 9); end++) {
          text += normaliseAccount(toks[end]!.text).toUpperCase();
          for (const k of known) {
            if (text.length === k.length && (text === k || ocrVariant(text, k)) && !out.has(k)) out.set(k, { value: k, tokens: toks.slice(start, end + 1), layout });
          }
          if (text.length > 40) break;
        }
      }
    }
  }
  return [...out.values()];
}

/** What a party put back in its role keeps at most: a person confirms it. */
const CROSSED_CONFIDENCE = 0.7;

/**
 * The page's two parties read in each other's places (a scan whose captions went unread: the
 * addressee's block taken for the seller, the letterhead for the buyer): each reading is a registered
 * party of the other side only. Only unsure OCR readings: a text layer, a confident reading or a
 * company registered on both sides is left as read, for the checks to judge.
 */
function crossed(fields: Partial<Record<FieldName, ExtractedField>>, a: Role, b: Role, matchers: Readonly<Record<Role['side'], (name: string) => KnownParty | null>>): boolean {
  const [fa, fb] = [fields[a.field], fields[b.field]];
  if (!fa || !fb || fa.method !== 'ocr' || fb.method !== 'ocr' || fa.confidence >= 0.9 || fb.confidence >= 0.9) return false;
  const [va, vb] = [String(fa.value), String(fb.value)];
  return matchers[b.side](va) !== null && matchers[a.side](va) === null && matchers[a.side](vb) !== null && matchers[b.side](vb) === null;
}

/**
 * The extraction improved with the workspace's counterparties: a party field that is missing, or
 * names no known party, is replaced by the one known party of that side printed on the page; a payment
 * account that fails its check is matched to a known account it differs from only by OCR slips. Two
 * parties read in each other's places are put back first.
 */
export function withKnownParties(pages: readonly PageText[], ex: Extraction, known: KnownParties): Extraction {
  if (ex.kind === 'other') return ex;
  const layouts = pages.map((p) => layoutPage(p));
  const fields: Partial<Record<FieldName, ExtractedField>> = { ...ex.fields };
  const matchers = { suppliers: createPartyMatcher(known.suppliers), buyers: createPartyMatcher(known.buyers) };
  const [first, second] = ROLES[ex.kind] as [Role, Role];
  if (crossed(fields, first, second, matchers)) {
    const [a, b] = [fields[first.field]!, fields[second.field]!];
    const why = `${first.field} and ${second.field.replace('_', ' ')} were read the other way round; the registered counterparties put them back: confirm`;
    fields[first.field] = { ...b, method: 'counterparty', confidence: Math.min(b.confidence, CROSSED_CONFIDENCE), ambiguity: why };
    fields[second.field] = { ...a, method: 'counterparty', confidence: Math.min(a.confidence, CROSSED_CONFIDENCE), ambiguity: why };
  }
  for (const role of ROLES[ex.kind]) {
    const current = fields[role.field];
    const match = matchers[role.side];
    const party = current ? match(String(current.value)) : null;
    if (current && party) {
      // A known party with words after its name ("… JSC for its export sales"): the longest start
      // of the reading that is exactly one of the party's names.
      const names = new Set([party.legalName, ...party.aliases].map(normalizePartyName));
      const words = String(current.value).split(/\s+/);
      let n = 0;
      for (let k = 1; k <= words.length; k++) if (names.has(normalizePartyName(words.slice(0, k).join(' ')))) n = k;
      if (n > 0 && n < words.length) fields[role.field] = { ...current, value: words.slice(0, n).join(' ').replace(/[\s,;:]+$/, '') };
      continue;
    }
    // The other side's parties are never taken for this one (a buyer's name on a seller's line), nor
    // a registered party the page already names in another role: a company may both sell and buy,
    // and the invoice's buyer is no stand-in for a seller we do not know.
    const elsewhere = new Set(
      ROLES[ex.kind]
        .filter((r) => r.field !== role.field)
        .map((r) => fields[r.field]?.value)
        .filter((v): v is string => typeof v === 'string')
        .map(normalizePartyName),
    );
    const found = partiesOnPages(layouts, match, known[role.side]).filter((f) => ![f.party.legalName, ...f.party.aliases].some((n) => elsewhere.has(normalizePartyName(n))) && !elsewhere.has(normalizePartyName(joinTokens(f.tokens))));
    const distinct = [...new Map(found.map((f) => [f.party.id, f])).values()];
    const only = distinct.length === 1 ? distinct[0] : undefined;
    if (!only) continue;
    // A reading of the page that a person confirmed, or a confident one naming a party we do not
    // know, is kept: an unknown seller is a finding, not something to paper over.
    if (current && current.confidence >= 0.9 && current.method !== 'ocr') continue;
    const ocr = only.layout.method === 'ocr';
    fields[role.field] = fromPage(only.tokens, only.layout, ocr ? 0.85 : 0.92);
  }
  const account = fields.payment_account;
  const knownSet = new Set(known.accounts.map((a) => normaliseAccount(a).toUpperCase()));
  if (account && knownSet.size && isValidIban(String(account.value)) && !knownSet.has(normaliseAccount(String(account.value)).toUpperCase())) {
    // The page prints two accounts ('IBAN (USD) GB53 …' and 'IBAN (USD) GB21 …'): one of them, printed
    // exactly, is a known one — the account payments go to, the other named for a person to see.
    const exact = accountsOnPages(layouts, [...knownSet]).filter((a) => normaliseAccount(joinTokens(a.tokens)).toUpperCase() === a.value);
    if (exact.length === 1) {
      const [only] = exact as [(typeof exact)[number]];
      fields.payment_account = { ...fromPage(only.tokens, only.layout, 0.8), value: only.value, ambiguity: `the page also prints account ${account.raw ?? String(account.value)}` };
    }
  }
  if (known.accounts.length && (!account || !isValidIban(String(account.value)))) {
    const printed = account ? normaliseAccount(String(account.value)).toUpperCase() : null;
    const candidates = known.accounts.map((a) => normaliseAccount(a).toUpperCase());
    const hit = printed ? candidates.filter((k) => ocrVariant(printed, k)) : [];
    if (account && hit.length === 1) {
      fields.payment_account = { ...account, value: hit[0]!, method: 'counterparty', confidence: 0.8, ambiguity: `printed ${account.raw}; read as the known account ${hit[0]} (OCR slips only)` };
    } else if (!account) {
      const seen = accountsOnPages(layouts, candidates);
      if (seen.length === 1) fields.payment_account = { ...fromPage(seen[0]!.tokens, seen[0]!.layout, 0.8), value: seen[0]!.value };
    }
  }
  return { ...ex, fields };
}
