import { describe, expect, it } from 'vitest';
import { FieldPositions } from '../../../src/core/checks/positions';

describe('FieldPositions', () => {
  it('gives back the page and box stored at an index, at six decimals', () => {
    const store = new FieldPositions(1);
    const a = store.add(1, { x: 0.55, y: 0.30000000000000004, w: 0.3, h: 0.018 });
    const b = store.add(3, { x: 0.123456, y: 0.5, w: 0.25, h: 0.01 });
    expect(store.at(a)).toEqual({ page: 1, bbox: { x: 0.55, y: 0.3, w: 0.3, h: 0.018 } });
    expect(store.at(b)).toEqual({ page: 3, bbox: { x: 0.123456, y: 0.5, w: 0.25, h: 0.01 } });
  });

  it('keeps a page without a box, and nothing for a field with neither', () => {
    const store = new FieldPositions();
    expect(store.add(null, null)).toBe(-1);
    expect(store.at(-1)).toEqual({ page: null, bbox: null });
    expect(store.at(store.add(2, null))).toEqual({ page: 2, bbox: null });
    expect(store.at(store.add(null, { x: 0, y: 0, w: 1, h: 1 }))).toEqual({ page: null, bbox: { x: 0, y: 0, w: 1, h: 1 } });
  });

  it('grows past its first capacity without losing what it held', () => {
    const store = new FieldPositions(2);
    const at = Array.from({ length: 1000 }, (_, i) => store.add(i + 1, { x: (i % 100) / 100, y: 0.5, w: 0.1, h: 0.01 }));
    expect(at[999]).toBe(999);
    expect(store.at(at[0]!)).toEqual({ page: 1, bbox: { x: 0, y: 0.5, w: 0.1, h: 0.01 } });
    expect(store.at(at[777]!)).toEqual({ page: 778, bbox: { x: 0.77, y: 0.5, w: 0.1, h: 0.01 } });
    expect(store.at(1000)).toEqual({ page: null, bbox: null });
  });
});
