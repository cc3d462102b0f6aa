/** On-site verification: the supplier was visited and passed recently enough. */
import { dayNumber } from '../dates';
import { fieldEvidence } from '../evidence';
import { contextIndex } from '../facts';
import type { CheckContext, FindingDraft, ReceivableRule, VerificationFacts } from '../types';

const NONE: readonly FindingDraft[] = [];
const NO_VISITS: readonly VerificationFacts[] = [];

// Until verifications are recorded every receivable gets this finding, and its message depends on the
// supplier only: built once per supplier and context.
const missingMessages = new WeakMap<CheckContext, Map<string, { readonly last: string | undefined; readonly message: string }>>();
const missingMessage = (supplierId: string, visits: readonly VerificationFacts[], ctx: CheckContext): string => {
  let bySupplier = missingMessages.get(ctx);
  if (!bySupplier) missingMessages.set(ctx, (bySupplier = new Map()));
  const last = visits[0]?.visitedOn;
  const cached = bySupplier.get(supplierId);
  if (cached && cached.last === last) return cached.message;
  const { maxAgeDays } = ctx.policy.verification;
  const name = ctx.suppliers.get(supplierId)?.legalName ?? supplierId;
  const message = last ? `${name} was last verified on site on ${last}, more than ${maxAgeDays} days ago.` : `${name} has no on-site verification on record (the policy asks for one within ${maxAgeDays} days).`;
  bySupplier.set(supplierId, { last, message });
  return message;
};

export const siteVisit: ReceivableRule = {
  id: 'verification.site_visit',
  title: 'Supplier verified on site',
  category: 'verification',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    if (r.supplierId === null) return NONE;
    const asOf = contextIndex(ctx).asOfDay;
    const { maxAgeDays, missingSeverity } = ctx.policy.verification;
    const visits = ctx.verifications.get(r.supplierId) ?? NO_VISITS;
    for (const visit of visits) {
      const day = dayNumber(visit.visitedOn);
      if (day === null || asOf === null || asOf - day > maxAgeDays) continue;
      // Newest first: the most recent valid visit decides.
      if (visit.outcome !== 'failed') return NONE;
      const name = ctx.suppliers.get(r.supplierId)?.legalName ?? r.supplierId;
      return [{ receivableId: r.id, key: '', message: `${name} failed its on-site verification of ${visit.visitedOn}.`, evidence: [fieldEvidence(r.invoice, 'seller', 'Seller')] }];
    }
    return [{ receivableId: r.id, key: '', severity: missingSeverity, message: missingMessage(r.supplierId, visits, ctx), evidence: [fieldEvidence(r.invoice, 'seller', 'Seller')] }];
  },
};

export const VERIFICATION_RULES = [siteVisit] as const;
