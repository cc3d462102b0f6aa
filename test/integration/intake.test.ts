import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/backend/audit/audit-log';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import type { Backend } from '../../src/backend/backend';
import { initWorkspace, openWorkspace } from '../../src/backend/workspace';
import type { Api } from '../../src/shared/api';
import type { DocumentDetail, IntakeProgress } from '../../src/shared/documents';
import { tempDir } from './helpers/temp';

const SAMPLES = join(process.cwd(), 'resources/samples');
const sample = (name: string) => ({ name, data: readFileSync(join(SAMPLES, name)).toString('base64') });
type Manifest = { documents: { file: string; kind: string; rendition: string; expected: Record<string, unknown> }[] };
const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as Manifest;
const expectedOf = (file: string) => manifest.documents.find((d) => d.file === file)?.expected ?? {};
const scannedBl = manifest.documents.find((d) => d.kind === 'bill_of_lading' && d.rendition === 'scanned_pdf')?.file ?? 'r01-bl-scan.pdf';

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

async function workspaceWith(role: 'analyst' | 'committee_member' = 'analyst', options: { startIntake?: boolean } = {}) {
  const dir = join(tempDir(), 'ws');
  const ws = initWorkspace(dir);
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli', { startIntake: options.startIntake ?? true });
  const api = inProcessClient(backend.handlers);
  value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
  if (role !== 'analyst') value(await api.profiles.create({ name: 'Carl', role, passphrase: 'passphrase-carl' }));
  return { dir, backend, api };
}

const field = (doc: DocumentDetail, name: string) => doc.fields.find((f) => f.name === name);

describe('document intake', () => {
  it('reads a born-digital invoice and a scanned B/L, refuses bad files one by one, and keeps one document per bytes', async () => {
    const { backend, api } = await workspaceWith();
    const progress: IntakeProgress[] = [];
    backend.onEvent((event, payload) => {
      if (event === 'documents.progress') progress.push(payload as IntakeProgress);
    });
    const result = value(
      await api.documents.ingest({
        files: [
          sample('r01-invoice.pdf'),
          sample(scannedBl),
          { name: 'broken.pdf', data: Buffer.from('%PDF-1.7\n1 0 obj <<').toString('base64') },
          { name: 'notes.txt', data: Buffer.from('just some text').toString('base64') },
          { name: 'empty.pdf', data: '' },
          { ...sample('r01-invoice.pdf'), name: 'copy-of-r01.pdf' },
        ],
      }),
    );
    expect(result.rejected.map((r) => [r.fileName, r.code])).toEqual([
      ['notes.txt', 'DOCUMENT.UNSUPPORTED'],
      ['empty.pdf', 'DOCUMENT.EMPTY'],
    ]);
    const [invoice, bl, broken, copy] = result.accepted;
    expect(copy?.duplicateOf).toBe(invoice?.documentId);
    await backend.intake.idle();

    const inv = value(await api.documents.get({ id: invoice!.documentId }));
    expect(inv).toMatchObject({ status: 'extracted', kind: 'invoice', method: 'text_layer', pages: 1 });
    expect(field(inv, 'invoice_number')?.value).toBe(expectedOf('r01-invoice.pdf').invoice_number);
    expect(field(inv, 'invoice_number')).toMatchObject({ method: 'text_layer', page: 1 });
    expect(field(inv, 'invoice_number')?.bbox).not.toBeNull();

    const blDoc = value(await api.documents.get({ id: bl!.documentId }));
    expect(blDoc).toMatchObject({ status: 'extracted', kind: 'bill_of_lading', method: 'ocr' });
    expect(field(blDoc, 'bl_number')?.value).toBe(expectedOf(scannedBl).bl_number);

    const bad = value(await api.documents.get({ id: broken!.documentId }));
    expect(bad.status).toBe('failed');
    expect(bad.error?.code).toBe('DOCUMENT.CORRUPT');
    expect(bad.error?.message.length).toBeGreaterThan(20);

    expect(value(await api.documents.list({})).length).toBe(3);
    const found = value(await api.documents.list({ text: String(expectedOf('r01-invoice.pdf').invoice_number) }));
    expect(found.map((d) => d.id)).toContain(invoice!.documentId);
    expect(value(await api.documents.list({ text: 'zzqxnotaword' }))).toEqual([]);

    const stages = new Set(progress.filter((p) => p.documentId === bl!.documentId).map((p) => p.stage));
    expect(stages).toContain('ocr');
    expect(stages).toContain('done');
    expect(verifyAudit(backend.ws.db).intact).toBe(true);
    await backend.close();
  }, 240_000);

  it('audits corrections (old → new), validates values, changes kind and marks reviewed', async () => {
    const { backend, api } = await workspaceWith();
    const [added] = value(await api.documents.ingest({ files: [sample('r01-invoice.pdf')] })).accepted;
    await backend.intake.idle();
    const id = added!.documentId;
    const before = field(value(await api.documents.get({ id })), 'invoice_number')?.value;

    const bad = await api.documents.correctField({ id, field: 'issue_date', value: '31/02/2026' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'FIELD.INVALID', message: expect.stringContaining('yyyy-mm-dd') } });
    const wrongKind = await api.documents.correctField({ id, field: 'consignee', value: 'X' });
    expect(wrongKind).toMatchObject({ ok: false, error: { code: 'FIELD.INVALID' } });

    const corrected = value(await api.documents.correctField({ id, field: 'invoice_number', value: 'INV-CORRECTED-1' }));
    expect(field(corrected, 'invoice_number')).toMatchObject({ value: 'INV-CORRECTED-1', method: 'manual', correction: { byName: 'Ana', previous: before } });
    const [entry] = value(await api.audit.list({ action: 'document.field_corrected' })).rows;
    expect(entry).toMatchObject({ actorName: 'Ana', entityId: id, details: { field: 'invoice_number', from: before, to: 'INV-CORRECTED-1' } });

    const reverted = value(await api.documents.correctField({ id, field: 'invoice_number', value: null }));
    expect(field(reverted, 'invoice_number')?.value).toBe(before);

    const other = value(await api.documents.setKind({ id, kind: 'other' }));
    expect(other).toMatchObject({ kind: 'other', kindOverridden: true });
    value(await api.documents.setKind({ id, kind: 'invoice' }));
    const reviewed = value(await api.documents.markReviewed({ id }));
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewedBy: 'Ana' });
    expect(reviewed.fields.filter((f) => f.lowConfidence)).toEqual([]);
    const actions = value(await api.audit.list({ entity: 'document' })).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['document.added', 'document.extracted', 'document.kind_changed', 'document.reviewed', 'document.field_correction_reverted']));
    await backend.close();
  }, 120_000);

  it('lets only the right roles add and edit documents', async () => {
    const { backend, api } = await workspaceWith('committee_member', { startIntake: false });
    const carl = value(await api.profiles.list({})).find((p) => p.name === 'Carl')!;
    value(await api.session.signIn({ profileId: carl.id, passphrase: 'passphrase-carl' }));
    expect(await api.documents.ingest({ files: [sample('r01-invoice.pdf')] })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(value(await api.documents.list({}))).toEqual([]);
    value(await api.session.signOut({}));
    expect(await api.documents.list({})).toMatchObject({ ok: false, error: { code: 'AUTH.NO_ACTIVE_PROFILE' } });
    await backend.close();
  });

  it('cancels a queued document and retries it', async () => {
    const { backend, api } = await workspaceWith('analyst', { startIntake: false });
    const [added] = value(await api.documents.ingest({ files: [sample('r01-invoice.pdf')] })).accepted;
    const id = added!.documentId;
    expect(value(await api.documents.cancel({ id })).status).toBe('cancelled');
    expect(await api.documents.cancel({ id })).toMatchObject({ ok: false, error: { code: 'DOCUMENT.NOT_READY' } });
    expect(value(await api.documents.retry({ id })).status).toBe('queued');
    backend.intake.start();
    await backend.intake.idle();
    expect(value(await api.documents.get({ id })).status).toBe('extracted');
    await backend.close();
  }, 120_000);
});

