/**
 * RFC 4180 CSV: a parser that tolerates what spreadsheets write (a UTF-8 BOM, LF or CRLF line ends,
 * quoted cells spanning lines) and reports where a file breaks, and a writer that quotes only when
 * needed and defuses spreadsheet formulas so an exported cell can never run as one.
 */

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
        for (;;) {
          if (i >= n) return { ok: false, line: quoteLine, message: `A quoted cell that starts on line ${quoteLine} is never closed; add the missing closing quote (").` };
          const ch = src[i] as string;
          if (ch === '"') {
            if (src[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (ch === '\n') line += 1;
          cell += ch;
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
