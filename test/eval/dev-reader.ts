/**
 * Development aid for the evaluation: reads a document into `PageText[]` without the backend's text
 * reader — pdf.js `getTextContent` for born-digital PDFs, the native `tesseract` CLI (OSD for the
 * rotation, then TSV words) for scans and images. The evaluation prefers the real pipeline
 * (`extractFile` from src/backend/intake) when it exists; this keeps the extractor testable until then
 * and is a second opinion afterwards. Results are cached by SHA-256 in the OS temp folder.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PageText, Word } from '../../src/shared/documents';

const CACHE = path.join(tmpdir(), 'quayside-eval-cache-v2');


type PdfTextItem = { str: string; transform: number[]; width: number; height: number };

/** Reads a file into pages the way the backend will: text layer when present, OCR otherwise. */
export async function devReadDocument(file: string): Promise<PageText[]> {
  const bytes = readFileSync(file);
  const key = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(CACHE, { recursive: true });
  const cached = path.join(CACHE, `${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as PageText[];
  const pages = file.toLowerCase().endsWith('.pdf') ? await readPdf(file, bytes) : [ocrImage(file, 1)];
  writeFileSync(cached, JSON.stringify(pages));
  return pages;
}

async function readPdf(file: string, bytes: Buffer): Promise<PageText[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: PageText[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const words: Word[] = [];
    for (const raw of content.items) {
      const item = raw as PdfTextItem;
      if (!item.str || !item.str.trim()) continue;
      const [x, y] = viewport.convertToViewportPoint(item.transform[4] ?? 0, item.transform[5] ?? 0) as [number, number];
      const size = Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || item.height;
      // Characters are spread evenly over the item's width: close enough for word boxes.
      const perChar = item.width / item.str.length;
      for (const m of item.str.matchAll(/\S+/g)) {
        const left = x + (m.index ?? 0) * perChar;
        words.push({
          text: m[0],
          bbox: { x: left / viewport.width, y: (y - size * 0.8) / viewport.height, w: (m[0].length * perChar) / viewport.width, h: size / viewport.height },
          confidence: 1,
        });
      }
    }
    if (words.length >= 5) {
      pages.push({ n, width: viewport.width, height: viewport.height, method: 'text_layer', rotation: 0, confidence: 1, words });
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'qs-eval-'));
      execFileSync('pdftoppm', ['-r', '300', '-png', '-f', String(n), '-l', String(n), file, path.join(dir, 'p')]);
      const png = execFileSync('ls', [dir]).toString().trim().split('\n')[0] ?? '';
      pages.push(ocrImage(path.join(dir, png), n));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return pages;
}

function ocrImage(file: string, n: number): PageText {
  const first = ocrImageOnce(file, n, true);
  if (first.rotation === 0 || first.confidence >= 0.75) return first;
  // OSD misjudges photos now and then: keep the upright reading when it reads better.
  const upright = ocrImageOnce(file, n, false);
  return upright.confidence > first.confidence ? upright : first;
}

function ocrImageOnce(file: string, n: number, detect: boolean): PageText {
  const dir = mkdtempSync(path.join(tmpdir(), 'qs-ocr-'));
  let rotation: 0 | 90 | 180 | 270 = 0;
  if (detect) try {
    const osd = execFileSync('tesseract', [file, '-', '--psm', '0'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const r = Number(/Rotate: (\d+)/.exec(osd)?.[1] ?? 0);
    const conf = Number(/Orientation confidence: ([\d.]+)/.exec(osd)?.[1] ?? 0);
    if ((r === 90 || r === 180 || r === 270) && conf > 1) rotation = r;
  } catch {
    // OSD fails on pages with little text; the page is then read as it is.
  }
  const upright = path.join(dir, 'upright.png');
  execFileSync('convert', [file, '-rotate', String(rotation), upright]);
  const size = execFileSync('identify', ['-format', '%w %h', upright]).toString().trim().split(' ').map(Number);
  const [width = 1, height = 1] = size;
  const tsv = execFileSync('tesseract', [upright, '-', 'tsv'], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 }).toString();
  rmSync(dir, { recursive: true, force: true });
  const words: Word[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    const c = line.split('\t');
    if (c.length < 12 || c[0] !== '5') continue;
    const text = (c[11] ?? '').trim();
    const conf = Number(c[10]);
    if (!text || conf < 0) continue;
    const [l, t, w, h] = [Number(c[6]), Number(c[7]), Number(c[8]), Number(c[9])];
    words.push({ text, bbox: { x: l / width, y: t / height, w: w / width, h: h / height }, confidence: Math.max(0, Math.min(1, conf / 100)) });
  }
  const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
  return { n, width, height, method: 'ocr', rotation, confidence, words };
}
