/** Eligibility: commodity, currency, tenor, not overdue at funding, minimum amount. */
import { convert, describeRate } from '../fx';
import type { Evidence } from '../../../shared/checks';
import { dayNumber, isoFromDay } from '../dates';
import { fieldEvidence, hitEvidence } from '../evidence';
import { contextIndex, currencyOf, dueDateInDoubt, dueDayOf, dueYearInDoubt, issueDayOf, numberOf, policyIndex, textOf } from '../facts';
import { fmtMoney } from '../format';
import type { FindingDraft, ReceivableFacts, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

const dueEvidence = (r: ReceivableFacts, derived: boolean): Evidence =>
  derived && r.invoice.signals.paymentTerms ? hitEvidence(r.invoice, r.invoice.signals.paymentTerms.hit, 'Payment terms') : fieldEvidence(r.invoice, 'due_date', 'Due date');

const goodsEvidence = (r: ReceivableFacts): Evidence[] => [fieldEvidence(r.invoice, 'goods_description', 'Goods')];

export const commodity: ReceivableRule = {
  id: 'eligibility.commodity',
  title: 'Eligible commodity',
  category: 'eligibility',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const goods = textOf(r.invoice, 'goods_description');
    if (!goods) return [{ receivableId: r.id, key: '', severity: 'warn', message: 'The invoice shows no goods description, so the commodity could not be identified.', evidence: goodsEvidence(r) }];
    const index = policyIndex(ctx.policy);
    const name = index.commodityOf(goods);
    if (name === null) return [{ receivableId: r.id, key: '', severity: 'warn', message: `"${goods}" matches none of the policy's commodities; add its keywords to the policy or confirm it is out of scope.`, evidence: goodsEvidence(r) }];
    if (index.eligibleCommodities.has(name)) return NONE;
    return [{ receivableId: r.id, key: '', message: `${name} ("${goods}") is not among the policy's eligible commodities.`, evidence: goodsEvidence(r) }];
  },
};

export const currency: ReceivableRule = {
  id: 'eligibility.currency',
  title: 'Eligible currency',
  category: 'eligibility',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const c = currencyOf(r);
    if (c !== null && policyIndex(ctx.policy).currencies.has(c)) return NONE;
    const evidence = [fieldEvidence(r.invoice, 'currency', 'Currency')];
    if (c === null) return [{ receivableId: r.id, key: '', severity: 'warn', message: 'The invoice currency was not read: confirm it on the invoice and enter it, so eligibility can be decided.', evidence }];
    return [{ receivableId: r.id, key: '', message: `${c} is not an eligible currency (policy: ${ctx.policy.eligibility.currencies.join(', ')}).`, evidence }];
  },
};

export const tenor: ReceivableRule = {
  id: 'eligibility.tenor',
  title: 'Tenor within the maximum',
  category: 'eligibility',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const issue = issueDayOf(r);
    const due = dueDayOf(r);
    const max = ctx.policy.eligibility.maxTenorDays;
    if (issue === null || due === null) {
      return [{ receivableId: r.id, key: '', severity: 'warn', message: `The ${issue === null ? 'invoice date' : 'due date'} is not known (no date and no payment terms with a known base date), so the tenor could not be checked against ${max} days.`, evidence: [fieldEvidence(r.invoice, issue === null ? 'issue_date' : 'due_date', issue === null ? 'Invoice date' : 'Due date')] }];
    }
    const days = due.day - issue;
    if (days >= 0 && days <= max) return NONE;
    const evidence = [fieldEvidence(r.invoice, 'issue_date', 'Invoice date'), dueEvidence(r, due.derived)];
    if (days < 0 && dueDateInDoubt(r)) {
      return [{ receivableId: r.id, key: '', severity: 'warn', message: `Due date read as ${isoFromDay(due.day)}, before the invoice date ${isoFromDay(issue)}: on this scan one of the two dates was likely misread. Confirm both on the invoice.`, evidence }];
    }
    if (days < 0) return [{ receivableId: r.id, key: '', message: `Due date ${isoFromDay(due.day)} is before the invoice date ${isoFromDay(issue)}.`, evidence }];
    if (!due.derived && dueYearInDoubt(r, max)) {
      return [{ receivableId: r.id, key: '', severity: 'warn', message: `Due date read as ${isoFromDay(due.day)}, ${days} days after the invoice date ${isoFromDay(issue)}: on this scan its year was likely misread. Confirm the due date on the invoice.`, evidence }];
    }
    return [{ receivableId: r.id, key: '', message: `Tenor ${days} days (${isoFromDay(issue)} → ${isoFromDay(due.day)}${due.derived ? ', from the stated terms' : ''}) exceeds the policy maximum of ${max} days.`, evidence }];
  },
};

