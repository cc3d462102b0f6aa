import type { Migration } from './types';

/**
 * A check run after opening hashed every invoice's fingerprint again (an HMAC of its normalized
 * parts: about 0.3 s at 100k). Each invoice's facts row now keeps its fingerprint with the id of
 * the key it was made with; the row is built again whenever the invoice's fields change, and a
 * fingerprint made with another key is made again.
 */
export const migration019: Migration = {
  version: 19,
  name: 'facts-fingerprint',
  up: (db) => db.exec('ALTER TABLE document_facts ADD COLUMN fingerprint TEXT'),
};
