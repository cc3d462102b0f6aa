/** The cross-check rule set, in the order the UI lists it (by category, as in RULE_CATEGORIES). */
import type { RuleInfo } from '../../../shared/checks';
import type { Rule } from '../types';
import { ARITHMETIC_RULES } from './arithmetic';
import { CAPACITY_RULES } from './capacity';
import { CONSISTENCY_RULES } from './consistency';
import { DATA_QUALITY_RULES } from './data-quality';
import { DUPLICATE_RULES } from './duplicate';
import { EINVOICE_RULES } from './e-invoice';
import { ELIGIBILITY_RULES } from './eligibility';
import { ESCROW_RULES } from './escrow';
import { INSURANCE_RULES } from './insurance';
import { MARGIN_RULES } from './margin';
import { PRICE_RULES } from './price';
import { VERIFICATION_RULES } from './verification';

export const RULES: readonly Rule[] = [
  ...CONSISTENCY_RULES,
  ...EINVOICE_RULES,
  ...ARITHMETIC_RULES,
  ...CAPACITY_RULES,
  ...PRICE_RULES,
  ...MARGIN_RULES,
  ...ELIGIBILITY_RULES,
  ...INSURANCE_RULES,
  ...ESCROW_RULES,
  ...DUPLICATE_RULES,
  ...DATA_QUALITY_RULES,
  ...VERIFICATION_RULES,
];

/** Metadata of every rule, for the UI's rule list. */
export function ruleInfo(): RuleInfo[] {
  return RULES.map(({ id, title, category, reference, severity }) => ({ id, title, category, reference, severity }));
}
