// A check run when nothing it reads changed since the last complete run (issue 18): it records the
// run from the stored results without evaluating, and any change to an input — a correction, a
// waiver, an advance, a person's status move, the policy, the date, a dropped trigger — makes the
// next run evaluate again. After opening a workspace, such a run does not wait for the engine state.
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/backend/workspace';
import { addDocument, billOfLading, checksWorkspace, correctDirectly, invoice, value } from './helpers/checks-fixtures';

/** Two receivables (one clean, one whose B/L is missing) and a first full run. */
async function checked() {
  const w = await checksWorkspace();
  await w.signIn(w.people.ana);
  const a = addDocument(w.ws, { kind: 'invoice', fileName: 'a.pdf', fields: invoice({ invoice_number: 'A-1', bl_number: 'BL-A' }) });
  addDocument(w.ws, { kind: 'bill_of_lading', fileName: 'a-bl.pdf', fields: billOfLading({ bl_number: 'BL-A' }) });
  addDocument(w.ws, { kind: 'invoice', fileName: 'b.pdf', fields: invoice({ invoice_number: 'B-1', bl_number: 'BL-NONE' }) });
  const first = value(await w.api.checks.run({ asOf: '2026-03-31' }));
  return { ...w, a, first };
}

const findings = (ws: Workspace) => ws.db.prepare('SELECT id, severity, inputs_hash, run_id FROM findings ORDER BY id').all();
const statuses = (ws: Workspace) => ws.db.prepare('SELECT id, status FROM receivables ORDER BY id').all();

