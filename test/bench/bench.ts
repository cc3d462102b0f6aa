// `npm run bench`: prints the numbers the README's benchmark table quotes. Sections grow with each
// capability (intake, checks). Timings are printed, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { appendAudit, verifyAudit } from '../../src/backend/audit/audit-log';
import { createSigningKey, unsealSigningKey } from '../../src/backend/crypto/keys';
import { storeBlob } from '../../src/backend/store/blobs-repo';
import { initWorkspace, openWorkspace } from '../../src/backend/workspace';
import { runChecksBench } from './checks';
import { runIntakeBench } from './intake';

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const rows: [string, string][] = [];
const row = (what: string, value: string): void => {
  rows.push([what, value]);
  console.log(`  ${what.padEnd(58)} ${value}`);
};

const dir = mkdtempSync(join(tmpdir(), 'quayside-bench-'));
try {
  console.log(`Quayside bench — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
  console.log('Foundation');
  const ws = initWorkspace(join(dir, 'ws'));
  if (!ws.ok) throw new Error(ws.error.message);
  const { db, blobsDir } = ws.value;

  const N = 20_000;
  let t = process.hrtime.bigint();
  for (let i = 0; i < 2000; i += 1) {
    db.transaction(() => appendAudit(db, { at: new Date().toISOString(), actor: 'system', action: 'bench.one', entity: 'bench', entityId: String(i), details: { i } })).immediate();
  }
  row('audit append, one transaction each (fsync per commit)', `${fmt(2000 / (ms(t) / 1000))} entries/s`);
  t = process.hrtime.bigint();
  db.transaction(() => {
    for (let i = 0; i < N; i += 1) appendAudit(db, { at: new Date().toISOString(), actor: 'system', action: 'bench.batch', entity: 'bench', entityId: String(i), details: { i, note: 'batched' } });
  }).immediate();
  row(`audit append, ${fmt(N)} in one transaction`, `${fmt(N / (ms(t) / 1000))} entries/s`);
  t = process.hrtime.bigint();
  const verified = verifyAudit(db);
  const verifyMs = ms(t);
  row(`audit verify, ${fmt(verified.entries)} entries`, `${fmt(verifyMs)} ms (${fmt(verified.entries / (verifyMs / 1000))} entries/s)`);

  const blob = Buffer.alloc(1024 * 1024, 7);
  t = process.hrtime.bigint();
  for (let i = 0; i < 50; i += 1) {
    blob.writeUInt32LE(i, 0);
    db.transaction(() => storeBlob(db, blobsDir, blob, 'application/pdf', new Date().toISOString())).immediate();
  }
  row('blob store, 1 MiB files (hash + fsync + rename + index)', `${fmt(50 / (ms(t) / 1000))} files/s`);
  ws.value.close();

  t = process.hrtime.bigint();
  const reopened = openWorkspace(join(dir, 'ws'));
  row(`open workspace (${fmt(verified.entries)} audit entries)`, `${fmt(ms(t))} ms`);
  if (reopened.ok) reopened.value.close();

  t = process.hrtime.bigint();
  const key = await createSigningKey('bench passphrase');
  row('create Ed25519 key sealed with scrypt (N=2^15) + AES-256-GCM', `${fmt(ms(t))} ms`);
  t = process.hrtime.bigint();
  await unsealSigningKey(key.sealed, 'bench passphrase');
  row('unlock a sealed key (sign-in)', `${fmt(ms(t))} ms`);
  console.log(`\npeak RSS of the foundation section ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Checks: full and incremental evaluation on generated workspaces of 1k, 10k and 100k receivables.
if (process.env.QUAYSIDE_BENCH_SKIP_CHECKS !== '1') {
  console.log('\nChecks');
  await runChecksBench(row);
}

// Intake: text layer vs OCR throughput, tesseract.js vs native tesseract, memory on a 200-page scan.
// QUAYSIDE_BENCH_SECTIONS / _PAGES / _ROUNDS narrow it (the full run takes about 15 minutes).
if (process.env.QUAYSIDE_BENCH_SKIP_INTAKE !== '1') {
  console.log('\nIntake');
  await runIntakeBench();
}
