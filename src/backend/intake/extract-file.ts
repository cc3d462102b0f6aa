import type { DocumentKind, EInvoiceInfo, ExtractedField, Extraction, FieldName, PageText, TextMethod } from '../../shared/documents';
import type { ErrorCode } from '../../shared/errors';
import { extractDocument } from '../../core/extraction/extract';
import { splitDocuments } from '../../core/extraction/split';
import { sha256Hex } from '../crypto/hash';
import { extractXmlFile, joinEmbeddedEInvoice, withEmbeddedEInvoice } from '../einvoice/einvoice-extract';
import { einvoiceAmong, embeddedXmls } from '../einvoice/read-einvoice';
import type { EmbeddedXml } from '../einvoice/read-einvoice';
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
  /** The pages of the file this document is (the whole file unless it holds several); null when unread. */
  readonly pageRange: { readonly from: number; readonly to: number } | null;
  readonly pages: readonly { readonly n: number; readonly method: TextMethod; readonly confidence: number; readonly rotation: PageText['rotation'] }[];
  readonly fields: Partial<Record<FieldName, ExtractedField>>;
  readonly errors: readonly { readonly code: ErrorCode; readonly message: string }[];
  /**
   * The EN 16931 e-invoice the file is (UBL, CII) or embeds (Factur-X, ZUGFeRD, XRechnung): its
   * fields are in `fields`; for a hybrid PDF, `pageFields` is what its pages said on their own.
   */
  readonly einvoice?: EInvoiceInfo & { readonly problems: readonly string[]; readonly pageFields?: Partial<Record<FieldName, ExtractedField>> };
};

export type ExtractFileOptions = {
  readonly ocr: OcrEngine;
  /** The field extractor (default: the core's `extractDocument`); passed in so tests can pin it. */
  readonly extract?: (pages: readonly PageText[]) => Extraction;
  readonly signal?: AbortSignal;
  readonly maxPages?: number;
  /** Each page as it is read (the intake worker reports them, so a page over its time is known). */
  readonly onPage?: (page: PageText) => void;
};

/** A file's pages as read, or the extract result saying why they could not be. */
async function readPages(bytes: Uint8Array, fileName: string, options: ExtractFileOptions): Promise<{ readonly base: { file: string; sha256: string }; readonly pages: readonly PageText[] } | ExtractJson> {
  const base = { file: fileName, sha256: sha256Hex(bytes) };
  const failed = (code: ErrorCode, message: string): ExtractJson => ({ ...base, kind: null, kindScore: null, pageRange: null, pages: [], fields: {}, errors: [{ code, message }] });
  if (bytes.length === 0) return failed('DOCUMENT.EMPTY', `${fileName} is empty (0 bytes); add the complete document.`);
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) return failed('DOCUMENT.UNSUPPORTED', `${fileName} is not a PDF, PNG, JPEG or TIFF file, nor an XML e-invoice.`);
  // Loaded on first use: the thread that only extracts (`extractRead`) never loads pdf.js.
  const { readDocument } = await import('../text/read-document');
  const read = await readDocument(bytes, mediaType, {
    ocr: options.ocr,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
    ...(options.onPage ? { onPage: options.onPage } : {}),
  });
  if (!read.ok) return failed(read.error.code, `${fileName}: ${read.error.message}`);
  return { base, pages: read.value.pages };
}

/** The extract of some pages of a file: one document's. */
function extractPages(base: { file: string; sha256: string }, pages: readonly PageText[], options: Pick<ExtractFileOptions, 'extract'>): ExtractJson {
  const extraction = (options.extract ?? extractDocument)(pages);
  return {
    ...base,
    kind: extraction.kind,
    kindScore: extraction.kindScore,
    pageRange: pages.length ? { from: pages[0]!.n, to: pages[pages.length - 1]!.n } : null,
    pages: pages.map((p) => ({ n: p.n, method: p.method, confidence: p.confidence, rotation: p.rotation })),
    fields: extraction.fields,
    errors: [],
  };
}

