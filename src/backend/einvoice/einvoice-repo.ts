/** The e-invoice XML stored with a document: what it is, and the XML itself as a blob. */
import type { EInvoiceInfo } from '../../shared/documents';
import type { Database } from '../db/database';
import { readBlob } from '../store/blob-store';
import { storeBlob } from '../store/blobs-repo';

type EInvoiceRow = {
  syntax: EInvoiceInfo['syntax'];
  document_type: EInvoiceInfo['documentType'];
  customization: string | null;
  label: string;
  attachment: string | null;
  xml_sha256: string;
};

/**
 * Records the e-invoice a document carries, its XML stored content-addressed beside the file (for an
 * XML file, the same blob). Runs inside the caller's transaction; a new reading replaces the old.
 */
export function saveEInvoice(db: Database, blobsDir: string, documentId: string, einvoice: { readonly info: EInvoiceInfo; readonly xml: Uint8Array }, at: string): void {
  const blob = storeBlob(db, blobsDir, einvoice.xml, 'application/xml', at);
  db.prepare(
    `INSERT INTO document_einvoices (document_id, syntax, document_type, customization, label, attachment, xml_sha256, read_at)
     VALUES (@documentId, @syntax, @documentType, @customization, @label, @attachment, @sha256, @at)
     ON CONFLICT (document_id) DO UPDATE SET syntax = excluded.syntax, document_type = excluded.document_type,
       customization = excluded.customization, label = excluded.label, attachment = excluded.attachment,
       xml_sha256 = excluded.xml_sha256, read_at = excluded.read_at`,
  ).run({ documentId, ...einvoice.info, sha256: blob.sha256, at });
}

/** What e-invoice a document carries, or undefined when none. */
export function getEInvoiceInfo(db: Database, documentId: string): EInvoiceInfo | undefined {
  const row = db.prepare('SELECT * FROM document_einvoices WHERE document_id = ?').get(documentId) as EInvoiceRow | undefined;
  return row && { syntax: row.syntax, documentType: row.document_type, customization: row.customization, label: row.label, attachment: row.attachment };
}

/** The stored XML of a document's e-invoice, or null when it has none (or its blob is gone). */
export function loadEInvoiceXml(db: Database, blobsDir: string, documentId: string): { readonly info: EInvoiceInfo; readonly xml: Uint8Array } | null {
  const info = getEInvoiceInfo(db, documentId);
  if (!info) return null;
  const sha = db.prepare('SELECT xml_sha256 FROM document_einvoices WHERE document_id = ?').pluck().get(documentId) as string;
  const bytes = readBlob(blobsDir, sha);
  return bytes.ok ? { info, xml: new Uint8Array(bytes.value) } : null;
}
