import type { DocumentKind, Extraction, IntakeProgress, PageText } from '../../shared/documents';
import type { DocumentPart } from '../../core/extraction/split';
import type { KnownParties } from '../../core/extraction/known-parties';
import { appendAudit } from '../audit/audit-log';
import { listBuyers, listEscrowAccounts, listSuppliers } from '../counterparties/counterparties-repo';
import {
  claimDocument,
  countInterruption,
  getDocumentRow,
  loadPages,
  nextQueued,
  QUARANTINE_AFTER,
  requeueInterrupted,
  setDocumentStatus,
  splitIntoParts,
  storedPageNumbers,
  upsertPage,
  writeExtraction,
} from '../documents/documents-repo';
import type { EventBus } from '../events';
import { readBlob } from '../store/blob-store';
import { sniffFileType } from '../text/sniff';
import type { IntakeMediaType } from '../text/sniff';
import type { OcrEngine, ReadDocument } from '../text/types';
import { intakeXmlDocument, recordEmbeddedEInvoice } from '../einvoice/einvoice-intake';
import type { Workspace } from '../workspace';
import type { AppError } from '../../shared/result';
import type { IntakeReader } from './reader';
import { stoppedReader } from './worker-reader';

/**
 * Extracts one document's fields; `known` (the workspace's suppliers, buyers and escrow accounts)
 * lets a party or account be found anywhere on the page when the layout rules find none.
 */
export type Extract = (pages: readonly PageText[], kind?: DocumentKind, known?: KnownParties) => Extraction;

/** What the workspace knows that extraction may use as evidence. */
export function knownParties(db: Workspace['db']): KnownParties {
  const party = (p: { id: string; legalName: string; aliases: readonly string[] }) => ({ id: p.id, legalName: p.legalName, aliases: p.aliases });
  return { suppliers: listSuppliers(db).map(party), buyers: listBuyers(db).map(party), accounts: listEscrowAccounts(db).map((e) => e.account) };
}

/** Pages 1…2000 outside a range: what a document that is part of a file does not read. */
const outside = (range: { from: number; to: number }, done: ReadonlySet<number>): Set<number> => {
  const skip = new Set(done);
  for (let n = 1; n <= 2000; n++) if (n < range.from || n > range.to) skip.add(n);
  return skip;
};

/** What intake needs from the text reader and the extractor; passed in so tests can pin them. */
export type IntakeDeps = {
  readonly readDocument: ReadDocument;
  /** Made on first use: OCR workers are costly, and many runs never need them. */
  readonly createOcr: () => OcrEngine;
  readonly extract: Extract;
  /** Where a file's pages divide into the documents it holds (one part when nothing divides it). */
  readonly split: (pages: readonly PageText[]) => DocumentPart[];
  /** PDFs and images have pages to read; XML files are e-invoices read without pages. */
  readonly sniff: (bytes: Uint8Array) => IntakeMediaType | null;
};

export type IntakeQueue = {
  /** Begins reading: interrupted reads go back to the queue, then queued documents are read. */
  readonly start: () => void;
  /** Reads newly queued documents if the queue has started and has room. */
  readonly kick: () => void;
  /** Stops a running read; true when the document was running. */
  readonly abort: (documentId: string) => boolean;
  /** Resolves when nothing is queued or running (used by the CLI and tests). */
  readonly idle: () => Promise<void>;
  readonly close: () => Promise<void>;
};

const SYSTEM = 'system';

/**
 * The intake queue. A queued document is read page by page; each page is committed as it is read,
 * so after a crash the restarted queue skips the stored pages and goes on. Extraction and the
 * document's new status commit together with their audit entry.
 */
