import { describe, expect, it } from 'vitest';
import type { PageText } from '../../../src/shared/documents';
import { COLUMNS, LABELS } from '../../../src/core/extraction/labels';
import { labelWord, matchLabel } from '../../../src/core/extraction/label-match';
import { layoutPage } from '../../../src/core/extraction/layout';
import { cellsOfLine, findTables } from '../../../src/core/extraction/tables';
import { valuesFor } from '../../../src/core/extraction/values';
import { gridPage } from './grid-page';

const segmentsOf = (page: PageText): string[][] => layoutPage(page).lines.map((l) => l.segments.map((s) => s.text));
const tokens = (text: string): { text: string }[] => text.split(/\s+/).map((t) => ({ text: t }));
const never = (): boolean => false;

/** The words of a row of a table, cell by cell: header key → the cell's text. */
const rowCells = (layout: ReturnType<typeof layoutPage>, table: ReturnType<typeof findTables>[number] | undefined, line: number): ((key: string) => string | undefined) => {
  const cells = cellsOfLine(table?.columns ?? [], layout.lines[line]!, layout.em * 4, ['description']);
  return (key) => [...cells.entries()].find(([c]) => c.key === key)?.[1].map((t) => t.text).join(' ');
};

describe('layout: lines and segments', () => {
  it('groups words into lines in reading order and splits columns at wide gaps', () => {
    const page = gridPage(`
Seller:                         Invoice No.:
 Saigon Polytech Resins JSC      SPR/EX/2026/0142
`);
    expect(segmentsOf(page)).toEqual([
      ['Seller:', 'Invoice No.:'],
      ['Saigon Polytech Resins JSC', 'SPR/EX/2026/0142'],
    ]);
  });

  it('keeps a skewed scan line together and apart from the next', () => {
    // Each word 1.2 pt lower than the one before: about 1° of skew over the line.
    const words = 'SHIPPED ON BOARD THE VESSEL NAMED ABOVE IN APPARENT GOOD ORDER'.split(' ');
    const second = 'CONTAINERS SAID TO CONTAIN THE GOODS DESCRIBED BELOW ONLY'.split(' ');
    const mk = (ws: string[], y0: number) => ws.map((text, i) => ({ text, confidence: 0.9, bbox: { x: (20 + i * 60) / 800, y: (y0 + i * 1.6) / 1000, w: 50 / 800, h: 10 / 1000 } }));
    const page: PageText = { n: 1, width: 800, height: 1000, method: 'ocr', rotation: 0, confidence: 0.9, words: [...mk(words, 100), ...mk(second, 114), ...mk(['A', 'B', 'C', 'D', 'E'], 128)] };
    const lines = layoutPage(page).lines.map((l) => l.text);
    expect(lines[0]).toBe(words.join(' '));
    expect(lines[1]).toBe(second.join(' '));
  });

  it("keeps a letterhead's large words together though small print on the same line lowers its height", () => {
    // As a scan gave them (pixels of a 1654 × 2339 page): the name 34–36 px tall, its words 33 px
    // apart; the phone number on the right in 10 px print, read on the same line.
    const w = (text: string, x: number, y: number, width: number, h: number) => ({ text, confidence: 0.9, bbox: { x: x / 1654, y: y / 2339, w: width / 1654, h: h / 2339 } });
    const page: PageText = {
      n: 1, width: 1654, height: 2339, method: 'ocr', rotation: 0, confidence: 0.9,
      words: [
        w('Metalli', 77, 98, 207, 36), w('Adriatica', 317, 95, 270, 36), w('S.r.l.', 620, 93, 168, 34),
        w('Tel.', 1200, 110, 30, 10), w('+39', 1240, 110, 30, 10), w('010', 1280, 110, 30, 10), w('4221', 1320, 110, 40, 10), w('822', 1370, 110, 30, 10),
      ],
    };
    expect(segmentsOf(page)[0]?.[0]).toBe('Metalli Adriatica S.r.l.');
  });

  it('treats a lone bar (a ruled box edge) as a cell boundary', () => {
    expect(segmentsOf(gridPage('HO CHI MINH CITY | HAMBURG, GERMANY'))).toEqual([['HO CHI MINH CITY', 'HAMBURG, GERMANY']]);
  });
});

