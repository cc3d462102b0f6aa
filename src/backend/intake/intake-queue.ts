import type { DocumentKind, Extraction, IntakeProgress, PageText } from '../../shared/documents';
import { appendAudit } from '../audit/audit-log';
import {
  claimDocument,
  getDocumentRow,
  loadPages,
  nextQueued,
  requeueInterrupted,
  setDocumentStatus,
  storedPageNumbers,
  upsertPage,
  writeExtraction,
} from '../documents/documents-repo';
import type { EventBus } from '../events';
import { readBlob } from '../store/blob-store';
import type { OcrEngine, ReadDocument, SupportedMediaType } from '../text/types';
import type { Workspace } from '../workspace';

export type Extract = (pages: readonly PageText[], kind?: DocumentKind) => Extraction;

/** What intake needs from the text reader and the extractor; passed in so tests can pin them. */
export type IntakeDeps = {
  readonly readDocument: ReadDocument;
  /** Made on first use: OCR workers are costly, and many runs never need them. */
  readonly createOcr: () => OcrEngine;
  readonly extract: Extract;
  readonly sniff: (bytes: Uint8Array) => SupportedMediaType | null;
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
export function createIntakeQueue(ws: Workspace, deps: IntakeDeps, bus: EventBus, concurrency = 2): IntakeQueue {
  const running = new Map<string, AbortController>();
  const waiters: (() => void)[] = [];
  let ocr: OcrEngine | undefined;
  let closed = false;
  const ocrEngine = (): OcrEngine => (ocr ??= deps.createOcr());

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

  async function process(id: string, signal: AbortSignal): Promise<void> {
    const row = getDocumentRow(ws.db, id);
    if (!row || !claimDocument(ws.db, id)) return;
    changed(id);
    const fileName = row.file_name;
    const bytes = readBlob(ws.blobsDir, row.sha256);
    if (!bytes.ok) return fail(id, bytes.error.code, bytes.error.message);
    const mediaType = deps.sniff(bytes.value);
    if (!mediaType) return fail(id, 'DOCUMENT.UNSUPPORTED', `${fileName} is not a PDF, PNG, JPEG or TIFF file.`);
    const done = storedPageNumbers(ws.db, id);
    let total = row.page_count ?? 0;
    progress({ documentId: id, fileName, stage: 'reading', page: done.size, pages: total });
    const read = await deps.readDocument(bytes.value, mediaType, {
      ocr: ocrEngine(),
      signal,
      donePages: done,
      onStart: (pages) => {
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
    if (!read.ok) return fail(id, read.error.code, read.error.message);
    if (signal.aborted) return fail(id, 'DOCUMENT.CANCELLED', `${fileName} was cancelled.`);
    progress({ documentId: id, fileName, stage: 'extracting', page: total, pages: total });
    const pages = loadPages(ws.db, id);
    const current = getDocumentRow(ws.db, id);
    const override = current?.kind_overridden === 1 ? (current.kind ?? undefined) : undefined;
    const extraction = deps.extract(pages, override);
    ws.db
      .transaction(() => {
        writeExtraction(ws.db, id, extraction, override !== undefined);
        setDocumentStatus(ws.db, id, { status: 'extracted', error: null, pageCount: pages.length });
        const methods = [...new Set(pages.map((p) => p.method))];
        appendAudit(ws.db, {
          at: now(),
          actor: SYSTEM,
          action: 'document.extracted',
          entity: 'document',
          entityId: id,
          details: {
            fileName,
            kind: extraction.kind,
            kindScore: extraction.kindScore,
            pages: pages.length,
            methods,
            fields: Object.keys(extraction.fields).length,
          },
        });
      })
      .immediate();
    progress({ documentId: id, fileName, stage: 'done', page: pages.length, pages: pages.length });
    changed(id);
  }

  return {
    start: () => {
      if (started || closed) return;
      started = true;
      // Reads a crash interrupted go back to the queue; their stored pages are kept.
      requeueInterrupted(ws.db);
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
      await ocr?.close();
    },
  };
}
