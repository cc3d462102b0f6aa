import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { err, ok } from '../../shared/result';
import type { AppError, Result } from '../../shared/result';
import type { Migration } from './migrations/types';

export type { Database, Statement } from 'better-sqlite3';

/** How long a statement waits for another connection's write before it gives up with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export type OpenDatabaseOptions = {
  /**
   * A read-only connection: no journal-mode change, no writes. WAL lets it read the last committed
   * state next to another process's writer (the workspace lock's read-only mode).
   */
  readonly readOnly?: boolean;
};

/** Opens a SQLite file with the settings committed evidence needs (WAL, fsync on commit, FKs). */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Result<Database> {
  const readOnly = options.readOnly ?? false;
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: readOnly, readonly: readOnly });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    // Touch the schema so that a file that is not a database fails here, not on first use.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return ok(db);
  } catch (error) {
    db?.close();
    const contention = databaseContention(error);
    if (contention) return contention;
    const message = error instanceof Error ? error.message : String(error);
    return err(
      'WORKSPACE.CORRUPT',
      `${file} could not be opened as a Quayside database (${message}). Restore it from a backup or open another workspace.`,
    );
  }
}

const failure = (code: AppError['code'], message: string, details: unknown): { readonly ok: false; readonly error: AppError } => ({
  ok: false,
  error: { code, message, details },
});

/** The SQLite result code of a better-sqlite3 error ('SQLITE_BUSY_SNAPSHOT'…), or undefined. */
export function sqliteCode(error: unknown): string | undefined {
  if (!(error instanceof BetterSqlite3.SqliteError)) return undefined;
  return error.code;
}

/**
 * Another connection's write (SQLITE_BUSY / SQLITE_LOCKED past the busy timeout), or a write on a
 * read-only connection, as an error a person can act on; null for every other error.
 */
export function databaseContention(error: unknown): { readonly ok: false; readonly error: AppError } | null {
  const code = sqliteCode(error);
  if (code === undefined) return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return failure(
      'WORKSPACE.BUSY',
      `Another program holds a write on this workspace's database and did not finish within ${BUSY_TIMEOUT_MS / 1000} s. ` +
        'Nothing was changed. Try again when it is done.',
      { sqlite: code },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return failure(
      'WORKSPACE.READ_ONLY',
      'This workspace is open read-only here (another program is changing it, or its files cannot be written), so this cannot be saved. ' +
        'Nothing was changed. Close the other program, or check the folder can be written, and try again.',
      { sqlite: code },
    );
  }
  return null;
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
