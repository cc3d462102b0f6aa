/** Escrow: the invoice instructs payment to the pool's escrow account in its currency. */
import { isValidIban } from '../../extraction/grammars/identifiers';
import { fieldEvidence } from '../evidence';
import { compactId, contextIndex, currencyOf, textOf } from '../facts';
import type { FindingDraft, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

// Characters OCR takes for one another (both ways): a difference made only of these is a misreading.
const LOOKALIKE: ReadonlySet<string> = new Set(['0O', '0D', '0Q', '1I', '1L', '5S', '8B', '2Z', '6G', '7T'].flatMap((p) => [p, `${p[1]}${p[0]}`]));

type Difference = { readonly at: number; readonly printed: string; readonly escrow: string };

/** Where two account numbers of one length differ (positions counted from 1), or null for other lengths. */
function differences(printed: string, escrow: string): Difference[] | null {
  if (printed.length !== escrow.length) return null;
  const out: Difference[] = [];
  for (let i = 0; i < printed.length; i++) if (printed[i] !== escrow[i]) out.push({ at: i + 1, printed: printed[i]!, escrow: escrow[i]! });
  return out;
}

const describe = (diffs: readonly Difference[]): string => diffs.map((d) => `position ${d.at}: ${d.printed} where the escrow has ${d.escrow}`).join('; ');

export const paymentAccount: ReceivableRule = {
  id: 'escrow.payment_account',
  title: 'Payment goes to the escrow account',
  category: 'escrow',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const printed = textOf(r.invoice, 'payment_account');
    const index = contextIndex(ctx).escrow;
    const compact = printed ? compactId(printed) : null;
    const currencies = compact ? index.get(compact) : undefined;
    const c = currencyOf(r);
    if (currencies && c !== null && currencies.includes(c)) return NONE;
    const evidence = [fieldEvidence(r.invoice, 'payment_account', 'Payment account')];
    if (!printed || !compact) {
      // Not read is not "not printed": a scan loses an account to one smudge, and a person must look.
      return [{ receivableId: r.id, key: '', severity: 'warn', message: 'No payment account was read on the invoice: confirm on the document whether it instructs payment to the escrow account, and enter the account.', evidence }];
    }
    if (currencies && c === null) {
      // The account is ours; whether it takes this invoice's currency waits for the currency.
      return [{ receivableId: r.id, key: '', severity: 'info', message: `Payment account ${printed} is an escrow account (it takes ${currencies.join(', ')}); could not check the currency: the invoice currency was not read.`, evidence: [...evidence, fieldEvidence(r.invoice, 'currency', 'Currency')] }];
    }
    // The currency is evidence too: read unsurely (a '£' in a footer), it makes no fail.
    if (currencies) return [{ receivableId: r.id, key: '', message: `Payment account ${printed} is an escrow account, but not one held in ${c} (it takes ${currencies.join(', ')}).`, evidence: [...evidence, fieldEvidence(r.invoice, 'currency', 'Currency')] }];
    // Close to an escrow account: a misreading, or a look-alike account set up to divert payment.
    for (const escrow of index.keys()) {
      const diffs = differences(compact, escrow);
      if (!diffs || diffs.length === 0 || diffs.length > 4) continue;
      const misread = diffs.every((d) => LOOKALIKE.has(`${d.printed}${d.escrow}`));
      if (misread && !isValidIban(compact)) {
        return [{ receivableId: r.id, key: '', severity: 'warn', message: `Payment account read as ${printed}, which fails the IBAN check and differs from escrow account ${escrow} only by characters OCR confuses (${describe(diffs)}): confirm the account on the document.`, evidence }];
      }
      return [{ receivableId: r.id, key: '', message: `Payment account ${printed} looks like escrow account ${escrow} but is a different${isValidIban(compact) ? ', valid' : ''} account (${describe(diffs)}): a look-alike account would divert the buyer's payment.`, evidence }];
    }
    // Part of an escrow account read ('68469386735896106615991' of 'PL90 6846 … 9914'): a scan lost
    // its ends, and a person must look before calling it another account.
    if (compact.length >= 10 && !isValidIban(compact)) {
      for (const escrow of index.keys()) {
        if (escrow.length > compact.length && escrow.includes(compact)) {
          return [{ receivableId: r.id, key: '', severity: 'warn', message: `Payment account read as ${printed}, which is only part of escrow account ${escrow} (the rest was not read): confirm the account on the document.`, evidence }];
        }
      }
    }
    return [{ receivableId: r.id, key: '', message: `Payment account ${printed} is not an escrow account of the pool: the buyer would pay someone else, and the assignment would not be perfected.`, evidence }];
  },
};

export const ESCROW_RULES = [paymentAccount] as const;