export const notOverdue: ReceivableRule = {
  id: 'eligibility.not_overdue',
  title: 'Not overdue at funding',
  category: 'eligibility',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const due = dueDayOf(r);
    // Funded receivables are judged at their funding date; unfunded ones would be funded now.
    if (due === null) return NONE;
    const at = r.fundingDate !== null ? dayNumber(r.fundingDate) : contextIndex(ctx).asOfDay;
    if (at === null || due.day >= at) return NONE;
    const doubt = !due.derived && dueDateInDoubt(r);
    return [{
      receivableId: r.id,
      key: '',
      ...(doubt ? { severity: 'warn' as const } : {}),
      message: `Due ${isoFromDay(due.day)}${due.derived ? ' (from the stated terms)' : ''}, ${at - due.day} days before ${r.fundingDate !== null ? `the funding date ${r.fundingDate}` : `the evaluation date ${isoFromDay(at)}`}: an overdue receivable cannot be funded.${doubt ? ' The due date was read on a scan as falling before the invoice date, so it is itself in doubt: confirm it.' : ''}`,
      evidence: [dueEvidence(r, due.derived)],
    }];
  },
};

export const minAmount: ReceivableRule = {
  id: 'eligibility.min_amount',
  title: 'Face value at least the minimum',
  category: 'eligibility',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const c = currencyOf(r);
    const amount = numberOf(r.invoice, 'total_amount');
    if (amount === null) return [{ receivableId: r.id, key: '', severity: 'info', message: 'Could not check the minimum: the invoice total was not read.', evidence: [fieldEvidence(r.invoice, 'total_amount', 'Total')] }];
    if (c === null) return NONE;
    const min = ctx.policy.eligibility.minAmount[c];
    if (min !== undefined) {
      if (amount >= min) return NONE;
      return [{ receivableId: r.id, key: '', message: `Face value ${fmtMoney(amount, c)} is below the policy minimum of ${fmtMoney(min, c)}.`, evidence: [fieldEvidence(r.invoice, 'total_amount', 'Total')] }];
    }
    // No minimum in this currency: the first one the policy states, through the exchange rates.
    const [other, otherMin] = Object.entries(ctx.policy.eligibility.minAmount)[0] ?? [];
    if (other === undefined || otherMin === undefined) return NONE;
    const conv = convert(ctx.policy.fx, amount, c, other, ctx.asOf);
    if (!conv.ok) return [{ receivableId: r.id, key: '', severity: 'warn', message: `No ${conv.pair} exchange rate in the policy, so the face value could not be compared with the ${other} minimum: add the rate under Policy → Exchange rates.`, evidence: [fieldEvidence(r.invoice, 'total_amount', 'Total')] }];
    if (conv.value >= otherMin) return NONE;
    return [{ receivableId: r.id, key: '', message: `Face value ${fmtMoney(amount, c)} = ${fmtMoney(conv.value, other)} (${describeRate(c, other, conv)}) is below the policy minimum of ${fmtMoney(otherMin, other)}.`, evidence: [fieldEvidence(r.invoice, 'total_amount', 'Total')] }];
  },
};

export const ELIGIBILITY_RULES = [commodity, currency, tenor, notOverdue, minAmount] as const;
