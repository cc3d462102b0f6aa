import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem, TextStyle } from 'pdfjs-dist/types/src/display/api';
import type { Word } from '../../shared/documents';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import type { Matrix, Measure, TextRun } from './geometry';
import { measureByLength, wordsFromRuns } from './geometry';
import type { GrayImage } from './raster';
import { grayFromRgba } from './raster';
import { judgeTextLayer, textLayerStats } from './text-quality';

/**
 * PDF reading with pdf.js, hardened for files from outside: no XFA, no scripting (the sandbox is never
 * loaded), fonts drawn as paths instead of installed, font and CMap data from the package on disk
 * (never fetched), and parse errors reported instead of papered over.
 *
 * A file is opened twice at most: for its text, without the programs of the standard fonts a PDF
 * names but does not embed (reading text needs their metrics, not their glyphs: converting those
 * programs for every document was a tenth of reading a born-digital file), and, only when a page
 * must be drawn for OCR, again with them, so that text in those fonts is drawn.
 */

// Not named `require`: the Electron main bundle declares its own top-level `require` shim.
const resolveFromHere = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(resolveFromHere.resolve('pdfjs-dist/package.json'));
const dir = (name: string): string => `${path.join(PDFJS_DIR, name)}/`;

/** Scans are rendered at this resolution for OCR. */
export const RENDER_DPI = 300;
/**
 * The largest raster we render (pixels): an A2 sheet at 300 DPI. Larger pages are rendered at a lower
 * resolution rather than allocating gigabytes for a poster.
 */
const MAX_RENDER_PIXELS = 36_000_000;
/** PDF's own limit on a page side (200 in); anything larger is a crafted file. */
export const MAX_PAGE_POINTS = 14_400;
/** Images inside a PDF above this many pixels are not decoded (pdf.js skips them). */
const MAX_PDF_IMAGE_PIXELS = 100_000_000;

const PASSWORD_MESSAGE = 'This PDF is password-protected; save an unprotected copy and add that.';

export type PdfFile = {
  /** The document as opened for its text and attachments. */
  readonly doc: PDFDocumentProxy;
  /** The same file opened for drawing its pages (the standard fonts' programs loaded), on first use. */
  readonly forDrawing: () => Promise<PDFDocumentProxy>;
  readonly close: () => Promise<void>;
};

// Standard fonts, CMaps and the wasm decoders pdf.js asks for, read from disk once per process rather
// than once per document (a few dozen files; most documents ask for the same ones).
const binaryData = new Map<string, Promise<Uint8Array>>();

/** pdf.js's binary data factory (its Node one reads the file again for every document), cached. */
class CachedBinaryDataFactory {
  private readonly urls: Readonly<Record<string, string | null>>;
  constructor(urls: { cMapUrl?: string | null; standardFontDataUrl?: string | null; wasmUrl?: string | null }) {
    this.urls = { cMapUrl: urls.cMapUrl ?? null, standardFontDataUrl: urls.standardFontDataUrl ?? null, wasmUrl: urls.wasmUrl ?? null };
  }
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const base = this.urls[kind];
    if (!base) throw new Error(`pdf.js asked for ${kind} data, which is not configured`);
    const url = `${base}${filename}`;
    let data = binaryData.get(url);
    if (!data) {
      data = readFile(url).then((b) => new Uint8Array(b));
      binaryData.set(url, data);
      data.catch(() => binaryData.delete(url));
    }
    // A copy: pdf.js may hand the buffer on (and detach it).
    return (await data).slice();
  }
}

/** pdf.js's loading of a PDF: for its text (standard fonts by their metrics only) or for drawing. */
function loadPdf(bytes: Uint8Array, purpose: 'text' | 'drawing') {
  return getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
    data: new Uint8Array(bytes),
    standardFontDataUrl: dir('standard_fonts'),
    cMapUrl: dir('cmaps'),
    cMapPacked: true,
    wasmUrl: dir('wasm'),
    iccUrl: dir('iccs'),
    BinaryDataFactory: CachedBinaryDataFactory as never,
    // For text, a standard font the PDF does not embed is not loaded: pdf.js keeps it as a
    // substitute by name (in Node nothing is installed or drawn with it) and says so in the page's
    // text styles (`fontSubstitution`, with fontExtraProperties).
    useSystemFonts: purpose === 'text',
    fontExtraProperties: purpose === 'text',
    disableFontFace: true,
    enableXfa: false,
    stopAtErrors: true,
    maxImageSize: MAX_PDF_IMAGE_PIXELS,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    verbosity: 0,
  });
}

