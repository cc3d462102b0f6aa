import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/backend/audit/audit-log';
import { listReceivableSummaries, normalizeBlNumber } from '../../src/backend/receivables/receivables-repo';
import { TEST_RULES, addDocument, billOfLading, checksWorkspace, invoice, value } from './helpers/checks-fixtures';

describe('receivables: building and linking', () => {
  it('makes one receivable per read invoice and links B/Ls by number (normalized), or by parties, goods and dates when one fits', async () => {
    const { ws, api, backend } = await checksWorkspace();
    // R1 cites its B/L with dashes and spaces; R2 cites none and has exactly one fitting B/L; R3 fits two.
    const inv1 = addDocument(ws, { kind: 'invoice', fileName: 'r1-invoice.pdf', fields: invoice({ bl_number: 'mrdl-sgn 2604417' }) });
    const bl1 = addDocument(ws, { kind: 'bill_of_lading', fileName: 'r1-bl.pdf', fields: billOfLading() });
    const inv2 = addDocument(ws, {
      kind: 'invoice',
      fileName: 'r2-invoice.pdf',
      fields: invoice({ invoice_number: 'EX2602-0871', bl_number: undefined, seller: 'Chao Phraya Polyolefins PCL', buyer: 'Rheinfeld Kunststofftechnik GmbH', goods_description: 'High Density Polyethylene (HDPE)', issue_date: '2026-02-20' }),
    });
    const bl2 = addDocument(ws, {
      kind: 'bill_of_lading',
      fileName: 'r2-bl.pdf',
      fields: billOfLading({ bl_number: 'NHCLLCH2600913', shipper: 'CHAO PHRAYA POLYOLEFINS PUBLIC COMPANY LIMITED', consignee: 'TO ORDER', notify_party: 'RHEINFELD KUNSTSTOFFTECHNIK GMBH', goods_description: 'HDPE RESIN', shipped_on_board_date: '2026-02-20' }),
    });
    // Same parties and goods but shipped 60 days before the invoice: outside the policy window.
    addDocument(ws, {
      kind: 'bill_of_lading',
      fileName: 'old-bl.pdf',
      fields: billOfLading({ bl_number: 'NHCLLCH2500001', shipper: 'CHAO PHRAYA POLYOLEFINS PUBLIC COMPANY LIMITED', consignee: 'RHEINFELD KUNSTSTOFFTECHNIK GMBH', goods_description: 'HDPE', shipped_on_board_date: '2025-12-22' }),
    });
    const inv3 = addDocument(ws, {
      kind: 'invoice',
      fileName: 'r3-invoice.pdf',
      fields: invoice({ invoice_number: '0061/2026', bl_number: undefined, seller: 'AVP Exportadora', buyer: 'Noordzee Food Ingredients B.V.', goods_description: 'Brazilian Yellow Soybeans', issue_date: '2026-03-17' }),
    });
    for (const n of ['A', 'B']) {
      addDocument(ws, {
        kind: 'bill_of_lading',
        fileName: `soy-${n}.pdf`,
        fields: billOfLading({ bl_number: `SOY${n}`, shipper: 'AVP EXPORTADORA', consignee: 'NOORDZEE FOOD INGREDIENTS BV', goods_description: 'YELLOW SOYBEANS IN BULK', shipped_on_board_date: '2026-03-16' }),
      });
    }
    // R4's reader missed the buyer (a phone photo): seller, goods and date still single out one B/L.
    const inv4 = addDocument(ws, {
      kind: 'invoice',
      fileName: 'r4-invoice-photo.jpg',
      fields: invoice({ invoice_number: undefined, buyer: undefined, bl_number: undefined, seller: 'Shivalik Agro Rice Mills Pvt. Ltd.', goods_description: '1121 Basmati Rice', issue_date: '2026-02-24' }),
    });
    const bl4 = addDocument(ws, {
      kind: 'bill_of_lading',
      fileName: 'r4-bl.pdf',
      fields: billOfLading({ bl_number: 'MRDLMUN2602231', shipper: 'SHIVALIK AGRO RICE MILLS PRIVATE LIMITED', consignee: 'TO ORDER OF SHIPPER', notify_party: 'NOORDZEE FOOD INGREDIENTS B.V.', goods_description: 'BASMATI RICE IN BAGS', shipped_on_board_date: '2026-02-23' }),
    });
    // Not receivables: a failed read, and a document of another kind.
    addDocument(ws, { kind: 'invoice', fileName: 'unreadable.pdf', fields: {}, status: 'failed' });
    addDocument(ws, { kind: 'other', fileName: 'packing-list.pdf', fields: { invoice_number: 'X' } });

    expect(value(await api.receivables.sync({}))).toEqual({ created: 4, linked: 3 });
    const list = value(await api.receivables.list({}));
    expect(list).toHaveLength(4);
    const byInvoice = new Map(list.map((r) => [r.invoiceDocumentId, r]));
    const r1 = value(await api.receivables.get({ id: byInvoice.get(inv1)!.id }));
    expect(r1.documents.map((d) => [d.documentId, d.method])).toEqual([
      [inv1, 'invoice'],
      [bl1, 'bl_number'],
    ]);
    expect(r1.blNumbers).toEqual(['MRDLSGN2604417']);
    expect(r1).toMatchObject({ status: 'draft', invoiceNumber: 'SPR/EX/2026/0142', amount: 103455, currency: 'USD', sellerName: 'Saigon Polytech Resins Joint Stock Company' });
    const r2 = value(await api.receivables.get({ id: byInvoice.get(inv2)!.id }));
    expect(r2.documents.map((d) => [d.documentId, d.method])).toEqual([
      [inv2, 'invoice'],
      [bl2, 'match'],
    ]);
    const r3 = value(await api.receivables.get({ id: byInvoice.get(inv3)!.id }));
    expect(r3.documents).toHaveLength(1); // two B/Ls fit: a person decides, shown both with why
    expect(r3.linkCandidates.map((c) => [c.fileName, c.how])).toEqual([
      ['soy-A.pdf', 'match'],
      ['soy-B.pdf', 'match'],
    ]);
    expect(r3.linkCandidates[0]!.reasons.join('; ')).toMatch(/same goods \(.*soybeans.*\)/);
    expect(r1.linkCandidates).toEqual([]);
    const picked = value(await api.receivables.link({ id: r3.id, documentId: r3.linkCandidates[1]!.documentId }));
    expect(picked.documents.map((d) => d.fileName)).toEqual(['r3-invoice.pdf', 'soy-B.pdf']);
    expect(picked.linkCandidates).toEqual([]);
    const r4 = value(await api.receivables.get({ id: byInvoice.get(inv4)!.id }));
    expect(r4.documents.map((d) => [d.documentId, d.method])).toEqual([
      [inv4, 'invoice'],
      [bl4, 'match'],
    ]);

    // Idempotent: nothing new the second time.
    expect(value(await api.receivables.sync({}))).toEqual({ created: 0, linked: 0 });
    const actions = value(await api.audit.list({ entity: 'receivable', limit: 100 })).rows;
    expect(actions.filter((a) => a.action === 'receivable.created')).toHaveLength(4);
    const auto = actions.filter((a) => a.action === 'receivable.linked' && a.details.method !== 'manual');
    expect(auto.map((a) => a.details.method).sort()).toEqual(['bl_number', 'match', 'match']);
    // Each automatic link says how sure it was and why.
    for (const a of auto) expect(a.details).toMatchObject({ score: expect.any(Number), reasons: expect.any(Array) });
    expect(verifyAudit(ws.db).intact).toBe(true);
    await backend.close();
  });

  /**
   * How many receivables hold a B/L once an invoice and a B/L scan read at `confidence` are in a
   * fresh workspace, linked by `receivables.sync` or by a check run (which builds receivables from
   * the documents' facts).
   */
  const linkedWith =
    (invoiceFields: Parameters<typeof addDocument>[1]['fields'], blFields: Parameters<typeof addDocument>[1]['fields']) =>
    async (confidence: number, by: 'sync' | 'check run'): Promise<number> => {
      const { ws, api } = await checksWorkspace();
      addDocument(ws, { kind: 'invoice', fileName: 'inv.pdf', fields: invoiceFields });
      addDocument(ws, { kind: 'bill_of_lading', fileName: 'bl-scan.pdf', fields: blFields, confidence });
      if (by === 'sync') return value(await api.receivables.sync({})).linked;
      value(await api.checks.run({ asOf: '2026-03-31' }));
      return value(await api.receivables.list({})).filter((r) => r.blNumbers.length > 0).length;
    };

  it('counts a B/L quantity read unsurely for a match, never against one (stored fields and the facts alike)', async () => {
    // Parties and shipping date fit; the B/L's goods were not read and its quantity reads a tenth of
    // the invoice's. Read with confidence, that weighs against the pair; read at 30 %, it does not.
    const linked = linkedWith(invoice({ bl_number: undefined }), billOfLading({ bl_number: 'MRDLSGN2604418', goods_description: undefined, quantity: 9.9 }));
    expect(await linked(0.95, 'sync')).toBe(0);
    expect(await linked(0.3, 'sync')).toBe(1);
    expect(await linked(0.95, 'check run')).toBe(0);
    expect(await linked(0.3, 'check run')).toBe(1);
  });

  it('lets a B/L number read unsurely match a cited number, never rule it out (stored fields and the facts alike)', async () => {
    // The invoice cites its B/L; the scan of the B/L gives another number. Read with confidence, that
    // is another B/L; read at 30 %, the parties, goods, quantity and dates decide.
    const linked = linkedWith(invoice(), billOfLading({ bl_number: 'HLCUHAM2301234' }));
    expect(await linked(0.95, 'sync')).toBe(0);
    expect(await linked(0.3, 'sync')).toBe(1);
    expect(await linked(0.95, 'check run')).toBe(0);
    expect(await linked(0.3, 'check run')).toBe(1);
  });

  it('links one B/L to two receivables when both invoices cite it (what the duplicate rule must see)', async () => {
    const { ws, api, backend } = await checksWorkspace();
    addDocument(ws, { kind: 'invoice', fileName: 'r05-invoice.pdf', fields: invoice({ invoice_number: 'SPR/EX/2026/0167', bl_number: 'NHCLSGN2601274' }) });
    addDocument(ws, { kind: 'invoice', fileName: 'r11-invoice-scan.pdf', fields: invoice({ invoice_number: 'SPR/EX/2026/0167', bl_number: 'NHCL SGN 2601274' }) });
    const bl = addDocument(ws, { kind: 'bill_of_lading', fileName: 'r05-bl.pdf', fields: billOfLading({ bl_number: 'NHCLSGN2601274' }) });
    expect(value(await api.receivables.sync({}))).toEqual({ created: 2, linked: 2 });
    const list = value(await api.receivables.list({}));
    for (const r of list) expect(r.blNumbers).toEqual(['NHCLSGN2601274']);
    const links = ws.db.prepare('SELECT count(*) FROM receivable_documents WHERE document_id = ?').pluck().get(bl);
    expect(links).toBe(2);
    expect(normalizeBlNumber('abc-ssz 2603–01')).toBe('ABCSSZ260301');
    await backend.close();
  });

  it('keeps a person’s unlink through later syncs, links by hand only bills of lading, and audits both', async () => {
    const { ws, api, backend, people, signIn } = await checksWorkspace();
    addDocument(ws, { kind: 'invoice', fileName: 'inv.pdf', fields: invoice() });
    const bl = addDocument(ws, { kind: 'bill_of_lading', fileName: 'bl.pdf', fields: billOfLading() });
    const other = addDocument(ws, { kind: 'other', fileName: 'certificate.pdf', fields: {} });
    value(await api.receivables.sync({}));
    const [r] = value(await api.receivables.list({}));
    await signIn(people.ben);
    const unlinked = value(await api.receivables.unlink({ id: r!.id, documentId: bl }));
    expect(unlinked.documents.map((d) => d.kind)).toEqual(['invoice']);
    expect(value(await api.receivables.sync({}))).toEqual({ created: 0, linked: 0 });
    expect(value(await api.receivables.get({ id: r!.id })).documents).toHaveLength(1);

    const wrong = await api.receivables.link({ id: r!.id, documentId: other });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'RECEIVABLE.LINK_INVALID', message: expect.stringContaining('only a bill of lading') } });
    expect(await api.receivables.unlink({ id: r!.id, documentId: bl })).toMatchObject({ ok: false, error: { code: 'RECEIVABLE.LINK_INVALID' } });
    const relinked = value(await api.receivables.link({ id: r!.id, documentId: bl }));
    expect(relinked.documents.map((d) => d.method)).toEqual(['invoice', 'manual']);
    expect(await api.receivables.link({ id: 'rcv_missing', documentId: bl })).toMatchObject({ ok: false, error: { code: 'RECEIVABLE.NOT_FOUND' } });

    const rows = value(await api.audit.list({ entity: 'receivable', limit: 100 })).rows.map((a) => [a.action, a.actorName, a.details.method]);
    expect(rows).toContainEqual(['receivable.unlinked', 'Ben', 'bl_number']);
    expect(rows).toContainEqual(['receivable.linked', 'Ben', 'manual']);

    // Committee members read, but do not edit.
    const carl = value(await (async () => {
      await signIn(people.ana);
      return api.profiles.create({ name: 'Carl', role: 'committee_member', passphrase: 'passphrase-long' });
    })());
    await signIn(carl);
    expect(value(await api.receivables.list({}))).toHaveLength(1);
    expect(await api.receivables.unlink({ id: r!.id, documentId: bl })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    await backend.close();
  });

  it('keeps the grid values (cached per receivable) in step with corrections, links and kind changes', async () => {
    const { ws, api, backend } = await checksWorkspace();
    const inv = addDocument(ws, { kind: 'invoice', fileName: 'inv.pdf', fields: invoice() });
    const bl = addDocument(ws, { kind: 'bill_of_lading', fileName: 'bl.pdf', fields: billOfLading() });
    value(await api.receivables.sync({}));
    const [r] = value(await api.receivables.list({}));
    expect(r).toMatchObject({ amount: 103455, invoiceNumber: 'SPR/EX/2026/0142', blNumbers: ['MRDLSGN2604417'] });
    value(await api.documents.correctField({ id: inv, field: 'total_amount', value: 99_000 }));
    value(await api.documents.correctField({ id: bl, field: 'bl_number', value: 'MRDLSGN2604417X' }));
    expect(value(await api.receivables.list({}))[0]).toMatchObject({ amount: 99_000, blNumbers: ['MRDLSGN2604417X'] });
    expect(value(await api.receivables.list({ text: '2604417x' }))).toHaveLength(1);
    value(await api.receivables.unlink({ id: r!.id, documentId: bl }));
    expect(value(await api.receivables.list({}))[0]?.blNumbers).toEqual([]);
    // A cache emptied by hand is computed from the stored fields again.
    ws.db.prepare('UPDATE receivables SET summary = NULL').run();
    expect(value(await api.receivables.list({}))[0]).toMatchObject({ amount: 99_000, invoiceNumber: 'SPR/EX/2026/0142', blNumbers: [] });
    await backend.close();
  });

  it('records advance, margin and funding date (advance in minor units of the invoice currency)', async () => {
    const { ws, api, backend } = await checksWorkspace();
    addDocument(ws, { kind: 'invoice', fileName: 'usd.pdf', fields: invoice({ bl_number: undefined }) });
    addDocument(ws, { kind: 'invoice', fileName: 'jpy.pdf', fields: invoice({ invoice_number: 'J-1', currency: 'JPY', total_amount: 9_000_000, bl_number: undefined }) });
    value(await api.receivables.sync({}));
    const [jpy, usd] = value(await api.receivables.list({}));
    const updated = value(await api.receivables.update({ id: usd!.id, advanceAmount: 87_936.755, initialMarginPct: 12.5, fundingDate: '2026-03-02' }));
    expect(updated).toMatchObject({ advanceAmount: 87_936.76, initialMarginPct: 12.5, fundingDate: '2026-03-02' });
    expect(ws.db.prepare('SELECT advance_minor FROM receivables WHERE id = ?').pluck().get(usd!.id)).toBe(8_793_676);
    value(await api.receivables.update({ id: jpy!.id, advanceAmount: 7_650_000.4 }));
    expect(ws.db.prepare('SELECT advance_minor FROM receivables WHERE id = ?').pluck().get(jpy!.id)).toBe(7_650_000);
    // Leaving a field out keeps it; null clears it.
    const cleared = value(await api.receivables.update({ id: usd!.id, fundingDate: null }));
    expect(cleared).toMatchObject({ advanceAmount: 87_936.76, initialMarginPct: 12.5, fundingDate: null });
    const [entry] = value(await api.audit.list({ action: 'receivable.updated', limit: 1 })).rows;
    expect(entry?.details).toMatchObject({ currency: 'USD', after: { fundingDate: null } });
    await backend.close();
  });

  it('moves through the lifecycle only where allowed, and never to eligible with an open fail', async () => {
    const { ws, api, backend } = await checksWorkspace({ rules: TEST_RULES });
    addDocument(ws, { kind: 'invoice', fileName: 'big.pdf', fields: invoice({ total_amount: 250_000 }) });
    addDocument(ws, { kind: 'bill_of_lading', fileName: 'bl.pdf', fields: billOfLading() });
    addDocument(ws, { kind: 'invoice', fileName: 'small.pdf', fields: invoice({ invoice_number: 'S-1', total_amount: 50_000, bl_number: 'NONE' }) });
    value(await api.receivables.sync({}));
    const byFile = async () => new Map(value(await api.receivables.list({})).map((r) => [r.invoiceFileName, r]));
    let rows = await byFile();
    const big = rows.get('big.pdf')!;
    const small = rows.get('small.pdf')!;
    const early = await api.receivables.setStatus({ id: small.id, status: 'eligible' });
    expect(early).toMatchObject({ ok: false, error: { code: 'RECEIVABLE.STATUS_INVALID', message: expect.stringContaining('cannot become eligible') } });
    const unchecked = await api.receivables.setStatus({ id: small.id, status: 'checked' });
    expect(unchecked).toMatchObject({ ok: false, error: { code: 'RECEIVABLE.STATUS_INVALID', message: expect.stringContaining('run the checks') } });

    value(await api.checks.run({}));
    rows = await byFile();
    expect(rows.get('big.pdf')).toMatchObject({ status: 'ineligible', counts: { fail: 1, warn: 0, info: 0, waived: 0 } });
    expect(rows.get('small.pdf')).toMatchObject({ status: 'checked', counts: { fail: 0, warn: 1, info: 0, waived: 0 } });
    const blocked = await api.receivables.setStatus({ id: big.id, status: 'eligible' });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'RECEIVABLE.STATUS_INVALID', message: expect.stringContaining('1 open failing finding') } });

    // A person accepts the warning, pools it, and it is repaid; repaid is final.
    expect(value(await api.receivables.setStatus({ id: small.id, status: 'eligible', reason: 'B/L follows by courier' })).status).toBe('eligible');
    expect(value(await api.receivables.setStatus({ id: small.id, status: 'pooled' })).status).toBe('pooled');
    expect(await api.receivables.setStatus({ id: small.id, status: 'eligible' })).toMatchObject({ ok: false, error: { code: 'RECEIVABLE.STATUS_INVALID' } });
    expect(value(await api.receivables.setStatus({ id: small.id, status: 'repaid' })).status).toBe('repaid');
    const final = await api.receivables.setStatus({ id: small.id, status: 'defaulted' });
    expect(final).toMatchObject({ ok: false, error: { message: expect.stringContaining('final status') } });

    // A check run never moves a pooled or repaid receivable.
    value(await api.checks.run({}));
    expect((await byFile()).get('small.pdf')?.status).toBe('repaid');
    const [entry] = value(await api.audit.list({ action: 'receivable.status_changed', limit: 10 })).rows.slice(-1);
    expect(entry?.details).toMatchObject({ from: 'checked', to: 'eligible', reason: 'B/L follows by courier' });

    // Filters: by status and by text (invoice number, names, file names).
    expect(value(await api.receivables.list({ status: 'ineligible' })).map((r) => r.id)).toEqual([big.id]);
    expect(value(await api.receivables.list({ text: 's-1' })).map((r) => r.id)).toEqual([small.id]);
    expect(value(await api.receivables.list({ text: '100%_' }))).toEqual([]);
    expect(listReceivableSummaries(ws.db, { ids: [big.id] }).map((r) => r.invoiceFileName)).toEqual(['big.pdf']);
    await backend.close();
  });
});
