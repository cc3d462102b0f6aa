import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/backend/crypto/hash';
import { latestVersion } from '../../src/backend/db/database';
import { MIGRATIONS } from '../../src/backend/db/migrations';
import { blobPath, putBlob, readBlob } from '../../src/backend/store/blob-store';
import { defaultWorkspaceDir, initWorkspace, openWorkspace, workspaceInfo } from '../../src/backend/workspace';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

describe('workspace', () => {
  it('creates quayside.db with WAL, synchronous=FULL and foreign keys, and records its creation', () => {
    const dir = join(tempDir(), 'ws');
    const ws = initWorkspace(dir, { clock: fakeClock(), ids: sequentialIds(), appVersion: '9.9.9' });
    if (!ws.ok) throw new Error(ws.error.message);
    const { db } = ws.value;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(workspaceInfo(ws.value)).toMatchObject({
      path: dir,
      // A new workspace is at the app's latest schema, whatever number that has reached.
      schemaVersion: latestVersion(MIGRATIONS),
      appSchemaVersion: latestVersion(MIGRATIONS),
      createdAt: '2026-03-01T09:00:00.000Z',
      workspaceId: 'ws_1',
      profiles: 0,
      auditEntries: 1,
    });
    expect(existsSync(join(dir, 'blobs'))).toBe(true);
    ws.value.close();
  });

  it.each([
    [
      'an existing workspace',
      (dir: string) => {
        const made = initWorkspace(dir);
        if (made.ok) made.value.close();
      },
      /already a Quayside workspace/,
    ],
    ['a folder with files', (dir: string) => { mkdirSync(dir); writeFileSync(join(dir, 'notes.txt'), 'x'); }, /not empty/],
    ['a file', (dir: string) => writeFileSync(dir, 'x'), /is a file/],
  ])('init refuses %s', (_what, prepare, message) => {
    const dir = join(tempDir(), 'target');
    prepare(dir);
    const again = initWorkspace(dir);
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('WORKSPACE.NOT_EMPTY');
      expect(again.error.message).toMatch(message);
    }
  });

  it('open says how to create a workspace when there is none', () => {
    const result = openWorkspace(join(tempDir(), 'missing'));
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'WORKSPACE.NOT_FOUND', message: expect.stringContaining('quayside workspace init') });
  });

  it('says when a workspace cannot be created there (the path is a file)', () => {
    const file = join(tempDir(), 'plain-file');
    writeFileSync(file, 'x');
    const result = openWorkspace(file, { create: true });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'WORKSPACE.UNUSABLE', message: expect.stringContaining('Choose a folder') });
  });

  it('open refuses a file that is not a database, without touching it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'quayside.db'), 'this is not sqlite, just text that happens to be long enough'.repeat(20));
    const before = readFileSync(join(dir, 'quayside.db'));
    const result = openWorkspace(dir);
    expect(result.ok ? undefined : result.error.code).toBe('WORKSPACE.CORRUPT');
    expect(readFileSync(join(dir, 'quayside.db'))).toEqual(before);
  });

  it('puts the default workspace in the OS app-data folder unless told otherwise', () => {
    expect(defaultWorkspaceDir({ HOME: '/home/a', XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/Quayside/workspace');
    expect(defaultWorkspaceDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Quayside');
    expect(defaultWorkspaceDir({}, 'darwin')).toMatch(/Library\/Application Support\/Quayside\/workspace$/);
    expect(defaultWorkspaceDir({ QUAYSIDE_WORKSPACE: '/x/y' }, 'linux')).toBe('/x/y');
  });
});

describe('blob store', () => {
  it('stores bytes under blobs/ab/cdef… by SHA-256, once', () => {
    const root = tempDir();
    const bytes = Buffer.from('%PDF-1.7 invoice INV-2026-0042');
    const first = putBlob(root, bytes);
    expect(first).toEqual({ sha256: sha256Hex(bytes), size: bytes.length, existed: false, repaired: false });
    expect(blobPath(root, first.sha256)).toBe(join(root, first.sha256.slice(0, 2), first.sha256.slice(2)));
    expect(readFileSync(blobPath(root, first.sha256))).toEqual(bytes);
    expect(putBlob(root, bytes).existed).toBe(true);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    expect(readBlob(root, first.sha256)).toEqual({ ok: true, value: bytes });
  });

  it('notices a blob altered or removed on disk', () => {
    const root = tempDir();
    const { sha256 } = putBlob(root, Buffer.from('original bytes'));
    writeFileSync(blobPath(root, sha256), 'altered bytes');
    expect(readBlob(root, sha256)).toMatchObject({ ok: false, error: { code: 'WORKSPACE.CORRUPT', message: expect.stringContaining('altered') } });
    expect(readBlob(root, 'f'.repeat(64))).toMatchObject({ ok: false, error: { message: expect.stringContaining('missing') } });
    expect(readBlob(root, '../../etc/passwd')).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });

  it('sweeps temp files left by a crash when the workspace opens', () => {
    const dir = tempDir();
    const ws = initWorkspace(dir);
    if (!ws.ok) throw new Error(ws.error.message);
    ws.value.close();
    mkdirSync(join(dir, 'blobs', 'tmp'), { recursive: true });
    writeFileSync(join(dir, 'blobs', 'tmp', 'half-written'), 'partial');
    // A name that says no owner is swept once it is old (see workspace-lock.test.ts for live owners).
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(dir, 'blobs', 'tmp', 'half-written'), twoHoursAgo, twoHoursAgo);
    const reopened = openWorkspace(dir);
    expect(reopened.ok).toBe(true);
    expect(existsSync(join(dir, 'blobs', 'tmp', 'half-written'))).toBe(false);
    if (reopened.ok) reopened.value.close();
  });
});

describe('app version', () => {
  it('matches package.json, and new workspaces record it', async () => {
    const { APP_VERSION } = await import('../../src/backend/version');
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
    const ws = initWorkspace(join(tempDir(), 'ws'));
    if (!ws.ok) throw new Error(ws.error.message);
    expect(ws.value.db.prepare("SELECT value FROM meta WHERE key = 'created_by_app'").pluck().get()).toBe(pkg.version);
    ws.value.close();
  });
});