describe('layout: labels', () => {
  it.each([
    ['Invoice No.:', 'invoice_no', 2],
    ['Invoice # EX2603-0904', 'invoice_no', 2],
    ['(2) Shipper', 'shipper', 2],
    ['Porto de Embarque / Port of Loading', 'pol', 7],
    ['Exportador / Exporter', 'exporter', 3],
    ['Exporter / Exportador: Agro Ltda', 'exporter', 3],
    ['Consignee (if ‘To Order’ so indicate)', 'consignee', 6],
    ['Ocean Vessel / Voy. No.', 'vessel_voyage', 5],
    ['B/L #', 'bl_no', 2],
    ['BiL#', 'bl_no', 1],
    ['Due date: 15 May 2026', 'due_date', 2],
    ['S O L D TO', 'buyer', 5],
    ['Gross Weight (kg)', 'gross_weight', 3],
  ])('%s → %s taking %d words', (text, key, length) => {
    expect(matchLabel(tokens(text), LABELS)).toMatchObject({ key, length });
  });

  it('keeps the parenthesised note as a hint', () => {
    expect(matchLabel(tokens('Quantity (MT)'), COLUMNS)?.note).toBe('(MT)');
  });

  it('reads a label OCR cut short or misspelt only when asked to', () => {
    expect(matchLabel(tokens("Descrip'"), COLUMNS)).toBeNull();
    expect(matchLabel(tokens("Descrip'"), COLUMNS, 8, true)?.key).toBe('description');
    expect(matchLabel(tokens('Consignnee'), LABELS, 8, true)?.key).toBe('consignee');
  });

  it('reads a long caption two letters off on a scan, only when asked to and only when no other caption is as near', () => {
    expect(matchLabel(tokens('Vewnel Name'), LABELS, 8, true)?.key).toBe('vessel');
    expect(matchLabel(tokens('Grow Weight'), LABELS, 8, true)?.key).toBe('gross_weight');
    expect(matchLabel(tokens('Vewnel Name'), LABELS)).toBeNull();
    // Three letters off is too far; so are two letters lost ('Port Shipment' of 'Port to Port Shipment').
    expect(matchLabel(tokens('Vewnul Nane'), LABELS, 8, true)).toBeNull();
    expect(matchLabel(tokens('Port Shipment'), LABELS, 8, true)?.key).not.toBe('pol');
  });

  it('takes a word that begins another label as printed for that label cut off, not for a label one letter away', () => {
    // A stamp's 'SHIPPED' over 'ON BOARD' is the start of "shipped on board", not a misread 'Shipper'.
    expect(matchLabel(tokens('SHIPPED'), LABELS, 8, true)?.key).not.toBe('shipper');
    expect(matchLabel(tokens('Shlpper'), LABELS, 8, true)?.key).toBe('shipper');
  });

  it('reads a misspelt longer label over the shorter one it begins with, never taking the value for label', () => {
    // "Importe" alone is a label too: on OCR, "Importe fotal" is "Importe total", the whole segment.
    expect(matchLabel(tokens('Importe fotal'), LABELS, 12, true)).toMatchObject({ key: 'grand_total', length: 2 });
    expect(matchLabel(tokens('Importe fotal'), LABELS)).toMatchObject({ key: 'grand_total', length: 1 });
    // A label that ends with its colon keeps its length: the words after it are the value.
    expect(matchLabel(tokens('Client: Marie Monet'), LABELS, 12, true)).toMatchObject({ key: 'buyer', length: 1 });
  });

  it('is not fooled by values that begin like labels', () => {
    expect(matchLabel(tokens('SAME AS CONSIGNEE'), LABELS)).toBeNull();
    expect(labelWord('Nº')).toBe('no');
    expect(labelWord('B1L')).toBe('bl');
    // 'N°' on a photo: its ring read as a quote mark, its first stroke as a letter.
    expect(labelWord('IN"')).toBe('no');
    expect(labelWord('N”')).toBe('no');
    expect(matchLabel(tokens('IN" de connaissement'), LABELS)).toMatchObject({ key: 'bl_no', length: 3 });
    expect(labelWord('in')).toBe('in');
  });
});

