// E-invoices end to end: XML files and Factur-X hybrid PDFs through the stateless extract, the
// `quayside extract` command and the workspace intake (stored XML, audit, kind changes). The doctored
// hybrid caught by the real check run is einvoice-checks.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import type { Backend } from '../../src/backend/backend';
import { loadEInvoiceXml } from '../../src/backend/einvoice/einvoice-repo';
import { extractFile, extractFileDocuments } from '../../src/backend/intake/extract-file';
import { createOcrEngine } from '../../src/backend/text';
import { findInvoiceXml, readPdfAttachments } from '../../src/backend/text/attachments';
import { isEInvoiceXml } from '../../src/backend/einvoice/read-einvoice';
import { initWorkspace } from '../../src/backend/workspace';
import type { Api } from '../../src/shared/api';
import { doctoredPrice, facturXPdf } from '../fixtures/einvoice/factur-x';
import { RESIN_INVOICE, totalsOf } from '../fixtures/einvoice/invoices';
import { value } from './helpers/checks-fixtures';
import { tempDir } from './helpers/temp';

const FIXTURES = join(process.cwd(), 'test/fixtures/einvoice');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
const CLI = join(process.cwd(), 'src/cli/quayside.mjs');

const ocr = createOcrEngine({ workers: 1 });
afterAll(() => ocr.close());

// The Factur-X of the resin invoice, and the same with its page raised by 200 EUR a tonne.
const hybrid = facturXPdf(RESIN_INVOICE).then((b) => new Uint8Array(b));
const DOCTORED_PRICE = 1262;
const doctored = facturXPdf(RESIN_INVOICE, { printed: doctoredPrice(RESIN_INVOICE, DOCTORED_PRICE) }).then((b) => new Uint8Array(b));
const xmlTotal = totalsOf(RESIN_INVOICE).grandTotal;
const pageTotal = totalsOf(doctoredPrice(RESIN_INVOICE, DOCTORED_PRICE)).grandTotal;

