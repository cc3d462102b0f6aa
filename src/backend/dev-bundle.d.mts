/** Whether the bundle recorded in `inputsFile` was made from the sources as they are now. */
export function bundleIsFresh(inputsFile: string, root: string): boolean;
/** Writes esbuild's output files, then the record of its inputs, each atomically. */
export function writeBundle(
  outputFiles: readonly { readonly path: string; readonly contents: Uint8Array }[],
  metafile: { readonly inputs: Record<string, unknown> },
  root: string,
  inputsFile: string,
): void;
