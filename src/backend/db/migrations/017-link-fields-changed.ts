import { LINK_FIELDS_016 } from './016-link-invoice-number';
import type { Migration } from './types';

/** The one field linking reads on every document: the B/L number an invoice cites or a B/L prints. */
export const LINK_KEY_FIELDS_017 = ['bl_number'] as const;

/**
 * The fields linking weighs only on a document still looking for its partner: a receivable that holds
 * no B/L, a B/L no receivable holds (parties, goods, dates, quantities, containers, invoice numbers).
 */
export const LINK_SCORED_FIELDS_017 = LINK_FIELDS_016.filter((f) => !(LINK_KEY_FIELDS_017 as readonly string[]).includes(f));

/**
 * A corrected quantity, date or party on an invoice whose receivable already holds its B/L made the
 * next run rebuild and relink every receivable (about 1 s at 100k), though linking reads those fields
 * only on documents still unpaired. The field triggers of migration 15 are made again: the B/L number
 * moves `link_epoch` as before; any other field linking reads records its document in
 * `link_fields_changed` (the latest change last, by `seq`), and a run relinks only when one of those
 * documents is unpaired. Documents, receivables and links move `link_epoch` as before.
 */
export const migration017: Migration = {
  version: 17,
  name: 'link-fields-changed',
  up: (db) =>
    db.exec(`
      CREATE TABLE link_fields_changed (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL UNIQUE
      );
      ${linkFieldTriggers(LINK_KEY_FIELDS_017, LINK_SCORED_FIELDS_017)}
    `),
};

/** The field triggers of the facts cache: key fields move `link_epoch`, scored fields record their document. */
export function linkFieldTriggers(keyFields: readonly string[], scoredFields: readonly string[]): string {
  const list = (fields: readonly string[]) => fields.map((f) => `'${f}'`).join(', ');
  const [key, scored] = [list(keyFields), list(scoredFields)];
  // A delete then an insert (never an upsert, whose conflict handling a firing statement may override):
  // the row gets a new `seq`, so a change made while a run links is newer than what that run clears.
  const record = (row: 'NEW' | 'OLD') => `
        DELETE FROM link_fields_changed WHERE document_id = ${row}.document_id AND ${row}.name IN (${scored});
        INSERT INTO link_fields_changed (document_id) SELECT ${row}.document_id WHERE ${row}.name IN (${scored});`;
  return `
      DROP TRIGGER IF EXISTS document_facts_field_added;
      DROP TRIGGER IF EXISTS document_facts_field_changed;
      DROP TRIGGER IF EXISTS document_facts_field_removed;
      CREATE TRIGGER document_facts_field_added AFTER INSERT ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id = NEW.document_id;
        UPDATE link_epoch SET n = n + 1 WHERE NEW.name IN (${key});${record('NEW')}
      END;
      CREATE TRIGGER document_facts_field_changed AFTER UPDATE ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id IN (OLD.document_id, NEW.document_id);
        UPDATE link_epoch SET n = n + 1 WHERE OLD.name IN (${key}) OR NEW.name IN (${key});${record('OLD')}${record('NEW')}
      END;
      CREATE TRIGGER document_facts_field_removed AFTER DELETE ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id = OLD.document_id;
        UPDATE link_epoch SET n = n + 1 WHERE OLD.name IN (${key});${record('OLD')}
      END;
    `;
}
