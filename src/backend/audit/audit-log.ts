import { GENESIS_HASH, sealEntry, verifyChain } from '../../core/audit-chain';
import type { ChainHead } from '../../core/audit-chain';
import type { AuditEntry, AuditProblemKind, AuditRow, AuditVerification } from '../../shared/model';
import { sha256Hex } from '../crypto/hash';
import type { Database, Statement } from '../db/database';
import { fingerprintOf, signBytes } from '../crypto/keys';
import { headSignatureHolds, localAuditKey, publicKeyOf, readAuditKeyRecord, signatureHolds, signedHeadText, signEntry } from './audit-key';

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
        `INSERT INTO audit (seq, at, actor, action, entity, entity_id, details, prev_hash, hash, signature, key_id)
         VALUES (@seq, @at, @actor, @action, @entity, @entityId, @details, @prevHash, @hash, @signature, @keyId)`,
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
function readHeadChecked(db: Database): (ChainHead & { signature?: string; keyId?: string }) | null | 'malformed' {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: unknown } | undefined;
  if (!row) return null;
  try {
    const head = JSON.parse(String(row.value)) as Partial<ChainHead> & { signature?: unknown; keyId?: unknown };
    if (!(typeof head.seq === 'number' && Number.isInteger(head.seq) && typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash))) return 'malformed';
    return {
      seq: head.seq,
      hash: head.hash,
      ...(typeof head.signature === 'string' ? { signature: head.signature } : {}),
      ...(typeof head.keyId === 'string' ? { keyId: head.keyId } : {}),
    };
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
  // Signed by the actor's own key while they are signed in here, else by the workspace's system key
  // (see audit-key.ts); the head is signed by the same key, so moving it back to an earlier entry
  // (after cutting the end) shows.
  const signed = signEntry(db, entry.actor, entry.hash, entry.at);
  statements.insert.run({ ...entry, details: JSON.stringify(entry.details), signature: signed?.signature ?? null, keyId: signed?.keyId ?? null });
  const headSignature = signed ? signBytes(signed.key, signedHeadText(entry.seq, entry.hash)) : null;
  statements.head.run(HEAD_KEY, JSON.stringify({ seq: entry.seq, hash: entry.hash, ...(signed && headSignature ? { signature: headSignature, keyId: signed.keyId } : {}) }));
  return entry;
}

/** Streams the stored chain in physical (rowid) order, which is how an edit by hand would leave it. */
function* iterateChain(db: Database): Generator<AuditEntry> {
  for (const row of db.prepare('SELECT * FROM audit ORDER BY rowid').iterate() as IterableIterator<AuditDbRow>) {
    yield toEntry(row);
  }
}

/**
 * Recomputes the entries up to `upTo.seq` against a head someone recorded earlier (a checkpoint):
 * any entry up to it edited, deleted or reordered, or the last one's hash changed, is named. Never throws.
 */
export function verifyUpTo(db: Database, upTo: ChainHead): AuditVerification {
  try {
    const entries = function* (): Generator<AuditEntry> {
      for (const row of db.prepare('SELECT * FROM audit WHERE seq <= ? ORDER BY rowid').iterate(upTo.seq) as IterableIterator<AuditDbRow>) yield toEntry(row);
    };
    return verifyChain(entries(), sha256Hex, upTo);
  } catch (error) {
    return { intact: false, entries: 0, firstBroken: { seq: 0, kind: 'edited', reason: `The trail cannot be read as stored (${error instanceof Error ? error.message : String(error)}).` } };
  }
}

const HEX64 = "'" + '[0-9a-f]'.repeat(64) + "'";

/**
 * Rows that are not entries at all — a column null or of the wrong type, details that are not JSON,
 * a hash that is not 64 hex digits, a signature that is not text — each named with what is wrong,
 * so that `audit verify` reports them instead of failing on them.
 */