/** Reads one file's text (text layer or OCR) and extracts its fields as one document; failures land in `errors`. */
export async function extractFile(bytes: Uint8Array, fileName: string, options: ExtractFileOptions): Promise<ExtractJson> {
  const xml = extractXmlFile(bytes, fileName);
  if (xml) return xml;
  const read = await readPages(bytes, fileName, options);
  return 'errors' in read ? read : withEInvoiceOf(bytes, extractPages(read.base, read.pages, options), read.pages, options);
}

/** A PDF's extract joined with the e-invoice XML it embeds, if any (hybrid PDFs: Factur-X, ZUGFeRD, XRechnung). */
const withEInvoiceOf = (bytes: Uint8Array, result: ExtractJson, pages: readonly PageText[], options: ExtractFileOptions): Promise<ExtractJson> =>
  withEmbeddedEInvoice(result, bytes, pages, () => (options.extract ? options.extract(pages) : extractDocument(pages, 'invoice')));

/**
 * What reading a file for `extract` gives before its fields are extracted: its pages and the e-invoice
 * it embeds. Reading (pdf.js, OCR) and extraction can then run on two threads, one file being
 * extracted while the next is read.
 */
export type ReadForExtract = {
  readonly base: { readonly file: string; readonly sha256: string };
  readonly pages: readonly PageText[];
  /** The XML files the PDF embeds, parsed with the extraction (one may be its e-invoice). */
  readonly xmls: readonly EmbeddedXml[];
};

/**
 * Reads one file for `extract`: its pages and embedded e-invoice, or the final results when nothing
 * is left to extract (an XML e-invoice, a file that could not be read).
 */
export async function readForExtract(bytes: Uint8Array, fileName: string, options: ExtractFileOptions): Promise<ReadForExtract | { readonly results: ExtractJson[] }> {
  const xml = extractXmlFile(bytes, fileName);
  if (xml) return { results: [xml] };
  const read = await readPages(bytes, fileName, options);
  if ('errors' in read) return { results: [read] };
  return { ...read, xmls: await embeddedXmls(bytes) };
}

/**
 * The documents of a file read by `readForExtract`, each extracted: split where its pages say a new
 * document begins, one result per document with its page range. Pure computation.
 */
export function extractRead(read: ReadForExtract, options: Pick<ExtractFileOptions, 'extract'> = {}): ExtractJson[] {
  const extract = options.extract ?? extractDocument;
  const asInvoice = (pages: readonly PageText[]) => (): Extraction => (options.extract ? options.extract(pages) : extractDocument(pages, 'invoice'));
  const einvoice = einvoiceAmong(read.xmls);
  const parts = splitDocuments(read.pages);
  if (parts.length <= 1) return [joinEmbeddedEInvoice(extractPages(read.base, read.pages, { extract }), einvoice, read.pages, asInvoice(read.pages))];
  const partPages = parts.map((part) => read.pages.filter((p) => p.n >= part.from && p.n <= part.to));
  const results = partPages.map((pages) => extractPages(read.base, pages, { extract }));
  // An embedded e-invoice belongs with the file's first document, as in the workspace.
  return [joinEmbeddedEInvoice(results[0]!, einvoice, partPages[0]!, asInvoice(partPages[0]!)), ...results.slice(1)];
}

/**
 * Reads one file and extracts each document it holds (two invoices scanned together, an invoice
 * with its B/L behind it), split where its pages say a new document begins; one result per
 * document with its page range, or one result with the errors that stopped the read.
 */
export async function extractFileDocuments(bytes: Uint8Array, fileName: string, options: ExtractFileOptions): Promise<ExtractJson[]> {
  const read = await readForExtract(bytes, fileName, options);
  return 'results' in read ? read.results : extractRead(read, options);
}
