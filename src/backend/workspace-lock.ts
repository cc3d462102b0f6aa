import { closeSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { err, ok } from '../shared/result';
import type { Result } from '../shared/result';

// One writer per workspace. The writer holds `quayside.lock`, a small JSON file naming it. The lock
// is per process: threads of the holding process (the check worker, intake workers) share it, and a
// second open in the same process counts up instead of failing. Readers never take it: they use a
// read-only SQLite connection, which WAL lets run next to the writer.

export const LOCK_FILE = 'quayside.lock';
const TAKEOVER_FILE = `${LOCK_FILE}.takeover`;

/** Who holds (or held) a workspace's lock, as written in its lock file. */
export type LockHolder = {
  readonly pid: number;
  readonly host: string;
  readonly user: string;
  /** 'Quayside CLI', 'Quayside app', 'Quayside test host'… */
  readonly app: string;
  /** The command or window that opened the workspace. */
  readonly command: string;
  /** When the lock was taken (ISO). */
  readonly since: string;
  /** Random, so one taking of the lock is told apart from another by the same pid. */
  readonly token: string;
};

/** The holder's process, as far as this process can tell. */
export type HolderState = 'this-process' | 'alive' | 'gone' | 'other-host';

export type LockOwner = { readonly app: string; readonly command: string };

export type WorkspaceLock = {
  readonly holder: LockHolder;
  /** The stale holder this open took the lock from (to be audited), or null. */
  readonly takenOver: LockHolder | null;
  /** Gives the lock back; the last release in this process removes the file. Idempotent. */
  readonly release: () => void;
};

export type AcquireOptions = {
  /** Take over a lock held by another computer (its process cannot be checked from here). */
  readonly breakLock?: boolean;
  readonly now?: () => Date;
};

const HOST = hostname();
// Anything the lock file says was taken before this process started cannot be this process's.
const PROCESS_STARTED_MS = Date.now() - process.uptime() * 1000;
// A lock or takeover file with no readable content is being written (create, then write) — unless it
// has been like that for this long, which only a crash between the two steps leaves behind.
const UNREADABLE_GRACE_MS = 10_000;

const currentUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

/** Whether a process with this pid runs on this computer (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the holder is this process, another live one here, gone, or on another computer. */
export function holderState(holder: Pick<LockHolder, 'pid' | 'host' | 'since'>): HolderState {
  if (holder.host !== HOST) return 'other-host';
  if (holder.pid === process.pid) {
    // Same pid but taken before this process started: an earlier process whose pid was reused.
    return Date.parse(holder.since) < PROCESS_STARTED_MS - 1000 ? 'gone' : 'this-process';
  }
  return processAlive(holder.pid) ? 'alive' : 'gone';
}

/** "the Quayside CLI (ingest) of ana, pid 4242 on host dd-01, since 2026-03-28T10:00:00.000Z" */
export function describeHolder(holder: LockHolder): string {
  return `the ${holder.app} (${holder.command}) of ${holder.user}, pid ${holder.pid} on host ${holder.host}, since ${holder.since}`;
}

const isHolder = (value: unknown): value is LockHolder => {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.pid === 'number' &&
    typeof v.host === 'string' &&
    typeof v.since === 'string' &&
    typeof v.token === 'string' &&
    typeof v.app === 'string' &&
    typeof v.command === 'string' &&
    typeof v.user === 'string'
  );
};

type LockFileState = { readonly kind: 'missing' } | { readonly kind: 'held'; readonly holder: LockHolder } | { readonly kind: 'unreadable'; readonly ageMs: number };

function readLockFile(path: string): LockFileState {
  let text: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(path).mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isHolder(parsed)) return { kind: 'held', holder: parsed };
  } catch {
    // Falls through: an empty or torn file.
  }
  return { kind: 'unreadable', ageMs };
}

/** The current holder of the workspace's lock, if a readable lock file exists. */
export function readWorkspaceLock(dir: string): LockHolder | null {
  const state = readLockFile(join(dir, LOCK_FILE));
  return state.kind === 'held' ? state.holder : null;
}

