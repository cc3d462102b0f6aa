import { extractDocument } from '../../core/extraction/extract';
import { withKnownParties } from '../../core/extraction/known-parties';
import { splitDocuments } from '../../core/extraction/split';
import { createOcrEngine, readDocument, sniffFileType } from '../text';
import type { IntakeDeps } from './intake-queue';

/** The real reader, OCR (tesseract.js workers, one per core), splitter and extractor. */
export const defaultIntakeDeps = (): IntakeDeps => ({
  readDocument,
  createOcr: () => createOcrEngine(),
  extract: (pages, kind, known) => {
    const extraction = extractDocument(pages, kind);
    return known ? withKnownParties(pages, extraction, known) : extraction;
  },
  split: splitDocuments,
  sniff: sniffFileType,
});
