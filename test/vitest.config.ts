import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). The browser e2e suite runs under Playwright instead.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Workspaces made by tests keep their audit keys here, not in the user's own key folder.
    env: { QUAYSIDE_KEY_DIR: process.env.QUAYSIDE_KEY_DIR ?? join(tmpdir(), 'quayside-test-audit-keys') },
  },
});
