/**
 * The fields of an invoice: which labels feed which field and how strongly, with the fallbacks for
 * values printed without a label.
 */
import type { Context, Fields, Found, Parse } from './context';
import { fromLabels, set, tokensIn, unlabelled } from './context';
import type { DateOrder } from './grammars/dates';
import { findDates, orderFromDueRelation } from './grammars/dates';
import { findIbans, normaliseAccount } from './grammars/identifiers';
import { findIncoterm, incotermPlace } from './grammars/shipping';
import type { LabelKey } from './labels';
import { joinTokens } from './layout';
import type { PageLayout, Token } from './layout';
import { headerlessGoodsRow, lineItems } from './line-items';
import { parseAccount, parseCurrencyLabel, parseDate, parseFirstAmount, parseIncoterm, parseIncotermPlace, parseQuantity, parseReference, parseText } from './parsers';
import { containers, parsePackages, parseVessel, parseWeightKg, setPackages } from './bill-of-lading';
import { chooseParties } from './parties';
import { readSummary } from './summary';
import { currencyOfHeaders, currencyOfTotal, dominantCurrency } from './totals';
import { formatCharge } from '../../shared/documents';
export function extractInvoice(ctx: Context): Fields {
  const fields: Fields = {};
  set(fields, 'invoice_number', fromLabels(ctx, { invoice_no: 1, invoice_no_date: 0.95, doc_no: 0.6 }, parseReference));
  const issueKeys = { invoice_date: 1, date: 0.85, invoice_no_date: 0.9 };
  const dueKeys = { due_date: 1 };
  const { order, sure } = invoiceDateOrder(ctx, issueKeys, dueKeys);
  set(fields, 'issue_date', fromLabels(ctx, issueKeys, parseDate(order, sure)) ?? firstDate(ctx, parseDate(order, sure)));
  set(fields, 'due_date', fromLabels(ctx, dueKeys, parseDate(order, sure)));

  const item = lineItems(ctx);
  const summary = readSummary(ctx, item);
  const total = summary.total;
  set(fields, 'total_amount', total);
  set(fields, 'subtotal', summary.subtotal);
  set(fields, 'tax_amount', summary.tax);
  set(fields, 'amount_due', summary.amountDue);
  const [firstCharge] = summary.charges;
  if (firstCharge) {
    const onPage = summary.charges.filter((c) => c.found.layout === firstCharge.found.layout);
    set(fields, 'charges', {
      ...firstCharge.found,
      value: summary.charges.map((c) => formatCharge(c.charge)),
      tokens: onPage.flatMap((c) => c.found.tokens),
      raw: summary.charges.map((c) => c.found.raw ?? '').join('; '),
      score: Math.min(...summary.charges.map((c) => c.found.score)),
    });
  }

  const currency =
    fromLabels(ctx, { currency: 1 }, parseCurrencyLabel(ctx)) ?? currencyOfTotal(ctx, total) ?? currencyOfHeaders(ctx, item) ?? dominantCurrency(ctx);
  set(fields, 'currency', currency);

  const parties = chooseParties(ctx);
  set(fields, 'buyer', parties.buyer);
  set(fields, 'seller', parties.seller);

  if (item) {
    set(fields, 'goods_description', item.description);
    set(fields, 'quantity', item.quantity);
    set(fields, 'quantity_unit', item.unit);
    set(fields, 'unit_price', item.unitPrice);
  } else {
    const row = headerlessGoodsRow(ctx, total ? Number(total.value) : null);
    if (row) {
      set(fields, 'goods_description', row.description);
      set(fields, 'quantity', row.quantity);
      set(fields, 'quantity_unit', row.unit);
    }
  }
  // Documents without a line-item table say it in words: "Goods: …", "Quantity: 240 MT", "Unit price: …".
  if (!fields.goods_description) set(fields, 'goods_description', fromLabels(ctx, { description: 0.85 }, parseText, 1));
  if (!fields.quantity) {
    const q = fromLabels(ctx, { quantity: 0.85 }, parseQuantity(ctx), 1);
    set(fields, 'quantity', q);
    if (q && !fields.quantity_unit) set(fields, 'quantity_unit', { ...q, value: String(q.raw), raw: joinTokens(q.tokens) });
  }
  if (!fields.unit_price) set(fields, 'unit_price', fromLabels(ctx, { unit_price: 0.85 }, parseFirstAmount(ctx), 1));
  const account = fromLabels(ctx, { iban: 1, account_no: 0.9 }, parseAccount, 2) ?? anyIban(ctx);
  set(fields, 'payment_account', accountInCurrency(ctx, account, currency ? String(currency.value) : null));
  set(fields, 'bl_number', fromLabels(ctx, { bl_no: 1 }, parseReference));
  set(fields, 'container_numbers', containers(ctx));
  set(fields, 'buyer_order_ref', fromLabels(ctx, { order_ref: 1 }, parseReference));
  set(fields, 'incoterm', fromLabels(ctx, { incoterms: 1, delivery_terms: 0.9 }, parseIncoterm) ?? anyIncoterm(ctx));
  set(fields, 'incoterm_place', fromLabels(ctx, { incoterms: 1, delivery_terms: 0.9 }, parseIncotermPlace) ?? anyIncoterm(ctx, true));
  // An export invoice's shipping block (vessel, ports), read with the B/L's labels.
  set(fields, 'vessel', fromLabels(ctx, { vessel: 1, vessel_voyage: 1 }, parseVessel, 2));
  set(fields, 'port_of_loading', fromLabels(ctx, { pol: 1 }, parseText, 2));
  set(fields, 'port_of_discharge', fromLabels(ctx, { pod: 1 }, parseText, 2));
  // What it counts and weighs there ('Packstücke 74 DRUMS', 'Gesamtgewicht brutto 15,392.00 KG'):
  // the B/L's packages and gross weight compare with them when the B/L states no net weight.
  set(fields, 'gross_weight_kg', fromLabels(ctx, { gross_weight: 1 }, parseWeightKg(ctx), 2));
  setPackages(fields, fromLabels(ctx, { packages: 1 }, parsePackages(ctx), 2));
  return fields;
}

