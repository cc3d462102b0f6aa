import type { AppError } from '../../shared/result';

/** A backend error split into the form field it concerns (if any) and the sentence to show. */
export type FormError = { readonly field: string | null; readonly message: string };

// dispatch() reports invalid input as "path: message" with zod issues in `details`; the field lets
// the form put the sentence under the right input instead of in a banner.
/** Places a backend error on the field it names, keeping the backend's own wording. */
export function toFormError(error: AppError): FormError {
  if (error.code !== 'INPUT.INVALID' || !Array.isArray(error.details)) return { field: null, message: error.message };
  const first: unknown = error.details[0];
  const path = typeof first === 'object' && first !== null ? (first as { path?: unknown }).path : undefined;
  if (!Array.isArray(path) || typeof path[0] !== 'string') return { field: null, message: error.message };
  const field = path[0];
  const prefix = `${path.join('.')}: `;
  return { field, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}
