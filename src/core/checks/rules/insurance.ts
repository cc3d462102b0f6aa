/** Trade credit insurance: the buyer's policy covers the due date, and its limit covers the aggregate. */
import { toMinor, fromMinor } from '../../../shared/checks';
import { dayNumber, isoFromDay } from '../dates';
import { fieldEvidence, hitEvidence } from '../evidence';
import { currencyOf, dayOf, derivedOf, dueDayOf, numberOf } from '../facts';
import { fmtMoney } from '../format';
import { convert } from '../fx';
import type { FieldName } from '../../../shared/documents';
import type { CheckContext, FindingDraft, GroupRule, ReceivableFacts, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

// The same few policies' expiry dates, parsed once each.
let lastExpiry = '';
let lastExpiryDay: number | null = null;
const expiryDay = (iso: string): number | null => {
  if (iso !== lastExpiry) {
    lastExpiryDay = dayNumber(iso);
    lastExpiry = iso;
  }
  return lastExpiryDay;
};

export const tciCover: ReceivableRule = {
  id: 'insurance.tci_cover',
  title: 'Buyer has trade credit insurance covering the due date',
  category: 'insurance',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    if (r.buyerId === null) {
      return [{ receivableId: r.id, key: '', severity: 'info', message: 'Could not check trade credit cover: the buyer was not read, or matches no registered buyer.', evidence: [fieldEvidence(r.invoice, 'buyer', 'Buyer')] }];
    }
    const buyer = ctx.buyers.get(r.buyerId);
    if (!buyer) return NONE;
    const tci = buyer.insurance;
    if (!tci) return [{ receivableId: r.id, key: '', message: `${buyer.legalName} has no trade credit insurance on record.`, evidence: [fieldEvidence(r.invoice, 'buyer', 'Buyer')] }];
    let out: FindingDraft[] | null = null;
    const due = dueDayOf(r);
    const expiry = expiryDay(tci.expiry);
    const beyond = ctx.policy.insurance.coverBeyondDueDays;
    if (due === null) {
      (out ??= []).push({ receivableId: r.id, key: 'expiry', severity: 'info', message: `Could not check that ${tci.insurer} policy ${tci.policyNumber} (expires ${tci.expiry}) covers the due date: no due date or payment terms were read.`, evidence: [fieldEvidence(r.invoice, 'due_date', 'Due date')] });
    } else if (expiry !== null && expiry < due.day + beyond) {
      (out ??= []).push({
        receivableId: r.id,
        key: 'expiry',
        message: `${tci.insurer} policy ${tci.policyNumber} expires ${tci.expiry}, before the due date ${isoFromDay(due.day)}${due.derived ? ' (from the stated terms)' : ''}${beyond > 0 ? ` + ${beyond} days (${isoFromDay(due.day + beyond)})` : ''}: a default would not be covered.`,
        evidence: [
          fieldEvidence(r.invoice, 'buyer', 'Buyer'),
          due.derived && r.invoice.signals.paymentTerms ? hitEvidence(r.invoice, r.invoice.signals.paymentTerms.hit, 'Payment terms') : fieldEvidence(r.invoice, 'due_date', 'Due date'),
        ],
      });
    }
    // An invoice in another currency than the limit is converted by the limit rule (policy rates).
    return out ?? NONE;
  },
};

