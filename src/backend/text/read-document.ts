import type { PageText } from '../../shared/documents';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { imageSizeAcceptable, imageTruncated, openTiff, readImageHeader } from './images';
import { openPdf, readPdfPage } from './pdf';
import { checkPdfBudget } from './pdf-budget';
import type { PdfFile } from './pdf';
import { encodePgm } from './raster';
import type { GrayImage } from './raster';
import type { OcrEngine, OcrPage, ReadDocument, ReadDocumentOptions, SupportedMediaType } from './types';
import { isAbortError } from './worker-pool';
import { noisePage } from '../../core/extraction/legibility';

/** Documents with more pages than this are refused unless the caller says otherwise. */
export const DEFAULT_MAX_PAGES = 2000;

const CANCELLED = 'Reading was cancelled.';

type Outcome = Result<{ readonly pages: readonly PageText[]; readonly total: number }>;

/**
 * Reads every page of a PDF or image (see `ReadDocument`): text layer where a PDF page has real text,
 * OCR otherwise. OCR pages are read concurrently, up to the engine's size; `onPage` still sees them in
 * page order, one at a time. Returns the pages read in this call (not those in `donePages`).
 */
export const readDocument: ReadDocument = async (bytes, mediaType, options) => {
  if (options.signal?.aborted) return err('DOCUMENT.CANCELLED', CANCELLED);
  if (bytes.length === 0) return err('DOCUMENT.EMPTY', 'This file is empty (0 bytes); add the complete document.');
  return mediaType === 'application/pdf' ? readPdf(bytes, options) : readImage(bytes, mediaType, options);
};

async function readImage(bytes: Uint8Array, mediaType: Exclude<SupportedMediaType, 'application/pdf'>, options: ReadDocumentOptions): Promise<Outcome> {
  const header = readImageHeader(bytes, mediaType);
  if (!header) return err('DOCUMENT.CORRUPT', 'This image is damaged (its header cannot be read); get a fresh copy from the sender.');
  if (!imageSizeAcceptable(header)) {
    return err('DOCUMENT.TOO_LARGE', `This image is too large to read (${header.width} × ${header.height} pixels); scan it again at 300 DPI.`);
  }
  if (imageTruncated(bytes, mediaType)) {
    return err('DOCUMENT.TRUNCATED', `This ${mediaType === 'image/png' ? 'PNG' : 'JPEG'} image is cut short (its end is missing), so part of the page would be lost; get the complete file from the sender.`);
  }
  if (mediaType === 'image/tiff') return readTiff(bytes, options);
  options.onStart?.(1);
  if (options.donePages?.has(1)) return ok({ pages: [], total: 1 });
  const read = await ocrPage(options.ocr, bytes, options.signal);
  if (!read.ok) return read;
  const page: PageText = { n: 1, method: 'ocr', ...read.value };
  if (page.words.length === 0) return err('DOCUMENT.EMPTY', 'No text could be read in this image; check that it is the right scan and not blank.');
  await options.onPage?.(page, 1);
  return ok({ pages: [page], total: 1 });
}

/** A TIFF's pages, in order, each decoded here and read by OCR (multi-page scans included). */
async function readTiff(bytes: Uint8Array, options: ReadDocumentOptions): Promise<Outcome> {
  let tiff: ReturnType<typeof openTiff>;
  try {
    tiff = openTiff(bytes);
  } catch (error) {
    return err('DOCUMENT.CORRUPT', `This TIFF cannot be read (${error instanceof Error ? error.message : String(error)}); get a fresh copy from the sender.`);
  }
  const total = tiff.count;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (total === 0) return err('DOCUMENT.EMPTY', 'This TIFF holds no image.');
  if (total > maxPages) return err('DOCUMENT.TOO_LARGE', `This TIFF has ${total} pages, more than the ${maxPages} a document may have; split it and add the parts.`);
  options.onStart?.(total);
  const pages: PageText[] = [];
  for (let n = 1; n <= total; n += 1) {
    if (options.donePages?.has(n)) continue;
    if (options.signal?.aborted) return err('DOCUMENT.CANCELLED', CANCELLED);
    let gray: GrayImage;
    try {
      gray = await tiff.page(n - 1);
    } catch (error) {
      return err('DOCUMENT.CORRUPT', `Page ${n} of this TIFF cannot be decoded (${error instanceof Error ? error.message : String(error)}); get a fresh copy from the sender.`);
    }
    const read = await ocrPage(options.ocr, encodePgm(gray), options.signal, n);
    if (!read.ok) return read;
    const page: PageText = { n, method: 'ocr', ...read.value };
    pages.push(page);
    await options.onPage?.(page, total);
    const noise = noisyStart(pages, total, !options.donePages?.size);
    if (noise) return noise;
  }
  if (pages.length > 0 && pages.every((p) => p.words.length === 0)) return err('DOCUMENT.EMPTY', 'No text could be read in this TIFF; check that it is the right scan and not blank.');
  return ok({ pages, total });
}

async function readPdf(bytes: Uint8Array, options: ReadDocumentOptions): Promise<Outcome> {
  // What the file would cost to read, checked on its bytes first (pdf-budget.ts).
  const budget = checkPdfBudget(bytes);
  if (!budget.ok) return budget;
  const opened = await openPdf(bytes);
  if (!opened.ok) return opened;
  const file = opened.value;
  try {
    return await readPdfPages(file, options);
  } finally {
    await file.close().catch(() => undefined);
  }
}

