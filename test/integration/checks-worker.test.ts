// Check runs as background jobs in the check worker thread (the app's path): progress, cancel, edits
// re-checked before their call returns or, during a run, after it; results equal to an in-process
// evaluation; only what changed is written; and the document facts cache with its triggers.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend';
import { gatherFacts } from '../../src/backend/checks/gather';
import { listCounterparties } from '../../src/backend/counterparties/counterparties-repo';
import { MIGRATIONS } from '../../src/backend/db/migrations';
import { migrate, openDatabase } from '../../src/backend/db/database';
import { markReviewed } from '../../src/backend/documents/documents-repo';
import { openWorkspace } from '../../src/backend/workspace';
import type { Workspace } from '../../src/backend/workspace';
import { fieldEvidence } from '../../src/core/checks/evidence';
import type { DocumentFacts } from '../../src/core/checks/types';
import type { Api } from '../../src/shared/api';
import { generatePortfolio, writePortfolio } from '../bench/checks-data';
import { addDocument, billOfLading, correctDirectly, invoice, openChecks, value } from './helpers/checks-fixtures';
import { fakeClock, tempDir } from './helpers/temp';

/** A workspace with one risk officer signed in, its checks run by the worker (or in-process). */
const open = (dir: string, worker: boolean, create = false) => openChecks(dir, { worker, create, at: '2026-03-02T09:00:00.000Z' });

/** Three receivables: one with an escrow problem, one without a B/L, one clean-ish. */
function threeReceivables(ws: Workspace) {
  const a = addDocument(ws, { kind: 'invoice', fileName: 'a.pdf', fields: invoice({ invoice_number: 'A-1', bl_number: 'BL-A', payment_account: 'VN19036685204107' }) });
  addDocument(ws, { kind: 'bill_of_lading', fileName: 'a-bl.pdf', fields: billOfLading({ bl_number: 'BL-A' }) });
  const b = addDocument(ws, { kind: 'invoice', fileName: 'b.pdf', fields: invoice({ invoice_number: 'B-1', bl_number: 'BL-NONE' }) });
  const c = addDocument(ws, { kind: 'invoice', fileName: 'c.pdf', fields: invoice({ invoice_number: 'C-1', bl_number: 'BL-C' }) });
  addDocument(ws, { kind: 'bill_of_lading', fileName: 'c-bl.pdf', fields: billOfLading({ bl_number: 'BL-C' }) });
  return { a, b, c };
}

const findingRows = (ws: Workspace) =>
  ws.db.prepare('SELECT id, severity, message, inputs_hash, run_id FROM findings ORDER BY id').all() as { id: string; severity: string; message: string; inputs_hash: string; run_id: string }[];

const changes = (backend: Backend): string[][] => {
  const heard: string[][] = [];
  backend.onEvent((event, payload) => {
    if (event === 'receivables.changed') heard.push([...(payload as { ids: readonly string[] }).ids]);
  });
  return heard;
};

/** Resolves when `receivables.changed` names the receivable (a queued re-check has landed). */
const changedEvent = (backend: Backend, id: string): Promise<void> =>
  new Promise((resolve) => {
    const off = backend.onEvent((event, payload) => {
      if (event === 'receivables.changed' && (payload as { ids: readonly string[] }).ids.includes(id)) {
        off();
        resolve();
      }
    });
  });

