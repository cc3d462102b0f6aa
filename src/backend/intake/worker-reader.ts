/**
 * Intake's reader in a worker thread, under budgets. The UI's thread (the Electron main process, the
 * test host, the CLI) only sends bytes and commits what comes back, so a document that takes minutes
 * or a gigabyte holds nothing else up. Each document has a wall-time budget per page and for the
 * whole document (reading and extraction) and the thread a heap limit; a document over its time is
 * failed with DOCUMENT.TOO_COMPLEX and the thread is ended and replaced. When the thread dies on its
 * own (out of memory, a native crash), the documents it was reading are read again, one at a time, so
 * the one that kills it a second time is known: it is failed (DOCUMENT.TOO_LARGE when memory ran out)
 * and the others go on.
 */
import { Worker } from 'node:worker_threads';
import type { PageText } from '../../shared/documents';
import type { ErrorCode } from '../../shared/errors';
import { err } from '../../shared/result';
import type { Result } from '../../shared/result';
import { workerScript } from '../worker-script';
import type { FromReader, ReaderSetup, ToReader } from './read-protocol';
import type { ExtractJson, ReadForExtract } from './extract-file';
import type { AnalyseRequest, Analysis, IntakeReader, ReadRequest } from './reader';

export type ReadBudgets = {
  /** The longest one page may take to read: text layer, or rendering and OCR. */
  readonly pageMs: number;
  /** The longest a whole document may take, reading and extraction together. */
  readonly documentMs: number;
  /** The worker thread's JavaScript heap (old generation), in MB. */
  readonly heapMb: number;
};

/**
 * A scanned page takes 1–5 s to OCR on a laptop; an invoice or B/L has a few pages, a batch scan some
 * dozens. A page over a minute, or a document over ten minutes, is a hostile or broken file. The
 * bundled reader starts in about 30 MB of heap; 512 MB holds the largest text layer the PDF budget
 * lets through (400,000 pieces of text) with room to spare, and keeps the process under 1 GB.
 */
export const DEFAULT_BUDGETS: ReadBudgets = { pageMs: 60_000, documentMs: 600_000, heapMb: 512 };

/** How a failure came from the reader being stopped, so the queue counts it against the document. */
export type StoppedReader = { readonly stoppedReader: 'timeout' | 'crash' };
export const stoppedReader = (details: unknown): StoppedReader['stoppedReader'] | null =>
  typeof details === 'object' && details !== null && 'stoppedReader' in details ? (details as StoppedReader).stoppedReader : null;

type Job = {
  readonly seq: number;
  readonly documentId: string;
  readonly message: Exclude<ToReader, { type: 'cancel' }>;
  readonly onStart?: (total: number) => void;
  readonly onPage?: (page: PageText) => void;
  readonly resolve: (result: Result<unknown>) => void;
  /** Pages delivered so far (a read sent again after a crash skips them). */
  readonly delivered: Set<number>;
  /** The page being read, for the message when it runs out of time. */
  nextPage: number;
  pageTimer: Budget | null;
  /** Whether it was running when the thread died: it then runs alone. */
  solo: boolean;
  crashes: number;
  sent: boolean;
  readonly unlisten: () => void;
};

type Generation = { readonly worker: Worker; readonly jobs: Set<Job>; ended: boolean };

export type WorkerReaderOptions = {
  readonly budgets?: Partial<ReadBudgets>;
  /** OCR engines in the thread; default one per core. */
  readonly ocrWorkers?: number;
};

export type WorkerReader = IntakeReader & {
  /**
   * `quayside extract`, under the same budgets, over two threads: one file read (pages and embedded
   * e-invoice, or its final results when nothing is left to extract)…
   */
  readonly readForExtract: (bytes: Uint8Array, fileName: string, signal?: AbortSignal) => Promise<Result<ReadForExtract | { readonly results: readonly ExtractJson[] }>>;
  /** …and its fields extracted, within what is left of the document's time (`budgetMs`). */
  readonly extractRead: (read: ReadForExtract, options?: { readonly signal?: AbortSignal; readonly budgetMs?: number }) => Promise<Result<readonly ExtractJson[]>>;
  /** The longest one document may take, reading and extraction together. */
  readonly documentMs: number;
};

