import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { GrayImage } from '../../../src/backend/text/raster';

/** Files the text-reading tests use: the bundled samples, and PDFs and TIFFs made on the spot. */

export const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/samples');
export const sample = (file: string): Uint8Array => new Uint8Array(readFileSync(path.join(SAMPLES, file)));
/** Generated scans kept as files (`test/fixtures/scans/README.md`). */
export const SCANS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/scans');

type Doc = PDFKit.PDFDocument;

/** Builds a PDF with pdfkit (deterministic dates so the bytes do not depend on the clock). */
export function makePdf(build: (doc: Doc) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { CreationDate: new Date('2026-01-01T00:00:00Z') }, ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  build(doc);
  doc.end();
  return done;
}

/** Born-digital text: well over the characters a page needs to count as a real text layer. */
export const textPage = (doc: Doc, title: string): void => {
  doc.fontSize(18).text(title);
  doc.moveDown().fontSize(10);
  for (let i = 1; i <= 12; i += 1) doc.text(`Line ${i}: 4 x 40'HC containers of polypropylene homopolymer resin, 99.000 MT at USD 1,045.00 per MT.`);
};

/** A page that is only a scan: the JPEG drawn over the whole page, no text layer. */
export const scanPage = (doc: Doc, jpeg: Uint8Array): void => {
  doc.image(Buffer.from(jpeg), 0, 0, { width: doc.page.width, height: doc.page.height });
};

/** An uncompressed 8-bit grayscale TIFF with one IFD per image (little-endian). */
export function encodeTiff(images: readonly GrayImage[]): Uint8Array {
  const tags = 9;
  const ifdSize = 2 + tags * 12 + 4;
  const total = 8 + images.reduce((sum, img) => sum + ifdSize + img.data.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 0x2a, 0x00]);
  let at = 8;
  view.setUint32(4, at, true);
  images.forEach((img, i) => {
    const pixels = at + ifdSize;
    view.setUint16(at, tags, true);
    const entries: [number, number, number][] = [
      [256, 4, img.width],
      [257, 4, img.height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, pixels],
      [277, 3, 1],
      [278, 4, img.height],
      [279, 4, img.data.length],
    ];
    entries.forEach(([tag, type, value], e) => {
      const p = at + 2 + e * 12;
      view.setUint16(p, tag, true);
      view.setUint16(p + 2, type, true);
      view.setUint32(p + 4, 1, true);
      if (type === 3) view.setUint16(p + 8, value, true);
      else view.setUint32(p + 8, value, true);
    });
    const next = i + 1 < images.length ? pixels + img.data.length : 0;
    view.setUint32(at + 2 + tags * 12, next, true);
    out.set(img.data, pixels);
    at = pixels + img.data.length;
  });
  return out;
}
