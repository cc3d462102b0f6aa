import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { WorkspaceInfo } from '../shared/model';
import { err, ok } from '../shared/result';
import type { Result } from '../shared/result';
import { appendAudit } from './audit/audit-log';
import { latestVersion, migrate, openDatabase } from './db/database';
import type { Database } from './db/database';
import { MIGRATIONS } from './db/migrations';
import { sweepTemp } from './store/blob-store';
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
  readonly close: () => void;
};

export type OpenOptions = {
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** Create the folder and database when missing (the app's default workspace does this). */
  readonly create?: boolean;
  readonly appVersion?: string;
};

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

/** Opens (and migrates) a workspace; refuses one written by a newer app. */
export function openWorkspace(dir: string, options: OpenOptions = {}): Result<Workspace> {
  const target = resolve(dir);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  if (!isWorkspace(target)) {
    if (!options.create) {
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
  const opened = openDatabase(join(target, DB_FILE));
  if (!opened.ok) return opened;
  const db = opened.value;
  const migrated = migrate(db, MIGRATIONS);
  if (!migrated.ok) {
    db.close();
    return migrated;
  }
  const blobsDir = join(target, BLOBS_DIR);
  mkdirSync(blobsDir, { recursive: true });
  sweepTemp(blobsDir);
  ensureIdentity(db, clock, ids, options.appVersion ?? APP_VERSION);
  return ok({ dir: target, db, blobsDir, clock, ids, close: () => db.close() });
}

// Identity and the first audit entry commit together; a crash before that commit leaves a schema
// without identity, which the next open completes.
function ensureIdentity(db: Database, clock: Clock, ids: IdSource, appVersion: string): void {
  db.transaction(() => {
    const existing = db.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get();
    if (existing) return;
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
