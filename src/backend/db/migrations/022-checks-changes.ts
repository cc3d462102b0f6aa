import { RECEIVABLE_INPUT_CHANGED } from './014-checks-epoch';
import type { Migration } from './types';

/** Names of the triggers that record changed inputs; a run trusts `checks_changes` only while all exist. */
export const CHECKS_CHANGES_TRIGGERS = [
  'checks_changes_field_added',
  'checks_changes_field_changed',
  'checks_changes_field_removed',
  'checks_changes_document_added',
  'checks_changes_document_changed',
  'checks_changes_document_removed',
  'checks_changes_receivable_added',
  'checks_changes_receivable_removed',
  'checks_changes_receivable_changed',
  'checks_changes_link_added',
  'checks_changes_link_changed',
  'checks_changes_link_removed',
  'checks_changes_waiver_added',
  'checks_changes_waiver_changed',
  'checks_changes_waiver_removed',
] as const;

/**
 * Which inputs of a check run changed, not only that one did. `checks_changes` records, beside every
 * move of `checks_epoch` (migration 014, the same triggers' conditions), the document or receivable
 * that moved it, with the epoch at that moment: one row per id, so its size is bounded by the
 * workspace's, however many edits come between two runs. A run re-evaluates the receivables those
 * rows name and the groups they were or are in, instead of gathering and evaluating 100k receivables
 * again, and then forgets the rows older than the epoch it read before gathering.
 *
 * `document_fields_bl_number` covers every document's B/L number (its extracted value and any
 * correction), which linking around a changed number reads for all documents: 0.13 s at 100k
 * documents of a kind instead of 0.6 s reading each document's stored field.
 *
 * `check_keys` keeps each checked receivable's group keys as the last evaluation that wrote it found
 * them (one row per keying and key): a run that starts with no engine state in memory finds a changed
 * receivable's former groups, and every member of its present ones, here.
 */
export const migration022: Migration = {
  version: 22,
  name: 'checks-changes',
  up: (db) => {
    const record = (kind: 'document' | 'receivable', id: string): string =>
      // An upsert, not INSERT OR REPLACE: a trigger's conflict clause gives way to the outer statement's.
      `INSERT INTO checks_changes (id, kind, epoch) VALUES (${id}, '${kind}', (SELECT n FROM checks_epoch)) ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch;`;
    db.exec(`
      CREATE TABLE checks_changes (
        id    TEXT PRIMARY KEY,
        kind  TEXT NOT NULL CHECK (kind IN ('document', 'receivable')),
        epoch INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX checks_changes_epoch ON checks_changes (epoch);
      CREATE TABLE check_keys (
        keying        INTEGER NOT NULL,
        key           TEXT NOT NULL,
        receivable_id TEXT NOT NULL,
        PRIMARY KEY (keying, key, receivable_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX check_keys_receivable ON check_keys (receivable_id);
      CREATE INDEX document_fields_bl_number ON document_fields (document_id, extracted ->> '$.value', corrected) WHERE name = 'bl_number';
      CREATE TRIGGER checks_changes_field_added AFTER INSERT ON document_fields BEGIN ${record('document', 'NEW.document_id')} END;
      CREATE TRIGGER checks_changes_field_changed AFTER UPDATE ON document_fields BEGIN ${record('document', 'NEW.document_id')} END;
      CREATE TRIGGER checks_changes_field_removed AFTER DELETE ON document_fields BEGIN ${record('document', 'OLD.document_id')} END;
      CREATE TRIGGER checks_changes_document_added AFTER INSERT ON documents BEGIN ${record('document', 'NEW.id')} END;
      CREATE TRIGGER checks_changes_document_changed AFTER UPDATE OF status, kind, sha256, file_name, kind_overridden ON documents BEGIN ${record('document', 'NEW.id')} END;
      CREATE TRIGGER checks_changes_document_removed AFTER DELETE ON documents BEGIN ${record('document', 'OLD.id')} END;
      CREATE TRIGGER checks_changes_receivable_added AFTER INSERT ON receivables BEGIN ${record('receivable', 'NEW.id')} END;
      CREATE TRIGGER checks_changes_receivable_removed AFTER DELETE ON receivables BEGIN ${record('receivable', 'OLD.id')} END;
      CREATE TRIGGER checks_changes_receivable_changed AFTER UPDATE OF status, invoice_document_id, advance_minor, initial_margin_pct, funding_date ON receivables
        WHEN ${RECEIVABLE_INPUT_CHANGED}
        BEGIN ${record('receivable', 'NEW.id')} END;
      CREATE TRIGGER checks_changes_link_added AFTER INSERT ON receivable_documents BEGIN ${record('receivable', 'NEW.receivable_id')} END;
      CREATE TRIGGER checks_changes_link_changed AFTER UPDATE ON receivable_documents BEGIN ${record('receivable', 'NEW.receivable_id')} ${record('receivable', 'OLD.receivable_id')} END;
      CREATE TRIGGER checks_changes_link_removed AFTER DELETE ON receivable_documents BEGIN ${record('receivable', 'OLD.receivable_id')} END;
      CREATE TRIGGER checks_changes_waiver_added AFTER INSERT ON waivers BEGIN ${record('receivable', 'NEW.receivable_id')} END;
      CREATE TRIGGER checks_changes_waiver_changed AFTER UPDATE ON waivers BEGIN ${record('receivable', 'NEW.receivable_id')} END;
      CREATE TRIGGER checks_changes_waiver_removed AFTER DELETE ON waivers BEGIN ${record('receivable', 'OLD.receivable_id')} END;
    `);
  },
};
