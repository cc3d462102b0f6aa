import type { PageText } from '../../shared/documents';

/**
 * How much of what OCR read on a page it is fairly sure of: the share of its words with a confidence
 * of at least 0.6 and two letters or digits. Real scans and photos read 38–100 % (the corpus's
 * poorest page, 2026-12-05), a page of noise 2–4 %.
 */
export function legibleShare(page: Pick<PageText, 'words'>): number {
  if (page.words.length === 0) return 1;
  let sure = 0;
  for (const w of page.words) if (w.confidence >= 0.6 && /[\p{L}\p{N}]{2}/u.test(w.text)) sure += 1;
  return sure / page.words.length;
}

/** Below this share a page is noise to OCR: a fifth of the poorest real page's share, five times noise's. */
export const NOISE_SHARE = 0.15;

/**
 * Whether OCR found a page of noise: many marks it took for words (50 or more), few of them
 * legible. A blank scan has almost no words and is not noise; a text layer never is.
 */
export const noisePage = (page: Pick<PageText, 'method' | 'words'>): boolean => page.method === 'ocr' && page.words.length >= 50 && legibleShare(page) < NOISE_SHARE;