export function malformedRows(db: Database): string[] {
  const text = (column: string): string => `CASE WHEN typeof(${column}) != 'text' THEN '${column} is ' || typeof(${column}) || ' (not text); ' ELSE '' END`;
  const hasKeyId = (db.prepare("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'key_id'").get() as unknown) !== undefined;
  const problems = `
    CASE WHEN typeof(seq) != 'integer' OR seq < 1 THEN 'seq is ' || quote(seq) || ' (not a positive whole number); ' ELSE '' END
    || ${['at', 'actor', 'action', 'entity', 'entity_id', 'details', 'prev_hash', 'hash'].map(text).join(' || ')}
    || CASE WHEN typeof(details) = 'text' AND NOT json_valid(details) THEN 'details are not JSON; ' ELSE '' END
    || CASE WHEN typeof(hash) = 'text' AND hash NOT GLOB ${HEX64} THEN 'hash is not 64 hex digits; ' ELSE '' END
    || CASE WHEN typeof(prev_hash) = 'text' AND prev_hash NOT GLOB ${HEX64} THEN 'prev_hash is not 64 hex digits; ' ELSE '' END
    || CASE WHEN signature IS NOT NULL AND (typeof(signature) != 'text' OR length(signature) != 88) THEN 'signature is not a signature; ' ELSE '' END
    ${hasKeyId ? `|| CASE WHEN key_id IS NOT NULL AND (typeof(key_id) != 'text' OR key_id NOT GLOB '${'[0-9a-f]'.repeat(16)}') THEN 'key_id is not a key id; ' ELSE '' END` : ''}`;
  const rows = db.prepare(`SELECT rowid AS row_id, quote(seq) AS seq, ${problems} AS problems FROM audit WHERE (${problems}) != '' ORDER BY rowid`).all() as { row_id: number; seq: string; problems: string }[];
  return rows.map((r) => `entry ${r.seq} (row ${r.row_id}): ${r.problems.replace(/; $/, '')}`);
}

/**
 * Recomputes the whole chain against the recorded head, checks every entry's signature (people's
 * keys and the workspace's system key), and that every record has the entry that created it. Never
 * throws: a malformed row or head is named as the problem.
 */
