import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { toCsv } from '../../src/backend/export/csv-export';
import { exportReceivables, RECEIVABLE_EXPORT_COLUMNS } from '../../src/backend/export/receivables-export';
import { columnLetters, excelSerial, sheetNameOf, writeXlsx, xmlEscape } from '../../src/backend/export/xlsx';
import { initWorkspace } from '../../src/backend/workspace';
import { parseCsv } from '../../src/core/csv';
import type { ReceivableSummary } from '../../src/shared/checks';
import { seedInvoices } from './helpers/invoices';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

const serialOf = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

const onPath = (command: string) => spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;
const office = ['libreoffice', 'soffice'].find(onPath);
const python = ['python3'].find((c) => spawnSync(c, ['-c', 'import xml.etree.ElementTree'], { encoding: 'utf8' }).status === 0);

/** Every part parses as XML (checked with Python's parser where Python is installed). */
function assertWellFormed(parts: Record<string, Uint8Array>): void {
  if (!python) {
    console.log('skipping the XML well-formedness check: python3 is not on PATH');
    return;
  }
  const dir = tempDir();
  const names = Object.keys(parts).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
  names.forEach((name, i) => writeFileSync(join(dir, `${i}.xml`), parts[name] as Uint8Array));
  const script = 'import sys, xml.etree.ElementTree as E\nfor p in sys.argv[1:]: E.parse(p)';
  const run = spawnSync(python, ['-c', script, ...names.map((_, i) => join(dir, `${i}.xml`))], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

const summary = (over: Partial<ReceivableSummary>): ReceivableSummary => ({
  id: 'rcv_1',
  status: 'eligible',
  invoiceDocumentId: 'doc_1',
  invoiceFileName: 'r01-invoice.pdf',
  invoiceNumber: 'SPR/EX/2026/0142',
  issueDate: '2026-02-16',
  dueDate: '2026-05-15',
  currency: 'USD',
  amount: 103455,
  sellerName: 'Saigon Polytech Resins Joint Stock Company',
  buyerName: 'Pacific Crest Packaging, Inc.',
  supplierId: 'S1',
  supplierName: 'Saigon Polytech Resins Joint Stock Company',
  buyerId: 'B3',
  buyerCounterpartyName: 'Pacific Crest Packaging, Inc.',
  goods: 'Polypropylene Homopolymer Resin',
  quantity: 99,
  quantityUnit: 'MT',
  blNumbers: ['MRDLSGN2604417'],
  advanceAmount: null,
  initialMarginPct: null,
  fundingDate: null,
  counts: { fail: 0, warn: 1, info: 2, waived: 0 },
  checkedAt: '2026-03-01T09:00:05.000Z',
  policyVersion: 1,
  createdAt: '2026-03-01T09:00:00.000Z',
  ...over,
});

describe('XLSX writer', () => {
  const columns = [
    { header: 'Name <&>', type: 'string', width: 30 },
    { header: 'Amount', type: 'number' },
    { header: 'Due', type: 'date' },
    { header: 'Count', type: 'integer' },
    { header: 'At', type: 'date' },
  ] as const;
  const rows = [
    ['Acme "Resins" & Sons <Ltd>', 103455.5, '2026-05-15', 3, '2026-03-01T12:00:00.000Z'],
    ['=HYPERLINK("http://evil")', null, 'not a date', 0, null],
    ['bad\u0001chars\uD800 here\u000b', Number.NaN, '2026-02-30', 12, undefined],
    [' padded\nlines ', -0.5, '1900-01-01', 1, '2026-03-01'],
  ];
  const bytes = writeXlsx('Receivables: Q1/2026 [draft]', columns, rows);
  const parts = unzipSync(bytes);
  const xml = (name: string) => strFromU8(parts[name] as Uint8Array);

  it('is a ZIP with the parts of an Office Open XML workbook, each well-formed', () => {
    expect(Object.keys(parts).sort()).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'].sort(),
    );
    expect(xml('[Content_Types].xml')).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml');
    expect(xml('xl/workbook.xml')).toContain('<sheet name="Receivables  Q1 2026  draft" sheetId="1" r:id="rId1"/>');
    expect(xml('xl/workbook.xml')).toContain('_xlnm._FilterDatabase');
    assertWellFormed(parts);
  });

  it('has a bold header style, a date format and a two-decimal number format', () => {
    const styles = xml('xl/styles.xml');
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>');
    expect(styles).toContain('<font><b/>');
    expect(styles).toMatch(/<xf numFmtId="4" [^>]*applyNumberFormat="1"\/>/);
  });

  it('writes the header bold and frozen with an autofilter and column widths', () => {
    const sheet = xml('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t>Name &lt;&amp;&gt;</t></is></c>');
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<autoFilter ref="A1:E5"/>');
    expect(sheet).toContain('<dimension ref="A1:E5"/>');
    expect(sheet).toContain('<col min="1" max="1" width="30" customWidth="1"/>');
    expect(sheet).toMatch(/<col min="2" max="2" width="\d+" customWidth="1"\/>/);
  });

  it('writes numbers as numbers, ISO dates as serial dates, and everything else as escaped inline text', () => {
    const sheet = xml('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t>Acme &quot;Resins&quot; &amp; Sons &lt;Ltd&gt;</t></is></c>');
    expect(sheet).toContain('<c r="B2" s="3"><v>103455.5</v></c>');
    expect(sheet).toContain(`<c r="C2" s="2"><v>${serialOf('2026-05-15')}</v></c>`);
    expect(sheet).toContain('<c r="D2"><v>3</v></c>');
    expect(sheet).toContain(`<c r="E2" s="4"><v>${serialOf('2026-03-01') + 0.5}</v></c>`);
    // A formula-like string stays a string: the writer never emits <f>.
    expect(sheet).toContain('<c r="A3" t="inlineStr"><is><t>=HYPERLINK(&quot;http://evil&quot;)</t></is></c>');
    expect(sheet).not.toContain('<f>');
    expect(sheet).toContain('<c r="C3" t="inlineStr"><is><t>not a date</t></is></c>');
    expect(sheet).not.toContain('<c r="B3"');
    expect(sheet).toContain('<c r="A4" t="inlineStr"><is><t>badchars here</t></is></c>');
    expect(sheet).toContain('<c r="C4" t="inlineStr"><is><t>2026-02-30</t></is></c>');
    expect(sheet).toContain('<c r="A5" t="inlineStr"><is><t xml:space="preserve"> padded\nlines </t></is></c>');
    expect(sheet).toContain('<c r="B5" s="3"><v>-0.5</v></c>');
  });

  it('helpers: column letters, serial dates, escaping, sheet names', () => {
    expect([1, 26, 27, 52, 53, 702, 703, 16384].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    expect(excelSerial('1900-03-01')).toEqual({ serial: 61, withTime: false });
    expect(excelSerial('2026-03-06')).toEqual({ serial: 46087, withTime: false });
    expect(excelSerial('2026-03-06T18:00:00Z')).toEqual({ serial: 46087.75, withTime: true });
    expect(excelSerial('06/03/2026')).toBeNull();
    expect(xmlEscape(`a<b>&"c'\u0000\uFFFE😀`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;😀');
    expect(sheetNameOf('')).toBe('Sheet1');
    expect(sheetNameOf('x'.repeat(40))).toHaveLength(31);
  });

  it('opens in LibreOffice with the same cells, when LibreOffice is installed', () => {
    if (!office) {
      console.log('skipping the LibreOffice round trip: neither libreoffice nor soffice is on PATH');
      return;
    }
    const dir = tempDir();
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, bytes);
    const run = spawnSync(office, ['--headless', '--convert-to', 'csv', '--outdir', dir, file], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(0);
    const parsed = parseCsv(readFileSync(join(dir, 'book.csv'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    const cells = parsed.rows.map((r) => r.cells);
    expect(cells[0]).toEqual(['Name <&>', 'Amount', 'Due', 'Count', 'At']);
    expect(cells[1]?.[0]).toBe('Acme "Resins" & Sons <Ltd>');
    expect(cells[1]?.[1]?.replace(/,/g, '')).toBe('103455.50');
    expect(cells[1]?.[2]).toBe('2026-05-15');
    expect(cells[2]?.[0]).toBe('=HYPERLINK("http://evil")');
  });
});

describe('CSV export', () => {
  it('writes a BOM, CRLF, typed cells, and defuses formulas', () => {
    const text = toCsv(['Name', 'Amount', 'B/Ls', 'Empty'], [['=1+1', 12.5, ['A', 'B'], null], ['-3', -3, [], undefined]]);
    expect(text).toBe("\ufeffName,Amount,B/Ls,Empty\r\n'=1+1,12.5,A; B,\r\n-3,-3,,\r\n");
  });
});

describe('receivables export', () => {
  const rows = [summary({}), summary({ id: 'rcv_2', invoiceNumber: '=cmd|"/c calc"!A0', amount: 52569, currency: 'EUR', blNumbers: [], dueDate: null })];

  it('exports the default columns as CSV, and the chosen columns in the order given', () => {
    const csv = value(exportReceivables(rows, 'csv', undefined, '2026-03-01T10:00:00Z'));
    expect(csv).toMatchObject({ fileName: 'receivables-2026-03-01.csv', mediaType: 'text/csv', encoding: 'utf8' });
    const parsed = parseCsv(csv.data);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows[0]?.cells.slice(0, 4)).toEqual(['Receivable', 'Status', 'Invoice number', 'Issue date']);
    expect(parsed.rows[2]?.cells.slice(0, 3)).toEqual(['rcv_2', 'Eligible', `'=cmd|"/c calc"!A0`]);

    const chosen = value(exportReceivables(rows, 'csv', ['amount', 'id', 'counts.warn', 'blNumbers'], '2026-03-01T10:00:00Z'));
    expect(chosen.data).toBe('\ufeffAmount,Receivable,Warn,B/L numbers\r\n103455,rcv_1,1,MRDLSGN2604417\r\n52569,rcv_2,1,\r\n');
  });

  it('refuses a column it does not know, listing the ones it does', () => {
    expect(exportReceivables(rows, 'csv', ['amount', 'secretSauce'], '2026-03-01')).toMatchObject({
      ok: false,
      error: { code: 'INPUT.INVALID', message: expect.stringContaining('cannot export the column secretSauce') },
    });
    expect(RECEIVABLE_EXPORT_COLUMNS.map((c) => c.id)).toContain('counts.fail');
  });

  it('exports XLSX as base64 with typed cells', () => {
    const file = value(exportReceivables(rows, 'xlsx', ['id', 'amount', 'issueDate', 'counts.info'], '2026-03-01T10:00:00Z'));
    expect(file).toMatchObject({ fileName: 'receivables-2026-03-01.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', encoding: 'base64' });
    const sheet = strFromU8(unzipSync(Buffer.from(file.data, 'base64'))['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).toContain('<c r="B2" s="3"><v>103455</v></c>');
    expect(sheet).toContain(`<c r="C2" s="2"><v>${serialOf('2026-02-16')}</v></c>`);
    expect(sheet).toContain('<c r="D3"><v>2</v></c>');
  });

  it('receivables.export reads the workspace, for any signed-in person, and is audited', async () => {
    const ws = initWorkspace(join(tempDir(), 'ws'), { clock: fakeClock(), ids: sequentialIds() });
    if (!ws.ok) throw new Error(ws.error.message);
    const backend = createBackend(ws.value, 'cli', { startIntake: false });
    const api = inProcessClient(backend);
    const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
    const carl = value(await api.profiles.create({ name: 'Carl', role: 'committee_member', passphrase: 'passphrase-carl' }));
    const seeded = seedInvoices(ws.value, ['r01-invoice.pdf', 'r05-invoice.pdf', 'r03-invoice.pdf'], ana.id);
    value(await api.session.signIn({ profileId: carl.id, passphrase: 'passphrase-carl' }));

    const all = value(await api.receivables.export({ format: 'csv', columns: ['invoiceNumber', 'currency', 'amount', 'issueDate'] }));
    const parsed = parseCsv(all.data);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows.slice(1).map((r) => r.cells).sort()).toEqual([
      ['0057/2026', 'USD', '5156250', '2026-03-06'],
      ['SPR/EX/2026/0142', 'USD', '103455', '2026-02-16'],
      ['SPR/EX/2026/0167', 'EUR', '52569', '2026-03-03'],
    ]);
    const one = value(await api.receivables.export({ format: 'xlsx', ids: [seeded.get('r03-invoice.pdf')?.receivableId ?? ''] }));
    const sheet = strFromU8(unzipSync(Buffer.from(one.data, 'base64'))['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).toContain('0057/2026');
    expect(sheet).not.toContain('SPR/EX');
    const audit = value(await api.audit.list({ action: 'receivables.exported' })).rows;
    expect(audit.map((r) => [r.actorName, r.details.format, r.details.rows])).toEqual([
      ['Carl', 'xlsx', 1],
      ['Carl', 'csv', 3],
    ]);
    value(await api.session.signOut({}));
    expect(await api.receivables.export({ format: 'csv' })).toMatchObject({ ok: false, error: { code: 'AUTH.NO_ACTIVE_PROFILE' } });
    await backend.close();
  });
});
