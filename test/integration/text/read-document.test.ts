import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageText } from '../../../src/shared/documents';
import { createOcrEngine, readDocument, sniffMediaType } from '../../../src/backend/text';
import type { OcrEngine } from '../../../src/backend/text';
import { decodeToGray } from '../../../src/backend/text/images';
import { noisePage } from '../../../src/core/extraction/legibility';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { encodeTiff, makePdf, sample, SCANS, scanPage, textPage } from './fixtures';

// Real files through the real reader: pdf.js for text layers, tesseract.js workers for scans. OCR is
// slow, so only a handful of single pages are read, several at once.

let ocr: OcrEngine;
let ocrCalls = 0;
beforeAll(() => {
  const engine = createOcrEngine({ workers: 2 });
  ocr = { size: engine.size, close: engine.close, recognize: (png, signal) => ((ocrCalls += 1), engine.recognize(png, signal)) };
});
afterAll(() => ocr.close());

/** An engine that must not be used: the born-digital paths never reach OCR. */
const noOcr: OcrEngine = {
  size: 2,
  recognize: () => Promise.reject(new Error('OCR was called for a page with a text layer')),
  close: async () => undefined,
};

const read = async (bytes: Uint8Array, engine: OcrEngine = ocr, extra: Partial<Parameters<typeof readDocument>[2]> = {}) => {
  const type = sniffMediaType(bytes);
  if (!type) throw new Error('the test file is not a supported type');
  return readDocument(bytes, type, { ocr: engine, ...extra });
};
const textOf = (pages: readonly PageText[]): string => pages.flatMap((p) => p.words.map((w) => w.text)).join(' ');

