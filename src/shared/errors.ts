/**
 * Every stable error code the backend can return. Codes are part of the contract: the UI, the CLI
 * and scripts branch on them, so never rename one; add a new one instead.
 */
export const ERROR_CODES = [
  'INPUT.INVALID',
  'METHOD.UNKNOWN',
  'SENDER.UNTRUSTED',
  'AUTH.NO_ACTIVE_PROFILE',
  'AUTH.FORBIDDEN',
  'AUTH.BAD_PASSPHRASE',
  'PROFILE.NOT_FOUND',
  'PROFILE.NAME_TAKEN',
  'WORKSPACE.NOT_FOUND',
  'WORKSPACE.TOO_NEW',
  'WORKSPACE.NOT_EMPTY',
  'WORKSPACE.UNUSABLE',
  'WORKSPACE.CORRUPT',
  'BACKEND.UNAVAILABLE',
  'DOCUMENT.NOT_FOUND',
  'DOCUMENT.UNSUPPORTED',
  'DOCUMENT.ENCRYPTED',
  'DOCUMENT.CORRUPT',
  'DOCUMENT.EMPTY',
  'DOCUMENT.TOO_LARGE',
  'DOCUMENT.NOT_READY',
  'DOCUMENT.CANCELLED',
  'FIELD.INVALID',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
