import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/backend/audit/audit-log';
import type { Finding } from '../../src/shared/checks';
import { PASS, TEST_RULES, addDocument, billOfLading, checksWorkspace, correctDirectly, invoice, value, whileClosed } from './helpers/checks-fixtures';

type RunRow = { id: string; kind: string; policy_version: number; evaluated: number; receivables: number; fail: number; warn: number; info: number };

/** Three receivables: A over the test cap (fail), B without a B/L (warn), C clean. */
async function threeReceivables() {
  const setup = await checksWorkspace({ rules: TEST_RULES });
  const { ws, api } = setup;
  const a = addDocument(ws, { kind: 'invoice', fileName: 'a.pdf', fields: invoice({ invoice_number: 'A-1', total_amount: 250_000, bl_number: 'BL-A' }) });
  addDocument(ws, { kind: 'bill_of_lading', fileName: 'a-bl.pdf', fields: billOfLading({ bl_number: 'BL-A' }) });
  const b = addDocument(ws, { kind: 'invoice', fileName: 'b.pdf', fields: invoice({ invoice_number: 'B-1', total_amount: 40_000, bl_number: 'BL-NONE', seller: 'Other Seller Ltd' }) });
  const c = addDocument(ws, { kind: 'invoice', fileName: 'c.pdf', fields: invoice({ invoice_number: 'C-1', total_amount: 60_000, bl_number: 'BL-C' }) });
  const cBl = addDocument(ws, { kind: 'bill_of_lading', fileName: 'c-bl.pdf', fields: billOfLading({ bl_number: 'BL-C' }) });
  const summary = value(await api.checks.run({}));
  const rows = new Map(value(await api.receivables.list({})).map((r) => [r.invoiceFileName, r]));
  return { ...setup, docs: { a, b, c, cBl }, summary, ids: { a: rows.get('a.pdf')!.id, b: rows.get('b.pdf')!.id, c: rows.get('c.pdf')!.id } };
}

const runs = (db: { prepare: (sql: string) => { all: () => unknown[] } }) => db.prepare('SELECT * FROM check_runs ORDER BY rowid').all() as RunRow[];
const evaluatedAt = (db: { prepare: (sql: string) => { pluck: () => { get: (id: string) => unknown } } }, id: string) =>
  db.prepare('SELECT max(evaluated_at) FROM findings WHERE receivable_id = ?').pluck().get(id);