export function workerReader(options: WorkerReaderOptions = {}): WorkerReader {
  const budgets: ReadBudgets = { ...DEFAULT_BUDGETS, ...options.budgets };
  const setup: ReaderSetup = options.ocrWorkers ? { ocrWorkers: options.ocrWorkers } : {};
  const waiting: Job[] = [];
  /** When each document's reading began: its budget covers reading and extraction. */
  const begun = new Map<string, { timer: Budget | null; jobs: number }>();
  let current: Generation | null = null;
  let seq = 0;
  let closed = false;

  const spawn = (): Generation => {
    const script = workerScript('read-worker', new URL(import.meta.url));
    const worker = new Worker(script.url, {
      workerData: setup,
      execArgv: script.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: budgets.heapMb },
    });
    const generation: Generation = { worker, jobs: new Set(), ended: false };
    worker.on('message', (message: FromReader) => receive(generation, message));
    worker.on('error', (error) => died(generation, error));
    worker.on('exit', (code) => died(generation, new Error(`the reader stopped (exit code ${code})`)));
    // An idle reader must not keep the CLI alive.
    worker.unref();
    return generation;
  };

  const generation = (): Generation => (current && !current.ended ? current : (current = spawn()));

  const finish = (job: Job, result: Result<unknown>): void => {
    job.pageTimer?.cancel();
    job.unlisten();
    current?.jobs.delete(job);
    const doc = begun.get(job.documentId);
    if (doc && --doc.jobs === 0 && (job.message.type !== 'read' || !result.ok)) {
      doc.timer?.cancel();
      begun.delete(job.documentId);
    }
    job.resolve(result);
    pump();
  };

  /** Sends waiting jobs the thread may take now: any number, unless one must run alone. */
  const pump = (): void => {
    if (closed) return;
    while (waiting.length > 0) {
      const next = waiting[0]!;
      const gen = generation();
      const busy = gen.jobs.size > 0;
      const aloneRunning = [...gen.jobs].some((j) => j.solo);
      if (busy && (next.solo || aloneRunning)) return;
      waiting.shift();
      gen.jobs.add(next);
      next.sent = true;
      armPage(next);
      if (gen.jobs.size === 1) gen.worker.ref();
      const message = next.message.type === 'read' ? { ...next.message, donePages: [...next.message.donePages, ...next.delivered] } : next.message;
      gen.worker.postMessage(message);
    }
  };

  const armPage = (job: Job): void => {
    job.pageTimer?.cancel();
    if (job.message.type === 'analyse' || job.message.type === 'extract-read') return;
    job.pageTimer = startBudget(budgets.pageMs, () => overBudget(job, `page ${job.nextPage} took longer than ${seconds(budgets.pageMs)} to read, the most one page may take`));
  };

  /** A job over its time: it fails, and the thread (with whatever else it was doing) is replaced. */
  const overBudget = (job: Job, what: string): void => {
    if (!current || !current.jobs.has(job)) return;
    const gen = current;
    recycle(gen, job);
    finish(job, err('DOCUMENT.TOO_COMPLEX', `Reading stopped: ${what}. The file may be built to stall readers, or be a very long scan; split it or get a simpler copy from the sender.`, {
      stoppedReader: 'timeout',
    } satisfies StoppedReader));
  };

  /** Ends a thread; the jobs it was running other than `except` go back to the front of the queue. */
  const recycle = (gen: Generation, except: Job | null): void => {
    gen.ended = true;
    void gen.worker.terminate();
    const others = [...gen.jobs].filter((j) => j !== except);
    gen.jobs.clear();
    if (except) gen.jobs.add(except);
    for (const job of others.reverse()) {
      job.pageTimer?.cancel();
      job.sent = false;
      waiting.unshift(job);
    }
    if (current === gen) current = null;
    setImmediate(pump);
  };

  const died = (gen: Generation, error: Error): void => {
    if (gen.ended) return;
    gen.ended = true;
    if (current === gen) current = null;
    const jobs = [...gen.jobs];
    gen.jobs.clear();
    const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    for (const job of jobs) {
      job.pageTimer?.cancel();
      job.crashes += 1;
      // Alone when it killed the thread, or the second time: it is the cause.
      if (job.crashes >= 2 || (jobs.length === 1 && job.solo)) {
        const code: ErrorCode = outOfMemory ? 'DOCUMENT.TOO_LARGE' : 'DOCUMENT.CORRUPT';
        const why = outOfMemory ? `reading it needs more than the ${budgets.heapMb} MB a document may use` : `reading it stopped the reader (${error.message})`;
        job.sent = false;
        finish(job, err(code, `Reading stopped: ${why}. Get a fresh or simpler copy from the sender, or split the file.`, { stoppedReader: 'crash' } satisfies StoppedReader));
      } else {
        job.solo = true;
        job.sent = false;
        waiting.unshift(job);
      }
    }
    setImmediate(pump);
  };

  const receive = (gen: Generation, message: FromReader): void => {
    const job = [...gen.jobs].find((j) => j.seq === message.seq);
    if (!job || gen.ended) return;
    switch (message.type) {
      case 'start': {
        job.onStart?.(message.total);
        // The first page this read will deliver: stored ones and other parts' are skipped.
        const skipped = job.message.type === 'read' ? new Set([...job.message.donePages, ...job.delivered]) : job.delivered;
        while (skipped.has(job.nextPage) && job.nextPage <= message.total) job.nextPage += 1;
        armPage(job);
        return;
      }
      case 'page':
        job.delivered.add(message.page.n);
        job.nextPage = message.page.n + 1;
        job.onPage?.(message.page);
        armPage(job);
        return;
      case 'progress':
        job.nextPage = message.n + 1;
        armPage(job);
        return;
      case 'done':
        gen.jobs.delete(job);
        if (gen.jobs.size === 0) gen.worker.unref();
        finish(job, message.result);
        return;
    }
  };

  const submit = <T>(documentId: string, message: Job['message'], signal: AbortSignal, handlers: Pick<Job, 'onStart' | 'onPage'>, documentMs = budgets.documentMs): Promise<Result<T>> =>
    new Promise((resolve) => {
      if (closed) return resolve(err('DOCUMENT.CANCELLED', 'Reading was cancelled.'));
      const onAbort = (): void => {
        if (job.sent) current?.worker.postMessage({ type: 'cancel', seq: job.seq } satisfies ToReader);
        else {
          const i = waiting.indexOf(job);
          if (i >= 0) waiting.splice(i, 1);
          finish(job, err('DOCUMENT.CANCELLED', 'Reading was cancelled.'));
        }
      };
      const job: Job = {
        seq: message.seq,
        documentId,
        message,
        ...handlers,
        resolve: resolve as (result: Result<unknown>) => void,
        delivered: new Set(),
        nextPage: 1,
        pageTimer: null,
        solo: false,
        crashes: 0,
        sent: false,
        unlisten: () => signal.removeEventListener('abort', onAbort),
      };
      signal.addEventListener('abort', onAbort, { once: true });
      // The document's clock starts with its read and covers its extraction too.
      let doc = begun.get(documentId);
      if (doc && message.type !== 'analyse' && doc.jobs === 0) {
        doc.timer?.cancel();
        begun.delete(documentId);
        doc = undefined;
      }
      if (!doc) {
        doc = { timer: null, jobs: 0 };
        const entry = doc;
        entry.timer = startBudget(Math.max(0, documentMs), () => {
          if (begun.get(documentId) === entry) begun.delete(documentId);
          const running = current ? [...current.jobs].find((j) => j.documentId === documentId) : undefined;
          const queued = waiting.find((j) => j.documentId === documentId);
          const what = `the document took longer than ${seconds(budgets.documentMs)} to read, the most one document may take`;
          if (running) overBudget(running, what);
          else if (queued) {
            waiting.splice(waiting.indexOf(queued), 1);
            finish(queued, err('DOCUMENT.TOO_COMPLEX', `Reading stopped: ${what}.`, { stoppedReader: 'timeout' } satisfies StoppedReader));
          }
        });
        begun.set(documentId, entry);
      }
      doc.jobs += 1;
      if (signal.aborted) return onAbort();
      waiting.push(job);
      pump();
    });

  return {
    read: (request: ReadRequest) => {
      return submit<{ total: number }>(
        request.documentId,
        { type: 'read', seq: ++seq, bytes: request.bytes, mediaType: request.mediaType, donePages: [...request.donePages] },
        request.signal,
        { onStart: request.onStart, onPage: request.onPage },
      );
    },
    analyse: (request: AnalyseRequest) => {
      const { documentId, signal, ...rest } = request;
      return submit<Analysis>(documentId, { type: 'analyse', seq: ++seq, request: rest }, signal, {});
    },
    readForExtract: (bytes, fileName, signal = new AbortController().signal) => {
      const id = ++seq;
      return submit(`file:${id}`, { type: 'read-for-extract', seq: id, bytes, fileName }, signal, {});
    },
    extractRead: (read, options = {}) => {
      const id = ++seq;
      return submit(`extract:${id}`, { type: 'extract-read', seq: id, read }, options.signal ?? new AbortController().signal, {}, options.budgetMs ?? budgets.documentMs);
    },
    documentMs: budgets.documentMs,
    close: async () => {
      closed = true;
      for (const job of waiting.splice(0)) finish(job, err('DOCUMENT.CANCELLED', 'Reading was cancelled.'));
      for (const doc of begun.values()) doc.timer?.cancel();
      const gen = current;
      current = null;
      if (gen && !gen.ended) {
        gen.ended = true;
        for (const job of [...gen.jobs]) finish(job, err('DOCUMENT.CANCELLED', 'Reading was cancelled.'));
        await gen.worker.terminate();
      }
    },
  };
}

