import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { initWorkspace } from '../../src/backend/workspace';
import { generatePortfolio, writePortfolio } from '../bench/checks-data';
import { startHost } from '../host/server';
import type { Host } from '../host/server';
import { watchConsole } from './fixtures';
import { RISK_OFFICER, openScreen, screensDir, shoot, signIn } from './steps';

// Checks on a large generated workspace while a person keeps working: the run is a background job
// (the check worker thread behind the test host), so the progress bar moves, Cancel stops it before
// it saves anything, and the Receivables grid scrolls while it runs. 30,000 receivables (an invoice
// and a B/L each) keep the spec near a minute; QUAYSIDE_E2E_SCALE picks another size. Long tasks in
// the page are measured with a PerformanceObserver and printed.

const SIZE = Number(process.env.QUAYSIDE_E2E_SCALE ?? 30_000);

// No trace here: a Playwright trace snapshots the page's whole DOM on the page's own thread before
// each action, and in a grid of this size those snapshots were most of the long tasks measured.
test.use({ trace: 'off' });

type LongTask = { readonly start: number; readonly duration: number };
type Observed = { __longTasks?: LongTask[] };

/** A workspace with one risk officer and SIZE generated receivables, as if intake had read them. */
async function largeWorkspace(): Promise<{ dir: string; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'quayside-scale-'));
  const dir = join(root, 'ws');
  const created = initWorkspace(dir);
  if (!created.ok) throw new Error(created.error.message);
  const backend = createBackend(created.value, 'cli', { startIntake: false });
  const api = inProcessClient(backend);
  const me = await api.profiles.create({ name: RISK_OFFICER.name, role: 'risk_officer', passphrase: RISK_OFFICER.passphrase });
  if (!me.ok) throw new Error(me.error.message);
  writePortfolio(created.value.db, generatePortfolio(SIZE), me.value.id);
  await backend.close();
  return { dir, root };
}

/** The lowest row index the grid has rendered: it moves when the grid scrolls. */
const firstRenderedRow = (grid: Locator): Promise<number> =>
  grid.locator('[role="row"][row-index]').evaluateAll((rows) => Math.min(...rows.map((r) => Number(r.getAttribute('row-index')))));

/** Scrolls the grid by a wheel turn and returns how long until other rows were on screen (ms). */
async function scrollOnce(page: Page, grid: Locator, deltaY: number): Promise<number> {
  const before = await firstRenderedRow(grid);
  // Over the invoice numbers, by the mouse alone: a hover waits for the point to take events, and a
  // cell's tooltip opening there, or the grid reloading as the run ends, could keep it waiting until
  // the test's time ran out (seen once in CI, 2026-12-07).
  const box = await grid.locator('.ag-grid-viewport').boundingBox();
  if (!box) throw new Error('The grid is not on screen.');
  await page.mouse.move(box.x + 60, box.y + 80);
  const started = Date.now();
  await page.mouse.wheel(0, deltaY);
  await expect.poll(() => firstRenderedRow(grid), { timeout: 5_000, intervals: [25] }).not.toBe(before);
  return Date.now() - started;
}

/** The pointer off the grid, so the screenshot shows no cell's tooltip (the scrolls hover the invoice numbers). */
async function awayFromGrid(page: Page): Promise<void> {
  await page.mouse.move(4, 860);
  await expect(page.locator('.ag-tooltip')).toHaveCount(0);
}

const progressOf = async (page: Page): Promise<{ label: string; value: number | null }> => {
  const bar = page.getByTestId('checks-progress').getByRole('progressbar');
  const [label, value] = await Promise.all([page.getByTestId('checks-progress-label').textContent().catch(() => ''), bar.getAttribute('aria-valuenow').catch(() => null)]);
  return { label: label ?? '', value: value === null ? null : Number(value) };
};

