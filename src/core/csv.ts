/**
 * RFC 4180 CSV: a parser that tolerates what spreadsheets write (a UTF-8 BOM, LF or CRLF line ends,
 * quoted cells spanning lines) and reports where a file breaks, and a writer that quotes only when
 * needed and defuses spreadsheet formulas so an exported cell can never run as one.
 */

/** The encodings a CSV file is read in; anything else is refused, naming what it looks like. */
export type CsvEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

export type CsvDecode =
  | { readonly ok: true; readonly text: string; readonly encoding: CsvEncoding }
  | { readonly ok: false; readonly message: string };

const SAVE_AS_UTF8 = 'Save it as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8) and import that; nothing was imported.';

const startsWithBytes = (bytes: Uint8Array, magic: readonly number[]): boolean => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** The 1-based line a byte offset falls on (counting LF bytes before it). */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/** Offset of the first byte that breaks UTF-8, or -1 when all of it is well-formed UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array, from: number): number {
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // Lead byte → sequence length and the range its first continuation byte may take (RFC 3629:
    // no overlongs, no surrogates, nothing above U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > n) return i;
    const second = bytes[i + 1] as number;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k += 1) {
      const c = bytes[i + k] as number;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

/** Whether the well-formed UTF-8 bytes [from, to) hold a character of two or more bytes. */
function hasMultiByteUtf8(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if ((bytes[i] as number) >= 0xc2) return true;
  return false;
}

// Bytes Windows-1252 leaves undefined: a file that has them was written in some other code page.
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
// Characters that may stand between two letters in Western European text (O’Brien, l·l, Jean–Marc).
const JOINERS = new Set(['’', '‘', '´', '`', '·', '–', '—', '‚', '„', '“', '”']);
const LETTER = /\p{L}/u;

/**
 * Why text decoded as Windows-1252 does not read like Western European text, or null when it does.
 * A file in another 8-bit code page decodes without error, but into letter soup: Cyrillic (CP1251)
 * and Greek become runs of accented capitals (ÎÎÎ Ðîìàøêà), Central European (CP1250) puts
 * symbols inside words (Wa³brzych, ksi¹¿ka). Western text has at most two accented letters in a row
 * (ção) and no symbol between letters.
 */
function implausibleLatin(text: string): { line: number; sample: string } | null {
  // Windows-1252 decodes to the Basic Multilingual Plane only, so an index is a character.
  let line = 1;
  let lineStart = 0;
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
    if (code < 0x80) {
      run = 0;
      continue;
    }
    const ch = text[i] as string;
    const letter = LETTER.test(ch);
    run = letter ? run + 1 : 0;
    const between = !letter && !JOINERS.has(ch) && LETTER.test(text[i - 1] ?? '') && LETTER.test(text[i + 1] ?? '');
    if (run >= 3 || between) {
      const lineEnd = text.indexOf('\n', i);
      return { line, sample: text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, '').slice(0, 60) };
    }
  }
  return null;
}

/**
 * Decodes a CSV file's bytes: UTF-8 (with or without a byte-order mark), UTF-16 with its byte-order
 * mark, or — when the bytes are not UTF-8 — Windows-1252/Latin-1, which is what Excel writes on a
 * Western European Windows. Bytes that fit none of these are refused with the encoding they look
 * like and where, never decoded into replacement characters.
 */
export function decodeCsvBytes(bytes: Uint8Array): CsvDecode {
  const strict = (label: string, from: number): string => new TextDecoder(label, { fatal: true }).decode(bytes.subarray(from));
  if (startsWithBytes(bytes, [0xff, 0xfe, 0, 0]) || startsWithBytes(bytes, [0, 0, 0xfe, 0xff])) {
    return { ok: false, message: `The file is in UTF-32. ${SAVE_AS_UTF8}` };
  }
  if (startsWithBytes(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return { ok: false, message: `The file is a zip archive (an Excel .xlsx workbook?), not CSV text. ${SAVE_AS_UTF8}` };
  }
  for (const [bom, label, encoding] of [
    [[0xff, 0xfe], 'utf-16le', 'UTF-16LE'],
    [[0xfe, 0xff], 'utf-16be', 'UTF-16BE'],
  ] as const) {
    if (!startsWithBytes(bytes, bom)) continue;
    try {
      if (bytes.length % 2 !== 0) throw new Error('odd length');
      return { ok: true, text: strict(label, 2), encoding };
    } catch {
      return { ok: false, message: `The file starts with a ${encoding} byte-order mark but is not well-formed ${encoding} (it is cut short or mixes encodings). ${SAVE_AS_UTF8}` };
    }
  }
  const from = startsWithBytes(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const invalid = firstInvalidUtf8(bytes, from);
  if (invalid === -1) {
    // Well-formed UTF-8 may still carry NULs: UTF-16 written without a byte-order mark.
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      return { ok: false, message: `Line ${lineAt(bytes, nul)} holds a NUL byte: the file looks like UTF-16 without a byte-order mark, or is not text at all. ${SAVE_AS_UTF8}` };
    }
    return { ok: true, text: strict('utf-8', from), encoding: 'UTF-8' };
  }
  if (from === 3) {
    return { ok: false, message: `The file starts with a UTF-8 byte-order mark, but line ${lineAt(bytes, invalid)} is not UTF-8 (byte 0x${(bytes[invalid] as number).toString(16).toUpperCase()}); it mixes encodings. ${SAVE_AS_UTF8}` };
  }
  if (hasMultiByteUtf8(bytes, from, invalid)) {
    return { ok: false, message: `The file is UTF-8 up to line ${lineAt(bytes, invalid)}, which is not (byte 0x${(bytes[invalid] as number).toString(16).toUpperCase()}): it mixes encodings. ${SAVE_AS_UTF8}` };
  }
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    if (b === 0) return { ok: false, message: `Line ${lineAt(bytes, i)} holds a NUL byte: the file is UTF-16 without a byte-order mark, or not text at all. ${SAVE_AS_UTF8}` };
    if (CP1252_UNDEFINED.has(b)) {
      return { ok: false, message: `The file is neither UTF-8 nor Windows-1252 (Western European): line ${lineAt(bytes, i)} holds byte 0x${b.toString(16).toUpperCase()}, which Windows-1252 does not use. It is in another code page (Central European, Cyrillic, East Asian…). ${SAVE_AS_UTF8}` };
    }
  }
  const text = new TextDecoder('windows-1252').decode(bytes);
  const odd = implausibleLatin(text);
  if (odd) {
    return { ok: false, message: `The file is not UTF-8, and read as Windows-1252 (Western European) line ${odd.line} says "${odd.sample}": it is in another code page (Central European, Cyrillic, Greek, East Asian…). ${SAVE_AS_UTF8}` };
  }
  return { ok: true, text, encoding: 'Windows-1252' };
}

