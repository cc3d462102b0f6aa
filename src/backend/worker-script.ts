/**
 * Where a worker thread's script is. Built apps (Electron's main bundle, the CLI bundle) carry it as
 * a `.js`/`.mjs` file beside themselves. Run from the TypeScript sources (tests, the test host), the
 * worker's sources are bundled once with esbuild into `out/workers/` and rebuilt only when one of
 * them changed: a bundled worker starts in a third of a second and about 30 MB of heap, where one
 * that transforms each module through tsx as it loads takes a second and about 200 MB. Without
 * esbuild (it is a development tool), the sources run through tsx.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleIsFresh, writeBundle } from './dev-bundle.mjs';

export type WorkerScript = { readonly url: URL; readonly execArgv: string[] };

type BuildSync = (options: Record<string, unknown>) => { outputFiles?: { path: string; contents: Uint8Array }[]; metafile?: { inputs: Record<string, unknown> } };

/** The folder holding package.json above `file`, or null. */
function projectRoot(file: string): string | null {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** Bundles a worker's TypeScript source (packages stay external); null when esbuild is not there. */
function bundled(name: string, source: string): URL | null {
  const root = projectRoot(source);
  if (!root) return null;
  const outDir = join(root, 'out', 'workers');
  const outFile = join(outDir, `${name}.mjs`);
  const inputsFile = join(outDir, `${name}.inputs.json`);
  if (existsSync(outFile) && bundleIsFresh(inputsFile, root)) return pathToFileURL(outFile);
  let buildSync: BuildSync;
  try {
    buildSync = (createRequire(import.meta.url)('esbuild') as { buildSync: BuildSync }).buildSync;
  } catch {
    return null;
  }
  const result = buildSync({
    entryPoints: [source],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: outFile,
  });
  const output = result.outputFiles?.[0];
  if (!output || !result.metafile) return null;
  // Atomic: test files running in parallel may build the same worker at once.
  writeBundle([output], result.metafile, root, inputsFile);
  return pathToFileURL(outFile);
}

/**
 * The script of worker `name`, for the module at `callerUrl` (its `import.meta.url`; the worker's
 * source is `<name>.ts` beside it): built beside the running bundle (or one folder up, from a split
 * chunk), else bundled from the sources, else the sources through tsx.
 */
export function workerScript(name: string, callerUrl: URL): WorkerScript {
  const here = fileURLToPath(new URL('.', callerUrl));
  for (const dir of [here, dirname(here)]) {
    for (const built of [`${name}.js`, `${name}.mjs`]) if (existsSync(join(dir, built))) return { url: pathToFileURL(join(dir, built)), execArgv: [] };
  }
  const source = fileURLToPath(new URL(`./${name}.ts`, callerUrl));
  if (!existsSync(source)) throw new Error(`The ${name} worker is missing: neither ${name}.js nor ${name}.ts is beside ${fileURLToPath(callerUrl)}.`);
  try {
    const url = bundled(name, source);
    if (url) return { url, execArgv: [] };
  } catch {
    // A failed bundle (a syntax error mid-edit) falls back to the sources, which report it clearly.
  }
  return { url: pathToFileURL(source), execArgv: ['--import', 'tsx'] };
}
