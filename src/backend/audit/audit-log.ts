import { GENESIS_HASH, sealEntry, verifyChain } from '../../core/audit-chain';
import type { ChainHead } from '../../core/audit-chain';
import type { AuditEntry, AuditRow, AuditVerification } from '../../shared/model';
import { sha256Hex } from '../crypto/hash';
import type { Database, Statement } from '../db/database';

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
        `INSERT INTO audit (seq, at, actor, action, entity, entity_id, details, prev_hash, hash)
         VALUES (@seq, @at, @actor, @action, @entity, @entityId, @details, @prevHash, @hash)`,
      ),
      head: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
    appendStatements.set(db, prepared);
  }
  return prepared;
};

/** The head recorded beside the chain (seq and hash of the last entry), or null before the first. */
export function readHead(db: Database): ChainHead | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as ChainHead) : null;
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
  statements.insert.run({ ...entry, details: JSON.stringify(entry.details) });
  statements.head.run(HEAD_KEY, JSON.stringify({ seq: entry.seq, hash: entry.hash }));
  return entry;
}

/** Streams the stored chain in physical (rowid) order, which is how an edit by hand would leave it. */
function* iterateChain(db: Database): Generator<AuditEntry> {
  for (const row of db.prepare('SELECT * FROM audit ORDER BY rowid').iterate() as IterableIterator<AuditDbRow>) {
    yield toEntry(row);
  }
}

/** Recomputes the whole chain against the recorded head. */
export function verifyAudit(db: Database, onProgress?: (done: number, total: number) => void): AuditVerification {
  const total = (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
  return verifyChain(iterateChain(db), sha256Hex, readHead(db), onProgress && ((done) => onProgress(done, total)));
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
