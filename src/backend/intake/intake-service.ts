import { createHash } from 'node:crypto';
import { statfsSync } from 'node:fs';
import type { IngestResult } from '../../shared/contract';
import type { DocumentDetail, DocumentKind, DocumentSummary, FieldName, FieldValue } from '../../shared/documents';
import { fieldsFor } from '../../shared/documents';
import { visibleText } from '../../shared/visible-text';
import type { Role } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { normaliseFieldValue } from '../../core/documents/field-values';
import { appendAudit } from '../audit/audit-log';
import { checkXmlFile, extractWithStoredEInvoice } from '../einvoice/einvoice-intake';
import { getEInvoiceInfo } from '../einvoice/einvoice-repo';
import {
  clearInterruptions,
  currentFieldValue,
  findDocumentBySha,
  getDocumentDetail,
  getDocumentRow,
  insertDocument,
  listDocuments,
  loadPages,
  markReviewed,
  setCorrection,
  setDocumentStatus,
  writeExtraction,
} from '../documents/documents-repo';
import type { DocumentFilter } from '../documents/documents-repo';
import type { EventBus } from '../events';
import { getProfile } from '../profiles/profiles-repo';
import { requireRole } from '../services/session';
import type { ActivePerson, SessionState } from '../services/session';
import { readBlob } from '../store/blob-store';
import { storeBlob } from '../store/blobs-repo';
import type { Workspace } from '../workspace';
import { knownParties } from './intake-queue';
import type { IntakeDeps, IntakeQueue } from './intake-queue';

/** Files larger than this are refused before they are stored. */
export const MAX_FILE_BYTES = 250 * 1024 * 1024;

const EDITORS: readonly Role[] = ['analyst', 'risk_officer'];
const INTAKE: readonly Role[] = ['analyst', 'risk_officer', 'field_verifier'];
const READERS: readonly Role[] = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'];

export type IntakeContext = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly deps: IntakeDeps;
  readonly queue: IntakeQueue;
  readonly bus: EventBus;
};

const notFound = <T>(): Result<T> => err('DOCUMENT.NOT_FOUND', 'That document is not in this workspace (it may have been opened in another workspace).');

/** How much room the disk holding `dir` has, in words. */
function freeSpace(dir: string): string {
  try {
    const fs = statfsSync(dir);
    return `${((fs.bavail * fs.bsize) / 2 ** 20).toFixed(1)} MB free`;
  } catch {
    return 'free space unknown';
  }
}

/** A file name as stored: its last path part, trimmed, at most 255 characters; null when nothing is left. */
function displayName(name: string): string | null {
  const last = name.split(/[\\/]/).pop() ?? '';
  const trimmed = last.trim();
  return trimmed ? trimmed.slice(0, 255) : null;
}

/** Stores files content-addressed and queues each new one; the same bytes twice become one document. */
export function ingestFiles(ctx: IntakeContext, files: readonly { name: string; data: string }[]): Result<IngestResult> {
  const person = requireRole(ctx.session, INTAKE, 'add documents');
  if (!person.ok) return person;
  return ingestAs(ctx, person.value.profile.id, files, 'person');
}

/**
 * Stores and queues files on behalf of a profile: the signed-in person, or the person who set the
 * watched inbox folder (who must still exist and be allowed to add documents).
 */
