import type { DocumentKind, ExtractedField, Extraction, FieldName, PageText, TextMethod } from '../../shared/documents';
import type { ErrorCode } from '../../shared/errors';
import { extractDocument } from '../../core/extraction/extract';
import { sha256Hex } from '../crypto/hash';
import { readDocument } from '../text/read-document';
import { sniffMediaType } from '../text/sniff';
import type { OcrEngine } from '../text/types';

/**
 * The stateless extract of one file, as `quayside extract --json` prints it: what was read on each
 * page and the fields found, or the errors that stopped it. No workspace is involved.
 */
export type ExtractJson = {
  readonly file: string;
  readonly sha256: string;
  readonly kind: DocumentKind | null;
  readonly kindScore: number | null;
  readonly pages: readonly { readonly n: number; readonly method: TextMethod; readonly confidence: number; readonly rotation: PageText['rotation'] }[];
  readonly fields: Partial<Record<FieldName, ExtractedField>>;
  readonly errors: readonly { readonly code: ErrorCode; readonly message: string }[];
};

export type ExtractFileOptions = {
  readonly ocr: OcrEngine;
  /** The field extractor (default: the core's `extractDocument`); passed in so tests can pin it. */
  readonly extract?: (pages: readonly PageText[]) => Extraction;
  readonly signal?: AbortSignal;
  readonly maxPages?: number;
};

/** Reads one file's text (text layer or OCR) and extracts its fields; failures land in `errors`. */
export async function extractFile(bytes: Uint8Array, fileName: string, options: ExtractFileOptions): Promise<ExtractJson> {
  const base = { file: fileName, sha256: sha256Hex(bytes) };
  const failed = (code: ErrorCode, message: string): ExtractJson => ({ ...base, kind: null, kindScore: null, pages: [], fields: {}, errors: [{ code, message }] });
  if (bytes.length === 0) return failed('DOCUMENT.EMPTY', `${fileName} is empty (0 bytes); add the complete document.`);
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) return failed('DOCUMENT.UNSUPPORTED', `${fileName} is not a PDF, PNG, JPEG or TIFF file.`);
  const read = await readDocument(bytes, mediaType, {
    ocr: options.ocr,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
  });
  if (!read.ok) return failed(read.error.code, `${fileName}: ${read.error.message}`);
  const { pages } = read.value;
  const extraction = (options.extract ?? extractDocument)(pages);
  return {
    ...base,
    kind: extraction.kind,
    kindScore: extraction.kindScore,
    pages: pages.map((p) => ({ n: p.n, method: p.method, confidence: p.confidence, rotation: p.rotation })),
    fields: extraction.fields,
    errors: [],
  };
}