/** Opens a PDF; expected failures (password, damage) come back as Results. */
export async function openPdf(bytes: Uint8Array): Promise<Result<PdfFile>> {
  // A PDF ends with %%EOF; without one the file was cut short (an interrupted download or copy), and
  // pdf.js would quietly show whatever part of it survived.
  if (!hasEofMarker(bytes)) return err('DOCUMENT.CORRUPT', 'This PDF is incomplete (the PDF is cut short); get the complete file and add it again.');
  const task = loadPdf(bytes, 'text');
  try {
    const doc = await task.promise;
    let drawing: ReturnType<typeof loadPdf> | null = null;
    return ok({
      doc,
      forDrawing: () => (drawing ??= loadPdf(bytes, 'drawing')).promise,
      close: async () => {
        await Promise.all([task.destroy(), drawing?.destroy()]);
      },
    });
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') {
      return err('DOCUMENT.ENCRYPTED', PASSWORD_MESSAGE);
    }
    return err('DOCUMENT.CORRUPT', 'This PDF is damaged and cannot be read; get a fresh copy from the sender.');
  }
}

function hasEofMarker(bytes: Uint8Array): boolean {
  // Writers may append a little junk after %%EOF; 4 KiB of tail covers every real case.
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(Math.max(0, bytes.length - 4096));
  return tail.includes('%%EOF');
}

/** One page as pdf.js shows it (its /Rotate applied), in points. */
export type PdfPageSize = { readonly width: number; readonly height: number };

/** What reading a page's PDF layer produced: its words, or a rendered image for OCR. */
export type PdfPageContent =
  | { readonly kind: 'text'; readonly size: PdfPageSize; readonly words: Word[] }
  | { readonly kind: 'image'; readonly size: PdfPageSize; readonly image: GrayImage };

/**
 * Reads one page: its text layer when that holds real text, otherwise the page rendered at 300 DPI in
 * gray for OCR. The page's caches are released before returning, so only the result stays in memory.
 */
