import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/backend/workspace-lock';
import { tempDir } from './helpers/temp';

// Issue 23's target: three `quayside ingest` processes started at once on one workspace. Each
// document is read once and audited once; the processes that find the workspace taken are refused
// with WORKSPACE.IN_USE (exit 2) naming the one that reads.

const CLI = join(process.cwd(), 'src/cli/quayside.mjs');
const SAMPLES = join(process.cwd(), 'resources/samples');
// Four born-digital documents and a scan (OCR keeps the winning process busy for a few seconds).
const FILES = ['r01-invoice.pdf', 'r02-bl.pdf', 'r03-invoice.pdf', 'r04-packing-list.pdf', 'r01-bl-scan.pdf'];
const ENV = { ...process.env, QUAYSIDE_PASSPHRASE: 'ana passphrase', QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' };

type Run = { pid: number; code: number | null; out: string; err: string };

function ingest(ws: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '-w', ws, 'ingest', ...FILES.map((f) => join(SAMPLES, f)), '--as', 'Ana'], { env: ENV });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => resolve({ pid: child.pid!, code, out, err }));
  });
}

describe('three concurrent quayside ingest processes on one workspace', () => {
  it('read and audit each document once; the later processes are refused with WORKSPACE.IN_USE (exit 2)', async () => {
    const ws = join(tempDir(), 'ws');
    expect(spawnSync(process.execPath, [CLI, 'workspace', 'init', ws], { env: ENV }).status).toBe(0);
    expect(spawnSync(process.execPath, [CLI, '-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'analyst'], { env: ENV }).status).toBe(0);

    const runs = await Promise.all([ingest(ws), ingest(ws), ingest(ws)]);
    const readers = runs.filter((r) => r.code !== 2);
    const refused = runs.filter((r) => r.code === 2);
    console.info(`concurrent ingest: exit codes ${runs.map((r) => r.code).join(', ')}`);

    // Every process either read (exit 0: all documents extracted) or was refused naming a reader.
    expect(readers.length).toBeGreaterThanOrEqual(1);
    for (const r of readers) expect(r.code, r.err).toBe(0);
    for (const r of refused) {
      expect(r.err).toContain('error WORKSPACE.IN_USE: The workspace');
      expect(r.err).toContain('in use by the Quayside CLI (ingest)');
      const holder = /pid (\d+) on host/.exec(r.err);
      expect(readers.map((reader) => reader.pid)).toContain(Number(holder?.[1]));
      // Refused before reading anything: no progress lines.
      expect(r.err).not.toMatch(/: (reading|ocr|extracting|done)/);
    }

    // Read once: across all three processes, one "done" progress line per file.
    const stderr = runs.map((r) => r.err).join('\n');
    for (const file of FILES) expect(stderr.split('\n').filter((line) => line.trim().startsWith(`${file}: done`)), file).toHaveLength(1);

    const db = new BetterSqlite3(join(ws, 'quayside.db'), { readonly: true });
    try {
      const docs = db.prepare('SELECT id, file_name, status, attempts FROM documents ORDER BY file_name').all() as { id: string; file_name: string; status: string; attempts: number }[];
      expect(docs.map((d) => d.file_name).sort()).toEqual([...FILES].sort());
      for (const doc of docs) {
        expect(doc, doc.file_name).toMatchObject({ status: 'extracted', attempts: 1 });
        // Audited once: one entry adding it, one recording its extraction, nothing else.
        const actions = db.prepare("SELECT action FROM audit WHERE entity = 'document' AND entity_id = ? ORDER BY seq").pluck().all(doc.id);
        expect(actions, doc.file_name).toEqual(['document.added', 'document.extracted']);
      }
      expect(db.prepare("SELECT count(*) FROM audit WHERE action = 'workspace.lock_taken_over'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    expect(existsSync(join(ws, LOCK_FILE))).toBe(false);
    expect(spawnSync(process.execPath, [CLI, '-w', ws, 'audit', 'verify'], { env: ENV }).status).toBe(0);
  }, 240_000);
});
