#!/usr/bin/env node
// The `quayside` command. It runs the TypeScript sources with no build step: `npx quayside` works
// right after `npm install`. The sources are bundled by esbuild (about 50 ms) into out/cli/ whenever
// one of them changed since the last bundle, and the bundle is run: a third faster to start than
// transforming each module on load with tsx, which stays the fallback when esbuild is missing.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleIsFresh, writeBundle } from '../backend/dev-bundle.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`quayside needs Node.js 22.12 or newer; this is ${process.version}.\n`);
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const outDir = join(root, 'out', 'cli');
const bundle = join(outDir, 'quayside.mjs');
const inputsFile = join(outDir, 'inputs.json');

/** Bundles src/cli/main.ts (packages stay external) and records its inputs; atomic, so runs may race. */
async function buildBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    // The intake worker thread is bundled beside the command (src/backend/intake/worker-reader.ts finds it there).
    entryPoints: { quayside: join(here, 'main.ts'), 'read-worker': join(root, 'src/backend/intake/read-worker.ts') },
    outExtension: { '.js': '.mjs' },
    // Shared code in chunks, so what is imported lazily (pdf.js, the canvas, tesseract.js: only the
    // intake worker reads documents) is not loaded by every command.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outdir: outDir,
  });
  // Chunks and the worker first, the command last: a bundle is only ever run beside what it was built with.
  writeBundle([...result.outputFiles].sort((a) => (a.path === bundle ? 1 : -1)), result.metafile, root, inputsFile);
}

let main;
if (process.env.QUAYSIDE_CLI_TSX !== '1') {
  try {
    if (!bundleIsFresh(inputsFile, root)) await buildBundle();
    ({ main } = await import(pathToFileURL(bundle).href));
  } catch {
    main = undefined;
  }
}
if (!main) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
