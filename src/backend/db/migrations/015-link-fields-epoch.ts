import type { Migration } from './types';

/**
 * The document fields that building and linking receivables reads (the B/L number, and what the
 * linker weighs on each side: containers, parties, goods, dates, quantities, weights, packages).
 * `test/integration/checks-current.test.ts` checks this list against the linker's own, so a field the
 * linker starts to read comes with a migration that adds it here.
 */
export const LINK_FIELDS_015 = [
  'bl_number',
  'container_numbers',
  'seller',
  'buyer',
  'shipper',
  'consignee',
  'notify_party',
  'goods_description',
  'issue_date',
  'shipped_on_board_date',
  'quantity',
  'quantity_unit',
  'net_weight_kg',
  'gross_weight_kg',
  'packages',
] as const;

/**
 * `link_epoch` moved with every field change, so correcting a total or an account made the next run
 * rebuild and relink every receivable (1.5 s at 100k). The field triggers of migration 10 are made
 * again: a field change still drops its document's cached facts, but moves `link_epoch` only when
 * the field is one linking reads. Documents, receivables and links move it as before. (A trigger
 * someone dropped by hand is simply made again: the workspace still opens, and its cache is usable.)
 */
export const migration015: Migration = {
  version: 15,
  name: 'link-fields-epoch',
  up: (db) => db.exec(linkFieldTriggers(LINK_FIELDS_015)),
};

/** The field triggers of the facts cache, moving `link_epoch` only for the fields given. */
export function linkFieldTriggers(linkFields: readonly string[]): string {
  const fields = linkFields.map((f) => `'${f}'`).join(', ');
  return `
      DROP TRIGGER IF EXISTS document_facts_field_added;
      DROP TRIGGER IF EXISTS document_facts_field_changed;
      DROP TRIGGER IF EXISTS document_facts_field_removed;
      CREATE TRIGGER document_facts_field_added AFTER INSERT ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id = NEW.document_id;
        UPDATE link_epoch SET n = n + 1 WHERE NEW.name IN (${fields});
      END;
      CREATE TRIGGER document_facts_field_changed AFTER UPDATE ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id IN (OLD.document_id, NEW.document_id);
        UPDATE link_epoch SET n = n + 1 WHERE OLD.name IN (${fields}) OR NEW.name IN (${fields});
      END;
      CREATE TRIGGER document_facts_field_removed AFTER DELETE ON document_fields BEGIN
        DELETE FROM document_facts WHERE document_id = OLD.document_id;
        UPDATE link_epoch SET n = n + 1 WHERE OLD.name IN (${fields});
      END;
    `;
}
