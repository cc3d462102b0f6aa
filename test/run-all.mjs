#!/usr/bin/env node
// `npm test`: every check the project has, in order, with one summary at the end. A stage that
// cannot run here says why in one line; any failing stage makes the whole run fail.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const chromium = process.env.QUAYSIDE_CHROMIUM ?? '/usr/bin/chromium';
// Workspaces the tests make keep their audit keys here, not in the user's own key folder.
process.env.QUAYSIDE_KEY_DIR ??= join(results, 'audit-keys');

const stages = [
  { name: 'type-check', cmd: [bin('tsc'), '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint (incl. import-direction rule)', cmd: [bin('eslint'), '--max-warnings', '0', '.'] },
  {
    name: 'unit + integration (vitest)',
    cmd: [bin('vitest'), 'run', '-c', 'test/vitest.config.ts', '--exclude', 'test/security/hostile/**', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'vitest.json')}`],
    counts: () => vitestCounts(join(results, 'vitest.json')),
  },
  // The hostile-input probes assert the time budgets (each file ends in < 30 s): they run on
  // their own, one file at a time, so other test files sharing the two cores cannot eat the margin.
  {
    name: 'hostile input within its budgets (vitest, alone)',
    cmd: [bin('vitest'), 'run', '-c', 'test/vitest.config.ts', 'test/security/hostile', '--no-file-parallelism', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'vitest.json')}`],
    counts: () => vitestCounts(join(results, 'vitest.json')),
  },
  { name: 'build (electron-vite)', cmd: [bin('electron-vite'), 'build'], produces: true },
  // A bundling slip (two top-level `require`s once broke the main bundle) must fail here, not at launch.
  { name: 'built bundles parse (node --check)', cmd: [process.execPath, '-e', "for (const f of ['out/main/index.js', 'out/preload/index.cjs']) require('node:child_process').execFileSync(process.execPath, ['--check', f], { stdio: 'inherit' })"], needsBuild: true },
  { name: 'security scan (electronegativity)', cmd: [bin('tsx'), 'test/security/electronegativity.ts'], needsBuild: true },
  {
    name: 'e2e (Playwright, Chromium via test/host)',
    cmd: [bin('playwright'), 'test', '-c', 'test/e2e/playwright.config.ts', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(results, 'playwright.json') },
    needsBuild: true,
    skipIf: () => (existsSync(chromium) ? null : `${chromium} not found — install it with 'apt-get install -y chromium' (.ci/run does).`),
    counts: () => playwrightCounts(join(results, 'playwright.json')),
  },
];

function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // Say why each skipped test was skipped, in one line each.
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
        console.log(`  skipped: ${spec.file} › ${spec.title} — ${why}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  const s = report.stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

const summary = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
let built = false;
for (const stage of stages) {
  const skip = stage.skipIf?.() ?? (stage.needsBuild && !built ? 'the build stage failed, so there is nothing to check.' : null);
  if (skip) {
    console.log(`\n── ${stage.name}: SKIPPED — ${skip}`);
    summary.push([stage.name, 'skipped', skip]);
    continue;
  }
  console.log(`\n── ${stage.name}`);
  for (const file of ['vitest.json', 'playwright.json']) rmSync(join(results, file), { force: true });
  const started = Date.now();
  const run = spawnSync(stage.cmd[0], stage.cmd.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...stage.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const passed = run.status === 0;
  if (stage.produces) built = passed;
  const counts = stage.counts?.();
  if (counts) for (const key of Object.keys(totals)) totals[key] += counts[key];
  // A stage without test counts (type-check, lint, build, scan) counts as one check of its own.
  else if (passed) totals.passed += 1;
  if (!passed && !(counts && counts.failed > 0)) totals.failed += 1;
  const detail = counts ? `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` : '';
  summary.push([stage.name, passed ? 'ok' : `FAILED (exit ${run.status ?? run.signal})`, `${detail}${detail ? ' · ' : ''}${seconds}s`]);
}

console.log('\n══ npm test summary');
for (const [name, state, detail] of summary) console.log(`  ${state.padEnd(16)} ${name.padEnd(44)} ${detail}`);
const failedStages = summary.filter(([, state]) => state.startsWith('FAILED')).length;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStages > 0 ? 1 : 0);
