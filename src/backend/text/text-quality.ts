/**
 * Whether a page's text layer can be trusted as its text. Scanned PDFs often carry no text at all, a
 * stamp or page number only, or glyphs with no Unicode mapping that extract as junk; those pages are
 * read by OCR instead.
 */

export type TextLayerStats = {
  /** Non-whitespace characters. */
  readonly chars: number;
  /** Letters and digits among them. */
  readonly alnum: number;
  /** Characters that cannot be real text: replacement marks, private-use glyphs, controls, unassigned. */
  readonly junk: number;
};

/** Counts the characters of a page's text-layer strings. */
export function textLayerStats(strings: readonly string[]): TextLayerStats {
  let chars = 0;
  let alnum = 0;
  let junk = 0;
  for (const s of strings) {
    for (const ch of s) {
      if (/\s/u.test(ch)) continue;
      chars += 1;
      if (/[\p{L}\p{N}]/u.test(ch)) alnum += 1;
      else if (ch === '\uFFFD' || /[\p{Co}\p{Cc}\p{Cn}\p{Cs}]/u.test(ch)) junk += 1;
    }
  }
  return { chars, alnum, junk };
}

/** Below this many characters a page that also shows images is treated as a scan with a stamp on it. */
export const SPARSE_TEXT_CHARS = 200;

/**
 * The verdict for one page: `text` when the text layer is real and enough, `ocr` when it is missing or
 * junk, `check_images` when it is real but sparse (the caller OCRs the page if it draws images).
 */
export function judgeTextLayer(stats: TextLayerStats): 'text' | 'ocr' | 'check_images' {
  if (stats.chars === 0) return 'ocr';
  // Mostly letters and digits, almost no unmappable glyphs: real text as people write it.
  const real = stats.junk / stats.chars < 0.05 && stats.alnum / stats.chars >= 0.5;
  if (!real) return 'ocr';
  return stats.chars >= SPARSE_TEXT_CHARS ? 'text' : 'check_images';
}
