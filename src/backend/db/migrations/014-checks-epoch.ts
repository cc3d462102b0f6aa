import type { Migration } from './types';

/** Statuses a check run moves receivables between; a move by a person to or from another one is an input. */
const RUN_STATUSES = "('draft', 'checked', 'eligible', 'ineligible')";

/**
 * When an update of a receivable is an input of a check run: its invoice, advance, margin or funding
 * date, or a person's move of its status out of (or into) the statuses a run gives.
 */
export const RECEIVABLE_INPUT_CHANGED = `OLD.invoice_document_id IS NOT NEW.invoice_document_id
          OR OLD.advance_minor IS NOT NEW.advance_minor
          OR OLD.initial_margin_pct IS NOT NEW.initial_margin_pct
          OR OLD.funding_date IS NOT NEW.funding_date
          OR (OLD.status IS NOT NEW.status AND (OLD.status NOT IN ${RUN_STATUSES} OR NEW.status NOT IN ${RUN_STATUSES}))`;

/** Names of the triggers that move the epoch; the check runner trusts the epoch only while all exist. */
export const CHECKS_EPOCH_TRIGGERS = [
  'checks_epoch_field_added',
  'checks_epoch_field_changed',
  'checks_epoch_field_removed',
  'checks_epoch_document_added',
  'checks_epoch_document_changed',
  'checks_epoch_document_removed',
  'checks_epoch_receivable_added',
  'checks_epoch_receivable_removed',
  'checks_epoch_receivable_changed',
  'checks_epoch_link_added',
  'checks_epoch_link_changed',
  'checks_epoch_link_removed',
  'checks_epoch_waiver_added',
  'checks_epoch_waiver_changed',
  'checks_epoch_waiver_removed',
] as const;

/**
 * `checks_epoch`: a counter that moves whenever an input of a check run changes — a document's
 * fields (corrections included), status, kind, file or name (its text signals are a cache a run
 * derives from its pages, which change only with its fields); a receivable added,
 * removed, relinked, given another advance, margin or funding date, or moved by a person out of (or
 * into) the statuses a run gives; its document links; a waiver. Unlike `link_epoch` it does not move when a run writes its own results (a
 * receivable's status between draft, checked, eligible and ineligible, its findings), so a run that
 * finds the epoch, the policy, the counterparties and the date as the last complete run left them
 * knows the stored results are current. A migration that rebuilds one of these tables must create
 * the triggers again (the runner does not trust the epoch while one is missing).
 */
export const migration014: Migration = {
  version: 14,
  name: 'checks-epoch',
  up: (db) => {
    const bump = 'UPDATE checks_epoch SET n = n + 1;';
    db.exec(`
      CREATE TABLE checks_epoch (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        n  INTEGER NOT NULL
      ) STRICT;
      INSERT INTO checks_epoch (id, n) VALUES (1, 0);
      CREATE TRIGGER checks_epoch_field_added AFTER INSERT ON document_fields BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_field_changed AFTER UPDATE ON document_fields BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_field_removed AFTER DELETE ON document_fields BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_document_added AFTER INSERT ON documents BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_document_changed AFTER UPDATE OF status, kind, sha256, file_name, kind_overridden ON documents BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_document_removed AFTER DELETE ON documents BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_receivable_added AFTER INSERT ON receivables BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_receivable_removed AFTER DELETE ON receivables BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_receivable_changed AFTER UPDATE OF status, invoice_document_id, advance_minor, initial_margin_pct, funding_date ON receivables
        WHEN ${RECEIVABLE_INPUT_CHANGED}
        BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_link_added AFTER INSERT ON receivable_documents BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_link_changed AFTER UPDATE ON receivable_documents BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_link_removed AFTER DELETE ON receivable_documents BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_waiver_added AFTER INSERT ON waivers BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_waiver_changed AFTER UPDATE ON waivers BEGIN ${bump} END;
      CREATE TRIGGER checks_epoch_waiver_removed AFTER DELETE ON waivers BEGIN ${bump} END;
    `);
  },
};
