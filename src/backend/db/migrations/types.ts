import type { Database } from 'better-sqlite3';

/** One schema step. `version` is the PRAGMA user_version the database has after `up`. */
export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
  /**
   * A step that rebuilds a table other tables point at: foreign keys are switched off around it (they
   * cannot be inside a transaction) and checked with foreign_key_check before it commits.
   */
  readonly foreignKeysOff?: true;
};
