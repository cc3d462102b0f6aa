import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../../src/backend/db/database';
import { MIGRATIONS } from '../../src/backend/db/migrations';
import type { Migration } from '../../src/backend/db/migrations';
import { openWorkspace } from '../../src/backend/workspace';
import { tempDir } from './helpers/temp';

const fresh = () => {
  const opened = openDatabase(join(tempDir(), 'q.db'));
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
};

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[]);

describe('migration 001 (initial)', () => {
  it('creates STRICT tables for meta, profiles, audit and blobs, and the append-only triggers', () => {
    const db = fresh();
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toEqual({ ok: true, value: { from: 0, to: 1 } });
    const created = tables(db);
    expect(created.map((t) => t.name)).toEqual(['audit', 'blobs', 'meta', 'profiles']);
    for (const table of created) expect(table.sql).toMatch(/\)\s*STRICT$/);
    const triggers = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['audit_no_delete', 'audit_no_update']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    // STRICT means a wrong type is refused rather than silently stored.
    expect(() => db.prepare("INSERT INTO blobs VALUES (?, 'big', 'x', 'now')").run('a'.repeat(64))).toThrow(/cannot store TEXT/);
  });
});

describe('migration 002 (audit indexes)', () => {
  it('adds the filter indexes and keeps existing rows', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO meta VALUES ('k', 'v')").run();
    expect(migrate(db, MIGRATIONS.slice(0, 2))).toEqual({ ok: true, value: { from: 1, to: 2 } });
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'audit_by_%' ORDER BY name").pluck().all();
    expect(indexes).toEqual(['audit_by_action', 'audit_by_actor', 'audit_by_entity']);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'k'").pluck().get()).toBe('v');
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM audit WHERE action = 'x' ORDER BY seq DESC").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('audit_by_action');
  });
});

describe('migration 003 (documents)', () => {
  it('adds STRICT document tables tied to the blob index, and a working full-text index', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 2));
    expect(migrate(db, MIGRATIONS.slice(0, 3))).toEqual({ ok: true, value: { from: 2, to: 3 } });
    const strict = tables(db).filter((t) => t.name.startsWith('document') && !t.name.startsWith('document_text'));
    expect(strict.map((t) => t.name)).toEqual(['document_fields', 'document_pages', 'documents']);
    for (const table of strict) expect(table.sql).toMatch(/\)\s*STRICT$/);
    // A document must point at a stored blob.
    const insert = "INSERT INTO documents (id, sha256, file_name, media_type, size, status, created_at, created_by, queued_at) VALUES ('d1', ?, 'a.pdf', 'application/pdf', 1, 'queued', 't', 'p', 't')";
    expect(() => db.prepare(insert).run('a'.repeat(64))).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO blobs VALUES (?, 1, 'application/pdf', 't')").run('a'.repeat(64));
    db.prepare(insert).run('a'.repeat(64));
    expect(() => db.prepare("UPDATE documents SET status = 'lost' WHERE id = 'd1'").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO document_text (document_id, page, text) VALUES ('d1', 1, 'Commercial Invoice SPR/EX/2026/0142 Café')").run();
    const hit = db.prepare('SELECT document_id FROM document_text WHERE document_text MATCH ?').pluck().all('"cafe"*');
    expect(hit).toEqual(['d1']);
  });
});

describe('migrate', () => {
  it('is idempotent at the latest version', () => {
    const db = fresh();
    migrate(db, MIGRATIONS);
    expect(migrate(db, MIGRATIONS)).toEqual({ ok: true, value: { from: latestVersion(MIGRATIONS), to: latestVersion(MIGRATIONS) } });
  });

  it('refuses a database written by a newer app, changing nothing', () => {
    const dir = tempDir();
    const ws = openWorkspace(dir, { create: true });
    if (!ws.ok) throw new Error(ws.error.message);
    ws.value.db.pragma('user_version = 99');
    ws.value.close();
    const reopened = openWorkspace(dir);
    expect(reopened.ok).toBe(false);
    if (!reopened.ok) {
      expect(reopened.error.code).toBe('WORKSPACE.TOO_NEW');
      expect(reopened.error.message).toMatch(/newer Quayside \(schema 99; this app knows up to 3\)/);
    }
    const raw = new BetterSqlite3(join(dir, 'quayside.db'));
    expect(raw.pragma('user_version', { simple: true })).toBe(99);
    raw.close();
  });

  it('throws on a gap in the migration list (a bug, caught at start-up)', () => {
    const gap: Migration[] = [MIGRATIONS[0]!, { version: 3, name: 'x', up: () => undefined }];
    expect(() => migrate(fresh(), gap)).toThrow(/gap/);
  });

  it('rolls back a failing step and leaves the version where it was', () => {
    const db = fresh();
    const failing: Migration[] = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'bad', up: (d) => { d.exec('CREATE TABLE t (a INT) STRICT'); d.exec('SELECT nope FROM nowhere'); } }];
    expect(() => migrate(db, failing)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tables(db).map((t) => t.name)).not.toContain('t');
  });
});
