import { GENESIS_HASH, sealEntry, verifyChain } from '../../core/audit-chain';
import type { ChainHead } from '../../core/audit-chain';
import type { AuditEntry, AuditProblemKind, AuditRow, AuditVerification } from '../../shared/model';
import { sha256Hex } from '../crypto/hash';
import type { Database, Statement } from '../db/database';
import { headSignatureHolds, readAuditKeyRecord, localAuditKey, publicKeyOf, signatureHolds, signerFor } from './audit-key';

export type AuditInput = {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly details?: Readonly<Record<string, unknown>>;
};

type AuditDbRow = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  details: string;
  prev_hash: string;
  hash: string;
};

const toEntry = (row: AuditDbRow): AuditEntry => ({
  seq: row.seq,
  at: row.at,
  actor: row.actor,
  action: row.action,
  entity: row.entity,
  entityId: row.entity_id,
  details: parseDetails(row.details),
  prevHash: row.prev_hash,
  hash: row.hash,
});

// An edited details column may no longer be JSON; keep the raw text so the hash check names it.
const parseDetails = (text: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { unparsable: text };
  }
};

const HEAD_KEY = 'audit_head';

type AppendStatements = { last: Statement; insert: Statement; head: Statement };
// Appends are the hottest write path; prepare their statements once per connection.
const appendStatements = new WeakMap<Database, AppendStatements>();
const statementsFor = (db: Database): AppendStatements => {
  let prepared = appendStatements.get(db);
  if (!prepared) {
    prepared = {
      last: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(
        `INSERT INTO audit (seq, at, actor, action, entity, entity_id, details, prev_hash, hash, signature)
         VALUES (@seq, @at, @actor, @action, @entity, @entityId, @details, @prevHash, @hash, @signature)`,
      ),
      head: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
    appendStatements.set(db, prepared);
  }
  return prepared;
};

/** The head recorded beside the chain (seq and hash of the last entry), or null before the first. */
export function readHead(db: Database): ChainHead | null {
  const head = readHeadChecked(db);
  return head === 'malformed' ? null : head;
}

/** The recorded head (with its signature, when signed), or 'malformed' when the stored value is not a head. */
function readHeadChecked(db: Database): (ChainHead & { signature?: string }) | null | 'malformed' {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: unknown } | undefined;
  if (!row) return null;
  try {
    const head = JSON.parse(String(row.value)) as Partial<ChainHead> & { signature?: unknown };
    if (!(typeof head.seq === 'number' && Number.isInteger(head.seq) && typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash))) return 'malformed';
    return { seq: head.seq, hash: head.hash, ...(typeof head.signature === 'string' ? { signature: head.signature } : {}) };
  } catch {
    return 'malformed';
  }
}

/**
 * Appends one entry. Must run inside the caller's transaction, together with the change it records,
 * so that the change and its audit entry commit or vanish together.
 */
export function appendAudit(db: Database, input: AuditInput): AuditEntry {
  if (!db.inTransaction) throw new Error('appendAudit must run inside the transaction of the change it records');
  const statements = statementsFor(db);
  const last = statements.last.get() as
    | { seq: number; hash: string }
    | undefined;
  const entry = sealEntry(
    {
      seq: (last?.seq ?? 0) + 1,
      at: input.at,
      actor: input.actor,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId,
      details: input.details ?? {},
      prevHash: last?.hash ?? GENESIS_HASH,
    },
    sha256Hex,
  );
  // Signed with the workspace's audit key where this connection has one (see audit-key.ts).
  const signer = signerFor(db);
  const signature = signer?.sign(db, entry.hash, entry.at) ?? null;
  statements.insert.run({ ...entry, details: JSON.stringify(entry.details), signature });
  // The head is signed too: moving it back to an earlier entry (after cutting the end) shows.
  const headSignature = signature ? signer?.signHead(entry.seq, entry.hash) : null;
  statements.head.run(HEAD_KEY, JSON.stringify({ seq: entry.seq, hash: entry.hash, ...(headSignature ? { signature: headSignature } : {}) }));
  return entry;
}

