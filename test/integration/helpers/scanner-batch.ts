import PDFDocument from 'pdfkit';
import { readImageHeader } from '../../../src/backend/text/images';
import { sniffMediaType } from '../../../src/backend/text/sniff';

/**
 * Several scanned pages in one image-only PDF, as a scanner's document feeder makes them: each
 * image becomes one page at its scan resolution, with no text layer.
 */
export function scannerBatch(images: readonly Uint8Array[], dpi = 200): Promise<Uint8Array> {
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, info: { Producer: 'Scanner batch (test)', CreationDate: new Date('2026-03-01T09:00:00Z') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  for (const bytes of images) {
    const type = sniffMediaType(bytes);
    const header = type && type !== 'application/pdf' ? readImageHeader(bytes, type) : null;
    if (!header) throw new Error('scannerBatch takes PNG, JPEG or TIFF images');
    const [width, height] = [(header.width * 72) / dpi, (header.height * 72) / dpi];
    doc.addPage({ size: [width, height], margin: 0 });
    doc.image(Buffer.from(bytes), 0, 0, { width, height });
  }
  doc.end();
  return done;
}