describe('born-digital PDF', () => {
  it('is read from its text layer, with word boxes, and never OCRed', async () => {
    const starts: number[] = [];
    const seen: number[] = [];
    const result = await read(sample('r01-invoice.pdf'), noOcr, { onStart: (n) => starts.push(n), onPage: (p) => void seen.push(p.n) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(starts).toEqual([1]);
    expect(seen).toEqual([1]);
    const [page] = result.value.pages;
    expect(page).toMatchObject({ n: 1, method: 'text_layer', rotation: 0, confidence: 1 });
    expect(page!.width).toBeCloseTo(595.28, 1);
    const number = page!.words.find((w) => w.text === 'SPR/EX/2026/0142');
    expect(number).toBeDefined();
    // The invoice number sits in the right-hand header box, in the top quarter of the page.
    expect(number!.bbox.x).toBeGreaterThan(0.5);
    expect(number!.bbox.y).toBeGreaterThan(0.1);
    expect(number!.bbox.y).toBeLessThan(0.25);
    expect(number!.bbox.w).toBeGreaterThan(0.05);
    expect(textOf(result.value.pages)).toContain('COMMERCIAL INVOICE');
  });
});

describe('OCR', { concurrent: true }, () => {
  it('reads an image-only scanned PDF at 300 DPI with word confidences', async () => {
    const before = ocrCalls;
    const result = await read(sample('r01-bl-scan.pdf'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [page] = result.value.pages;
    expect(ocrCalls).toBeGreaterThan(before);
    expect(page).toMatchObject({ n: 1, method: 'ocr', rotation: 0 });
    expect(page!.confidence).toBeGreaterThan(0.7);
    expect(page!.words.length).toBeGreaterThan(200);
    expect(page!.words.every((w) => w.confidence >= 0 && w.confidence <= 1)).toBe(true);
    const bl = page!.words.find((w) => w.text === 'MRDLSGN2604417');
    expect(bl?.confidence).toBeGreaterThan(0.8);
    expect(textOf(result.value.pages)).toMatch(/BILL OF LADING/);
  });

  it('turns a page scanned a quarter turn clockwise upright (90° in the file → 270° applied)', async () => {
    const result = await read(sample('r05-bl-scan.jpg'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [page] = result.value.pages;
    expect(page).toMatchObject({ method: 'ocr', rotation: 270 });
    // Upright A4 is taller than wide (the file itself is landscape).
    expect(page!.height).toBeGreaterThan(page!.width);
    expect(page!.words.map((w) => w.text)).toContain('NHCLSGN2601274');
    expect(page!.confidence).toBeGreaterThan(0.8);
  });

  it('turns a page scanned upside down upright (180°)', async () => {
    const result = await read(sample('r04-invoice-scan.pdf'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [page] = result.value.pages;
    expect(page).toMatchObject({ method: 'ocr', rotation: 180 });
    expect(textOf(result.value.pages)).toContain('EXPORT INVOICE');
    // Upright, the title is at the top of the page.
    const title = page!.words.find((w) => w.text === 'INVOICE');
    expect(title!.bbox.y).toBeLessThan(0.1);
  });

  it('reads a PDF page by page by the method each page needs, reporting pages in order', async () => {
    const pdf = await makePdf((doc) => {
      textPage(doc, 'Packing list PL-2026-0041');
      doc.addPage();
      scanPage(doc, sample('r02-invoice-scan.jpg'));
      doc.addPage();
      textPage(doc, 'Certificate of analysis COA-7731');
    });
    const order: number[] = [];
    const result = await read(pdf, ocr, {
      onPage: async (p) => {
        order.push(p.n);
        // A slow consumer must not reorder or overlap the calls.
        await new Promise((r) => setTimeout(r, 20));
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(order).toEqual([1, 2, 3]);
    expect(result.value.total).toBe(3);
    expect(result.value.pages.map((p) => p.method)).toEqual(['text_layer', 'ocr', 'text_layer']);
    expect(textOf([result.value.pages[1]!])).toContain('EX2602-0871');
    expect(textOf([result.value.pages[2]!])).toContain('COA-7731');

    // Resuming with pages 1 and 2 done reads page 3 only, without OCR.
    const resumed = await read(pdf, noOcr, { donePages: new Set([1, 2]), onStart: (n) => expect(n).toBe(3) });
    expect(resumed.ok && resumed.value.pages.map((p) => p.n)).toEqual([3]);
  });

  it('reads the white print on dark bands that the page layout leaves out (a table header row, the amount-due box)', async () => {
    // r02's table header and its 'Amount Due € 83,754.00' box are white on grey: Tesseract's page
    // layout reads neither; each read on its own as a block of text, both are read.
    const result = await read(sample('r02-invoice-scan.jpg'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [page] = result.value.pages;
    // Two words read surely on one line.
    const sure = (text: string) => page!.words.filter((w) => w.text === text && w.confidence >= 0.7);
    const near = (text: string, other: string): boolean => sure(text).some((a) => sure(other).some((b) => Math.abs(a.bbox.y - b.bbox.y) < 0.01));
    expect(near('Due', '83,754.00')).toBe(true);
    expect(near('Qty', 'Price')).toBe(true);
    // Words are kept once: a strip read with a margin does not repeat what the page reading has.
    const keys = page!.words.map((w) => `${w.text}@${w.bbox.x.toFixed(3)},${w.bbox.y.toFixed(3)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  /**
   * An A4 page at 200 DPI that `draw` prints black on white, then turned grey: each pixel becomes
   * `level` of its printed value plus grain (three seeded uniform draws, up to ± 1.5 × `grain`).
   * Returns the canvas and the random source, for marks drawn over the grain.
   */
  const greyPage = async (draw: (ctx: SKRSContext2D) => void, level: (printed: number) => number, grain: number, seed: number) => {
    const { createCanvas } = await import('@napi-rs/canvas');
    const [w, h] = [1654, 2339];
    const canvas = createCanvas(w, h);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = '#000';
    draw(ctx);
    const image = ctx.getImageData(0, 0, w, h);
    let state = seed;
    const rnd = (): number => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < w * h; i += 1) {
      const v = Math.max(0, Math.min(255, Math.round(level(image.data[i * 4]!) + (rnd() + rnd() + rnd() - 1.5) * grain)));
      image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = v;
    }
    ctx.putImageData(image, 0, 0);
    return { canvas, ctx, rnd, w, h };
  };

  it("reads a grey, speckled scan whose little print a global threshold loses in the paper's noise", async () => {
    // A pale copy: print at about 90, paper at about 190 with noise of ± 8 levels and toner specks, a
    // few small lines at the top of an otherwise empty sheet. Otsu's single level falls inside the
    // paper's noise and Tesseract finds no text at all; the local threshold reads it.
    const { canvas, ctx, rnd, w, h } = await greyPage(
      (c) => {
        c.font = 'bold 40px serif';
        c.fillText('OCEAN BILL OF LADING', 560, 110);
        c.font = '18px serif';
        ['Shipper: Karadeniz Kimya A.S.', 'Consignee: Wisla Tworzywa Sp. z o.o.', 'Vessel: BLUE CORAL   Voyage: 411W', 'Port of Loading: IZMIR, TURKEY', 'Port of Discharge: GDYNIA, POLAND'].forEach((t, i) => c.fillText(t, 90, 220 + i * 60));
      },
      (printed) => 90 + (printed * 0.6 * 165) / 255,
      16,
      7,
    );
    ctx.fillStyle = '#262626';
    for (let k = 0; k < Math.round((w * h) / 60000); k += 1) {
      ctx.beginPath();
      ctx.arc(rnd() * w, rnd() * h, 0.6 + rnd() * 1.2, 0, Math.PI * 2);
      ctx.fill();
    }
    const result = await read(new Uint8Array(canvas.toBuffer('image/png')));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(textOf(result.value.pages)).toMatch(/BLUE CORAL/);
  });

  it('reads a grainy page of faint grey print again smoothed when neither threshold reads it', async () => {
    // A dim photo of a page: grey print (about 128) on grey paper (about 185), and grain on every
    // pixel (up to ± 21 levels), a third of the print's own contrast. Either threshold breaks the
    // strokes up; smoothed over a pixel, the grain fades and the words read.
    const { canvas } = await greyPage(
      (c) => {
        c.font = 'bold 44px sans-serif';
        c.fillText('BRABANT DISTRIBUTION SA', 460, 130);
        c.font = '17px sans-serif';
        ['Acheteur: Solent Foods PLC', 'Numero de facture: 202504564', 'Navire: NORDIC TIDE VOY.2657W', 'Connaissement: NSLU997754564', 'Poids net: 28 957,34 KG'].forEach((t, i) => c.fillText(t, 120, 300 + i * 56));
        for (let i = 0; i < 12; i += 1) c.fillText(`${(i + 1) * 10}   Raw Cotton, Strict Low Middling 1-3/32"   23 520 lb   0,73   17 169,60`, 120, 640 + i * 44);
      },
      (printed) => 128 + (printed * 57) / 255,
      14,
      11,
    );
    const result = await read(new Uint8Array(canvas.toBuffer('image/png')));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(textOf(result.value.pages)).toMatch(/NSLU997754564/);
  });

  it('reads a soft 150 DPI scan again sharpened when its first reading is mediocre, and keeps the better', async () => {
    // Read plainly, Tesseract's layout merges the blurred boxes: no shipper, no invoice reference.
    const bytes = new Uint8Array(readFileSync(path.join(SCANS, 'soft-bl-150dpi.pdf')));
    const result = await read(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const words = new Set(result.value.pages.flatMap((p) => p.words.map((w) => w.text)));
    expect(words).toContain('IMPORTACIONES');
    expect(words).toContain('FOLDING');
    expect([...words].some((w) => /^HT.25.4543$/.test(w))).toBe(true);
  });

  it('reads a page of random marks once: no search for its turn, no second threshold', async () => {
    // Noise reads as hundreds of marks taken for words, few legible, and inked over far more than
    // print covers. Searching every turn and threshold cost six more readings (half a minute a page
    // at 300 DPI), and a long file of noise would hold the workers for hours.
    const { createCanvas } = await import('@napi-rs/canvas');
    // An A4 page at 300 DPI (4.17 pixels a point) with the hostile probe's 12,000 marks of 0.6–3.6 by
    // 0.6–6.6 points (test/security/hostile/generators.ts).
    const [w, h, dot] = [2480, 3508, 300 / 72];
    const canvas = createCanvas(w, h);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = '#000';
    let state = 23;
    const rnd = (): number => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0), state / 2 ** 32);
    for (let i = 0; i < 12_000; i += 1) ctx.fillRect(rnd() * 580 * dot, rnd() * 830 * dot, (0.6 + rnd() * 3) * dot, (0.6 + rnd() * 6) * dot);
    const readings: number[] = [];
    const engine = createOcrEngine({ workers: 1, onRead: (size) => readings.push(size.width * size.height) });
    try {
      const page = await engine.recognize(new Uint8Array(canvas.toBuffer('image/png')));
      expect(noisePage({ method: 'ocr', words: page.words })).toBe(true);
      // The one reading, and at most one more where orientation detection is sure of another turn.
      expect(readings.length).toBeLessThanOrEqual(2);
    } finally {
      await engine.close();
    }
  });

  it('reads a photo of a page on light paper again with the local threshold when its first reading is mediocre and little of it sure', async () => {
    // Read with one global level: the letterhead and the bank block, but no title and no total.
    const bytes = new Uint8Array(readFileSync(path.join(SCANS, 'photo-invoice-light-paper.pdf')));
    const result = await read(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = textOf(result.value.pages);
    expect(text).toMatch(/FAKTURA/);
    expect(text).toMatch(/RAZEM/);
    expect(text).toMatch(/175,75 USD/);
  });

  it('reads a single-page TIFF and every page of a multi-page one', async () => {
    const gray = await decodeToGray(sample('r07-invoice-scan.png'));
    const result = await read(encodeTiff([gray]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.pages[0]).toMatchObject({ method: 'ocr', rotation: 0, width: gray.width, height: gray.height });
    expect(textOf(result.value.pages)).toContain('0061/2026');

    // Two blank pages: both read, and a TIFF with no text anywhere is DOCUMENT.EMPTY.
    const small = { width: 8, height: 8, data: new Uint8Array(64).fill(255) };
    const multi = await read(encodeTiff([small, small]));
    expect(multi.ok || multi.error).toMatchObject({ code: 'DOCUMENT.EMPTY' });
  });

});

describe('cancellation', () => {
  it('stops when the signal fires and says the read was cancelled', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const pending = read(sample('r06-bl-scan.pdf'), ocr, { signal: controller.signal });
    setTimeout(() => {
      abortedAt = Date.now();
      controller.abort();
    }, 1500);
    const result = await pending;
    expect(result.ok || result.error.code).toBe('DOCUMENT.CANCELLED');
    // OCR stops mid-page: the read ends well before the page would have (it takes seconds).
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    const already = new AbortController();
    already.abort();
    const before = await read(sample('r01-invoice.pdf'), noOcr, { signal: already.signal });
    expect(before.ok || before.error.code).toBe('DOCUMENT.CANCELLED');
  });
});

describe('bad input', () => {
  const invoice = sample('r01-invoice.pdf');
  const encrypted = () => makePdf((doc) => textPage(doc, 'Confidential'), { userPassword: 'secret', ownerPassword: 'owner' });
  const png = (w: number, h: number): Uint8Array => {
    const be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
    return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...be(w), ...be(h), 8, 0, 0, 0, 0, 0, 0, 0, 0]);
  };

  it.each([
    ['an encrypted PDF', 'DOCUMENT.ENCRYPTED', /password-protected; save an unprotected copy/, encrypted],
    ['a truncated PDF', 'DOCUMENT.CORRUPT', /cut short/, async () => invoice.subarray(0, Math.floor(invoice.length * 0.6))],
    ['a PDF whose body is garbage', 'DOCUMENT.CORRUPT', /damaged/, async () => Uint8Array.from([...new TextEncoder().encode('%PDF-1.7\n'), ...invoice.subarray(200, 2000).reverse(), ...new TextEncoder().encode('\n%%EOF\n')])],
    ['an empty file', 'DOCUMENT.EMPTY', /empty/, async () => new Uint8Array(0)],
    ['a PDF with more pages than allowed', 'DOCUMENT.TOO_LARGE', /3 pages, more than the 2/, () => makePdf((doc) => [1, 2, 3].forEach((i) => (i > 1 && doc.addPage(), textPage(doc, `Page ${i}`))))],
    ['a PDF page of absurd size', 'DOCUMENT.TOO_LARGE', /impossible size/, () => makePdf((doc) => textPage(doc, 'Poster'), { size: [20_000, 20_000] })],
    ['a PNG declaring 100 000 × 100 000 pixels (decompression bomb)', 'DOCUMENT.TOO_LARGE', /too large/, async () => png(100_000, 100_000)],
    ['a PNG cut after its signature', 'DOCUMENT.CORRUPT', /damaged/, async () => png(10, 10).subarray(0, 12)],
    ['a JPEG with garbage after its header (no end marker)', 'DOCUMENT.TRUNCATED', /cut short/, async () => Uint8Array.from([...sample('r02-invoice-scan.jpg').subarray(0, 700), ...new Uint8Array(5000).fill(7)])],
    ['a JPEG with garbage after its header and an end marker', 'DOCUMENT.CORRUPT', /cannot be read/, async () => Uint8Array.from([...sample('r02-invoice-scan.jpg').subarray(0, 700), ...new Uint8Array(5000).fill(7), 0xff, 0xd9])],
  ] as const)('%s → %s', async (_name, code, message, make) => {
    const bytes = await make();
    const type = sniffMediaType(bytes) ?? 'application/pdf';
    const result = await readDocument(bytes, type, { ocr: bytes.length > 0 && type !== 'application/pdf' ? ocr : noOcr, maxPages: 2 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
  });

  it('random bytes are not a supported type', () => {
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    expect(sniffMediaType(random)).toBeNull();
  });

  it('a scanned page set with nothing on it is empty', async () => {
    // A white JPEG drawn over a page: image only, and nothing to read.
    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(850, 1100);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 850, 1100);
    const blank = await makePdf((doc) => scanPage(doc, new Uint8Array(canvas.toBuffer('image/jpeg'))));
    const result = await read(blank);
    expect(result.ok || result.error.code).toBe('DOCUMENT.EMPTY');
  });
});
