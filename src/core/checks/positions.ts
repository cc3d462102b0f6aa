/**
 * Where fields stand on their pages, packed into one typed array per snapshot: five float32 per
 * field (page, x, y, w, h). A snapshot of 100k receivables holds about three million fields; as
 * objects their boxes took a third of the snapshot's heap and most of its objects, yet rules only
 * read a box when they build the evidence of a finding.
 */
import type { BBox } from '../../shared/documents';

const STRIDE = 5;
// Boxes are fractions of the page; float32 keeps ~7 digits, so they are read back at 6 decimals.
const round = (v: number): number => Math.round(v * 1e6) / 1e6;

export class FieldPositions {
  private data: Float32Array;
  private count = 0;

  constructor(capacity = 64) {
    this.data = new Float32Array(Math.max(1, capacity) * STRIDE);
  }

  /** Stores a field's page and box; returns the index to keep on the field, or -1 when it has neither. */
  add(page: number | null, bbox: BBox | null): number {
    if (page === null && bbox === null) return -1;
    if ((this.count + 1) * STRIDE > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.count * STRIDE;
    this.data[at] = page ?? Number.NaN;
    this.data[at + 1] = bbox ? bbox.x : Number.NaN;
    this.data[at + 2] = bbox ? bbox.y : 0;
    this.data[at + 3] = bbox ? bbox.w : 0;
    this.data[at + 4] = bbox ? bbox.h : 0;
    this.count += 1;
    return this.count - 1;
  }

  /** The page and box stored at an index (both null for -1). */
  at(index: number): { readonly page: number | null; readonly bbox: BBox | null } {
    if (index < 0 || index >= this.count) return NOWHERE;
    const at = index * STRIDE;
    const page = this.data[at]!;
    const x = this.data[at + 1]!;
    return {
      page: Number.isNaN(page) ? null : page,
      bbox: Number.isNaN(x) ? null : { x: round(x), y: round(this.data[at + 2]!), w: round(this.data[at + 3]!), h: round(this.data[at + 4]!) },
    };
  }
}

const NOWHERE = { page: null, bbox: null } as const;
