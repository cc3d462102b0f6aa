// Background threads give way to the window (src/backend/thread-priority.ts): the check worker and
// the intake reader lower their own CPU priority on Linux, and only their own — the thread serving the
// window keeps its priority. Elsewhere the helper does nothing (it would lower the whole process).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { startBudget, workerReader } from '../../src/backend/intake/worker-reader';
import { CHECKS_NICENESS, READER_NICENESS, giveWayToForeground } from '../../src/backend/thread-priority';
import { initWorkspace } from '../../src/backend/workspace';
import { PASS, value } from './helpers/checks-fixtures';
import { tempDir } from './helpers/temp';

/** The nice value of a thread from its /proc stat line (field 19; the name in parentheses may hold spaces). */
const niceOf = (stat: string): number => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
/** The nice value of every thread of this process. */
const threadNices = (): number[] =>
  readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [niceOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'))];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
const own = (): number => niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));

describe.skipIf(process.platform !== 'linux')('background threads give way to the window (Linux: priority per thread)', () => {
  it('the check worker runs at a lower priority than the thread that serves the window', async () => {
    const created = initWorkspace(join(tempDir(), 'ws'));
    if (!created.ok) throw new Error(created.error.message);
    const before = threadNices().filter((n) => n === CHECKS_NICENESS).length;
    const backend = createBackend(created.value, 'cli', { startIntake: false, checksWorker: true });
    const api = inProcessClient(backend);
    value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: PASS }));
    value(await api.checks.run({ asOf: '2026-03-31' }));
    expect(threadNices().filter((n) => n === CHECKS_NICENESS).length).toBeGreaterThan(before);
    expect(own()).toBe(0);
    await backend.close();
  });

  it('the intake reader does too', async () => {
    const before = threadNices().filter((n) => n === READER_NICENESS).length;
    const reader = workerReader({ ocrWorkers: 1 });
    try {
      // Bytes that are no document still start the thread and get their answer from it.
      const read = await reader.readForExtract(new TextEncoder().encode('not a document'), 'note.pdf');
      expect(read).toBeDefined();
      expect(threadNices().filter((n) => n === READER_NICENESS).length).toBeGreaterThan(before);
      expect(own()).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('is left alone where priority is per process', () => {
    expect(giveWayToForeground(10, 'darwin')).toBe(false);
    expect(giveWayToForeground(10, 'win32')).toBe(false);
    expect(own()).toBe(0);
  });
});

// A reader that steps back waits for a core while other programs run: its budgets count the time it
// could work, so a plain invoice read on a busy machine is not failed as a file built to stall readers.
describe('reading budgets on a busy machine', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A budget of 60 s on a fake clock; `share` is the part of a core the process gets. */
  const run = (share: number, seconds: number): { expired: number | null } => {
    vi.useFakeTimers();
    let now = 0;
    let cpu = 0;
    const out: { expired: number | null } = { expired: null };
    startBudget(60_000, () => (out.expired = now), { now: () => now, cpu: () => cpu });
    for (let t = 0; t < seconds; t += 1) {
      now += 1000;
      cpu += 1000 * share;
      vi.advanceTimersByTime(1000);
    }
    return out;
  };

  it('ends at its time when the reader had a core (a file that stalls the reader keeps one busy)', () => {
    expect(run(1, 400).expired).toBe(60_000);
    expect(run(0.6, 400).expired).toBe(60_000);
  });

  it('runs on while the process is starved, up to five times its length', () => {
    // A tenth of a core: the page would have taken 10 s of work, it is not over budget at 60 s.
    expect(run(0.1, 200).expired).toBeNull();
    expect(run(0.1, 400).expired).toBe(300_000);
  });

  it('is not called once cancelled', () => {
    vi.useFakeTimers();
    let called = false;
    const budget = startBudget(1000, () => (called = true), { now: () => 0, cpu: () => 0 });
    budget.cancel();
    vi.advanceTimersByTime(10_000);
    expect(called).toBe(false);
  });
});
