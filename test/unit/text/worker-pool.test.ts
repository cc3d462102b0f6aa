import { describe, expect, it } from 'vitest';
import { createWorkerPool, isAbortError } from '../../../src/backend/text/worker-pool';

// Workers here are plain records, so the pool's queueing, recycling and aborts are tested on their own.
type FakeWorker = { readonly id: number; ended: boolean };

const makePool = (size: number) => {
  let made = 0;
  const all: FakeWorker[] = [];
  const pool = createWorkerPool<FakeWorker>(
    size,
    async () => {
      const w = { id: (made += 1), ended: false };
      all.push(w);
      return w;
    },
    async (w) => {
      w.ended = true;
    },
  );
  return { pool, all, made: () => made };
};

const later = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('createWorkerPool', () => {
  it('runs at most `size` tasks at once, making workers lazily and reusing them', async () => {
    const { pool, made } = makePool(2);
    expect(made()).toBe(0);
    let running = 0;
    let peak = 0;
    const task = async (w: FakeWorker): Promise<number> => {
      running += 1;
      peak = Math.max(peak, running);
      await later(5, null);
      running -= 1;
      return w.id;
    };
    const ids = await Promise.all(Array.from({ length: 6 }, () => pool.run(task)));
    expect(peak).toBe(2);
    expect(new Set(ids)).toEqual(new Set([1, 2]));
    expect(made()).toBe(2);
    await pool.close();
  });

  it('replaces a worker whose task failed', async () => {
    const { pool, all } = makePool(1);
    await expect(pool.run(async () => Promise.reject(new Error('wasm abort')))).rejects.toThrow('wasm abort');
    expect(await pool.run(async (w) => w.id)).toBe(2);
    await later(0, null);
    expect(all[0]!.ended).toBe(true);
    await pool.close();
  });

  it('aborts a running task at once and ends its worker; aborts a queued task before it starts', async () => {
    const { pool, all } = makePool(1);
    const running = new AbortController();
    const queued = new AbortController();
    let queuedStarted = false;
    const first = pool.run(() => later(10_000, 'never'), running.signal);
    const second = pool.run(async () => {
      queuedStarted = true;
      return 'no';
    }, queued.signal);
    queued.abort();
    await expect(second).rejects.toSatisfy(isAbortError);
    running.abort();
    await expect(first).rejects.toSatisfy(isAbortError);
    expect(queuedStarted).toBe(false);
    await later(0, null);
    expect(all[0]!.ended).toBe(true);
    // The pool goes on with a fresh worker.
    expect(await pool.run(async (w) => w.id)).toBe(2);
    await pool.close();
  });

  it('rejects work given with an already-aborted signal, and all work after close', async () => {
    const { pool, made } = makePool(1);
    const ac = new AbortController();
    ac.abort();
    await expect(pool.run(async () => 1, ac.signal)).rejects.toSatisfy(isAbortError);
    await pool.close();
    await expect(pool.run(async () => 1)).rejects.toThrow(/closed/);
    expect(made()).toBe(0);
  });

  it('fails the task when a worker cannot be made, and tries again next time', async () => {
    let attempts = 0;
    const pool = createWorkerPool(
      1,
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('no language data');
        return { id: attempts };
      },
      async () => undefined,
    );
    await expect(pool.run(async (w) => w.id)).rejects.toThrow('no language data');
    expect(await pool.run(async (w) => w.id)).toBe(2);
    await pool.close();
  });
});
