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
