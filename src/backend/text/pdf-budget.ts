/**
 * A PDF's budget, checked on its bytes before pdf.js parses it: how much its compressed streams
 * inflate to, and how many text-showing and graphics-state operators its page content holds. A
 * 3 MB file that inflates to gigabytes, a page with a million text runs or 200,000 nested `q`
 * would otherwise take the reader's memory or minutes (pdf.js's work grows with them, some of it
 * quadratically); these are refused in bounded time and memory instead, with what limit and what
 * to do. Streams are inflated with a cap (`maxOutputLength`), so a bomb stops at the cap.
 */
import { inflateSync } from 'node:zlib';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';

export const PDF_BUDGET = {
  /** All non-image streams of the file inflated together (content, fonts, object streams). */
  inflatedBytes: 256 * 2 ** 20,
  /** One image stream inflated (an A3 page at 600 DPI in colour is ~210 MB): images do not add up, scans have many. */
  imageBytes: 256 * 2 ** 20,
  /** Text-showing operators (Tj, TJ, ', ") in all content streams: a 2,000-page statement has ~10^6. */
  textRuns: 400_000,
  /** Graphics-state saves (q) open at once. */
  nesting: 2_000,
} as const;

export type PdfBudget = { readonly inflatedBytes: number; readonly imageBytes: number; readonly textRuns: number; readonly nesting: number };

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');

/** The dictionary text before a `stream` keyword (back to the object's `obj`, at most 4 KB). */
function dictionaryBefore(bytes: Buffer, at: number): string {
  const from = Math.max(0, at - 4096);
  const text = bytes.subarray(from, at).toString('latin1');
  const obj = text.lastIndexOf(' obj');
  return obj >= 0 ? text.slice(obj) : text;
}

/** How many times a byte or a short text occurs, up to `stopAt` (a native search). */
function occurrences(data: Buffer, what: number | string, stopAt: number): number {
  let count = 0;
  for (let at = data.indexOf(what); at >= 0 && count <= stopAt; at = data.indexOf(what, at + 1)) count += 1;
  return count;
}

/**
 * Counts text-showing operators and the deepest q nesting in a content stream. Most streams hold
 * far fewer 'q' and 'T' bytes than any budget, which a native byte search tells at once; only the
 * others are walked byte by byte.
 */
function scanContent(data: Buffer, counts: { runs: number; depth: number; maxDepth: number }, budget: PdfBudget): void {
  const qs = occurrences(data, 0x71, budget.nesting);
  if (qs <= budget.nesting) {
    // Nesting cannot reach its budget in this stream: the runs are counted by a native search
    // ('Tj', 'TJ'), the same count as the walk below within a few stray pairs inside strings.
    counts.runs += occurrences(data, 'Tj', budget.textRuns) + occurrences(data, 'TJ', budget.textRuns);
    return;
  }
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const c = data[i]!;
    // An operator stands alone: white space (or a delimiter) before it, white space or the end after.
    const before = i === 0 ? 0x20 : data[i - 1]!;
    const after = i + 1 < n ? data[i + 1]! : 0x20;
    const sepBefore = before === 0x20 || before === 0x0a || before === 0x0d || before === 0x09 || before === 0x29 || before === 0x5d || before === 0x3e;
    if (c === 0x71 /* q */ && sepBefore && (after === 0x20 || after === 0x0a || after === 0x0d || after === 0x09)) {
      counts.depth += 1;
      if (counts.depth > counts.maxDepth) counts.maxDepth = counts.depth;
    } else if (c === 0x51 /* Q */ && sepBefore && (after === 0x20 || after === 0x0a || after === 0x0d || after === 0x09)) {
      if (counts.depth > 0) counts.depth -= 1;
    } else if (c === 0x54 /* T */ && (after === 0x6a || after === 0x4a) /* j J */ && sepBefore) {
      counts.runs += 1;
      i += 1;
    }
  }
}

/**
 * Inflates the file's Flate streams (at most the budget's bytes in all) and counts what their
 * content shows. `DOCUMENT.TOO_LARGE` when the streams inflate beyond the budget,
 * `DOCUMENT.TOO_COMPLEX` when text runs or nesting do. Streams that do not inflate (encrypted,
 * damaged, other filters) are left to the reader.
 */
export function checkPdfBudget(input: Uint8Array, budget: PdfBudget = PDF_BUDGET): Result<{ inflated: number; textRuns: number; nesting: number }> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let inflated = 0;
  const counts = { runs: 0, depth: 0, maxDepth: 0 };
  let at = bytes.indexOf(STREAM);
  while (at >= 0) {
    // "endstream" contains "stream": skip it.
    if (at >= 3 && bytes.subarray(at - 3, at).toString('latin1') === 'end') {
      at = bytes.indexOf(STREAM, at + STREAM.length);
      continue;
    }
    let start = at + STREAM.length;
    if (bytes[start] === 0x0d) start += 1;
    if (bytes[start] === 0x0a) start += 1;
    const end = bytes.indexOf(END, start);
    if (end < 0) break;
    const dict = dictionaryBefore(bytes, at);
    if (/\/FlateDecode|\/Fl\b/.test(dict) && !/\/(DCTDecode|JPXDecode|CCITTFaxDecode|JBIG2Decode)/.test(dict)) {
      const image = /\/Subtype\s*\/Image/.test(dict);
      const cap = image ? budget.imageBytes : budget.inflatedBytes - inflated;
      try {
        const data = inflateSync(bytes.subarray(start, end), { maxOutputLength: Math.max(1, cap), finishFlush: 2 /* Z_SYNC_FLUSH: a stream cut short still yields what it holds */ });
        if (!image) inflated += data.length;
        // Content streams (not an image or a font program) are what a page shows.
        if (!image && !/\/Subtype\s*\/(Type1C|CIDFontType0C|OpenType)|\/Length[123]\b/.test(dict)) scanContent(data, counts, budget);
      } catch (error) {
        if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          return err('DOCUMENT.TOO_LARGE', `This PDF's compressed ${image ? 'image' : 'content'} inflates to more than ${Math.round(cap / 2 ** 20)} MB, far beyond any invoice or bill of lading (a decompression bomb, or a file that is not a trade document). It was not read; get the document as a normal PDF.`);
        }
        // Not inflatable here (encrypted, damaged): pdf.js decides.
      }
      if (counts.runs > budget.textRuns) {
        return err('DOCUMENT.TOO_COMPLEX', `This PDF draws more than ${budget.textRuns.toLocaleString('en-US')} pieces of text, far beyond any invoice or bill of lading. It was not read; get the document as a normal PDF, or print it to PDF again.`);
      }
      if (counts.maxDepth > budget.nesting) {
        return err('DOCUMENT.TOO_COMPLEX', `This PDF nests its drawing state more than ${budget.nesting.toLocaleString('en-US')} levels deep, which no document generator does (it would take minutes to read). It was not read; get the document as a normal PDF.`);
      }
    }
    at = bytes.indexOf(STREAM, end + END.length);
  }
  return ok({ inflated, textRuns: counts.runs, nesting: counts.maxDepth });
}
