import type { Migration } from './types';

/**
 * How many times a document's read was interrupted (the process killed or crashed while it was
 * `processing`). Intake re-queues an interrupted read once; a document interrupted twice is
 * quarantined — `failed` with DOCUMENT.QUARANTINED, never claimed again automatically — so a file
 * that takes the reader down does not do it at every start. A person's retry starts the count again.
 */
export const migration012: Migration = {
  version: 12,
  name: 'document-interruptions',
  up: (db) => {
    db.exec('ALTER TABLE documents ADD COLUMN interruptions INTEGER NOT NULL DEFAULT 0');
  },
};
