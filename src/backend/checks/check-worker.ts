/**
 * The check worker thread: its own connection to the workspace database and the engine state of the
 * cross-checks. The UI's thread sends it runs and re-checks (see check-engine.ts); a run reports its
 * progress and stops between steps when the shared cancel counter moves past the one it started under.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { RULES } from '../../core/checks/rules/index';
import { openDatabase } from '../db/database';
import { DB_FILE, randomIds } from '../workspace';
import { createCheckRunner } from './check-runner';
import type { Clock } from '../workspace';
import type { RecheckEnd } from './check-runner';
import { CANCEL, REPLY } from './check-protocol';
import type { FromWorker, SyncRecheck, SyncReply, ToWorker, WorkerSetup } from './check-protocol';
import { attachAuditSigner, lockActorKey, unlockActorKey } from '../audit/audit-key';
import { CHECKS_NICENESS, giveWayToForeground } from '../thread-priority';

/** Receivables a re-check may load the whole state for while the UI thread waits (tens of ms). */
const SMALL_ENOUGH_TO_WAIT = 1_000;

giveWayToForeground(CHECKS_NICENESS);
const setup = workerData as WorkerSetup;
const port = parentPort!;
const control = new Int32Array(setup.control);
const opened = openDatabase(join(setup.dir, DB_FILE));
if (!opened.ok) throw new Error(opened.error.message);
const db = opened.value;
// The runs this worker records are signed like the rest of the trail.
attachAuditSigner(db);
const runner = createCheckRunner({ ws: { db, dir: setup.dir, blobsDir: setup.blobsDir, ids: randomIds }, rules: RULES, pinnedAsOf: setup.pinnedAsOf });

/** A job happens at the instant the UI thread asked for it: its clock stands still. */
const at = (iso: string): Clock => () => new Date(iso);
const send = (message: FromWorker): void => port.postMessage(message);

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'run': {
      const { seq, signer } = message;
      // The person who started the run signs its entries, as on the UI's thread.
      if (signer) unlockActorKey(message.request.actor, signer.publicKey, signer.key);
      try {
        const end = runner.run(message.request, at(message.now), {
          progress: (label, done, total) => send({ type: 'progress', seq, label, done, total }),
          stop: () => Atomics.load(control, CANCEL) !== message.cancelMark,
        });
        send({ type: 'done', seq, end });
      } finally {
        if (signer) lockActorKey(message.request.actor);
      }
      return;
    }
    case 'recheck':
      send({ type: 'done', seq: message.seq, end: runner.recheck(message.ids, at(message.now)) });
      return;
    case 'load':
      runner.load(at(message.now), { stop: () => Atomics.load(control, CANCEL) !== message.cancelMark });
      send({ type: 'done', seq: message.seq, end: null });
      return;
    case 'stale':
      runner.markStale();
      return;
  }
}

/** Runs a job; a thrown error (a bug) fails that job, not the worker. */
function attempt(message: ToWorker): void {
  try {
    handle(message);
  } catch (error) {
    if (message.type === 'stale') throw error;
    send({ type: 'failed', seq: message.seq, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

port.on('message', attempt);

setup.syncPort.on('message', (asked: SyncRecheck) => {
  const clock = at(asked.now);
  let end: RecheckEnd | null = null;
  let failure: unknown = null;
  try {
    // Evaluating everything first would keep the UI thread waiting: answer at once and do it as a job.
    if (!(runner.recheckNeedsFull(clock) && runner.size() > SMALL_ENOUGH_TO_WAIT)) end = runner.recheck(asked.ids, clock);
  } catch (error) {
    failure = error;
  }
  const reply: SyncReply = { seq: asked.seq, end };
  setup.syncPort.postMessage(reply);
  Atomics.store(control, REPLY, 1);
  Atomics.notify(control, REPLY);
  if (failure !== null) send({ type: 'failed', seq: asked.seq, message: failure instanceof Error ? (failure.stack ?? failure.message) : String(failure) });
  else if (end === null) attempt({ type: 'recheck', seq: asked.seq, ids: asked.ids, now: asked.now });
});

send({ type: 'ready' });
