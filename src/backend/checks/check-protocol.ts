import type { KeyObject } from 'node:crypto';
/**
 * What the UI's thread and the check worker say to each other (check-engine.ts, check-worker.ts).
 * Runs and queued re-checks go over the worker's parent port; a re-check the UI thread waits for
 * goes over its own port, with the reply flagged in shared memory so the wait needs no event loop.
 */
import type { MessagePort } from 'node:worker_threads';
import type { RecheckEnd, RunEnd, RunRequest } from './check-runner';

/** What the worker is told when it starts. */
export type WorkerSetup = {
  readonly dir: string;
  readonly blobsDir: string;
  readonly pinnedAsOf: string | undefined;
  /** Int32 slots: CANCEL, REPLY. */
  readonly control: SharedArrayBuffer;
  readonly syncPort: MessagePort;
};

/** The cancel generation: a run stops once it moves past the value it was submitted under. */
export const CANCEL = 0;
/** Set to 1 when the worker has answered a synchronous re-check. */
export const REPLY = 1;

/** Messages to the worker (its parent port). */
export type ToWorker =
  | {
      readonly type: 'run';
      readonly seq: number;
      readonly request: RunRequest;
      readonly now: string;
      readonly cancelMark: number;
      /** The signed-in person's unlocked key, so the run's audit entries are signed as theirs (KeyObjects clone to a worker). */
      readonly signer: { readonly publicKey: string; readonly key: KeyObject } | null;
    }
  | { readonly type: 'recheck'; readonly seq: number; readonly ids: readonly string[]; readonly now: string }
  /** Load the engine state in the background (a workspace checked before was opened). */
  | { readonly type: 'load'; readonly seq: number; readonly now: string; readonly cancelMark: number }
  | { readonly type: 'stale' };

/** A re-check asked for on the synchronous port. */
export type SyncRecheck = { readonly seq: number; readonly ids: readonly string[]; readonly now: string };
/** Its answer; `end` null when the worker does it as a job instead (then 'done' or 'failed' follow). */
export type SyncReply = { readonly seq: number; readonly end: RecheckEnd | null };

/** Messages from the worker. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly seq: number; readonly label: string; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly seq: number; readonly end: RunEnd | RecheckEnd | null }
  | { readonly type: 'failed'; readonly seq: number; readonly message: string };
