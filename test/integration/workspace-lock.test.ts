import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fake } from '../unit/electron/fake-electron';
import { openWorkspaceInteractively } from '../../electron/main/workspace-switch';
import { startHost } from '../host/server';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { sweepTemp, tempName } from '../../src/backend/store/blob-store';
import { DB_FILE, initWorkspace, openWorkspace } from '../../src/backend/workspace';
import { LOCK_FILE, readWorkspaceLock } from '../../src/backend/workspace-lock';
import type { LockHolder } from '../../src/backend/workspace-lock';
import { tempDir } from './helpers/temp';

vi.mock('electron', async () => (await import('../unit/electron/fake-electron')).electronModule);

const CLI = join(process.cwd(), 'src/cli/quayside.mjs');
const HOLDER = join(process.cwd(), 'test/integration/helpers/workspace-holder.ts');
const PASS = { QUAYSIDE_PASSPHRASE: 'ana passphrase', QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' };

type Run = { code: number | null; out: string; err: string };

const quayside = (args: string[], env: NodeJS.ProcessEnv = {}): Run => {
  const run = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...PASS, ...env }, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
};

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the holder helper and resolves with its first line of output (and the process). */
async function helper(...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; first: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, ...args], { stdio: 'pipe' });
  children.push(child);
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`helper ${args.join(' ')} exited ${code}: ${child.stderr.read()?.toString() ?? ''}`)));
  });
  return { child, first };
}

const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** Ends a holder the normal way (stdin closes, it closes the workspace) and waits for it. */
async function release(child: ChildProcessWithoutNullStreams): Promise<void> {
  child.stdin.end();
  await exited(child);
}

