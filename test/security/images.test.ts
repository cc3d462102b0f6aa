// Scans as scanners and unlucky transfers deliver them (issue 23): JPEG and PNG files cut short are
// refused as DOCUMENT.TRUNCATED, and TIFFs in every compression scanners write — Deflate, JPEG, LZW,
// CCITT G4, none — and with several pages are read. The TIFF variants are made with ImageMagick at
// test time from a bundled scan (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../../src/backend/intake/extract-file';
import { decodeToGray, imageTruncated, openTiff } from '../../src/backend/text/images';
import { createOcrEngine } from '../../src/backend/text';
import type { OcrEngine } from '../../src/backend/text/types';
import { tempDir } from '../integration/helpers/temp';

const SAMPLES = join(process.cwd(), 'resources/samples');
const convert = spawnSync('convert', ['-version']).status === 0 ? 'convert' : null;

let ocr: OcrEngine;
beforeAll(() => {
  ocr = createOcrEngine({ workers: 1 });
});
afterAll(async () => {
  await ocr.close();
});

describe('images cut short', () => {
  it('are refused as DOCUMENT.TRUNCATED, whole ones are read', async () => {
    for (const name of ['r09-invoice-photo.jpg', 'r07-invoice-scan.png']) {
      const bytes = new Uint8Array(readFileSync(join(SAMPLES, name)));
      const type = name.endsWith('.png') ? 'image/png' : 'image/jpeg';
      expect(imageTruncated(bytes, type)).toBe(false);
      const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
      expect(imageTruncated(cut, type)).toBe(true);
      const result = await extractFile(cut, name, { ocr });
      expect(result.errors.map((e) => e.code)).toEqual(['DOCUMENT.TRUNCATED']);
      expect(result.errors[0]?.message).toMatch(/cut short.*complete file/);
    }
  });
});

describe.skipIf(!convert)('TIFF compressions scanners write', () => {
  const source = join(SAMPLES, 'r07-invoice-scan.png');
  const make = (name: string, args: readonly string[]): Uint8Array => {
    const out = join(tempDir(), name);
    const run = spawnSync(convert!, [...args, out]);
    if (run.status !== 0) throw new Error(`convert failed: ${run.stderr.toString()}`);
    return new Uint8Array(readFileSync(out));
  };
  const darkShare = (pixels: Uint8Array): number => pixels.reduce((n, v) => n + (v < 128 ? 1 : 0), 0) / pixels.length;

  it('decodes Deflate, JPEG, LZW, CCITT G4 and uncompressed pages to the scan they hold', async () => {
    const reference = await decodeToGray(new Uint8Array(readFileSync(source)));
    for (const [compression, extra] of [['Zip', []], ['JPEG', []], ['LZW', []], ['None', []], ['Group4', ['-threshold', '50%']]] as const) {
      const tiff = openTiff(make(`page-${compression}.tif`, [source, '-colorspace', 'Gray', ...extra, '-compress', compression]));
      expect(tiff.count, compression).toBe(1);
      const page = await tiff.page(0);
      expect([page.width, page.height], compression).toEqual([reference.width, reference.height]);
      // The same ink where the scan has it: row by row, the dark share of the page matches.
      const rows = (img: typeof page) => Array.from({ length: 20 }, (_, k) => darkShare(img.data.subarray(Math.floor((k * img.height) / 20) * img.width, Math.floor(((k + 1) * img.height) / 20) * img.width)));
      const [a, b] = [rows(reference), rows(page)];
      for (let k = 0; k < 20; k += 1) expect(Math.abs(a[k]! - b[k]!), `${compression} band ${k}`).toBeLessThan(0.03);
    }
  });

  it('reads every page of a multi-page JPEG-compressed TIFF through OCR', { timeout: 120_000 }, async () => {
    const bytes = make('two-pages.tif', [source, join(SAMPLES, 'r03-bl-scan.png'), '-colorspace', 'Gray', '-compress', 'JPEG']);
    const result = await extractFile(bytes, 'two-pages.tif', { ocr });
    expect(result.errors).toEqual([]);
    expect(result.pages.map((p) => [p.n, p.method])).toEqual([
      [1, 'ocr'],
      [2, 'ocr'],
    ]);
    for (const page of result.pages) expect(page.confidence).toBeGreaterThan(0.6);
    expect(result.kind).not.toBeNull();
  });
});
