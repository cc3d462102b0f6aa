import { describe, expect, it } from 'vitest';
import { splitDocuments } from '../../../src/core/extraction/split';
import { gridPage } from './grid-page';

const invoice = (number: string, extra = ''): string => `COMMERCIAL INVOICE\n\nInvoice No.: ${number}\nDate: 16/02/2026\n${extra}\nTotal Amount: USD 1,000.00`;
const bl = (number: string): string => `BILL OF LADING\n\nB/L No.: ${number}\nShipper\nSaigon Polytech Resins JSC\nPort of Loading: Cat Lai\nShipped on board 10/03/2026`;
const pages = (...texts: string[]): ReturnType<typeof gridPage>[] => texts.map((t, i) => gridPage(t, { n: i + 1 }));

describe('splitDocuments', () => {
  it('keeps a single document whole', () => {
    expect(splitDocuments(pages(invoice('A-1')))).toEqual([{ from: 1, to: 1 }]);
  });

  it('cuts two invoices with their own numbers apart', () => {
    expect(splitDocuments(pages(invoice('A-1'), invoice('A-2')))).toEqual([
      { from: 1, to: 1 },
      { from: 2, to: 2 },
    ]);
  });

  it('cuts an invoice from the bill of lading scanned behind it', () => {
    expect(splitDocuments(pages(invoice('A-1'), bl('MRDL123')))).toEqual([
      { from: 1, to: 1 },
      { from: 2, to: 2 },
    ]);
  });

  it('keeps a multi-page invoice together when its title repeats with the same number', () => {
    expect(splitDocuments(pages(invoice('A-1'), invoice('A-1'), bl('MRDL123')))).toEqual([
      { from: 1, to: 2 },
      { from: 3, to: 3 },
    ]);
  });

  it('follows printed page numbers: "Page 2 of 2" goes on, "Page 1 of 1" starts anew', () => {
    const p1 = invoice('A-1', 'Page 1 of 2');
    const p2 = 'Goods continued\nItem 7  Widgets  2 pcs\nPage 2 of 2';
    const p3 = invoice('B-9', 'Page 1 of 1');
    expect(splitDocuments(pages(p1, p2, p3))).toEqual([
      { from: 1, to: 2 },
      { from: 3, to: 3 },
    ]);
  });

  it('keeps untitled pages with the document before them', () => {
    expect(splitDocuments(pages(invoice('A-1'), 'Terms and conditions\n1. Payment within 30 days.'))).toEqual([{ from: 1, to: 2 }]);
  });
});
