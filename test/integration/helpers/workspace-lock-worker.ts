// Opens a workspace from a worker thread (as the check worker or an intake worker might) and reports
// what it got; used by workspace-lock.test.ts to show the lock is per process, not per thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace } from '../../../src/backend/workspace';

const { dir } = workerData as { dir: string };
const opened = openWorkspace(dir, { owner: { app: 'Quayside test worker', command: 'thread' } });
if (opened.ok) {
  const lockPid = opened.value.lock?.pid;
  opened.value.close();
  parentPort?.postMessage({ ok: true, lockPid, pid: process.pid });
} else {
  parentPort?.postMessage({ ok: false, code: opened.error.code, message: opened.error.message });
}