export function ingestAs(
  ctx: IntakeContext,
  profileId: string,
  files: readonly { name: string; data: string }[],
  source: 'person' | 'inbox',
): Result<IngestResult> {
  const actor = getProfile(ctx.ws.db, profileId);
  if (!actor || !INTAKE.includes(actor.role)) {
    return err('AUTH.FORBIDDEN', 'The person who set the inbox folder can no longer add documents. Set the inbox again.');
  }
  const { ws } = ctx;
  const accepted: IngestResult['accepted'][number][] = [];
  const rejected: IngestResult['rejected'][number][] = [];
  let full: string | null = null;
  for (const given of files) {
    const bytes = Buffer.from(given.data, 'base64');
    // A name of nothing but white space (or none) still names its file: "unnamed file", by its hash.
    const named = displayName(given.name);
    const file = { name: named ?? `unnamed file ${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}`, data: given.data };
    const shown = visibleText(file.name);
    const reject = (code: string, message: string) => rejected.push({ fileName: file.name, code, message });
    if (bytes.length === 0) {
      reject('DOCUMENT.EMPTY', `${shown} is empty (0 bytes). Export or scan it again.`);
      continue;
    }
    if (bytes.length > MAX_FILE_BYTES) {
      reject('DOCUMENT.TOO_LARGE', `${shown} is ${(bytes.length / 2 ** 20).toFixed(0)} MB; files up to ${MAX_FILE_BYTES / 2 ** 20} MB are accepted. Split it into smaller files.`);
      continue;
    }
    const mediaType = ctx.deps.sniff(bytes);
    if (!mediaType) {
      reject('DOCUMENT.UNSUPPORTED', `${shown} is not a PDF, PNG, JPEG or TIFF file, nor an XML e-invoice, so it cannot be read. Export it as PDF.`);
      continue;
    }
    // XML is taken only when it is an e-invoice (UBL, CII): any other XML is refused now, saying what it is.
    const xml = mediaType === 'application/xml' ? checkXmlFile(bytes) : null;
    if (xml && !xml.ok) {
      reject(xml.error.code, `${shown}: ${xml.error.message}`);
      continue;
    }
    if (full) {
      reject('STORAGE.FULL', `${shown} was not stored: the disk holding the workspace is full. Free space on that disk, then add it again.`);
      continue;
    }
    let outcome: { documentId: string; duplicateOf: string | null };
    try {
      outcome = ws.db
        .transaction(() => {
          const at = ws.clock().toISOString();
          const blob = storeBlob(ws.db, ws.blobsDir, bytes, mediaType, at);
          if (blob.repaired) {
            // The stored copy had been altered or lost; these genuine bytes restored it.
            appendAudit(ws.db, { at, actor: actor.id, action: 'blob.repaired', entity: 'blob', entityId: blob.sha256, details: { fileName: file.name, size: bytes.length } });
          }
          const existing = findDocumentBySha(ws.db, blob.sha256);
          if (existing) return { documentId: existing.id, duplicateOf: existing.id };
          const id = ws.ids('doc');
          insertDocument(ws.db, { id, sha256: blob.sha256, fileName: file.name, mediaType, size: bytes.length, createdAt: at, createdBy: actor.id });
          appendAudit(ws.db, {
            at,
            actor: actor.id,
            action: 'document.added',
            entity: 'document',
            entityId: id,
            details: { fileName: file.name, sha256: blob.sha256, size: bytes.length, mediaType, source },
          });
          return { documentId: id, duplicateOf: null };
        })
        .immediate();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOSPC' && code !== 'EDQUOT' && !/SQLITE_FULL|database or disk is full/i.test(String((error as Error).message))) throw error;
      // The disk is full: this file and the rest of the batch are not stored; what was stored stays.
      full = `the disk holding the workspace is full (${freeSpace(ws.blobsDir)}, and this file needs ${(bytes.length / 2 ** 20).toFixed(1)} MB more). Free space on that disk, then add the files not stored again.`;
      reject('STORAGE.FULL', `${shown} was not stored: ${full}`);
      continue;
    }
    accepted.push({ fileName: file.name, ...outcome });
    if (outcome.duplicateOf === null) ctx.bus.emit('documents.changed', { documentId: outcome.documentId });
  }
  ctx.queue.kick();
  return ok({ accepted, rejected });
}

/** Documents newest first, filtered; any signed-in person may read them. */
export function listDocumentsFor(ctx: IntakeContext, filter: DocumentFilter): Result<DocumentSummary[]> {
  const person = requireRole(ctx.session, READERS, 'see documents');
  return person.ok ? ok(listDocuments(ctx.ws.db, filter)) : person;
}

export function getDocument(ctx: IntakeContext, id: string): Result<DocumentDetail> {
  const person = requireRole(ctx.session, READERS, 'see documents');
  if (!person.ok) return person;
  const detail = getDocumentDetail(ctx.ws.db, id);
  const einvoice = detail && getEInvoiceInfo(ctx.ws.db, id);
  return detail ? ok(einvoice ? { ...detail, einvoice } : detail) : notFound();
}

/** The original bytes, base64, for the viewer; re-hashed on the way out. */
export function documentFile(ctx: IntakeContext, id: string): Result<{ fileName: string; mediaType: string; data: string }> {
  const person = requireRole(ctx.session, READERS, 'open documents');
  if (!person.ok) return person;
  const row = getDocumentRow(ctx.ws.db, id);
  if (!row) return notFound();
  const bytes = readBlob(ctx.ws.blobsDir, row.sha256);
  return bytes.ok ? ok({ fileName: row.file_name, mediaType: row.media_type, data: bytes.value.toString('base64') }) : bytes;
}

/** Runs `change` on an extracted document in one transaction with its audit entry, then returns the document. */
function editExtracted(
  ctx: IntakeContext,
  id: string,
  doing: string,
  change: (person: ActivePerson, kind: DocumentKind) => Result<{ action: string; details: Record<string, unknown> }>,
): Result<DocumentDetail> {
  const person = requireRole(ctx.session, EDITORS, doing);
  if (!person.ok) return person;
  const row = getDocumentRow(ctx.ws.db, id);
  if (!row) return notFound();
  if (row.status !== 'extracted' && row.status !== 'reviewed') {
    return err('DOCUMENT.NOT_READY', `${row.file_name} is ${row.status}; you can ${doing} once its text has been read.`);
  }
  const outcome = ctx.ws.db
    .transaction(() => {
      const result = change(person.value, row.kind ?? 'other');
      if (result.ok) {
        appendAudit(ctx.ws.db, {
          at: ctx.ws.clock().toISOString(),
          actor: person.value.profile.id,
          action: result.value.action,
          entity: 'document',
          entityId: id,
          details: { fileName: row.file_name, ...result.value.details },
        });
      }
      return result;
    })
    .immediate();
  if (!outcome.ok) return outcome;
  ctx.bus.emit('documents.changed', { documentId: id });
  return getDocument(ctx, id);
}