/** Streams the stored chain in physical (rowid) order, which is how an edit by hand would leave it. */
function* iterateChain(db: Database): Generator<AuditEntry> {
  for (const row of db.prepare('SELECT * FROM audit ORDER BY rowid').iterate() as IterableIterator<AuditDbRow>) {
    yield toEntry(row);
  }
}

/**
 * Recomputes the whole chain against the recorded head, checks every entry's signature against the
 * workspace's audit key, and that every record has the entry that created it. Never throws: a
 * malformed row or head is named as the problem.
 */
export function verifyAudit(db: Database, onProgress?: (done: number, total: number) => void): AuditVerification {
  let total = 0;
  try {
    total = (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    const broken = (seq: number, kind: AuditProblemKind, reason: string): AuditVerification => ({ intact: false, entries: total, firstBroken: { seq, kind, reason } });
    const head = readHeadChecked(db);
    if (head === 'malformed') return broken(0, 'truncated', 'The recorded head of the trail (meta.audit_head) is not a head: it was overwritten, so entries cut off the end would not show.');
    if (head === null && total > 0) return broken(total, 'truncated', `No head is recorded although the trail has ${total} entries: it was deleted, so entries cut off the end would not show.`);
    const chain = verifyChain(iterateChain(db), sha256Hex, head, onProgress && ((done) => onProgress(done, total)));
    if (!chain.intact) return chain;
    const orphan = unrecordedRecord(db);
    if (orphan) return broken(total, 'missing', orphan);
    const signatures = verifySignatures(db);
    if ('problem' in signatures) return broken(signatures.seq, 'signature', signatures.problem);
    // A signed trail has a signed head: a head moved back to an earlier entry has no valid signature.
    const record = readAuditKeyRecord(db);
    const last = db.prepare('SELECT signature FROM audit ORDER BY seq DESC LIMIT 1').get() as { signature: string | null } | undefined;
    if (record && head && last?.signature && !(head.signature && headSignatureHolds(record.publicKey, head.seq, head.hash, head.signature))) {
      return broken(head.seq, 'truncated', `The recorded head (entry ${head.seq}) is not signed by audit key ${record.keyId}: it was moved back, so entries after ${head.seq} were cut off the end.`);
    }
    return { ...chain, ...(signatures.keyId ? { keyId: signatures.keyId, unsigned: signatures.unsigned } : {}) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { intact: false, entries: total, firstBroken: { seq: 0, kind: 'edited', reason: `The trail cannot be read as stored (${reason}): a row or the table was altered.` } };
  }
}

/** Records that exist with no audit entry recording their creation, in words (null when every one has it). */
function unrecordedRecord(db: Database): string | null {
  const checks: readonly { readonly table: string; readonly where?: string; readonly entity: string; readonly actions: readonly string[]; readonly noun: string }[] = [
    { table: 'profiles', entity: 'profile', actions: ['profile.created'], noun: 'profile' },
    { table: 'documents', where: 'part_of IS NULL', entity: 'document', actions: ['document.added'], noun: 'document' },
    { table: 'receivables', entity: 'receivable', actions: ['receivable.created'], noun: 'receivable' },
    { table: 'suppliers', entity: 'supplier', actions: ['supplier.created'], noun: 'supplier' },
    { table: 'buyers', entity: 'buyer', actions: ['buyer.created'], noun: 'buyer' },
    { table: 'escrow_accounts', entity: 'escrow_account', actions: ['escrow.created'], noun: 'escrow account' },
  ];
  const workspaceId = (db.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get() as { value: string } | undefined)?.value;
  if (workspaceId && !db.prepare("SELECT 1 FROM audit WHERE action = 'workspace.created' AND entity_id = ?").get(workspaceId)) {
    return `The workspace ${workspaceId} exists, but no entry records its creation: the trail was emptied, cut from the start or rewritten.`;
  }
  for (const c of checks) {
    const row = db
      .prepare(`SELECT id FROM ${c.table} WHERE ${c.where ?? '1'} AND id NOT IN (SELECT entity_id FROM audit WHERE entity = ? AND action IN (SELECT value FROM json_each(?))) LIMIT 1`)
      .get(c.entity, JSON.stringify(c.actions)) as { id: string } | undefined;
    if (row) return `The ${c.noun} ${row.id} exists, but no entry records its creation: entries were removed or the trail was rewritten.`;
  }
  return null;
}

/**
 * Every entry from the first signed one on must carry the recorded audit key's signature over its
 * hash; where this computer holds the workspace's private key, the recorded public key must be its.
 */
function verifySignatures(db: Database): { keyId: string | null; unsigned: number } | { seq: number; problem: string } {
  const record = readAuditKeyRecord(db);
  const signedCount = (db.prepare('SELECT count(*) AS n FROM audit WHERE signature IS NOT NULL').get() as { n: number }).n;
  if (!record) {
    if (signedCount > 0) return { seq: 0, problem: 'Entries are signed, but the workspace records no audit key (meta.audit_key was removed or overwritten): the signatures cannot be checked.' };
    return { keyId: null, unsigned: 0 };
  }
  const workspaceId = (db.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get() as { value: string } | undefined)?.value;
  const local = workspaceId ? localAuditKey(workspaceId) : null;
  if (local && publicKeyOf(local) !== record.publicKey) {
    return { seq: 0, problem: `The trail is signed by audit key ${record.keyId}, not by the key this computer made for this workspace: the trail was rewritten and signed again.` };
  }
  let unsigned = 0;
  let started = false;
  for (const row of db.prepare('SELECT seq, hash, signature FROM audit ORDER BY seq').iterate() as IterableIterator<{ seq: number; hash: string; signature: string | null }>) {
    if (row.signature === null) {
      if (started) return { seq: row.seq, problem: `Entry ${row.seq} carries no signature, though the entries before it are signed: it was added or rewritten outside Quayside.` };
      unsigned += 1;
      continue;
    }
    started = true;
    if (!signatureHolds(record.publicKey, row.hash, row.signature)) return { seq: row.seq, problem: `Entry ${row.seq}'s signature is not audit key ${record.keyId}'s over its hash: the entry was rewritten or its signature replaced.` };
  }
  return { keyId: record.keyId, unsigned };
}

export type AuditFilter = {
  readonly text?: string | undefined;
  readonly action?: string | undefined;
  readonly actor?: string | undefined;
  readonly entity?: string | undefined;
  readonly limit: number;
  readonly beforeSeq?: number | undefined;
};

/** Entries newest first, with the actor's name; `matched` counts all that pass the filter. */
export function listAudit(db: Database, filter: AuditFilter): { rows: AuditRow[]; total: number; matched: number } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.action) {
    where.push('a.action = @action');
    params.action = filter.action;
  }
  if (filter.actor) {
    where.push('a.actor = @actor');
    params.actor = filter.actor;
  }
  if (filter.entity) {
    where.push('a.entity = @entity');
    params.entity = filter.entity;
  }
  if (filter.text?.trim()) {
    where.push(
      `(a.action LIKE @text ESCAPE '\\' OR a.entity LIKE @text ESCAPE '\\' OR a.entity_id LIKE @text ESCAPE '\\'
        OR a.details LIKE @text ESCAPE '\\' OR coalesce(p.name, a.actor) LIKE @text ESCAPE '\\')`,
    );
    params.text = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const filtered = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const from = 'FROM audit a LEFT JOIN profiles p ON p.id = a.actor';
  const matched = (db.prepare(`SELECT count(*) AS n ${from} ${filtered}`).get(params) as { n: number }).n;
  const page = [...where];
  if (filter.beforeSeq !== undefined) {
    page.push('a.seq < @beforeSeq');
    params.beforeSeq = filter.beforeSeq;
  }
  const rows = db
    .prepare(
      `SELECT a.*, coalesce(p.name, a.actor) AS actor_name ${from}
       ${page.length > 0 ? `WHERE ${page.join(' AND ')}` : ''} ORDER BY a.seq DESC LIMIT @limit`,
    )
    .all({ ...params, limit: filter.limit }) as (AuditDbRow & { actor_name: string })[];
  const total = (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
  return { rows: rows.map((row) => ({ ...toEntry(row), actorName: row.actor_name })), total, matched };
}
