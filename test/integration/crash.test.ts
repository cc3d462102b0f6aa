import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/backend/audit/audit-log';
import { readBlob } from '../../src/backend/store/blob-store';
import { listBlobHashes } from '../../src/backend/store/blobs-repo';
import { openWorkspace } from '../../src/backend/workspace';
import { tempDir } from './helpers/temp';

const CLI = join(process.cwd(), 'src/cli/quayside.mjs');
const LOOP = join(process.cwd(), 'test/integration/helpers/write-loop.ts');

/** Starts a process, waits `delayMs` after it says `ready` (or after start), then SIGKILLs it. */
function killLater(args: string[], delayMs: number, afterReady: boolean, env: NodeJS.ProcessEnv = {}): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const arm = () => setTimeout(() => child.kill('SIGKILL'), delayMs);
    if (afterReady) child.stdout.once('data', arm);
    else arm();
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

/** Everything a crash must not break: the file opens, SQLite is intact, the chain verifies, blobs match rows. */
function expectHealthy(dir: string): number {
  const ws = openWorkspace(dir);
  if (!ws.ok) throw new Error(`workspace does not open after a crash: ${ws.error.message}`);
  const { db, blobsDir } = ws.value;
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const chain = verifyAudit(db);
  expect(chain).toMatchObject({ intact: true });
  for (const sha of listBlobHashes(db)) expect(readBlob(blobsDir, sha).ok, `blob ${sha}`).toBe(true);
  expect(existsSync(join(blobsDir, 'tmp')) ? readdirSync(join(blobsDir, 'tmp')) : []).toEqual([]);
  ws.value.close();
  return chain.entries;
}

describe('SIGKILL in the middle of writes', () => {
  it('leaves a workspace that opens, passes integrity_check and verifies, kill after kill', async () => {
    const dir = join(tempDir(), 'ws');
    let entries = 0;
    let killed = 0;
    for (let round = 0; round < 12; round += 1) {
      const signal = await killLater(['--import', 'tsx', LOOP, dir], 20 + Math.floor(Math.random() * 300), true);
      if (signal === 'SIGKILL') killed += 1;
      const now = expectHealthy(dir);
      expect(now).toBeGreaterThanOrEqual(entries);
      entries = now;
    }
    expect(killed).toBe(12);
    // The loop really was writing when it died: many committed entries survived the kills.
    expect(entries).toBeGreaterThan(12);
  }, 120_000);

  it('survives the CLI being killed at random points of a multi-step command', async () => {
    const out = join(tempDir(), 'demo');
    for (let round = 0; round < 6; round += 1) {
      await killLater([CLI, 'demo', '--out', out], 300 + Math.floor(Math.random() * 900), false);
      const ws = join(out, 'workspace');
      if (existsSync(join(ws, 'quayside.db'))) expectHealthy(ws);
    }
  }, 120_000);
});
