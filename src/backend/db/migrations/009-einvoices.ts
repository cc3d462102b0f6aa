import type { Migration } from './types';

/**
 * E-invoices: the EN 16931 XML a document carries — the file itself (UBL, CII) or the XML embedded
 * in a hybrid PDF (Factur-X, ZUGFeRD, XRechnung). The XML is kept as a blob (content-addressed, like
 * every file), so what the fields were read from can be shown and re-read later; the row says what
 * it is and which attachment it came from.
 */
export const migration009: Migration = {
  version: 9,
  name: 'einvoices',
  up: (db) => {
    db.exec(`
      CREATE TABLE document_einvoices (
        document_id   TEXT PRIMARY KEY REFERENCES documents (id),
        syntax        TEXT NOT NULL CHECK (syntax IN ('ubl', 'cii')),
        document_type TEXT NOT NULL CHECK (document_type IN ('invoice', 'credit_note')),
        customization TEXT,
        label         TEXT NOT NULL,
        attachment    TEXT,
        xml_sha256    TEXT NOT NULL REFERENCES blobs (sha256),
        read_at       TEXT NOT NULL
      ) STRICT;
    `);
  },
};
