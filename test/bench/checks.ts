// Checks benchmark (`runChecksBench`, called from bench.ts): generated workspaces of 1k, 10k and 100k
// receivables (an invoice and a B/L each, every field with a page box). For each size a child
// process (so peak RSS is its own) builds the workspace, then times, the way the app runs them (the
// check worker thread behind a backend; the backend's own event loop is watched for stalls):
//   - a first-ever run: nothing cached yet (documents' facts are built and stored, every result written);
//   - one field corrected → incremental re-check, persisted (five of them; and the heap one allocates);
//   - checks.run again right after one correction (the worker's state is loaded);
//   - after reopening the workspace: a run at once (nothing changed: it stands on the stored results),
//     one once the background load is done, and one at once after a field was edited outside the app
//     (a quantity on a paired invoice, which linking does not weigh there; a total, which it never reads;
//     and a B/L number, which it reads on every document: linking around that document), and a
//     quantity edited outside the app with the run asked for 2 s after opening (since schema 22 each
//     stops the background load and re-evaluates only what the change log names and its groups, on
//     the stored results and group keys);
//   - the phases on their own, in-process: gathering from the facts cache, and the full evaluation.
// QUAYSIDE_BENCH_CHECKS=1000,10000 picks sizes; QUAYSIDE_BENCH_PROCESSES=5 repeats each size in five
// fresh processes and prints ranges and medians. Timings are printed, never asserted.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import type { Backend } from '../../src/backend/backend';
import type { Api } from '../../src/shared/api';
import { RULES } from '../../src/core/checks/rules';
import { createCheckState, evaluateAll } from '../../src/core/checks/engine';
import { sha256Hex } from '../../src/backend/crypto/hash';
import { buildContext, gatherFacts } from '../../src/backend/checks/gather';
import { listCounterparties } from '../../src/backend/counterparties/counterparties-repo';
import { currentPolicy } from '../../src/backend/policy/policy-service';
import { fingerprintKey, fingerprinter, foreignFingerprints } from '../../src/backend/checks/fingerprints';
import { initWorkspace, openWorkspace } from '../../src/backend/workspace';
import { generatePortfolio, writePortfolio } from './checks-data';

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const since = (start: number): number => performance.now() - start;
// Live heap after a full collection (the child runs with --expose-gc): what a structure retains.
const liveHeapMiB = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** One timed `checks.run`: end to end, its phases (from its progress events), and the backend's longest stall. */
type TimedRun = { ms: number; phases: Record<string, number>; stallMs: number; evaluated: number; written: number };

type ChildResult = {
  n: number;
  buildMs: number;
  firstEver: TimedRun;
  gatherMs: number;
  evaluateMs: number;
  evaluateAgainMs: number;
  snapshotMiB: number;
  evaluateMiB: number;
  evaluatePeakRssMiB: number;
  findings: number;
  runFindings: { fail: number; warn: number; info: number };
  editMs: number;
  editMedianMs: number;
  editMaxMs: number;
  editEvaluated: number;
  editHeapMiB: number;
  editStallMs: number;
  rerunAfterEdit: TimedRun;
  reopenedAtOnce: TimedRun;
  reopenedLoaded: TimedRun;
  reopenedChanged: TimedRun;
  reopenedChangedTotal: TimedRun;
  reopenedChangedBlNumber: TimedRun;
  reopenedChangedAfter: TimedRun;
  maxRssMiB: number;
};

/** Runs one child process for n receivables and returns what it measured. */
async function runChild(n: number): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--checks-child', String(n)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`the ${n}-receivable child run failed (exit ${code}): ${out}`);
  return JSON.parse(last) as ChildResult;
}

/** "min–max, median m" of some timings (ms). */
function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return `${fmt(sorted[0]!, 0)}–${fmt(sorted.at(-1)!, 0)} ms, median ${fmt(mid, 0)} ms`;
}

/**
 * Runs the checks benchmark and prints its rows. One timing of a 2-second evaluation on a shared
 * machine says little, so QUAYSIDE_BENCH_PROCESSES=5 repeats each size in that many fresh processes
 * and adds the range and median of the evaluations and of the first edit.
 */
