// The engine with the real rule set: after any sequence of edits, `update` leaves every
// receivable with exactly the findings a fresh `evaluateAll` of the same receivables gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCheckState, evaluateAll, outcomeOf, update } from '../../../src/core/checks/engine';
import type { ReceivableOutcome } from '../../../src/core/checks/engine';
import { RULES } from '../../../src/core/checks/rules/index';
import type { ReceivableFacts } from '../../../src/core/checks/types';
import { context, receivable } from './fixtures';

const hash = (text: string): string => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
};

// Few distinct values, so that edits move receivables between shared groups (same supplier, buyer,
// amount, invoice number, B/L number, file).
const spec = fc.record({
  id: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'),
  supplierId: fc.constantFrom<string | null>('S1', 'S3', null),
  buyerId: fc.constantFrom<string | null>('B1', 'B4', null),
  number: fc.constantFrom('INV-1', 'INV-2', 'INV-3'),
  day: fc.integer({ min: 1, max: 28 }),
  month: fc.constantFrom('02', '03'),
  quantity: fc.constantFrom(49.5, 1500, 2500, 3000),
  amount: fc.constantFrom(52_569, 400_000, 600_000),
  bl: fc.constantFrom('BL-1', 'BL-2', 'BL-3', null),
  // The B/L number the invoice cites, when not the linked one's (the receivable then has two B/L keys).
  cited: fc.constantFrom<string | null>(null, null, 'BL-2', 'BL-3'),
  sha: fc.constantFrom('h1', 'h2', 'h3', 'h4'),
});

type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

const build = (s: Spec): ReceivableFacts =>
  receivable(s.id, {
    supplierId: s.supplierId,
    buyerId: s.buyerId,
    sha256: s.sha,
    invoice: { invoice_number: s.number, issue_date: `2026-${s.month}-${String(s.day).padStart(2, '0')}`, quantity: s.quantity, total_amount: s.amount, bl_number: s.cited ?? s.bl ?? undefined },
    bl: s.bl === null ? null : { bl_number: s.bl, quantity: s.quantity },
  });

const edit = fc.oneof(spec.map((s) => ({ upsert: s })), fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H').map((id) => ({ remove: id })));

const canonical = (outcomes: readonly ReceivableOutcome[]): string[] =>
  outcomes.flatMap((o) => o.findings.map((f) => JSON.stringify([o.receivableId, f.ruleId, f.key, f.severity, f.message, f.evidence]))).sort();

describe('engine with RULES', () => {
  // The duplicate rules' keys pass a hashed sieve before they get groups; one and two buckets make
  // unrelated keys share buckets, so that every path through the sieve is taken.
  it.each([undefined, 1, 2, 8])('update after random edits equals a fresh evaluateAll (sieve buckets: %s)', (sieveBuckets) => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 8 }), fc.array(edit, { minLength: 1, maxLength: 10 }), (initial, edits) => {
        const ctx = context();
        const current = new Map<string, ReceivableFacts>();
        for (const s of initial) current.set(s.id, build(s));
        const state = createCheckState(RULES, ctx, hash, { sieveBuckets });
        evaluateAll(state, current.values());
        for (const e of edits) {
          if ('upsert' in e) {
            const facts = build(e.upsert);
            current.set(facts.id, facts);
            update(state, { upsert: [facts] });
          } else {
            current.delete(e.remove);
            update(state, { remove: [e.remove] });
          }
        }
        const incremental = [...current.keys()].map((id) => outcomeOf(state, id));
        const fresh = evaluateAll(createCheckState(RULES, ctx, hash), current.values());
        expect(canonical(incremental)).toEqual(canonical(fresh));
        expect(incremental.map((o) => o.inputsHash).sort()).toEqual(fresh.map((o) => o.inputsHash).sort());
      }),
      { numRuns: 150 },
    );
  });

  it('update reports the receivables whose group findings changed', () => {
    const ctx = context();
    const state = createCheckState(RULES, ctx, hash);
    const a = receivable('A', { invoice: { invoice_number: 'X-1' } });
    const b = receivable('B', { invoice: { invoice_number: 'X-2', bl_number: 'OTHER' }, bl: { bl_number: 'OTHER' } });
    evaluateAll(state, [a, b]);
    const dup = receivable('B', { invoice: { invoice_number: 'X-1', bl_number: 'OTHER' }, bl: { bl_number: 'OTHER' } });
    const touched = update(state, { upsert: [dup] });
    expect(touched.map((o) => o.receivableId).sort()).toEqual(['A', 'B']);
    expect(touched.every((o) => o.findings.some((f) => f.ruleId === 'duplicate.invoice_number' && f.severity === 'fail'))).toBe(true);
  });

  it('counts an id given twice once, with its last facts', () => {
    const ctx = context();
    // Together with B, the first facts of A would exceed S1's capacity (4,000 MT a month); the last
    // facts move A to S3.
    const first = receivable('A', { invoice: { invoice_number: 'X-1', quantity: 3000 }, bl: { quantity: 3000 } });
    const last = receivable('A', { supplierId: 'S3', invoice: { invoice_number: 'X-2' } });
    const b = receivable('B', { invoice: { invoice_number: 'X-3', quantity: 3000, bl_number: 'OTHER' }, bl: { bl_number: 'OTHER', quantity: 3000 } });
    const twice = evaluateAll(createCheckState(RULES, ctx, hash), [first, b, last]);
    const once = evaluateAll(createCheckState(RULES, ctx, hash), [last, b]);
    expect(twice.map((o) => o.receivableId)).toEqual(['A', 'B']);
    expect(canonical(twice)).toEqual(canonical(once));
  });

  it('finds duplicates among many unique keys, and forgets them when one leaves', () => {
    const ctx = context();
    const state = createCheckState(RULES, ctx, hash);
    const many = Array.from({ length: 400 }, (_, i) => receivable(`R${i}`, { invoice: { invoice_number: `N-${i}`, bl_number: `BL-${i}` }, bl: { bl_number: `BL-${i}` } }));
    many.push(receivable('COPY', { invoice: { invoice_number: 'N-234', bl_number: 'BL-COPY' }, bl: { bl_number: 'BL-COPY' } }));
    const failing = (outcomes: readonly ReceivableOutcome[]): string[] =>
      outcomes.filter((o) => o.findings.some((f) => f.ruleId === 'duplicate.invoice_number')).map((o) => o.receivableId).sort();
    expect(failing(evaluateAll(state, many))).toEqual(['COPY', 'R234']);
    const touched = update(state, { remove: ['COPY'] });
    // (All of the supplier's receivables are touched: its capacity group changed.)
    expect(touched.map((o) => o.receivableId)).toEqual(expect.arrayContaining(['COPY', 'R234']));
    expect(failing(touched)).toEqual([]);
    expect(failing(update(state, { upsert: [receivable('LATE', { invoice: { invoice_number: 'N-77', bl_number: 'BL-LATE' }, bl: { bl_number: 'BL-LATE' } })] }))).toEqual(['LATE', 'R77']);
  });
});