describe('checks: full run', () => {
  it('builds receivables, persists findings with policy version and inputs hash, sets statuses and audits one entry', async () => {
    const { ws, api, backend, summary, ids } = await threeReceivables();
    expect(summary).toMatchObject({ policyVersion: 1, receivables: 3, evaluated: 3, created: 3, linked: 2, findings: { fail: 1, warn: 1, info: 0 }, eligible: 1, ineligible: 1 });
    const findings = value(await api.findings.list({}));
    expect(findings.map((f) => [f.receivableId, f.ruleId, f.severity])).toEqual([
      [ids.a, 'test.amount_cap', 'fail'],
      [ids.b, 'test.no_bl', 'warn'],
    ]);
    const [fail] = findings;
    expect(fail).toMatchObject({ id: `${ids.a}:test.amount_cap:`, policyVersion: 1, category: 'eligibility', invoiceNumber: 'A-1', waiver: null });
    expect(fail!.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(fail!.supplierName).toBe('Saigon Polytech Resins Joint Stock Company'); // printed name until counterparties match
    const detail = value(await api.receivables.get({ id: ids.a }));
    expect(detail).toMatchObject({ status: 'ineligible', policyVersion: 1, inputsHash: fail!.inputsHash, counts: { fail: 1, warn: 0, info: 0, waived: 0 } });
    expect(detail.findings.map((f) => f.ruleId)).toEqual(['test.amount_cap']);
    expect(value(await api.receivables.get({ id: ids.b })).status).toBe('checked');
    expect(value(await api.receivables.get({ id: ids.c })).status).toBe('eligible');
    expect(runs(ws.db)).toMatchObject([{ kind: 'full', policy_version: 1, evaluated: 3, receivables: 3, fail: 1, warn: 1, info: 0 }]);
    const audit = value(await api.audit.list({ action: 'checks.run' })).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ policyVersion: 1, evaluated: 3, findings: { fail: 1, warn: 1, info: 0 } });
    expect(value(await api.findings.list({ severity: 'warn' })).map((f) => f.receivableId)).toEqual([ids.b]);
    expect(value(await api.findings.list({ receivableId: ids.c }))).toEqual([]);
    expect(value(await api.checks.rules({})).map((r) => r.id)).toEqual(TEST_RULES.map((r) => r.id));

    // Running again gives the same result and the same ids and hashes (reproducible).
    value(await api.checks.run({}));
    const again = value(await api.findings.list({}));
    expect(again.map((f) => [f.id, f.inputsHash])).toEqual(findings.map((f) => [f.id, f.inputsHash]));
    expect(verifyAudit(ws.db).intact).toBe(true);
    await backend.close();
  });

  it('reports progress phases and refuses people who may not run checks', async () => {
    const { api, backend, people, signIn } = await checksWorkspace({ rules: TEST_RULES });
    const labels: string[] = [];
    const stop = api.on('jobs.progress', (p) => labels.push(p.label));
    value(await api.checks.run({}));
    stop();
    expect(labels).toEqual(['Reading documents', 'Building receivables', 'Assembling receivables', 'Evaluating rules', 'Saving findings', 'Done']);
    const carl = value(await api.profiles.create({ name: 'Carl', role: 'committee_member', passphrase: 'passphrase-long' }));
    await signIn(carl);
    expect(await api.checks.run({})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(value(await api.findings.list({}))).toEqual([]);
    await signIn(people.ben);
    expect(await api.findings.waive({ findingId: 'x:y:', reason: 'a long enough reason' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    await backend.close();
  });
});

describe('checks: evaluation date and policy changes', () => {
  it('keeps the evaluation date a run chose, and checks everything again under a newly saved policy', async () => {
    const { ws, api, backend } = await threeReceivables();
    expect(value(await api.checks.asOf({})).asOf).toBe(ws.clock().toISOString().slice(0, 10));
    expect(value(await api.checks.run({ asOf: '2026-03-31' })).asOf).toBe('2026-03-31');
    expect(value(await api.checks.asOf({})).asOf).toBe('2026-03-31');
    expect(value(await api.audit.list({ action: 'checks.as_of_set' })).rows[0]?.details).toEqual({ asOf: '2026-03-31' });
    const policy = value(await api.policy.get({})).policy;
    const saved = value(await api.policy.save({ policy: { ...policy, margin: { ...policy.margin, advanceRatePct: 80 } }, note: 'Tighter advance rate' }));
    expect(saved.version).toBe(2);
    // Saving re-ran the checks: every finding now names version 2.
    const findings = value(await api.findings.list({}));
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.policyVersion))).toEqual(new Set([2]));
    expect(runs(ws.db).at(-1)).toMatchObject({ kind: 'full', policy_version: 2 });
    expect(value(await api.checks.run({ asOf: null })).asOf).toBe(ws.clock().toISOString().slice(0, 10));
    await backend.close();
  });
});

