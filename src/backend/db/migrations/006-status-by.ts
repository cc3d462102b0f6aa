import type { Migration } from './types';

/**
 * Who set a receivable's status by hand. A check moves a receivable between checked, eligible and
 * ineligible on its own; once a person has decided (eligible despite warnings, or ineligible on
 * judgement), a later re-check keeps that decision unless an open failing finding appears.
 */
export const migration006: Migration = {
  version: 6,
  name: 'status-by',
  up: (db) => {
    db.exec('ALTER TABLE receivables ADD COLUMN status_by TEXT');
  },
};