/** One record, with the 1-based line of the file it starts on (what a person sees in an editor). */
export type CsvRow = { readonly line: number; readonly cells: readonly string[] };

export type CsvParse =
  | { readonly ok: true; readonly rows: readonly CsvRow[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

/**
 * Parses CSV text into rows. Empty lines between records are skipped (spreadsheets leave them);
 * a quote left open, or text straight after a closing quote, is reported with its line.
 */
export function parseCsv(text: string): CsvParse {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let line = 1;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const startLine = line;
    // An empty line is not a record.
    if (src[i] === '\n') {
      i += 1;
      line += 1;
      continue;
    }
    if (src[i] === '\r' && src[i + 1] === '\n') {
      i += 2;
      line += 1;
      continue;
    }
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (src[i] === '"') {
        const quoteLine = line;
        i += 1;
        // Runs between quotes are sliced, not built a character at a time: a string grown by one
        // character per step is a chain of one node per character, ~30× the text in memory.
        let from = i;
        for (;;) {
          if (i >= n) return { ok: false, line: quoteLine, message: `A quoted cell that starts on line ${quoteLine} is never closed; add the missing closing quote (").` };
          const ch = src[i] as string;
          if (ch === '"') {
            cell += src.slice(from, i);
            if (src[i + 1] === '"') {
              cell += '"';
              i += 2;
              from = i;
              continue;
            }
            i += 1;
            break;
          }
          if (ch === '\n') line += 1;
          i += 1;
        }
        const next = src[i];
        if (i < n && next !== ',' && next !== '\n' && !(next === '\r' && src[i + 1] === '\n')) {
          return {
            ok: false,
            line,
            message: `Line ${line} has text after a closing quote; a quote inside a quoted cell is written twice ("").`,
          };
        }
      } else {
        const start = i;
        while (i < n) {
          const ch = src[i];
          if (ch === ',' || ch === '\n' || (ch === '\r' && src[i + 1] === '\n')) break;
          i += 1;
        }
        cell = src.slice(start, i);
      }
      cells.push(cell);
      if (i >= n) break;
      if (src[i] === ',') {
        // A trailing comma, even at the very end, means one more (empty) cell: the loop reads it.
        i += 1;
        continue;
      }
      // End of record: LF or CRLF.
      i += src[i] === '\r' ? 2 : 1;
      line += 1;
      break;
    }
    rows.push({ line: startLine, cells });
  }
  return { ok: true, rows };
}

// A plain number (what a spreadsheet shows as a number) is left alone even with a sign.
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// OWASP's list of characters that make a spreadsheet read a cell as a formula; apostrophes before
// them are counted too, so that neutralising is reversible.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A cell a spreadsheet would read as a formula gets a leading apostrophe, except plain numbers. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** Undoes `neutraliseFormula` on an imported cell (one leading apostrophe before a formula start). */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell;
}

const NEEDS_QUOTES = /[",\r\n]/;

const quoteCell = (cell: string): string => (NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

export type CsvFormatOptions = {
  /** Prefix formula-like cells with an apostrophe (default true: exports are opened in spreadsheets). */
  readonly neutraliseFormulas?: boolean;
  /** Start with a UTF-8 byte order mark so spreadsheet programs read accents right (default false). */
  readonly bom?: boolean;
};

/** Formats rows as CSV with CRLF line ends, quoting cells only when needed. */
export function formatCsv(rows: readonly (readonly string[])[], options: CsvFormatOptions = {}): string {
  const neutralise = options.neutraliseFormulas ?? true;
  const lines = rows.map((cells) => {
    // A record of one empty cell would be an empty line, which parsers skip; quote it instead.
    if (cells.length === 1 && cells[0] === '') return '""';
    return cells.map((cell) => quoteCell(neutralise ? neutraliseFormula(cell) : cell)).join(',');
  });
  return `${options.bom ? '\ufeff' : ''}${lines.map((l) => `${l}\r\n`).join('')}`;
}