describe('checks: incremental re-evaluation', () => {
  it('re-evaluates only the edited receivable after documents.correctField and persists it alone', async () => {
    const { ws, api, backend, ids, docs } = await threeReceivables();
    const before = { a: evaluatedAt(ws.db, ids.a), b: evaluatedAt(ws.db, ids.b) };
    const received: string[][] = [];
    backend.onEvent((event, payload) => {
      if (event === 'receivables.changed') received.push([...(payload as { ids: string[] }).ids]);
    });
    // A's amount is corrected below the cap: its fail disappears, B and C are not touched.
    value(await api.documents.correctField({ id: docs.a, field: 'total_amount', value: 95_000 }));
    const all = runs(ws.db);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ kind: 'incremental', evaluated: 1, fail: 0, warn: 0, policy_version: 1 });
    expect(received).toEqual([[ids.a]]);
    expect(value(await api.findings.list({ receivableId: ids.a }))).toEqual([]);
    expect(value(await api.receivables.get({ id: ids.a })).status).toBe('eligible');
    expect(evaluatedAt(ws.db, ids.b)).toBe(before.b);
    expect(before.a).not.toBeNull();

    // A B/L edit maps to its receivable too; the group rule re-evaluates both members of a new group.
    value(await api.documents.correctField({ id: docs.c, field: 'invoice_number', value: 'B-1' }));
    const last = runs(ws.db).at(-1)!;
    expect(last).toMatchObject({ kind: 'incremental', evaluated: 2, fail: 2 });
    const dupes = value(await api.findings.list({ ruleId: 'test.same_number' }));
    expect(dupes.map((f) => f.receivableId).sort()).toEqual([ids.b, ids.c].sort());
    expect(value(await api.receivables.get({ id: ids.c })).status).toBe('ineligible');
    // Untouched A keeps its row.
    expect(ws.db.prepare('SELECT count(*) FROM check_runs').pluck().get()).toBe(3);
    await backend.close();
  });

  it('re-evaluates after unlink, link and receivables.update, and a counterparty change makes the next evaluation full', async () => {
    const { ws, api, backend, ids, docs } = await threeReceivables();
    value(await api.receivables.unlink({ id: ids.c, documentId: docs.cBl }));
    expect(value(await api.findings.list({ receivableId: ids.c })).map((f) => f.ruleId)).toEqual(['test.no_bl']);
    expect(value(await api.receivables.get({ id: ids.c })).status).toBe('checked');
    value(await api.receivables.link({ id: ids.c, documentId: docs.cBl }));
    expect(value(await api.receivables.get({ id: ids.c })).status).toBe('eligible');
    const before = value(await api.receivables.get({ id: ids.c })).inputsHash;
    value(await api.receivables.update({ id: ids.c, advanceAmount: 50_000 }));
    const after = value(await api.receivables.get({ id: ids.c }));
    expect(after.inputsHash).not.toBe(before);
    expect(after.checkedAt).not.toBeNull();
    expect(runs(ws.db).map((r) => r.kind)).toEqual(['full', 'incremental', 'incremental', 'incremental']);

    value(
      await api.counterparties.saveSupplier({
        legalName: 'Saigon Polytech Resins Joint Stock Company',
        aliases: ['SPR JSC'],
        country: 'VN',
        capacities: [{ product: 'Polypropylene resin', quantityPerMonth: 4000, unit: 'MT' }],
      }),
    );
    value(await api.receivables.update({ id: ids.c, advanceAmount: 40_000 }));
    const kinds = runs(ws.db).map((r) => r.kind);
    expect(kinds.at(-1)).toBe('full');
    // The seller now matches the registered supplier.
    expect(value(await api.receivables.get({ id: ids.c })).supplierName).toBe('Saigon Polytech Resins Joint Stock Company');
    expect(value(await api.receivables.get({ id: ids.c })).supplierId).not.toBeNull();
    await backend.close();
  });
});

describe('checks: a person\'s status decision', () => {
  it('survives re-checks until a failing finding appears, then the checks decide again', async () => {
    const { api, backend, docs, ids } = await threeReceivables();
    expect(value(await api.receivables.get({ id: ids.b })).status).toBe('checked');
    value(await api.receivables.setStatus({ id: ids.b, status: 'eligible', reason: 'B/L seen in the original; warning understood' }));
    value(await api.documents.correctField({ id: docs.b, field: 'total_amount', value: 41_000 }));
    expect(value(await api.receivables.get({ id: ids.b })).status).toBe('eligible');
    // Over the test cap: an open fail always wins over the earlier decision…
    value(await api.documents.correctField({ id: docs.b, field: 'total_amount', value: 260_000 }));
    expect(value(await api.receivables.get({ id: ids.b })).status).toBe('ineligible');
    // …and ends it: back under the cap, the checks decide again (warnings only: checked).
    value(await api.documents.correctField({ id: docs.b, field: 'total_amount', value: 42_000 }));
    expect(value(await api.receivables.get({ id: ids.b })).status).toBe('checked');
    await backend.close();
  });
});

