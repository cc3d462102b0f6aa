/**
 * A minimal Office Open XML (SpreadsheetML) writer: one sheet, a bold frozen header row with an
 * autofilter, column widths, numbers as numbers, ISO dates as Excel serial dates. Strings are inline
 * (t="inlineStr"), so no shared-string table is needed, and an inline string is never a formula.
 */
import { strToU8, zipSync } from 'fflate';

export type XlsxColumn = {
  readonly header: string;
  /** Width in characters; a width fitted to the header and the first rows when left out. */
  readonly width?: number;
  /** `number` shows two decimals; `integer` shows whole numbers; `date` takes ISO dates or timestamps. */
  readonly type: 'string' | 'number' | 'integer' | 'date';
};

// cellXfs indexes in styles.xml below.
const STYLE = { plain: 0, header: 1, date: 2, decimal: 3, dateTime: 4 } as const;

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
// Excel holds at most this many characters in a cell.
const MAX_CELL_CHARS = 32_767;

// Characters XML 1.0 forbids (controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML content and attributes, dropping characters XML cannot hold. */
export function xmlEscape(value: string): string {
  return value
    .replace(ILLEGAL_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** 1 → A, 27 → AA. */
export function columnLetters(n: number): string {
  let letters = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) letters = String.fromCharCode(65 + ((i - 1) % 26)) + letters;
  return letters;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO date (or timestamp, taken in UTC) as an Excel serial date: days since 1899-12-30, which is
 * right for every date from 1900-03-01 on (Excel's phantom 1900-02-29 sits before it).
 */
export function excelSerial(iso: string): { serial: number; withTime: boolean } | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const ms = m[4] === undefined ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Date.parse(m[7] ? iso : `${iso}Z`);
  if (!Number.isFinite(ms)) return null;
  const check = new Date(ms);
  // Reject 2026-02-30 and the like, which Date would roll over.
  if (m[4] === undefined && (check.getUTCMonth() !== Number(m[2]) - 1 || check.getUTCDate() !== Number(m[3]))) return null;
  const serial = (ms - Date.UTC(1899, 11, 30)) / 86_400_000;
  return serial >= 61 ? { serial, withTime: m[4] !== undefined } : null;
}

const inlineString = (ref: string, value: string, style: number): string => {
  const textValue = xmlEscape(value.length > MAX_CELL_CHARS ? value.slice(0, MAX_CELL_CHARS) : value);
  const preserve = /^\s|\s$|\n/.test(textValue) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t${preserve}>${textValue}</t></is></c>`;
};

const asText = (value: unknown): string =>
  Array.isArray(value) ? value.map(asText).join('; ') : typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : String(value);

function cellXml(ref: string, value: unknown, column: XlsxColumn): string {
  if (value === null || value === undefined || value === '') return '';
  if (column.type === 'number' || column.type === 'integer') {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return '';
      return `<c r="${ref}"${column.type === 'number' ? ` s="${STYLE.decimal}"` : ''}><v>${value}</v></c>`;
    }
  }
  if (column.type === 'date') {
    const date = excelSerial(value instanceof Date ? value.toISOString() : asText(value));
    if (date) return `<c r="${ref}" s="${date.withTime ? STYLE.dateTime : STYLE.date}"><v>${date.serial}</v></c>`;
  }
  return inlineString(ref, asText(value), STYLE.plain);
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ and not blank. */
export function sheetNameOf(name: string): string {
  const cleaned = name.replace(ILLEGAL_XML, '').replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31);
  return cleaned || 'Sheet1';
}

const STYLES_XML = `${XML_HEADER}<styleSheet xmlns="${MAIN_NS}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

const CONTENT_TYPES_XML = `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>`;

const ROOT_RELS_XML = `${XML_HEADER}<Relationships xmlns="${PKG_REL_NS}">
<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>`;

const WORKBOOK_RELS_XML = `${XML_HEADER}<Relationships xmlns="${PKG_REL_NS}">
<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>
</Relationships>`;

const fittedWidth = (column: XlsxColumn, rows: readonly (readonly unknown[])[], index: number): number => {
  if (column.width !== undefined) return column.width;
  let longest = column.header.length + 2;
  for (const row of rows.slice(0, 200)) {
    const value = row[index];
    const len = value === null || value === undefined ? 0 : column.type === 'date' ? 16 : asText(value).length;
    longest = Math.max(longest, len);
  }
  return Math.min(60, Math.max(8, longest + 1));
};

/** A one-sheet XLSX workbook (ZIP bytes) with a bold, frozen, filterable header row. */
export function writeXlsx(sheetName: string, columns: readonly XlsxColumn[], rows: readonly (readonly unknown[])[]): Uint8Array {
  const name = sheetNameOf(sheetName);
  const lastCol = columnLetters(Math.max(1, columns.length));
  const range = `A1:${lastCol}${rows.length + 1}`;
  const header = `<row r="1">${columns.map((c, i) => inlineString(`${columnLetters(i + 1)}1`, c.header, STYLE.header)).join('')}</row>`;
  const body = rows
    .map((row, r) => {
      const n = r + 2;
      return `<row r="${n}">${columns.map((c, i) => cellXml(`${columnLetters(i + 1)}${n}`, row[i], c)).join('')}</row>`;
    })
    .join('\n');
  const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${fittedWidth(c, rows, i)}" customWidth="1"/>`).join('');
  const sheet = `${XML_HEADER}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">
<dimension ref="${range}"/>
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/>
${columns.length > 0 ? `<cols>${cols}</cols>` : ''}
<sheetData>
${header}
${body}
</sheetData>
${columns.length > 0 ? `<autoFilter ref="${range}"/>` : ''}
</worksheet>`;
  const quotedName = `'${name.replaceAll("'", "''")}'`;
  const workbook = `${XML_HEADER}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">
<bookViews><workbookView/></bookViews>
<sheets><sheet name="${xmlEscape(name)}" sheetId="1" r:id="rId1"/></sheets>
${columns.length > 0 ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${xmlEscape(`${quotedName}!$A$1:$${lastCol}$${rows.length + 1}`)}</definedName></definedNames>` : ''}
</workbook>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES_XML),
      '_rels/.rels': strToU8(ROOT_RELS_XML),
      'xl/workbook.xml': strToU8(workbook),
      'xl/_rels/workbook.xml.rels': strToU8(WORKBOOK_RELS_XML),
      'xl/styles.xml': strToU8(STYLES_XML),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    },
    // A fixed timestamp keeps the bytes of one export reproducible.
    { level: 6, mtime: new Date('2020-01-01T00:00:00Z') },
  );
}
