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

const seedDocument = (db: BetterSqlite3.Database, id: string, sha: string) => {
  db.prepare("INSERT INTO blobs VALUES (?, 1, 'application/pdf', 't')").run(sha);
  db.prepare(
    "INSERT INTO documents (id, sha256, file_name, media_type, size, status, kind, created_at, created_by, queued_at) VALUES (?, ?, 'a.pdf', 'application/pdf', 1, 'extracted', 'invoice', 't', 'p', 't')",
  ).run(id, sha);
};

describe('migration 004 (receivables)', () => {
  it('adds STRICT counterparty, receivable, policy, check, finding, waiver and fingerprint tables with their constraints', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 3));
    seedDocument(db, 'd1', 'a'.repeat(64));
    expect(migrate(db, MIGRATIONS.slice(0, 4))).toEqual({ ok: true, value: { from: 3, to: 4 } });
    const added = ['buyers', 'check_runs', 'escrow_accounts', 'findings', 'foreign_fingerprints', 'policies', 'receivable_documents', 'receivables', 'suppliers', 'waivers'];
    const created = tables(db).filter((t) => added.includes(t.name));
    expect(created.map((t) => t.name)).toEqual(added);
    for (const table of created) expect(table.sql).toMatch(/\)\s*STRICT$/);
    // A receivable is one per invoice document, and must point at a stored document.
    const receivable = "INSERT INTO receivables (id, invoice_document_id, created_at, created_by, updated_at) VALUES (?, ?, 't', 'p', 't')";
    expect(() => db.prepare(receivable).run('r0', 'missing')).toThrow(/FOREIGN KEY/);
    db.prepare(receivable).run('r1', 'd1');
    expect(() => db.prepare(receivable).run('r2', 'd1')).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT status FROM receivables WHERE id = 'r1'").pluck().get()).toBe('draft');
    expect(() => db.prepare("UPDATE receivables SET status = 'sold' WHERE id = 'r1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE receivables SET advance_minor = -1 WHERE id = 'r1'").run()).toThrow(/CHECK/);
    // Money is integer minor units: STRICT refuses a float.
    expect(() => db.prepare("UPDATE receivables SET advance_minor = 1.5 WHERE id = 'r1'").run()).toThrow(/cannot store REAL/);
    expect(() =>
      db.prepare("INSERT INTO receivable_documents VALUES ('r1', 'd1', 'guess', 0, 't', 'p')").run(),
    ).toThrow(/CHECK/);
    db.prepare("INSERT INTO receivable_documents VALUES ('r1', 'd1', 'manual', 1, 't', 'p')").run();
    expect(() => db.prepare("INSERT INTO buyers (id, legal_name, country, pd, created_at, updated_at) VALUES ('b1', 'X', 'DE', 1.5, 't', 't')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO suppliers (id, legal_name, country, created_at, updated_at) VALUES ('s1', 'Acme Ltd', 'VN', 't', 't')").run();
    expect(() => db.prepare("INSERT INTO suppliers (id, legal_name, country, created_at, updated_at) VALUES ('s2', 'ACME LTD', 'VN', 't', 't')").run()).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare("INSERT INTO findings VALUES ('f', 'r1', 'x', '', 'c', 'fatal', 't', NULL, 'm', '[]', 1, 'h', 't', 'run')").run(),
    ).toThrow(/CHECK/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM findings WHERE receivable_id = 'r1'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('findings_receivable');
  });
});

describe('migration 005 (check caches)', () => {
  it('adds a STRICT per-document cache of detector results and a summary cache column on receivables', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 4));
    seedDocument(db, 'd1', 'b'.repeat(64));
    db.prepare("INSERT INTO receivables (id, invoice_document_id, created_at, created_by, updated_at) VALUES ('r1', 'd1', 't', 'p', 't')").run();
    expect(migrate(db, MIGRATIONS.slice(0, 5))).toEqual({ ok: true, value: { from: 4, to: 5 } });
    const [table] = tables(db).filter((t) => t.name === 'document_signals');
    expect(table?.sql).toMatch(/\)\s*STRICT$/);
    const insert = db.prepare("INSERT INTO document_signals VALUES (?, 1, 'invoice', '{}', 't')");
    expect(() => insert.run('missing')).toThrow(/FOREIGN KEY/);
    insert.run('d1');
    expect(() => insert.run('d1')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(db.prepare("SELECT kind FROM document_signals WHERE document_id = 'd1'").pluck().get()).toBe('invoice');
    // Existing receivables keep their rows; an empty summary is computed from the fields when listed.
    expect(db.prepare("SELECT status, summary FROM receivables WHERE id = 'r1'").get()).toEqual({ status: 'draft', summary: null });
    expect(() => db.prepare("UPDATE receivables SET summary = x'00' WHERE id = 'r1'").run()).toThrow(/cannot store BLOB/);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan('SELECT receivable_id, severity, count(*) FROM findings GROUP BY receivable_id, severity')).toContain('COVERING INDEX findings_counts');
    expect(plan("SELECT * FROM findings WHERE receivable_id = 'r1'")).toContain('findings_counts');
    expect(plan('SELECT * FROM receivables ORDER BY created_at DESC, id DESC')).not.toContain('TEMP B-TREE');
  });
});