export async function runChecksBench(row: (what: string, value: string) => void): Promise<void> {
  const sizes = (process.env.QUAYSIDE_BENCH_CHECKS ?? '1000,10000,100000').split(',').map(Number);
  const processes = Math.max(1, Math.floor(Number(process.env.QUAYSIDE_BENCH_PROCESSES ?? '1')) || 1);
  for (const n of sizes) {
    const runs: ChildResult[] = [];
    for (let i = 0; i < processes; i += 1) runs.push(await runChild(n));
    const r = runs[0]!;
    const label = `${fmt(r.n, 0)} receivables`;
    const phases = (t: TimedRun): string =>
      Object.entries(t.phases)
        .filter(([, ms]) => ms >= 1)
        .map(([phase, ms]) => `${phase.toLowerCase()} ${fmt(ms, 0)}`)
        .join(', ');
    const timed = (t: TimedRun): string => `${fmt(t.ms, 0)} ms (${phases(t)}; ${fmt(t.written, 0)} of ${fmt(t.evaluated, 0)} written); backend stalled ≤ ${fmt(t.stallMs, 0)} ms`;
    row(`${label}: checks.run, first ever (builds the facts cache, writes every result)`, timed(r.firstEver));
    row(`${label}: checks.run right after opening a workspace checked before`, timed(r.reopenedAtOnce));
    row(`${label}: checks.run after opening, once the background load is done`, timed(r.reopenedLoaded));
    row(`${label}: checks.run right after opening a workspace changed since its last run (a quantity edited outside the app, on an invoice that holds its B/L)`, timed(r.reopenedChanged));
    row(`${label}: the same after a total edited outside the app (a field linking never reads)`, timed(r.reopenedChangedTotal));
    row(`${label}: the same after a B/L number edited outside the app (linking around the changed document)`, timed(r.reopenedChangedBlNumber));
    row(`${label}: a quantity edited outside the app, the run asked for 2 s after opening (the background load under way)`, timed(r.reopenedChangedAfter));
    row(`${label}: checks.run again right after one correction`, timed(r.rerunAfterEdit));
    if (processes > 1) {
      row(`${label}: first run after opening, over ${processes} fresh processes`, spread(runs.map((x) => x.reopenedAtOnce.ms)));
      row(`${label}: first-ever run, over ${processes} fresh processes`, spread(runs.map((x) => x.firstEver.ms)));
    }
    row(`${label}: gather facts from SQLite (facts cache), in-process`, `${fmt(r.gatherMs)} ms`);
    row(`${label}: full evaluation, every rule (in-memory snapshot), first in a fresh process`, `${fmt(r.evaluateMs)} ms, ${fmt(r.findings, 0)} findings`);
    row(`${label}: full evaluation again (rules compiled)`, `${fmt(r.evaluateAgainMs)} ms`);
    if (processes > 1) {
      row(`${label}: full evaluation over ${processes} fresh processes, first run`, spread(runs.map((x) => x.evaluateMs)));
      row(`${label}: full evaluation over ${processes} fresh processes, run again`, spread(runs.map((x) => x.evaluateAgainMs)));
    }
    row(`${label}: memory of the evaluation (heap it keeps; RSS growth)`, `${fmt(r.evaluateMiB)} MiB; ${fmt(r.evaluatePeakRssMiB)} MiB`);
    row(`${label}: the facts snapshot itself (heap)`, `${fmt(r.snapshotMiB)} MiB`);
    row(`${label}: one field corrected → incremental re-check in the worker, persisted`, `${fmt(r.editMs)} ms (${r.editEvaluated} receivables re-evaluated)`);
    row(`${label}: five such corrections`, `median ${fmt(r.editMedianMs)} ms, slowest ${fmt(r.editMaxMs)} ms; backend stalled ≤ ${fmt(r.editStallMs, 0)} ms`);
    if (processes > 1) row(`${label}: first correction over ${processes} fresh processes`, spread(runs.map((x) => x.editMs)));
    row(`${label}: memory allocated by that re-check in the worker (heap growth before any GC)`, `${fmt(r.editHeapMiB)} MiB`);
    row(`${label}: peak RSS (whole process, incl. building the workspace)`, `${fmt(r.maxRssMiB)} MiB`);
  }
}

const PASSPHRASE = 'bench passphrase';

/** A backend over the workspace the way the app builds one: check jobs in the worker thread. */
async function openApp(dir: string): Promise<{ backend: Backend; api: Api }> {
  const opened = openWorkspace(dir);
  if (!opened.ok) throw new Error(opened.error.message);
  const backend = createBackend(opened.value, 'cli', { startIntake: false, checksWorker: true });
  const api = inProcessClient(backend);
  const me = opened.value.db.prepare('SELECT id FROM profiles LIMIT 1').pluck().get() as string;
  const signed = await api.session.signIn({ profileId: me, passphrase: PASSPHRASE });
  if (!signed.ok) throw new Error(signed.error.message);
  return { backend, api };
}