describe('layout: label/value geometry', () => {
  const valuesOf = (page: PageText, label: string, length: number): string[] => {
    const layout = layoutPage(page);
    const seg = layout.lines.flatMap((l) => l.segments).find((s) => s.text.startsWith(label));
    if (!seg) throw new Error(`no segment ${label}`);
    return valuesFor(layout, seg, length, (s) => matchLabel(s.tokens, LABELS) !== null).map((c) => `${c.placement}:${c.text}`);
  };

  it('finds the value after the label, to its right, and below it in its cell', () => {
    const page = gridPage(`
Due date: 15 May 2026
Invoice #       EX2603-0904
Port of Loading        Port of Discharge       Vessel
Santos, Brazil         Rotterdam, Netherlands  CAPE ITAPEMA
`);
    expect(valuesOf(page, 'Due date', 2)).toEqual(['inline:15 May 2026']);
    expect(valuesOf(page, 'Invoice #', 2)[0]).toBe('right:EX2603-0904');
    expect(valuesOf(page, 'Port of Loading', 3)).toEqual(['below:Santos, Brazil']);
    expect(valuesOf(page, 'Port of Discharge', 3)).toEqual(['below:Rotterdam, Netherlands']);
  });

  it('stops a block at the next label and keeps to the cell', () => {
    const page = gridPage(`
(2) Shipper                              (5) B/L No.
CHAO PHRAYA POLYOLEFINS PCL              NHCLLCH2600913
88/9 MOO 4, SUKHUMVIT ROAD
(3) Consignee
RHEINFELD KUNSTSTOFFTECHNIK GMBH
`);
    expect(valuesOf(page, '(2) Shipper', 2)).toEqual(['below:CHAO PHRAYA POLYOLEFINS PCL', 'below:88/9 MOO 4, SUKHUMVIT ROAD']);
    expect(valuesOf(page, '(5) B/L No.', 3)).toEqual(['below:NHCLLCH2600913']);
  });

  it('does not take a value that another label above claims', () => {
    const page = gridPage(`
                          Port of Loading
Buyer:                    Ho Chi Minh City
Rheinfeld GmbH
`);
    expect(valuesOf(page, 'Buyer:', 1)).toEqual(['below:Rheinfeld GmbH']);
  });
});

