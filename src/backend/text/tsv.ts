import type { Word } from '../../shared/documents';
import { toFractions } from './geometry';

/**
 * Words from tesseract's TSV output (level 5 rows: left, top, width, height, confidence 0–100, text),
 * in tesseract's reading order, with boxes as fractions of an image of the given size. Specks that
 * tesseract reads as lone punctuation with little confidence are dropped: they are noise, not words.
 */
export function wordsFromTsv(tsv: string, imageWidth: number, imageHeight: number): Word[] {
  const words: Word[] = [];
  for (const line of tsv.split('\n')) {
    if (!line.startsWith('5\t')) continue;
    const cols = line.split('\t');
    const text = (cols[11] ?? '').trim();
    if (text === '') continue;
    const left = Number(cols[6]);
    const top = Number(cols[7]);
    const width = Number(cols[8]);
    const height = Number(cols[9]);
    const conf = Number(cols[10]);
    if (![left, top, width, height, conf].every(Number.isFinite)) continue;
    const confidence = Math.round(Math.min(100, Math.max(0, conf)) * 100) / 10_000;
    if (confidence < 0.5 && !/[\p{L}\p{N}]/u.test(text)) continue;
    words.push({ text, bbox: toFractions(left, top, left + width, top + height, imageWidth, imageHeight), confidence });
  }
  return words;
}

/** The mean confidence of a page's words (0 when it has none). */
export const meanConfidence = (words: readonly Word[]): number =>
  words.length === 0 ? 0 : Math.round((words.reduce((sum, w) => sum + w.confidence, 0) / words.length) * 10_000) / 10_000;

/**
 * How convincingly a reading is text, to compare the same page read at different rotations: the
 * confidence of words with at least three letters or digits. Garbage read from a sideways page is
 * short fragments with low confidence; upright text is long words with high confidence.
 */
export const readingScore = (words: readonly Word[]): number =>
  words.reduce((sum, w) => sum + ((w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 3 ? w.confidence : 0), 0);
