import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFile } from '../../../src/backend/intake/extract-file';
import type { ExtractJson } from '../../../src/backend/intake/extract-file';
import type { OcrEngine } from '../../../src/backend/text';
import { runExtract } from '../../../src/cli/extract';
import { SAMPLES, sample } from './fixtures';

// The stateless extract: born-digital files only, so no OCR worker is ever started and this stays fast.

const noOcr: OcrEngine = { size: 1, recognize: () => Promise.reject(new Error('OCR was not expected')), close: async () => undefined };
const dir = mkdtempSync(path.join(tmpdir(), 'quayside-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extractFile', () => {
  it('reads a born-digital invoice into the extract JSON', async () => {
    const out = await extractFile(sample('r01-invoice.pdf'), 'r01-invoice.pdf', { ocr: noOcr });
    expect(out).toMatchObject({
      file: 'r01-invoice.pdf',
      sha256: '909348ba5439941561b11f83af2dd2b85807bb797dad25f0b883b7b5e7e02dc9',
      kind: 'invoice',
      pages: [{ n: 1, method: 'text_layer', confidence: 1, rotation: 0 }],
      errors: [],
    });
    expect(out.fields.invoice_number).toMatchObject({ value: 'SPR/EX/2026/0142', page: 1, method: 'text_layer' });
    expect(out.fields.invoice_number?.bbox).not.toBeNull();
    // It survives a JSON round trip unchanged: only plain data.
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('passes the pages to the extractor it is given', async () => {
    const out = await extractFile(sample('r02-bl.pdf'), 'r02-bl.pdf', {
      ocr: noOcr,
      extract: (pages) => ({ kind: 'other', kindScore: pages.length / 10, fields: {} }),
    });
    expect(out).toMatchObject({ kind: 'other', kindScore: 0.1, fields: {}, errors: [] });
  });

  it.each([
    ['random bytes', Uint8Array.from({ length: 512 }, (_, i) => (i * 7919) % 251), 'DOCUMENT.UNSUPPORTED'],
    ['an empty file', new Uint8Array(0), 'DOCUMENT.EMPTY'],
    ['a truncated PDF', sample('r01-invoice.pdf').subarray(0, 2000), 'DOCUMENT.CORRUPT'],
  ] as const)('reports %s as %s, with no fields', async (_name, bytes, code) => {
    const out = await extractFile(bytes, 'bad.bin', { ocr: noOcr });
    expect(out).toMatchObject({ file: 'bad.bin', kind: null, pages: [], fields: {} });
    expect(out.errors).toEqual([{ code, message: expect.stringContaining('bad.bin') }]);
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('quayside extract', () => {
  const run = async (files: string[], json: boolean) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runExtract(files, { out: (l) => out.push(l), err: (l) => err.push(l) }, { json, workers: 1 });
    return { code, out, err };
  };

  it('prints one JSON object per file in the order given, goes on past a bad file and exits 1', async () => {
    const junk = path.join(dir, 'notes.docx');
    writeFileSync(junk, Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    const { code, out } = await run([path.join(SAMPLES, 'r01-invoice.pdf'), junk, path.join(SAMPLES, 'r02-bl.pdf'), path.join(dir, 'missing.pdf')], true);
    expect(code).toBe(1);
    const lines = out.map((l) => JSON.parse(l) as ExtractJson);
    expect(lines.map((l) => [path.basename(l.file), l.kind, l.errors.map((e) => e.code)])).toEqual([
      ['r01-invoice.pdf', 'invoice', []],
      ['notes.docx', null, ['DOCUMENT.UNSUPPORTED']],
      ['r02-bl.pdf', 'bill_of_lading', []],
      ['missing.pdf', null, ['DOCUMENT.NOT_FOUND']],
    ]);
    expect(lines[2]!.fields.bl_number?.value).toBe('NHCLLCH2600913');
    expect(lines.map((l) => l.pageRange)).toEqual([{ from: 1, to: 1 }, null, { from: 1, to: 1 }, null]);
  });

  it('exits 0 when every file was read, and prints a readable summary without --json', async () => {
    const { code, out } = await run([path.join(SAMPLES, 'r01-invoice.pdf')], false);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/r01-invoice\.pdf: invoice \(\d+ %\), 1 page, text layer/);
    expect(out.some((l) => /invoice_number\s+SPR\/EX\/2026\/0142/.test(l))).toBe(true);
    expect(out.at(-1)).toBe('1 of 1 file read.');
  });

  it('refuses to run without files', async () => {
    const { code, err } = await run([], true);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/at least one file/);
  });
});
