import type { Migration } from './types';

/**
 * Caches the cross-checks keep so that a run does not re-derive what has not changed:
 * - `document_signals`: what the text detectors found in each document (pro-forma titles, B/L
 *   clauses, payment terms…), so a run does not parse every page's words again. A row holds only
 *   for the detector version and document kind it was computed under; anything else is recomputed.
 * - `receivables.summary`: the invoice values and B/L numbers the receivables grid shows (JSON),
 *   refreshed whenever the receivable's documents, links or evaluation change, so listing 100k
 *   receivables does not parse a million stored fields. NULL means "compute it from the fields".
 * - indexes that let the grid count findings and order receivables without scanning and sorting.
 */
export const migration005: Migration = {
  version: 5,
  name: 'check-caches',
  up: (db) => {
    db.exec(`
      CREATE TABLE document_signals (
        document_id TEXT PRIMARY KEY REFERENCES documents (id),
        version     INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        signals     TEXT NOT NULL,
        computed_at TEXT NOT NULL
      ) STRICT;
      ALTER TABLE receivables ADD COLUMN summary TEXT;
      -- The grid counts findings per receivable and severity from the index alone, and lists
      -- receivables newest first without sorting them; the new index also serves every lookup
      -- the single-column one did.
      CREATE INDEX findings_counts ON findings (receivable_id, severity);
      DROP INDEX findings_receivable;
      CREATE INDEX receivables_created ON receivables (created_at, id);
    `);
  },
};
