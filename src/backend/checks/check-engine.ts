/**
 * Where the check runner lives, seen from the thread that serves the UI. The app (Electron and the
 * test host) runs it in a worker thread with its own SQLite connection, so a run of 100k receivables
 * never blocks the backend's event loop; the CLI and tests may run it in-process. Either way a full
 * run is a job that reports progress and can be cancelled, and a re-check after an edit is answered
 * before the edit's API call returns whenever the engine state is loaded and idle.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Rule } from '../../core/checks/types';
import type { Clock, Workspace } from '../workspace';
import { heldActorKey } from '../audit/audit-key';
import { workerScript } from '../worker-script';
import { createCheckRunner, mayBeCurrent, mayScope } from './check-runner';
import type { IncrementalResult, Progress, RecheckEnd, RunEnd, RunRequest } from './check-runner';
import { CANCEL, REPLY } from './check-protocol';
import type { FromWorker, SyncRecheck, SyncReply, ToWorker, WorkerSetup } from './check-protocol';

export type CheckEngine = {
  /** A full run; resolves when it ends (or is cancelled). Runs queue behind each other. */
  readonly run: (request: RunRequest, progress?: Progress) => Promise<RunEnd>;
  /** Cancels the running run and any queued before this call; true when there was one. */
  readonly cancel: () => boolean;
  /**
   * Re-checks receivables after an edit: answered at once when the engine can (in-process, or an
   * idle worker whose state is loaded), else queued and `onChanged` hears the result later.
   */
  readonly recheck: (ids: readonly string[]) => IncrementalResult | null;
  readonly markStale: () => void;
  readonly close: () => Promise<void>;
};

export type EngineOptions = {
  readonly ws: Workspace;
  readonly pinnedAsOf?: string | undefined;
  /** Receivables whose stored results changed outside a call's own reply (queued re-checks). */
  readonly onChanged: (ids: readonly string[]) => void;
};

/** The runner on the calling thread (CLI, tests): every call is synchronous underneath. */
export function inProcessEngine(options: EngineOptions & { readonly rules: readonly Rule[] }): CheckEngine {
  const { ws } = options;
  const runner = createCheckRunner({ ws, rules: options.rules, pinnedAsOf: options.pinnedAsOf });
  return {
    run: (request, progress) => Promise.resolve(runner.run(request, ws.clock, { progress })),
    // A run here holds the thread until it ends, so nothing can arrive to cancel it.
    cancel: () => false,
    recheck: (ids) => {
      const end = runner.recheck(ids, ws.clock);
      if (end.changed.length > 0) options.onChanged(end.changed);
      return end.result;
    },
    markStale: runner.markStale,
    close: () => Promise.resolve(),
  };
}

// ---------------------------------------------------------------------------------------------
// The worker thread

/** How long the UI thread waits for a synchronous re-check before treating it as queued. */
const SYNC_WAIT_MS = 2_000;

type Job = {
  readonly run: boolean;
  readonly resolve: (end: RunEnd | RecheckEnd | null) => void;
  readonly reject: (error: Error) => void;
  readonly progress?: Progress | undefined;
};

/**
 * The runner in a worker thread (with the shipped rules). The worker owns the engine state for as
 * long as the backend lives; this side keeps what it has asked and not yet heard back, so it knows
 * when the worker is idle.
 */
