import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { openPdf, readPdfPage } from '../../../src/backend/text/pdf';
import { makePdf, scanPage } from './fixtures';

// A PDF that names the standard fonts without embedding them (as pdfkit, many reporting tools and
// older office suites write them) is read for its text without loading those fonts' programs, and
// drawn for OCR with them loaded.

const SIZE = 20;

const readPage = async (bytes: Uint8Array) => {
  const opened = await openPdf(bytes);
  if (!opened.ok) throw new Error(opened.error.message);
  try {
    const page = await readPdfPage(opened.value, 1);
    if (!page.ok) throw new Error(page.error.message);
    return page.value;
  } finally {
    await opened.value.close();
  }
};

describe('standard fonts a PDF does not embed', () => {
  it('give word boxes the height they have with the font programs loaded', async () => {
    const bytes = await makePdf((doc) => {
      for (const font of ['Courier', 'Times-Roman', 'Helvetica', 'Helvetica-Bold']) doc.font(font).fontSize(SIZE).text(`${font.replace('-', '')} 1045`);
    });
    const page = await readPage(bytes);
    expect(page.kind).toBe('text');
    if (page.kind !== 'text') return;
    const height = (text: string): number => {
      const word = page.words.find((w) => w.text === text);
      if (!word) throw new Error(`${text} was not read: ${page.words.map((w) => w.text).join(' ')}`);
      return (word.bbox.h * page.size.height) / SIZE;
    };
    // Courier and Times: 0.8 above the baseline and 0.2 below (pdf.js gives their programs no
    // ascent); Helvetica: Liberation Sans's 0.905 and 0.212, not the 0.718 and 0.207 of the metrics
    // table pdf.js falls back on when it does not load the program.
    expect(height('Courier')).toBeCloseTo(1, 2);
    expect(height('TimesRoman')).toBeCloseTo(1, 2);
    expect(height('Helvetica')).toBeCloseTo(0.905 + 0.212, 2);
    expect(height('HelveticaBold')).toBeCloseTo(0.905 + 0.212, 2);
  });

  it('are drawn when a page is rendered for OCR', async () => {
    // A white image over the page and a few words in Helvetica on top: too little text to trust the
    // text layer alone, so the page is drawn (from the file opened again with the standard fonts'
    // programs, so the drawing does not depend on the fonts the machine has), words included.
    const canvas = createCanvas(200, 280);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 200, 280);
    const bytes = await makePdf((doc) => {
      scanPage(doc, new Uint8Array(canvas.toBuffer('image/jpeg')));
      doc.font('Helvetica').fontSize(40).fillColor('black').text('INVOICE 42', 60, 100, { baseline: 'alphabetic', lineBreak: false });
    });
    const page = await readPage(bytes);
    expect(page.kind).toBe('image');
    if (page.kind !== 'image') return;
    const { width, data } = page.image;
    // Dark pixels only in the words' band (baseline at 100 pt, 40 pt letters), at 300 DPI.
    const scale = width / page.size.width;
    let inside = 0;
    let outside = 0;
    for (let i = 0; i < data.length; i += 1) {
      if (data[i]! >= 128) continue;
      const y = Math.floor(i / width) / scale;
      if (y > 65 && y < 110) inside += 1;
      else outside += 1;
    }
    expect(inside).toBeGreaterThan(5000);
    expect(outside).toBe(0);
  });
});
