// Hostile PDFs made at test time (nothing binary is committed): each is a small, well-formed PDF
// whose content costs a reader what the probes of issue 23 found — deep nesting, a flate bomb, a
// million text runs, two thousand pages.
import { createDeflate, deflateSync } from 'node:zlib';

/**
 * A PDF from page content streams (already encoded) with their filter, and an xref table. Pages given
 * the same content object share one stream in the file (two thousand pages of noise in 100 KB).
 */
function pdf(pages: readonly { readonly content: Buffer; readonly filter?: string }[]): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer | string): void => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  const object = (n: number, body: Buffer | string): void => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    push(body);
    push('\nendobj\n');
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const pageIds = pages.map((_, i) => 4 + i * 2);
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const streamOf = new Map<Buffer, number>();
  pages.forEach((p, i) => {
    const id = pageIds[i]!;
    const shared = streamOf.get(p.content);
    object(id, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${shared ?? id + 1} 0 R >>`);
    if (shared !== undefined) object(id + 1, '<< >>');
    else {
      streamOf.set(p.content, id + 1);
      object(id + 1, Buffer.concat([Buffer.from(`<< /Length ${p.content.length}${p.filter ? ` /Filter /${p.filter}` : ''} >>\nstream\n`, 'latin1'), p.content, Buffer.from('\nendstream', 'latin1')]));
    }
  });
  const xref = length;
  const count = 4 + pages.length * 2;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) push(`${String(offsets[n] ?? 0).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

const text = (s: string): Buffer => Buffer.from(s, 'latin1');

/** 200,000 nested `q … Q` around one line of text (1.5 KB compressed). */
export const nestedQ = (depth = 200_000): Buffer =>
  pdf([{ content: deflateSync(Buffer.concat([Buffer.alloc(depth * 2, 'q '), text('BT /F1 12 Tf 72 720 Td (INVOICE) Tj ET '), Buffer.alloc(depth * 2, 'Q ')]), { level: 9 }), filter: 'FlateDecode' }]);

/** A content stream of spaces that inflates to `gib` GiB (a few MB compressed), deflated as a stream. */
export async function flateBomb(gib = 3): Promise<Buffer> {
  const deflate = createDeflate({ level: 1 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const chunk = Buffer.alloc(16 * 2 ** 20, 0x20);
  for (let i = 0; i < gib * 64; i++) {
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return pdf([{ content: Buffer.concat(parts), filter: 'FlateDecode' }]);
}

/** One page drawing `runs` separate pieces of text. */
export const millionRuns = (runs = 1_000_000): Buffer => {
  const ops: string[] = ['BT /F1 4 Tf'];
  for (let i = 0; i < runs; i++) ops.push(`1 0 0 1 ${(i % 100) * 5} ${800 - (Math.floor(i / 100) % 160) * 5} Tm (a) Tj`);
  ops.push('ET');
  return pdf([{ content: deflateSync(text(ops.join('\n'))), filter: 'FlateDecode' }]);
};

/** `count` blank pages. */
export const manyPages = (count = 2001): Buffer => pdf(Array.from({ length: count }, () => ({ content: text('') })));

/**
 * `count` pages of noise (`distinct` of them different, the rest repeating them): thousands of small
 * marks at random (seeded) places and no text layer, so each page is rendered and read by OCR, which
 * takes seconds a page to find nothing it can read.
 */
export const noisePages = (count: number, options: { readonly marks?: number; readonly seed?: number; readonly distinct?: number } = {}): Buffer => {
  const { marks = 12_000, seed = 23, distinct = count } = options;
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const page = (): Buffer => {
    const ops: string[] = ['0 g'];
    for (let i = 0; i < marks; i++) ops.push(`${(random() * 580).toFixed(1)} ${(random() * 830).toFixed(1)} ${(0.6 + random() * 3).toFixed(1)} ${(0.6 + random() * 6).toFixed(1)} re f`);
    return deflateSync(text(ops.join('\n')));
  };
  // `distinct` different pages, repeated: two thousand pages of noise need not take 180 MB.
  const contents = Array.from({ length: Math.min(count, distinct) }, page);
  return pdf(Array.from({ length: count }, (_, i) => ({ content: contents[i % contents.length]!, filter: 'FlateDecode' })));
};
