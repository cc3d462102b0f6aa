import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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
export function putBlob(root: string, bytes: Uint8Array): { sha256: string; size: number; existed: boolean } {
  const sha256 = sha256Hex(bytes);
  const target = blobPath(root, sha256);
  if (exists(target)) return { sha256, size: bytes.byteLength, existed: true };
  const dir = join(root, sha256.slice(0, 2));
  const tmpDir = join(root, 'tmp');
  mkdirSync(dir, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `${sha256}.${randomBytes(6).toString('hex')}`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    let offset = 0;
    while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
  fsyncDir(dir);
  return { sha256, size: bytes.byteLength, existed: false };
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

/** Removes temp files a crash left behind; they were never renamed, so nothing refers to them. */
export function sweepTemp(root: string): void {
  rmSync(join(root, 'tmp'), { recursive: true, force: true });
}
