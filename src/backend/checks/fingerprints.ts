/**
 * Double-financing fingerprints: a keyed HMAC-SHA-256 over an invoice's seller, buyer, number,
 * issue date, amount and currency. Co-managers who share one consortium key exchange fingerprint
 * files; an invoice financed by another co-manager shows up as a match without either side seeing
 * the other's invoices (without the key a fingerprint cannot be recomputed from guesses).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { toMinor } from '../../shared/checks';
import type { ExportedFile } from '../../shared/contract';
import type { FieldName } from '../../shared/documents';
import type { Role } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { canonicalJson } from '../../core/canonical-json';
import { compactId, invoiceNumberKey } from '../../core/checks/facts';
import { normalizePartyName } from '../../core/checks/names';
import { appendAudit } from '../audit/audit-log';
import { sha256Hex } from '../crypto/hash';
import type { Database } from '../db/database';
import { currentFieldValue } from '../documents/documents-repo';
import type { EventBus } from '../events';
import { requireRole } from '../services/session';
import type { SessionState } from '../services/session';
import type { Workspace } from '../workspace';

const KEY_META = 'fingerprint_key';
const FORMAT = 'quayside-fingerprints' as const;
/**
 * The fingerprint scheme. Bumping it changes every fingerprint, so co-managers must all move
 * together: files of another scheme are refused with a message saying so, and imported
 * fingerprints of an older scheme are no longer consulted. 2: the invoice number by its digits.
 */
export const FINGERPRINT_SCHEME = 2;
const ENCODING = `quayside-invoice-fingerprint/${FINGERPRINT_SCHEME}`;

const READERS: readonly Role[] = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'];
const EXCHANGERS: readonly Role[] = ['analyst', 'risk_officer'];
const KEY_HOLDERS: readonly Role[] = ['risk_officer'];

export type FingerprintContext = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly bus: EventBus;
};

export type InvoiceParts = {
  readonly seller: string | null | undefined;
  readonly buyer: string | null | undefined;
  readonly invoiceNumber: string | null | undefined;
  readonly issueDate: string | null | undefined;
  readonly amount: number | null | undefined;
  readonly currency: string | null | undefined;
};

/**
 * An invoice's fingerprint parts from its fields as the rules see them (corrections applied), or
 * null when one is missing (such an invoice has no fingerprint).
 */
export function invoicePartsOf(fields: Partial<Record<FieldName, { readonly value: unknown }>>): InvoiceParts | null {
  const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
  const [seller, buyer, currency, invoiceNumber, issueDate] = [fields.seller, fields.buyer, fields.currency, fields.invoice_number, fields.issue_date].map((f) => text(f?.value));
  const amount = typeof fields.total_amount?.value === 'number' ? fields.total_amount.value : null;
  return seller && buyer && invoiceNumber && issueDate && amount !== null && currency ? { seller, buyer, invoiceNumber, issueDate, amount, currency } : null;
}

/** The public name of a key: the first 16 hex digits of its SHA-256 (reveals nothing of the key). */
export const keyIdOf = (key: Buffer): string => sha256Hex(key).slice(0, 16);

/** The workspace's fingerprint key, or undefined before its first use (never makes one). */
export const readKey = (db: Database): Buffer | undefined => {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY_META) as { value: string } | undefined;
  return row ? Buffer.from(row.value, 'hex') : undefined;
};

/** The workspace's fingerprint key; 32 random bytes are made (and audited by id) on first use. */
export function fingerprintKey(db: Database, at: () => string = () => new Date().toISOString()): Buffer {
  const existing = readKey(db);
  if (existing) return existing;
  return db
    .transaction((): Buffer => {
      const raced = readKey(db);
      if (raced) return raced;
      const key = randomBytes(32);
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(KEY_META, key.toString('hex'));
      appendAudit(db, { at: at(), actor: 'system', action: 'fingerprints.key_created', entity: 'fingerprints', entityId: keyIdOf(key), details: { keyId: keyIdOf(key) } });
      return key;
    })
    .immediate();
}

