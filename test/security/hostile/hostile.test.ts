// Hostile PDFs through the real intake (issue 23): each is ingested with a good document by the CLI
// in a process of its own, ends in bounded time with its code, the process's peak memory (the
// kernel's VmHWM, every thread counted) stays under 1 GB, and the good document is read. Byte
// budgets are checked before pdf.js parses the file (src/backend/text/pdf-budget.ts); pages that
// paint nothing are not rendered, and a long file that opens with noise stops (read-document.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPdfBudget } from '../../../src/backend/text/pdf-budget';
import { tempDir } from '../../integration/helpers/temp';
import { flateBomb, manyPages, millionRuns, nestedQ, noisePages } from './generators';

const GOOD = join(process.cwd(), 'resources/samples/r06-invoice.pdf');
const CLI = join(process.cwd(), 'src/cli/quayside.mjs');
const PEAK_RSS = join(process.cwd(), 'test/security/hostile/peak-rss.mjs');

const cli = (args: string[], env: NodeJS.ProcessEnv = {}): void => {
  const run = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`quayside ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
};

describe('hostile PDFs in a batch with a good one', () => {
  it.each([
    ['200,000 nested q … Q', async () => nestedQ(), 'DOCUMENT.TOO_COMPLEX', /nests its drawing state/],
    ['a flate bomb inflating to 3 GiB', async () => flateBomb(3), 'DOCUMENT.TOO_LARGE', /inflates to more than 256 MB/],
    ['a million text runs on one page', async () => millionRuns(), 'DOCUMENT.TOO_COMPLEX', /more than 400,000 pieces of text/],
    ['2,001 pages', async () => manyPages(2001), 'DOCUMENT.TOO_LARGE', /2001 pages, more than the 2000/],
    // 21 minutes of both cores before (each blank page rendered at 300 DPI and OCR'd).
    ['2,000 blank pages', async () => manyPages(2000), 'DOCUMENT.EMPTY', /No text could be read on any page/],
    // About 5.5 hours before (OCR of each noise page takes about ten seconds).
    ['2,000 pages of noise', async () => noisePages(2000, { distinct: 4 }), 'DOCUMENT.TOO_COMPLEX', /first 2 pages of this 2000-page file are noise to OCR/],
  ] as const)('%s ends with its code in bounded time (30 s idle), under 1 GB, and the good file is read', { timeout: 120_000 }, async (name, make, code, message) => {
    const dir = tempDir();
    const hostile = join(dir, 'hostile.pdf');
    writeFileSync(hostile, await make());
    const ws = join(dir, 'ws');
    cli(['workspace', 'init', ws]);
    cli(['-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'analyst'], { QUAYSIDE_PASSPHRASE: 'passphrase-ana' });
    // The batch is ingested by the CLI in a process of its own, whose peak memory the kernel reports.
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', PEAK_RSS, CLI, '-w', ws, '--json', 'ingest', '--as', 'Ana', hostile, GOOD], {
      env: { ...process.env, QUAYSIDE_AS_PASSPHRASE: 'passphrase-ana' },
      encoding: 'utf8',
      timeout: 110_000,
    });
    const seconds = (performance.now() - started) / 1000;
    const report = JSON.parse(run.stdout) as { documents: { fileName: string; status: string; kind: string | null; error: { code: string; message: string } | null }[] };
    const bad = report.documents.find((d) => d.fileName === 'hostile.pdf');
    const good = report.documents.find((d) => d.fileName === 'r06-invoice.pdf');
    expect(bad).toMatchObject({ status: 'failed', error: { code } });
    expect(bad?.error?.message).toMatch(message);
    expect(good).toMatchObject({ status: 'extracted', kind: 'invoice' });
    expect(run.status).toBe(1);
    const kb = /peak-rss-kb (\d+)/.exec(run.stderr)?.[1];
    const mib = kb ? Number(kb) / 1024 : null;
    console.log(`[hostile] ${name}: ${code} in ${seconds.toFixed(1)} s, peak RSS of the ingest process ${mib === null ? 'not measured (no /proc on this system)' : `${mib.toFixed(0)} MiB`}`);
    // The issue's budget is 30 s on an idle machine (the README's reliability table); the bound is
    // twice that, so a CI VM running slow does not fail it, and a reader without the budgets (hours)
    // still does.
    expect(seconds).toBeLessThan(60);
    if (mib !== null) expect(mib).toBeLessThan(1024);
  });

  it('lets the sample PDFs through the budget untouched', () => {
    for (const name of ['r01-invoice.pdf', 'r04-invoice-scan.pdf', 'r06-bl-scan.pdf', 'r04-packing-list.pdf']) {
      const result = checkPdfBudget(readFileSync(join(process.cwd(), 'resources/samples', name)));
      expect(result.ok, name).toBe(true);
    }
  });
});
