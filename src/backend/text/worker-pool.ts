/**
 * A small pool of costly workers (OCR engines) with a FIFO queue. Workers are made on first need. A
 * worker whose task failed or was aborted is thrown away and replaced on the next task, because a
 * WebAssembly engine that failed half-way (or was stopped mid-page) cannot be trusted afterwards.
 */

export type WorkerPool<W> = {
  readonly size: number;
  /** Runs `task` on a free worker; rejects with an `AbortError` when `signal` fires first. */
  readonly run: <T>(task: (worker: W) => Promise<T>, signal?: AbortSignal) => Promise<T>;
  readonly close: () => Promise<void>;
};

type Slot<W> = { worker: Promise<W> | null; busy: boolean };

type Job<W> = {
  readonly task: (worker: W) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
};

/** The error a stopped task rejects with, named as the platform names it. */
export const abortError = (): Error => Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });

/** Whether an error means the work was stopped on purpose. */
export const isAbortError = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

/** Makes a pool of `size` workers built by `create` and ended by `destroy`. */
export function createWorkerPool<W>(size: number, create: () => Promise<W>, destroy: (worker: W) => Promise<void>): WorkerPool<W> {
  const slots: Slot<W>[] = Array.from({ length: Math.max(1, size) }, () => ({ worker: null, busy: false }));
  const queue: Job<W>[] = [];
  let closed = false;

  const discard = (slot: Slot<W>): void => {
    const worker = slot.worker;
    slot.worker = null;
    // A worker that never came up has nothing to end; ending one that did is best effort.
    worker?.then(destroy).catch(() => undefined);
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (slot.busy) continue;
      const job = queue.shift();
      if (!job) return;
      start(slot, job);
    }
  };

  const start = (slot: Slot<W>, job: Job<W>): void => {
    slot.busy = true;
    slot.worker ??= create();
    const worker = slot.worker;
    let settled = false;
    const finish = (failed: boolean): void => {
      settled = true;
      job.signal?.removeEventListener('abort', onAbort);
      if (failed) discard(slot);
      slot.busy = false;
      pump();
    };
    const onAbort = (): void => {
      if (settled) return;
      // Stop the engine mid-page rather than let it finish work nobody wants.
      finish(true);
      job.reject(abortError());
    };
    job.signal?.removeEventListener('abort', job.onAbort);
    job.signal?.addEventListener('abort', onAbort, { once: true });
    void worker
      .then((w) => job.task(w))
      .then(
        (value) => {
          if (settled) return;
          finish(false);
          job.resolve(value);
        },
        (error: unknown) => {
          if (settled) return;
          finish(true);
          job.reject(error);
        },
      );
  };

  const run = <T>(task: (worker: W) => Promise<T>, signal?: AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(new Error('The OCR engine is closed.'));
      if (signal?.aborted) return reject(abortError());
      const onAbort = (): void => {
        const i = queue.indexOf(job);
        if (i >= 0) {
          queue.splice(i, 1);
          reject(abortError());
        }
      };
      const job: Job<W> = { task, resolve: resolve as (value: unknown) => void, reject, signal, onAbort };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(job);
      pump();
    });

  const close = async (): Promise<void> => {
    closed = true;
    for (const job of queue.splice(0)) job.reject(new Error('The OCR engine was closed.'));
    await Promise.all(
      slots.map(async (slot) => {
        const worker = slot.worker;
        slot.worker = null;
        if (!worker) return;
        try {
          await destroy(await worker);
        } catch {
          // A worker that failed to start or already died has nothing left to end.
        }
      }),
    );
  };

  return { size: slots.length, run, close };
}
