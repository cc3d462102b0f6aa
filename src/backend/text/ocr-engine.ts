import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { createWorker, OEM } from 'tesseract.js';
import type { Worker as TesseractWorker } from 'tesseract.js';
import type { Word } from '../../shared/documents';
import { toFractions, toQuarterTurn } from './geometry';
import { decodeToGray, imageSizeAcceptable, readImageHeader } from './images';
import type { GrayImage, QuarterTurn } from './raster';
import { decodePgm, enlargeGray, encodePgm, rotateGray, sharpenGray, shrinkGray, smoothGray } from './raster';
import { lineAxis } from './rotation';
import { sniffMediaType } from './sniff';
import { meanConfidence, readingScore, wordsFromTsv } from './tsv';
import type { OcrEngine, OcrPage } from './types';
import { noisePage } from '../../core/extraction/legibility';
import { cropGray, unreadInk } from './unread-ink';
import type { PixelBox } from './unread-ink';
import { abortError, createWorkerPool } from './worker-pool';

/**
 * OCR with tesseract.js (Tesseract 5 compiled to WebAssembly), each engine in its own worker thread.
 * Language data is read from the `@tesseract.js-data` packages on disk: nothing is fetched and nothing
 * is cached outside the process.
 */

// Not named `require`: the Electron main bundle declares its own top-level `require` shim.
const resolveFromHere = createRequire(import.meta.url);
const dataDir = (pkg: string, version: string): string => path.join(path.dirname(resolveFromHere.resolve(`${pkg}/package.json`)), version);

// The LSTM-only English model: the same network as the `4.0.0` folder's (identical words and
// confidences on the samples) without the legacy engine's data, so each worker loads 5 MB, not 23 MB.
const ENG_DIR = dataDir('@tesseract.js-data/eng', '4.0.0_best_int');
const OSD_DIR = dataDir('@tesseract.js-data/osd', '4.0.0');

/** Pages larger than this (long side, pixels) are shrunk first: 300 DPI on a US legal page, ample for OCR. */
export const OCR_MAX_SIDE = 4200;
/** Orientation detection reads a copy about 200 DPI on an A4 page: as reliable as 300 DPI, at half the cost. */
const OSD_MAX_SIDE = 2400;
/** Tesseract's orientation confidence above which its answer is taken without a second opinion. */
const OSD_CONFIDENT = 1.5;
/** A reading with less mean confidence than this may be of a page upside down or sideways. */
const UPRIGHT_CONFIDENCE = 0.7;
/** Mean word confidence below which a scan's reading is tried again with a local threshold. */
const POOR_READING = 0.6;
/** Mean word confidence below which a scan is read again sharpened (from `POOR_READING` up). */
const MEDIOCRE_READING = 0.7;
/** The unsharp mask's blur (pixels at 300 DPI): about a stroke's width, the softness of an enlarged 150 DPI scan. */
const SHARPEN_SIGMA = 2;
/** Words of three letters read with confidence that make a page one of text (noise reads a few at most). */
const SOME_TEXT = 10;
/**
 * Words shorter than this (median box height, pixels) are too small for Tesseract's LSTM, which was
 * trained on text of 20–30 px x-height (a word box of about 30–40 px): screenshots and small exports
 * (under about 100 DPI) are read again enlarged to about `TEXT_HEIGHT_GOAL`. Scans at 200 DPI (word
 * boxes of 13–16 px) read as well or better as they are.
 */
const SMALL_TEXT_PX = 12;
const TEXT_HEIGHT_GOAL = 36;
const MAX_ENLARGE = 4;
/** Share of a page's pixels well darker than its paper above which it holds print, not a few specks. */
const INKED_PAGE = 0.001;
/** Words of three letters read surely that make a page worth reading again where it left ink unread. */
const SOME_WORDS = 5;
/**
 * Share of a page's pixels well darker than its paper above which it is no page of print: print
 * covers 0.3–3 % of the samples' and the pools' pages, a page of random marks 17 %.
 */
const MOSTLY_PAPER = 0.1;
/** The blur (pixels) that smooths a grainy page's speckle before it is read again. */
const SMOOTH_SIGMA = 1;
/** Fewer than `SOME_WORDS` words of three letters read surely: next to nothing. */
const fewWords = (words: readonly Word[]): boolean => words.filter((w) => w.confidence >= 0.6 && /\p{L}{3}/u.test(w.text)).length < SOME_WORDS;
/** Share of mid-tone pixels above which an image is taken for a photo. */
const PHOTO_MIDTONES = 0.25;
/** Spread of the paper's brightness across the page (grey levels) from which its light is uneven. */
const UNEVEN_LIGHT = 15;

