/** Margin: the advance against face value, and the originator's initial margin. */
import { fieldEvidence } from '../evidence';
import { currencyOf, numberOf } from '../facts';
import { fmtMoney, fmtPct } from '../format';
import type { FindingDraft, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

export const advanceRate: ReceivableRule = {
  id: 'margin.advance_rate',
  title: 'Advance within the advance rate',
  category: 'margin',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const face = numberOf(r.invoice, 'total_amount');
    if (face === null) return NONE;
    const rate = ctx.policy.margin.advanceRatePct;
    if (r.advanceAmount === null) return [{ receivableId: r.id, key: '', severity: 'info', message: `No advance recorded yet (the policy allows up to ${rate} % of face).`, evidence: [fieldEvidence(r.invoice, 'total_amount', 'Face value')] }];
    const max = (face * rate) / 100;
    if (r.advanceAmount <= max + 0.005) return NONE;
    const evidence = [fieldEvidence(r.invoice, 'total_amount', 'Face value')];
    const currency = currencyOf(r);
    return [{ receivableId: r.id, key: '', message: `Advance ${fmtMoney(r.advanceAmount, currency)} is ${fmtPct((r.advanceAmount / face) * 100)} of the face ${fmtMoney(face, currency)}, above the ${rate} % advance rate (max ${fmtMoney(max, currency)}).`, evidence }];
  },
};

export const initialMargin: ReceivableRule = {
  id: 'margin.initial_margin',
  title: 'Initial margin at least the minimum',
  category: 'margin',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const min = ctx.policy.margin.minInitialMarginPct;
    if (r.initialMarginPct !== null && r.initialMarginPct >= min) return NONE;
    const evidence = [fieldEvidence(r.invoice, 'total_amount', 'Face value')];
    if (r.initialMarginPct === null) return [{ receivableId: r.id, key: '', severity: 'info', message: `The originator's initial margin is not recorded yet (the policy asks for at least ${min} %).`, evidence }];
    return [{ receivableId: r.id, key: '', message: `Initial margin ${fmtPct(r.initialMarginPct)} is below the policy minimum of ${fmtPct(min)}.`, evidence }];
  },
};

export const MARGIN_RULES = [advanceRate, initialMargin] as const;