describe('a run whose inputs did not change', () => {
  it('is recorded from the stored results: same counts, statuses and findings, nothing evaluated or written, audited', async () => {
    const { ws, api, backend, first } = await checked();
    expect(first.evaluated).toBe(2);
    const before = { findings: findings(ws), statuses: statuses(ws) };
    const again = value(await api.checks.run({}));
    expect(again).toMatchObject({ evaluated: 0, receivables: 2, findings: first.findings, eligible: first.eligible, ineligible: first.ineligible, asOf: '2026-03-31' });
    expect(again.runId).not.toBe(first.runId);
    expect({ findings: findings(ws), statuses: statuses(ws) }).toEqual(before);
    const audit = ws.db.prepare("SELECT details FROM audit WHERE action = 'checks.run' ORDER BY seq").pluck().all() as string[];
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!)).toMatchObject({ runId: again.runId, current: true, evaluated: 0 });
    expect(ws.db.prepare('SELECT count(*) FROM check_runs').pluck().get()).toBe(2);
    await backend.close();
  });

  it.each([
    ['a field corrected', (ws: Workspace, doc: string) => correctDirectly(ws, doc, 'total_amount', 99_999)],
    ['a confirmed waiver', (ws: Workspace) => {
      const f = ws.db.prepare('SELECT id, receivable_id, inputs_hash FROM findings LIMIT 1').get() as { id: string; receivable_id: string; inputs_hash: string };
      ws.db.prepare("INSERT INTO waivers (id, finding_id, receivable_id, inputs_hash, reason, requested_by, requested_at, status) VALUES ('w1', ?, ?, ?, 'test', 'x', '2026-03-01', 'confirmed')").run(f.id, f.receivable_id, f.inputs_hash);
    }],
    ['an advance set on a receivable', (ws: Workspace) => ws.db.prepare('UPDATE receivables SET advance_minor = 5000000').run()],
    ['a receivable moved out of the statuses a run gives (pooled)', (ws: Workspace) => ws.db.prepare("UPDATE receivables SET status = 'pooled' WHERE rowid = (SELECT min(rowid) FROM receivables)").run()],
    ['a new document', (ws: Workspace) => void addDocument(ws, { kind: 'invoice', fileName: 'c.pdf', fields: invoice({ invoice_number: 'C-1', bl_number: 'BL-C' }) })],
    ['a policy version saved', (ws: Workspace) => ws.db.prepare("INSERT INTO policies (version, policy, hash, note, saved_at, saved_by) SELECT version + 1, policy, hash, 'test', saved_at, saved_by FROM policies ORDER BY version DESC LIMIT 1").run()],
    ['a trigger of the epoch dropped (the epoch is no longer trusted)', (ws: Workspace) => ws.db.exec('DROP TRIGGER checks_epoch_field_changed')],
  ] as const)('is evaluated again after %s', async (_name, change) => {
    const { ws, api, backend, a } = await checked();
    change(ws, a);
    const run = value(await api.checks.run({}));
    expect(run.evaluated).toBeGreaterThan(0);
    await backend.close();
  });

  it('counts a finding a confirmed waiver covers out of the run, whether the run evaluates or stands on the stored results', async () => {
    const { ws, api, backend, first } = await checked();
    const f = ws.db.prepare("SELECT id, receivable_id, inputs_hash, severity FROM findings WHERE severity <> 'info' LIMIT 1").get() as { id: string; receivable_id: string; inputs_hash: string; severity: 'fail' | 'warn' };
    ws.db.prepare("INSERT INTO waivers (id, finding_id, receivable_id, inputs_hash, reason, requested_by, requested_at, status) VALUES ('w1', ?, ?, ?, 'test', 'x', '2026-03-01', 'confirmed')").run(f.id, f.receivable_id, f.inputs_hash);
    // A second confirmation of the same finding counts it out once.
    ws.db.prepare("INSERT INTO waivers (id, finding_id, receivable_id, inputs_hash, reason, requested_by, requested_at, status) VALUES ('w2', ?, ?, ?, 'again', 'y', '2026-03-02', 'confirmed')").run(f.id, f.receivable_id, f.inputs_hash);
    const expected = { ...first.findings, [f.severity]: first.findings[f.severity] - 1 };
    const evaluated = value(await api.checks.run({}));
    expect(evaluated.evaluated).toBeGreaterThan(0);
    expect(evaluated.findings).toEqual(expected);
    const current = value(await api.checks.run({}));
    expect(current).toMatchObject({ current: true, findings: expected });
    await backend.close();
  });

  it('is evaluated again at another date, and current again at that date', async () => {
    const { api, backend } = await checked();
    expect(value(await api.checks.run({ asOf: '2026-04-30' })).evaluated).toBe(2);
    expect(value(await api.checks.run({})).evaluated).toBe(0);
    await backend.close();
  });

  it('is not current once a run was stopped while writing (its half-written results are not vouched for)', async () => {
    const { ws, api, backend, a } = await checked();
    correctDirectly(ws, a, 'total_amount', 99_999);
    // As a run that wrote some results and then stopped leaves it: the mark is gone with the first write.
    ws.db.prepare("DELETE FROM meta WHERE key = 'checks_current'").run();
    expect(value(await api.checks.run({})).evaluated).toBe(2);
    expect(value(await api.checks.run({})).evaluated).toBe(0);
    await backend.close();
  });
});

