import type { Migration } from './types';

/**
 * Each audit entry carries an Ed25519 signature over its hash, made with the workspace's audit key
 * (its private half kept outside the workspace folder; its public half in `meta.audit_key`). Entries
 * written before this step stay unsigned and are counted as such by `audit verify`.
 */
export const migration011: Migration = {
  version: 11,
  name: 'audit-signatures',
  up: (db) => {
    db.exec('ALTER TABLE audit ADD COLUMN signature TEXT');
  },
};
