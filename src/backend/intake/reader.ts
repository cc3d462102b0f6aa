/**
 * What the intake queue asks of a reader: a document's pages, then the documents and fields they
 * hold. Two readers answer it: `inProcessReader` runs the parts on the calling thread (tests that pin
 * a part), and `workerReader` (worker-reader.ts) runs them in a worker thread under time and memory
 * budgets, so a hostile file never holds the thread that serves the window or the API.
 */
import type { DocumentKind, Extraction, PageText } from '../../shared/documents';
import type { Result } from '../../shared/result';
import { ok } from '../../shared/result';
import type { DocumentPart } from '../../core/extraction/split';
import type { KnownParties } from '../../core/extraction/known-parties';
import { withEInvoice } from '../einvoice/einvoice-intake';
import { readEmbeddedEInvoice } from '../einvoice/read-einvoice';
import type { EInvoiceFound } from '../einvoice/read-einvoice';
import type { SupportedMediaType } from '../text/types';
import type { IntakeDeps } from './intake-queue';

export type ReadRequest = {
  readonly documentId: string;
  readonly bytes: Uint8Array;
  readonly mediaType: SupportedMediaType;
  /** Pages not to read: stored by an earlier run, or outside this document's part of the file. */
  readonly donePages: ReadonlySet<number>;
  readonly signal: AbortSignal;
  readonly onStart: (total: number) => void;
  /** Each page as it is read, in page order; the caller commits it before the next arrives. */
  readonly onPage: (page: PageText) => void;
};

export type AnalyseRequest = {
  readonly documentId: string;
  /** Every page of the document (stored and newly read), in order. */
  readonly pages: readonly PageText[];
  /** The kind a person set, if any: then the document is neither split nor classified. */
  readonly override: DocumentKind | undefined;
  /** Whether the file may hold several documents (a file read whole for the first time). */
  readonly split: boolean;
  /** The PDF's bytes when an embedded e-invoice (Factur-X, ZUGFeRD, XRechnung) may be in it. */
  readonly einvoiceOf: Uint8Array | null;
  readonly known: KnownParties;
  readonly signal: AbortSignal;
};

/** The documents a read file holds (one part when nothing divides it) and each one's extraction. */
export type Analysis = {
  /** Empty when the document was not split (one document: the pages given). */
  readonly parts: readonly DocumentPart[];
  /** One per part (or one when `parts` is empty), in order. */
  readonly extractions: readonly Extraction[];
  /** The e-invoice embedded in the PDF, joined into the first extraction. */
  readonly einvoice: EInvoiceFound | null;
};

export type IntakeReader = {
  readonly read: (request: ReadRequest) => Promise<Result<{ readonly total: number }>>;
  readonly analyse: (request: AnalyseRequest) => Promise<Result<Analysis>>;
  readonly close: () => Promise<void>;
};

/** The analysis of a document's pages with the given parts; shared by both readers. */
export async function analysePages(
  deps: Pick<IntakeDeps, 'extract' | 'split'>,
  request: Omit<AnalyseRequest, 'documentId' | 'signal'>,
): Promise<Analysis> {
  const { pages, override, known } = request;
  const einvoice = request.einvoiceOf && (override ?? 'invoice') === 'invoice' ? await readEmbeddedEInvoice(request.einvoiceOf) : null;
  const split = request.split && !override ? deps.split(pages) : [];
  const parts = split.length > 1 ? split : [];
  const groups = parts.length > 0 ? parts.map((part) => pages.filter((p) => p.n >= part.from && p.n <= part.to)) : [pages];
  const extractions = groups.map((group, i) =>
    // The e-invoice belongs with the file's first document; a person's kind holds for the whole file.
    withEInvoice(i === 0 ? einvoice : null, group, (kind) => deps.extract(group, kind, known), i === 0 ? override : undefined),
  );
  return { parts, extractions, einvoice };
}

/** The reader on the calling thread, with the given parts (no budgets: a test pins what it reads). */
export function inProcessReader(deps: IntakeDeps): IntakeReader {
  let ocr: ReturnType<IntakeDeps['createOcr']> | undefined;
  return {
    read: async (request) => {
      const read = await deps.readDocument(request.bytes, request.mediaType, {
        ocr: (ocr ??= deps.createOcr()),
        signal: request.signal,
        donePages: request.donePages,
        onStart: request.onStart,
        onPage: (page) => request.onPage(page),
      });
      return read.ok ? ok({ total: read.value.total }) : read;
    },
    analyse: async (request) => ok(await analysePages(deps, request)),
    close: async () => {
      await ocr?.close();
    },
  };
}
