/**
 * Several documents in one file: a scanner batch with two invoices, an invoice with its B/L scanned
 * behind it. The file is cut where its pages say a new document begins: a page marked "Page 1 of
 * 2", a title of another kind, or a title carrying another document number. Pages marked as later
 * pages ("Page 2 of 3", "continued"), or without a title, go on with the document before them.
 */
import type { DocumentKind, PageText } from '../../shared/documents';
import type { Context } from './context';
import { context, fromLabels } from './context';
import { classify } from './classify';
import type { PageLayout } from './layout';
import { layoutPage } from './layout';
import { parseReference } from './parsers';

/** A run of pages that make one document, 1-based and inclusive. */
export type DocumentPart = { readonly from: number; readonly to: number };

// "Page 1 of 3", "Seite 2 von 4", "Página 1 de 2", "Pagina 1 di 2", "Pagina 1 van 2", "Strona 1 z 2",
// "Sayfa 1/2", "Halaman 1 dari 2", "Trang 1/2", "第1页 共2页", "1/3".
const PAGE_OF =
  /\b(?:page|pg\.?|seite|p[aá]gina|pagina|strona|sayfa|halaman|trang)\s*(\d{1,3})\s*(?:of|von|de|di|van|z|\/|dari|sur)\s*(\d{1,3})\b|第\s*(\d{1,3})\s*页\s*共\s*(\d{1,3})\s*页|^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/im;
const CONTINUED = /\b(continued|continuation|cont'd|fortsetzung|suite|continuación|continuação|continua|vervolg|devam|ciąg dalszy|lanjutan|tiếp theo)\b|\b(carried|brought)\s+forward\b|übertrag/i;

type PageSignals = {
  readonly layout: PageLayout;
  /** This page's number within its document and the document's page count, when printed. */
  readonly marker: { readonly index: number; readonly of: number } | null;
  readonly continued: boolean;
  /** The kind its own title names, when the page has a title. */
  readonly titled: DocumentKind | null;
  /** The document number the page prints (invoice or B/L number), when labelled. */
  readonly number: string | null;
};

function signals(page: PageText): PageSignals {
  const layout = layoutPage(page);
  const text = layout.lines.map((l) => l.text).join('\n');
  const m = PAGE_OF.exec(text);
  const nums = m ? (m.slice(1).filter((x) => x !== undefined).map(Number) as number[]) : [];
  const marker = nums.length === 2 && nums[0]! >= 1 && nums[0]! <= nums[1]! ? { index: nums[0]!, of: nums[1]! } : null;
  const c = classify([layout]);
  const titled = c.evidence.some((e) => e.startsWith('title ')) && c.kind !== 'other' ? c.kind : c.evidence.some((e) => e.startsWith('title ')) ? 'other' : null;
  const ctx: Context = context([layout]);
  const number = String(fromLabels(ctx, { invoice_no: 1, bl_no: 1 }, parseReference)?.value ?? '') || null;
  return { layout, marker, continued: CONTINUED.test(text), titled, number };
}

/** Where a file's pages divide into documents; one part covering every page when nothing divides it. */
export function splitDocuments(pages: readonly PageText[]): DocumentPart[] {
  if (pages.length <= 1) return pages.length ? [{ from: pages[0]!.n, to: pages[pages.length - 1]!.n }] : [];
  const sig = pages.map(signals);
  const parts: { from: number; to: number; kind: DocumentKind | null; number: string | null; left: number }[] = [];
  sig.forEach((s, i) => {
    const n = pages[i]!.n;
    const cur = parts[parts.length - 1];
    let starts = !cur;
    if (cur && !s.continued) {
      if (s.marker) {
        // A printed page number decides: page 1 starts a document, a later page goes on.
        starts = s.marker.index === 1;
      } else if (cur.left > 0) {
        starts = false;
      } else if (s.titled) {
        starts = s.titled !== cur.kind || (s.number !== null && cur.number !== null && s.number !== cur.number);
      }
    }
    if (starts) parts.push({ from: n, to: n, kind: s.titled, number: s.number, left: s.marker ? s.marker.of - s.marker.index : 0 });
    else if (cur) {
      cur.to = n;
      cur.kind ??= s.titled;
      cur.number ??= s.number;
      cur.left = s.marker ? s.marker.of - s.marker.index : Math.max(0, cur.left - 1);
    }
  });
  return parts.map(({ from, to }) => ({ from, to }));
}
