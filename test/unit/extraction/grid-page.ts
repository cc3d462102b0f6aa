import type { PageText, Word } from '../../../src/shared/documents';

const CHAR = 6;
const LINE = 14;

/**
 * A page drawn as monospace text: each character is 6 pt wide and each line 14 pt high, so a test
 * can lay out a form the way it looks. Words are runs of non-spaces. `confidence` applies to every
 * word; `method` says how the page was read.
 */
export function gridPage(text: string, options: { n?: number; confidence?: number; method?: PageText['method'] } = {}): PageText {
  const rows = text.replace(/^\n/, '').split('\n');
  const width = Math.max(80, ...rows.map((r) => r.length)) * CHAR;
  const height = Math.max(40, rows.length) * LINE;
  const words: Word[] = [];
  rows.forEach((row, y) => {
    for (const m of row.matchAll(/\S+/g)) {
      const x = m.index ?? 0;
      words.push({
        text: m[0],
        bbox: { x: (x * CHAR) / width, y: (y * LINE + 2) / height, w: (m[0].length * CHAR) / width, h: 10 / height },
        confidence: options.confidence ?? 1,
      });
    }
  });
  return { n: options.n ?? 1, width, height, method: options.method ?? 'text_layer', rotation: 0, confidence: options.confidence ?? 1, words };
}
