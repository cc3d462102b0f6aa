/** Arithmetic: the invoice's own numbers add up (quantity × price, line items, due date vs terms). */
import { isoFromDay } from '../dates';
import { fieldEvidence, hitEvidence } from '../evidence';
import { currencyOf, derivedOf, issueDayOf, numberOf, shipmentDay, textOf } from '../facts';
import { fmtMoney, fmtPct, fmtQty } from '../format';
import type { FindingDraft, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

export const total: ReceivableRule = {
  id: 'arithmetic.total',
  title: 'Quantity × unit price equals the total',
  category: 'arithmetic',
  reference: 'UCP 600 art. 18(c)',
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const qty = numberOf(r.invoice, 'quantity');
    const price = numberOf(r.invoice, 'unit_price');
    const amount = numberOf(r.invoice, 'total_amount');
    if (qty === null || price === null || amount === null || amount === 0) return NONE;
    const product = qty * price;
    const diffPct = ((amount - product) / product) * 100;
    const tolerance = ctx.policy.arithmetic.totalTolerancePct;
    if (Math.abs(diffPct) <= tolerance + 1e-9) return NONE;
    const currency = currencyOf(r);
    return [{
      receivableId: r.id,
      key: '',
      message: `${fmtQty(qty)} ${textOf(r.invoice, 'quantity_unit') ?? ''} × ${fmtMoney(price, currency)} = ${fmtMoney(product, currency)}, but the invoice total is ${fmtMoney(amount, currency)} (${fmtPct(diffPct, true)}, tolerance ±${tolerance} %).`,
      evidence: [fieldEvidence(r.invoice, 'quantity', 'Quantity'), fieldEvidence(r.invoice, 'unit_price', 'Unit price'), fieldEvidence(r.invoice, 'total_amount', 'Total')],
    }];
  },
};

export const lineItems: ReceivableRule = {
  id: 'arithmetic.line_items',
  title: 'Line items add up to the total',
  category: 'arithmetic',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const lines = r.invoice.signals.lineAmounts;
    const amount = numberOf(r.invoice, 'total_amount');
    if (lines.length === 0 || amount === null || amount === 0) return NONE;
    let sum = 0;
    for (const line of lines) sum += line.amount;
    const diffPct = ((amount - sum) / amount) * 100;
    if (Math.abs(diffPct) <= ctx.policy.arithmetic.totalTolerancePct + 1e-9) return NONE;
    const currency = currencyOf(r);
    return [{
      receivableId: r.id,
      key: '',
      message: `The ${lines.length} line amount${lines.length === 1 ? '' : 's'} add up to ${fmtMoney(sum, currency)}, but the invoice total is ${fmtMoney(amount, currency)} (${fmtPct(diffPct, true)}).`,
      evidence: [fieldEvidence(r.invoice, 'total_amount', 'Total'), ...lines.map((line) => hitEvidence(r.invoice, line.hit, 'Line amount'))],
    }];
  },
};

export const dueDateTerms: ReceivableRule = {
  id: 'arithmetic.due_date_terms',
  title: 'Due date follows the stated terms',
  category: 'arithmetic',
  reference: null,
  severity: 'warn',
  scope: 'receivable',
  check: (r, ctx) => {
    const terms = r.invoice.signals.paymentTerms;
    const due = derivedOf(r).printedDueDay;
    if (!terms || due === null) return NONE;
    const base = terms.from === 'bl' ? shipmentDay(r) : issueDayOf(r);
    if (base === null) return NONE;
    const expected = base + terms.days;
    const off = due - expected;
    const tolerance = ctx.policy.arithmetic.dueDateToleranceDays;
    if (Math.abs(off) <= tolerance) return NONE;
    const from = terms.from === 'bl' ? 'the shipped-on-board date' : 'the invoice date';
    const baseEvidence = terms.from === 'bl' && r.bls[0] ? fieldEvidence(r.bls[0], 'shipped_on_board_date', 'Shipped on board') : fieldEvidence(r.invoice, 'issue_date', 'Invoice date');
    return [{
      receivableId: r.id,
      key: '',
      message: `Terms "${terms.hit.text}" put the due date at ${isoFromDay(base)} + ${terms.days} days = ${isoFromDay(expected)} (from ${from}), but the invoice says ${isoFromDay(due)}: ${Math.abs(off)} days ${off > 0 ? 'later' : 'earlier'} (tolerance ${tolerance}).`,
      evidence: [hitEvidence(r.invoice, terms.hit, 'Payment terms'), fieldEvidence(r.invoice, 'due_date', 'Due date'), baseEvidence],
    }];
  },
};

export const ARITHMETIC_RULES = [total, lineItems, dueDateTerms] as const;