type Engine = { readonly worker: TesseractWorker; readonly died: Promise<never> };

async function startEngine(kind: 'ocr' | 'osd'): Promise<Engine> {
  const worker = await createWorker(kind === 'ocr' ? 'eng' : 'osd', kind === 'ocr' ? OEM.LSTM_ONLY : OEM.TESSERACT_ONLY, {
    langPath: kind === 'ocr' ? ENG_DIR : OSD_DIR,
    gzip: true,
    cacheMethod: 'none',
    // Orientation detection runs on the legacy engine, which the LSTM-only core leaves out.
    legacyCore: kind === 'osd',
    legacyLang: kind === 'osd',
    logger: () => undefined,
    // Without a handler tesseract.js rethrows a failed job inside its message listener, which would
    // take the whole process down; the job's own promise still rejects.
    errorHandler: () => undefined,
  });
  // A worker thread that dies (out of memory, a WebAssembly abort) emits 'error'; unheard, that event
  // would crash the process, and the job in flight would never settle.
  const thread = (worker as unknown as { worker: NodeWorker }).worker;
  // Leptonica reports recoverable image quirks ("Error in boxClipToRectangle") on the worker's
  // stderr, which Node pipes to ours; they are not errors of the read, so they are dropped.
  thread.stderr.unpipe(process.stderr);
  thread.stderr.resume();
  const died = new Promise<never>((_, reject) => {
    thread.on('error', (error: Error) => reject(new Error(`The OCR worker failed: ${error.message}`)));
    thread.on('exit', (code: number) => reject(new Error(`The OCR worker stopped (exit code ${code}).`)));
  });
  died.catch(() => undefined);
  await worker.setParameters({
    // Tesseract's progress and warnings go to a file nobody reads instead of the app's stderr.
    debug_file: '/dev/null',
    ...(kind === 'ocr' ? { tessedit_pageseg_mode: '3' as never } : {}),
  });
  return { worker, died };
}

const stopEngine = (engine: Engine): Promise<void> => engine.worker.terminate().then(() => undefined);

// tesseract.js takes Buffers; wrapping shares the bytes instead of copying a page image.
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Tesseract rejects with bare strings; make them errors. */
const asError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));

/** The resolution of a page image, guessed from its long side as if it were A4 (11.69 in). */
export const estimateDpi = (image: GrayImage): number => Math.min(600, Math.max(70, Math.round(Math.max(image.width, image.height) / 11.69)));

export type OcrEngineOptions = {
  /** Pages read at once (default: the number of CPU cores). */
  readonly workers?: number;
  /** Told of each reading Tesseract makes (the image's size): what a page cost, for the bench and tests. */
  readonly onRead?: (size: { readonly width: number; readonly height: number }) => void;
};

