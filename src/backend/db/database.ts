import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import type { Migration } from './migrations/types';

export type { Database, Statement } from 'better-sqlite3';

/** Opens a SQLite file with the settings committed evidence needs (WAL, fsync on commit, FKs). */
export function openDatabase(file: string): Result<Database> {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: false });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Touch the schema so that a file that is not a database fails here, not on first use.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return ok(db);
  } catch (error) {
    db?.close();
    const message = error instanceof Error ? error.message : String(error);
    return err(
      'WORKSPACE.CORRUPT',
      `${file} could not be opened as a Quayside database (${message}). Restore it from a backup or open another workspace.`,
    );
  }
}

/** The schema version the running app understands. */
export const latestVersion = (migrations: readonly Migration[]): number => migrations.at(-1)?.version ?? 0;

/**
 * Brings the database up to the newest schema, one transaction per step. Refuses a database newer
 * than the app, and throws (a bug) when the migration list itself has a gap.
 */
export function migrate(db: Database, migrations: readonly Migration[]): Result<{ from: number; to: number }> {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration list has a gap: position ${index + 1} holds version ${migration.version}`);
    }
  });
  const from = db.pragma('user_version', { simple: true }) as number;
  const to = latestVersion(migrations);
  if (from > to) {
    return err(
      'WORKSPACE.TOO_NEW',
      `This workspace was written by a newer Quayside (schema ${from}; this app knows up to ${to}). ` +
        'Update Quayside to open it; nothing was changed.',
      { schemaVersion: from, appSchemaVersion: to },
    );
  }
  for (const migration of migrations.slice(from)) {
    const keysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (migration.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (migration.foreignKeysOff) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`Migration ${migration.version} (${migration.name}) would break ${broken.length} references`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (migration.foreignKeysOff && keysWereOn) db.pragma('foreign_keys = ON');
    }
  }
  return ok({ from, to });
}
