import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { WorkspaceInfo } from '../shared/model';
import { err, ok } from '../shared/result';
import type { Result } from '../shared/result';
import { appendAudit } from './audit/audit-log';
import { attachAuditSigner } from './audit/audit-key';
import { databaseContention, latestVersion, migrate, openDatabase } from './db/database';
import type { Database } from './db/database';
import { MIGRATIONS } from './db/migrations';
import { sweepTemp } from './store/blob-store';
import { acquireWorkspaceLock, describeHolder, readWorkspaceLock } from './workspace-lock';
import type { LockHolder, LockOwner } from './workspace-lock';
import { APP_VERSION } from './version';

export const DB_FILE = 'quayside.db';
export const BLOBS_DIR = 'blobs';

/** Time and identity come from outside, so tests can pin them. */
export type Clock = () => Date;
export type IdSource = (prefix: string) => string;

export const systemClock: Clock = () => new Date();
export const randomIds: IdSource = (prefix) => `${prefix}_${randomUUID().replaceAll('-', '')}`;

export type Workspace = {
  readonly dir: string;
  readonly db: Database;
  readonly blobsDir: string;
  readonly clock: Clock;
  readonly ids: IdSource;
  /**
   * Opened next to another process's writer (or by a read-only command): a read-only SQLite
   * connection, no migration, no sweep; every write fails with WORKSPACE.READ_ONLY. Optional so
   * that a worker's view of the workspace (its own connection) need not say; absent means false.
   */
  readonly readOnly?: boolean;
  /** The lock this process holds on the workspace; null when read-only. */
  readonly lock?: LockHolder | null;
  readonly close: () => void;
};

export type OpenOptions = {
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** Create the folder and database when missing (the app's default workspace does this). */
  readonly create?: boolean;
  readonly appVersion?: string;
  /**
   * 'write' (the default) takes the workspace's lock — one writer per workspace — and refuses with
   * WORKSPACE.IN_USE while another process holds it. 'read' opens a read-only connection and takes
   * no lock, so it works next to a writer (verify, list, show).
   */
  readonly access?: 'write' | 'read';
  /** Who opens, as the lock file names it to a refused second process. */
  readonly owner?: LockOwner;
  /** Take over a lock held by another computer (a lock of a gone process here is taken over anyway). */
  readonly breakLock?: boolean;
};

const DEFAULT_OWNER: LockOwner = { app: 'Quayside', command: 'open' };

/** The OS app-data folder for the default workspace, unless QUAYSIDE_WORKSPACE says otherwise. */
export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.QUAYSIDE_WORKSPACE) return resolve(env.QUAYSIDE_WORKSPACE);
  const home = homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? join(home, '.local', 'share'));
  return join(base, 'Quayside', 'workspace');
}

const isWorkspace = (dir: string): boolean => existsSync(join(dir, DB_FILE));

/** Creates a new workspace in an empty (or missing) folder. */
export function initWorkspace(dir: string, options: Omit<OpenOptions, 'create'> = {}): Result<Workspace> {
  const target = resolve(dir);
  if (isWorkspace(target)) {
    return err('WORKSPACE.NOT_EMPTY', `${target} is already a Quayside workspace. Open it with --workspace ${target}.`);
  }
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) return err('WORKSPACE.NOT_EMPTY', `${target} is a file. Choose a folder.`);
    const entries = readdirSync(target).filter((name) => !name.startsWith('.'));
    if (entries.length > 0) {
      return err('WORKSPACE.NOT_EMPTY', `${target} is not empty. Choose an empty folder or a new folder name.`);
    }
  }
  return openWorkspace(target, { ...options, create: true });
}

/**
 * Opens (and migrates) a workspace; refuses one written by a newer app. A writer takes the
 * workspace's lock first; a reader (`access: 'read'`) opens read-only next to any writer.
 */
