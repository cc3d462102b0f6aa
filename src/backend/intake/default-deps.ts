import { availableParallelism } from 'node:os';
import { extractDocument } from '../../core/extraction/extract';
import { withKnownParties } from '../../core/extraction/known-parties';
import { splitDocuments } from '../../core/extraction/split';
import { sniffFileType } from '../text/sniff';
import type { OcrEngine, ReadDocument } from '../text/types';
import type { IntakeDeps } from './intake-queue';

/**
 * pdf.js, the canvas and tesseract.js are loaded on first use: the thread that serves the app
 * sniffs and re-extracts stored pages, and only the intake worker (or a test reading in-process)
 * reads documents.
 */
const readDocument: ReadDocument = async (bytes, mediaType, options) => (await import('../text/read-document')).readDocument(bytes, mediaType, options);

function lazyOcrEngine(workers: number | undefined): OcrEngine {
  let engine: Promise<OcrEngine> | undefined;
  const started = (): Promise<OcrEngine> => (engine ??= import('../text/ocr-engine').then((m) => m.createOcrEngine(workers ? { workers } : {})));
  return {
    size: Math.max(1, Math.floor(workers ?? availableParallelism())),
    recognize: async (png, signal) => (await started()).recognize(png, signal),
    close: async () => {
      if (engine) await (await engine).close();
    },
  };
}

/** The real reader, OCR (tesseract.js workers, one per core unless told), splitter and extractor. */
export const defaultIntakeDeps = (ocrWorkers?: number): IntakeDeps => ({
  readDocument,
  createOcr: () => lazyOcrEngine(ocrWorkers),
  extract: (pages, kind, known) => {
    const extraction = extractDocument(pages, kind);
    return known ? withKnownParties(pages, extraction, known) : extraction;
  },
  split: splitDocuments,
  sniff: sniffFileType,
});