/** Makes an OCR engine with a pool of tesseract.js workers; close it when done. */
export function createOcrEngine(options: OcrEngineOptions = {}): OcrEngine {
  const size = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const ocrPool = createWorkerPool(size, () => startEngine('ocr'), stopEngine);
  // Orientation detection is ~15 % of a page's OCR time, so one worker keeps up with several readers.
  const osdPool = createWorkerPool(1, () => startEngine('osd'), stopEngine);

  // `block`: the image is one block of text, read without Tesseract's page layout (a strip of a page).
  const read = (image: GrayImage, signal: AbortSignal | undefined, local = isPhoto(image), dpi = estimateDpi(image), block = false): Promise<Word[]> =>
    ocrPool.run(async ({ worker, died }) => {
      // Photos binarize with Sauvola's local threshold: one global level (Otsu's, Tesseract's
      // default) turns a desk's wood grain or a shadow into ink and the page layout gives up.
      await worker.setParameters({ thresholding_method: (local ? '2' : '0') as never, tessedit_pageseg_mode: (block ? '6' : '3') as never });
      // Stopped meanwhile: the pool is ending this worker, and a page sent to it now would fail.
      if (signal?.aborted) throw abortError();
      options.onRead?.({ width: image.width, height: image.height });
      const settings = { user_defined_dpi: String(dpi) } as Record<string, string>;
      const job = worker.recognize(asBuffer(encodePgm(image)), settings, { text: false, tsv: true }).catch((e: unknown) => {
        throw asError(e);
      });
      const result = await Promise.race([job, died]);
      return wordsFromTsv(result.data.tsv ?? '', image.width, image.height);
    }, signal);

  const detect = (image: GrayImage, signal: AbortSignal | undefined): Promise<{ turn: QuarterTurn; confident: boolean }> =>
    osdPool.run(async ({ worker, died }) => {
      const small = shrinkGray(image, OSD_MAX_SIDE);
      const job = worker.detect(asBuffer(encodePgm(small))).catch((e: unknown) => {
        throw asError(e);
      });
      const { data } = await Promise.race([job, died]);
      // tesseract.js reports the clockwise turn that makes the page upright (Tesseract's "Rotate").
      if (data.orientation_degrees === null || data.orientation_confidence === null) return { turn: 0, confident: false };
      return { turn: toQuarterTurn(data.orientation_degrees), confident: data.orientation_confidence >= OSD_CONFIDENT };
    }, signal);

  // TIFF is decoded by Tesseract's own image library (the canvas package reads no TIFF): it hands the
  // page back as a gray PNG.
  const tiffToGray = (bytes: Uint8Array, signal: AbortSignal | undefined): Promise<GrayImage> =>
    ocrPool.run(async ({ worker, died }) => {
      const job = worker.recognize(asBuffer(bytes), {}, { text: false, imageGrey: true }).catch((e: unknown) => {
        throw asError(e);
      });
      const { data } = await Promise.race([job, died]);
      const png = data.imageGrey?.split(',')[1];
      if (!png) throw new Error('The TIFF image could not be decoded.');
      return decodeToGray(Buffer.from(png, 'base64'));
    }, signal);

  const loadGray = async (bytes: Uint8Array, signal: AbortSignal | undefined): Promise<GrayImage> => {
    const pgm = decodePgm(bytes);
    if (pgm) return pgm;
    const type = sniffMediaType(bytes);
    if (type === null || type === 'application/pdf') throw new Error('The page image is not a PNG, JPEG, TIFF or PGM image.');
    const header = readImageHeader(bytes, type);
    if (!header) throw new Error('The image header is damaged.');
    if (!imageSizeAcceptable(header)) throw new Error(`The image is too large to read (${header.width} × ${header.height} pixels).`);
    return type === 'image/tiff' ? tiffToGray(bytes, signal) : decodeToGray(bytes);
  };

  /** Reads a small central crop at all four turns and returns the turn that reads most like text. */
  const searchTurn = async (image: GrayImage, signal: AbortSignal | undefined): Promise<QuarterTurn> => {
    const crop = cropCentre(image, 0.6);
    let best: { turn: QuarterTurn; score: number } = { turn: 0, score: -1 };
    for (const turn of [0, 90, 180, 270] as const) {
      const score = readingScore(await read(rotateGray(crop, turn), signal));
      if (score > best.score) best = { turn, score };
    }
    return best.turn;
  };

  /**
   * Reads a page upright. Most pages are: when the ink profile shows horizontal lines the page is read
   * as it is, and orientation detection only runs when that reading is poor (upside down, or a bad
   * scan). A page whose lines run vertically goes to orientation detection first, saving a wasted read.
   */
  const recognize = async (bytes: Uint8Array, signal?: AbortSignal): Promise<OcrPage> => {
    if (signal?.aborted) throw abortError();
    const page = shrinkGray(await loadGray(bytes, signal), OCR_MAX_SIDE);
    const axis = lineAxis(page);
    let orientation = axis === 'horizontal' ? null : await detect(page, signal);
    let turn: QuarterTurn = orientation?.confident ? orientation.turn : axis === 'vertical' ? 90 : 0;
    let upright = rotateGray(page, turn);
    let words = await read(upright, signal);
    // A page of marks (read as noise, and inked over more than print ever covers) is turned only
    // where orientation detection is sure, and not read again with the local threshold: searching
    // every turn and threshold costs five more readings of marks, half a minute a page.
    const marks = noiseReading(words) && inkShare(upright) > MOSTLY_PAPER;
    if (words.length > 0 && meanConfidence(words) < UPRIGHT_CONFIDENCE) {
      orientation ??= await detect(page, signal);
      const alternative: QuarterTurn = orientation.confident
        ? orientation.turn
        : axis === 'unclear'
          ? marks
            ? turn
            : await searchTurn(page, signal)
          : (((turn + 180) % 360) as QuarterTurn);
      if (alternative !== turn) {
        const turned = rotateGray(page, alternative);
        const again = await read(turned, signal);
        // Most pages are upright: another turn must read clearly better, not just about as well
        // (a photo of a narrow receipt reads some words sideways too).
        if (readingScore(again) > readingScore(words) * (turn === 0 ? 1.3 : 1)) {
          turn = alternative;
          upright = turned;
          words = again;
        }
      }
    }
    // Small text: read again enlarged, and keep the reading that is more convincingly text.
    const height = medianWordHeight(words, upright.height);
    if (height !== null && height < SMALL_TEXT_PX) {
      const factor = Math.min(MAX_ENLARGE, TEXT_HEIGHT_GOAL / height, OCR_MAX_SIDE / Math.max(upright.width, upright.height));
      if (factor >= 1.25) {
        const larger = enlargeGray(upright, factor);
        const again = await read(larger, signal);
        if (readingScore(again) > readingScore(words)) {
          words = again;
          upright = larger;
        }
      }
    }
    // A poor reading of a page taken for a scan (grey, speckled paper whose one global level leaves
    // whole blocks unread): read again with the local threshold, and keep the better reading. Only
    // a page that did read as some text, words read with confidence: noise is not read twice.
    const sureText = words.filter((w) => w.confidence >= 0.8 && /\p{L}{3}/u.test(w.text)).length >= SOME_TEXT;
    if (meanConfidence(words) < POOR_READING && sureText && !isPhoto(upright)) {
      const again = await read(upright, signal, true);
      if (readingScore(again) > readingScore(words) * 1.1) words = again;
    } else if (meanConfidence(words) < MEDIOCRE_READING && sureText && !isPhoto(upright)) {
      // A mediocre reading of a scan: often a soft one (a low-resolution scan enlarged, slightly out
      // of focus) whose blurred boxes Tesseract's layout merged into blocks it misread. Sharpened,
      // the same page may read as its lines; the better reading is kept.
      const again = await read(sharpenGray(upright, SHARPEN_SIGMA, 1), signal);
      if (readingScore(again) > readingScore(words) * 1.1) words = again;
    } else if ((fewWords(words) || meanConfidence(words) < MEDIOCRE_READING) && !marks && !isPhoto(upright) && inkShare(upright) >= INKED_PAGE) {
      // Nothing read on a page with ink on it: a grey, speckled scan whose one global level turned
      // the paper's noise into ink (Tesseract then finds no text at all). The local threshold reads it.
      // Likewise a mediocre reading with little read surely: a photo of a page on light paper, under
      // uneven light, whose title, numbers and totals the one level left unread.
      const again = await read(upright, signal, true);
      if (readingScore(again) > readingScore(words)) words = again;
    }
    // Still next to nothing read on a page with print: grainy paper (a photo's sensor noise, a scan's
    // speckle) nearly as dark as faint grey print breaks every stroke up for either threshold.
    // Smoothed over about a pixel, the grain fades and the strokes hold: read again, keep the better.
    // Not a page of noise: one read as noise, or inked over more than print ever covers.
    const ink = fewWords(words) && !noiseReading(words) ? inkShare(upright) : 0;
    if (ink >= INKED_PAGE && ink <= MOSTLY_PAPER) {
      const again = await read(smoothGray(upright, SMOOTH_SIGMA), signal);
      if (readingScore(again) > readingScore(words)) words = again;
    }
    const unread = await readUnreadInk(upright, words, signal);
    if (unread.found.length) words = [...words.filter((w) => !unread.replaced.has(w)), ...unread.found];
    return { words, confidence: meanConfidence(words), rotation: turn, width: upright.width, height: upright.height };
  };

  /**
   * Lines the page's reading left out (a large bold title Tesseract's layout took for a picture,
   * white print on a dark band, a faint box of a form), each read again as a block of text on its
   * own (`unread-ink.ts`); only on a page that read as some text and not as noise.
   */
  const readUnreadInk = async (upright: GrayImage, words: readonly Word[], signal: AbortSignal | undefined): Promise<{ found: Word[]; replaced: Set<Word> }> => {
    const em = medianWordHeight(words, upright.height);
    const sure = words.filter((w) => w.confidence >= 0.8 && /\p{L}{3}/u.test(w.text)).length;
    if (em === null || sure < SOME_WORDS || noiseReading(words)) return { found: [], replaced: new Set() };
    const dpi = estimateDpi(upright);
    const crops = unreadInk(upright, words, em).map((box) => cropGray(upright, wholeWords(box, words, upright, em * 0.6), em * 0.6));
    const reads = await Promise.all(crops.map((crop) => read(crop.image, signal, false, dpi, true)));
    const strips = crops.flatMap((crop, i) =>
      legibleLines(reads[i]!).map((w) => {
        const [x, y] = [crop.x0 + w.bbox.x * crop.image.width, crop.y0 + w.bbox.y * crop.image.height];
        return { ...w, bbox: toFractions(x, y, x + w.bbox.w * crop.image.width, y + w.bbox.h * crop.image.height, upright.width, upright.height) };
      }),
    );
    return mergeReadings(words, strips);
  };

  const close = async (): Promise<void> => {
    await Promise.all([ocrPool.close(), osdPool.close()]);
  };

  return { size, recognize, close };
}

