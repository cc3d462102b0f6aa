import type { Migration } from './types';

/**
 * Which key signed each audit entry: a person's profile key (its fingerprint) when a signed-in person
 * acted, the workspace's system key otherwise. Entries signed before this step (schema 11–12) carry
 * no key id; they were all signed by the system key, and `audit verify` reads them so.
 */
export const migration013: Migration = {
  version: 13,
  name: 'audit-key-ids',
  up: (db) => {
    db.exec('ALTER TABLE audit ADD COLUMN key_id TEXT');
  },
};