describe('layout: tables', () => {
  it('finds the header, its columns, and places each row by column', () => {
    const page = gridPage(`
No.  Description of Goods                HS Code     Quantity     Unit Price        Amount
                                                        (MT)       (USD/MT)         (USD)
 1   Polypropylene Homopolymer Resin     390210        99.000       1,045.00    103,455.00
     Grade SPR-H1120, injection moulding
                                     TOTAL             99.000                   103,455.00
`);
    const layout = layoutPage(page);
    const [table] = findTables(layout, COLUMNS, (l) => /^TOTAL/.test(l.segments[0]?.text ?? ''));
    expect(table?.columns.map((c) => c.key)).toEqual(['index', 'description', 'hs', 'quantity', 'unit_price', 'amount']);
    expect(table?.columns.find((c) => c.key === 'quantity')?.header).toBe('Quantity (MT)');
    const text = rowCells(layout, table, table?.rows[0] ?? -1);
    expect(text('description')).toBe('Polypropylene Homopolymer Resin');
    expect(text('quantity')).toBe('99.000');
    expect(text('unit_price')).toBe('1,045.00');
    expect(text('amount')).toBe('103,455.00');
  });

  it("keeps the thousand groups of a figure wider than its narrow header in the header's column ('9 525,60 kg' under 'Qté')", () => {
    // Positions as a scan gave them (points on an A4 page): the figure starts 30 pt left of its header.
    const w = (text: string, x0: number, x1: number, y: number) => ({ text, bbox: { x: x0 / 595, y: y / 842, w: (x1 - x0) / 595, h: 7 / 842 }, confidence: 0.9 });
    const page: PageText = {
      n: 1,
      width: 595,
      height: 842,
      method: 'ocr',
      rotation: 0,
      confidence: 0.9,
      words: [w('Désignation', 122, 165, 314), w('Qté', 398, 411, 314), w('Prix', 435, 452, 314), w('unitaire', 455, 481, 314), w('Montant', 513, 540, 314), w('Cotton', 122, 146, 333), w('Yarn', 149, 165, 333), w('9', 368, 372, 333), w('525,60', 375, 400, 333), w('kg', 402, 410, 333), w('3,14', 465, 480, 333), w('29910,38', 523, 558, 333)],
    };
    const layout = layoutPage(page);
    const [table] = findTables(layout, COLUMNS, never);
    const text = rowCells(layout, table, 1);
    expect(text('quantity')).toBe('9 525,60 kg');
  });

  it("keeps a typewriter face's thousand groups together: one space is a whole character cell ('14 050 kg' in Courier)", () => {
    // Positions as a 150 dpi scan of a Courier invoice gave them (fractions of an A4 page, levelled): the gap
    // between '14' and '050' is wider than the digits are tall, as a monospaced space is.
    const w = (text: string, x: number, y: number, width: number, h: number) => ({ text, bbox: { x, y, w: width, h }, confidence: 0.95 });
    const page: PageText = {
      n: 1,
      width: 595,
      height: 842,
      method: 'ocr',
      rotation: 0,
      confidence: 0.9,
      words: [
        w('Désignation', 0.0645, 0.333, 0.0831, 0.0068), w('Qté', 0.6556, 0.333, 0.0218, 0.0068), w('Prix', 0.6976, 0.333, 0.0298, 0.0068),
        w('unitaire', 0.7355, 0.333, 0.0597, 0.0068), w('Montant', 0.8508, 0.333, 0.0524, 0.0068), w('HT', 0.9121, 0.333, 0.0145, 0.0068),
        w('Hazelnut', 0.0653, 0.3523, 0.0629, 0.0068), w('Kernels,', 0.1379, 0.3523, 0.0605, 0.0068), w('blanched,', 0.2105, 0.3523, 0.0685, 0.0068),
        w('14', 0.6073, 0.3523, 0.0137, 0.0068), w('050', 0.6315, 0.3523, 0.0218, 0.0068), w('kg', 0.6629, 0.3523, 0.0145, 0.0068),
        w('7,48', 0.7653, 0.3523, 0.0298, 0.0068), w('105', 0.8476, 0.3523, 0.0218, 0.0068), w('094,00', 0.8798, 0.3523, 0.046, 0.0068),
      ],
    };
    const layout = layoutPage(page);
    const [table] = findTables(layout, COLUMNS, never);
    const text = rowCells(layout, table, 1);
    expect(text('quantity')).toBe('14 050 kg');
    expect(text('amount')).toBe('105 094,00');
  });

  it('splits a number and its unit printed close together into their columns', () => {
    const page = gridPage(`
Désignation                          Quantité Unité  Prix unitaire   Montant
Fèves de cacao, grade I                 1 250 sacs          198,40  248 000,00
`);
    const layout = layoutPage(page);
    const [table] = findTables(layout, COLUMNS, never);
    const text = rowCells(layout, table, 1);
    expect(text('quantity')).toBe('1 250');
    expect(text('unit')).toBe('sacs');
  });
});