describe('checks: waivers (four eyes)', () => {
  it('refuses the requester as confirmer, lets a second risk officer confirm, recomputes the status and audits both', async () => {
    const { ws, api, backend, ids, people, signIn } = await threeReceivables();
    const [fail] = value(await api.findings.list({ severity: 'fail' }));
    expect(fail?.receivableId).toBe(ids.a);
    await signIn(people.ana);
    expect(await api.findings.waive({ findingId: 'nope', reason: 'a reason long enough' })).toMatchObject({ ok: false, error: { code: 'FINDING.NOT_FOUND' } });
    const requested = value(await api.findings.waive({ findingId: fail!.id, reason: 'Credit committee approved the larger ticket.' }));
    expect(requested.waiver).toMatchObject({ status: 'pending', requestedByName: 'Ana', reason: 'Credit committee approved the larger ticket.' });
    expect(await api.findings.waive({ findingId: fail!.id, reason: 'asking a second time' })).toMatchObject({
      ok: false,
      error: { code: 'WAIVER.EXISTS', message: expect.stringContaining('waiting for a second risk officer') },
    });
    const waiverId = requested.waiver!.id;

    const same = await api.findings.confirmWaiver({ waiverId });
    expect(same).toMatchObject({ ok: false, error: { code: 'WAIVER.SAME_PERSON', message: expect.stringContaining('second risk officer') } });
    expect(value(await api.receivables.get({ id: ids.a })).status).toBe('ineligible');

    await signIn(people.ben);
    expect(await api.findings.confirmWaiver({ waiverId })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    await signIn(people.rita);
    const confirmed = value(await api.findings.confirmWaiver({ waiverId }));
    expect(confirmed.waiver).toMatchObject({ status: 'confirmed', requestedByName: 'Ana', decidedByName: 'Rita' });
    expect(await api.findings.confirmWaiver({ waiverId })).toMatchObject({ ok: false, error: { code: 'WAIVER.NOT_PENDING' } });
    expect(await api.findings.waive({ findingId: fail!.id, reason: 'and once more' })).toMatchObject({ ok: false, error: { code: 'WAIVER.EXISTS', message: 'This finding is already waived; nothing more to ask.' } });
    const detail = value(await api.receivables.get({ id: ids.a }));
    expect(detail).toMatchObject({ status: 'eligible', counts: { fail: 0, warn: 0, info: 0, waived: 1 } });
    expect(value(await api.findings.list({ includeWaived: false })).map((f) => f.id)).not.toContain(fail!.id);

    const audit = value(await api.audit.list({ entity: 'finding' })).rows.map((r) => [r.action, r.actorName]);
    expect(audit).toEqual([
      ['finding.waiver_confirmed', 'Rita'],
      ['finding.waiver_requested', 'Ana'],
    ]);
    // A full run keeps the waiver while the inputs are the same.
    value(await api.checks.run({}));
    expect(value(await api.receivables.get({ id: ids.a })).status).toBe('eligible');
    expect(verifyAudit(ws.db).intact).toBe(true);
    await backend.close();
  });

  it('voids a waiver when the inputs it was given for change, and a waiver can be rejected', async () => {
    const { api, backend, ids, docs, people, signIn } = await threeReceivables();
    const [fail] = value(await api.findings.list({ severity: 'fail' }));
    const asked = value(await api.findings.waive({ findingId: fail!.id, reason: 'Approved by the committee.' }));
    await signIn(people.rita);
    value(await api.findings.confirmWaiver({ waiverId: asked.waiver!.id }));
    expect(value(await api.receivables.get({ id: ids.a })).status).toBe('eligible');

    // The amount changes but stays above the cap: the same finding, under new inputs, is open again.
    value(await api.documents.correctField({ id: docs.a, field: 'total_amount', value: 300_000 }));
    const reopened = value(await api.findings.list({ receivableId: ids.a }));
    expect(reopened.map((f) => [f.id, f.waiver])).toEqual([[fail!.id, null]]);
    expect(reopened[0]!.inputsHash).not.toBe(fail!.inputsHash);
    expect(value(await api.receivables.get({ id: ids.a }))).toMatchObject({ status: 'ineligible', counts: { fail: 1, waived: 0 } });

    // A pending waiver whose finding changed cannot be confirmed; a fresh one can be rejected.
    const pending = value(await api.findings.waive({ findingId: fail!.id, reason: 'Asked again after the change.' }));
    value(await api.documents.correctField({ id: docs.a, field: 'total_amount', value: 310_000 }));
    await signIn(people.ana);
    expect(await api.findings.confirmWaiver({ waiverId: pending.waiver!.id })).toMatchObject({ ok: false, error: { code: 'WAIVER.NOT_PENDING', message: expect.stringContaining('changed') } });
    const fresh: Finding = value(await api.findings.waive({ findingId: fail!.id, reason: 'Third time, new numbers.' }));
    await signIn(people.rita);
    const rejected = value(await api.findings.rejectWaiver({ waiverId: fresh.waiver!.id, reason: 'No committee minute.' }));
    expect(rejected.waiver).toMatchObject({ status: 'rejected', decidedByName: 'Rita' });
    expect(value(await api.receivables.get({ id: ids.a })).status).toBe('ineligible');
    expect(await api.findings.rejectWaiver({ waiverId: 'wvr_missing' })).toMatchObject({ ok: false, error: { code: 'WAIVER.NOT_FOUND' } });
    await backend.close();
  });
});

describe('quayside check (CLI)', () => {
  it('prints findings per receivable, or {summary, findings} as JSON, and exits 0 even with findings', async () => {
    const { ws, backend, docs } = await threeReceivables();
    expect(docs.a).toBeTruthy();
    const dir = ws.dir;
    await backend.close();
    const { main } = await import('../../src/cli/main');
    const lines: string[] = [];
    const errors: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => errors.push(l) };
    const env = { QUAYSIDE_AS_PASSPHRASE: PASS };
    // The CLI runs the shipped rules; with them, the over-cap invoice must still be listed with its counts.
    expect(await main(['--workspace', dir, 'check', '--as', 'Ben'], io, env)).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/Checked 3 receivables under policy version 1/);
    expect(text).toContain('a.pdf');
    lines.length = 0;
    expect(await main(['--workspace', dir, '--json', 'check', '--as', 'Ben'], io, env)).toBe(0);
    const parsed = JSON.parse(lines.join('\n')) as { summary: { evaluated: number; receivables: number; current?: boolean }; findings: { receivableId: string; severity: string }[] };
    // Nothing changed since the run just before: its results stand, nothing is evaluated again.
    expect(parsed.summary).toMatchObject({ evaluated: 0, receivables: 3, current: true });
    expect(Array.isArray(parsed.findings)).toBe(true);
    // Changed since (another program wrote a correction): only what changed and its groups are evaluated again.
    whileClosed(dir, (closed) => correctDirectly(closed, docs.a, 'total_amount', 95_000));
    lines.length = 0;
    expect(await main(['--workspace', dir, 'check', '--as', 'Ben'], io, env)).toBe(0);
    expect(lines.join('\n')).toMatch(/Checked 3 receivables under policy version 1 in \d+ ms, \d evaluated again where something changed since the last run and the rest current/);
    expect(await main(['--workspace', dir, 'check'], io, env)).toBe(2);
    expect(errors.join('\n')).toContain('check needs --as NAME');
  });
});
