import type { ErrorCode } from './errors';

/** An expected failure that crosses a boundary: a stable code and a sentence a person can act on. */
export type AppError = {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
};

/** The envelope every contract method returns, over IPC, HTTP and in-process alike. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

/** Wraps a value as a successful Result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Wraps an expected failure as a Result. */
export const err = <T = never>(code: ErrorCode, message: string, details?: unknown): Result<T> =>
  details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };

/** Fails loudly when a switch that should be exhaustive is not. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
