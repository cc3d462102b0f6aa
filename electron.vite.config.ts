import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three bundles: main (Node, ESM, with the check and read worker threads), preload (sandboxed, so CommonJS) and
// the renderer (browser).
// The renderer bundle is also what test/host serves to Chromium for the e2e suite.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      // The check worker is an entry of its own: src/backend/checks/check-engine.ts starts the
      // `check-worker.js` it finds beside the built main process.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'check-worker': resolve(__dirname, 'src/backend/checks/check-worker.ts'),
          // Intake reads documents in a worker of its own (src/backend/intake/worker-reader.ts).
          'read-worker': resolve(__dirname, 'src/backend/intake/read-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
