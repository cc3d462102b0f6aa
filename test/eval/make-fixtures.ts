/**
 * Rebuilds the hand-written evaluation documents in test/fixtures/eval from their HTML sources:
 * born-digital PDFs printed by headless Chromium, and scans made from them (pdftoppm at 200 DPI,
 * then ImageMagick: grey, skew, slight blur, uneven light, noise; saved as JPEG, PNG or JPEG inside
 * a PDF written with pdfkit). The expected values are hand-written in <name>.expected.json and are
 * not touched. Needs chromium (or QUAYSIDE_CHROMIUM), poppler-utils and ImageMagick.
 *
 *   npx tsx test/eval/make-fixtures.ts
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/eval');
const chromium = process.env.QUAYSIDE_CHROMIUM ?? 'chromium';

for (const html of readdirSync(path.join(DIR, 'src')).filter((f) => f.endsWith('.html'))) {
  const out = path.join(DIR, html.replace(/\.html$/, '.pdf'));
  execFileSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${out}`, path.join(DIR, 'src', html)], { stdio: 'ignore' });
}

const jpegInPdf = async (jpeg: string, out: string): Promise<void> => {
  const [w = 1, h = 1] = execFileSync('identify', ['-format', '%w %h', jpeg]).toString().trim().split(' ').map(Number);
  // 200 DPI image on a page of the same physical size.
  const doc = new PDFDocument({ size: [(w * 72) / 200, (h * 72) / 200], margin: 0, info: { CreationDate: new Date(0) } });
  const done = new Promise<void>((resolve) => doc.pipe(createWriteStream(out)).on('finish', () => resolve()));
  doc.image(readFileSync(jpeg), 0, 0, { width: (w * 72) / 200, height: (h * 72) / 200 });
  doc.end();
  await done;
};

/** Renders page 1 of `pdf` as a scan: skewed by `skew`°, with `noise`, optionally turned a quarter. */
async function scan(pdf: string, out: string, skew: number, noise: number, rotate = 0): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'qs-fixture-'));
  try {
    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', path.join(DIR, pdf), path.join(tmp, 'page')]);
    const jpg = path.join(tmp, 'scan.jpg');
    execFileSync('convert', [
      path.join(tmp, 'page.png'), '-colorspace', 'Gray', '-background', 'white', '-rotate', String(skew), '-blur', '0x0.6',
      '(', '+clone', '-fx', '0.88+0.1*i/w', ')', '-compose', 'multiply', '-composite',
      '-attenuate', String(noise), '+noise', 'Gaussian', '-level', '8%,96%', '-rotate', String(rotate), '-quality', '72', jpg,
    ]);
    if (out.endsWith('.pdf')) await jpegInPdf(jpg, path.join(DIR, out));
    else if (out.endsWith('.png')) execFileSync('convert', [jpg, path.join(DIR, out)]);
    else writeFileSync(path.join(DIR, out), readFileSync(jpg));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await scan('h01-us-invoice.pdf', 's01-us-invoice-scan.jpg', 0.8, 0.4);
await scan('h02-de-rechnung.pdf', 's02-de-rechnung-scan.pdf', -1.1, 0.5);
await scan('h05-bl-pacifica.pdf', 's05-bl-pacifica-scan.png', 0.6, 0.4);
await scan('h06-sea-waybill.pdf', 's06-sea-waybill-scan.jpg', -0.5, 0.4, 90);
await scan('h07-facture.pdf', 's07-facture-scan.jpg', 1.4, 0.6);
await scan('h11-cn-invoice.pdf', 's11-cn-invoice-scan.jpg', -0.9, 0.5);
await scan('h12-house-bl.pdf', 's12-house-bl-scan.pdf', 0.7, 0.5);
console.log(`rebuilt ${readdirSync(DIR).filter((f) => /\.(pdf|jpg|png)$/.test(f)).length} documents in ${DIR}`);
