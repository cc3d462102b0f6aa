import { terminalSafe } from '../shared/visible-text';

/** Where the CLI writes; passed in so tests and the demo can capture it. */
export type Output = {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
};

/**
 * The terminal. Every line passes `terminalSafe` on its way: a file name holding an escape sequence
 * or a line break (shown with `visibleText` where it is known to be one) can never act on the
 * terminal, and JSON stays valid JSON meaning the same.
 */
export const processOutput: Output = {
  out: (line) => process.stdout.write(`${terminalSafe(line)}\n`),
  err: (line) => process.stderr.write(`${terminalSafe(line)}\n`),
};

/** Exit codes: 0 done, 1 the check found a problem (e.g. a broken audit chain), 2 could not run. */
export const EXIT = { ok: 0, problem: 1, failed: 2 } as const;
