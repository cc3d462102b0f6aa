/**
 * Development aid: prints a document as the extractor sees it — lines in reading order, segments
 * separated by ` ‖ `, labels marked — and the extraction. `npx tsx test/eval/dump.ts <file> [--fields] [--tables] [--real]`
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PageText } from '../../src/shared/documents';
import { extractDocument } from '../../src/core/extraction/extract';
import { LABELS } from '../../src/core/extraction/labels';
import { matchLabel } from '../../src/core/extraction/label-match';
import { layoutPage } from '../../src/core/extraction/layout';
import { devReadDocument } from './dev-reader';

const file = process.argv[2];
if (!file) throw new Error('usage: dump.ts <file> [--fields]');
// --real reads the pages the backend's reader produced (cached by `eval.ts --cache`).
const realCache = path.join(tmpdir(), 'quayside-eval-pages', `${createHash('sha256').update(readFileSync(file)).digest('hex')}.json`);
const pages: PageText[] = process.argv.includes('--real') ? (JSON.parse(readFileSync(realCache, 'utf8')) as PageText[]) : await devReadDocument(file);
if (!process.argv.includes('--fields')) {
  for (const page of pages) {
    const layout = layoutPage(page);
    console.log(`--- page ${page.n} (${page.method}, rotation ${page.rotation}, confidence ${page.confidence.toFixed(2)}, em ${layout.em.toFixed(1)})`);
    layout.lines.forEach((line, i) => {
      const segs = line.segments.map((s) => {
        const m = matchLabel(s.tokens, LABELS);
        return m ? `[${m.key}:${s.tokens.slice(0, m.length).map((t) => t.text).join(' ')}]${s.tokens.slice(m.length).map((t) => ` ${t.text}`).join('')}` : s.text;
      });
      console.log(`${String(i).padStart(3)} ${String(Math.round(line.y0)).padStart(5)} ${segs.join(' ‖ ')}`);
    });
  }
}
const ex = extractDocument(pages);
console.log(`kind ${ex.kind} (${ex.kindScore})`);
for (const [k, f] of Object.entries(ex.fields)) console.log(`  ${k.padEnd(22)} ${JSON.stringify(f.value)}  raw=${JSON.stringify(f.raw)} conf=${f.confidence} p${f.page}`);
if (process.argv.includes('--tables')) {
  const { findTables, cellsOfLine } = await import('../../src/core/extraction/tables');
  const { COLUMNS } = await import('../../src/core/extraction/labels');
  for (const page of pages) {
    const layout = layoutPage(page);
    for (const t of findTables(layout, COLUMNS, () => false)) {
      console.log(`table at line ${t.headerLine}-${t.headerEnd}: ${t.columns.map((c) => `${c.key || '?'}[${c.header}](${Math.round(c.x0)}-${Math.round(c.x1)})`).join(' | ')}`);
      for (const li of t.rows.slice(0, 6)) {
        const line = layout.lines[li];
        if (!line) continue;
        const cells = cellsOfLine(t.columns, line, layout.em * 4, ['description']);
        console.log(`   ${li}: ${[...cells.entries()].map(([c, toks]) => `${c.key || '?'}=${toks.map((x) => x.text).join(' ')}`).join(' | ')}`);
      }
    }
  }
}