export const buyerLimit: GroupRule = {
  id: 'insurance.buyer_limit',
  title: "Buyer's aggregate within its credit limit",
  category: 'insurance',
  reference: null,
  severity: 'fail',
  scope: 'group',
  groupKeys: (r) => r.buyerId,
  checkGroup: (key, members, ctx) => {
    const buyer = ctx.buyers.get(key);
    const tci = buyer?.insurance;
    if (!buyer || !tci) return [];
    const currency = tci.currency.toUpperCase();
    const limit = toMinor(tci.creditLimit, currency);
    // Every receivable counts, converted into the limit's currency with the policy's rates; one
    // without a rate is named, never silently left out of the exposure.
    let total = 0;
    const missing: { r: ReceivableFacts; pair: string }[] = [];
    const unread: ReceivableFacts[] = [];
    const minorOf = (r: ReceivableFacts): number | null => {
      const d = derivedOf(r);
      if (d.amount === null || d.currency === null) {
        unread.push(r);
        return null;
      }
      if (d.currency === currency) return toMinor(d.amount, currency);
      const c = convert(ctx.policy.fx, d.amount, d.currency, currency, ctx.asOf);
      if (!c.ok) {
        missing.push({ r, pair: c.pair });
        return null;
      }
      return toMinor(c.value, currency);
    };
    const minors = new Map<ReceivableFacts, number>();
    for (const r of members) {
      const m = minorOf(r);
      if (m !== null) {
        minors.set(r, m);
        total += m;
      }
    }
    // An invoice not counted still adds to the exposure: when what its page does say of its size
    // (an estimate, below) or the counted invoices alone put the buyer over the limit, a person must
    // look before funding (a warn); otherwise it is noted as not counted (an info).
    const estimates = unread.map((r) => ({ r, estimate: estimateOf(r, currency, ctx) }));
    const estimated = estimates.reduce((sum, e) => sum + (e.estimate?.minor ?? 0), 0);
    const out: FindingDraft[] = estimates.map(({ r, estimate }) => {
      const what = derivedOf(r).amount === null ? 'total' : 'currency';
      const base = `Not counted against ${buyer.legalName}'s credit limit: the invoice ${what} was not read.`;
      const evidence = [fieldEvidence(r.invoice, 'total_amount', 'Face value'), fieldEvidence(r.invoice, 'currency', 'Currency')];
      if (total > limit) {
        return { receivableId: r.id, key: 'unread', severity: 'warn' as const, message: `${base} The ${minors.size} invoice${minors.size === 1 ? '' : 's'} counted already total ${fmtMoney(fromMinor(total, currency), currency)}, above the ${tci.insurer} credit limit of ${fmtMoney(tci.creditLimit, currency)}: this one would add to an exposure the limit does not cover. Confirm its ${what} before funding.`, evidence };
      }
      if (estimate && total + estimated > limit) {
        return {
          receivableId: r.id,
          key: 'unread',
          severity: 'warn' as const,
          message: `${base} Taken at ${estimate.what} (${estimate.shown}), the outstanding on ${buyer.legalName} would reach ${fmtMoney(fromMinor(total + estimated, currency), currency)}, above the ${tci.insurer} credit limit of ${fmtMoney(tci.creditLimit, currency)} (policy ${tci.policyNumber}). Confirm the invoice's ${what} before funding.`,
          evidence: [...evidence, fieldEvidence(r.invoice, estimate.field, estimate.label)],
        };
      }
      return { receivableId: r.id, key: 'unread', severity: 'info' as const, message: base, evidence };
    });
    out.push(...missing.map(({ r, pair }) => ({
      receivableId: r.id,
      key: 'fx',
      severity: 'warn' as const,
      message: `No ${pair} exchange rate in the policy, so this invoice could not be counted against ${buyer.legalName}'s ${currency} credit limit: add the rate under Policy → Exchange rates.`,
      evidence: [fieldEvidence(r.invoice, 'total_amount', 'Face value'), fieldEvidence(r.invoice, 'currency', 'Currency')],
    })));
    if (total <= limit) return out;
    const rows: { r: ReceivableFacts; day: number; minor: number }[] = [];
    for (const [r, minor] of minors) rows.push({ r, day: dayOf(r.invoice, 'issue_date') ?? Number.MAX_SAFE_INTEGER, minor });
    // Issue-date order: the receivables that arrive after the limit is used up are the ones over it.
    rows.sort((a, b) => a.day - b.day || (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0));
    let running = 0;
    for (const row of rows) {
      running += row.minor;
      if (running <= limit) continue;
      const own = currencyOf(row.r);
      const shown = own && own !== currency ? `${fmtMoney(numberOf(row.r.invoice, 'total_amount') ?? 0, own)} = ${fmtMoney(fromMinor(row.minor, currency), currency)}` : fmtMoney(fromMinor(row.minor, currency), currency);
      out.push({
        receivableId: row.r.id,
        key: '',
        message: `With this invoice (${shown}) the outstanding on ${buyer.legalName} reaches ${fmtMoney(fromMinor(running, currency), currency)}, above the ${tci.insurer} credit limit of ${fmtMoney(tci.creditLimit, currency)} (policy ${tci.policyNumber}); all ${rows.length} receivables total ${fmtMoney(fromMinor(total, currency), currency)}${rows.some((x) => currencyOf(x.r) !== currency) ? ' (converted with the policy\'s exchange rates)' : ''}.`,
        evidence: [fieldEvidence(row.r.invoice, 'total_amount', 'Face value'), fieldEvidence(row.r.invoice, 'buyer', 'Buyer')],
      });
    }
    return out;
  },
};

/**
 * What an invoice whose total or currency was not read still says of its size, in the limit's
 * currency: its total read without a currency (taken as the limit's), else its amount due, its
 * subtotal (what the total at least is), or quantity × unit price of its one goods line; null when it
 * says nothing, or when converting would need a rate the policy lacks.
 */
function estimateOf(r: ReceivableFacts, currency: string, ctx: CheckContext): { minor: number; what: string; shown: string; field: FieldName; label: string } | null {
  const d = derivedOf(r);
  const own = d.currency;
  let found: { amount: number; what: string; field: FieldName; label: string } | null = null;
  if (d.amount !== null && d.amount > 0) found = { amount: d.amount, what: `its total as printed, in ${currency}`, field: 'total_amount', label: 'Face value' };
  else {
    const due = numberOf(r.invoice, 'amount_due');
    const subtotal = numberOf(r.invoice, 'subtotal');
    const quantity = numberOf(r.invoice, 'quantity');
    const price = numberOf(r.invoice, 'unit_price');
    if (due !== null && due > 0) found = { amount: due, what: 'its amount due', field: 'amount_due', label: 'Amount due' };
    else if (subtotal !== null && subtotal > 0) found = { amount: subtotal, what: 'its subtotal', field: 'subtotal', label: 'Subtotal' };
    else if (quantity !== null && quantity > 0 && price !== null && price > 0 && r.invoice.signals.lineItems.length <= 1 && d.decimalSlip === null) found = { amount: quantity * price, what: 'its quantity × unit price', field: 'unit_price', label: 'Unit price' };
  }
  if (!found) return null;
  const from = own ?? currency;
  if (from === currency) return { minor: toMinor(found.amount, currency), what: found.what, shown: fmtMoney(found.amount, currency), field: found.field, label: found.label };
  const c = convert(ctx.policy.fx, found.amount, from, currency, ctx.asOf);
  if (!c.ok) return null;
  return { minor: toMinor(c.value, currency), what: found.what, shown: `${fmtMoney(found.amount, from)} = ${fmtMoney(c.value, currency)}`, field: found.field, label: found.label };
}

export const INSURANCE_RULES = [tciCover, buyerLimit] as const;
