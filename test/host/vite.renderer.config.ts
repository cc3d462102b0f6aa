import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Builds only the renderer into out/renderer, the same output `electron-vite build` produces, for
// when the main/preload bundles are not needed (or not buildable yet):
//   npx vite build --config test/host/vite.renderer.config.ts
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export default defineConfig({
  root: resolve(root, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
  },
});
