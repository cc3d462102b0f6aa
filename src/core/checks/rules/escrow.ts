/** Escrow: the invoice instructs payment to the pool's escrow account in its currency. */
import { fieldEvidence } from '../evidence';
import { compactId, contextIndex, currencyOf, textOf } from '../facts';
import type { FindingDraft, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

export const paymentAccount: ReceivableRule = {
  id: 'escrow.payment_account',
  title: 'Payment goes to the escrow account',
  category: 'escrow',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const printed = textOf(r.invoice, 'payment_account');
    const currencies = printed ? contextIndex(ctx).escrow.get(compactId(printed)) : undefined;
    const c = currencyOf(r);
    if (currencies && c !== null && currencies.includes(c)) return NONE;
    const evidence = [fieldEvidence(r.invoice, 'payment_account', 'Payment account')];
    if (!printed) return [{ receivableId: r.id, key: '', message: 'The invoice shows no payment account, so payment to the escrow account is not instructed.', evidence }];
    if (currencies) return [{ receivableId: r.id, key: '', message: `Payment account ${printed} is an escrow account, but not one held in ${c ?? 'the invoice currency'} (it takes ${currencies.join(', ')}).`, evidence }];
    return [{ receivableId: r.id, key: '', message: `Payment account ${printed} is not an escrow account of the pool: the buyer would pay someone else, and the assignment would not be perfected.`, evidence }];
  },
};

export const ESCROW_RULES = [paymentAccount] as const;
