import type { Database } from 'better-sqlite3';

/** One schema step. `version` is the PRAGMA user_version the database has after `up`. */
export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
};
