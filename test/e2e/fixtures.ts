import { rm } from 'node:fs/promises';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHost } from '../host/server';
import type { Host } from '../host/server';

// Chromium reports that a <meta> CSP cannot carry frame-ancestors; the header the host (and the
// Electron protocol) sends does carry it, so this one message is expected and harmless.
const EXPECTED_CONSOLE = [/frame-ancestors' is ignored when delivered via a <meta> element/];

/** Collects console errors and uncaught page errors, so a test fails on a noisy page. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const text = message.text();
    if (EXPECTED_CONSOLE.some((pattern) => pattern.test(text))) return;
    problems.push(`console.${message.type()}: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

type Fixtures = {
  /** A fresh loopback host over a fresh temp workspace, for this test only. */
  readonly host: Host;
};

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.close();
    await rm(host.workspaceDir, { recursive: true, force: true });
  },
  page: async ({ page, host }, use) => {
    const problems = watchConsole(page);
    await page.goto(host.url);
    await use(page);
    expect(problems, 'the page logged errors or warnings').toEqual([]);
  },
});

export { expect };
