// The snapshot the rules read: field rows become facts with a digest of what was stored, and boxes
// live in one packed store that evidence reads back.
import { describe, expect, it } from 'vitest';
import { gatherFacts } from '../../src/backend/checks/gather';
import { sha256Hex } from '../../src/backend/crypto/hash';
import { listCounterparties } from '../../src/backend/counterparties/counterparties-repo';
import { markReviewed } from '../../src/backend/documents/documents-repo';
import { loadFactFields } from '../../src/backend/receivables/receivables-repo';
import { dayNumber } from '../../src/core/checks/dates';
import { fieldEvidence } from '../../src/core/checks/evidence';
import { FieldPositions } from '../../src/core/checks/positions';
import { addDocument, checksWorkspace, correctDirectly } from './helpers/checks-fixtures';

const digests = (db: Parameters<typeof loadFactFields>[0], ids: readonly string[] | 'all'): Map<string, string> =>
  new Map([...loadFactFields(db, ids, new Set(), sha256Hex, new FieldPositions()).entries()].map(([id, f]) => [id, f.rowsDigest]));

describe('fact fields', () => {
  it('digests a document the same whether its rows are stored together or apart', async () => {
    const { ws } = await checksWorkspace();
    const a = addDocument(ws, { kind: 'invoice', fileName: 'a.pdf', fields: { invoice_number: 'A-1', total_amount: 100, currency: 'USD' } });
    const b = addDocument(ws, { kind: 'invoice', fileName: 'b.pdf', fields: { invoice_number: 'B-1', total_amount: 200, currency: 'USD' } });
    const before = digests(ws.db, 'all');
    // A field the reader missed, typed in by a person: its row is stored after b's rows.
    correctDirectly(ws, a, 'due_date', '2026-06-30');
    const all = digests(ws.db, 'all');
    const one = digests(ws.db, [a]);
    expect(all.get(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(all.get(a)).toBe(one.get(a));
    expect(all.get(a)).not.toBe(before.get(a));
    expect(all.get(b)).toBe(before.get(b));
    // Reading again changes nothing.
    expect(digests(ws.db, 'all')).toEqual(all);
  });

  it('changes a document digest when a value is corrected or the document is reviewed, and keeps field boxes for evidence', async () => {
    const { ws } = await checksWorkspace();
    const inv = addDocument(ws, { kind: 'invoice', fileName: 'inv.pdf', fields: { invoice_number: 'INV-9', total_amount: 5000, currency: 'EUR', seller: 'Acme' } });
    const deps = { counterparties: listCounterparties(ws.db), fingerprint: () => null, now: '2026-03-01T00:00:00.000Z' };
    ws.db
      .prepare("INSERT INTO receivables (id, invoice_document_id, status, created_at, created_by, updated_at) VALUES ('rcv_1', ?, 'draft', 'x', 'test', 'x')")
      .run(inv);
    const first = gatherFacts(ws.db, deps).facts[0]!;
    expect(gatherFacts(ws.db, deps).facts[0]!.invoice.digest).toBe(first.invoice.digest);
    // addDocument puts fields one under another from y = 0.13, 0.3 wide, 0.02 high, on page 1.
    expect(fieldEvidence(first.invoice, 'total_amount', 'Total')).toMatchObject({ page: 1, bbox: { x: 0.1, y: 0.16, w: 0.3, h: 0.02 }, value: 5000 });
    expect(fieldEvidence(first.invoice, 'due_date', 'Due')).toMatchObject({ page: null, bbox: null, value: null });
    // The values rules share are parsed with the snapshot, from the fields as stored.
    expect(first.derived).toMatchObject({ amount: 5000, currency: 'EUR', due: null });

    correctDirectly(ws, inv, 'total_amount', 5100);
    const corrected = gatherFacts(ws.db, deps).facts[0]!;
    expect(corrected.invoice.digest).not.toBe(first.invoice.digest);
    expect(corrected.invoice.fields.total_amount).toMatchObject({ value: 5100, confidence: 1, confirmed: true });
    expect(corrected.derived.amount).toBe(5100);
    correctDirectly(ws, inv, 'due_date', '2026-06-30');
    expect(gatherFacts(ws.db, deps).facts[0]!.derived.due).toEqual({ day: dayNumber('2026-06-30'), derived: false });
    // The box is still the one the value was read from.
    expect(fieldEvidence(corrected.invoice, 'total_amount', 'Total')).toMatchObject({ page: 1, bbox: { x: 0.1, y: 0.16, w: 0.3, h: 0.02 }, value: 5100 });

    markReviewed(ws.db, inv, 'test', '2026-03-02T00:00:00.000Z');
    const reviewed = gatherFacts(ws.db, deps).facts[0]!;
    expect(reviewed.invoice.digest).not.toBe(corrected.invoice.digest);
    expect(reviewed.invoice.fields.seller?.confirmed).toBe(true);
  });
});
