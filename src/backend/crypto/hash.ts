import { hash } from 'node:crypto';

/**
 * SHA-256 of text (UTF-8) or bytes, as lowercase hex. The one-shot `crypto.hash` skips the Hash
 * object `createHash` builds: a check run hashes every receivable's inputs and every document's rows.
 */
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');
