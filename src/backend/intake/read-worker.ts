/**
 * The intake worker thread: PDF parsing, rendering, OCR and extraction of the documents the UI's
 * thread sends it (see worker-reader.ts). It holds no workspace: pages and results go back as
 * messages and the UI's thread commits them. A document that runs past its budget is stopped by
 * ending this whole thread, so nothing here needs to be interruptible.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAbortError } from '../text/worker-pool';
import { defaultIntakeDeps } from './default-deps';
import { extractRead, readForExtract } from './extract-file';
import { analysePages } from './reader';
import { READER_NICENESS, giveWayToForeground } from '../thread-priority';
import type { ReaderSetup, ToReader, FromReader } from './read-protocol';

const setup = (workerData ?? {}) as ReaderSetup;
giveWayToForeground(READER_NICENESS);
const port = parentPort!;
const deps = defaultIntakeDeps(setup.ocrWorkers);
let ocr: ReturnType<typeof deps.createOcr> | undefined;
const running = new Map<number, AbortController>();
const send = (message: FromReader): void => port.postMessage(message);

async function handle(message: ToReader): Promise<void> {
  if (message.type === 'cancel') {
    running.get(message.seq)?.abort();
    return;
  }
  const { seq } = message;
  const controller = new AbortController();
  running.set(seq, controller);
  try {
    if (message.type === 'read') {
      const read = await deps.readDocument(message.bytes, message.mediaType, {
        ocr: (ocr ??= deps.createOcr()),
        signal: controller.signal,
        donePages: new Set(message.donePages),
        onStart: (total) => send({ type: 'start', seq, total }),
        onPage: (page) => send({ type: 'page', seq, page }),
      });
      send({ type: 'done', seq, result: read.ok ? { ok: true, value: { total: read.value.total } } : read });
    } else if (message.type === 'read-for-extract') {
      const read = await readForExtract(message.bytes, message.fileName, {
        ocr: (ocr ??= deps.createOcr()),
        signal: controller.signal,
        onPage: (page) => send({ type: 'progress', seq, n: page.n }),
      });
      send({ type: 'done', seq, result: { ok: true, value: read } });
    } else if (message.type === 'extract-read') {
      send({ type: 'done', seq, result: { ok: true, value: extractRead(message.read) } });
    } else {
      const analysis = await analysePages(deps, message.request);
      send({ type: 'done', seq, result: { ok: true, value: analysis } });
    }
  } catch (error) {
    // A bug in reading fails that document, not the thread.
    const code = isAbortError(error) ? 'DOCUMENT.CANCELLED' : 'INTERNAL';
    send({ type: 'done', seq, result: { ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } } });
  } finally {
    running.delete(seq);
  }
}

port.on('message', (message: ToReader) => void handle(message));
process.on('exit', () => void ocr?.close());