/** A workspace with Ana (risk officer, who may add people), made by the CLI. */
function workspaceWithAna(): string {
  const ws = join(tempDir(), 'ws');
  expect(quayside(['workspace', 'init', ws]).code).toBe(0);
  expect(quayside(['-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'risk_officer']).code).toBe(0);
  return ws;
}

const auditCount = (ws: string, action?: string): number => {
  const db = new BetterSqlite3(join(ws, DB_FILE), { readonly: true });
  try {
    return (action ? db.prepare('SELECT count(*) FROM audit WHERE action = ?').pluck().get(action) : db.prepare('SELECT count(*) FROM audit').pluck().get()) as number;
  } finally {
    db.close();
  }
};

/** A pid that was a process a moment ago and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('one writer per workspace', () => {
  it('takes the lock on open (pid, host, time, app, command), shares it within the process, and releases it on close', () => {
    const dir = join(tempDir(), 'ws');
    const first = initWorkspace(dir, { owner: { app: 'Quayside CLI', command: 'workspace init' } });
    if (!first.ok) throw new Error(first.error.message);
    const holder = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), app: 'Quayside CLI', command: 'workspace init' });
    expect(Math.abs(Date.parse(holder.since) - Date.now())).toBeLessThan(60_000);
    expect(first.value).toMatchObject({ readOnly: false, lock: holder });

    // A second open in the same process (another window's backend, a worker) shares the lock.
    const second = openWorkspace(dir);
    expect(second.ok).toBe(true);
    first.value.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    if (second.ok) second.value.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("lets a worker thread of the holding process open the workspace (the lock is per process) without releasing the process's lock", async () => {
    const dir = join(tempDir(), 'ws');
    const held = initWorkspace(dir);
    if (!held.ok) throw new Error(held.error.message);
    const worker = new Worker(new URL('./helpers/workspace-lock-worker.ts', import.meta.url), { workerData: { dir }, execArgv: ['--import', 'tsx'] });
    const answer = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(answer).toEqual({ ok: true, lockPid: process.pid, pid: process.pid });
    expect(readWorkspaceLock(dir)).toEqual(held.value.lock);
    held.value.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('gives the lock back when the process exits without closing', async () => {
    const dir = workspaceWithAna();
    const { child, first } = await helper('hold-and-exit', dir);
    expect(JSON.parse(first)).toMatchObject({ ok: true, lock: { pid: child.pid } });
    expect(await exited(child)).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('refuses a second writer with WORKSPACE.IN_USE naming the holder; read-only commands work meanwhile', async () => {
    const dir = workspaceWithAna();
    const { child, first } = await helper('hold', dir);
    const lock = (JSON.parse(first) as { lock: LockHolder }).lock;
    expect(lock.pid).toBe(child.pid);
    const before = auditCount(dir);

    // A command that writes: exit 2, the holder named (who, pid, host, since) and what to do.
    const refused = quayside(['-w', dir, 'profile', 'create', '--name', 'Ben', '--role', 'analyst']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('error WORKSPACE.IN_USE');
    expect(refused.err).toContain(`the Quayside test holder (hold) of ${lock.user}, pid ${child.pid} on host ${hostname()}, since ${lock.since}`);
    expect(refused.err).toMatch(/Wait for it to finish or close it/);
    expect(refused.err).not.toMatch(/\n\s+at /); // no stack
    const json = quayside(['-w', dir, '--json', 'ingest', 'resources/samples/r01-invoice.pdf', '--as', 'Ana']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ error: { code: 'WORKSPACE.IN_USE', details: { holder: { pid: child.pid, host: hostname() }, state: 'alive' } } });

    // Commands that only read open read-only next to the writer, and say so on stderr.
    for (const args of [
      ['workspace', 'info'],
      ['audit', 'verify'],
      ['audit', 'list'],
      ['profile', 'list'],
      ['documents', 'list', '--as', 'Ana'],
      ['policy', 'show'],
    ]) {
      const run = quayside(['-w', dir, ...args]);
      expect(run, args.join(' ')).toMatchObject({ code: 0 });
      expect(run.err, args.join(' ')).toContain(`(read-only: the workspace is in use by the Quayside test holder (hold)`);
    }
    expect(quayside(['-w', dir, 'audit', 'verify']).out).toContain('Audit chain intact');
    expect(quayside(['-w', dir, 'profile', 'list']).out).toContain('Ana');
    // Reading wrote nothing: no sign-in entry, no lock taken, the holder's lock untouched.
    expect(auditCount(dir)).toBe(before);
    expect(readWorkspaceLock(dir)).toEqual(lock);

    // In-process: a writer is refused, a reader gets a read-only workspace whose writes are refused.
    const writer = openWorkspace(dir);
    expect(writer).toMatchObject({ ok: false, error: { code: 'WORKSPACE.IN_USE' } });
    const reader = openWorkspace(dir, { access: 'read' });
    if (!reader.ok) throw new Error(reader.error.message);
    expect(reader.value).toMatchObject({ readOnly: true, lock: null });
    const backend = createBackend(reader.value, 'cli', { startIntake: false });
    const api = inProcessClient(backend);
    const people = await api.profiles.list({});
    if (!people.ok) throw new Error(people.error.message);
    // Signing in checks the passphrase but records nothing (nothing can be written).
    expect(await api.session.signIn({ profileId: people.value[0]!.id, passphrase: 'ana passphrase' })).toMatchObject({ ok: true });
    expect(await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: 'ben passphrase' })).toMatchObject({ ok: false, error: { code: 'WORKSPACE.READ_ONLY' } });
    await backend.close();

    // The desktop app: opening it shows the holder and offers to try again.
    fake.reset();
    fake.messageBoxResponses.push(2); // Quit
    await expect(openWorkspaceInteractively({ dir, source: 'argument' })).resolves.toBeNull();
    expect(fake.messageBoxes[0]!.options).toMatchObject({ type: 'error', buttons: ['Try Again', 'Choose Another Folder…', 'Quit'] });
    expect(String(fake.messageBoxes[0]!.options.detail)).toContain(`in use by the Quayside test holder (hold) of ${lock.user}, pid ${child.pid}`);

    // A reader cannot upgrade an older schema; while the writer holds the workspace it says so.
    const raw = new BetterSqlite3(join(dir, DB_FILE));
    const version = raw.pragma('user_version', { simple: true }) as number;
    raw.pragma(`user_version = ${version - 1}`);
    const needsUpgrade = quayside(['-w', dir, 'audit', 'verify']);
    raw.pragma(`user_version = ${version}`);
    raw.close();
    expect(needsUpgrade.code).toBe(2);
    expect(needsUpgrade.err).toContain('error WORKSPACE.IN_USE');
    expect(needsUpgrade.err).toContain('needs an upgrade');

    // The test host (the UI over loopback) refuses to start on it, naming the holder.
    await expect(startHost({ workspaceDir: dir, rendererDir: tempDir() })).rejects.toThrow(
      `WORKSPACE.IN_USE: The workspace ${dir} is in use by the Quayside test holder (hold) of ${lock.user}, pid ${child.pid}`,
    );

    // Once the holder is done, the same command goes through, and the app's Try Again opens it.
    await release(child);
    expect(quayside(['-w', dir, 'profile', 'create', '--name', 'Ben', '--role', 'analyst', '--as', 'Ana'], { QUAYSIDE_PASSPHRASE: 'ben passphrase' }).code).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it('takes over a stale lock whose process is gone, and audits the takeover with the old holder', async () => {
    const dir = workspaceWithAna();
    const { child, first } = await helper('hold', dir);
    const old = (JSON.parse(first) as { lock: LockHolder }).lock;
    child.kill('SIGKILL');
    await exited(child);
    expect(readWorkspaceLock(dir)).toEqual(old); // a kill leaves the file behind

    const run = quayside(['-w', dir, 'profile', 'create', '--name', 'Ben', '--role', 'analyst', '--as', 'Ana'], { QUAYSIDE_PASSPHRASE: 'ben passphrase' });
    expect(run.code).toBe(0);
    const entries = JSON.parse(quayside(['-w', dir, '--json', 'audit', 'list', '--action', 'workspace.lock_taken_over']).out) as { rows: { actorName: string; details: unknown }[] };
    expect(entries.rows).toHaveLength(1);
    expect(entries.rows[0]!.details).toMatchObject({
      previous: { pid: old.pid, host: old.host, app: 'Quayside test holder', command: 'hold', since: old.since },
      by: { app: 'Quayside CLI', command: 'profile create', host: hostname() },
    });
    expect(quayside(['-w', dir, 'audit', 'verify']).code).toBe(0);
  }, 120_000);

  it('takes over a lock of another computer only with --break-lock', () => {
    const dir = workspaceWithAna();
    const foreign: LockHolder = { pid: 4242, host: 'dd-laptop-07', user: 'carl', app: 'Quayside app', command: 'window', since: '2026-03-01T09:00:00.000Z', token: 'f'.repeat(24) };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(foreign));
    const refused = quayside(['-w', dir, 'profile', 'create', '--name', 'Ben', '--role', 'analyst', '--as', 'Ana'], { QUAYSIDE_PASSPHRASE: 'ben passphrase' });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('in use by the Quayside app (window) of carl, pid 4242 on host dd-laptop-07, since 2026-03-01T09:00:00.000Z');
    expect(refused.err).toContain('--break-lock');
    expect(auditCount(dir, 'workspace.lock_taken_over')).toBe(0);

    const taken = quayside(['-w', dir, '--break-lock', 'profile', 'create', '--name', 'Ben', '--role', 'analyst', '--as', 'Ana'], { QUAYSIDE_PASSPHRASE: 'ben passphrase' });
    expect(taken.code).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const db = new BetterSqlite3(join(dir, DB_FILE), { readonly: true });
    const details = JSON.parse(db.prepare("SELECT details FROM audit WHERE action = 'workspace.lock_taken_over'").pluck().get() as string) as unknown;
    db.close();
    expect(details).toMatchObject({ previous: { pid: 4242, host: 'dd-laptop-07', user: 'carl' } });
  }, 120_000);

  it('lets exactly one of several processes take over the same stale lock', async () => {
    const dir = workspaceWithAna();
    const dead = deadPid();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: dead, host: hostname(), user: 'ana', app: 'Quayside CLI', command: 'ingest', since: new Date().toISOString(), token: 'a'.repeat(24) }),
    );
    const HOLD_MS = 3000;
    const takers = await Promise.all([0, 1, 2, 3].map(() => helper('take', dir, String(HOLD_MS))));
    const results = takers.map((t) => JSON.parse(t.first) as { ok: boolean; code?: string; lock?: LockHolder });
    await Promise.all(takers.map((t) => exited(t.child)));
    // The stale lock is taken over once; every other process is refused while a holder has it, or
    // (a slow starter) takes a free lock after the holder closed — never two holders at once.
    expect(auditCount(dir, 'workspace.lock_taken_over')).toBe(1);
    const holders = results.filter((r) => r.ok).map((r) => Date.parse(r.lock!.since)).sort((a, b) => a - b);
    expect(holders.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < holders.length; i += 1) expect(holders[i]! - holders[i - 1]!).toBeGreaterThanOrEqual(HOLD_MS);
    for (const refused of results.filter((r) => !r.ok)) expect(refused.code).toBe('WORKSPACE.IN_USE');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith(LOCK_FILE))).toEqual([]);
  }, 120_000);

  it('takes over a lock file left unreadable by a crash once it is old, not while it may be being written', () => {
    const dir = workspaceWithAna();
    writeFileSync(join(dir, LOCK_FILE), '');
    // The private file a killed process wrote its lock to before linking it in.
    const leftover = `${LOCK_FILE}.${deadPid()}.deadbeef.tmp`;
    writeFileSync(join(dir, leftover), '{}');
    expect(openWorkspace(dir)).toMatchObject({ ok: false, error: { code: 'WORKSPACE.IN_USE' } });
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(dir, LOCK_FILE), aMinuteAgo, aMinuteAgo);
    const opened = openWorkspace(dir);
    if (!opened.ok) throw new Error(opened.error.message);
    opened.value.close();
    expect(auditCount(dir, 'workspace.lock_taken_over')).toBe(1);
    expect(readdirSync(dir).filter((name) => name.startsWith(LOCK_FILE))).toEqual([]);
  }, 60_000);
});

describe('blobs/tmp sweep', () => {
  it("removes only this process's own leftovers and stale files, never another live process's write in progress", async () => {
    const dir = join(tempDir(), 'ws');
    const ws = initWorkspace(dir);
    if (!ws.ok) throw new Error(ws.error.message);
    ws.value.close();
    const tmp = join(dir, 'blobs', 'tmp');
    mkdirSync(tmp, { recursive: true });
    const { child, first } = await helper('idle');
    const livePid = Number(first);
    const sha = 'ab'.repeat(32);
    const live = tempName(sha, livePid);
    const gone = tempName(sha, deadPid());
    const mineNow = tempName(sha);
    const foreignFresh = `other-host~123~${'0'.repeat(16)}~${'1'.repeat(12)}.tmp`;
    const foreignOld = `other-host~124~${'0'.repeat(16)}~${'2'.repeat(12)}.tmp`;
    const unownedOld = 'half-written';
    for (const name of [live, gone, mineNow, foreignFresh, foreignOld, unownedOld]) writeFileSync(join(tmp, name), 'partial');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of [foreignOld, unownedOld]) utimesSync(join(tmp, name), twoHoursAgo, twoHoursAgo);

    const reopened = openWorkspace(dir);
    if (!reopened.ok) throw new Error(reopened.error.message);
    reopened.value.close();
    expect(readdirSync(tmp).sort()).toEqual([live, mineNow, foreignFresh].sort());

    // Once the writer's process is gone, its leftover goes too.
    await release(child);
    expect(sweepTemp(join(dir, 'blobs'))).toEqual([live]);
  }, 60_000);

  it('does not sweep at all when opened read-only', async () => {
    const dir = join(tempDir(), 'ws');
    const ws = initWorkspace(dir);
    if (!ws.ok) throw new Error(ws.error.message);
    ws.value.close();
    const tmp = join(dir, 'blobs', 'tmp');
    mkdirSync(tmp, { recursive: true });
    const gone = tempName('cd'.repeat(32), deadPid());
    writeFileSync(join(tmp, gone), 'partial');
    const reader = openWorkspace(dir, { access: 'read' });
    if (!reader.ok) throw new Error(reader.error.message);
    reader.value.close();
    expect(readdirSync(tmp)).toEqual([gone]);
  });
});

describe('SQLITE_BUSY', () => {
  it('becomes WORKSPACE.BUSY with exit 2, never a stack; reading goes on next to a plain write transaction', async () => {
    const dir = workspaceWithAna();
    const db = join(dir, DB_FILE);

    // A program outside Quayside (no lock file) holds a write transaction longer than the busy timeout.
    const plain = await helper('sqlite-write', db);
    expect(plain.first).toBe('ready');
    const verify = quayside(['-w', dir, 'audit', 'verify']);
    expect(verify).toMatchObject({ code: 0, out: expect.stringContaining('Audit chain intact') });
    const write = quayside(['-w', dir, 'profile', 'create', '--name', 'Ben', '--role', 'analyst', '--as', 'Ana'], { QUAYSIDE_PASSPHRASE: 'ben passphrase' });
    expect(write.code).toBe(2);
    expect(write.err).toContain('error WORKSPACE.BUSY: Another program holds a write on this workspace');
    expect(write.err).not.toMatch(/SqliteError|\n\s+at /);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false); // the refused writer gave its lock back
    await release(plain.child);

    // One holding the database exclusively blocks even readers: `audit verify` says BUSY (2), not "broken" (1).
    const exclusive = await helper('sqlite-write', db, 'exclusive');
    const blocked = quayside(['-w', dir, 'audit', 'verify']);
    expect(blocked.code).toBe(2);
    expect(blocked.err).toContain('error WORKSPACE.BUSY');
    expect(blocked.err).not.toMatch(/SqliteError|\n\s+at /);
    const blockedJson = quayside(['-w', dir, '--json', 'audit', 'verify']);
    expect(JSON.parse(blockedJson.out)).toMatchObject({ error: { code: 'WORKSPACE.BUSY' } });
    await release(exclusive.child);

    expect(quayside(['-w', dir, 'audit', 'verify']).code).toBe(0);
  }, 120_000);
});