export function workerEngine(options: EngineOptions): CheckEngine {
  const { ws } = options;
  const control = new Int32Array(new SharedArrayBuffer(8));
  let worker: Worker | null = null;
  let syncPort: MessagePort | null = null;
  let ready = false;
  let seq = 0;
  const jobs = new Map<number, Job>();
  const now = (): string => ws.clock().toISOString();

  const failAll = (error: Error, runsOnly = false): void => {
    for (const job of jobs.values()) if (job.run || !runsOnly) job.reject(error);
    jobs.clear();
  };

  const start = (): { worker: Worker; port: MessagePort } => {
    if (worker && syncPort) return { worker, port: syncPort };
    const channel = new MessageChannel();
    const script = workerScript('check-worker', new URL(import.meta.url));
    const setup: WorkerSetup = { dir: ws.dir, blobsDir: ws.blobsDir, pinnedAsOf: options.pinnedAsOf, control: control.buffer as SharedArrayBuffer, syncPort: channel.port2 };
    const started = new Worker(script.url, { workerData: setup, transferList: [channel.port2], execArgv: script.execArgv, name: 'quayside-checks' });
    ready = false;
    started.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        ready = true;
        return;
      }
      const job = jobs.get(message.seq);
      if (!job) return;
      if (message.type === 'progress') {
        job.progress?.(message.label, message.done, message.total);
        return;
      }
      forget(message.seq);
      if (message.type === 'failed') job.reject(new Error(message.message));
      else job.resolve(message.end);
    });
    started.on('error', (error) => {
      console.error('[quayside] the check worker failed:', error);
    });
    started.on('exit', () => {
      if (worker !== started) return;
      worker = null;
      syncPort = null;
      ready = false;
      failAll(new Error('The check worker stopped.'));
    });
    // A synchronous re-check answered after its wait timed out arrives here.
    channel.port1.on('message', (reply: SyncReply) => settleLate(reply));
    started.unref();
    channel.port1.unref();
    worker = started;
    syncPort = channel.port1;
    return { worker: started, port: channel.port1 };
  };

  // The worker keeps the process alive only while it owes an answer (a CLI exits when done).
  const expect = (id: number, job: Job): void => {
    jobs.set(id, job);
    if (jobs.size === 1) worker?.ref();
  };
  const forget = (id: number): void => {
    jobs.delete(id);
    if (jobs.size === 0) worker?.unref();
  };

  const submit = (message: ToWorker & { seq: number }, progress?: Progress): Promise<RunEnd | RecheckEnd | null> =>
    new Promise((resolve, reject) => {
      start().worker.postMessage(message);
      expect(message.seq, { run: message.type === 'run', resolve, reject, progress });
    });

  /** A re-check the worker answers later (queued, or deferred by it): its result reaches the UI through `onChanged`. */
  const hearLater = (id: number): void => {
    start();
    expect(id, {
      run: false,
      resolve: (end) => {
        const changed = (end as RecheckEnd | null)?.changed ?? [];
        if (changed.length > 0) options.onChanged(changed);
      },
      reject: (error) => console.error('[quayside] a queued re-check failed:', error),
    });
  };

  // A synchronous re-check answered after its wait timed out arrives on the port's listener.
  const settleLate = (reply: SyncReply): void => {
    const job = jobs.get(reply.seq);
    // Deferred: the worker goes on with it as a job, and its 'done' settles it.
    if (!job || reply.end === null) return;
    forget(reply.seq);
    job.resolve(reply.end);
  };

  const queued = (ids: readonly string[]): null => {
    seq += 1;
    hearLater(seq);
    start().worker.postMessage({ type: 'recheck', seq, ids, now: now() } satisfies ToWorker);
    return null;
  };

  // A workspace checked before: load the engine state in the background, so that edits re-check at
  // once and the first run re-reads only what changed.
  let loading: number | null = null;
  const loadInBackground = (): void => {
    seq += 1;
    const id = seq;
    loading = id;
    void submit({ type: 'load', seq: id, now: now(), cancelMark: Atomics.load(control, CANCEL) })
      .catch((error: unknown) => console.error('[quayside] loading the check engine failed:', error))
      .finally(() => {
        if (loading === id) loading = null;
      });
  };
  if (ws.db.prepare('SELECT 1 FROM receivables WHERE checked_at IS NOT NULL LIMIT 1').get()) loadInBackground();

  return {
    run: async (request, progress) => {
      // A run asked for while the background load is the only job: when its results may be current
      // (nothing changed since the last run: no state needed) it stops the load, which starts again
      // after a run that did not need it; when something changed it waits for the load, which is
      // the evaluation it needs, already under way (the run then gathers nothing again).
      const alone = loading !== null && jobs.size === 1;
      // A run that can stand on the stored results and re-evaluate only what changed stops it too.
      const preempt = alone && (mayBeCurrent(ws.db) || mayScope(ws.db));
      if (preempt) Atomics.add(control, CANCEL, 1);
      else if (alone) progress?.('Loading the check engine', 0, 0);
      seq += 1;
      const end = (await submit({ type: 'run', seq, request, now: now(), cancelMark: Atomics.load(control, CANCEL), signer: heldActorKey(request.actor) }, progress)) as RunEnd;
      if (preempt && end.ok && end.unloaded && loading === null) loadInBackground();
      return end;
    },
    cancel: () => {
      Atomics.add(control, CANCEL, 1);
      return [...jobs.values()].some((job) => job.run);
    },
    recheck: (ids) => {
      if (ids.length === 0) return { runId: null, evaluated: 0, persisted: 0, millis: 0 };
      const { port } = start();
      // Busy (a run, a queued re-check) or still starting: the edit waits its turn.
      if (!ready || jobs.size > 0) return queued(ids);
      seq += 1;
      const asked: SyncRecheck = { seq, ids, now: now() };
      Atomics.store(control, REPLY, 0);
      port.postMessage(asked);
      Atomics.wait(control, REPLY, 0, SYNC_WAIT_MS);
      const reply = receiveMessageOnPort(port)?.message as SyncReply | undefined;
      // Not answered in time (the listener hears it later), or deferred: the worker must evaluate
      // everything first (no state yet, or the context moved) and does that as a job.
      if (!reply || reply.end === null) {
        hearLater(asked.seq);
        return null;
      }
      if (reply.end.changed.length > 0) options.onChanged(reply.end.changed);
      return reply.end.result;
    },
    markStale: () => {
      if (worker) worker.postMessage({ type: 'stale' } satisfies ToWorker);
    },
    close: async () => {
      const stopping = worker;
      worker = null;
      syncPort = null;
      // Re-checks still owed are moot once the workspace closes; a run's caller hears about it.
      failAll(new Error('The workspace was closed.'), true);
      if (stopping) await stopping.terminate();
    },
  };
}

export type { Clock };