/**
 * Whether an image is a photo rather than a scan: a scan is paper and ink with little in between,
 * a photo of a page on a desk is mostly mid-tones (background, shadows, uneven light). Measured on
 * samples: scans 1–13 % mid-tones, photos 36–98 %. A scan on grey or recycled paper is mid-tones
 * too, but evenly lit: its paper is one shade across the page (background levels within about 6
 * of each other), where a photo's light falls off (27–151 on the samples and the corpus). Sauvola's local threshold, right for a
 * photo, wipes out the pale small print of such a scan, so the light must be uneven as well.
 */
export function isPhoto(image: GrayImage): boolean {
  let mid = 0;
  let n = 0;
  for (let i = 0; i < image.data.length; i += 7) {
    const v = image.data[i]!;
    n += 1;
    if (v > 80 && v < 200) mid += 1;
  }
  return n > 0 && mid / n > PHOTO_MIDTONES && unevenLight(image) >= UNEVEN_LIGHT;
}

/**
 * The share of pixels at least 60 levels darker than the paper (the page's median, sampled): print,
 * where a blank sheet's specks and a grey scan's noise stay within a few dozen levels of the paper.
 */
export function inkShare(image: GrayImage): number {
  const sample: number[] = [];
  for (let i = 0; i < image.data.length; i += 97) sample.push(image.data[i]!);
  if (!sample.length) return 0;
  sample.sort((a, b) => a - b);
  const paper = sample[Math.floor(sample.length / 2)]!;
  let dark = 0;
  let n = 0;
  for (let i = 0; i < image.data.length; i += 3) {
    n += 1;
    if (image.data[i]! <= paper - 60) dark += 1;
  }
  return n ? dark / n : 0;
}

