import type { Migration } from './types';

/**
 * Which fingerprint scheme an imported fingerprint was made with. Scheme 2 reads the invoice number
 * by its digits (as OCR may have misread them), so scheme 1 fingerprints can never match again:
 * they are kept, marked, and no longer consulted until their source sends a new file.
 */
export const migration007: Migration = {
  version: 7,
  name: 'fingerprint-scheme',
  up: (db) => {
    db.exec('ALTER TABLE foreign_fingerprints ADD COLUMN scheme INTEGER NOT NULL DEFAULT 1');
  },
};