export function createIntakeQueue(ws: Workspace, reader: IntakeReader, bus: EventBus, concurrency = 2): IntakeQueue {
  const running = new Map<string, AbortController>();
  const waiters: (() => void)[] = [];
  let closed = false;

  let started = false;

  const progress = (p: IntakeProgress): void => bus.emit('documents.progress', p);
  const changed = (documentId: string): void => bus.emit('documents.changed', { documentId });
  const now = (): string => ws.clock().toISOString();

  const settle = (): void => {
    if (running.size > 0) return;
    if (!closed && started && nextQueued(ws.db, 1).length > 0) return;
    for (const resolve of waiters.splice(0)) resolve();
  };

  const kick = (): void => {
    if (closed || !started) return;
    const free = concurrency - running.size;
    if (free <= 0) return;
    for (const { id } of nextQueued(ws.db, concurrency + running.size)) {
      if (running.size >= concurrency) break;
      if (running.has(id)) continue;
      const controller = new AbortController();
      running.set(id, controller);
      process(id, controller.signal)
        .catch((error: unknown) => fail(id, 'INTERNAL', `Reading stopped on an unexpected error (${String(error)}). Retry the document.`))
        .finally(() => {
          running.delete(id);
          kick();
          settle();
        });
    }
    settle();
  };

  function fail(id: string, code: string, message: string): void {
    const row = getDocumentRow(ws.db, id);
    if (!row) return;
    if (code === 'DOCUMENT.CANCELLED') {
      // Closing the app stops reads to resume them next time; a person's cancel (audited by the
      // service under their name) ends them.
      setDocumentStatus(ws.db, id, { status: closed ? 'queued' : 'cancelled', error: null });
      if (!closed) {
        progress({ documentId: id, fileName: row.file_name, stage: 'cancelled', page: 0, pages: row.page_count ?? 0, message });
        changed(id);
      }
      return;
    }
    ws.db
      .transaction(() => {
        setDocumentStatus(ws.db, id, { status: 'failed', error: { code, message } });
        appendAudit(ws.db, {
          at: now(),
          actor: SYSTEM,
          action: 'document.failed',
          entity: 'document',
          entityId: id,
          details: { fileName: row.file_name, code, message },
        });
      })
      .immediate();
    progress({ documentId: id, fileName: row.file_name, stage: 'failed', page: 0, pages: row.page_count ?? 0, message });
    changed(id);
  }

  /**
   * A read that failed. One the reader had to stop (over its time budget, or its thread died on
   * it) counts as an interruption of the document, as a process killed while reading it does.
   */
  function failRead(id: string, error: AppError): void {
    if (stoppedReader(error.details)) countInterruption(ws.db, id);
    fail(id, error.code, error.message);
  }

  async function process(id: string, signal: AbortSignal): Promise<void> {
    const row = getDocumentRow(ws.db, id);
    if (!row || !claimDocument(ws.db, id)) return;
    changed(id);
    const fileName = row.file_name;
    const bytes = readBlob(ws.blobsDir, row.sha256);
    if (!bytes.ok) return fail(id, bytes.error.code, bytes.error.message);
    const mediaType = sniffFileType(bytes.value);
    if (!mediaType) return fail(id, 'DOCUMENT.UNSUPPORTED', `${fileName} is not a PDF, PNG, JPEG or TIFF file, nor an XML e-invoice.`);
    if (mediaType === 'application/xml') return readXml(id, fileName, bytes.value);
    // A later document of a file reads only its own pages.
    const range = row.page_from !== null && row.page_to !== null ? { from: row.page_from, to: row.page_to } : null;
    const done = storedPageNumbers(ws.db, id);
    let total = row.page_count ?? 0;
    progress({ documentId: id, fileName, stage: 'reading', page: done.size, pages: total });
    const read = await reader.read({
      documentId: id,
      bytes: bytes.value,
      mediaType,
      signal,
      donePages: range ? outside(range, done) : done,
      onStart: (pages) => {
        if (range) return;
        total = pages;
        setDocumentStatus(ws.db, id, { status: 'processing', pageCount: pages });
        progress({ documentId: id, fileName, stage: 'reading', page: done.size, pages });
      },
      onPage: (page) => {
        ws.db.transaction(() => upsertPage(ws.db, id, page)).immediate();
        done.add(page.n);
        progress({ documentId: id, fileName, stage: page.method === 'ocr' ? 'ocr' : 'reading', page: done.size, pages: total });
      },
    });
    if (!read.ok) return failRead(id, read.error);
    if (signal.aborted) return fail(id, 'DOCUMENT.CANCELLED', `${fileName} was cancelled.`);
    progress({ documentId: id, fileName, stage: 'extracting', page: total, pages: total });
    const pages = loadPages(ws.db, id);
    const current = getDocumentRow(ws.db, id);
    const override = current?.kind_overridden === 1 ? (current.kind ?? undefined) : undefined;
    const analysed = await reader.analyse({
      documentId: id,
      pages,
      override,
      // A file read whole for the first time may hold several documents: each becomes its own.
      split: !(range || row.part_of !== null || override),
      // A hybrid PDF (Factur-X, ZUGFeRD, XRechnung) carries its invoice as XML too: read with the file's first document.
      einvoiceOf: mediaType === 'application/pdf' && row.part_of === null ? bytes.value : null,
      known: knownParties(ws.db),
      signal,
    });
    if (!analysed.ok) return failRead(id, analysed.error);
    if (signal.aborted) return fail(id, 'DOCUMENT.CANCELLED', `${fileName} was cancelled.`);
    const { parts, extractions, einvoice } = analysed.value;

    const documents: { id: string; pages: PageText[]; range: { from: number; to: number } | null; extraction: Extraction }[] = [{ id, pages, range, extraction: extractions[0]! }];
    if (parts.length > 1) {
      const [first, ...rest] = parts as [DocumentPart, ...DocumentPart[]];
      const later = rest.map((part) => ({ id: ws.ids('doc'), ...part }));
      const within = (r: DocumentPart) => pages.filter((p) => p.n >= r.from && p.n <= r.to);
      ws.db
        .transaction(() => {
          splitIntoParts(ws.db, id, first, later);
          appendAudit(ws.db, {
            at: now(),
            actor: SYSTEM,
            action: 'document.split',
            entity: 'document',
            entityId: id,
            details: { fileName, pages: pages.length, parts: [{ documentId: id, ...first }, ...later.map((p) => ({ documentId: p.id, from: p.from, to: p.to }))] },
          });
        })
        .immediate();
      documents.splice(
        0,
        1,
        { id, pages: within(first), range: first, extraction: extractions[0]! },
        ...later.map((p, i) => ({ id: p.id, pages: within(p), range: { from: p.from, to: p.to }, extraction: extractions[i + 1]! })),
      );
    }

    for (const doc of documents) {
      const { extraction } = doc;
      ws.db
        .transaction(() => {
          writeExtraction(ws.db, doc.id, extraction, doc.id === id && override !== undefined);
          if (doc.id === id && einvoice) recordEmbeddedEInvoice(ws, id, einvoice, now());
          setDocumentStatus(ws.db, doc.id, { status: 'extracted', error: null, pageCount: doc.pages.length });
          const methods = [...new Set(doc.pages.map((p) => p.method))];
          appendAudit(ws.db, {
            at: now(),
            actor: SYSTEM,
            action: 'document.extracted',
            entity: 'document',
            entityId: doc.id,
            details: {
              fileName,
              kind: extraction.kind,
              kindScore: extraction.kindScore,
              pages: doc.pages.length,
              ...(doc.range ? { pageRange: doc.range } : {}),
              methods,
              fields: Object.keys(extraction.fields).length,
              ...(doc.id === id && einvoice ? { einvoice: einvoice.info.label } : {}),
            },
          });
        })
        .immediate();
      progress({ documentId: doc.id, fileName, stage: 'done', page: doc.pages.length, pages: doc.pages.length });
      changed(doc.id);
    }
  }

  /** An XML e-invoice: its fields are read from the XML, and it has no pages. */
  function readXml(id: string, fileName: string, bytes: Uint8Array): void {
    progress({ documentId: id, fileName, stage: 'extracting', page: 0, pages: 0 });
    const read = intakeXmlDocument(ws, id, fileName, bytes, SYSTEM);
    if (!read.ok) return fail(id, read.error.code, read.error.message);
    progress({ documentId: id, fileName, stage: 'done', page: 0, pages: 0 });
    changed(id);
  }

  return {
    start: () => {
      if (started || closed) return;
      started = true;
      // Reads a crash interrupted go back to the queue (their stored pages kept); a second
      // interruption quarantines the document instead, audited.
      ws.db
        .transaction(() => {
          const { quarantined } = requeueInterrupted(ws.db);
          for (const doc of quarantined) {
            appendAudit(ws.db, { at: ws.clock().toISOString(), actor: SYSTEM, action: 'document.quarantined', entity: 'document', entityId: doc.id, details: { fileName: doc.fileName, interruptions: QUARANTINE_AFTER } });
          }
          return quarantined;
        })
        .immediate()
        .forEach((doc) => bus.emit('documents.changed', { documentId: doc.id }));
      kick();
    },
    kick,
    abort: (documentId) => {
      const controller = running.get(documentId);
      controller?.abort();
      return controller !== undefined;
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    close: async () => {
      closed = true;
      for (const controller of running.values()) controller.abort();
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      });
      await reader.close();
    },
  };
}