test(`checks at scale: ${SIZE.toLocaleString('en-US')} receivables — progress, cancel, and a grid that keeps scrolling during the run`, async ({ page }) => {
  test.setTimeout(300_000);
  const shots = screensDir();
  await mkdir(shots, { recursive: true });
  const { dir, root } = await largeWorkspace();
  let host: Host | null = null;
  try {
    host = await startHost({ workspaceDir: dir });
    const problems = watchConsole(page);
    await page.addInitScript(() => {
      const seen: LongTask[] = [];
      (window as Observed).__longTasks = seen;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) seen.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(host.url);
    await signIn(page, RISK_OFFICER);
    await openScreen(page, 'Receivables');
    await expect(page.getByTestId('receivables-count')).toHaveText(`${SIZE} receivables`, { timeout: 60_000 });
    const grid = page.getByTestId('receivables-grid');
    await page.getByLabel('Evaluate as of').fill('2026-11-01');
    const db = new BetterSqlite3(join(dir, 'quayside.db'), { readonly: true });
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;

    // 1. Start a run and cancel it while it reads documents: nothing is saved.
    await page.getByRole('button', { name: 'Run checks' }).click();
    await expect(page.getByTestId('checks-progress-label')).toContainText(/Reading documents · [\d,]+ of [\d,]+/, { timeout: 60_000 });
    await shoot(page, join(shots, 'light-checks-scale-progress.png'));
    const cancel = page.getByTestId('checks-progress').getByRole('button', { name: 'Cancel' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('checks-cancelled')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('checks-cancelled')).toContainText('nothing was saved');
    await shoot(page, join(shots, 'light-checks-scale-cancelled.png'));
    expect(count('SELECT count(*) FROM check_runs')).toBe(0);
    expect(count('SELECT count(*) FROM findings')).toBe(0);
    expect(count("SELECT count(*) FROM receivables WHERE checked_at IS NOT NULL OR status <> 'draft'")).toBe(0);
    await page.getByTestId('checks-cancelled').getByRole('button', { name: 'Dismiss' }).click();

    // 2. The same scrolling without a run, for comparison: what the grid itself costs the page.
    const longTasks = (): Promise<LongTask[]> => page.evaluate(() => (window as Observed).__longTasks ?? []);
    const baselineStarted = await page.evaluate(() => performance.now());
    const baseline: number[] = [];
    for (let i = 0; i < 6; i += 1) baseline.push(await scrollOnce(page, grid, (i % 2 === 0 ? 1 : -1) * 2_400));
    const baselineEnded = await page.evaluate(() => performance.now());

    // 3. Run to the end, scrolling the grid while it runs: the bar moves, the grid answers.
    const runStarted = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Run checks' }).click();
    await expect(page.getByTestId('checks-progress')).toBeVisible();
    const seen = new Set<string>();
    const scrolls: number[] = [];
    let direction = 1;
    let shotWhileRunning = false;
    while (await page.getByTestId('checks-progress').isVisible()) {
      const progress = await progressOf(page);
      seen.add(`${progress.label}|${progress.value}`);
      try {
        scrolls.push(await scrollOnce(page, grid, direction * 2_400));
      } catch (error) {
        // The run may end during the wheel turn (the grid reloads); only a scroll during a run counts.
        if (await page.getByTestId('checks-progress').isVisible()) throw error;
      }
      if ((await firstRenderedRow(grid)) > SIZE / 2) direction = -1;
      if ((await firstRenderedRow(grid)) < 100) direction = 1;
      if (!shotWhileRunning && scrolls.length >= 3 && (await page.getByTestId('checks-progress').isVisible())) {
        await awayFromGrid(page);
        await shoot(page, join(shots, 'light-checks-scale-running.png'));
        shotWhileRunning = true;
      }
    }
    const runEnded = await page.evaluate(() => performance.now());
    // What the person saw: distinct progress states and scrolls answered while the run went on.
    expect(seen.size, `progress states seen: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(3);
    expect(scrolls.length).toBeGreaterThanOrEqual(3);
    const tasks = await longTasks();
    const within = (from: number, to: number): LongTask[] => tasks.filter((t) => t.start >= from && t.start + t.duration <= to);
    const during = within(runStarted, runEnded);
    const longest = (list: readonly LongTask[]): number => Math.round(Math.max(0, ...list.map((t) => t.duration)));
    const spread = (list: readonly number[]): string => {
      const sorted = [...list].sort((a, b) => a - b);
      return `median ${sorted[Math.floor(sorted.length / 2)]} ms, slowest ${sorted.at(-1)} ms`;
    };
    console.log(
      [
        `[checks-scale] ${SIZE} receivables; run ${Math.round(runEnded - runStarted)} ms in the page`,
        `progress states seen: ${seen.size}`,
        `scrolls without a run: ${baseline.length}, answered in ${spread(baseline)}; long tasks meanwhile ${within(baselineStarted, baselineEnded).length}, longest ${longest(within(baselineStarted, baselineEnded))} ms`,
        `scrolls during the run: ${scrolls.length}, answered in ${spread(scrolls)}`,
        `long tasks in the page during the run: ${during.length}, longest ${longest(during)} ms`,
        `long tasks since the page opened (incl. loading ${SIZE} rows into the grid): ${tasks.length}, longest ${longest(tasks)} ms`,
      ].join('\n  '),
    );
    const summary = page.getByTestId('checks-summary');
    await expect(summary).toBeVisible({ timeout: 120_000 });
    await expect(summary).toContainText(`Checked ${SIZE.toLocaleString('en-US')} of ${SIZE.toLocaleString('en-US')} receivables`);
    await expect(page.getByTestId('receivables-count')).toHaveText(`${SIZE} receivables`);
    await expect(grid.getByText('not checked')).toHaveCount(0);
    console.log(`  the grid reloading ${SIZE} checked rows after the run: longest task ${longest((await longTasks()).filter((t) => t.start >= runEnded))} ms`);
    await awayFromGrid(page);
    await shoot(page, join(shots, 'light-checks-scale-done.png'));
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: /^Ineligible/ }).click();
    await expect(grid.locator('.count-fail:not(.is-zero)').first()).toBeVisible();
    expect(count('SELECT count(*) FROM check_runs')).toBe(1);
    expect(count("SELECT count(*) FROM receivables WHERE checked_at IS NULL")).toBe(0);
    db.close();

    // Generous: a run must never freeze the page (what the backend does runs in its worker).
    expect(longest(during)).toBeLessThan(1_000);
    expect(problems, 'the page logged errors or warnings').toEqual([]);
  } finally {
    await host?.close();
    await rm(root, { recursive: true, force: true });
  }
});
