// Runs scoped to what changed (schema 22): the change log names the documents and receivables whose
// inputs moved, and a run re-evaluates those and the groups they were or are in — on the loaded
// engine state, or, right after opening, on the stored results and group keys. Each is compared with
// a full evaluation from scratch, which must then find nothing to write.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/backend/workspace';
import type { Api } from '../../src/shared/api';
import { generatePortfolio, writePortfolio } from '../bench/checks-data';
import { correctDirectly, openChecks, value, whileClosed } from './helpers/checks-fixtures';
import { tempDir } from './helpers/temp';

const AT = '2026-11-02T09:00:00.000Z';
const open = (dir: string, worker: boolean, create = false) => openChecks(dir, { worker, create, at: AT });

/** Every stored result: findings as written, and each receivable's status and inputs hash. */
const results = (ws: Workspace) => ({
  links: ws.db.prepare('SELECT receivable_id, document_id, method, excluded FROM receivable_documents ORDER BY receivable_id, document_id').all(),
  findings: ws.db.prepare('SELECT id, severity, message, evidence, inputs_hash FROM findings ORDER BY id').all(),
  receivables: ws.db.prepare('SELECT id, status, inputs_hash, findings_digest, supplier_id, buyer_id FROM receivables ORDER BY id').all(),
  keys: ws.db.prepare('SELECT keying, key, receivable_id FROM check_keys ORDER BY keying, key, receivable_id').all(),
});

const withProgress = (api: Api): string[] => {
  const labels: string[] = [];
  api.on('jobs.progress', (p) => labels.push(p.label));
  return labels;
};

/**
 * A fresh in-process evaluation of everything (no stored mark or base to stand on, and linking every
 * receivable again) must write nothing and link nothing new.
 */
async function agreesWithFullEvaluation(dir: string, expected: ReturnType<typeof results>): Promise<void> {
  const fresh = await open(dir, false);
  fresh.ws.db.prepare("DELETE FROM meta WHERE key IN ('checks_current', 'checks_base', 'checks_link_mark')").run();
  const labels = withProgress(fresh.api);
  const run = value(await fresh.api.checks.run({}));
  expect(labels).not.toContain('Reading changed documents');
  expect(run.evaluated).toBe(run.receivables);
  expect(run.scoped).toBeUndefined();
  expect(fresh.ws.db.prepare('SELECT count(*) FROM findings WHERE run_id = ?').pluck().get(run.runId)).toBe(0);
  expect(results(fresh.ws)).toEqual(expected);
  await fresh.backend.close();
}

/** A portfolio with two invoices citing one B/L (a group finding outside supplier and buyer groups), checked once. */
async function checkedPortfolio(worker: boolean): Promise<{ dir: string; receivables: number }> {
  const dir = join(tempDir(), 'ws');
  const first = await open(dir, worker, true);
  writePortfolio(first.ws.db, generatePortfolio(3_000, 5), first.me.id);
  correctDirectly(first.ws, 'doc_i101', 'bl_number', 'MRDL0000000100');
  const run = value(await first.api.checks.run({ asOf: '2026-11-01' }));
  expect(first.ws.db.prepare("SELECT count(*) FROM findings WHERE rule_id = 'duplicate.shared_bl'").pluck().get()).toBeGreaterThan(0);
  expect((first.ws.db.prepare('SELECT count(*) FROM check_keys').pluck().get() as number) > run.receivables).toBe(true);
  await first.backend.close();
  return { dir, receivables: run.receivables };
}

/**
 * Edits straight into the database (another program, or the app before an event): no re-check hears
 * them. All on invoices of one buyer, so that a run scoped to them leaves most groups alone.
 */
function editOutside(ws: Workspace): void {
  const rcv = (doc: string) => ws.db.prepare('SELECT id, supplier_id, buyer_id FROM receivables WHERE invoice_document_id = ?').get(doc) as { id: string; supplier_id: string; buyer_id: string };
  // The buyer of an invoice citing a shared B/L: its group is evaluated again while the shared B/L's
  // group is not, so that invoice's finding on it comes from the stored results.
  const shared = rcv('doc_i100');
  const ofBuyer = ws.db.prepare('SELECT invoice_document_id FROM receivables WHERE buyer_id = ? AND id <> ? ORDER BY id LIMIT 8').pluck().all(shared.buyer_id, shared.id) as string[];
  const [quantity, total, moved, numbered, seller, advance, citing, cited] = ofBuyer as [string, string, string, string, string, string, string, string];
  correctDirectly(ws, quantity, 'quantity', 250);
  correctDirectly(ws, total, 'total_amount', 123_456.78);
  // Moved to another buyer: the old buyer group and the new one are both evaluated again.
  const otherBuyer = ws.db.prepare('SELECT legal_name FROM buyers WHERE id <> ? ORDER BY id LIMIT 1').pluck().get(shared.buyer_id) as string;
  correctDirectly(ws, moved, 'buyer', otherBuyer);
  // A new duplicate number within one supplier.
  const twin = ws.db.prepare('SELECT invoice_document_id FROM receivables WHERE supplier_id = ? AND id <> ? ORDER BY id LIMIT 1').pluck().get(rcv(numbered).supplier_id, rcv(numbered).id) as string;
  const number = ws.db.prepare("SELECT json_extract(extracted, '$.value') FROM document_fields WHERE document_id = ? AND name = 'invoice_number'").pluck().get(twin) as string;
  correctDirectly(ws, numbered, 'invoice_number', number);
  // A seller nobody registered, and an advance set on a receivable.
  correctDirectly(ws, seller, 'seller', 'Nobody In Particular Trading LLC');
  ws.db.prepare('UPDATE receivables SET advance_minor = 5000000 WHERE invoice_document_id = ?').run(advance);
  // An invoice that now cites another shipment's B/L: linking looks around the changed number.
  const otherNumber = ws.db.prepare("SELECT json_extract(extracted, '$.value') FROM document_fields WHERE document_id = ? AND name = 'bl_number'").pluck().get(cited) as string;
  correctDirectly(ws, citing, 'bl_number', otherNumber);
}

