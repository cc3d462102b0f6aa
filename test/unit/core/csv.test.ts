import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, neutraliseFormula, parseCsv, restoreFormula } from '../../../src/core/csv';

const rowsOf = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rows;
};
const cellsOf = (text: string) => rowsOf(text).map((r) => r.cells);

describe('parseCsv', () => {
  it.each([
    ['a,b,c\n1,2,3\n', [['a', 'b', 'c'], ['1', '2', '3']]],
    ['a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
    ['\ufeffid,name\r\n1,x\r\n', [['id', 'name'], ['1', 'x']]],
    ['"a,b","say ""hi"""\n', [['a,b', 'say "hi"']]],
    ['"two\nlines",x\n', [['two\nlines', 'x']]],
    ['"crlf\r\ninside",x\r\n', [['crlf\r\ninside', 'x']]],
    ['a,,\n', [['a', '', '']]],
    ['a,', [['a', '']]],
    ['""\n', [['']]],
    ['a\n\n\nb\n', [['a'], ['b']]],
    ['', []],
    ['x"y,z\n', [['x"y', 'z']]],
  ])('%j', (text, cells) => {
    expect(cellsOf(text)).toEqual(cells);
  });

  it('numbers each row by the line it starts on, counting newlines inside quotes and skipped empty lines', () => {
    const rows = rowsOf('h1,h2\n"multi\nline",1\n\nlast,2\n');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('reports a quote that is never closed by the line it opens on', () => {
    expect(parseCsv('a,b\n1,"open\nstill open')).toMatchObject({ ok: false, line: 2, message: expect.stringContaining('never closed') });
  });

  it('reports text after a closing quote', () => {
    expect(parseCsv('a\n"x"y,1\n')).toMatchObject({ ok: false, line: 2, message: expect.stringContaining('written twice') });
  });
});

describe('formatCsv', () => {
  it('quotes only when needed and ends records with CRLF', () => {
    expect(formatCsv([['a', 'b c', 'd,e', 'f"g', 'h\ni']])).toBe('a,b c,"d,e","f""g","h\ni"\r\n');
  });

  it('writes a BOM when asked', () => {
    expect(formatCsv([['x']], { bom: true })).toBe('\ufeffx\r\n');
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ["'=x", "''=x"],
    ['-12.5', '-12.5'],
    ['+3', '+3'],
    ['1e-5', '1e-5'],
    ['plain', 'plain'],
    ['', ''],
  ])('neutralises %j as %j', (cell, safe) => {
    expect(neutraliseFormula(cell)).toBe(safe);
    expect(restoreFormula(safe)).toBe(cell);
  });

  it('keeps formulas as they are when neutralising is off', () => {
    expect(formatCsv([['=1+1']], { neutraliseFormulas: false })).toBe('=1+1\r\n');
    expect(formatCsv([['=1+1']])).toBe("'=1+1\r\n");
  });
});

describe('round trip', () => {
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '=', '+', '-', '@', "'", '\t', 'é', '1', '.') }),
    fc.string(),
  );
  const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

  it('parse(format(rows)) gives the rows back', () => {
    fc.assert(
      fc.property(rows, fc.boolean(), (input, bom) => {
        const text = formatCsv(input, { neutraliseFormulas: false, bom });
        expect(cellsOf(text)).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });

  it('restoring neutralised cells gives the original cells back', () => {
    fc.assert(
      fc.property(rows, (input) => {
        expect(cellsOf(formatCsv(input)).map((r) => r.map(restoreFormula))).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });

  it('no exported cell starts like a formula unless it is a plain number', () => {
    fc.assert(
      fc.property(rows, (input) => {
        for (const row of cellsOf(formatCsv(input))) {
          for (const c of row) expect(/^[=+\-@\t\r]/.test(c) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(c)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
