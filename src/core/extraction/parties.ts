/**
 * The invoice's parties. A labelled block wins ("Seller", "Bill to", "Rechnungsempfänger"); without a
 * label the seller is the issuer's block at the top of the first page (or its letterhead, sender line
 * or footer) and the buyer the recipient's address block, the one that is not the issuer's. The
 * issuer is told from the recipient by what issuers print with their name: a web or e-mail domain
 * with the name in it, contact and registration lines, the name again in the footer.
 */
import type { Context, Found } from './context';
import { fromLabels, rankLabelled, tokensIn } from './context';
import { isAddressLine, isPlaceLine } from './grammars/address';
import { LEGAL_FORM, cleanPartyName, isPartyName, isReferenceToOther } from './grammars/shipping';
import type { LabelKey } from './labels';
import type { PartyBlock } from './party-blocks';
import { isNameLine, partyBlocks } from './party-blocks';
import { compactLabel } from './label-match';
import { joinTokens } from './layout';
import { parseParty } from './parsers';

export { LEGAL_FORM };

export const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\d]+/gu, ' ').trim();

const GENERIC_BUYER: ReadonlySet<string> = new Set(
  ['to', 'to:', 'client', 'customer', 'recipient', 'kunde', 'an', 'cliente', 'destinatario', 'destinataire', 'klant', 'aan', 'musteri', 'sayin', 'pelanggan', 'kepada', 'khach hang', '客户', 'messrs', 'sr.', 'spett.le', 'odbiorca'].map(compactLabel),
);

const BUYER_KEYS: Partial<Record<LabelKey, number>> = { buyer: 1, consignee: 0.7, notify: 0.3 };
const SELLER_KEYS: Partial<Record<LabelKey, number>> = { seller: 1, exporter: 0.95, shipper: 0.7 };

/** Words of a name that can stand for it in a web or e-mail address ("Stanford Plumbing" → stanford). */
const nameWords = (name: string): string[] =>
  norm(name)
    .split(' ')
    .filter((w) => w.length >= 4 && !LEGAL_FORM.test(w) && !/^(the|and|company|group|international|trading|services|industries|solutions)$/.test(w));

/** Letters as a web address spells them: accents dropped ('Başak' is basak.tr, 'Wisła' wisla.pl). */
const asciiFold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/ł/g, 'l')
    .replace(/ß/g, 'ss')
    .replace(/ø/g, 'o')
    .replace(/đ/g, 'd');

/** Web and e-mail domains printed on the document, folded to letters. */
function domains(ctx: Context): string[] {
  const out: string[] = [];
  for (const m of ctx.text.matchAll(/(?:@|www\.|https?:\/\/)([\p{L}\d.-]+\.[\p{L}]{2,})/giu)) out.push(asciiFold((m[1] ?? '').toLowerCase()).replace(/[^\p{L}\d]/gu, ''));
  return out;
}

/** A block's name as a found value. */
export const fromBlock = (b: PartyBlock, score: number): Found => ({ value: b.name, tokens: b.nameTokens, sure: 1, layout: b.layout, score, order: 0, raw: b.name });

/**
 * How much a block reads like the issuer's: its name in a domain or repeated elsewhere, contact
 * lines, a legal form, standing high on the page.
 */
function issuerScore(ctx: Context, b: PartyBlock, doms: readonly string[]): number {
  const words = nameWords(b.name).map(asciiFold);
  const y = b.lines[0]?.y0 ?? 0;
  let s = 0.5;
  if (words.some((w) => doms.some((d) => d.includes(w)))) s += 0.15;
  if (ctx.text.split(b.name).length - 1 >= 2) s += 0.08;
  if (b.contactLines > 0) s += 0.07;
  if (LEGAL_FORM.test(b.name)) s += 0.05;
  if (y <= b.layout.height * 0.2) s += 0.08;
  return Math.min(0.85, s);
}

/**
 * A labelled party whose value is a contact, not the company ("INVOICE TO: The Receiver" over "XYZ
 * Company"): when the reading has no legal form and the line right under it, in the same column,
 * is a name with one, that line is the party.
 */
