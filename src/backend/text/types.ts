import type { PageText } from '../../shared/documents';
import type { Result } from '../../shared/result';

/** Media types intake accepts (sniffed from the bytes, not trusted from the file name). */
export const SUPPORTED_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'] as const;
export type SupportedMediaType = (typeof SUPPORTED_MEDIA_TYPES)[number];

/** An OCR engine with a pool of workers; the engine is passed in, so tests and the CLI share it. */
export type OcrEngine = {
  /** How many pages it reads at once. */
  readonly size: number;
  /** Reads one page image (PNG bytes) and returns its words, upright, with boxes as page fractions. */
  readonly recognize: (png: Uint8Array, signal?: AbortSignal) => Promise<OcrPage>;
  readonly close: () => Promise<void>;
};

export type OcrPage = Pick<PageText, 'words' | 'confidence' | 'rotation' | 'width' | 'height'>;

export type ReadDocumentOptions = {
  readonly ocr: OcrEngine;
  readonly signal?: AbortSignal;
  /** Pages already read in an earlier run (resume after a crash): not read again. */
  readonly donePages?: ReadonlySet<number>;
  /**
   * Called as each page is read, in page order, and awaited, so the caller can persist the page
   * before the next one starts. `total` is the document's page count.
   */
  readonly onPage?: (page: PageText, total: number) => void | Promise<void>;
  /** Called once the page count is known, before any page is read. */
  readonly onStart?: (total: number) => void;
  /** Refuse documents with more pages than this (default 2000). */
  readonly maxPages?: number;
};

/**
 * Reads every page of a document: the PDF text layer where a page carries real text, OCR of the page
 * rendered at 300 DPI otherwise (and for images). Expected failures (encrypted, corrupt, empty,
 * enormous, unsupported) come back as Results with `DOCUMENT.*` codes and a sentence a person can
 * act on; a read stopped through `signal` comes back with code `DOCUMENT.CANCELLED`.
 */
export type ReadDocument = (
  bytes: Uint8Array,
  mediaType: SupportedMediaType,
  options: ReadDocumentOptions,
) => Promise<Result<{ readonly pages: readonly PageText[]; readonly total: number }>>;
