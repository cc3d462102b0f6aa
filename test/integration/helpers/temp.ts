import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Clock, IdSource } from '../../../src/backend/workspace';

const made: string[] = [];

/** A fresh temp folder, removed after the test. */
export function tempDir(prefix = 'quayside-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A clock that moves one second per reading from a fixed instant. */
export function fakeClock(start = '2026-03-01T09:00:00.000Z'): Clock {
  let t = Date.parse(start);
  return () => {
    const now = new Date(t);
    t += 1000;
    return now;
  };
}

/** Predictable ids: prefix_1, prefix_2, … */
export function sequentialIds(): IdSource {
  let n = 0;
  return (prefix) => `${prefix}_${(n += 1)}`;
}