export function companyUnder(found: Found | null): Found | null {
  if (!found || LEGAL_FORM.test(String(found.value)) || !found.tokens.length) return found;
  const { layout } = found;
  const first = found.tokens[0]!;
  const li = layout.lines.findIndex((l) => l.tokens.includes(first));
  const below = layout.lines[li + 1];
  if (li < 0 || !below) return found;
  const h = Math.max(first.y1 - first.y0, layout.em);
  if (below.y0 - Math.max(...found.tokens.map((t) => t.y1)) > h * 1.5) return found;
  const seg = below.segments.find((sg) => Math.abs(sg.x0 - first.x0) <= layout.em * 1.2);
  if (!seg || !LEGAL_FORM.test(seg.text) || !isNameLine(seg.text)) return found;
  const name = cleanPartyName(seg.text);
  return { ...found, value: name, raw: seg.text, tokens: seg.tokens };
}

/** The buyer and seller of an invoice. */
export function chooseParties(ctx: Context): { seller: Found | null; buyer: Found | null; consignee: Found | null } {
  const consignee = fromLabels(ctx, { consignee: 1 }, parseParty, 4);
  let buyer = companyUnder(fromLabels(ctx, BUYER_KEYS, parseParty, 4));
  if (buyer && isReferenceToOther(String(buyer.value))) buyer = consignee;
  // "To:", "Client:", "Customer:" head a contact person or a delivery block as often as the buyer:
  // a value under such a word is less certain than one under "Buyer" or "Bill to".
  const hit = buyer ? ctx.hits.find((h) => h.order === buyer?.order) : undefined;
  if (buyer && hit && GENERIC_BUYER.has(compactLabel(joinTokens(hit.segment.tokens.slice(0, hit.length))))) buyer = { ...buyer, score: buyer.score * 0.88 };
  const labelledSeller = companyUnder(rankLabelled(ctx, SELLER_KEYS, parseParty, 4)[0] ?? null);
  const first = ctx.layouts[0];
  const blocks = first ? partyBlocks(ctx, first).filter((b) => !b.label || b.label === 'seller' || b.label === 'exporter') : [];
  const doms = domains(ctx);
  const same = (a: string, b: string): boolean => norm(a) === norm(b) || (norm(a).length >= 4 && norm(b).includes(norm(a))) || (norm(b).length >= 4 && norm(a).includes(norm(b)));
  // An unlabelled block must name someone plausibly: a word of four letters or a legal form, not
  // two fragments OCR made of a box's small print ("BA Dae").
  const plausible = (b: PartyBlock): boolean => LEGAL_FORM.test(b.name) || /\p{L}{4,}/u.test(b.name);
  const unlabelled = blocks.filter((b) => !b.label && plausible(b) && (!buyer || !same(b.name, String(buyer.value))));

  let seller = labelledSeller;
  if (!seller) {
    const cands: Found[] = unlabelled.map((b) => fromBlock(b, issuerScore(ctx, b, doms)));
    cands.push(...letterhead(ctx, [buyer, consignee]));
    const beneficiary = fromLabels(ctx, { beneficiary: 0.45 }, parseParty, 3);
    if (beneficiary && (!buyer || !same(String(beneficiary.value), String(buyer.value)))) cands.push(beneficiary);
    // "Kunststoffe GmbH" under a "NORDWERK" logo is part of the name printed in full elsewhere.
    const whole = cands.filter((c) => !cands.some((o) => o !== c && String(o.value).length > String(c.value).length && norm(String(o.value)).endsWith(norm(String(c.value))) && o.score >= c.score - 0.1));
    seller = whole.sort((a, b) => b.score - a.score)[0] ?? null;
  }
  if (!buyer) {
    // The recipient's block: an unlabelled address block that is not the issuer's — or one headed
    // by a word that also names a payee ("Intestatario": the holder of the invoice or of the
    // account) high on the page, with an address, naming someone other than the seller (the payee
    // of an invoice is its seller).
    const others = unlabelled.filter((b) => !seller || !same(b.name, String(seller.value)));
    const doms2 = doms;
    const ranked = others
      // The address window stands high on the page; blocks further down are delivery or bank details.
      .map((b) => ({ b, s: 0.55 - (issuerScore(ctx, b, doms2) - 0.5) * 0.5 - 0.25 * ((b.lines[0]?.y0 ?? 0) / b.layout.height) }))
      .sort((a, b) => b.s - a.s);
    const best = ranked[0];
    if (best) buyer = fromBlock(best.b, Math.max(0.3, best.s));
    const addressee = payeeAddressee(ctx, seller);
    if (addressee && (!buyer || addressee.score > buyer.score)) buyer = addressee;
  }
  return { seller, buyer, consignee };
}