describe('migration 006 (status by)', () => {
  it('adds who set a receivable status by hand, empty for existing receivables', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 5));
    seedDocument(db, 'd1', 'c'.repeat(64));
    db.prepare("INSERT INTO receivables (id, invoice_document_id, status, created_at, created_by, updated_at) VALUES ('r1', 'd1', 'eligible', 't', 'p', 't')").run();
    expect(migrate(db, MIGRATIONS.slice(0, 6))).toEqual({ ok: true, value: { from: 5, to: 6 } });
    expect(db.prepare("SELECT status, status_by FROM receivables WHERE id = 'r1'").get()).toEqual({ status: 'eligible', status_by: null });
    expect(() => db.prepare("UPDATE receivables SET status_by = x'00' WHERE id = 'r1'").run()).toThrow(/cannot store BLOB/);
  });
});

describe('migration 007 (fingerprint scheme)', () => {
  it('marks fingerprints imported before it as scheme 1, and new rows must say their scheme as an integer', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 6));
    db.prepare("INSERT INTO foreign_fingerprints (fingerprint, source, imported_at, imported_by) VALUES ('f1', 'A', 't', 'p')").run();
    expect(migrate(db, MIGRATIONS.slice(0, 7))).toEqual({ ok: true, value: { from: 6, to: 7 } });
    expect(db.prepare("SELECT fingerprint, scheme FROM foreign_fingerprints").all()).toEqual([{ fingerprint: 'f1', scheme: 1 }]);
    expect(() => db.prepare("INSERT INTO foreign_fingerprints (fingerprint, source, imported_at, imported_by, scheme) VALUES ('f2', 'A', 't', 'p', 'two')").run()).toThrow(/cannot store TEXT/);
  });
});

describe('migration 008 (document parts)', () => {
  it('keeps every document and what points at it, lets one file hold several documents, and keeps a file added once', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 7));
    seedDocument(db, 'd1', 'd'.repeat(64));
    db.prepare("INSERT INTO document_pages VALUES ('d1', 1, 600, 800, 'text_layer', 0, 1, '[]')").run();
    db.prepare("INSERT INTO receivables (id, invoice_document_id, status, created_at, created_by, updated_at) VALUES ('r1', 'd1', 'eligible', 't', 'p', 't')").run();
    expect(migrate(db, MIGRATIONS.slice(0, 8))).toEqual({ ok: true, value: { from: 7, to: 8 } });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT id, kind, part_of, page_from, page_to FROM documents").all()).toEqual([{ id: 'd1', kind: 'invoice', part_of: null, page_from: null, page_to: null }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const documents = tables(db).find((t) => t.name === 'documents');
    expect(documents?.sql).toMatch(/\)\s*STRICT$/);

    const part = "INSERT INTO documents (id, sha256, file_name, media_type, size, status, created_at, created_by, queued_at, part_of, page_from, page_to) VALUES (?, ?, 'a.pdf', 'application/pdf', 1, 'extracted', 't', 'p', 't', ?, ?, ?)";
    db.prepare(part).run('d2', 'd'.repeat(64), 'd1', 3, 4);
    // The same file twice as a first document is refused; a part must point at a real document.
    expect(() => db.prepare(part).run('d3', 'd'.repeat(64), null, null, null)).toThrow(/UNIQUE/);
    expect(() => db.prepare(part).run('d4', 'd'.repeat(64), 'nope', 5, 5)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(part).run('d5', 'd'.repeat(64), 'd1', 5, 4)).toThrow(/CHECK/);
    // What pointed at documents still does.
    expect(() => db.prepare("DELETE FROM documents WHERE id = 'd1'").run()).toThrow(/FOREIGN KEY/);
  });

  it('refuses to commit a rebuild that would leave a dangling reference, and switches foreign keys back on', () => {
    const db = fresh();
    migrate(db, MIGRATIONS);
    const bad: Migration[] = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'dangling', foreignKeysOff: true, up: (d) => d.exec("INSERT INTO document_pages VALUES ('ghost', 1, 1, 1, 'ocr', 0, 1, '[]')") }];
    expect(() => migrate(db, bad)).toThrow(/would break 1 references/);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT count(*) FROM document_pages').pluck().get()).toBe(0);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('migration 009 (e-invoices)', () => {
  it('adds a STRICT table tying a document to the e-invoice XML it carries, stored as a blob', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 8));
    seedDocument(db, 'd1', 'd'.repeat(64));
    expect(migrate(db, MIGRATIONS.slice(0, 9))).toEqual({ ok: true, value: { from: 8, to: 9 } });
    expect(tables(db).find((t) => t.name === 'document_einvoices')?.sql).toMatch(/\)\s*STRICT$/);
    db.prepare("INSERT INTO blobs VALUES (?, 1, 'application/xml', 't')").run('e'.repeat(64));
    const row = "INSERT INTO document_einvoices VALUES (?, ?, 'invoice', NULL, 'EN 16931 (UN/CEFACT CII)', 'factur-x.xml', ?, 't')";
    db.prepare(row).run('d1', 'cii', 'e'.repeat(64));
    expect(db.prepare('SELECT document_id, syntax, attachment FROM document_einvoices').all()).toEqual([{ document_id: 'd1', syntax: 'cii', attachment: 'factur-x.xml' }]);
    // One e-invoice per document, of a known syntax, pointing at a stored document and blob.
    expect(() => db.prepare(row).run('d1', 'cii', 'e'.repeat(64))).toThrow(/UNIQUE|PRIMARY KEY/);
    db.prepare("DELETE FROM document_einvoices").run();
    expect(() => db.prepare(row).run('d1', 'edifact', 'e'.repeat(64))).toThrow(/CHECK/);
    expect(() => db.prepare(row).run('ghost', 'ubl', 'e'.repeat(64))).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(row).run('d1', 'ubl', 'f'.repeat(64))).toThrow(/FOREIGN KEY/);
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
      expect(reopened.error.message).toContain(`newer Quayside (schema 99; this app knows up to ${latestVersion(MIGRATIONS)})`);
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