export function openWorkspace(dir: string, options: OpenOptions = {}): Result<Workspace> {
  const target = resolve(dir);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  if (!isWorkspace(target)) {
    if (!options.create || options.access === 'read') {
      return err(
        'WORKSPACE.NOT_FOUND',
        `No Quayside workspace at ${target}. Create one with 'quayside workspace init ${target}' or choose another folder.`,
      );
    }
    try {
      mkdirSync(join(target, BLOBS_DIR), { recursive: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err('WORKSPACE.UNUSABLE', `Quayside cannot create a workspace at ${target} (${reason}). Choose a folder you can write to.`);
    }
  }
  if (options.access === 'read' && !options.breakLock) {
    const reader = openReader(target, clock, ids);
    if (reader !== 'needs-writer') return reader;
    // An older schema or a half-created workspace: only a writer may finish it, so try to be one.
    const writer = openWriter(target, clock, ids, options);
    if (writer.ok || writer.error.code !== 'WORKSPACE.IN_USE') return writer;
    return err(
      'WORKSPACE.IN_USE',
      `${writer.error.message} This workspace also needs an upgrade to this Quayside's schema before it can be read, which only the program changing it can make.`,
      writer.error.details,
    );
  }
  return openWriter(target, clock, ids, options);
}

/** The read-only open: no lock, no migration, no sweep, no writes. */
function openReader(target: string, clock: Clock, ids: IdSource): Result<Workspace> | 'needs-writer' {
  const opened = openDatabase(join(target, DB_FILE), { readOnly: true });
  if (!opened.ok) return opened;
  const db = opened.value;
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = latestVersion(MIGRATIONS);
    if (version > latest) {
      db.close();
      return tooNew(version, latest);
    }
    if (version < latest || metaValue(db, 'workspace_id') === '') {
      db.close();
      return 'needs-writer';
    }
  } catch (error) {
    db.close();
    const contention = databaseContention(error);
    if (contention) return contention;
    throw error;
  }
  return ok({ dir: target, db, blobsDir: join(target, BLOBS_DIR), clock, ids, readOnly: true, lock: null, close: () => db.close() });
}

const tooNew = (from: number, to: number): Result<never> =>
  err(
    'WORKSPACE.TOO_NEW',
    `This workspace was written by a newer Quayside (schema ${from}; this app knows up to ${to}). Update Quayside to open it; nothing was changed.`,
    { schemaVersion: from, appSchemaVersion: to },
  );

/** The writing open: takes the lock, migrates, sweeps this process's and stale temp files. */
function openWriter(target: string, clock: Clock, ids: IdSource, options: OpenOptions): Result<Workspace> {
  const locked = acquireWorkspaceLock(target, options.owner ?? DEFAULT_OWNER, { breakLock: options.breakLock ?? false });
  if (!locked.ok) return locked;
  const lock = locked.value;
  const opened = openDatabase(join(target, DB_FILE));
  if (!opened.ok) {
    lock.release();
    return opened;
  }
  const db = opened.value;
  try {
    const migrated = migrate(db, MIGRATIONS);
    if (!migrated.ok) {
      db.close();
      lock.release();
      return migrated;
    }
    const blobsDir = join(target, BLOBS_DIR);
    mkdirSync(blobsDir, { recursive: true });
    sweepTemp(blobsDir);
    // Every entry this connection appends is signed with the workspace's audit key (audit-key.ts).
    attachAuditSigner(db);
    ensureIdentity(db, clock, ids, options.appVersion ?? APP_VERSION);
    if (lock.takenOver) auditTakeover(db, clock, lock.takenOver, lock.holder);
    const close = (): void => {
      db.close();
      lock.release();
    };
    return ok({ dir: target, db, blobsDir, clock, ids, readOnly: false, lock: lock.holder, close });
  } catch (error) {
    db.close();
    lock.release();
    const contention = databaseContention(error);
    if (contention) return contention;
    throw error;
  }
}

const publicHolder = (holder: LockHolder) => ({
  pid: holder.pid,
  host: holder.host,
  user: holder.user,
  app: holder.app,
  command: holder.command,
  since: holder.since,
});

// The takeover is evidence like any other change: who found whose lock stale, and when.
function auditTakeover(db: Database, clock: Clock, previous: LockHolder, by: LockHolder): void {
  db.transaction(() => {
    appendAudit(db, {
      at: clock().toISOString(),
      actor: 'system',
      action: 'workspace.lock_taken_over',
      entity: 'workspace',
      entityId: metaValue(db, 'workspace_id'),
      details: { previous: publicHolder(previous), by: publicHolder(by) },
    });
  }).immediate();
}

/** Who holds the workspace's lock right now, in words, or null when nobody does. */
export function workspaceHolder(dir: string): string | null {
  const holder = readWorkspaceLock(resolve(dir));
  return holder ? describeHolder(holder) : null;
}

// Identity and the first audit entry commit together; a crash before that commit leaves a schema
// without identity, which the next open completes.
function ensureIdentity(db: Database, clock: Clock, ids: IdSource, appVersion: string): void {
  db.transaction(() => {
    const existing = db.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get();
    if (existing) return;
    // Identity is completed only before the first entry (a crash between the two): a trail without
    // an id was altered, and a new identity would paper over it. audit verify names the missing id.
    if (db.prepare('SELECT 1 FROM audit LIMIT 1').get()) return;
    const workspaceId = ids('ws');
    const at = clock().toISOString();
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    insert.run('workspace_id', workspaceId);
    insert.run('created_at', at);
    insert.run('created_by_app', appVersion);
    appendAudit(db, {
      at,
      actor: 'system',
      action: 'workspace.created',
      entity: 'workspace',
      entityId: workspaceId,
      details: { appVersion, schemaVersion: latestVersion(MIGRATIONS) },
    });
  }).immediate();
}

const count = (db: Database, table: 'profiles' | 'audit' | 'blobs'): number =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const metaValue = (db: Database, key: string): string =>
  (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? '';

/** Path, schema and counts of an open workspace. */
export function workspaceInfo(ws: Workspace): WorkspaceInfo {
  return {
    path: ws.dir,
    schemaVersion: ws.db.pragma('user_version', { simple: true }) as number,
    appSchemaVersion: latestVersion(MIGRATIONS),
    createdAt: metaValue(ws.db, 'created_at'),
    workspaceId: metaValue(ws.db, 'workspace_id'),
    profiles: count(ws.db, 'profiles'),
    auditEntries: count(ws.db, 'audit'),
    blobs: count(ws.db, 'blobs'),
  };
}
