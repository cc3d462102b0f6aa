import { describe, expect, it } from 'vitest';
import { decodePgm, encodePgm, grayFromRgba, rotateGray, sharpenGray, shrinkGray } from '../../../src/backend/text/raster';
import type { GrayImage } from '../../../src/backend/text/raster';

// A 3 × 2 image with distinct pixels:  1 2 3
//                                      4 5 6
const IMG: GrayImage = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
const rows = (img: GrayImage): number[][] =>
  Array.from({ length: img.height }, (_, y) => [...img.data.subarray(y * img.width, (y + 1) * img.width)]);

describe('rotateGray', () => {
  it.each([
    [0, [[1, 2, 3], [4, 5, 6]]],
    [90, [[4, 1], [5, 2], [6, 3]]],
    [180, [[6, 5, 4], [3, 2, 1]]],
    [270, [[3, 6], [2, 5], [1, 4]]],
  ] as const)('turns %i° clockwise', (turn, expected) => {
    expect(rows(rotateGray(IMG, turn))).toEqual(expected);
  });

  it('undoes a quarter turn with three more', () => {
    expect(rows(rotateGray(rotateGray(IMG, 90), 270))).toEqual(rows(IMG));
    expect(rows(rotateGray(rotateGray(rotateGray(IMG, 90), 90), 180))).toEqual(rows(IMG));
  });
});

describe('shrinkGray', () => {
  it('averages boxes down to the long side asked for', () => {
    const img: GrayImage = { width: 4, height: 2, data: Uint8Array.from([0, 100, 200, 200, 100, 0, 50, 50]) };
    const small = shrinkGray(img, 2);
    expect([small.width, small.height]).toEqual([2, 1]);
    expect([...small.data]).toEqual([50, 125]);
  });

  it('leaves an image that already fits alone', () => {
    expect(shrinkGray(IMG, 10)).toBe(IMG);
  });
});

describe('sharpenGray', () => {
  // A soft edge from paper (220) to ink (40) over eight pixels, as an enlarged low-resolution scan has.
  const ramp = (x: number): number => (x < 10 ? 220 : x >= 18 ? 40 : Math.round(220 - ((x - 9) * 180) / 9));
  const soft: GrayImage = { width: 28, height: 3, data: Uint8Array.from({ length: 84 }, (_, i) => ramp(i % 28)) };
  const steepest = (img: GrayImage): number => Math.max(...Array.from({ length: img.width - 1 }, (_, x) => Math.abs(img.data[28 + x + 1]! - img.data[28 + x]!)));

  it('steepens a soft edge between ink and paper, clipped to 0–255', () => {
    const sharp = sharpenGray(soft, 2, 1);
    expect(steepest(sharp)).toBeGreaterThan(steepest(soft) * 1.3);
    // Paper lightens and ink darkens next to the edge; both stay in range.
    expect(sharp.data[28 + 9]!).toBeGreaterThan(soft.data[28 + 9]!);
    expect(sharp.data[28 + 18]!).toBeLessThan(soft.data[28 + 18]!);
  });

  it('leaves an even page as it is', () => {
    const flat: GrayImage = { width: 9, height: 9, data: new Uint8Array(81).fill(200) };
    expect([...sharpenGray(flat, 2, 1).data]).toEqual([...flat.data]);
  });
});

describe('PGM', () => {
  it('round-trips through encode and decode', () => {
    const pgm = encodePgm(IMG);
    expect(new TextDecoder().decode(pgm.subarray(0, 11))).toBe('P5\n3 2\n255\n');
    const back = decodePgm(pgm)!;
    expect([back.width, back.height, ...back.data]).toEqual([3, 2, 1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ['not a PGM', new TextEncoder().encode('P6\n3 2\n255\n123456')],
    ['16-bit', new TextEncoder().encode('P5\n1 1\n65535\n\0\0')],
    ['short pixel data', new TextEncoder().encode('P5\n3 2\n255\n123')],
    ['no size', new TextEncoder().encode('P5\n\n')],
  ])('rejects %s', (_name, bytes) => {
    expect(decodePgm(bytes)).toBeNull();
  });
});

describe('grayFromRgba', () => {
  it('takes luma and composites transparency on white', () => {
    const rgba = Uint8Array.from([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0]);
    expect([...grayFromRgba(rgba, 4, 1).data]).toEqual([255, 0, 76, 255]);
  });
});
