// Hostile PDFs through the real intake (issue 23): each ends in bounded time with its code, the
// process stays under 1 GB, and the good document beside it in the same batch is read. The budgets
// are checked on the file's bytes before pdf.js parses it (src/backend/text/pdf-budget.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../../src/backend/backend';
import { checkPdfBudget } from '../../../src/backend/text/pdf-budget';
import { initWorkspace } from '../../../src/backend/workspace';
import { tempDir } from '../../integration/helpers/temp';
import { flateBomb, manyPages, millionRuns, nestedQ } from './generators';

const GOOD = readFileSync(join(process.cwd(), 'resources/samples/r06-invoice.pdf'));

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

describe('hostile PDFs in a batch with a good one', () => {
  it.each([
    ['200,000 nested q … Q', async () => nestedQ(), 'DOCUMENT.TOO_COMPLEX', /nests its drawing state/],
    ['a flate bomb inflating to 3 GiB', async () => flateBomb(3), 'DOCUMENT.TOO_LARGE', /inflates to more than 256 MB/],
    ['a million text runs on one page', async () => millionRuns(), 'DOCUMENT.TOO_COMPLEX', /more than 400,000 pieces of text/],
    ['2,001 pages', async () => manyPages(2001), 'DOCUMENT.TOO_LARGE', /2001 pages, more than the 2000/],
  ] as const)('%s ends with its code in < 30 s, under 1 GB, and the good file is read', { timeout: 120_000 }, async (_name, make, code, message) => {
    const hostile = await make();
    const ws = initWorkspace(join(tempDir(), 'ws'));
    if (!ws.ok) throw new Error(ws.error.message);
    const backend = createBackend(ws.value, 'cli', { startIntake: true });
    const api = inProcessClient(backend.handlers);
    value(await api.profiles.create({ name: 'Ana', role: 'analyst', passphrase: 'passphrase-ana' }));
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    try {
      value(await api.documents.ingest({ files: [{ name: 'hostile.pdf', data: hostile.toString('base64') }, { name: 'good.pdf', data: GOOD.toString('base64') }] }));
      await backend.intake.idle();
      const seconds = (performance.now() - started) / 1000;
      const docs = value(await api.documents.list({}));
      const bad = docs.find((d) => d.fileName === 'hostile.pdf');
      const good = docs.find((d) => d.fileName === 'good.pdf');
      expect(bad).toMatchObject({ status: 'failed', error: { code } });
      expect(bad?.error?.message).toMatch(message);
      expect(good).toMatchObject({ status: 'extracted', kind: 'invoice' });
      console.log(`[hostile] ${_name}: ${code} in ${seconds.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
      expect(seconds).toBeLessThan(30);
      expect(peak / 2 ** 20).toBeLessThan(1024);
    } finally {
      clearInterval(sampler);
      await backend.close();
    }
  });

  it('lets the sample PDFs through the budget untouched', () => {
    for (const name of ['r01-invoice.pdf', 'r04-invoice-scan.pdf', 'r06-bl-scan.pdf', 'r04-packing-list.pdf']) {
      const result = checkPdfBudget(readFileSync(join(process.cwd(), 'resources/samples', name)));
      expect(result.ok, name).toBe(true);
    }
  });
});