describe('a run scoped to what changed', () => {
  it('right after opening a workspace changed while closed, evaluates the changed receivables and their groups only, as a full evaluation would', async () => {
    const { dir, receivables } = await checkedPortfolio(false);
    whileClosed(dir, editOutside, '2026-11-02T08:00:00.000Z');

    const again = await open(dir, false);
    const labels = withProgress(again.api);
    const run = value(await again.api.checks.run({}));
    expect(labels).toContain('Reading changed documents');
    // Linked around the changed B/L number without reading every document first.
    expect(labels).toContain('Linking changed documents');
    expect(labels).not.toContain('Assembling receivables');
    expect(run.linked).toBeGreaterThan(0);
    expect(run.receivables).toBe(receivables);
    expect(run.scoped).toBe(true);
    expect(run.evaluated).toBeGreaterThan(6);
    expect(run.evaluated).toBeLessThan(receivables);
    const written = again.ws.db.prepare('SELECT DISTINCT receivable_id FROM findings WHERE run_id = ?').pluck().all(run.runId) as string[];
    expect(written.length).toBeGreaterThan(0);
    // The counts are those of every stored result, as a full run reports them.
    const open_ = again.ws.db.prepare("SELECT severity, count(*) AS n FROM findings GROUP BY severity").all() as { severity: 'fail' | 'warn' | 'info'; n: number }[];
    for (const { severity, n } of open_) expect(run.findings[severity]).toBe(n);
    // What changed is no longer pending: the next run stands on the results as they are.
    const next = value(await again.api.checks.run({}));
    expect(next.current).toBe(true);
    const after = results(again.ws);
    await again.backend.close();
    await agreesWithFullEvaluation(dir, after);
  });

  it('on the engine state loaded by a run, re-reads only what the change log names', async () => {
    const { dir, receivables } = await checkedPortfolio(false);
    const opened = await open(dir, false);
    // A run after opening with nothing changed stands on the stored results; a second loads the state.
    value(await opened.api.checks.run({}));
    opened.ws.db.prepare("DELETE FROM meta WHERE key IN ('checks_current', 'checks_base')").run();
    const loaded = value(await opened.api.checks.run({}));
    expect(loaded.evaluated).toBe(receivables);
    editOutside(opened.ws);
    const labels = withProgress(opened.api);
    const run = value(await opened.api.checks.run({}));
    expect(labels).toContain('Reading changed documents');
    expect(labels).not.toContain('Assembling receivables');
    expect(run.evaluated).toBeGreaterThan(6);
    expect(run.evaluated).toBeLessThan(receivables);
    const after = results(opened.ws);
    await opened.backend.close();
    await agreesWithFullEvaluation(dir, after);
  });

  it('in the worker: a run asked for at once after opening stops the background load, stands on the stored results, and the load comes back', async () => {
    const { dir, receivables } = await checkedPortfolio(true);
    whileClosed(dir, editOutside, '2026-11-02T08:00:00.000Z');

    const again = await open(dir, true);
    const labels = withProgress(again.api);
    const run = value(await again.api.checks.run({}));
    expect(labels).not.toContain('Loading the check engine');
    expect(labels).toContain('Reading changed documents');
    expect(run.evaluated).toBeLessThan(receivables);
    const after = results(again.ws);
    // The load starts again after the run: an edit then re-checks on the state it builds.
    const target = again.ws.db.prepare('SELECT id FROM receivables WHERE invoice_document_id = ?').pluck().get('doc_i70') as string;
    const rechecked = new Promise<void>((resolve) => {
      const off = again.backend.onEvent((event, payload) => {
        if (event === 'receivables.changed' && (payload as { ids: readonly string[] }).ids.includes(target)) {
          off();
          resolve();
        }
      });
    });
    value(await again.api.documents.correctField({ id: 'doc_i70', field: 'quantity', value: 71 }));
    await rechecked;
    expect(again.ws.db.prepare("SELECT count(*) FROM check_runs WHERE kind = 'incremental'").pluck().get()).toBeGreaterThan(0);
    await again.backend.close();
    expect(after.receivables).toHaveLength(receivables);
    await agreesWithFullEvaluation(dir, whileClosed(dir, results));
  });
});
