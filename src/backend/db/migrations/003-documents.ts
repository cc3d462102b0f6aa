import type { Migration } from './types';

/**
 * Documents and intake. A document row is also its job in the intake queue (status `queued` or
 * `processing`); pages are stored as they are read, so a restarted app resumes after the last
 * stored page instead of starting over. Search runs over an FTS5 index of every page's words.
 */
export const migration003: Migration = {
  version: 3,
  name: 'documents',
  up: (db) => {
    db.exec(`
      CREATE TABLE documents (
        id              TEXT PRIMARY KEY,
        sha256          TEXT NOT NULL UNIQUE REFERENCES blobs (sha256),
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
        reviewed_by     TEXT
      ) STRICT;
      CREATE INDEX documents_queue ON documents (status, queued_at);

      CREATE TABLE document_pages (
        document_id TEXT NOT NULL REFERENCES documents (id),
        n           INTEGER NOT NULL CHECK (n >= 1),
        width       REAL NOT NULL,
        height      REAL NOT NULL,
        method      TEXT NOT NULL CHECK (method IN ('text_layer', 'ocr')),
        rotation    INTEGER NOT NULL CHECK (rotation IN (0, 90, 180, 270)),
        confidence  REAL NOT NULL,
        words       TEXT NOT NULL,
        PRIMARY KEY (document_id, n)
      ) STRICT;

      -- extracted: the extractor's ExtractedField (JSON) or NULL; corrected: a person's value with
      -- who/when/previous (JSON) or NULL. The correction wins.
      CREATE TABLE document_fields (
        document_id TEXT NOT NULL REFERENCES documents (id),
        name        TEXT NOT NULL,
        extracted   TEXT,
        corrected   TEXT,
        PRIMARY KEY (document_id, name)
      ) STRICT;

      CREATE VIRTUAL TABLE document_text USING fts5 (
        document_id UNINDEXED,
        page UNINDEXED,
        text,
        tokenize = 'unicode61 remove_diacritics 2'
      );
    `);
  },
};
