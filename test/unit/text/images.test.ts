import { describe, expect, it } from 'vitest';
import { imageSizeAcceptable, readImageHeader } from '../../../src/backend/text/images';

const be32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number): number[] => [(n >>> 8) & 255, n & 255];
const le16 = (n: number): number[] => [n & 255, (n >>> 8) & 255];
const le32 = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

const png = (w: number, h: number): Uint8Array =>
  Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...be32(13), 0x49, 0x48, 0x44, 0x52, ...be32(w), ...be32(h), 8, 0, 0, 0, 0]);

// SOI, an APP0 segment to skip, then SOF0 with height and width.
const jpeg = (w: number, h: number, sof = 0xc0): Uint8Array =>
  Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...be16(6), 0x4a, 0x46, 0x49, 0x46, 0xff, sof, ...be16(11), 8, ...be16(h), ...be16(w), 1, 1, 0x11, 0]);

/** A little-endian TIFF with `frames` IFDs, each declaring width and height (SHORT or LONG). */
function tiff(w: number, h: number, frames = 1, long = false): Uint8Array {
  const out: number[] = [0x49, 0x49, 0x2a, 0x00, ...le32(8)];
  for (let f = 0; f < frames; f += 1) {
    const next = f + 1 < frames ? out.length + 2 + 2 * 12 + 4 : 0;
    out.push(...le16(2));
    out.push(...le16(256), ...le16(long ? 4 : 3), ...le32(1), ...(long ? le32(w) : [...le16(w), 0, 0]));
    out.push(...le16(257), ...le16(long ? 4 : 3), ...le32(1), ...(long ? le32(h) : [...le16(h), 0, 0]));
    out.push(...le32(next));
  }
  return Uint8Array.from(out);
}

describe('readImageHeader', () => {
  it.each([
    ['PNG', png(1654, 2339), 'image/png', { width: 1654, height: 2339, frames: 1 }],
    ['JPEG baseline', jpeg(2339, 1654), 'image/jpeg', { width: 2339, height: 1654, frames: 1 }],
    ['JPEG progressive', jpeg(800, 600, 0xc2), 'image/jpeg', { width: 800, height: 600, frames: 1 }],
    ['TIFF with SHORT sizes', tiff(2480, 3508), 'image/tiff', { width: 2480, height: 3508, frames: 1 }],
    ['TIFF with LONG sizes, 3 pages', tiff(70_000, 5, 3, true), 'image/tiff', { width: 70_000, height: 5, frames: 3 }],
    ['PNG cut before IHDR', png(10, 10).subarray(0, 16), 'image/png', null],
    ['JPEG without a frame header', Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 4, 0, 0]), 'image/jpeg', null],
    ['TIFF pointing past its end', Uint8Array.from([0x49, 0x49, 0x2a, 0, 0xff, 0xff, 0, 0]), 'image/tiff', null],
  ] as const)('%s', (_name, bytes, type, expected) => {
    expect(readImageHeader(bytes, type)).toEqual(expected);
  });

  it('stops on a TIFF whose IFD chain loops back on itself', () => {
    const bytes = tiff(100, 100, 1);
    // Point the only IFD's "next" at itself.
    bytes.set(le32(8), bytes.length - 4);
    expect(readImageHeader(bytes, 'image/tiff')).toEqual({ width: 100, height: 100, frames: 1 });
  });
});

describe('imageSizeAcceptable', () => {
  it.each([
    [{ width: 2480, height: 3508, frames: 1 }, true],
    [{ width: 9000, height: 11_000, frames: 1 }, true],
    [{ width: 12_000, height: 12_000, frames: 1 }, false],
    [{ width: 40_000, height: 10, frames: 1 }, false],
    [{ width: 65_535, height: 65_535, frames: 1 }, false],
  ])('%j → %s', (header, expected) => {
    expect(imageSizeAcceptable(header)).toBe(expected);
  });
});