describe('building and linking receivables after a field changes', () => {
  it('watches exactly the fields the linker reads (a new one needs a migration that adds it)', async () => {
    const { LINK_FIELDS } = await import('../../src/backend/receivables/receivables-service');
    // Migration 17 splits them: the B/L number, read on every document, and the rest, read on unpaired
    // ones; migration 20 adds the Incoterm place and the B/L's ports to the rest.
    const { LINK_KEY_FIELDS_017 } = await import('../../src/backend/db/migrations/017-link-fields-changed');
    const { LINK_SCORED_FIELDS_021 } = await import('../../src/backend/db/migrations/021-link-vessel');
    expect([...LINK_KEY_FIELDS_017, ...LINK_SCORED_FIELDS_021].sort()).toEqual([...LINK_FIELDS].sort());
  });

  it('is skipped after a correction linking does not read, and done after one it reads', async () => {
    const { ws, api, backend, a } = await checked();
    const epoch = () => ws.db.prepare('SELECT n FROM link_epoch').pluck().get() as number;
    const before = epoch();
    correctDirectly(ws, a, 'total_amount', 99_999);
    correctDirectly(ws, a, 'payment_account', 'VN19036685204107');
    expect(epoch()).toBe(before);
    // The cached facts of the document are dropped all the same, and the run evaluates.
    expect(ws.db.prepare('SELECT count(*) FROM document_facts WHERE document_id = ?').pluck().get(a)).toBe(0);
    expect(value(await api.checks.run({})).evaluated).toBe(2);
    // The B/L number, read on every document, records its document for the next run to link around (schema 18).
    correctDirectly(ws, a, 'bl_number', 'BL-NONE');
    expect(epoch()).toBe(before);
    expect(ws.db.prepare('SELECT document_id FROM link_keys_changed').pluck().all()).toEqual([a]);
    await backend.close();
  });

  it('is skipped after a field linking weighs changed on paired documents only, and done when an unpaired one changed', async () => {
    const { ws, api, backend, a } = await checked();
    const epoch = () => ws.db.prepare('SELECT n FROM link_epoch').pluck().get() as number;
    const pending = () => ws.db.prepare('SELECT document_id FROM link_fields_changed ORDER BY seq').pluck().all();
    const labels: string[] = [];
    api.on('jobs.progress', (p) => labels.push(p.label));
    const aBl = ws.db.prepare("SELECT id FROM documents WHERE file_name = 'a-bl.pdf'").pluck().get() as string;
    const b = ws.db.prepare("SELECT id FROM documents WHERE file_name = 'b.pdf'").pluck().get() as string;
    // A B/L no receivable holds, with no number and nothing in common with invoice B but a container.
    const free = addDocument(ws, {
      kind: 'bill_of_lading',
      fileName: 'c-bl.pdf',
      fields: { shipper: 'Northwind Cotton Mills Ltd', consignee: 'To order', goods_description: 'COTTON YARN', container_numbers: ['MSCU1234566'], shipped_on_board_date: '2026-02-14' },
    });
    expect(value(await api.checks.run({})).linked).toBe(0);
    const before = epoch();

    // Invoice A's receivable holds its B/L: linking reads neither document's quantity or date.
    correctDirectly(ws, a, 'quantity', 98);
    correctDirectly(ws, aBl, 'shipped_on_board_date', '2026-02-13');
    expect(epoch()).toBe(before);
    expect(pending()).toEqual([a, aBl]);
    labels.length = 0;
    const skipped = value(await api.checks.run({}));
    expect(skipped.evaluated).toBe(2);
    expect(labels).not.toContain('Building receivables');
    expect(pending()).toEqual([]);

    // Invoice B holds no B/L: its corrected containers are read, and it links to the B/L listing one.
    correctDirectly(ws, b, 'container_numbers', ['MSCU1234566']);
    expect(epoch()).toBe(before);
    labels.length = 0;
    const relinked = value(await api.checks.run({}));
    // Around the changed documents (schema 18): unpaired documents are always in that scope.
    expect(labels).toContain('Linking changed documents');
    expect(relinked.linked).toBe(1);
    expect(ws.db.prepare('SELECT r.invoice_document_id FROM receivable_documents l JOIN receivables r ON r.id = l.receivable_id WHERE l.document_id = ?').pluck().all(free)).toEqual([b]);
    expect(pending()).toEqual([]);
    await backend.close();
  });

  it('links around changed B/L numbers only, proposing what linking everything would', async () => {
    const { ws, api, backend } = await checked();
    const labels: string[] = [];
    api.on('jobs.progress', (p) => labels.push(p.label));
    // Ten more shipments, each invoice citing its own B/L; all paired by the next run.
    const pairs = Array.from({ length: 10 }, (_, i) => {
      const number = `MRDLSGN26050${String(i).padStart(2, '0')}`;
      const inv = addDocument(ws, { kind: 'invoice', fileName: `p${i}.pdf`, fields: invoice({ invoice_number: `P-${i}`, bl_number: number }) });
      const bl = addDocument(ws, { kind: 'bill_of_lading', fileName: `p${i}-bl.pdf`, fields: billOfLading({ bl_number: number }) });
      return { inv, bl, number };
    });
    expect(value(await api.checks.run({})).linked).toBe(10);
    const { proposeLinks } = await import('../../src/backend/receivables/receivables-service');
    const { storedValues } = await import('../../src/backend/receivables/receivables-repo');
    const { currentPolicy } = await import('../../src/backend/policy/policy-service');
    // Renumbered: a held B/L to what another paired invoice cites (a B/L cited twice), an invoice to
    // a held B/L's number read with an OCR slip, an invoice to unpaired invoice B's number, and a
    // B/L to nothing.
    correctDirectly(ws, pairs[1]!.bl, 'bl_number', pairs[0]!.number);
    correctDirectly(ws, pairs[2]!.inv, 'bl_number', pairs[3]!.number.replace('0', 'O'));
    correctDirectly(ws, pairs[4]!.inv, 'bl_number', 'BL-NONE');
    correctDirectly(ws, pairs[5]!.bl, 'bl_number', '');
    const changed = ws.db.prepare('SELECT document_id FROM link_keys_changed ORDER BY seq').pluck().all() as string[];
    expect(changed).toEqual([pairs[1]!.bl, pairs[2]!.inv, pairs[4]!.inv, pairs[5]!.bl]);
    const source = storedValues(ws.db);
    const docs = ws.db.prepare('SELECT id, kind FROM documents').all() as { id: string; kind: string }[];
    const numbers = (kind: 'invoice' | 'bill_of_lading') => {
      const ids = docs.filter((d) => d.kind === kind).map((d) => d.id);
      const values = source(ids, ['bl_number']);
      return ids.map((id) => [id, values.get(id)?.bl_number] as const);
    };
    const policy = currentPolicy(ws.db, ws.clock).policy;
    const key = (l: { receivableId: string; documentId: string }) => `${l.receivableId}>${l.documentId}`;
    const everything = proposeLinks(ws.db, policy, source).map(key).sort();
    const around = proposeLinks(ws.db, policy, source, { changed, numbers }).map(key).sort();
    expect(around).toEqual(everything);
    // Two new links: invoice 0 to the B/L now printing its number, invoice 2 to B/L 3 (read with a slip).
    expect(everything).toHaveLength(2);
    labels.length = 0;
    expect(value(await api.checks.run({})).linked).toBe(2);
    expect(labels).toContain('Linking changed documents');
    expect(labels).not.toContain('Building receivables');
    expect(ws.db.prepare('SELECT count(*) FROM link_keys_changed').pluck().get()).toBe(0);
    const holders = (bl: string) =>
      ws.db.prepare('SELECT r.invoice_document_id FROM receivable_documents l JOIN receivables r ON r.id = l.receivable_id WHERE l.document_id = ? ORDER BY 1').pluck().all(bl);
    expect(holders(pairs[1]!.bl)).toEqual([pairs[0]!.inv, pairs[1]!.inv].sort());
    expect(holders(pairs[3]!.bl)).toEqual([pairs[2]!.inv, pairs[3]!.inv].sort());
    // A document added moves link_epoch as before: everything is linked again.
    addDocument(ws, { kind: 'bill_of_lading', fileName: 'late-bl.pdf', fields: billOfLading({ bl_number: 'BL-NONE' }) });
    labels.length = 0;
    value(await api.checks.run({}));
    expect(labels).toContain('Building receivables');
    await backend.close();
  });

  it('links from the values the run reads: a B/L number corrected between two runs links on the second, as the stored fields give it', async () => {
    const { ws, api, backend } = await checked();
    const b = ws.db.prepare("SELECT id FROM documents WHERE file_name = 'b.pdf'").pluck().get() as string;
    // The invoice cites a number no B/L prints, so the new B/L (another number) is not linked by a match either.
    correctDirectly(ws, b, 'bl_number', 'MRDLSGN2600001');
    const bl = addDocument(ws, { kind: 'bill_of_lading', fileName: 'b-bl.pdf', fields: billOfLading({ bl_number: 'MRDLSGN2600002' }) });
    expect(value(await api.checks.run({})).linked).toBe(0);
    correctDirectly(ws, b, 'bl_number', 'MRDLSGN2600002');
    expect(value(await api.checks.run({})).linked).toBe(1);
    const linked = ws.db.prepare('SELECT r.invoice_document_id FROM receivable_documents l JOIN receivables r ON r.id = l.receivable_id WHERE l.document_id = ?').pluck().all(bl);
    expect(linked).toEqual([b]);
    // What linking read from the facts equals the stored fields, corrections applied and empty values left out.
    const { LINK_FIELDS } = await import('../../src/backend/receivables/receivables-service');
    const { storedValues } = await import('../../src/backend/receivables/receivables-repo');
    const { refreshSnapshotDocuments, valuesFromFacts } = await import('../../src/backend/checks/gather');
    const snapshot = { docs: new Map(), receivables: new Map(), deps: { counterparties: { suppliers: [], buyers: [], escrowAccounts: [] }, fingerprint: () => null } };
    expect(refreshSnapshotDocuments(ws.db, snapshot, '2026-03-31T00:00:00.000Z')).toBe(true);
    const ids = [...(ws.db.prepare('SELECT id FROM documents').pluck().all() as string[]), 'doc_not_there'];
    const fromFacts = valuesFromFacts(ws.db, snapshot.docs)(ids, LINK_FIELDS);
    const stored = storedValues(ws.db)(ids, LINK_FIELDS);
    for (const id of ids) expect(fromFacts.get(id) ?? {}).toEqual(stored.get(id) ?? {});
    expect(fromFacts.get(b)?.bl_number).toBe('MRDLSGN2600002');
    await backend.close();
  });
});