/**
 * The invoice's day/month order: the document's own (a component above 12 somewhere), else the
 * one that keeps the due date on or after the issue date.
 */
export function invoiceDateOrder(ctx: Context, issueKeys: Partial<Record<LabelKey, number>>, dueKeys: Partial<Record<LabelKey, number>>): { order: DateOrder; sure: boolean } {
  if (ctx.dateOrderSure) return { order: ctx.dateOrder, sure: true };
  const matchOf: Parse = (cand) => {
    const m = findDates(cand.text)[0];
    return m ? { value: m.raw, tokens: tokensIn(cand.tokens, m.index, m.index + m.raw.length), sure: 1, raw: m.raw } : null;
  };
  const [issue, due] = [fromLabels(ctx, issueKeys, matchOf), fromLabels(ctx, dueKeys, matchOf)];
  const [im, dm] = [issue && findDates(String(issue.value))[0], due && findDates(String(due.value))[0]];
  const byDue = im && dm ? orderFromDueRelation(im, dm) : null;
  return byDue ? { order: byDue, sure: true } : { order: ctx.dateOrder, sure: false };
}

/** The first date in reading order when no label names the issue date (low confidence). */
export function firstDate(ctx: Context, parse: Parse): Found | null {
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        const r = parse({ tokens: seg.tokens, text: seg.text, placement: 'inline', distance: 0, segment: seg }, ctx);
        if (r) return { ...r, layout, score: 0.5 * r.sure, order: 0 };
      }
    }
  }
  return null;
}

const CURRENCY_TAG = /\b(USD|EUR|GBP|CHF|JPY|CNY|RMB|HKD|SGD|AUD|CAD|INR|IDR|TRY|PLN|CZK|HUF|SEK|NOK|DKK|RON|BGN|VND|THB|MYR|AED|SAR|ZAR|BRL|MXN)\b/;

/**
 * The account for the invoice's own currency when the page prints several, each tagged with its
 * currency ("IBAN (USD) DE81…", "IBAN (EUR) DE44…"): the reading is moved to the account whose line
 * names the invoice currency when the one read names another, and kept at half its score, with a
 * note, when no account of that currency can be read.
 */
function accountInCurrency(ctx: Context, account: Found | null, currency: string | null): Found | null {
  if (!account || !currency) return account;
  // The tag is read in the account's own segment (its line up to a column gap), else in its label
  // just left of it ('IBAN (PLN)   PL35 1863 …'), not across the page.
  const tagOf = (layout: PageLayout, token: Token | undefined): string | null => {
    const line = token ? layout.lines.find((l) => l.tokens.includes(token)) : undefined;
    const at = line ? line.segments.findIndex((sg) => sg.tokens.includes(token!)) : -1;
    for (const seg of at < 0 ? [] : [line!.segments[at]!, line!.segments[at - 1]]) {
      const m = seg ? CURRENCY_TAG.exec(seg.text.toUpperCase()) : null;
      if (m) return m[1] === 'RMB' ? 'CNY' : m[1]!;
    }
    return null;
  };
  const own = tagOf(account.layout, account.tokens[0]);
  if (own === null || own === currency) return account;
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        const iban = findIbans(seg.text.toUpperCase())[0];
        if (!iban || iban.value === normaliseAccount(String(account.value)).toUpperCase()) continue;
        const tokens = tokensIn(seg.tokens, iban.index, iban.index + iban.raw.length);
        if (tagOf(layout, tokens[0]) === currency) return { ...unlabelled(layout, tokens, iban.value, account.score, iban.raw), checked: true };
      }
    }
  }
  // The account of the invoice's currency was not read: the one read is another currency's, to confirm.
  return { ...account, score: account.score * 0.5, ambiguity: `this account is printed as the ${own} account; the invoice is in ${currency} and no ${currency} account was read` };
}

export function anyIban(ctx: Context): Found | null {
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        const iban = findIbans(seg.text.toUpperCase())[0];
        if (iban) return { ...unlabelled(layout, tokensIn(seg.tokens, iban.index, iban.index + iban.raw.length), iban.value, 0.85, iban.raw), checked: true };
      }
    }
  }
  return null;
}

export function anyIncoterm(ctx: Context, place = false): Found | null {
  for (const layout of ctx.layouts) {
    for (const line of layout.lines) {
      for (const seg of line.segments) {
        const m = findIncoterm(seg.text, true);
        if (!m) continue;
        if (!place) return unlabelled(layout, tokensIn(seg.tokens, m.index, m.index + m.raw.length), m.code, 0.7, m.raw);
        const p = incotermPlace(seg.text, m);
        if (p) return unlabelled(layout, tokensIn(seg.tokens, p.index, p.index + p.place.length), p.place, 0.7, p.place);
      }
    }
  }
  return null;
}