export function verifyAudit(db: Database, onProgress?: (done: number, total: number) => void): AuditVerification {
  let total = 0;
  try {
    total = (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    const broken = (seq: number, kind: AuditProblemKind, reason: string): AuditVerification => ({ intact: false, entries: total, firstBroken: { seq, kind, reason } });
    const malformed = malformedRows(db);
    if (malformed.length > 0) {
      const first = Number(/^entry (-?\d+)/.exec(malformed[0]!)?.[1] ?? 0);
      const more = malformed.length > 5 ? `; and ${malformed.length - 5} more` : '';
      return broken(first, 'edited', `${malformed.length} row${malformed.length === 1 ? ' is' : 's are'} not well-formed audit entries (altered outside Quayside): ${malformed.slice(0, 5).join('; ')}${more}.`);
    }
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
    const last = db.prepare('SELECT signature, key_id FROM audit ORDER BY seq DESC LIMIT 1').get() as { signature: string | null; key_id: string | null } | undefined;
    if (head && last?.signature) {
      const key = signatures.keys.get(head.keyId ?? signatures.systemKeyId ?? '');
      if (!(key && head.signature && headSignatureHolds(key.publicKey, head.seq, head.hash, head.signature))) {
        return broken(head.seq, 'truncated', `The recorded head (entry ${head.seq}) is not signed by the key that signed entry ${head.seq}${key ? ` (${key.label})` : ''}: it was moved back, so entries after ${head.seq} were cut off the end.`);
      }
    }
    if (!signatures.systemKeyId && signatures.byPeople === 0) return chain;
    return {
      ...chain,
      ...(signatures.systemKeyId ? { keyId: signatures.systemKeyId } : {}),
      unsigned: signatures.unsigned,
      signedByPeople: signatures.byPeople,
      signedBySystem: signatures.bySystem,
      systemKeyHeld: signatures.systemKeyHeld,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { intact: false, entries: total, firstBroken: { seq: 0, kind: 'edited', reason: `The trail cannot be read as stored (${reason}): a row or the table was altered.` } };
  }
}

type CreationCheck = { readonly table: string; readonly id: string; readonly where?: string; readonly created: string; readonly noun: string };

/** Records and the entries that create them: a record without one was made, or its entry removed, outside Quayside. */
const CREATIONS: readonly CreationCheck[] = [
  { table: 'profiles', id: 'id', noun: 'profile', created: "entity = 'profile' AND action = 'profile.created'" },
  { table: 'documents', id: 'id', where: 'part_of IS NULL', noun: 'document', created: "entity = 'document' AND action = 'document.added'" },
  { table: 'receivables', id: 'id', noun: 'receivable', created: "entity = 'receivable' AND action = 'receivable.created'" },
  { table: 'suppliers', id: 'id', noun: 'supplier', created: "entity = 'supplier' AND action = 'supplier.created'" },
  { table: 'buyers', id: 'id', noun: 'buyer', created: "entity = 'buyer' AND action = 'buyer.created'" },
  { table: 'escrow_accounts', id: 'id', noun: 'escrow account', created: "entity = 'escrow_account' AND action = 'escrow.created'" },
  { table: 'policies', id: 'CAST(version AS TEXT)', noun: 'policy version', created: "entity = 'policy' AND action IN ('policy.seeded', 'policy.saved')" },
];

/** Records that exist with no audit entry recording their creation, in words (null when every one has it). */
function unrecordedRecord(db: Database): string | null {
  const workspaceId = (db.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get() as { value: string } | undefined)?.value;
  const total = (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
  // Without its id, the workspace's creation entry and its system key cannot be matched to it.
  if (!workspaceId && total > 0) return `The workspace's id (meta.workspace_id) was removed, though the trail has ${total} entries: the workspace's record of itself was altered outside Quayside.`;
  if (workspaceId && !db.prepare("SELECT 1 FROM audit WHERE action = 'workspace.created' AND entity_id = ?").get(workspaceId)) {
    return total === 0
      ? `The trail is empty, but the workspace ${workspaceId} exists: every entry was deleted.`
      : `The workspace ${workspaceId} exists, but no entry records its creation: the trail was cut from the start or rewritten.`;
  }
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
  for (const c of CREATIONS) {
    if (!tables.has(c.table)) continue;
    const row = db
      .prepare(`SELECT ${c.id} AS id FROM ${c.table} WHERE ${c.where ?? '1'} AND ${c.id} NOT IN (SELECT entity_id FROM audit WHERE ${c.created}) LIMIT 1`)
      .get() as { id: string } | undefined;
    if (row) return `The ${c.noun} ${row.id} exists, but no entry records its creation: entries were removed or the trail was rewritten.`;
  }
  if (tables.has('waivers')) {
    const waiver = db
      .prepare(`SELECT id FROM waivers WHERE id NOT IN (SELECT json_extract(details, '$.waiverId') FROM audit WHERE action = 'finding.waiver_requested' AND json_valid(details)) LIMIT 1`)
      .get() as { id: string } | undefined;
    if (waiver) return `The waiver ${waiver.id} exists, but no entry records its request: entries were removed or the trail was rewritten.`;
  }
  return null;
}

type TrustedKey = { readonly publicKey: string; readonly owner: string | null; readonly label: string };
type SignatureCheck =
  | {
      readonly systemKeyId: string | null;
      readonly systemKeyHeld: boolean;
      readonly keys: ReadonlyMap<string, TrustedKey>;
      readonly unsigned: number;
      readonly byPeople: number;
      readonly bySystem: number;
    }
  | { readonly seq: number; readonly problem: string };

/**
 * Every entry from the first signed one on must carry a signature over its hash by a key the trail
 * trusts: the workspace's system key (meta.audit_key; where this computer holds its private half, it
 * must be that one), or a person's key — trusted from the signed entry that created their profile
 * (naming the fingerprint the profiles table still holds), and only for entries recorded as their
 * own acts. Entries before the first signed one predate signing and are counted, not trusted alone:
 * the first signed entry's hash covers them.
 */
function verifySignatures(db: Database): SignatureCheck {
  const record = readAuditKeyRecord(db);
  const hasKeyId = (db.prepare("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'key_id'").get() as unknown) !== undefined;
  const signedCount = (db.prepare('SELECT count(*) AS n FROM audit WHERE signature IS NOT NULL').get() as { n: number }).n;
  const rawRecord = db.prepare("SELECT 1 FROM meta WHERE key = 'audit_key'").get() as unknown;
  if (!record && rawRecord) return { seq: 0, problem: 'The workspace\'s record of its system key (meta.audit_key) is malformed: it was overwritten, so the signatures cannot be checked.' };
  if (!record && signedCount > 0 && !hasKeyId) {
    return { seq: 0, problem: 'Entries are signed, but the workspace records no system key (meta.audit_key was removed or overwritten): the signatures cannot be checked.' };
  }
  const workspaceId = (db.prepare("SELECT value FROM meta WHERE key = 'workspace_id'").get() as { value: string } | undefined)?.value;
  const local = workspaceId ? localAuditKey(workspaceId) : null;
  if (record && local && publicKeyOf(local) !== record.publicKey) {
    return { seq: 0, problem: `The trail is signed by system key ${record.keyId}, not by the key this computer made for this workspace: the trail was rewritten and signed again.` };
  }
  const keys = new Map<string, TrustedKey>();
  if (record) keys.set(record.keyId, { publicKey: record.publicKey, owner: null, label: `system key ${record.keyId}` });
  const profiles = new Map((db.prepare('SELECT id, name, public_key FROM profiles').all() as { id: string; name: string; public_key: string }[]).map((p) => [p.id, p]));
  const profileByKey = new Map([...profiles.values()].map((p) => [fingerprintOf(p.public_key), p]));
  let unsigned = 0;
  let byPeople = 0;
  let bySystem = 0;
  let started = false;
  const rows = db.prepare(`SELECT seq, actor, action, entity, entity_id, details, hash, signature, ${hasKeyId ? 'key_id' : 'NULL AS key_id'} FROM audit ORDER BY seq`);
  type Row = { seq: number; actor: string; action: string; entity: string; entity_id: string; details: string; hash: string; signature: string | null; key_id: string | null };
  for (const row of rows.iterate() as IterableIterator<Row>) {
    if (row.signature === null) {
      if (started) return { seq: row.seq, problem: `Entry ${row.seq} carries no signature, though the entries before it are signed: it was added or rewritten outside Quayside.` };
      unsigned += 1;
      // A profile created before signing began is trusted from that entry: the first signed entry's
      // hash covers it.
      const trusted = trustCreatedProfile(row, profiles, keys);
      if (trusted) return trusted;
      continue;
    }
    started = true;
    // Entries signed before key ids were recorded (schema 11–12) were all signed by the system key.
    const keyId = row.key_id ?? record?.keyId;
    if (!keyId) return { seq: row.seq, problem: `Entry ${row.seq} is signed, but the workspace records no system key (meta.audit_key was removed or overwritten): its signature cannot be checked.` };
    const key = keys.get(keyId);
    if (!key) {
      const person = profileByKey.get(keyId);
      if (!record && keyId !== undefined && row.key_id !== null && !person) {
        return { seq: row.seq, problem: `Entry ${row.seq} is signed by key ${keyId}, which is neither a person's nor the workspace's recorded system key (meta.audit_key was removed or overwritten?): a forged entry or a rewritten trail.` };
      }
      return {
        seq: row.seq,
        problem: person
          ? `Entry ${row.seq} is signed by ${person.name}'s key ${keyId}, which no trusted entry had created before it: the profile or the entry was forged.`
          : `Entry ${row.seq} is signed by key ${keyId}, which is neither a person's nor the workspace's system key: a forged entry.`,
      };
    }
    if (key.owner !== null && key.owner !== row.actor) {
      return { seq: row.seq, problem: `Entry ${row.seq} is recorded as ${profiles.get(row.actor)?.name ?? row.actor}'s act but signed by ${key.label}: the actor was changed or the signature replaced.` };
    }
    if (!signatureHolds(key.publicKey, row.hash, row.signature)) {
      return { seq: row.seq, problem: `Entry ${row.seq}'s signature is not ${key.label}'s over its hash: the entry was rewritten or its signature replaced.` };
    }
    if (key.owner === null) bySystem += 1;
    else byPeople += 1;
    const trusted = trustCreatedProfile(row, profiles, keys);
    if (trusted) return trusted;
  }
  return { systemKeyId: record?.keyId ?? null, systemKeyHeld: local !== null, keys, unsigned, byPeople, bySystem };
}

/**
 * A person's key is trusted from the entry that created their profile, if the key the profiles table
 * holds is the one that entry names; the problem when it is not.
 */
function trustCreatedProfile(
  row: { readonly seq: number; readonly action: string; readonly entity: string; readonly entity_id: string; readonly details: string },
  profiles: ReadonlyMap<string, { readonly id: string; readonly name: string; readonly public_key: string }>,
  keys: Map<string, TrustedKey>,
): { readonly seq: number; readonly problem: string } | null {
  if (row.action !== 'profile.created' || row.entity !== 'profile') return null;
  const profile = profiles.get(row.entity_id);
  if (!profile) return null;
  const named = (JSON.parse(row.details) as { fingerprint?: unknown } | null)?.fingerprint;
  const fingerprint = fingerprintOf(profile.public_key);
  if (named !== fingerprint) return { seq: row.seq, problem: `The profile ${profile.name} holds key ${fingerprint}, not the key ${String(named)} entry ${row.seq} created it with: the profile's key was replaced.` };
  keys.set(fingerprint, { publicKey: profile.public_key, owner: profile.id, label: `${profile.name}'s key ${fingerprint}` });
  return null;
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
