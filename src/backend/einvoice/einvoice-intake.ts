/**
 * E-invoices in the workspace: an XML file read into a document with no pages, and a hybrid PDF's
 * embedded XML joined with its pages' reading (the XML's values win; what the page said is kept on
 * each field for the checks to compare). Called from the intake queue and the document service.
 */
import { joinWithPages, xmlExtraction } from '../../core/einvoice';
import type { DocumentKind, Extraction, PageText } from '../../shared/documents';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { appendAudit } from '../audit/audit-log';
import { setDocumentStatus, writeExtraction } from '../documents/documents-repo';
import type { Workspace } from '../workspace';
import { loadEInvoiceXml, saveEInvoice } from './einvoice-repo';
import { readEInvoiceXml } from './read-einvoice';
import type { EInvoiceFound } from './read-einvoice';

/**
 * A document's extraction with its e-invoice, if it has one: the pages read as an invoice (the XML
 * says it is one, whatever the classifier thought) joined with the XML's fields. Without an
 * e-invoice, the pages' extraction as it is.
 */
export function withEInvoice(found: EInvoiceFound | null, pages: readonly PageText[], extract: (kind?: DocumentKind) => Extraction, kind?: DocumentKind): Extraction {
  const read = extract(kind);
  if (!found) return read;
  return joinWithPages(found, read.kind === 'invoice' ? read : extract('invoice'), pages);
}

/** The extraction of a document whose kind a person set, with its stored e-invoice when set to invoice. */
export function extractWithStoredEInvoice(ws: Workspace, documentId: string, pages: readonly PageText[], kind: DocumentKind, extract: (kind?: DocumentKind) => Extraction): Extraction {
  const stored = kind === 'invoice' ? loadEInvoiceXml(ws.db, ws.blobsDir, documentId) : null;
  const found = stored ? readEInvoiceXml(stored.xml, stored.info.attachment === null ? 'xml' : 'embedded_xml', stored.info.attachment) : null;
  return withEInvoice(found?.ok ? found.value : null, pages, extract, kind);
}

/** Records a document's embedded e-invoice; inside the caller's transaction. */
export const recordEmbeddedEInvoice = (ws: Workspace, documentId: string, found: EInvoiceFound, at: string): void => saveEInvoice(ws.db, ws.blobsDir, documentId, found, at);

/**
 * Reads a queued XML file as an e-invoice and records it: its fields, no pages, the XML as the
 * document's e-invoice, status `extracted`, audited. Returns what was read, or why it could not be.
 */
export function intakeXmlDocument(ws: Workspace, documentId: string, fileName: string, bytes: Uint8Array, actor: string): Result<{ readonly fields: number; readonly label: string }> {
  const read = readEInvoiceXml(bytes, 'xml');
  if (!read.ok) return err(read.error.code, `${fileName}: ${read.error.message}`);
  const extraction = xmlExtraction(read.value);
  const at = ws.clock().toISOString();
  ws.db
    .transaction(() => {
      writeExtraction(ws.db, documentId, extraction, false);
      setDocumentStatus(ws.db, documentId, { status: 'extracted', error: null, pageCount: 0 });
      saveEInvoice(ws.db, ws.blobsDir, documentId, read.value, at);
      appendAudit(ws.db, {
        at,
        actor,
        action: 'document.extracted',
        entity: 'document',
        entityId: documentId,
        details: {
          fileName,
          kind: extraction.kind,
          kindScore: extraction.kindScore,
          pages: 0,
          methods: ['xml'],
          fields: Object.keys(extraction.fields).length,
          einvoice: read.value.info.label,
          ...(read.value.problems.length > 0 ? { problems: read.value.problems } : {}),
        },
      });
    })
    .immediate();
  return ok({ fields: Object.keys(extraction.fields).length, label: read.value.info.label });
}

/** Whether a file sniffed as XML is an e-invoice intake can read; the reason when it is not. */
export function checkXmlFile(bytes: Uint8Array): Result<null> {
  const read = readEInvoiceXml(bytes, 'xml');
  return read.ok ? ok(null) : read;
}
