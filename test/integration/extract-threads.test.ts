// `quayside extract` reads on one worker thread and extracts on another (src/cli/extract.ts): the
// split gives the same results as reading and extracting in one, and the extraction keeps to what
// is left of the document's time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFileDocuments } from '../../src/backend/intake/extract-file';
import { workerReader } from '../../src/backend/intake/worker-reader';
import { createOcrEngine } from '../../src/backend/text';
import { facturXPdf } from '../fixtures/einvoice/factur-x';
import { RESIN_INVOICE } from '../fixtures/einvoice/invoices';

const SAMPLES = join(import.meta.dirname, '../../resources/samples');
const reader = workerReader({ ocrWorkers: 1 });
const extractor = workerReader({ ocrWorkers: 1 });
afterAll(() => Promise.all([reader.close(), extractor.close()]));

describe('extract over two threads', () => {
  it('gives what reading and extracting in one thread gives, hybrid e-invoices included', async () => {
    const ocr = createOcrEngine({ workers: 1 });
    try {
      const files: [string, Uint8Array][] = [
        ...['r01-invoice.pdf', 'r02-bl.pdf'].map((f): [string, Uint8Array] => [f, new Uint8Array(readFileSync(join(SAMPLES, f)))]),
        ['resin-facturx.pdf', new Uint8Array(await facturXPdf(RESIN_INVOICE))],
      ];
      for (const [file, bytes] of files) {
        const read = await reader.readForExtract(bytes, file);
        if (!read.ok || 'results' in read.value) throw new Error(`${file} was not read`);
        expect(read.value.pages.length).toBeGreaterThan(0);
        const results = await extractor.extractRead(read.value);
        expect(results.ok).toBe(true);
        expect(results.ok && results.value).toEqual(await extractFileDocuments(bytes, file, { ocr }));
        if (file.includes('facturx')) expect(results.ok && results.value[0]?.einvoice?.label).toMatch(/Factur-X/);
      }
    } finally {
      await ocr.close();
    }
  });

  it('comes back finished when there is nothing to extract: an XML e-invoice, a file that is no document', async () => {
    const xml = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>');
    const read = await reader.readForExtract(xml, 'logo.xml');
    expect(read.ok && 'results' in read.value && read.value.results[0]?.errors.length).toBe(1);
    const junk = await reader.readForExtract(new TextEncoder().encode('not a document'), 'note.pdf');
    expect(junk.ok && 'results' in junk.value && junk.value.results[0]?.errors[0]?.code).toBe('DOCUMENT.UNSUPPORTED');
  });

  it('stops an extraction past what is left of the document’s time, and the next one runs', async () => {
    const bytes = new Uint8Array(readFileSync(join(SAMPLES, 'r01-invoice.pdf')));
    const read = await reader.readForExtract(bytes, 'r01-invoice.pdf');
    if (!read.ok || 'results' in read.value) throw new Error('the sample was not read');
    const late = await extractor.extractRead(read.value, { budgetMs: 0 });
    expect(late.ok).toBe(false);
    expect(!late.ok && late.error.code).toBe('DOCUMENT.TOO_COMPLEX');
    const next = await extractor.extractRead(read.value);
    expect(next.ok && next.value[0]?.fields.invoice_number?.value).toBe('SPR/EX/2026/0142');
  });
});
