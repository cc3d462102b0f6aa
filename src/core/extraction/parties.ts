/**
 * Party names: the seller from a labelled block or, without a label, from the letterhead, the sender
 * line above the address window or the footer.
 */
import type { Context, Found } from './context';
import { fromLabels, rankLabelled, tokensIn } from './context';
import { cleanPartyName, isPartyName } from './grammars/shipping';
import { parseParty } from './parsers';
export const LEGAL_FORM =
  /\b(ltd|limited|inc|incorporated|llc|l\.l\.c|gmbh|ag|kg|se|s\.?a\.?|s\.?a\.?s|s\.?a\.?e|s\.?a\.? de c\.?v|b\.?v|n\.?v|co\.|corp|corporation|company|jsc|plc|sarl|pte|pvt|srl|s\.p\.a|spa|ltda|oy|ab|a\/s|as|pcl|bhd|sdn|kk|lda|a\.ş|aş|sp\. z o\.o)\b\.?/i;

/**
 * The seller: a labelled party block, else the issuer's name where documents print it without a
 * label — the letterhead, the sender line above the address window, the footer — preferring a
 * name with a legal form that the document repeats, and never the buyer.
 */
export function chooseSeller(ctx: Context, others: readonly (Found | null)[]): Found | null {
  const labelled = rankLabelled(ctx, { seller: 1, exporter: 0.95, shipper: 0.7 }, parseParty, 3);
  if (labelled[0]) return labelled[0];
  const excluded = new Set(others.filter((o): o is Found => o !== null).map((o) => norm(String(o.value))));
  const layout = ctx.layouts[0];
  const cands: Found[] = [];
  if (layout) {
    for (const line of layout.lines) {
      const top = line.y1 <= layout.height * 0.3;
      const foot = line.y0 >= layout.height * 0.8;
      if (!top && !foot) continue;
      for (const seg of line.segments) {
        if (ctx.isLabel(seg)) continue;
        // A sender line or footer runs several items together: the name is the first.
        const first = seg.text.split(/\s+[·|•]\s+|\s+[-–—]\s+|,\s+(?=\d)/)[0] ?? '';
        const name = cleanPartyName(first);
        if (!isPartyName(name) || excluded.has(norm(name)) || /invoice|rechnung|factur|fatura|page|seite/i.test(name)) continue;
        const legal = LEGAL_FORM.test(name);
        const size = (seg.y1 - seg.y0) / layout.em;
        if (!legal && (size < 1.4 || !top)) continue;
        const repeats = ctx.text.split(name).length - 1;
        // A legal form, printed large, high on the page, and repeated (sender line and footer) all count.
        const height = top ? 0.08 * (1 - line.y0 / (layout.height * 0.3)) : 0;
        const score = (legal ? 0.55 : 0.4) + Math.min(0.1, 0.05 * (repeats - 1)) + height + Math.min(0.1, Math.max(0, size - 1) * 0.1) + (name.split(/\s+/).length >= 3 ? 0.03 : 0);
        const start = seg.text.indexOf(first);
        cands.push({ value: name, tokens: tokensIn(seg.tokens, start, start + first.length), sure: 1, layout, score: Math.min(0.8, score), order: 0, raw: name });
      }
    }
  }
  const beneficiary = fromLabels(ctx, { beneficiary: 0.4 }, parseParty, 3);
  if (beneficiary && !excluded.has(norm(String(beneficiary.value)))) cands.push(beneficiary);
  // "Kunststoffe GmbH" under a "NORDWERK" logo is part of the name printed in full elsewhere.
  const whole = cands.filter((c) => !cands.some((o) => o !== c && String(o.value).length > String(c.value).length && norm(String(o.value)).endsWith(norm(String(c.value)))));
  whole.sort((a, b) => b.score - a.score);
  return whole[0] ?? null;
}

export const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();