export async function readPdfPage(file: PdfFile, n: number): Promise<Result<PdfPageContent>> {
  let page: PDFPageProxy | undefined;
  try {
    page = await file.doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const size = { width: viewport.width, height: viewport.height };
    if (!(size.width > 0 && size.height > 0 && size.width <= MAX_PAGE_POINTS && size.height <= MAX_PAGE_POINTS)) {
      return err('DOCUMENT.TOO_LARGE', `Page ${n} of this PDF has an impossible size (${Math.round(size.width)} × ${Math.round(size.height)} pt); the file is not a real document.`);
    }
    const content = await page.getTextContent();
    const items = content.items.filter((item): item is TextItem => 'str' in item);
    let verdict = judgeTextLayer(textLayerStats(items.map((i) => i.str)));
    if (verdict === 'check_images') verdict = (await drawsImages(page)) ? 'ocr' : 'text';
    // A page that paints nothing at all (no text, path, image or shading) has nothing to render or
    // OCR: a file of two thousand blank pages is read in seconds, not in twenty minutes.
    if (verdict !== 'text' && items.length === 0 && !(await paintsAnything(page))) return ok({ kind: 'text', size, words: [] });
    if (verdict === 'text') {
      const runs = items.map((item) => toRun(item, content.styles[item.fontName]));
      const measures = new Map<string, Measure>();
      const measureFor = (run: TextRun & { family: string }): Measure => {
        const family = run.family;
        let m = measures.get(family);
        if (!m) measures.set(family, (m = canvasMeasure(family)));
        return m;
      };
      const words = wordsFromRuns(runs, viewport.transform as unknown as Matrix, size.width, size.height, measureFor);
      return ok({ kind: 'text', size, words });
    }
    // Drawn from the file opened for drawing, where the standard fonts' glyphs are loaded.
    const drawn = await (await file.forDrawing()).getPage(n);
    try {
      return ok({ kind: 'image', size, image: await renderGray(drawn, size) });
    } finally {
      drawn.cleanup();
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') return err('DOCUMENT.ENCRYPTED', PASSWORD_MESSAGE);
    return err('DOCUMENT.CORRUPT', `Page ${n} of this PDF is damaged and cannot be read; get a fresh copy from the sender.`);
  } finally {
    page?.cleanup();
  }
}

/**
 * A standard font the PDF names without embedding it, read for text without its program: pdf.js
 * then gives the ascent and descent of its table of standard metrics (Courier, Helvetica, Times).
 * The words' boxes the extraction was built on are those it gives with the program loaded: none for
 * Courier and Times (0.8 and −0.2 em are used), Liberation Sans's for Helvetica. Each pair maps to that.
 */
const LOADED_METRICS = new Map<string, { ascent: number; descent: number } | null>([
  ['0.629/-0.157', null],
  ['0.683/-0.217', null],
  ['0.718/-0.207', { ascent: 0.9052734375, descent: -0.2119140625 }],
]);

function toRun(item: TextItem, style: (TextStyle & { fontSubstitution?: string }) | undefined): TextRun & { family: string } {
  const key = `${style?.ascent}/${style?.descent}`;
  const metrics = style?.fontSubstitution !== undefined && LOADED_METRICS.has(key) ? LOADED_METRICS.get(key) : style;
  return {
    str: item.str,
    transform: item.transform as unknown as Matrix,
    width: item.width,
    ascent: metrics?.ascent ?? 0.8,
    descent: metrics?.descent ?? -0.2,
    family: style?.fontFamily ?? 'sans-serif',
  };
}

let measureContext: SKRSContext2D | undefined;

/**
 * Widths from a system font of the same family: closer to the PDF font than counting characters,
 * so a word's box starts where the word does in a proportional font.
 */
let measureFont = '';
// Widths of characters already measured, per font.
const measured = new Map<string, Map<string, number>>();

function canvasMeasure(family: string): Measure {
  measureContext ??= createCanvas(8, 8).getContext('2d');
  const ctx = measureContext;
  const font = `100px ${/mono/i.test(family) ? 'monospace' : /serif/i.test(family) && !/sans/i.test(family) ? 'serif' : 'sans-serif'}`;
  const known = measured.get(font) ?? new Map<string, number>();
  measured.set(font, known);
  // A text's width as the sum of its characters' widths, each measured once per font: only the
  // ratios between a run's words and gaps matter, and kerning moves them by a hair, while a native
  // call per word cost a tenth of a born-digital page's reading.
  const charWidth = (ch: string): number => {
    const seen = known.get(ch);
    if (seen !== undefined) return seen;
    // Setting the font parses it: only when it changes, not once per character.
    if (measureFont !== font) {
      ctx.font = font;
      measureFont = font;
    }
    const width = measureWidth(ctx, ch);
    known.set(ch, width);
    return width;
  };
  return (text) => {
    let width = 0;
    for (const ch of text) width += charWidth(ch);
    return width;
  };
}

/** Width of a text in the context's font, or by character count where no usable font is installed. */
function measureWidth(ctx: SKRSContext2D, text: string): number {
  const width = ctx.measureText(text).width;
  // No usable font on this machine: fall back to equal-width characters.
  return width > 0 || text === '' ? width : measureByLength(text);
}

const IMAGE_OPS = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintInlineImageXObjectGroup, OPS.paintImageMaskXObjectGroup, OPS.paintImageMaskXObjectRepeat, OPS.paintSolidColorImageMask]);

/** Operators that put marks on a page (a path built with `constructPath` counts, even one only clipped). */
const PAINT_OPS = new Set<number>([
  ...IMAGE_OPS,
  OPS.constructPath,
  OPS.stroke,
  OPS.closeStroke,
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
  OPS.rectangle,
  OPS.shadingFill,
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
  OPS.paintFormXObjectBegin,
]);

async function paintsAnything(page: PDFPageProxy): Promise<boolean> {
  const list = await page.getOperatorList();
  return list.fnArray.some((fn) => PAINT_OPS.has(fn));
}

async function drawsImages(page: PDFPageProxy): Promise<boolean> {
  const list = await page.getOperatorList();
  return list.fnArray.some((fn) => IMAGE_OPS.has(fn));
}

/** Renders a page at 300 DPI (less for huge pages) on white and returns it in gray. */
async function renderGray(page: PDFPageProxy, size: PdfPageSize): Promise<GrayImage> {
  const scale = Math.min(RENDER_DPI / 72, Math.sqrt(MAX_RENDER_PIXELS / (size.width * size.height)));
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({
    canvas: canvas as unknown as HTMLCanvasElement,
    canvasContext: ctx as unknown as CanvasRenderingContext2D,
    viewport,
  }).promise;
  const gray = grayFromRgba(ctx.getImageData(0, 0, width, height).data, width, height);
  // Drop the 35 MB backing store now rather than whenever the collector gets to it.
  canvas.width = 1;
  canvas.height = 1;
  // The canvas package frees pixel buffers in finalizers that run as their own event-loop tasks; a
  // run of pages rendered back to back with only promise turns in between would starve them and
  // hold ~35 MB per page (measured: +2.5 GB over 60 pages). One task turn lets them run.
  await new Promise((resolve) => setImmediate(resolve));
  return gray;
}
