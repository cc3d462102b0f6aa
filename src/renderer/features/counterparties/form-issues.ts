import type { AppError } from '../../../shared/result';

/** A backend error spread over a form: messages keyed by dotted zod path, and what fits no field. */
export type FormIssues = {
  readonly fields: ReadonlyMap<string, string>;
  /** Sentences not shown beside a field (other errors, or issues on paths the form has no field for). */
  readonly general: readonly string[];
};

export const NO_ISSUES: FormIssues = { fields: new Map(), general: [] };

type Issue = { readonly path: readonly (string | number)[]; readonly message: string };

const isIssue = (value: unknown): value is Issue =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as { path?: unknown }).path) &&
  typeof (value as { message?: unknown }).message === 'string';

/**
 * Places every zod issue of an INPUT.INVALID error under the field its path names (`capacities.1.unit`);
 * `hasField` says which paths the form shows, the rest are listed above the form so none is lost.
 */
export function toFormIssues(error: AppError, hasField: (path: string) => boolean): FormIssues {
  if (error.code !== 'INPUT.INVALID' || !Array.isArray(error.details)) return { fields: new Map(), general: [error.message] };
  const fields = new Map<string, string>();
  const general: string[] = [];
  for (const issue of error.details.filter(isIssue)) {
    const key = issue.path.join('.');
    if (key && hasField(key)) {
      if (!fields.has(key)) fields.set(key, issue.message);
    } else {
      general.push(key ? `${key}: ${issue.message}` : issue.message);
    }
  }
  if (fields.size === 0 && general.length === 0) general.push(error.message);
  return { fields, general };
}

/** Merges issues found before sending (empty numbers) with nothing else; keeps the first per path. */
export function localIssues(entries: readonly (readonly [string, string])[]): FormIssues {
  return { fields: new Map(entries), general: [] };
}

// A comma before a legal suffix belongs to the name ("PUBLIC CO., LTD.", "Acme, Inc.").
const SUFFIX_COMMA = /,(?=\s*(ltd|limited|inc|llc|l\.l\.c|co|corp|plc|jsc|gmbh|ag|s\.?a|b\.?v|n\.?v|s\.?p\.?a|s\.?r\.?l|pte|pty)\b\.?)/gi;

/**
 * Splits an aliases box into trimmed, distinct names: one per line when there are several lines,
 * otherwise separated by commas or "|" (the CSV's separator).
 */
export function splitAliases(text: string): string[] {
  const parts = /\n/.test(text.trim()) ? text.split(/\n|\|/) : text.replace(SUFFIX_COMMA, '\uE000').split(/[,|]/).map((p) => p.replace(/\uE000/g, ','));
  const seen = new Set<string>();
  for (const part of parts) {
    const alias = part.trim();
    if (alias) seen.add(alias);
  }
  return [...seen];
}

/** A numeric input's text as a number, or null when it is blank or not a number. */
export function parseNumber(text: string): number | null {
  let cleaned = text.trim().replace(/\s/g, '');
  if (!cleaned) return null;
  // "4,000" groups thousands; a lone comma with other digit counts is a decimal comma ("0,5").
  cleaned = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cleaned) ? cleaned.replace(/,/g, '') : cleaned.replace(',', '.');
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}
