// Background threads give way to the window (src/backend/thread-priority.ts): the check worker and
// the intake reader lower their own CPU priority on Linux, and only their own — the thread serving the
// window keeps its priority. Elsewhere the helper does nothing (it would lower the whole process).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { workerReader } from '../../src/backend/intake/worker-reader';
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