async function readPdfPages(file: PdfFile, options: ReadDocumentOptions): Promise<Outcome> {
  const total = file.doc.numPages;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (total === 0) return err('DOCUMENT.EMPTY', 'This PDF has no pages.');
  if (total > maxPages) return err('DOCUMENT.TOO_LARGE', `This PDF has ${total} pages, more than the ${maxPages} a document may have; split it and add the parts.`);
  options.onStart?.(total);

  // Stops OCR still running for later pages when the read fails or is cancelled.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // pdf.js work (parsing, rendering) runs on this thread one page at a time, so the document's caches
  // can be dropped between pages; OCR of earlier pages goes on in the workers meanwhile.
  let pdfTurn: Promise<unknown> = Promise.resolve();
  const withPdf = <T>(work: () => Promise<T>): Promise<T> => {
    const next = pdfTurn.then(work);
    pdfTurn = next.catch(() => undefined);
    return next;
  };

  const readPage = async (n: number): Promise<Result<PageText>> => {
    if (stop.signal.aborted) return err('DOCUMENT.CANCELLED', CANCELLED);
    const content = await withPdf(() => (stop.signal.aborted ? Promise.resolve(err<never>('DOCUMENT.CANCELLED', CANCELLED)) : readPdfPage(file, n)));
    if (!content.ok) return content;
    const { size } = content.value;
    if (content.value.kind === 'text') {
      const { words } = content.value;
      return ok({ n, width: size.width, height: size.height, method: 'text_layer', rotation: 0, confidence: 1, words });
    }
    const read = await ocrPage(options.ocr, encodePgm(content.value.image), stop.signal, n);
    if (!read.ok) return read;
    const { rotation, words, confidence } = read.value;
    // Page size stays in points; a quarter turn swaps the sides of the upright page.
    const turned = rotation === 90 || rotation === 270;
    return ok({ n, width: turned ? size.height : size.width, height: turned ? size.width : size.height, method: 'ocr', rotation, confidence, words });
  };

  const toRead = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !options.donePages?.has(n));
  const window = Math.max(1, options.ocr.size);
  const inflight: Promise<Result<PageText>>[] = [];
  const pages: PageText[] = [];
  // Held in an object: it is set inside a closure, where the compiler cannot follow it.
  const state: { failure: Outcome | null } = { failure: null };
  try {
    const settleHead = async (): Promise<void> => {
      const result = await inflight.shift()!;
      if (!result.ok) {
        state.failure = result;
        return;
      }
      pages.push(result.value);
      await options.onPage?.(result.value, total);
      const noise = noisyStart(pages, total, toRead.length === total);
      if (noise) state.failure = noise;
    };
    for (const n of toRead) {
      if (state.failure || stop.signal.aborted) break;
      inflight.push(readPage(n));
      while (inflight.length >= window && !state.failure) await settleHead();
    }
    while (inflight.length > 0 && !state.failure) await settleHead();
  } finally {
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
    // Let pages still in flight wind down (OCR stops at once, a render within a page) before the
    // document is destroyed under them.
    await Promise.allSettled(inflight);
  }
  if (options.signal?.aborted) return err('DOCUMENT.CANCELLED', CANCELLED);
  if (state.failure) return state.failure;
  if (toRead.length === total && pages.every((p) => p.words.length === 0)) {
    return err('DOCUMENT.EMPTY', 'No text could be read on any page of this PDF; check that it is the right scan and not blank.');
  }
  return ok({ pages, total });
}

/** Noise pages at the start of a long file after which reading stops. */
export const NOISE_RUN = 2;
/** Files with at least this many pages are stopped after a noisy start; shorter ones are read whole. */
export const NOISE_MIN_PAGES = 10;

/**
 * A long file whose first pages are noise: the rest is not read, because OCR spends ten seconds a
 * page on noise and two thousand such pages would hold the reader for hours. Only for a file read
 * from its first page; the message says what to do.
 */
function noisyStart(pages: readonly PageText[], total: number, fromTheStart: boolean): Outcome | null {
  if (!fromTheStart || total < NOISE_MIN_PAGES || pages.length !== NOISE_RUN || !pages.every(noisePage)) return null;
  return err(
    'DOCUMENT.TOO_COMPLEX',
    `The first ${NOISE_RUN} pages of this ${total}-page file are noise to OCR (marks, but no text it can read), so the rest is not read; rescan it, or add only the pages that matter.`,
  );
}

/** OCRs one page image, turning the engine's exceptions into Results. */
async function ocrPage(ocr: OcrEngine, image: Uint8Array, signal: AbortSignal | undefined, n?: number): Promise<Result<OcrPage>> {
  try {
    return ok(await ocr.recognize(image, signal));
  } catch (error) {
    if (isAbortError(error) || signal?.aborted) return err('DOCUMENT.CANCELLED', CANCELLED);
    const reason = error instanceof Error ? error.message : String(error);
    if (n === undefined) return err('DOCUMENT.CORRUPT', `This image cannot be read (${reason}); get a fresh copy from the sender.`);
    return err('DOCUMENT.CORRUPT', `Page ${n} of this PDF could not be read by OCR (${reason}); get a fresh copy from the sender.`);
  }
}
