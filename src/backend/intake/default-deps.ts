import { extractDocument } from '../../core/extraction/extract';
import { createOcrEngine, readDocument, sniffMediaType } from '../text';
import type { IntakeDeps } from './intake-queue';

/** The real reader, OCR (tesseract.js workers, one per core) and extractor. */
export const defaultIntakeDeps = (): IntakeDeps => ({
  readDocument,
  createOcr: () => createOcrEngine(),
  extract: extractDocument,
  sniff: sniffMediaType,
});