/**
 * The keyed fingerprint of one invoice, or null when a part is missing. Parts are normalized first so
 * that the same invoice read by two co-managers (different OCR, case, legal suffixes, punctuation in
 * the number) gives the same fingerprint: names via normalizePartyName; the number by its digits,
 * with the letters OCR takes for digits read as digits ("SPR/EX/2026/0167", "SPR-EX-2026-0167" and a
 * scan's "SPRIEX/2026/O167" are one number), or as printed letters and digits when it has fewer than
 * four; the amount in integer minor units; the ISO issue date (which carries the year).
 */
export function invoiceFingerprint(key: Buffer, parts: InvoiceParts): string | null {
  const seller = parts.seller ? normalizePartyName(parts.seller) : '';
  const buyer = parts.buyer ? normalizePartyName(parts.buyer) : '';
  const number = parts.invoiceNumber && compactId(parts.invoiceNumber) ? invoiceNumberKey(parts.invoiceNumber) : '';
  const date = /^\d{4}-\d{2}-\d{2}/.exec(parts.issueDate ?? '')?.[0] ?? '';
  const currency = (parts.currency ?? '').trim().toUpperCase();
  const amount = parts.amount;
  if (!seller || !buyer || !number || !date || !/^[A-Z]{3}$/.test(currency) || typeof amount !== 'number' || !Number.isFinite(amount)) return null;
  // Strings and an integer: JSON.stringify gives exactly their canonical JSON, without its per-item walk.
  const message = JSON.stringify([ENCODING, seller, buyer, number, date, toMinor(amount, currency), currency]);
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

/** `invoiceFingerprint` with the key bound, for the snapshot's dependencies (party names are normalized through their own cache). */
export const fingerprinter =
  (key: Buffer): ((parts: InvoiceParts) => string | null) =>
  (parts) =>
    invoiceFingerprint(key, parts);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Fingerprints of every receivable's invoice (fields as they stand: a person's correction wins),
 * as fingerprint → receivable ids. Invoices missing a part have none.
 */
export function ownFingerprints(db: Database, key: Buffer): Map<string, string[]> {
  const rows = db.prepare('SELECT id, invoice_document_id FROM receivables ORDER BY id').all() as { id: string; invoice_document_id: string }[];
  const own = new Map<string, string[]>();
  for (const row of rows) {
    const field = (name: FieldName) => currentFieldValue(db, row.invoice_document_id, name);
    const amount = field('total_amount');
    const fingerprint = invoiceFingerprint(key, {
      seller: text(field('seller')),
      buyer: text(field('buyer')),
      invoiceNumber: text(field('invoice_number')),
      issueDate: text(field('issue_date')),
      amount: typeof amount === 'number' ? amount : null,
      currency: text(field('currency')),
    });
    if (fingerprint === null) continue;
    const ids = own.get(fingerprint) ?? [];
    ids.push(row.id);
    own.set(fingerprint, ids);
  }
  return own;
}

/** Imported fingerprints, fingerprint → source(s), for the check context. */
export function foreignFingerprints(db: Database): Map<string, string> {
  const rows = db.prepare('SELECT fingerprint, source FROM foreign_fingerprints WHERE scheme = ? ORDER BY fingerprint, source').all(FINGERPRINT_SCHEME) as { fingerprint: string; source: string }[];
  const map = new Map<string, string>();
  for (const { fingerprint, source } of rows) {
    const known = map.get(fingerprint);
    map.set(fingerprint, known ? `${known}, ${source}` : source);
  }
  return map;
}

const now = (ws: Workspace) => () => ws.clock().toISOString();

/** The key in use (by id) and how many fingerprints are known, own and imported. */
export function fingerprintInfo(ctx: FingerprintContext): Result<{ keyId: string; own: number; imported: number; sources: string[] }> {
  const person = requireRole(ctx.session, READERS, 'see fingerprints');
  if (!person.ok) return person;
  const { db } = ctx.ws;
  const key = fingerprintKey(db, now(ctx.ws));
  const imported = (db.prepare('SELECT count(DISTINCT fingerprint) AS n FROM foreign_fingerprints WHERE scheme = ?').get(FINGERPRINT_SCHEME) as { n: number }).n;
  const sources = db.prepare('SELECT DISTINCT source FROM foreign_fingerprints WHERE scheme = ? ORDER BY source').pluck().all(FINGERPRINT_SCHEME) as string[];
  return ok({ keyId: keyIdOf(key), own: ownFingerprints(db, key).size, imported, sources });
}

