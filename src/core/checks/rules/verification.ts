/** On-site verification: the supplier was visited and passed recently enough. */
import { dayNumber } from '../dates';
import { fieldEvidence } from '../evidence';
import { contextIndex } from '../facts';
import type { FindingDraft, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

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
    const visits = ctx.verifications.get(r.supplierId) ?? [];
    const evidence = [fieldEvidence(r.invoice, 'seller', 'Seller')];
    const name = ctx.suppliers.get(r.supplierId)?.legalName ?? r.supplierId;
    for (const visit of visits) {
      const day = dayNumber(visit.visitedOn);
      if (day === null || asOf === null || asOf - day > maxAgeDays) continue;
      // Newest first: the most recent valid visit decides.
      if (visit.outcome === 'failed') return [{ receivableId: r.id, key: '', message: `${name} failed its on-site verification of ${visit.visitedOn}.`, evidence }];
      return NONE;
    }
    const last = visits[0]?.visitedOn;
    return [{
      receivableId: r.id,
      key: '',
      severity: missingSeverity,
      message: last ? `${name} was last verified on site on ${last}, more than ${maxAgeDays} days ago.` : `${name} has no on-site verification on record (the policy asks for one within ${maxAgeDays} days).`,
      evidence,
    }];
  },
};

export const VERIFICATION_RULES = [siteVisit] as const;
