#!/usr/bin/env node
// The `quayside` command. It runs the TypeScript sources with no build step: `npx quayside` works
// right after `npm install`. The sources are bundled by esbuild (about 50 ms) into out/cli/ whenever
// one of them changed since the last bundle, and the bundle is run: a third faster to start than
// transforming each module on load with tsx, which stays the fallback when esbuild is missing.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** Whether the bundle was made from the sources as they are now (every input's size and mtime). */
function bundleIsFresh() {
  try {
    const { inputs } = JSON.parse(readFileSync(inputsFile, 'utf8'));
    for (const [file, size, mtime] of inputs) {
      const stat = statSync(join(root, file));
      if (stat.size !== size || stat.mtimeMs !== mtime) return false;
    }
    return inputs.length > 0;
  } catch {
    return false;
  }
}

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
  const inputs = Object.keys(result.metafile.inputs).map((file) => {
    const stat = statSync(join(root, file));
    return [file, stat.size, stat.mtimeMs];
  });
  mkdirSync(outDir, { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  // Chunks and the worker first, the command last: a bundle is only ever run beside what it was built with.
  mkdirSync(join(outDir, 'chunks'), { recursive: true });
  for (const file of [...result.outputFiles].sort((a) => (a.path === bundle ? 1 : -1))) {
    writeFileSync(file.path + suffix, file.contents);
    renameSync(file.path + suffix, file.path);
  }
  writeFileSync(inputsFile + suffix, JSON.stringify({ inputs }));
  renameSync(inputsFile + suffix, inputsFile);
}

let main;
if (process.env.QUAYSIDE_CLI_TSX !== '1') {
  try {
    if (!bundleIsFresh()) await buildBundle();
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