/** How far the paper's brightness varies across the page: the spread of its 8 × 8 blocks' backgrounds. */
export function unevenLight(image: GrayImage): number {
  const grid = 8;
  const backgrounds: number[] = [];
  for (let gy = 0; gy < grid; gy += 1) {
    for (let gx = 0; gx < grid; gx += 1) {
      const values: number[] = [];
      const [y0, y1] = [Math.floor((gy * image.height) / grid), Math.floor(((gy + 1) * image.height) / grid)];
      const [x0, x1] = [Math.floor((gx * image.width) / grid), Math.floor(((gx + 1) * image.width) / grid)];
      for (let y = y0; y < y1; y += 3) for (let x = x0; x < x1; x += 3) values.push(image.data[y * image.width + x]!);
      if (!values.length) continue;
      values.sort((a, b) => a - b);
      // The block's paper: its bright end, whatever ink it holds.
      backgrounds.push(values[Math.floor(values.length * 0.9)]!);
    }
  }
  if (backgrounds.length < 6) return 0;
  backgrounds.sort((a, b) => a - b);
  // Two blocks either side left out: a dark margin or a stamp is not the light.
  return backgrounds[backgrounds.length - 3]! - backgrounds[2]!;
}

/**
 * The words strips read (in page fractions) merged into a page's reading: a word read twice, in two
 * strips whose margins overlap, is kept once. Over words the page's reading made out less surely
 * (an amount in a dark box read as '€83' and '00'), a strip's word replaces them; over a word read
 * as surely, or over one the strips read only part of (a B/L number a strip's margin cut to
 * 'NSLU6199'), it is dropped.
 */
