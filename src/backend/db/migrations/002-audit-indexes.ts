import type { Migration } from './types';

/** Indexes behind the Audit screen's filters (by action, actor and entity). */
export const migration002: Migration = {
  version: 2,
  name: 'audit-indexes',
  up: (db) => {
    db.exec(`
      CREATE INDEX audit_by_action ON audit (action, seq);
      CREATE INDEX audit_by_actor  ON audit (actor, seq);
      CREATE INDEX audit_by_entity ON audit (entity, entity_id, seq);
    `);
  },
};
