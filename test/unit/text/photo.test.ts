import { describe, expect, it } from 'vitest';
import { inkShare, isPhoto, unevenLight } from '../../../src/backend/text/ocr-engine';
import type { GrayImage } from '../../../src/backend/text/raster';

/** A page of `paper` grey with rows of dark "words", lit by `light(x, y)` (added to every pixel). */
function page(paper: number, light: (x: number, y: number) => number = () => 0): GrayImage {
  const [width, height] = [600, 800];
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const ink = y % 40 < 12 && x % 50 < 38 && x > 40 && x < 560;
      data[y * width + x] = Math.max(0, Math.min(255, (ink ? 60 : paper) + light(x, y)));
    }
  }
  return { width, height, data };
}

describe('isPhoto', () => {
  it('takes white paper for a scan', () => {
    expect(isPhoto(page(245))).toBe(false);
  });

  it('takes evenly lit grey or recycled paper for a scan, not a photo (its pale print must survive)', () => {
    const grey = page(185);
    expect(unevenLight(grey)).toBeLessThan(10);
    expect(isPhoto(grey)).toBe(false);
  });

  it('takes a page whose light falls off across it for a photo', () => {
    const photo = page(170, (x, y) => -Math.round(((x + y) / 1400) * 90));
    expect(unevenLight(photo)).toBeGreaterThanOrEqual(15);
    expect(isPhoto(photo)).toBe(true);
  });
});

describe('inkShare', () => {
  it('tells a page with print from a blank sheet with noise and a few specks', () => {
    const noisy = (specks: number): GrayImage => {
      const [width, height] = [600, 800];
      const data = new Uint8Array(width * height);
      let seed = 3;
      const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      for (let i = 0; i < data.length; i += 1) data[i] = 185 + Math.round((rnd() - 0.5) * 24);
      for (let k = 0; k < specks; k += 1) data[Math.floor(rnd() * data.length)] = 40;
      return { width, height, data };
    };
    expect(inkShare(noisy(20))).toBeLessThan(0.001);
    expect(inkShare(page(185))).toBeGreaterThan(0.05);
  });
});
