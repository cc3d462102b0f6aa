import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../crypto/hash';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';

/** Where a blob lives: `blobs/ab/cdef…` under the workspace. */
export const blobPath = (root: string, sha256: string): string => join(root, sha256.slice(0, 2), sha256.slice(2));

const fsyncDir = (dir: string): void => {
  // Directories cannot be fsync'ed on Windows; there rename is already durable enough via NTFS.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

const exists = (path: string): boolean => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stores bytes by their SHA-256. A write goes to a temp file, is fsync'ed, then renamed into place
 * and the folder fsync'ed, so a crash leaves either the whole blob or none of it.
 */
export function putBlob(root: string, bytes: Uint8Array): { sha256: string; size: number; existed: boolean; repaired: boolean } {
  const sha256 = sha256Hex(bytes);
  const target = blobPath(root, sha256);
  // The same bytes again: the stored copy is kept if it still holds them, else written afresh —
  // re-adding the genuine file is how an altered or lost stored copy is repaired.
  const stored = exists(target);
  if (stored && hashOfFile(target) === sha256) return { sha256, size: bytes.byteLength, existed: true, repaired: false };
  const dir = join(root, sha256.slice(0, 2));
  const tmpDir = join(root, 'tmp');
  mkdirSync(dir, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  const tmp = join(tmpDir, tempName(sha256));
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    let offset = 0;
    while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
    fsyncSync(fd);
  } catch (error) {
    // A full disk (or any failed write) leaves no half-written temp file behind.
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // Already gone.
    }
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, target);
  fsyncDir(dir);
  return { sha256, size: bytes.byteLength, existed: false, repaired: stored };
}

/** The SHA-256 of a stored file, or '' when it cannot be read. */
function hashOfFile(path: string): string {
  try {
    return sha256Hex(readFileSync(path));
  } catch {
    return '';
  }
}

/** Reads a blob and checks that its bytes still hash to its name. */
export function readBlob(root: string, sha256: string): Result<Buffer> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return err('INPUT.INVALID', `${sha256} is not a SHA-256 hex digest.`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(blobPath(root, sha256));
  } catch {
    return err('WORKSPACE.CORRUPT', `The stored file ${sha256.slice(0, 12)}… is missing from the workspace's blob store.`);
  }
  if (sha256Hex(bytes) !== sha256) {
    return err('WORKSPACE.CORRUPT', `The stored file ${sha256.slice(0, 12)}… was altered on disk: its bytes no longer match its hash.`);
  }
  return ok(bytes);
}

// A temp file's name says which process writes it — `<host>~<pid>~<sha prefix>~<random>.tmp` — so
// a sweep can tell a crash's leftover from another live process's write in progress.
const SAFE_HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 64) || 'host';
const PROCESS_STARTED_MS = Date.now() - process.uptime() * 1000;
/** A temp file of another computer (whose process cannot be checked) or of no known owner is stale after this. */
export const FOREIGN_TEMP_STALE_MS = 60 * 60 * 1000;

/** The temp file name a write of `sha256` by process `pid` on this computer uses. */
export const tempName = (sha256: string, pid: number = process.pid): string =>
  `${SAFE_HOST}~${pid}~${sha256.slice(0, 16)}~${randomBytes(6).toString('hex')}.tmp`;

/** The host and pid a temp file's name records, or null for a name in no known form. */
export function tempOwner(name: string): { host: string; pid: number } | null {
  const match = /^([A-Za-z0-9._-]+)~(\d+)~[0-9a-f]{16}~[0-9a-f]{12}\.tmp$/.exec(name);
  return match ? { host: match[1]!, pid: Number(match[2]) } : null;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Why a temp file may go, or null when a live process may still be writing it. */
function staleReason(name: string, mtimeMs: number, now: number): string | null {
  const owner = tempOwner(name);
  const old = now - mtimeMs > FOREIGN_TEMP_STALE_MS;
  if (!owner) return old ? 'no owner, old' : null;
  if (owner.host !== SAFE_HOST) return old ? 'other computer, old' : null;
  // This pid before this process started: an earlier process that had the same pid.
  if (owner.pid === process.pid) return mtimeMs < PROCESS_STARTED_MS - 1000 ? 'earlier process' : null;
  return alive(owner.pid) ? null : 'process gone';
}

/**
 * Removes temp files a crash left behind (they were never renamed, so nothing refers to them):
 * those of processes on this computer that are gone, and those of other computers or unknown
 * owners older than an hour. Another live process's write in progress is left alone. Returns the
 * names removed.
 */
export function sweepTemp(root: string, now: number = Date.now()): string[] {
  const tmpDir = join(root, 'tmp');
  let names: string[];
  try {
    names = readdirSync(tmpDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(tmpDir, name);
    try {
      const stat = statSync(path);
      if (!stat.isFile() || staleReason(name, stat.mtimeMs, now) === null) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // Renamed into place or removed by its writer meanwhile.
    }
  }
  return removed;
}
