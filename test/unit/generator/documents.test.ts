import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedDocument, GeneratedPair } from '../../fixtures/generator/index';
import { documentPlan, generateDocuments, generatePairs } from '../../fixtures/generator/index';
import { foldName } from '../../eval/score';
import { LABELS, LANGS } from '../../fixtures/generator/locales';
import { extractPdfText, openPdf } from '../../fixtures/samples/pdf-text';

// Documents as a consumer reads them: real pdf.js parses, hashes of the bytes, the CLI as a process.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

let bornDigital: GeneratedDocument[] = [];
let scans: GeneratedDocument[] = [];
let pairs: GeneratedPair[] = [];

beforeAll(async () => {
  bornDigital = await generateDocuments({ seed: 20260314, count: 36, rendition: 'born_digital' });
  scans = await generateDocuments({ seed: 20260314, count: 5, rendition: 'scan' });
  pairs = await generatePairs({ seed: 77, count: 3, rendition: 'born_digital' });
});

describe('determinism', () => {
  it('gives the same bytes and truth for the same seed', async () => {
    const again = await generateDocuments({ seed: 20260314, count: 8, rendition: 'born_digital' });
    expect(again.map((d) => sha(d.bytes))).toEqual(bornDigital.slice(0, 8).map((d) => sha(d.bytes)));
    expect(again.map((d) => d.truth)).toEqual(bornDigital.slice(0, 8).map((d) => d.truth));
    const scansAgain = await generateDocuments({ seed: 20260314, count: 2, rendition: 'scan' });
    expect(scansAgain.map((d) => sha(d.bytes))).toEqual(scans.slice(0, 2).map((d) => sha(d.bytes)));
  });

  it('gives other documents for another seed', async () => {
    const other = await generateDocuments({ seed: 20260315, count: 8, rendition: 'born_digital' });
    const mine = new Set(bornDigital.map((d) => sha(d.bytes)));
    expect(other.filter((d) => mine.has(sha(d.bytes)))).toEqual([]);
    expect(other.map((d) => d.truth.fields.invoice_number ?? d.truth.fields.bl_number)).not.toEqual(bornDigital.slice(0, 8).map((d) => d.truth.fields.invoice_number ?? d.truth.fields.bl_number));
  });

  it('keeps a document the same whatever else is asked for (a scan shows its born-digital twin)', () => {
    scans.forEach((s, i) => expect(s.truth.fields).toEqual(bornDigital[i]!.truth.fields));
  });
});

describe('born-digital PDFs', () => {
  it('carry every printed value in the text layer', async () => {
    for (const d of bornDigital) {
      const { text } = await extractPdfText(d.bytes);
      const page = squash(text);
      for (const [field, value] of Object.entries(d.printed)) expect(page, `${d.file} ${field} (${d.truth.notes})`).toContain(squash(value));
    }
  });

  it('write invoices in all ten languages, with the language’s own labels', async () => {
    // Any ten documents of a run take all ten languages; across seeds every language writes invoices.
    for (let seed = 1; seed <= 40; seed++) {
      expect(new Set(Array.from({ length: 10 }, (_, i) => documentPlan(seed, i).language))).toEqual(new Set(LANGS));
    }
    const invoicesBySeed = Array.from({ length: 40 }, (_, k) => Array.from({ length: 10 }, (_, i) => documentPlan(k + 1, i)).filter((p) => p.kind === 'invoice'));
    expect(new Set(invoicesBySeed.flat().map((p) => p.language))).toEqual(new Set(LANGS));
    const invoices = bornDigital.filter((d) => d.truth.kind === 'invoice');
    expect(new Set(invoices.map((d) => d.truth.language)).size).toBeGreaterThanOrEqual(8);
    for (const d of invoices) {
      const labels = LABELS[d.truth.language as (typeof LANGS)[number]];
      const page = squash((await extractPdfText(d.bytes)).text);
      expect(labels.invoiceNo.some((l) => page.includes(l)), `${d.file}: no ${d.truth.language} invoice-number label`).toBe(true);
    }
  });

  it('include bills of lading and invoices whose table runs onto a second page', () => {
    expect(bornDigital.some((d) => d.truth.kind === 'bill_of_lading')).toBe(true);
    expect(bornDigital.some((d) => d.truth.kind === 'invoice' && d.truth.pages === 2)).toBe(true);
    for (const d of bornDigital) expect(d.truth).toMatchObject({ format: 'pdf', text_layer: true, rendition: 'born_digital', truth_origin: 'generated' });
  });
});

describe('scans', () => {
  it('are images without a text layer', async () => {
    for (const d of scans) {
      expect(d.truth).toMatchObject({ text_layer: false, rendition: 'scan' });
      const head = Buffer.from(d.bytes.subarray(0, 8));
      if (d.truth.format === 'png') expect(head.subarray(1, 4).toString('latin1')).toBe('PNG');
      else if (d.truth.format === 'jpg') expect([head[0], head[1]]).toEqual([0xff, 0xd8]);
      else {
        const { text, pages } = await extractPdfText(d.bytes);
        expect(text.trim()).toBe('');
        expect(pages).toBe(d.truth.pages);
        const { pdf, close } = await openPdf(d.bytes);
        const ops = await (await pdf.getPage(1)).getOperatorList();
        await close();
        expect(ops.fnArray.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('pairs', () => {
  it('match: same parties, goods, packages and weights, dates a few days apart', () => {
    for (const { invoice, billOfLading } of pairs) {
      const i = invoice.truth.fields;
      const b = billOfLading.truth.fields;
      expect(foldName(String(b.shipper))).toBe(foldName(String(i.seller)));
      if (!String(b.consignee).startsWith('TO ')) expect(foldName(String(b.consignee))).toBe(foldName(String(i.buyer)));
      const days = (Date.parse(String(i.issue_date)) - Date.parse(String(b.shipped_on_board_date))) / 86_400_000;
      expect(Math.abs(days)).toBeLessThanOrEqual(7);
      if (i.bl_number) expect(i.bl_number).toBe(b.bl_number);
      if (i.container_numbers) expect(i.container_numbers).toEqual(b.container_numbers);
      expect(invoice.file).toMatch(/-invoice\.pdf$/);
      expect(billOfLading.file).toMatch(/-bl\.pdf$/);
    }
  });
});

describe('cli', () => {
  it('writes the files and a truth.jsonl the corpus scorer reads', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'quayside-gen-'));
    try {
      const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
      const run = spawnSync(tsx, ['test/fixtures/generator/cli.ts', '--seed', '20260314', '--count', '3', '--out', out, '--born-digital-only'], { cwd: ROOT, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const truth = readFileSync(path.join(out, 'truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; fields: unknown });
      expect(truth.map((t) => t.fields)).toEqual(bornDigital.slice(0, 3).map((d) => d.truth.fields));
      for (const t of truth) expect(existsSync(path.join(out, t.file))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
