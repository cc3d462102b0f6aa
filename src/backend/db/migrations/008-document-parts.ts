import type { Migration } from './types';

/**
 * Several documents in one file: a scanner batch of two invoices, an invoice with its B/L behind it.
 * A file's bytes are still stored once; each document it holds is a row naming its pages. The first
 * document of a file keeps `part_of` NULL (and stays unique per file, so the same bytes added twice
 * are still one upload); the others point at it. `page_from`/`page_to` are NULL when the document is
 * the whole file.
 *
 * SQLite cannot drop the UNIQUE constraint on `sha256` in place, so the table is rebuilt the way its
 * documentation prescribes (foreign keys off, copy, swap, foreign_key_check before commit).
 */
export const migration008: Migration = {
  version: 8,
  name: 'document-parts',
  foreignKeysOff: true,
  up: (db) => {
    db.exec(`
      CREATE TABLE documents_new (
        id              TEXT PRIMARY KEY,
        sha256          TEXT NOT NULL REFERENCES blobs (sha256),
        file_name       TEXT NOT NULL,
        media_type      TEXT NOT NULL,
        size            INTEGER NOT NULL CHECK (size >= 0),
        status          TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'extracted', 'reviewed', 'failed', 'cancelled')),
        kind            TEXT CHECK (kind IN ('invoice', 'bill_of_lading', 'other')),
        kind_score      REAL,
        kind_overridden INTEGER NOT NULL DEFAULT 0 CHECK (kind_overridden IN (0, 1)),
        page_count      INTEGER CHECK (page_count >= 0),
        attempts        INTEGER NOT NULL DEFAULT 0,
        error_code      TEXT,
        error_message   TEXT,
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        queued_at       TEXT NOT NULL,
        reviewed_at     TEXT,
        reviewed_by     TEXT,
        part_of         TEXT REFERENCES documents (id),
        page_from       INTEGER CHECK (page_from >= 1),
        page_to         INTEGER CHECK (page_to >= page_from),
        CHECK ((page_from IS NULL) = (page_to IS NULL))
      ) STRICT;
      INSERT INTO documents_new (id, sha256, file_name, media_type, size, status, kind, kind_score, kind_overridden, page_count, attempts,
                                 error_code, error_message, created_at, created_by, queued_at, reviewed_at, reviewed_by)
        SELECT id, sha256, file_name, media_type, size, status, kind, kind_score, kind_overridden, page_count, attempts,
               error_code, error_message, created_at, created_by, queued_at, reviewed_at, reviewed_by
        FROM documents;
      DROP TABLE documents;
      ALTER TABLE documents_new RENAME TO documents;
      CREATE INDEX documents_queue ON documents (status, queued_at);
      CREATE UNIQUE INDEX documents_file ON documents (sha256) WHERE part_of IS NULL;
      CREATE INDEX documents_part_of ON documents (part_of);
    `);
  },
};
