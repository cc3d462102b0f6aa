import { LINK_KEY_FIELDS_017, LINK_SCORED_FIELDS_017 } from './017-link-fields-changed';
import type { Migration } from './types';

/**
 * A corrected B/L number moved `link_epoch`, so the next run rebuilt and relinked every receivable
 * (about 1 s at 100k) for one document. The field triggers are made again: a change of the B/L
 * number records its document in `link_keys_changed` (the latest change last, by `seq`), and a run
 * relinks around those documents only — the receivable of a changed invoice, the receivables citing
 * a changed B/L's number, and the documents still unpaired. The other fields linking reads record
 * their document in `link_fields_changed` as since migration 17; documents, receivables and links
 * move `link_epoch` as before.
 */
export const migration018: Migration = {
  version: 18,
  name: 'link-keys-changed',
  up: (db) =>
    db.exec(`
      CREATE TABLE link_keys_changed (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL UNIQUE
      );
      ${recordingFieldTriggers({ link_keys_changed: LINK_KEY_FIELDS_017, link_fields_changed: LINK_SCORED_FIELDS_017 })}
    `),
};

/**
 * The field triggers of the facts cache: a field change drops its document's cached facts and, for a
 * field linking reads, records its document in the table given for that field.
 */
export function recordingFieldTriggers(tables: Readonly<Record<string, readonly string[]>>): string {
  // A delete then an insert (never an upsert, whose conflict handling a firing statement may override):
  // the row gets a new `seq`, so a change made while a run links is newer than what that run clears.
  const record = (row: 'NEW' | 'OLD') =>
    Object.entries(tables)
      .map(([table, fields]) => {
        const names = fields.map((f) => `'${f}'`).join(', ');
        return `
        DELETE FROM ${table} WHERE document_id = ${row}.document_id AND ${row}.name IN (${names});
        INSERT INTO ${table} (document_id) SELECT ${row}.document_id WHERE ${row}.name IN (${names});`;
      })
      .join('');
  return `
      DROP TRIGGER IF EXISTS document_facts_field_added;
      DROP TRIGGER IF EXISTS document_facts_field_changed;
      DROP TRIGGER IF EXISTS document_facts_field_removed;
      CREATE TRIGGER document_facts_field_added AFTER INSERT ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id = NEW.document_id;${record('NEW')}
      END;
      CREATE TRIGGER document_facts_field_changed AFTER UPDATE ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id IN (OLD.document_id, NEW.document_id);${record('OLD')}${record('NEW')}
      END;
      CREATE TRIGGER document_facts_field_removed AFTER DELETE ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id = OLD.document_id;${record('OLD')}
      END;
    `;
}