/** The longest the calling thread's event loop was held up while `work` ran (ms). */
async function stalls<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    return { value: await work(), stallMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

/** A field's extracted value changed by another program while the app is closed (no event, no audit). */
function editOutside(dir: string, documentId: string, field: string, value: number | string): void {
  const opened = openWorkspace(dir);
  if (!opened.ok) throw new Error(opened.error.message);
  opened.value.db.prepare("UPDATE document_fields SET extracted = json_set(extracted, '$.value', ?) WHERE document_id = ? AND name = ?").run(value, documentId, field);
  opened.value.close();
}

function readField(dir: string, documentId: string, field: string): string {
  const opened = openWorkspace(dir);
  if (!opened.ok) throw new Error(opened.error.message);
  const extracted = opened.value.db.prepare('SELECT extracted FROM document_fields WHERE document_id = ? AND name = ?').pluck().get(documentId, field) as string;
  opened.value.close();
  return extracted;
}

/** One `checks.run` through the API, with its phases timed from its progress events. */
async function timedRun(backend: Backend, api: Api, asOf?: string): Promise<TimedRun & { findings: { fail: number; warn: number; info: number } }> {
  const phases: Record<string, number> = {};
  let label: string | null = null;
  let since = performance.now();
  const off = api.on('jobs.progress', (p) => {
    if (p.label === label) return;
    const now = performance.now();
    if (label !== null) phases[label] = (phases[label] ?? 0) + now - since;
    label = p.label;
    since = now;
  });
  const written = new Set<string>();
  const heard = backend.onEvent((event, payload) => {
    if (event === 'receivables.changed') for (const id of (payload as { ids: readonly string[] }).ids) written.add(id);
  });
  // The bench's own garbage (the generated portfolio it wrote) is collected first, so a stall measured
  // below is the app's, not a major collection of what building the workspace left behind.
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const { value: run, stallMs } = await stalls(() => api.checks.run(asOf === undefined ? {} : { asOf }));
  const ms = performance.now() - start;
  off();
  heard();
  if (!run.ok) throw new Error(run.error.message);
  return { ms, phases, stallMs, evaluated: run.value.evaluated, written: written.size, findings: run.value.findings };
}

/** Child mode: build an n-receivable workspace, time the phases, print JSON. */
async function checksChild(n: number): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'quayside-checks-bench-'));
  const dir = path.join(root, 'ws');
  try {
    let start = performance.now();
    const created = initWorkspace(dir);
    if (!created.ok) throw new Error(created.error.message);
    const builder = createBackend(created.value, 'cli', { startIntake: false });
    const me = await inProcessClient(builder).profiles.create({ name: 'Bench Analyst', role: 'risk_officer', passphrase: PASSPHRASE });
    if (!me.ok) throw new Error(me.error.message);
    writePortfolio(created.value.db, generatePortfolio(n), me.value.id);
    await builder.close();
    const buildMs = since(start);
    process.stderr.write(`  … ${fmt(n, 0)} receivables written in ${fmt(buildMs / 1000)} s\n`);

    // The app's path: the check worker, first ever run, corrections, a run right after one.
    let app = await openApp(dir);
    const firstEver = await timedRun(app.backend, app.api, '2026-11-01');
    // One correction through the API, timed as a user meets it right after the run: the worker
    // re-checks it before the call returns.
    const target = Math.floor(n / 2);
    const db = app.backend.ws.db;
    const edits: number[] = [];
    const { stallMs: editStallMs } = await stalls(async () => {
      for (let i = 0; i < 5; i += 1) {
        start = performance.now();
        const corrected = await app.api.documents.correctField({ id: `doc_i${(target + i * 997) % n}`, field: 'quantity', value: 61 + i });
        edits.push(since(start));
        if (!corrected.ok) throw new Error(corrected.error.message);
      }
    });
    const editMs = edits[0]!;
    const editsSorted = [...edits].sort((a, b) => a - b);
    const firstEdit = db.prepare("SELECT evaluated FROM check_runs WHERE kind = 'incremental' ORDER BY started_at, rowid LIMIT 1").pluck().get() as number | undefined;
    const one = await app.api.documents.correctField({ id: `doc_i${(target + 5 * 997) % n}`, field: 'quantity', value: 66 });
    if (!one.ok) throw new Error(one.error.message);
    const rerunAfterEdit = await timedRun(app.backend, app.api);
    await app.backend.close();

    // Reopened: a run at once (the worker is still loading what the workspace holds), then a run
    // once that background load is done (given time to finish).
    app = await openApp(dir);
    const reopenedAtOnce = await timedRun(app.backend, app.api);
    await app.backend.close();
    app = await openApp(dir);
    await sleep(Math.max(2_000, reopenedAtOnce.ms * 1.5));
    const reopenedLoaded = await timedRun(app.backend, app.api);
    await app.backend.close();
    // Changed while the app was closed (another program edited one field): the run must evaluate.
    // First a quantity, which linking reads, then a total, which it does not.
    editOutside(dir, `doc_i${(target + 7 * 997) % n}`, 'quantity', 77);
    app = await openApp(dir);
    const reopenedChanged = await timedRun(app.backend, app.api);
    await app.backend.close();
    editOutside(dir, `doc_i${(target + 11 * 997) % n}`, 'total_amount', 123_456.78);
    app = await openApp(dir);
    const reopenedChangedTotal = await timedRun(app.backend, app.api);
    await app.backend.close();
    // The invoice's cited B/L number, rewritten as it was printed: a change linking must look at.
    const edited = `doc_i${(target + 13 * 997) % n}`;
    const { value: cited } = JSON.parse(readField(dir, edited, 'bl_number')) as { value: string };
    editOutside(dir, edited, 'bl_number', cited);
    app = await openApp(dir);
    const reopenedChangedBlNumber = await timedRun(app.backend, app.api);
    await app.backend.close();
    // As a person meets it: the workspace opens, and the run is asked for a moment later.
    editOutside(dir, `doc_i${(target + 17 * 997) % n}`, 'quantity', 78);
    app = await openApp(dir);
    await sleep(2_000);
    const reopenedChangedAfter = await timedRun(app.backend, app.api);
    await app.backend.close();

    // Phases on their own, in-process: what the engine costs apart from SQLite, and the heap.
    const opened = openWorkspace(dir);
    if (!opened.ok) throw new Error(opened.error.message);
    const ws = opened.value;
    const policy = currentPolicy(ws.db);
    const counterparties = listCounterparties(ws.db);
    const key = fingerprintKey(ws.db);
    const context = buildContext({
      policy: policy.policy,
      policyVersion: policy.version,
      asOf: '2026-11-01',
      counterparties,
      foreignFingerprints: foreignFingerprints(ws.db),
    });
    const deps = { counterparties, fingerprint: fingerprinter(key), now: '2026-11-01T00:00:00.000Z' };
    const heapEmpty = liveHeapMiB();
    start = performance.now();
    const gathered = gatherFacts(ws.db, deps);
    const gatherMs = since(start);
    const snapshotMiB = liveHeapMiB() - heapEmpty;
    const heapBefore = liveHeapMiB();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 5);
    start = performance.now();
    const state = createCheckState(RULES, context, sha256Hex);
    const outcomes = evaluateAll(state, gathered.facts, context);
    const evaluateMs = since(start);
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    clearInterval(sampler);
    const evaluateMiB = liveHeapMiB() - heapBefore;
    const findings = outcomes.reduce((sum, o) => sum + o.findings.length, 0);
    // The same full evaluation again in this process: what a re-run after a policy change costs once
    // the rules are compiled (the first run above includes the JIT's warm-up).
    start = performance.now();
    evaluateAll(createCheckState(RULES, context, sha256Hex), gathered.facts, context);
    const evaluateAgainMs = since(start);
    ws.close();

    // The heap one re-check allocates: measured in-process (the worker's heap is its own), on a
    // correction after a run and a collection.
    const local = openWorkspace(dir);
    if (!local.ok) throw new Error(local.error.message);
    const inProcess = createBackend(local.value, 'cli', { startIntake: false });
    const api = inProcessClient(inProcess);
    const signed = await api.session.signIn({ profileId: me.value.id, passphrase: PASSPHRASE });
    if (!signed.ok) throw new Error(signed.error.message);
    const warmed = await api.checks.run({});
    if (!warmed.ok) throw new Error(warmed.error.message);
    const heapBeforeEdit = liveHeapMiB();
    const sixth = await api.documents.correctField({ id: `doc_i${(target + 6 * 997) % n}`, field: 'quantity', value: 67 });
    const editHeapMiB = process.memoryUsage().heapUsed / 2 ** 20 - heapBeforeEdit;
    if (!sixth.ok) throw new Error(sixth.error.message);
    await inProcess.close();

    const strip = ({ findings: _findings, ...timed }: TimedRun & { findings: unknown }): TimedRun => timed;
    edits.sort((x, y) => x - y);
    const result: ChildResult = {
      n,
      buildMs,
      firstEver: strip(firstEver),
      gatherMs,
      evaluateMs,
      evaluateAgainMs,
      snapshotMiB,
      evaluateMiB,
      evaluatePeakRssMiB: (rssPeak - rssBefore) / 2 ** 20,
      findings,
      runFindings: firstEver.findings,
      editMs,
      editMedianMs: editsSorted[2]!,
      editMaxMs: editsSorted[4]!,
      editEvaluated: firstEdit ?? 0,
      editHeapMiB,
      editStallMs,
      rerunAfterEdit: strip(rerunAfterEdit),
      reopenedAtOnce: strip(reopenedAtOnce),
      reopenedLoaded: strip(reopenedLoaded),
      reopenedChanged: strip(reopenedChanged),
      reopenedChangedTotal: strip(reopenedChangedTotal),
      reopenedChangedBlNumber: strip(reopenedChangedBlNumber),
      reopenedChangedAfter: strip(reopenedChangedAfter),
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    };
    console.log(JSON.stringify(result));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--checks-child');
if (childAt >= 0) await checksChild(Number(process.argv[childAt + 1]));
