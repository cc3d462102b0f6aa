// What the esbuild bundles made from the sources share (the CLI's, src/cli/quayside.mjs, and the
// worker threads', src/backend/worker-script.ts): whether a bundle is still what its sources make,
// and writing one so that processes building it at once never see half a file. Plain JavaScript:
// the CLI runs it before any TypeScript can be loaded.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Whether the bundle recorded in `inputsFile` was made from the sources as they are now (each input's size and mtime). */
export function bundleIsFresh(inputsFile, root) {
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

/**
 * Writes esbuild's output files (in the order given: the entry a process runs last) and then the
 * record of its inputs, each to a private temp name renamed into place.
 */
export function writeBundle(outputFiles, metafile, root, inputsFile) {
  const suffix = `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const put = (file, contents) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file + suffix, contents);
    renameSync(file + suffix, file);
  };
  for (const file of outputFiles) put(file.path, file.contents);
  const inputs = Object.keys(metafile.inputs).map((file) => {
    const stat = statSync(join(root, file));
    return [file, stat.size, stat.mtimeMs];
  });
  put(inputsFile, JSON.stringify({ inputs }));
}