/** A scanned PDF of several pages (image only, no text layer) made from the sample scans. */
async function multiPageScan(pages: number): Promise<Buffer> {
  const images = manifest.documents.filter((d) => d.rendition === 'scan_image' && d.file.endsWith('.png')).map((d) => join(SAMPLES, d.file));
  const doc = new PDFDocument({ autoFirstPage: false, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let i = 0; i < pages; i += 1) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(images[i % images.length]!, 0, 0, { width: 595.28, height: 841.89 });
  }
  doc.end();
  return done;
}

const pageCount = (dir: string, id: string): number => {
  const db = new BetterSqlite3(join(dir, 'quayside.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM document_pages WHERE document_id = ?').pluck().get(id) as number;
  } finally {
    db.close();
  }
};

describe('intake after a crash', () => {
  it('resumes a document killed mid-OCR after its stored pages, with no duplicate and no lost file', async () => {
    const { dir, backend, api } = await workspaceWith('analyst', { startIntake: false });
    const pdf = await multiPageScan(8);
    const [added] = value(await api.documents.ingest({ files: [{ name: 'four-page-scan.pdf', data: pdf.toString('base64') }] })).accepted;
    const id = added!.documentId;
    await backend.close();

    // Read in a child process and SIGKILL it once the first page is committed, mid-document.
    const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'test/integration/helpers/intake-run.ts'), dir], { stdio: 'ignore' });
    const killedAt = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const n = pageCount(dir, id);
        if (n >= 1) {
          child.kill('SIGKILL');
          clearInterval(timer);
          resolve(n);
        }
      }, 50);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the reader finished before it could be killed'));
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(killedAt).toBeLessThan(8);

    const reopened = openWorkspace(dir);
    if (!reopened.ok) throw new Error(reopened.error.message);
    expect(reopened.value.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.value.db.prepare('SELECT status FROM documents WHERE id = ?').pluck().get(id)).toBe('processing');
    const resumed: Backend = createBackend(reopened.value, 'cli', { startIntake: true });
    const resumedApi: Api = inProcessClient(resumed.handlers);
    await resumed.intake.idle();
    value(await resumedApi.session.signIn({ profileId: value(await resumedApi.profiles.list({}))[0]!.id, passphrase: 'passphrase-ana' }));
    const doc = value(await resumedApi.documents.get({ id }));
    expect(doc).toMatchObject({ status: 'extracted', method: 'ocr', pageRange: { from: 1 } });
    // The batch alternates invoices and B/Ls, so the finished read divides it into the documents it
    // holds: every page once, in exactly one document, the file's first document still the upload.
    const db = resumed.ws.db;
    const parts = db.prepare('SELECT id, page_from, page_to, page_count, status FROM documents ORDER BY page_from').all() as { id: string; page_from: number; page_to: number; page_count: number; status: string }[];
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.status === 'extracted')).toBe(true);
    expect(parts.map((p) => [p.page_from, p.page_to]).flat()).toEqual([...parts.map((p) => [p.page_from, p.page_to]).flat()].sort((a, b) => a - b));
    expect(parts.reduce((n, p) => n + p.page_count, 0)).toBe(8);
    expect(db.prepare('SELECT count(*) FROM document_pages').pluck().get()).toBe(8);
    expect(db.prepare('SELECT count(*) FROM documents WHERE part_of IS NULL').pluck().get()).toBe(1);
    expect(db.prepare('SELECT attempts FROM documents WHERE id = ?').pluck().get(id)).toBe(2);
    expect(db.prepare("SELECT count(*) FROM audit WHERE action = 'document.extracted'").pluck().get()).toBe(parts.length);
    expect(value(await resumedApi.documents.file({ id })).data).toBe(pdf.toString('base64'));
    expect(verifyAudit(db).intact).toBe(true);
    await resumed.close();
  }, 300_000);
});