/**
 * Replaces the workspace key with the consortium key (risk officers). Imported fingerprints were
 * made under the old key and can never match again, so they are dropped, and so are the invoices'
 * cached facts rows that keep a fingerprint (the next run builds them under the new key); the audit
 * entry names both keys by id, never the key itself.
 */
export function setFingerprintKey(ctx: FingerprintContext, hexKey: string): Result<{ keyId: string }> {
  const person = requireRole(ctx.session, KEY_HOLDERS, 'change the double-financing key');
  if (!person.ok) return person;
  const { ws } = ctx;
  const key = Buffer.from(hexKey.toLowerCase(), 'hex');
  return ws.db
    .transaction((): Result<{ keyId: string }> => {
      const old = fingerprintKey(ws.db, now(ws));
      if (old.equals(key)) return ok({ keyId: keyIdOf(key) });
      ws.db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(key.toString('hex'), KEY_META);
      const dropped = ws.db.prepare('DELETE FROM foreign_fingerprints').run().changes;
      ws.db.prepare('DELETE FROM document_facts WHERE fingerprint IS NOT NULL').run();
      appendAudit(ws.db, {
        at: ws.clock().toISOString(),
        actor: person.value.profile.id,
        action: 'fingerprints.key_set',
        entity: 'fingerprints',
        entityId: keyIdOf(key),
        details: { oldKeyId: keyIdOf(old), newKeyId: keyIdOf(key), droppedImported: dropped },
      });
      return ok({ keyId: keyIdOf(key) });
    })
    .immediate();
}

