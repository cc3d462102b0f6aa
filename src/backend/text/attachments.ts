/**
 * Files embedded in a PDF (its EmbeddedFiles name tree), read with the same hardened pdf.js loading
 * as its pages, and the pick of the invoice XML a hybrid e-invoice carries: Factur-X, ZUGFeRD 2.x
 * and XRechnung embed it under a conventional name, and any other attached XML counts when its root
 * is an e-invoice.
 */
import { ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { openPdf } from './pdf';

/** One embedded file. */
export type PdfAttachment = { readonly name: string; readonly description: string; readonly bytes: Uint8Array };

/** Beyond this many attachments a PDF is a container, not an invoice; the rest are not read. */
const MAX_ATTACHMENTS = 50;
/** An attachment larger than this is not an invoice's XML and is skipped. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * The names the hybrid formats give their XML, best first: Factur-X 1.0 and ZUGFeRD 2.1+
 * (`factur-x.xml`), ZUGFeRD 2.0 (`zugferd-invoice.xml`), XRechnung in a PDF (`xrechnung.xml`),
 * ZUGFeRD 1.0 (`ZUGFeRD-invoice.xml`, told apart by its root later).
 */
export const EINVOICE_ATTACHMENT_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'] as const;

/**
 * The PDF's embedded files whose name `accept`s (default: every one), in the PDF's order. A PDF
 * pdf.js cannot open comes back as its error; one with no attachments as an empty list.
 */
export async function readPdfAttachments(bytes: Uint8Array, accept: (name: string) => boolean = () => true): Promise<Result<PdfAttachment[]>> {
  // An embedded file is a stream of /Type /EmbeddedFile, and a stream is never inside a compressed
  // object stream: a PDF whose bytes never say it has no attachment, and is not parsed a second time.
  if (!hasEmbeddedFile(bytes)) return ok([]);
  const opened = await openPdf(bytes);
  if (!opened.ok) return opened;
  const { doc, close } = opened.value;
  try {
    const listed = await doc.getAttachments().catch(() => null);
    const out: PdfAttachment[] = [];
    for (const [id, meta] of [...(listed ?? new Map())].slice(0, MAX_ATTACHMENTS)) {
      if (!accept(meta.filename)) continue;
      const content = meta.content ?? (await doc.getAttachmentContent(id).catch(() => null));
      if (!content || content.length > MAX_ATTACHMENT_BYTES) continue;
      out.push({ name: meta.filename, description: meta.description, bytes: new Uint8Array(content) });
    }
    return ok(out);
  } finally {
    await close().catch(() => undefined);
  }
}

/**
 * A PDF's `.xml` attachments in the order they are tried as its invoice XML: those under a
 * conventional name first (best first), then the others in the PDF's order. Not parsed here.
 */
export async function invoiceXmlCandidates(bytes: Uint8Array): Promise<Result<PdfAttachment[]>> {
  const read = await readPdfAttachments(bytes, (name) => name.toLowerCase().endsWith('.xml'));
  if (!read.ok) return read;
  const rank = (a: PdfAttachment): number => {
    const i = (EINVOICE_ATTACHMENT_NAMES as readonly string[]).indexOf(a.name.toLowerCase());
    return i < 0 ? EINVOICE_ATTACHMENT_NAMES.length : i;
  };
  return ok([...read.value].sort((a, b) => rank(a) - rank(b)));
}

/**
 * The invoice XML among a PDF's attachments: one under a conventional name whose content `isInvoice`
 * accepts, else the first other `.xml` attachment it accepts; null when there is none.
 */
export async function findInvoiceXml(bytes: Uint8Array, isInvoice: (xml: Uint8Array) => boolean): Promise<Result<PdfAttachment | null>> {
  const candidates = await invoiceXmlCandidates(bytes);
  return candidates.ok ? ok(candidates.value.find((a) => isInvoice(a.bytes)) ?? null) : candidates;
}

const EMBEDDED_FILE = Buffer.from('/EmbeddedFile');

/** Whether the PDF's bytes name an embedded file stream anywhere. */
export const hasEmbeddedFile = (bytes: Uint8Array): boolean => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(EMBEDDED_FILE);