/**
 * A party under a word that names a payee as well as an addressee ("Intestatario": the holder of the
 * invoice, or of the account) printed high on the first page with an address under the name, naming
 * someone other than the seller: the invoice's addressee, its buyer (an invoice's payee is its seller).
 */
function payeeAddressee(ctx: Context, seller: Found | null): Found | null {
  const sellerName = seller ? norm(String(seller.value)) : '';
  for (const found of rankLabelled(ctx, { beneficiary: 1 }, parseParty, 3)) {
    const { layout } = found;
    const head = found.tokens[0];
    if (!head || layout !== ctx.layouts[0] || head.y0 > layout.height * 0.4) continue;
    const name = norm(String(found.value));
    if (!isNameLine(String(found.value)) || (sellerName && (name.includes(sellerName) || sellerName.includes(name)))) continue;
    const li = layout.lines.findIndex((l) => l.tokens.includes(head));
    const under = layout.lines[li + 1]?.segments.find((sg) => Math.abs(sg.x0 - head.x0) <= layout.em * 1.2);
    if (li < 0 || !under || !(isAddressLine(under.text) || isPlaceLine(under.text))) continue;
    return { ...found, score: 0.5 };
  }
  return null;
}

/**
 * The issuer's name where documents print it without a block: a letterhead in large type, a sender
 * line above the address window, the footer — a name with a legal form, or printed large.
 */
function letterhead(ctx: Context, others: readonly (Found | null)[]): Found[] {
  const excluded = new Set(others.filter((o): o is Found => o !== null).map((o) => norm(String(o.value))));
  const layout = ctx.layouts[0];
  const cands: Found[] = [];
  if (!layout) return cands;
  for (const line of layout.lines) {
    const top = line.y1 <= layout.height * 0.3;
    const foot = line.y0 >= layout.height * 0.8;
    if (!top && !foot) continue;
    for (const seg of line.segments) {
      if (ctx.isLabel(seg)) continue;
      // A sender line or footer runs several items together: the name is the first.
      const first = seg.text.split(/\s+[·|•]\s+|\s+[-–—]\s+|,\s+(?=\d)/)[0] ?? '';
      const name = cleanPartyName(first);
      if (!isPartyName(name) || !isNameLine(name) || excluded.has(norm(name)) || /invoice|rechnung|factur|fatura|faktur|page|seite|logo/i.test(name)) continue;
      const legal = LEGAL_FORM.test(name);
      const size = (seg.y1 - seg.y0) / layout.em;
      if (!legal && (size < 1.4 || !top)) continue;
      // A legal notice in a footer ("SARL au capital de 50 000 EUR", "Sitz der Gesellschaft …") is not a name.
      if (/\b(capital|registered|register|sitz|amtsgericht|rcs|handelsregister|directors?|geschäftsführer)\b/i.test(name)) continue;
      const repeats = ctx.text.split(name).length - 1;
      const height = top ? 0.08 * (1 - line.y0 / (layout.height * 0.3)) : 0;
      const score = (legal ? 0.55 : 0.4) + Math.min(0.1, 0.05 * (repeats - 1)) + height + Math.min(0.1, Math.max(0, size - 1) * 0.1) + (name.split(/\s+/).length >= 3 ? 0.03 : 0);
      const start = seg.text.indexOf(first);
      cands.push({ value: name, tokens: tokensIn(seg.tokens, start, start + first.length), sure: 1, layout, score: Math.min(0.8, score), order: 0, raw: name });
    }
  }
  return cands;
}