/** A running budget: `cancel` when the work ends in time. */
type Budget = { readonly cancel: () => void };

/** The process's CPU time so far, all its threads together, in ms. */
const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

/**
 * The reading thread steps back for the foreground (thread-priority.ts), so on a machine busy with
 * other work it may wait for a core for minutes: a plain invoice read then would run out of time.
 * A budget counts the time the reader could work: when it runs out, the work is over budget only if
 * the process had at least half a core meanwhile (a file built to stall a reader keeps one busy);
 * otherwise the budget runs on, up to STARVED_LIMIT times its length whatever happens.
 */
const STARVED_SHARE = 0.5;
const STARVED_LIMIT = 5;

export function startBudget(ms: number, expire: () => void, clock: { readonly now: () => number; readonly cpu: () => number } = { now: Date.now, cpu: cpuMs }): Budget {
  const wall = clock.now();
  const cpu = clock.cpu();
  let timer: NodeJS.Timeout | null = null;
  const arm = (after: number): void => {
    timer = setTimeout(check, after);
    timer.unref?.();
  };
  const check = (): void => {
    const elapsed = clock.now() - wall;
    const used = clock.cpu() - cpu;
    if (used >= elapsed * STARVED_SHARE || elapsed >= ms * STARVED_LIMIT) {
      timer = null;
      expire();
    } else arm(Math.max(1, Math.min(ms, ms * STARVED_LIMIT - elapsed)));
  };
  arm(ms);
  return {
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

const seconds = (ms: number): string => (ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`);