const FileSchema = z
  .object({
    format: z.literal(FORMAT),
    /** The fingerprint scheme (see FINGERPRINT_SCHEME); older ones are recognised to say so. */
    version: z.number().int().min(1),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    /** A random id of the exporting workspace (reveals nothing), so a workspace never imports itself. */
    origin: z.string().regex(/^[0-9a-f]{32}$/),
    exportedAt: z.string().min(1).max(40),
    count: z.number().int().min(0),
    fingerprints: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

type FingerprintFile = z.infer<typeof FileSchema>;

// The MAC lets the receiver (who holds the same key) tell a file altered on the way from a genuine one.
const macOf = (key: Buffer, file: Omit<FingerprintFile, 'mac'>): string =>
  createHmac('sha256', key).update(canonicalJson(file), 'utf8').digest('hex');

/** This workspace's random origin id for fingerprint files, made on first use. */
export function fingerprintOrigin(db: Database): string {
  const known = db.prepare("SELECT value FROM meta WHERE key = 'fingerprint_origin'").pluck().get() as string | undefined;
  if (known) return known;
  const origin = randomBytes(16).toString('hex');
  db.prepare("INSERT INTO meta (key, value) VALUES ('fingerprint_origin', ?) ON CONFLICT (key) DO NOTHING").run(origin);
  return db.prepare("SELECT value FROM meta WHERE key = 'fingerprint_origin'").pluck().get() as string;
}

/** The export file: sorted distinct fingerprints, the key's id, the origin and a MAC under the key. */
export function fingerprintFile(key: Buffer, fingerprints: Iterable<string>, exportedAt: string, origin: string): FingerprintFile {
  const sorted = [...new Set(fingerprints)].sort();
  const body = { format: FORMAT, version: FINGERPRINT_SCHEME, keyId: keyIdOf(key), origin, exportedAt, count: sorted.length, fingerprints: sorted };
  return { ...body, mac: macOf(key, body) };
}

/** Exports this workspace's invoice fingerprints as JSON (audited: who sent how many, under which key). */
export function exportFingerprints(ctx: FingerprintContext): Result<ExportedFile> {
  const person = requireRole(ctx.session, EXCHANGERS, 'export fingerprints');
  if (!person.ok) return person;
  const { ws } = ctx;
  const at = ws.clock().toISOString();
  const key = fingerprintKey(ws.db, now(ws));
  const file = fingerprintFile(key, ownFingerprints(ws.db, key).keys(), at, fingerprintOrigin(ws.db));
  ws.db
    .transaction(() => {
      appendAudit(ws.db, {
        at,
        actor: person.value.profile.id,
        action: 'fingerprints.exported',
        entity: 'fingerprints',
        entityId: file.keyId,
        details: { keyId: file.keyId, count: file.count },
      });
    })
    .immediate();
  return ok({
    fileName: `fingerprints-${file.keyId}-${at.slice(0, 10)}.json`,
    mediaType: 'application/json',
    data: `${JSON.stringify(file, null, 2)}\n`,
    encoding: 'utf8',
  });
}

const invalid = <T>(why: string): Result<T> =>
  err('FINGERPRINT.FILE_INVALID', `${why} Ask the co-manager to export the file again with Quayside and send it unchanged.`);

/**
 * Imports a co-manager's fingerprint file under a source name, replacing what that source sent
 * before. The file must be made under our key (else KEY_MISMATCH) and unaltered (else FILE_INVALID).
 * Returns how many fingerprints it holds and how many of them are invoices of ours.
 */
export function importFingerprints(ctx: FingerprintContext, source: string, data: string): Result<{ imported: number; matches: number }> {
  const person = requireRole(ctx.session, EXCHANGERS, 'import fingerprints');
  if (!person.ok) return person;
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return invalid('The file is not JSON, so it is not a Quayside fingerprint file.');
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(`The file is not a Quayside fingerprint file (${issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'unknown layout'}).`);
  }
  const file = parsed.data;
  if (file.version !== FINGERPRINT_SCHEME) {
    const older = file.version < FINGERPRINT_SCHEME;
    return err(
      'FINGERPRINT.FILE_INVALID',
      `The file holds fingerprints of scheme ${file.version}, this workspace makes scheme ${FINGERPRINT_SCHEME}, so none could match. ` +
        (older ? 'Ask the co-manager to update Quayside and export again.' : 'Update Quayside, then import the file again.'),
    );
  }
  const { ws } = ctx;
  const key = fingerprintKey(ws.db, now(ws));
  if (file.keyId !== keyIdOf(key)) {
    return err(
      'FINGERPRINT.KEY_MISMATCH',
      `The file was made under key ${file.keyId}, this workspace uses key ${keyIdOf(key)}, so no fingerprint could match. ` +
        'Agree on one consortium key with the co-managers and set it in every workspace (fingerprints.setKey), then export and import again.',
    );
  }
  const { mac, ...body } = file;
  const expected = Buffer.from(macOf(key, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex')) || file.count !== file.fingerprints.length || new Set(file.fingerprints).size !== file.count) {
    return invalid('The file was changed after it was exported (its check code does not match its content).');
  }
  if (file.origin === fingerprintOrigin(ws.db)) {
    return invalid('This file was exported from this very workspace, so every invoice in it would look financed twice. Import the files other co-managers send you.');
  }
  const own = ownFingerprints(ws.db, key);
  const matched = file.fingerprints.filter((f) => own.has(f));
  ws.db
    .transaction(() => {
      const at = ws.clock().toISOString();
      const replaced = ws.db.prepare('DELETE FROM foreign_fingerprints WHERE source = ?').run(source).changes;
      const insert = ws.db.prepare('INSERT OR IGNORE INTO foreign_fingerprints (fingerprint, source, imported_at, imported_by, scheme) VALUES (?, ?, ?, ?, ?)');
      for (const fingerprint of file.fingerprints) insert.run(fingerprint, source, at, person.value.profile.id, FINGERPRINT_SCHEME);
      appendAudit(ws.db, {
        at,
        actor: person.value.profile.id,
        action: 'fingerprints.imported',
        entity: 'fingerprints',
        entityId: source,
        details: { source, keyId: file.keyId, exportedAt: file.exportedAt, count: file.count, replaced, matches: matched.length },
      });
    })
    .immediate();
  const ids = [...new Set(matched.flatMap((f) => own.get(f) ?? []))];
  if (ids.length > 0) ctx.bus.emit('receivables.changed', { ids });
  return ok({ imported: file.count, matches: matched.length });
}
