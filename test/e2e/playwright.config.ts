import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

// Runs against the built renderer in out/renderer: `npx electron-vite build` (or the renderer-only
// `npx vite build --config test/host/vite.renderer.config.ts`) first.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: resolve(repoRoot, 'test-results/playwright'),
  // Each test starts its own host and workspace, but one worker keeps the machine calm and the
  // screenshots deterministic.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    // "System" theme resolves to light unless a step chooses otherwise.
    colorScheme: 'light',
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // The same override test/run-all.mjs honours.
      executablePath: process.env.QUAYSIDE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