describe('watched inbox folder', () => {
  it('adds files that appear in the folder, once they stop changing, on behalf of the person who set it', async () => {
    const { backend, api } = await workspaceWith();
    const inboxDir = tempDir('quayside-inbox-');
    expect(await api.intake.setInbox({ dir: join(inboxDir, 'missing') })).toMatchObject({ ok: false, error: { message: expect.stringContaining('cannot read the folder') } });
    expect(await api.intake.setInbox({ dir: backend.ws.dir })).toMatchObject({ ok: false, error: { message: expect.stringContaining('inside the workspace') } });
    expect(value(await api.intake.setInbox({ dir: inboxDir }))).toMatchObject({ dir: inboxDir, byName: 'Ana' });

    writeFileSync(join(inboxDir, 'dropped.pdf'), readFileSync(join(SAMPLES, 'r01-invoice.pdf')));
    writeFileSync(join(inboxDir, 'readme.txt'), 'not a document');
    backend.inbox?.scan(); // first sight: remembered, not read (it may still be copying)
    expect(value(await api.documents.list({}))).toEqual([]);
    backend.inbox?.scan(); // unchanged since: read
    await backend.intake.idle();
    const [doc] = value(await api.documents.list({}));
    expect(doc).toMatchObject({ fileName: 'dropped.pdf', status: 'extracted', createdBy: 'Ana' });
    const [added] = value(await api.audit.list({ action: 'document.added' })).rows;
    expect(added?.details).toMatchObject({ source: 'inbox' });
    backend.inbox?.scan();
    expect(value(await api.documents.list({})).length).toBe(1);

    // What the folder holds that cannot be a document is refused file by file: listed, audited, announced.
    const announced: string[] = [];
    const off = backend.onEvent((event, payload) => {
      if (event === 'inbox.rejected') {
        const r = payload as { fileName: string; code: string };
        announced.push(`${r.fileName}: ${r.code}`);
      }
    });
    writeFileSync(join(inboxDir, 'empty.pdf'), '');
    writeFileSync(join(inboxDir, 'notes.pdf'), 'just some words, no PDF');
    spawnSync('mkfifo', [join(inboxDir, 'pipe.pdf')]);
    backend.inbox?.scan();
    backend.inbox?.scan();
    off();
    expect(announced.sort()).toEqual(['empty.pdf: DOCUMENT.EMPTY', 'notes.pdf: DOCUMENT.UNSUPPORTED', 'pipe.pdf: DOCUMENT.NOT_A_FILE']);
    const listed = value(await api.intake.getInbox({})).rejected;
    expect(listed.map((r) => r.fileName).sort()).toEqual(['empty.pdf', 'notes.pdf', 'pipe.pdf']);
    expect(listed.find((r) => r.fileName === 'pipe.pdf')?.message).toMatch(/named pipe \(FIFO\), not a regular file/);
    expect(value(await api.audit.list({ action: 'intake.inbox_rejected' })).rows).toHaveLength(3);
    backend.inbox?.scan(); // unchanged: not reported twice
    expect(value(await api.audit.list({ action: 'intake.inbox_rejected' })).rows).toHaveLength(3);

    expect(value(await api.intake.setInbox({ dir: null }))).toMatchObject({ dir: null, byName: null, since: null });
    const actions = value(await api.audit.list({ entity: 'workspace' })).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['intake.inbox_set', 'intake.inbox_cleared']));
    await backend.close();
  }, 120_000);
});
