import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { appendAudit, verifyAudit } from '../../src/backend/audit/audit-log';
import { initWorkspace, openWorkspace } from '../../src/backend/workspace';
import type { EventPayload } from '../../src/shared/contract';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

/** A workspace with a few real entries, closed so that the file can be edited like an attacker would. */
const populated = async () => {
  const dir = tempDir();
  const ws = initWorkspace(dir, { clock: fakeClock(), ids: sequentialIds() });
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli');
  const api = inProcessClient(backend.handlers);
  await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' });
  await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: 'passphrase-ben' });
  await api.profiles.create({ name: 'Chen', role: 'field_verifier', passphrase: 'passphrase-chen' });
  await api.session.signOut({});
  await backend.close();
  return dir;
};

const verifyDir = (dir: string) => {
  const ws = openWorkspace(dir);
  if (!ws.ok) throw new Error(ws.error.message);
  const result = verifyAudit(ws.value.db);
  ws.value.close();
  return result;
};

/** Edits the database file directly, as someone with the sqlite3 tool would. */
const tamper = (dir: string, sql: string) => {
  const db = new BetterSqlite3(join(dir, 'quayside.db'));
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  db.exec(sql);
  db.close();
};

describe('audit trail', () => {
  it('verifies an intact chain of real entries', async () => {
    const dir = await populated();
    expect(verifyDir(dir)).toMatchObject({ intact: true, entries: 5 });
  });

  it('refuses updates and deletes from inside the app (append-only triggers)', async () => {
    const dir = await populated();
    const db = new BetterSqlite3(join(dir, 'quayside.db'));
    expect(() => db.prepare("UPDATE audit SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE seq = 5').run()).toThrow(/append-only/);
    db.close();
  });

  it.each([
    ['an edited detail', "UPDATE audit SET details = json_set(details, '$.role', 'risk_officer') WHERE seq = 3", 3, 'edited'],
    ['an edited actor', "UPDATE audit SET actor = 'prf_999' WHERE seq = 4", 4, 'edited'],
    ['an edited timestamp', "UPDATE audit SET at = '2025-01-01T00:00:00.000Z' WHERE seq = 2", 2, 'edited'],
    ['a deleted entry', 'DELETE FROM audit WHERE seq = 3', 4, 'deleted'],
    ['deleted last entries', 'DELETE FROM audit WHERE seq >= 4', 4, 'truncated'],
    [
      'two entries swapped',
      `UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -1;`,
      3,
      'reordered',
    ],
  ])('names the entry after %s', async (_what, sql, seq, kind) => {
    const dir = await populated();
    tamper(dir, sql);
    const result = verifyDir(dir);
    expect(result.intact).toBe(false);
    if (!result.intact) expect(result.firstBroken).toMatchObject({ seq, kind });
  });

  it('keeps a change and its audit entry together: a failed transaction leaves neither', async () => {
    const dir = await populated();
    const ws = openWorkspace(dir);
    if (!ws.ok) throw new Error(ws.error.message);
    const { db } = ws.value;
    expect(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO meta VALUES ('probe', '1')").run();
        appendAudit(db, { at: 'now', actor: 'system', action: 'probe', entity: 'meta', entityId: 'probe' });
        throw new Error('crash after the audit entry');
      })(),
    ).toThrow();
    expect(db.prepare("SELECT count(*) FROM meta WHERE key = 'probe'").pluck().get()).toBe(0);
    expect(verifyAudit(db)).toMatchObject({ intact: true, entries: 5 });
    expect(() => appendAudit(db, { at: 'now', actor: 'system', action: 'x', entity: 'y', entityId: 'z' })).toThrow(/inside the transaction/);
    ws.value.close();
  });

  it('lists newest first with filters and reports progress while verifying', async () => {
    const dir = await populated();
    const ws = openWorkspace(dir);
    if (!ws.ok) throw new Error(ws.error.message);
    const db = ws.value.db;
    db.transaction(() => {
      for (let i = 0; i < 2500; i += 1) appendAudit(db, { at: 'now', actor: 'system', action: 'load.probe', entity: 'probe', entityId: String(i), details: { i } });
    })();
    const backend = createBackend(ws.value, 'cli');
    const api = inProcessClient(backend.handlers);
    const progress: EventPayload<'jobs.progress'>[] = [];
    api.on('jobs.progress', (p) => progress.push(p));
    const verified = await api.audit.verify({});
    expect(verified).toMatchObject({ ok: true, value: { intact: true, entries: 2505 } });
    expect(progress.map((p) => p.done)).toEqual([1000, 2000]);
    expect(progress[0]).toMatchObject({ total: 2505, label: 'Verifying audit chain' });

    const byText = await api.audit.list({ text: 'Ben', limit: 10 });
    expect(byText.ok && byText.value.rows.map((r) => r.details.name)).toEqual(['Ben']);
    const page = await api.audit.list({ action: 'load.probe', limit: 3, beforeSeq: 100 });
    expect(page.ok && page.value.rows.map((r) => r.seq)).toEqual([99, 98, 97]);
    expect(page.ok && page.value.matched).toBe(2500);
    const literal = await api.audit.list({ text: '100%_' });
    expect(literal.ok && literal.value.matched).toBe(0);
    await backend.close();
  });
});
