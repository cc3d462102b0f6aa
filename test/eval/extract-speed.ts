/**
 * `npm run bench:extract`: the stateless extract against `pdftotext -layout` over the same born-digital
 * PDFs — the real development corpus's text-layer PDFs (../shared/corpus, when present) and the bundled
 * born-digital samples. Both run as a user runs them: pdftotext once per file, and one
 * `quayside extract --json` over all files with its startup included. Prints the figures; asserts nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDocuments } from '../fixtures/generator/index';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

function bornDigitalPdfs(): string[] {
  const files: string[] = [];
  const truth = path.join(CORPUS, 'truth.jsonl');
  if (existsSync(truth)) {
    for (const line of readFileSync(truth, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const doc = JSON.parse(line) as { file: string; format: string; text_layer: boolean };
      if (doc.format === 'pdf' && doc.text_layer) files.push(path.join(CORPUS, doc.file));
    }
  }
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'resources/samples/manifest.json'), 'utf8')) as { documents: { file: string; rendition: string }[] };
  for (const d of manifest.documents) if (d.rendition === 'born_digital' && d.file.endsWith('.pdf')) files.push(path.join(ROOT, 'resources/samples', d.file));
  return files.filter((f) => existsSync(f));
}

const pagesOf = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);

if (spawnSync('pdftotext', ['-v']).error) {
  console.log('pdftotext is not installed (apt-get install poppler-utils): nothing to compare against.');
  process.exit(0);
}
const real = bornDigitalPdfs();
// The real born-digital PDFs at hand hold fewer than 150 pages: generated born-digital invoices and
// B/Ls (seeded, so the set is the same every run) make up the rest.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quayside-extract-speed-'));
const files = [...real];
let pages = real.reduce((n, f) => n + pagesOf(f), 0);
const realPages = pages;
for (const doc of await generateDocuments({ seed: 150, count: 160, rendition: 'born_digital' })) {
  if (pages >= 150) break;
  const file = path.join(tmp, doc.file);
  writeFileSync(file, doc.bytes);
  files.push(file);
  pages += pagesOf(file);
}
const rounds = Number(process.env.QUAYSIDE_BENCH_ROUNDS ?? 3);
const time = (run: () => void): number => {
  const t = performance.now();
  run();
  return (performance.now() - t) / 1000;
};
const best = (run: () => void): number => Math.min(...Array.from({ length: rounds }, () => time(run)));

const poppler = best(() => {
  for (const f of files) execFileSync('pdftotext', ['-layout', f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
});
const ours = best(() => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'src/cli/quayside.mjs'), 'extract', '--json', ...files], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`extract failed: ${run.stderr}`);
});
const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
console.log(`Stateless extract vs pdftotext -layout — ${files.length} born-digital PDFs, ${pages} pages (${realPages} of them real: corpus and samples; the rest generated, seed 150); best of ${rounds}; ${cpu} × ${os.cpus().length}, Node ${process.version}`);
console.log(`  pdftotext -layout, one process per file   ${poppler.toFixed(2)} s   ${(pages / poppler).toFixed(1)} pages/s`);
console.log(`  quayside extract --json (startup included) ${ours.toFixed(2)} s   ${(pages / ours).toFixed(1)} pages/s`);
console.log(`  quayside ÷ pdftotext speed                 ${(poppler / ours).toFixed(2)}×   (target ≥ 0.5×; ≥ 20 pages/s)`);
rmSync(tmp, { recursive: true, force: true });
