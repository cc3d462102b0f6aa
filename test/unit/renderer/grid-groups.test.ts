import { describe, expect, it } from 'vitest';
import type { IRowNode } from 'ag-grid-community';
import { groupRows, isGroupRow, keepGroupsTogether } from '../../../src/renderer/ui/grid-groups';
import type { GroupRow } from '../../../src/renderer/ui/grid-groups';
import { documentFocusFromHash, hashOfDocumentFocus } from '../../../src/renderer/features/documents/document-route';
import { hashOfReceivable, receivableFromHash } from '../../../src/renderer/features/receivables/receivable-route';

type Row = { readonly id: string; readonly party: string; readonly amount: number; readonly currency: string };

const ROWS: readonly Row[] = [
  { id: 'a', party: 'Rheinfeld', amount: 100.1, currency: 'EUR' },
  { id: 'b', party: 'Chao Phraya', amount: 200.2, currency: 'USD' },
  { id: 'c', party: '', amount: 5, currency: 'USD' },
  { id: 'd', party: 'Chao Phraya', amount: 50.05, currency: 'EUR' },
  { id: 'e', party: 'Chao Phraya', amount: 0.1, currency: 'USD' },
];
const spec = {
  keyOf: (row: Row) => row.party,
  amountOf: (row: Row) => ({ amount: row.amount, currency: row.currency }),
};
const headers = (rows: readonly (Row | GroupRow)[]): GroupRow[] => rows.filter(isGroupRow);
const ids = (rows: readonly (Row | GroupRow)[]): string[] => rows.map((row) => row.id);

describe('groupRows', () => {
  it('puts a header with count and per-currency totals before each group, empty key last', () => {
    const out = groupRows(ROWS, spec, new Set());
    expect(ids(out)).toEqual(['group:Chao Phraya', 'b', 'd', 'e', 'group:Rheinfeld', 'a', 'group:', 'c']);
    const [chao, rheinfeld, none] = headers(out);
    expect(chao).toMatchObject({ label: 'Chao Phraya', count: 3, index: 0, collapsed: false });
    expect(chao?.totals).toEqual([
      { currency: 'EUR', amount: 50.05 },
      { currency: 'USD', amount: 200.3 },
    ]);
    expect(rheinfeld?.totals).toEqual([{ currency: 'EUR', amount: 100.1 }]);
    expect(none).toMatchObject({ label: '—', count: 1 });
  });

  it('keeps only the header of a collapsed group, with the count of what it hides', () => {
    const out = groupRows(ROWS, spec, new Set(['Chao Phraya']));
    expect(ids(out)).toEqual(['group:Chao Phraya', 'group:Rheinfeld', 'a', 'group:', 'c']);
    expect(headers(out)[0]).toMatchObject({ collapsed: true, count: 3 });
  });

  it('orders groups with the given comparison and names them with the given labels', () => {
    const out = groupRows(ROWS, { ...spec, compare: (a: string, b: string) => b.localeCompare(a), labelOf: (k: string) => `P ${k}` }, new Set());
    expect(headers(out).map((h) => h.label)).toEqual(['P Rheinfeld', 'P Chao Phraya', 'P ']);
  });
});

describe('keepGroupsTogether', () => {
  it('puts each header back above its members after a column sort, members in sorted order', () => {
    const grouped = groupRows(ROWS, spec, new Set());
    // As the grid might leave them after sorting by amount, descending: headers scattered.
    const sorted = [...grouped].sort((x, y) => (isGroupRow(y) ? -1 : y.amount) - (isGroupRow(x) ? -1 : x.amount));
    const nodes = sorted.map((data) => ({ data }) as IRowNode<Row | GroupRow>);
    keepGroupsTogether(spec.keyOf)({ nodes });
    expect(nodes.map((node) => node.data?.id)).toEqual(['group:Chao Phraya', 'b', 'd', 'e', 'group:Rheinfeld', 'a', 'group:', 'c']);
  });

  it('leaves ungrouped rows alone', () => {
    const nodes = ROWS.map((data) => ({ data }) as IRowNode<Row | GroupRow>).reverse();
    keepGroupsTogether(spec.keyOf)({ nodes });
    expect(nodes.map((node) => node.data?.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});

describe('deep links', () => {
  it('carry a page, field, box and the receivable to go back to', () => {
    const hash = hashOfDocumentFocus('doc 1', { page: 2, field: 'payment_account', bbox: { x: 0.1, y: 0.25, w: 0.3333333, h: 0.02 }, from: 'r1', finding: 'r1:escrow:x' });
    expect(hash.startsWith('#/documents/doc%201?')).toBe(true);
    expect(documentFocusFromHash(hash)).toEqual({
      page: 2,
      field: 'payment_account',
      bbox: { x: 0.1, y: 0.25, w: 0.33333, h: 0.02 },
      from: 'r1',
      finding: 'r1:escrow:x',
    });
  });

  it('ignore a malformed box or page and read a plain review link as no focus', () => {
    expect(documentFocusFromHash('#/documents/d?page=0&box=1,2,x')).toMatchObject({ page: null, bbox: null });
    expect(documentFocusFromHash('#/documents/d')).toEqual({ page: null, field: null, bbox: null, from: null, finding: null });
  });

  it('open a receivable, optionally at one finding', () => {
    expect(receivableFromHash(hashOfReceivable('r/1', 'r/1:rule:k'))).toEqual({ id: 'r/1', finding: 'r/1:rule:k' });
    expect(receivableFromHash('#/receivables')).toBeNull();
    expect(receivableFromHash('#/receivables/abc')).toEqual({ id: 'abc', finding: null });
  });
});
