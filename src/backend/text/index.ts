/** The text reader: what intake, the CLI and tests import. */
export { readDocument, DEFAULT_MAX_PAGES } from './read-document';
export { sniffFileType, sniffMediaType } from './sniff';
export type { IntakeMediaType } from './sniff';
export { createOcrEngine } from './ocr-engine';
export type { OcrEngineOptions } from './ocr-engine';
export type { OcrEngine, OcrPage, ReadDocument, ReadDocumentOptions, SupportedMediaType } from './types';
export { SUPPORTED_MEDIA_TYPES } from './types';
