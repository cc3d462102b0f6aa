import type { SupportedMediaType } from './types';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** How far into the file a PDF header may start: readers (pdf.js, Acrobat) accept junk before it. */
const PDF_HEADER_WINDOW = 1024;

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

/** The media type of a file judged from its first bytes, or null when it is none that intake reads. */
export function sniffMediaType(bytes: Uint8Array): SupportedMediaType | null {
  if (startsWith(bytes, PNG_MAGIC)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // Classic TIFF only, little- or big-endian; BigTIFF (43) is not read by the OCR engine's decoder.
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  const end = Math.min(bytes.length - PDF_MAGIC.length, PDF_HEADER_WINDOW);
  for (let i = 0; i <= end; i += 1) {
    if (bytes[i] === 0x25 && startsWith(bytes, PDF_MAGIC, i)) return 'application/pdf';
  }
  return null;
}

/** Media types intake takes: files whose pages are read, and XML e-invoices (UBL, CII). */
export type IntakeMediaType = SupportedMediaType | 'application/xml';

/** How far into the file the first tag may start (white space after a byte-order mark). */
const XML_START_WINDOW = 1024;

/**
 * Whether the bytes start like XML: a byte-order mark perhaps, white space, then `<?xml`, a comment
 * or a root tag. Only a start: whether it is an e-invoice is decided by parsing it.
 */
function looksLikeXml(bytes: Uint8Array): boolean {
  // UTF-16 puts each ASCII character in two bytes: read every other one, from the byte that holds it.
  let [at, step] = [0, 1];
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) at = 3;
  else if (startsWith(bytes, [0xff, 0xfe])) [at, step] = [2, 2];
  else if (startsWith(bytes, [0xfe, 0xff])) [at, step] = [3, 2];
  const end = Math.min(bytes.length, XML_START_WINDOW);
  while (at < end && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at += step;
  if (bytes[at] !== 0x3c || at + step >= bytes.length) return false; // '<'
  const next = bytes[at + step]!;
  // '?', '!', a letter, '_' or a non-ASCII name character.
  return next === 0x3f || next === 0x21 || next === 0x5f || (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next >= 0x80;
}

/** The media type of a file intake takes, judged from its first bytes: a PDF or image, else XML. */
export function sniffFileType(bytes: Uint8Array): IntakeMediaType | null {
  return sniffMediaType(bytes) ?? (looksLikeXml(bytes) ? 'application/xml' : null);
}