describe('checks in the worker thread', () => {
  it('runs with progress, re-checks an edit before the call returns, and agrees with an in-process run that then writes nothing', async () => {
    const dir = join(tempDir(), 'ws');
    const { ws, backend, api } = await open(dir, true, true);
    const docs = threeReceivables(ws);
    const labels: string[] = [];
    const stop = api.on('jobs.progress', (p) => labels.push(p.label));
    const summary = value(await api.checks.run({ asOf: '2026-03-31' }));
    stop();
    expect(labels).toEqual(['Reading documents', 'Building receivables', 'Assembling receivables', 'Evaluating rules', 'Saving findings', 'Done']);
    expect(summary).toMatchObject({ receivables: 3, evaluated: 3, created: 3, linked: 2, asOf: '2026-03-31' });
    expect(summary.findings.fail).toBeGreaterThan(0);
    const audit = value(await api.audit.list({ action: 'checks.run' })).rows;
    expect(audit.map((e) => e.entityId)).toEqual([summary.runId]);
    expect(value(await api.audit.list({ action: 'checks.as_of_set' })).rows).toHaveLength(1);

    // A correction is re-checked by the worker before the API call resolves.
    const receivableA = ws.db.prepare('SELECT id FROM receivables WHERE invoice_document_id = ?').pluck().get(docs.a) as string;
    const before = ws.db.prepare('SELECT inputs_hash FROM receivables WHERE id = ?').pluck().get(receivableA);
    const heard = changes(backend);
    value(await api.documents.correctField({ id: docs.a, field: 'payment_account', value: 'LU250271000441735001' }));
    expect(ws.db.prepare('SELECT inputs_hash FROM receivables WHERE id = ?').pluck().get(receivableA)).not.toBe(before);
    expect(ws.db.prepare("SELECT kind, evaluated FROM check_runs ORDER BY rowid DESC LIMIT 1").get()).toEqual({ kind: 'incremental', evaluated: expect.any(Number) });
    expect(heard).toContainEqual([receivableA]);

    // A change no event announced (written straight into the database) is found by the next run,
    // which parses only what changed and writes only the receivable it changes: an account that is
    // not the pool's escrow account.
    const receivableC = ws.db.prepare('SELECT id FROM receivables WHERE invoice_document_id = ?').pluck().get(docs.c) as string;
    const quiet = value(await api.checks.run({}));
    expect(ws.db.prepare('SELECT count(*) FROM findings WHERE run_id = ?').pluck().get(quiet.runId)).toBe(0);
    correctDirectly(ws, docs.c, 'payment_account', 'VN19036685204107');
    const warm = value(await api.checks.run({}));
    const written = ws.db.prepare('SELECT DISTINCT receivable_id FROM findings WHERE run_id = ?').pluck().all(warm.runId);
    expect(written).toEqual([receivableC]);
    const escrowOf = (id: string) => ws.db.prepare("SELECT severity FROM findings WHERE receivable_id = ? AND rule_id LIKE 'escrow.%'").pluck().all(id);
    expect(escrowOf(receivableC)).toEqual(['fail']);
    const afterWorker = findingRows(ws);
    await backend.close();

    // The same workspace evaluated in-process from scratch: the same findings, so nothing is written.
    // (Without its mark of the last complete run, which would let the stored results stand unevaluated,
    // nor the base a run scoped to what changed stands on.)
    const again = await open(dir, false);
    again.ws.db.prepare("DELETE FROM meta WHERE key IN ('checks_current', 'checks_base')").run();
    const heardAgain = changes(again.backend);
    const rerun = value(await again.api.checks.run({}));
    expect(rerun).toMatchObject({ receivables: 3, evaluated: 3, created: 0, asOf: '2026-03-31' });
    expect(findingRows(again.ws)).toEqual(afterWorker);
    expect(again.ws.db.prepare('SELECT count(*) FROM findings WHERE run_id = ?').pluck().get(rerun.runId)).toBe(0);
    expect(heardAgain).toEqual([]);
    // Still a run on record, audited.
    expect(value(await again.api.audit.list({ action: 'checks.run' })).rows.map((e) => e.entityId)).toContain(rerun.runId);
    await again.backend.close();
  });

  it('after opening a workspace changed while closed, a run waits for the engine the load is building and gathers nothing again', async () => {
    const dir = join(tempDir(), 'ws');
    const first = await open(dir, true, true);
    const docs = threeReceivables(first.ws);
    value(await first.api.checks.run({ asOf: '2026-03-31' }));
    await first.backend.close();
    // Changed while closed: a payment account that is not the pool's escrow account.
    const closed = openWorkspace(dir, { clock: fakeClock('2026-03-02T09:00:00.000Z') });
    if (!closed.ok) throw new Error(closed.error.message);
    correctDirectly(closed.value, docs.c, 'payment_account', 'VN19036685204107');
    // No base for a run scoped to what changed (a workspace last checked before schema 22, or after a
    // batch of changes too large): the run needs the whole engine state. (checks-scoped.test.ts has the run that stands on one.)
    closed.value.db.prepare("DELETE FROM meta WHERE key = 'checks_base'").run();
    closed.value.close();

    const { ws, backend, api } = await open(dir, true);
    const labels: string[] = [];
    api.on('jobs.progress', (p) => labels.push(p.label));
    const joined = value(await api.checks.run({}));
    // Asked while the load runs, the run says it waits for it; on a slow machine the load of three
    // receivables may be over before the run is asked (seen once, 2026-12-06), and the run stands on
    // what it loaded. Either way nothing is gathered or evaluated again.
    expect(['Loading the check engine', 'Reading documents']).toContain(labels[0]);
    expect(labels).not.toContain('Evaluating rules');
    expect(joined).toMatchObject({ receivables: 3, evaluated: 3 });
    const receivableC = ws.db.prepare('SELECT id FROM receivables WHERE invoice_document_id = ?').pluck().get(docs.c) as string;
    expect(ws.db.prepare('SELECT DISTINCT receivable_id FROM findings WHERE run_id = ?').pluck().all(joined.runId)).toEqual([receivableC]);
    const afterJoin = findingRows(ws);
    await backend.close();

    // Evaluated in-process from scratch: the same findings, nothing written.
    const again = await open(dir, false);
    again.ws.db.prepare("DELETE FROM meta WHERE key IN ('checks_current', 'checks_base')").run();
    const rerun = value(await again.api.checks.run({}));
    expect(findingRows(again.ws)).toEqual(afterJoin);
    expect(again.ws.db.prepare('SELECT count(*) FROM findings WHERE run_id = ?').pluck().get(rerun.runId)).toBe(0);
    await again.backend.close();
  });

  it('cancels a run before it saves anything, and re-checks an edit made during a run after it', async () => {
    const dir = join(tempDir(), 'ws');
    const { ws, backend, api, me } = await open(dir, true, true);
    writePortfolio(ws.db, generatePortfolio(3_000, 7), me.id);

    // Cancel as soon as the run is reading documents.
    let cancelled: ReturnType<Api['checks']['cancel']> | null = null;
    const off = api.on('jobs.progress', (p) => {
      if (p.label !== 'Reading documents' || cancelled) return;
      off();
      cancelled = api.checks.cancel({});
    });
    expect(await api.checks.run({ asOf: '2026-11-01' })).toMatchObject({ ok: false, error: { code: 'CHECKS.CANCELLED' } });
    expect(value(await cancelled!).cancelled).toBe(true);
    expect(ws.db.prepare('SELECT count(*) FROM findings').pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM check_runs').pluck().get()).toBe(0);
    expect(ws.db.prepare("SELECT count(*) FROM receivables WHERE status <> 'draft' OR checked_at IS NOT NULL").pluck().get()).toBe(0);
    expect(value(await api.audit.list({ action: 'checks.run' })).rows).toEqual([]);
    expect(value(await api.audit.list({ action: 'checks.as_of_set' })).rows).toEqual([]);
    expect(value(await api.checks.cancel({})).cancelled).toBe(false);

    // A run to the end; an edit while the next one runs waits its turn and is re-checked after it.
    // (The next run is made to read again by dropping the mark of the last complete run; otherwise,
    // nothing having changed, it would stand on the stored results and read nothing.)
    value(await api.checks.run({ asOf: '2026-11-01' }));
    ws.db.prepare("DELETE FROM meta WHERE key = 'checks_current'").run();
    const edit: { done: Promise<void> | null } = { done: null };
    const stopListening = api.on('jobs.progress', (p) => {
      if (p.label !== 'Reading documents' || edit.done) return;
      stopListening();
      edit.done = api.documents.correctField({ id: 'doc_i10', field: 'total_amount', value: 1 }).then((r) => void value(r));
    });
    const landed = changedEvent(backend, 'rcv_10');
    value(await api.checks.run({}));
    expect(edit.done).not.toBeNull();
    await edit.done;
    await landed;
    const after = findingRows(ws).filter((f) => f.id.startsWith('rcv_10:'));
    await backend.close();

    // A fresh in-process evaluation agrees with what the worker left, so it writes nothing.
    const again = await open(dir, false);
    const rerun = value(await again.api.checks.run({}));
    expect(again.ws.db.prepare('SELECT count(*) FROM findings WHERE run_id = ?').pluck().get(rerun.runId)).toBe(0);
    expect(findingRows(again.ws).filter((f) => f.id.startsWith('rcv_10:'))).toEqual(after);
    expect(after.some((f) => f.severity !== 'info')).toBe(true);
    await again.backend.close();
  });
});

describe('document facts cache (migration 010)', () => {
  it('drops a document’s row when its fields, signals or status change, and moves the link epoch', () => {
    const db = openDatabase(join(tempDir(), 'm.db'));
    if (!db.ok) throw new Error(db.error.message);
    const d = db.value;
    migrate(d, MIGRATIONS.slice(0, 9));
    d.prepare("INSERT INTO blobs VALUES (?, 1, 'application/pdf', 't')").run('a'.repeat(64));
    d.prepare(
      "INSERT INTO documents (id, sha256, file_name, media_type, size, status, kind, created_at, created_by, queued_at) VALUES ('d1', ?, 'a.pdf', 'application/pdf', 1, 'extracted', 'invoice', 't', 'p', 't')",
    ).run('a'.repeat(64));
    expect(migrate(d, MIGRATIONS.slice(0, 10))).toEqual({ ok: true, value: { from: 9, to: 10 } });
    const epoch = (): number => d.prepare('SELECT n FROM link_epoch').pluck().get() as number;
    const cache = (): void => void d.prepare("INSERT OR REPLACE INTO document_facts VALUES ('d1', 1, '[]', x'', '{}', 'x')").run();
    const cached = (): number => d.prepare("SELECT count(*) FROM document_facts WHERE document_id = 'd1'").pluck().get() as number;
    expect(epoch()).toBe(0);
    cache();
    d.prepare("INSERT INTO document_fields (document_id, name, extracted) VALUES ('d1', 'currency', '{\"value\":\"USD\"}')").run();
    expect([cached(), epoch()]).toEqual([0, 1]);
    cache();
    d.prepare("UPDATE document_fields SET corrected = '{\"value\":\"EUR\"}' WHERE document_id = 'd1'").run();
    expect([cached(), epoch()]).toEqual([0, 2]);
    cache();
    d.prepare("INSERT INTO document_signals VALUES ('d1', 5, 'invoice', '{}', 't')").run();
    expect([cached(), epoch()]).toEqual([0, 2]);
    cache();
    d.prepare("UPDATE documents SET status = 'reviewed' WHERE id = 'd1'").run();
    expect([cached(), epoch()]).toEqual([0, 3]);
    // A check moving a receivable between open statuses leaves linking's inputs alone; pooling does not.
    d.prepare("INSERT INTO receivables (id, invoice_document_id, status, created_at, created_by, updated_at) VALUES ('r1', 'd1', 'draft', 't', 'p', 't')").run();
    expect(epoch()).toBe(4);
    d.prepare("UPDATE receivables SET status = 'eligible', findings_digest = 'f' WHERE id = 'r1'").run();
    expect(epoch()).toBe(4);
    d.prepare("UPDATE receivables SET status = 'pooled' WHERE id = 'r1'").run();
    expect(epoch()).toBe(5);
    expect(() => d.prepare("INSERT INTO document_facts VALUES ('d2', 'one', '[]', x'', '{}', 'x')").run()).toThrow(/cannot store TEXT/);
  });

  it('gives the same facts from the cached row as from the stored fields, and follows corrections and reviews', async () => {
    const { ws, backend } = await open(join(tempDir(), 'ws'), false, true);
    const inv = addDocument(ws, { kind: 'invoice', fileName: 'inv.pdf', fields: invoice({ total_amount: 5000 }), confidence: 0.6 });
    ws.db.prepare("INSERT INTO receivables (id, invoice_document_id, status, created_at, created_by, updated_at) VALUES ('rcv_1', ?, 'draft', 'x', 'test', 'x')").run(inv);
    const deps = { counterparties: listCounterparties(ws.db), fingerprint: () => null, now: '2026-03-01T00:00:00.000Z' };
    const view = (doc: DocumentFacts) => ({
      digest: doc.digest,
      signals: doc.signals,
      fields: Object.fromEntries(Object.keys(doc.fields).map((name) => [name, { ...doc.fields[name as keyof typeof doc.fields], at: fieldEvidence(doc, name as never, name) }])),
    });
    const rows = (): number => ws.db.prepare('SELECT count(*) FROM document_facts').pluck().get() as number;
    expect(rows()).toBe(0);
    const built = view(gatherFacts(ws.db, deps).facts[0]!.invoice);
    expect(rows()).toBe(1);
    const cached = view(gatherFacts(ws.db, deps).facts[0]!.invoice);
    expect(cached).toEqual(built);
    expect(Object.keys(cached.fields)).toEqual(['invoice_number', 'issue_date', 'due_date', 'currency', 'total_amount', 'seller', 'buyer', 'goods_description', 'quantity', 'quantity_unit', 'unit_price', 'payment_account', 'bl_number']);

    correctDirectly(ws, inv, 'total_amount', 5100);
    expect(rows()).toBe(0);
    const corrected = gatherFacts(ws.db, deps).facts[0]!.invoice;
    expect(corrected.fields.total_amount).toMatchObject({ value: 5100, confidence: 1, confirmed: true });
    expect(corrected.digest).not.toBe(built.digest);
    markReviewed(ws.db, inv, 'test', '2026-03-02T00:00:00.000Z');
    const reviewed = gatherFacts(ws.db, deps).facts[0]!.invoice;
    expect(reviewed.fields.seller?.confirmed).toBe(true);
    expect(view(gatherFacts(ws.db, deps).facts[0]!.invoice)).toEqual(view(reviewed));
    await backend.close();
  });
});
