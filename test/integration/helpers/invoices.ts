// Puts sample invoices straight into a workspace as extracted documents with a receivable each,
// with the manifest's true field values, so backend tests need no OCR run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { insertDocument, setDocumentStatus, writeExtraction } from '../../../src/backend/documents/documents-repo';
import { storeBlob } from '../../../src/backend/store/blobs-repo';
import type { Workspace } from '../../../src/backend/workspace';
import type { ExtractedField, FieldName } from '../../../src/shared/documents';

const SAMPLES = join(process.cwd(), 'resources/samples');
type Manifest = { documents: { file: string; kind: string; mediaType: string; expected: Record<string, unknown> }[] };
const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as Manifest;

/** Stores each sample invoice as an extracted document plus a draft receivable; returns receivable id per file. */
export function seedInvoices(ws: Workspace, files: readonly string[], by = 'system'): Map<string, { receivableId: string; documentId: string }> {
  const out = new Map<string, { receivableId: string; documentId: string }>();
  ws.db.transaction(() => {
    for (const file of files) {
      const doc = manifest.documents.find((d) => d.file === file);
      if (!doc || doc.kind !== 'invoice') throw new Error(`${file} is not a sample invoice`);
      const at = ws.clock().toISOString();
      const bytes = readFileSync(join(SAMPLES, file));
      const blob = storeBlob(ws.db, ws.blobsDir, bytes, doc.mediaType, at);
      const documentId = ws.ids('doc');
      insertDocument(ws.db, { id: documentId, sha256: blob.sha256, fileName: file, mediaType: doc.mediaType, size: bytes.length, createdAt: at, createdBy: by });
      const fields: Partial<Record<FieldName, ExtractedField>> = {};
      for (const [name, value] of Object.entries(doc.expected)) {
        fields[name as FieldName] = { value: value as ExtractedField['value'], raw: String(value), confidence: 0.97, page: 1, bbox: { x: 0.1, y: 0.1, w: 0.2, h: 0.02 }, method: 'text_layer' };
      }
      writeExtraction(ws.db, documentId, { kind: 'invoice', kindScore: 1, fields }, false);
      setDocumentStatus(ws.db, documentId, { status: 'extracted', pageCount: 1 });
      const receivableId = ws.ids('rcv');
      ws.db
        .prepare(`INSERT INTO receivables (id, invoice_document_id, status, created_at, created_by, updated_at) VALUES (?, ?, 'draft', ?, ?, ?)`)
        .run(receivableId, documentId, at, by, at);
      out.set(file, { receivableId, documentId });
    }
  })();
  return out;
}
