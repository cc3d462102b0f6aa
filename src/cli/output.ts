/** Where the CLI writes; passed in so tests and the demo can capture it. */
export type Output = {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
};

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes: 0 done, 1 the check found a problem (e.g. a broken audit chain), 2 could not run. */
export const EXIT = { ok: 0, problem: 1, failed: 2 } as const;