export function mergeReadings(page: readonly Word[], strips: readonly Word[]): { found: Word[]; replaced: Set<Word> } {
  const found: Word[] = [];
  const replaced = new Set<Word>();
  for (const word of strips) {
    if (found.some((other) => mostlyOver(word.bbox, other.bbox))) continue;
    const under = page.filter((other) => mostlyOver(word.bbox, other.bbox));
    if (under.some((other) => other.confidence >= word.confidence || !within(other.bbox, strips))) continue;
    for (const other of under) replaced.add(other);
    found.push(word);
  }
  return { found, replaced };
}

/**
 * The words of a strip's reading worth keeping: those of its lines that read as text — half their
 * words or more read surely (0.7) — each with its own confidence, the lines' debris left out. A
 * signature, a stamp or a logo reads as a line of short unsure fragments, and is dropped whole.
 */
export function legibleLines(words: readonly Word[]): Word[] {
  const out: Word[] = [];
  const worded = (w: Word): boolean => /[\p{L}\p{N}]\.?[\p{L}\p{N}]/u.test(w.text);
  for (const line of readingLines(words)) {
    const counted = line.filter(worded);
    if (counted.length === 0 || counted.filter((w) => w.confidence >= 0.7).length * 2 < counted.length) continue;
    for (const w of line) if (w.confidence >= 0.3 && (worded(w) || /^\p{Sc}$/u.test(w.text))) out.push(w);
  }
  return out;
}

/** Words in reading order cut into lines: a word whose middle is not within the line's height starts the next. */
function readingLines(words: readonly Word[]): Word[][] {
  const lines: Word[][] = [];
  for (const w of words) {
    const line = lines[lines.length - 1];
    const last = line?.[line.length - 1];
    const mid = w.bbox.y + w.bbox.h / 2;
    if (line && last && mid >= last.bbox.y && mid <= last.bbox.y + last.bbox.h && w.bbox.x >= last.bbox.x) line.push(w);
    else lines.push([w]);
  }
  return lines;
}

/** Whether a page's reading is noise (`legibility.ts`): then nothing is read again. */
const noiseReading = (words: readonly Word[]): boolean => noisePage({ method: 'ocr', words });

/**
 * A strip widened to the whole of every word read that its margin reaches: a strip of ink next to
 * words read ('NSLU6199' left unread before '903954') is read with them, as one word, never cut.
 */
function wholeWords(box: PixelBox, words: readonly Word[], image: GrayImage, pad: number): PixelBox {
  let out = box;
  for (const w of words) {
    const [x0, y0, x1, y1] = [w.bbox.x * image.width, w.bbox.y * image.height, (w.bbox.x + w.bbox.w) * image.width, (w.bbox.y + w.bbox.h) * image.height];
    if (x1 < out.x0 - pad || x0 > out.x1 + pad || y1 < out.y0 - pad || y0 > out.y1 + pad) continue;
    out = { x0: Math.min(out.x0, x0), y0: Math.min(out.y0, y0), x1: Math.max(out.x1, x1), y1: Math.max(out.y1, y1) };
  }
  return out;
}

/** Whether box `a` lies mostly (over half its area) on box `b`, or `b` on `a`. */
function mostlyOver(a: Word['bbox'], b: Word['bbox']): boolean {
  return overlap(a, b) > 0.5 * Math.min(a.w * a.h, b.w * b.h);
}

/** Whether box `a` lies almost wholly (four fifths of it) on the boxes of `words`. */
const within = (a: Word['bbox'], words: readonly Word[]): boolean => words.reduce((sum, w) => sum + overlap(a, w.bbox), 0) >= 0.8 * a.w * a.h;

/** The area two boxes share. */
function overlap(a: Word['bbox'], b: Word['bbox']): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The median height (pixels) of the words read with some confidence, or null when there are too few. */
function medianWordHeight(words: readonly Word[], imageHeight: number): number | null {
  const heights = words.filter((w) => w.confidence >= 0.5 && /[\p{L}\p{N}]{2}/u.test(w.text)).map((w) => w.bbox.h * imageHeight).sort((a, b) => a - b);
  return heights.length >= 5 ? heights[Math.floor(heights.length / 2)]! : null;
}

/** The central part of an image, `fraction` of its width and height. */
function cropCentre(image: GrayImage, fraction: number): GrayImage {
  const width = Math.max(1, Math.round(image.width * fraction));
  const height = Math.max(1, Math.round(image.height * fraction));
  const x0 = Math.floor((image.width - width) / 2);
  const y0 = Math.floor((image.height - height) / 2);
  return cropGray(image, { x0, y0, x1: x0 + width, y1: y0 + height }, 0).image;
}
