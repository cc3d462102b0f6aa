/**
 * The invoice total's currency: printed with the total (read as a whole with the summary block in
 * summary.ts), in the table's headers, or most often on the page.
 */
import type { Context, Found } from './context';
import { tokensIn, unlabelled } from './context';
import { currencyCode, findCurrencies } from './grammars/currency';
import type { PageLayout, Token } from './layout';
import type { Item } from './line-items';

export function currencyOfTotal(ctx: Context, total: Found | null): Found | null {
  if (!total) return null;
  const line = total.layout.lines.find((l) => l.tokens.includes(total.tokens[0] as Token));
  if (!line) return null;
  // The currency nearest the amount: its own segment, then the segments after it, then those before.
  // A line may run across columns ('IBAN (USD) PL82…   RAZEM: 27 454,25 EUR'): a currency in
  // another column tags something else.
  const at = Math.max(0, line.segments.findIndex((sg) => sg.tokens.includes(total.tokens[0] as Token)));
  const nearest = [...line.segments.slice(at), ...line.segments.slice(0, at).reverse()];
  for (const seg of nearest) {
    const c = findCurrencies(seg.text)[0];
    if (!c) continue;
    const code = currencyCode(c, ctx.text);
    if (!code) continue;
    // On a scan, a currency beside the total that the rest of the page does not print ('py S$' read
    // for US$, whose other figures and account say USD) is a reading to confirm, not a sure one.
    const dominant = total.layout.method === 'ocr' ? dominantCurrency(ctx) : null;
    const page = dominant?.value;
    // The page's own sign read short ('S$' for the US$ of its other figures, the U lost under a
    // stamp): the page's currency.
    if (dominant && page !== code && findCurrencies(ctx.text).some((o) => o.raw.length > c.raw.length && o.raw.endsWith(c.raw) && currencyCode(o, ctx.text) === page)) {
      return { ...dominant, sure: 0.9, score: 0.81 };
    }
    const sure = page !== undefined && page !== code ? 0.6 : 1;
    return { value: code, tokens: tokensIn(seg.tokens, c.index, c.index + c.raw.length), sure, layout: total.layout, score: 0.9 * sure, order: 0, raw: c.raw };
  }
  return null;
}

export function currencyOfHeaders(ctx: Context, item: Item | null): Found | null {
  if (!item) return null;
  for (const c of item.table.columns) {
    if (c.key !== 'amount' && c.key !== 'unit_price') continue;
    const cur = findCurrencies(c.header)[0];
    if (!cur) continue;
    const code = currencyCode(cur, ctx.text);
    const line = item.layout.lines.slice(item.table.headerLine, item.table.headerEnd + 1).flatMap((l) => l.tokens);
    const toks = line.filter((t) => t.text.includes(cur.raw) && t.x0 >= c.x0 - 1 && t.x1 <= c.x1 + 1);
    if (code && toks.length) return { value: code, tokens: toks.slice(0, 1), sure: 1, layout: item.layout, score: 0.8, order: 0, raw: cur.raw };
  }
  return null;
}

const SHARE_CAPITAL = /\b(capital|stammkapital|grundkapital|share\s+capital|capitale\s+sociale|capital\s+social|kapita[lł]\s+zak[lł]adowy|sermaye(si)?|modal\s+dasar)\b/iu;

export function dominantCurrency(ctx: Context): Found | null {
  const counts = new Map<string, { n: number; layout: PageLayout; tokens: Token[]; raw: string }>();
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        // A company's share capital in the footer ('SAS au capital de 50 000 €') is not what it invoices in.
        if (SHARE_CAPITAL.test(seg.text)) continue;
        for (const c of findCurrencies(seg.text)) {
          const code = currencyCode(c, ctx.text);
          if (!code) continue;
          const e = counts.get(code) ?? { n: 0, layout, tokens: tokensIn(seg.tokens, c.index, c.index + c.raw.length), raw: c.raw };
          e.n++;
          counts.set(code, e);
        }
      }
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1].n - a[1].n);
  const top = ranked[0];
  if (!top) return null;
  const share = top[1].n / ranked.reduce((s, [, e]) => s + e.n, 0);
  // Printed once, away from any amount we read, it is a hint for a person to confirm.
  return unlabelled(top[1].layout, top[1].tokens, top[0], top[1].n > 1 ? 0.6 * share + 0.2 : 0.6, top[1].raw);
}