describe('the stateless extract', () => {
  it.each([
    ['peppol-bis3-invoice.xml', 'Peppol BIS Billing 3.0 (UBL 2.1)', 'SPR/EX/2026/0157', 52569],
    ['ubl-credit-note.xml', 'Peppol BIS Billing 3.0 (UBL 2.1)', 'SPR/CN/2026/0009', 2080],
    ['cii-invoice.xml', 'EN 16931 (UN/CEFACT CII)', 'HPH-26-00318', 34260.1],
    ['xrechnung-ubl.xml', 'XRechnung 3.0 (UBL 2.1)', 'RE-2026-00481', 4391.1],
  ])('reads %s as an invoice with no pages, every field from the XML', async (file, label, number, total) => {
    const result = await extractFile(fixture(file), file, { ocr });
    expect(result).toMatchObject({ kind: 'invoice', kindScore: 1, pageRange: null, pages: [], errors: [], einvoice: { label, attachment: null, problems: [] } });
    expect(result.fields.invoice_number).toMatchObject({ value: number, method: 'xml', confidence: 1, page: null });
    expect(result.fields.total_amount?.value).toBe(total);
    for (const f of Object.values(result.fields)) expect(f.xmlPath).toMatch(/^\/(Invoice|CreditNote|rsm:CrossIndustryInvoice)\//);
  });

  it('reads a Factur-X PDF: its page as ever, and its embedded XML, whose values win and keep what the page said', async () => {
    const result = await extractFile(await hybrid, 'resin-facturx.pdf', { ocr });
    expect(result.errors).toEqual([]);
    expect(result.pages.map((p) => p.method)).toEqual(['text_layer']);
    expect(result.einvoice).toMatchObject({ syntax: 'cii', label: 'Factur-X EN 16931 (UN/CEFACT CII)', attachment: 'factur-x.xml' });
    expect(result.fields.total_amount).toMatchObject({ value: xmlTotal, method: 'embedded_xml', xmlPath: expect.stringContaining('ram:GrandTotalAmount'), pageReading: { value: xmlTotal, page: 1, method: 'text_layer' } });
    expect(result.fields.seller).toMatchObject({ value: 'Polymères du Rhône SAS', method: 'embedded_xml' });
    expect(result.fields.payment_account?.pageReading?.value).toBe(RESIN_INVOICE.iban);
    // What the page said on its own is kept whole, for a person to compare.
    expect(result.einvoice?.pageFields?.invoice_number).toMatchObject({ value: RESIN_INVOICE.number, method: 'text_layer', page: 1 });
    // Splitting a file into documents gives the same single document, the XML joined to it.
    const [only, ...more] = await extractFileDocuments(await hybrid, 'resin-facturx.pdf', { ocr });
    expect(more).toEqual([]);
    expect(only?.fields.total_amount?.method).toBe('embedded_xml');
  });

  it('keeps the doctored page’s own total beside the XML’s', async () => {
    const result = await extractFile(await doctored, 'doctored.pdf', { ocr });
    expect(result.fields.total_amount).toMatchObject({ value: xmlTotal, pageReading: { value: pageTotal } });
    expect(result.fields.unit_price).toMatchObject({ value: RESIN_INVOICE.lines[0]!.price, pageReading: { value: DOCTORED_PRICE } });
  });

  it('finds the XML under the ZUGFeRD 2.0 name or any name when its root is an invoice, and ignores other attached XML', async () => {
    const zugferd = new Uint8Array(await facturXPdf(RESIN_INVOICE, { attachmentName: 'zugferd-invoice.xml' }));
    expect((await extractFile(zugferd, 'z.pdf', { ocr })).einvoice?.label).toBe('ZUGFeRD 2 (UN/CEFACT CII)');
    const odd = new Uint8Array(await facturXPdf(RESIN_INVOICE, { attachmentName: 'INV-0417 data.xml' }));
    expect((await extractFile(odd, 'odd.pdf', { ocr })).einvoice?.attachment).toBe('INV-0417 data.xml');
    const svg = new Uint8Array(await facturXPdf(RESIN_INVOICE, { attachmentName: 'logo.xml', xml: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));
    const plain = await extractFile(svg, 'plain.pdf', { ocr });
    expect(plain.einvoice).toBeUndefined();
    expect(plain.fields.total_amount?.method).toBe('text_layer');
    const attached = await readPdfAttachments(svg);
    expect(attached.ok && attached.value.map((a) => a.name)).toEqual(['logo.xml']);
    const found = await findInvoiceXml(svg, isEInvoiceXml);
    expect(found).toEqual({ ok: true, value: null });
  });

  it('prefers the conventionally named attachment over another invoice XML attached first', async () => {
    const doc = new PDFDocument({ info: { CreationDate: new Date('2026-03-01T09:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.text('Invoice HPH-26-00318, see attachments.');
    const at = { creationDate: new Date('2026-03-01T09:00:00Z'), modifiedDate: new Date('2026-03-01T09:00:00Z'), type: 'text/xml' };
    doc.file(Buffer.from(fixture('peppol-bis3-invoice.xml')), { ...at, name: 'a-copy.xml' });
    doc.file(Buffer.from(fixture('cii-invoice.xml')), { ...at, name: 'factur-x.xml' });
    doc.end();
    const pdf = new Uint8Array(await done);
    const listed = await readPdfAttachments(pdf);
    expect(listed.ok && listed.value.map((a) => a.name)).toEqual(['a-copy.xml', 'factur-x.xml']);
    const result = await extractFile(pdf, 'two.pdf', { ocr });
    expect(result.einvoice).toMatchObject({ attachment: 'factur-x.xml', syntax: 'cii' });
    expect(result.fields.invoice_number?.value).toBe('HPH-26-00318');
  });

  it('refuses XML that is not an e-invoice, saying what it is', async () => {
    const svg = await extractFile(new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.xml', { ocr });
    expect(svg.errors).toEqual([{ code: 'DOCUMENT.UNSUPPORTED', message: expect.stringMatching(/^logo\.xml: This is XML whose root element is <svg>/) }]);
  });
});

describe('quayside extract', () => {
  it('prints an XML e-invoice as JSON (one line), and a readable summary naming each field’s XML path', () => {
    const run = spawnSync(process.execPath, [CLI, 'extract', '--json', join(FIXTURES, 'xrechnung-ubl.xml')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!) as { kind: string; pages: unknown[]; fields: Record<string, { value: unknown; method: string; xmlPath: string }>; einvoice: { label: string } };
    expect(json).toMatchObject({ kind: 'invoice', pages: [], einvoice: { label: 'XRechnung 3.0 (UBL 2.1)' } });
    expect(json.fields.seller).toMatchObject({ value: 'Nordwerk Kunststoffe GmbH & Co. KG', method: 'xml', xmlPath: '/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName' });
    const readable = spawnSync(process.execPath, [CLI, 'extract', join(FIXTURES, 'cii-invoice.xml')], { encoding: 'utf8' });
    expect(readable.stdout).toContain('cii-invoice.xml: invoice (100 %), EN 16931 (UN/CEFACT CII)');
    expect(readable.stdout).toMatch(/total_amount\s+34260\.1\s+\(100 %, \/rsm:CrossIndustryInvoice\/.*ram:GrandTotalAmount\)/);
    const credit = spawnSync(process.execPath, [CLI, 'extract', join(FIXTURES, 'ubl-credit-note.xml')], { encoding: 'utf8' });
    expect(credit.stdout).toContain('ubl-credit-note.xml: invoice (100 %), Peppol BIS Billing 3.0 (UBL 2.1), a credit note (no claim for payment)');
  });

  it('exits 1 with the reason for XML it cannot read', () => {
    const file = join(tempDir(), 'broken.xml');
    writeFileSync(file, readFileSync(join(FIXTURES, 'cii-invoice.xml'), 'utf8').slice(0, 700));
    const run = spawnSync(process.execPath, [CLI, 'extract', '--json', file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as { errors: { code: string; message: string }[] }).errors[0]).toMatchObject({ code: 'DOCUMENT.CORRUPT', message: expect.stringMatching(/malformed \(line \d+, column \d+/) });
  });
});

describe('the workspace intake', () => {
  let backend: Backend;
  let api: Api;
  const ids: Record<string, string> = {};
  // One workspace for the tests below (tempDir's folders go after each test).
  const dir = mkdtempSync(join(tmpdir(), 'quayside-einvoice-'));

  beforeAll(async () => {
    const ws = initWorkspace(join(dir, 'ws'), { clock: () => new Date('2026-03-28T10:00:00.000Z') });
    if (!ws.ok) throw new Error(ws.error.message);
    backend = createBackend(ws.value, 'cli', { startIntake: true });
    api = inProcessClient(backend);
    value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
    const files = [
      { name: 'peppol-bis3-invoice.xml', data: Buffer.from(fixture('peppol-bis3-invoice.xml')).toString('base64') },
      { name: 'resin-facturx.pdf', data: Buffer.from(await hybrid).toString('base64') },
      { name: 'order.xml', data: Buffer.from('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>').toString('base64') },
    ];
    const added = value(await api.documents.ingest({ files }));
    for (const a of added.accepted) ids[a.fileName] = a.documentId;
    expect(added.rejected).toEqual([{ fileName: 'order.xml', code: 'DOCUMENT.UNSUPPORTED', message: expect.stringMatching(/^order\.xml: This is a UBL Order document, not an invoice or credit note/) }]);
    await backend.intake.idle();
  }, 120_000);

  afterAll(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes an XML file an extracted invoice with no pages, its fields from the XML, its XML stored and audited', async () => {
    const doc = value(await api.documents.get({ id: ids['peppol-bis3-invoice.xml']! }));
    expect(doc).toMatchObject({ status: 'extracted', kind: 'invoice', kindScore: 1, mediaType: 'application/xml', pages: 0, pageList: [], amount: 52569, currency: 'EUR', party: 'Saigon Polytech Resins Joint Stock Company' });
    expect(doc.einvoice).toEqual({ syntax: 'ubl', documentType: 'invoice', customization: expect.stringContaining('peppol'), label: 'Peppol BIS Billing 3.0 (UBL 2.1)', attachment: null });
    expect(doc.fields.find((f) => f.name === 'invoice_number')).toMatchObject({ value: 'SPR/EX/2026/0157', method: 'xml', xmlPath: '/Invoice/cbc:ID', lowConfidence: false });
    const stored = loadEInvoiceXml(backend.ws.db, backend.ws.blobsDir, doc.id);
    expect(Buffer.from(stored!.xml).equals(Buffer.from(fixture('peppol-bis3-invoice.xml')))).toBe(true);
    const audit = value(await api.audit.list({ action: 'document.extracted', entity: 'document' })).rows.find((row) => row.entityId === doc.id);
    expect(audit?.details).toMatchObject({ kind: 'invoice', pages: 0, methods: ['xml'], einvoice: 'Peppol BIS Billing 3.0 (UBL 2.1)' });
  });

  it('reads a Factur-X PDF’s pages and stores its embedded XML with it', async () => {
    const doc = value(await api.documents.get({ id: ids['resin-facturx.pdf']! }));
    expect(doc).toMatchObject({ status: 'extracted', kind: 'invoice', mediaType: 'application/pdf', pages: 1, einvoice: { attachment: 'factur-x.xml', label: 'Factur-X EN 16931 (UN/CEFACT CII)' } });
    expect(doc.fields.find((f) => f.name === 'total_amount')).toMatchObject({ value: xmlTotal, method: 'embedded_xml', pageReading: { value: xmlTotal, page: 1 } });
    // Searchable by what its page says, like any read document.
    expect(value(await api.documents.list({ text: 'Polymères' })).map((d) => d.id)).toContain(doc.id);
    const stored = loadEInvoiceXml(backend.ws.db, backend.ws.blobsDir, doc.id);
    expect(new TextDecoder().decode(stored!.xml)).toContain('<ram:ID>FR-2026-0417</ram:ID>');
  });

  it('gives the fields back from the stored XML when a person sets the kind away and back to invoice', async () => {
    const id = ids['peppol-bis3-invoice.xml']!;
    value(await api.session.signIn({ profileId: value(await api.profiles.list({})).find((p) => p.name === 'Ana')!.id, passphrase: 'passphrase-ana' }));
    const other = value(await api.documents.setKind({ id, kind: 'other' }));
    expect(other.fields).toEqual([]);
    const back = value(await api.documents.setKind({ id, kind: 'invoice' }));
    expect(back.fields.find((f) => f.name === 'total_amount')).toMatchObject({ value: 52569, method: 'xml' });
    expect(back.kindOverridden).toBe(true);
  });
});
