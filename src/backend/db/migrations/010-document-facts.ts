import type { Migration } from './types';

/** Statuses a check run may still move; linking only looks at receivables in one of them. */
const OPEN = "('draft', 'checked', 'eligible', 'ineligible')";

/**
 * What lets a check run read less and write less:
 * - `document_facts`: each read document's facts as the rules see them, in one compact row (the
 *   fields of its kind with value, confidence and confirmation; their boxes as packed float32; its
 *   text signals and its digest), so a run reads one row per document instead of fifteen field rows
 *   with two JSON texts each. Triggers delete a row whenever anything it was built from changes (a
 *   field row, the text signals, the document's status, kind, file or name); the next gather builds
 *   it again. A migration that rebuilds `documents`, `document_fields` or `document_signals` must
 *   create these triggers again (the check service refuses the cache when one is missing).
 * - `link_epoch`: a counter the same triggers (and those on receivables and their links) move
 *   whenever an input of building and linking receivables changes, so a run skips that step when
 *   nothing it reads changed since it last ran.
 * - `receivables.findings_digest`: a digest of the findings last written for a receivable, so a run
 *   rewrites only receivables whose findings, inputs hash or status changed.
 */
export const migration010: Migration = {
  version: 10,
  name: 'document-facts',
  up: (db) => {
    db.exec(`
      CREATE TABLE document_facts (
        document_id TEXT PRIMARY KEY,
        version     INTEGER NOT NULL,
        fields      TEXT NOT NULL,
        boxes       BLOB NOT NULL,
        signals     TEXT NOT NULL,
        digest      TEXT NOT NULL
      ) STRICT;
      CREATE TABLE link_epoch (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        n  INTEGER NOT NULL
      ) STRICT;
      INSERT INTO link_epoch (id, n) VALUES (1, 0);
      ALTER TABLE receivables ADD COLUMN findings_digest TEXT;

      CREATE TRIGGER document_facts_field_added AFTER INSERT ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id = NEW.document_id;
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER document_facts_field_changed AFTER UPDATE ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id IN (OLD.document_id, NEW.document_id);
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER document_facts_field_removed AFTER DELETE ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id = OLD.document_id;
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER document_facts_signals_added AFTER INSERT ON document_signals BEGIN
        DELETE FROM document_facts WHERE document_id = NEW.document_id;
      END;
      CREATE TRIGGER document_facts_signals_changed AFTER UPDATE ON document_signals BEGIN
        DELETE FROM document_facts WHERE document_id IN (OLD.document_id, NEW.document_id);
      END;
      CREATE TRIGGER document_facts_signals_removed AFTER DELETE ON document_signals BEGIN
        DELETE FROM document_facts WHERE document_id = OLD.document_id;
      END;
      CREATE TRIGGER document_facts_document_added AFTER INSERT ON documents BEGIN
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER document_facts_document_changed AFTER UPDATE OF status, kind, sha256, file_name ON documents BEGIN
        DELETE FROM document_facts WHERE document_id IN (OLD.id, NEW.id);
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER document_facts_document_removed AFTER DELETE ON documents BEGIN
        DELETE FROM document_facts WHERE document_id = OLD.id;
        UPDATE link_epoch SET n = n + 1;
      END;

      CREATE TRIGGER link_epoch_receivable_added AFTER INSERT ON receivables BEGIN
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER link_epoch_receivable_removed AFTER DELETE ON receivables BEGIN
        UPDATE link_epoch SET n = n + 1;
      END;
      -- A check moving a receivable between open statuses changes nothing linking reads.
      CREATE TRIGGER link_epoch_receivable_changed AFTER UPDATE OF status, invoice_document_id ON receivables
        WHEN (OLD.status IN ${OPEN}) IS NOT (NEW.status IN ${OPEN}) OR OLD.invoice_document_id IS NOT NEW.invoice_document_id BEGIN
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER link_epoch_link_added AFTER INSERT ON receivable_documents BEGIN
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER link_epoch_link_changed AFTER UPDATE ON receivable_documents BEGIN
        UPDATE link_epoch SET n = n + 1;
      END;
      CREATE TRIGGER link_epoch_link_removed AFTER DELETE ON receivable_documents BEGIN
        UPDATE link_epoch SET n = n + 1;
      END;
    `);
  },
};

/** The triggers `document_facts` and `link_epoch` rely on; a missing one turns the caches off. */
export const DOCUMENT_FACTS_TRIGGERS: readonly string[] = [
  'document_facts_field_added',
  'document_facts_field_changed',
  'document_facts_field_removed',
  'document_facts_signals_added',
  'document_facts_signals_changed',
  'document_facts_signals_removed',
  'document_facts_document_added',
  'document_facts_document_changed',
  'document_facts_document_removed',
  'link_epoch_receivable_added',
  'link_epoch_receivable_removed',
  'link_epoch_receivable_changed',
  'link_epoch_link_added',
  'link_epoch_link_changed',
  'link_epoch_link_removed',
];