/** A person's correction of one field (null reverts to the extracted value); audited old → new. */
export function correctField(ctx: IntakeContext, id: string, field: FieldName, value: FieldValue | null): Result<DocumentDetail> {
  return editExtracted(ctx, id, 'correct fields', (person, kind) => {
    if (!fieldsFor(kind).includes(field)) {
      return err('FIELD.INVALID', `A document of kind ${kind.replaceAll('_', ' ')} has no ${field.replaceAll('_', ' ')} field. Change its kind first.`);
    }
    const previous = currentFieldValue(ctx.ws.db, id, field);
    if (value === null) {
      setCorrection(ctx.ws.db, id, field, null);
      return ok({ action: 'document.field_correction_reverted', details: { field, from: previous, to: currentFieldValue(ctx.ws.db, id, field) } });
    }
    const normalised = normaliseFieldValue(field, value);
    if (!normalised.ok) return normalised;
    setCorrection(ctx.ws.db, id, field, { value: normalised.value, by: person.profile.id, at: ctx.ws.clock().toISOString(), previous });
    return ok({ action: 'document.field_corrected', details: { field, from: previous, to: normalised.value } });
  });
}

/** Overrides the classifier and extracts the fields again for the new kind. */
export function setKind(ctx: IntakeContext, id: string, kind: DocumentKind): Result<DocumentDetail> {
  return editExtracted(ctx, id, 'change the kind of a document', (_person, from) => {
    const pages = loadPages(ctx.ws.db, id);
    const known = knownParties(ctx.ws.db);
    // An e-invoice's fields come back from its stored XML when the kind is set (back) to invoice.
    const extraction = extractWithStoredEInvoice(ctx.ws, id, pages, kind, (k) => ctx.deps.extract(pages, k, known));
    writeExtraction(ctx.ws.db, id, extraction, true);
    return ok({ action: 'document.kind_changed', details: { from, to: kind, fields: Object.keys(extraction.fields).length } });
  });
}

/** Records that a person reviewed every field. */
export function markDocumentReviewed(ctx: IntakeContext, id: string): Result<DocumentDetail> {
  return editExtracted(ctx, id, 'mark documents reviewed', (person) => {
    markReviewed(ctx.ws.db, id, person.profile.id, ctx.ws.clock().toISOString());
    return ok({ action: 'document.reviewed', details: {} });
  });
}

/** Stops a queued or running document. */
export function cancelDocument(ctx: IntakeContext, id: string): Result<DocumentSummary> {
  return requeueOrCancel(ctx, id, 'cancel');
}

/** Queues a failed or cancelled document again; pages already read are kept. */
export function retryDocument(ctx: IntakeContext, id: string): Result<DocumentSummary> {
  return requeueOrCancel(ctx, id, 'retry');
}

function requeueOrCancel(ctx: IntakeContext, id: string, what: 'cancel' | 'retry'): Result<DocumentSummary> {
  const person = requireRole(ctx.session, INTAKE, what === 'cancel' ? 'cancel reading a document' : 'retry a document');
  if (!person.ok) return person;
  const row = getDocumentRow(ctx.ws.db, id);
  if (!row) return notFound();
  const allowed = what === 'cancel' ? ['queued', 'processing'] : ['failed', 'cancelled'];
  if (!allowed.includes(row.status)) {
    return err('DOCUMENT.NOT_READY', what === 'cancel' ? `${row.file_name} is ${row.status}, not queued or being read.` : `${row.file_name} is ${row.status}; only failed or cancelled documents can be retried.`);
  }
  const at = ctx.ws.clock().toISOString();
  ctx.ws.db
    .transaction(() => {
      if (what === 'retry') {
        setDocumentStatus(ctx.ws.db, id, { status: 'queued', error: null, requeueAt: at });
        clearInterruptions(ctx.ws.db, id);
      }
      else if (row.status === 'queued') setDocumentStatus(ctx.ws.db, id, { status: 'cancelled', error: null });
      appendAudit(ctx.ws.db, {
        at,
        actor: person.value.profile.id,
        action: what === 'cancel' ? 'document.cancelled' : 'document.requeued',
        entity: 'document',
        entityId: id,
        details: { fileName: row.file_name, from: row.status },
      });
    })
    .immediate();
  // A running read stops at its next page; the queue then records it as cancelled.
  if (what === 'cancel' && row.status === 'processing') ctx.queue.abort(id);
  if (what === 'retry') ctx.queue.kick();
  ctx.bus.emit('documents.changed', { documentId: id });
  const summary = listDocuments(ctx.ws.db).find((d) => d.id === id);
  return summary ? ok(summary) : notFound();
}