describe('fingerprints kept with the facts', () => {
  it('are taken from an invoice\'s facts row instead of hashed again; a changed invoice or another key is hashed again', async () => {
    const { ws, backend, a } = await checked();
    const { fingerprintKey, invoiceFingerprint, invoicePartsOf, keyIdOf } = await import('../../src/backend/checks/fingerprints');
    const { gatherFacts } = await import('../../src/backend/checks/gather');
    const { storedValues } = await import('../../src/backend/receivables/receivables-repo');
    const key = fingerprintKey(ws.db);
    const stored = ws.db.prepare('SELECT fingerprint FROM document_facts WHERE document_id = ?').pluck();
    const parts = () => {
      const values = storedValues(ws.db)([a], ['seller', 'buyer', 'currency', 'invoice_number', 'issue_date', 'total_amount']).get(a) ?? {};
      return invoicePartsOf(Object.fromEntries(Object.entries(values).map(([name, v]) => [name, { value: v }])))!;
    };
    expect(stored.get(a)).toBe(`${keyIdOf(key)}:${invoiceFingerprint(key, parts())}`);
    // A gather in a fresh connection with the key's id hashes nothing it has stored.
    let hashed = 0;
    const counted = (p: Parameters<typeof invoiceFingerprint>[1]) => ((hashed += 1), invoiceFingerprint(key, p));
    const deps = { counterparties: { suppliers: [], buyers: [], escrowAccounts: [] }, fingerprint: counted, now: '2026-03-31T00:00:00.000Z' };
    const fingerprintOf = (g: ReturnType<typeof gatherFacts>) => g.facts.find((f) => f.invoice.documentId === a)!.fingerprint;
    const withId = gatherFacts(ws.db, { ...deps, fingerprintKeyId: keyIdOf(key) });
    expect(hashed).toBe(0);
    expect(fingerprintOf(withId)).toBe(invoiceFingerprint(key, parts()));
    // Without the id (or with another key's), every invoice is hashed.
    const without = gatherFacts(ws.db, deps);
    expect(hashed).toBe(2);
    expect(fingerprintOf(without)).toBe(fingerprintOf(withId));
    gatherFacts(ws.db, { ...deps, fingerprintKeyId: 'another-key-id00' });
    expect(hashed).toBe(4);
    // A corrected number rebuilds the row, with the new fingerprint.
    correctDirectly(ws, a, 'invoice_number', 'A-2');
    hashed = 0;
    const after = gatherFacts(ws.db, { ...deps, fingerprintKeyId: keyIdOf(key) });
    expect(fingerprintOf(after)).toBe(invoiceFingerprint(key, parts()));
    expect(fingerprintOf(after)).not.toBe(fingerprintOf(withId));
    expect(stored.get(a)).toBe(`${keyIdOf(key)}:${invoiceFingerprint(key, parts())}`);
    await backend.close();
  });
});
