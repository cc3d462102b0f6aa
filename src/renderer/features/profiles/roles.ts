import type { Role } from '../../../shared/model';

/** What each role does in Quayside, in the words of the product brief; shown where roles are chosen. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  field_verifier:
    'Records on-site verifications at factories and warehouses — plant running, observed capacity, inventory counts, photos, signature — often without network.',
  analyst:
    'Ingests invoices and bills of lading, corrects extracted fields, links documents to receivables, runs the checks and builds pools.',
  risk_officer:
    'Owns the policy and thresholds, waives findings with reasons, adds people to the workspace and exports signed pool packages.',
  committee_member:
    'Opens pool packages, verifies they are authentic and untampered, reviews them and votes.',
};
