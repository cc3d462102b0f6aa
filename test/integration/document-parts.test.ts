import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { defaultIntakeDeps } from '../../src/backend/intake/default-deps';
import { extractFileDocuments } from '../../src/backend/intake/extract-file';
import { initWorkspace } from '../../src/backend/workspace';
import { createOcrEngine } from '../../src/backend/text';
import type { KnownParties } from '../../src/core/extraction/known-parties';
import { scannerBatch } from './helpers/scanner-batch';
import { tempDir } from './helpers/temp';

// A scanner batch: two invoices and a B/L fed through one document feeder into one image-only PDF.

const SAMPLES = join(process.cwd(), 'resources/samples');
type Manifest = { documents: { file: string; expected: Record<string, unknown> }[] };
const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as Manifest;
const expectedOf = (file: string) => manifest.documents.find((d) => d.file === file)?.expected ?? {};
const BATCH = ['r02-invoice-scan.jpg', 'r07-invoice-scan.png', 'r05-bl-scan.jpg'];
const batch = scannerBatch(BATCH.map((f) => readFileSync(join(SAMPLES, f))));

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const ocr = createOcrEngine({ workers: 2 });
afterAll(() => ocr.close());

describe('a file holding several documents', () => {
  it('extracts one result per document, each with its page range (the stateless extract)', { timeout: 120_000 }, async () => {
    const results = await extractFileDocuments(await batch, 'batch.pdf', { ocr });
    expect(results.map((r) => [r.kind, r.pageRange])).toEqual([
      ['invoice', { from: 1, to: 1 }],
      ['invoice', { from: 2, to: 2 }],
      ['bill_of_lading', { from: 3, to: 3 }],
    ]);
    expect(results[0]?.fields.invoice_number?.value).toBe(expectedOf(BATCH[0]!).invoice_number);
    expect(results[1]?.fields.invoice_number?.value).toBe(expectedOf(BATCH[1]!).invoice_number);
    expect(results[2]?.fields.bl_number?.value).toBe(expectedOf(BATCH[2]!).bl_number);
    // Every result names the same file; each field's page is in its document's range.
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    for (const r of results) for (const f of Object.values(r.fields)) if (f.page !== null) expect(f.page).toBeGreaterThanOrEqual(r.pageRange!.from);
  });

  it('becomes one workspace document per part: own pages, own fields, searchable, audited, the file stored once', { timeout: 180_000 }, async () => {
    const ws = initWorkspace(join(tempDir(), 'ws'));
    if (!ws.ok) throw new Error(ws.error.message);
    const seen: KnownParties[] = [];
    const deps = defaultIntakeDeps();
    const backend = createBackend(ws.value, 'cli', {
      startIntake: true,
      // The real extractor, watched: what the workspace knows reaches it.
      intake: { ...deps, extract: (pages, kind, known) => (known && seen.push(known), deps.extract(pages, kind, known)) },
    });
    const api = inProcessClient(backend.handlers);
    value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
    value(await api.counterparties.saveSupplier({ legalName: 'Saigon Polytech Resins Joint Stock Company', aliases: ['SPR JSC'], country: 'VN' }));

    const data = Buffer.from(await batch).toString('base64');
    const added = value(await api.documents.ingest({ files: [{ name: 'feeder-0301.pdf', data }] }));
    const first = added.accepted[0]!.documentId;
    await backend.intake.idle();

    const docs = value(await api.documents.list({})).filter((d) => d.fileName === 'feeder-0301.pdf');
    expect(docs).toHaveLength(3);
    const byRange = [...docs].sort((a, b) => (a.pageRange?.from ?? 0) - (b.pageRange?.from ?? 0));
    expect(byRange.map((d) => [d.status, d.kind, d.pageRange, d.pages, d.partOf])).toEqual([
      ['extracted', 'invoice', { from: 1, to: 1 }, 1, null],
      ['extracted', 'invoice', { from: 2, to: 2 }, 1, first],
      ['extracted', 'bill_of_lading', { from: 3, to: 3 }, 1, first],
    ]);
    expect(byRange[0]?.id).toBe(first);
    expect(new Set(docs.map((d) => d.sha256)).size).toBe(1);

    const bl = value(await api.documents.get({ id: byRange[2]!.id }));
    expect(bl.pageList.map((p) => p.n)).toEqual([3]);
    expect(bl.fields.find((f) => f.name === 'bl_number')).toMatchObject({ value: expectedOf(BATCH[2]!).bl_number, page: 3 });
    const invoice = value(await api.documents.get({ id: first }));
    expect(invoice.pageList.map((p) => p.n)).toEqual([1]);
    // The original file is what each document opens in the viewer.
    expect(value(await api.documents.file({ id: bl.id })).data).toBe(data);

    // Search finds the document whose page holds the words, not the file's first document.
    const hits = value(await api.documents.list({ text: String(expectedOf(BATCH[2]!).bl_number) }));
    expect(hits.map((d) => d.id)).toEqual([bl.id]);

    const split = value(await api.audit.list({ action: 'document.split' })).rows;
    expect(split).toHaveLength(1);
    expect(split[0]?.details).toMatchObject({ pages: 3, parts: [{ documentId: first, from: 1, to: 1 }, { from: 2, to: 2 }, { from: 3, to: 3 }] });
    expect(value(await api.audit.list({ action: 'document.extracted' })).rows).toHaveLength(3);

    // The same bytes again are the same upload, not three more documents.
    const again = value(await api.documents.ingest({ files: [{ name: 'feeder-copy.pdf', data }] }));
    expect(again.accepted[0]).toMatchObject({ documentId: first, duplicateOf: first });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]?.suppliers.map((s) => s.legalName)).toEqual(['Saigon Polytech Resins Joint Stock Company']);

    // A kind changed by a person re-extracts that document's own pages only.
    const changed = value(await api.documents.setKind({ id: bl.id, kind: 'invoice' }));
    expect(changed.pageList.map((p) => p.n)).toEqual([3]);
    expect(changed.kind).toBe('invoice');
    await backend.close();
  });
});