/**
 * Creates `path` holding `content` only if it does not exist, in one step: the content is written
 * to a private file first and hard-linked into place, so nobody ever reads a half-written lock.
 * Where hard links are not supported, falls back to O_EXCL create-then-write. False when it exists.
 */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeWhole(tmp, content, 'wx');
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  } finally {
    unlinkQuietly(tmp);
  }
  try {
    writeWhole(path, content, 'wx');
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Replaces `path` with `content` atomically: written to a private file, then renamed over it. */
function replaceWhole(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeWhole(tmp, content, 'wx');
  try {
    renameSync(tmp, path);
  } catch (error) {
    unlinkQuietly(tmp);
    throw error;
  }
}

function writeWhole(path: string, content: string, flags: string): void {
  const fd = openSync(path, flags, 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const unlinkQuietly = (path: string): void => {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
};

// Locks this process holds, by workspace folder: a second open counts up, the last close removes.
const held = new Map<string, { holder: LockHolder; count: number }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A normal exit (even without close) gives the locks back; a kill leaves a stale lock that the next
  // opener takes over, because this pid is gone then.
  process.on('exit', () => {
    for (const [dir, entry] of held) removeIfOurs(join(dir, LOCK_FILE), entry.holder);
    held.clear();
  });
}

/** Removes a lock (or takeover) file only while it still carries `holder`'s token. */
function removeIfOurs(path: string, holder: LockHolder): void {
  try {
    const state = readLockFile(path);
    if (state.kind === 'held' && state.holder.token === holder.token) unlinkSync(path);
  } catch {
    // The folder went away or became unreadable: nothing left to give back.
  }
}

function inUse(dir: string, holder: LockHolder, state: HolderState): Result<never> {
  const what = describeHolder(holder);
  const next =
    state === 'other-host'
      ? `Close Quayside on ${holder.host}. If that computer no longer uses this workspace, run the command again with --break-lock to take the lock over (audited).`
      : 'Wait for it to finish or close it, then try again. Reading (verify, list, show) works meanwhile.';
  return err('WORKSPACE.IN_USE', `The workspace ${dir} is in use by ${what}. Only one program can change a workspace at a time. ${next}`, {
    holder,
    state,
  });
}

function newHolder(owner: LockOwner, now: () => Date): LockHolder {
  return {
    pid: process.pid,
    host: HOST,
    user: currentUser(),
    app: owner.app,
    command: owner.command.slice(0, 200),
    since: now().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
}

function shared(dir: string, holder: LockHolder, takenOver: LockHolder | null): WorkspaceLock {
  let released = false;
  return {
    holder,
    takenOver,
    release: () => {
      if (released) return;
      released = true;
      const entry = held.get(dir);
      if (!entry || entry.holder.token !== holder.token) return;
      entry.count -= 1;
      if (entry.count > 0) return;
      held.delete(dir);
      removeIfOurs(join(dir, LOCK_FILE), holder);
    },
  };
}

function owned(dir: string, holder: LockHolder, takenOver: LockHolder | null): WorkspaceLock {
  installExitHook();
  sweepLockTemps(dir);
  held.set(dir, { holder, count: 1 });
  return shared(dir, holder, takenOver);
}

// `quayside.lock.<pid>.<random>.tmp`: the private file a lock is written to before it is linked in.
const LOCK_TEMP = /^quayside\.lock(?:\.takeover)?\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Removes the private lock files a process killed between writing and linking them left behind. */
function sweepLockTemps(dir: string): void {
  for (const name of readdirSync(dir)) {
    const match = LOCK_TEMP.exec(name);
    if (match && Number(match[1]) !== process.pid && !processAlive(Number(match[1]))) unlinkQuietly(join(dir, name));
  }
}

/**
 * Takes the workspace's lock for this process, or says who holds it (`WORKSPACE.IN_USE`). A lock
 * whose process is gone (same computer), or any lock with `breakLock` when it is held by another
 * computer, is taken over; `takenOver` names the old holder so the caller can audit it.
 */
export function acquireWorkspaceLock(dir: string, owner: LockOwner, options: AcquireOptions = {}): Result<WorkspaceLock> {
  try {
    return acquire(dir, owner, options);
  } catch (error) {
    // A folder that cannot be written (read-only media, permissions): a condition, not a bug.
    const reason = error instanceof Error ? error.message : String(error);
    return err(
      'WORKSPACE.UNUSABLE',
      `Quayside cannot write its lock file in ${dir} (${reason}), so it cannot change this workspace. Check that the folder can be written; reading it still works.`,
    );
  }
}

function acquire(dir: string, owner: LockOwner, options: AcquireOptions): Result<WorkspaceLock> {
  const now = options.now ?? (() => new Date());
  const mine = held.get(dir);
  if (mine) {
    mine.count += 1;
    return ok(shared(dir, mine.holder, null));
  }
  const path = join(dir, LOCK_FILE);
  // More than one round: a lock can disappear (its holder closed) between failing to create and reading it.
  for (let round = 0; round < 3; round += 1) {
    const holder = newHolder(owner, now);
    if (createExclusive(path, JSON.stringify(holder))) return ok(owned(dir, holder, null));
    const state = readLockFile(path);
    if (state.kind === 'missing') continue;
    if (state.kind === 'unreadable') {
      if (state.ageMs < UNREADABLE_GRACE_MS) return inUse(dir, unknownHolder(now), 'alive');
      const taken = takeOver(dir, null, holder);
      if (taken === 'retry') continue;
      return taken;
    }
    const current = state.holder;
    const status = holderState(current);
    if (status === 'this-process') {
      // Another thread (a worker) or module instance of this process holds it: the lock is per process.
      return ok({ holder: current, takenOver: null, release: () => undefined });
    }
    if (status === 'alive' || (status === 'other-host' && !options.breakLock)) return inUse(dir, current, status);
    const taken = takeOver(dir, current, holder);
    if (taken === 'retry') continue;
    return taken;
  }
  const last = readWorkspaceLock(dir);
  return last ? inUse(dir, last, holderState(last)) : inUse(dir, unknownHolder(now), 'alive');
}

function unknownHolder(now: () => Date): LockHolder {
  return { pid: 0, host: 'unknown', user: 'unknown', app: 'program', command: 'starting', since: now().toISOString(), token: '' };
}

/**
 * Replaces a stale lock with ours. Two processes may find the same stale lock at once; the one that
 * creates the takeover file first re-reads the lock and swaps it only if it is still the stale one,
 * so exactly one of them wins and the other then sees the winner, alive.
 */
function takeOver(dir: string, stale: LockHolder | null, ours: LockHolder): Result<WorkspaceLock> | 'retry' {
  const path = join(dir, LOCK_FILE);
  const mutex = join(dir, TAKEOVER_FILE);
  if (!createExclusive(mutex, JSON.stringify(ours))) {
    const other = readLockFile(mutex);
    const abandoned =
      (other.kind === 'held' && holderState(other.holder) === 'gone') || (other.kind === 'unreadable' && other.ageMs > UNREADABLE_GRACE_MS);
    if (abandoned) {
      // Its taker died between the two steps; nobody is inside, so the file can go.
      unlinkQuietly(mutex);
      return 'retry';
    }
    return inUse(dir, other.kind === 'held' ? other.holder : (stale ?? ours), 'alive');
  }
  try {
    const state = readLockFile(path);
    if (state.kind === 'held' && (stale === null || state.holder.token !== stale.token)) return 'retry';
    if (state.kind === 'unreadable' && stale !== null) return 'retry';
    if (state.kind === 'missing') {
      if (!createExclusive(path, JSON.stringify(ours))) return 'retry';
    } else {
      // Swapped in one step: were the stale lock removed first, another opener could create a fresh lock
      // in between and hold the workspace without the takeover ever being audited.
      replaceWhole(path, JSON.stringify(ours));
    }
    return ok(owned(dir, ours, stale ?? unknownHolder(() => new Date())));
  } finally {
    removeIfOurs(mutex, ours);
  }
}
