/**
 * The owner of the cross-check engine state: full runs (build receivables → gather → evaluate →
 * persist → audit) and incremental re-checks after edits. It runs wherever its connection lives: in
 * the check worker thread for the app, or in-process for the CLI and tests. Everything it needs from
 * the caller (who acts, when) comes with each request; roles are checked by the service before.
 */
import type { CheckRunSummary, ReceivableStatus, Severity } from '../../shared/checks';
import { createCheckState, evaluateAll, factsOf, groupKeysOf, heldKeys, mergedOutcome, outcomeOf, update } from '../../core/checks/engine';
import type { CheckState, ReceivableOutcome, RuleFinding } from '../../core/checks/engine';
import type { FactField, ReceivableFacts, Rule } from '../../core/checks/types';
import type { FieldName, FieldValue } from '../../shared/documents';
import { appendAudit } from '../audit/audit-log';
import { listCounterparties } from '../counterparties/counterparties-repo';
import { sha256Hex } from '../crypto/hash';
import type { Database } from '../db/database';
import { currentPolicy } from '../policy/policy-service';
import { OPEN_STATUSES, forgetLinkFieldChanges, forgetLinkKeyChanges, idList, linkFieldChanges, linkKeyChanges, refreshSummaries, summaryValuesOf } from '../receivables/receivables-repo';
import type { SummaryValues, ValuesSource } from '../receivables/receivables-repo';
import { syncReceivablesAs } from '../receivables/receivables-service';
import type { LinkScope } from '../receivables/receivables-service';
import type { Clock, Workspace } from '../workspace';
import { factsCacheUsable } from './document-facts';
import { findingId, insertCheckRun, persistStatements, statusAfterCheck, waivedKeys } from './findings-repo';
import { fingerprintKey, foreignFingerprints, fingerprinter, keyIdOf } from './fingerprints';
import { blNumbersFromFacts, blNumbersStored, buildContext, contextKey, gatherFactsIn, refreshSnapshotDocuments, valuesFromFacts, valuesFromFactsOf } from './gather';
import { CHECKS_EPOCH_TRIGGERS } from '../db/migrations/014-checks-epoch';
import { CHECKS_CHANGES_TRIGGERS } from '../db/migrations/022-checks-changes';
import { APP_VERSION } from '../version';
import type { GatherDeps, Snapshot } from './gather';

/** Progress of a job: a phase label and how far it is (`done` of `total` units of that phase). */
export type Progress = (label: string, done: number, total: number) => void;

/** How a job hears progress and whether to stop (a stopped run writes nothing of its own). */
export type JobControl = { readonly progress?: Progress | undefined; readonly stop?: (() => boolean) | undefined };

/** What an incremental re-evaluation did (for tests, the bench and the demo). */
export type IncrementalResult = { readonly runId: string | null; readonly evaluated: number; readonly persisted: number; readonly millis: number };

/** A full run asked for by a person (the service checked the role). */
export type RunRequest = {
  readonly actor: string;
  /** The evaluation date to store and use (null: today again); undefined keeps the stored one. */
  readonly asOf?: string | null | undefined;
};

/** How a run ended: its summary and the receivables whose stored result changed, or stopped. */
export type RunEnd =
  | {
      readonly ok: true;
      readonly summary: CheckRunSummary;
      readonly changed: readonly string[];
      /** The run left no engine state in memory (it stood on the stored results): a background load may build one. */
      readonly unloaded?: true | undefined;
    }
  | { readonly ok: false; readonly cancelled: true };

/** How a re-check ended, with the receivables whose stored result changed. */
export type RecheckEnd = { readonly result: IncrementalResult; readonly changed: readonly string[] };

export type CheckRunner = {
  readonly run: (request: RunRequest, clock: Clock, control?: JobControl) => RunEnd;
  readonly recheck: (ids: readonly string[], clock: Clock) => RecheckEnd;
  /** Whether a re-check of these receivables would first have to evaluate everything (no state, or the context moved). */
  readonly recheckNeedsFull: (clock: Clock) => boolean;
  /** Loads the engine state without persisting (so edits after opening re-check at once). */
  readonly load: (clock: Clock, control?: JobControl) => boolean;
  /** How many receivables a full evaluation would cover (to judge whether it is quick). */
  readonly size: () => number;
  readonly markStale: () => void;
};

export type RunnerOptions = {
  /** The workspace seen from this thread: its connection, and the ids it makes. */
  readonly ws: Pick<Workspace, 'db' | 'ids' | 'dir' | 'blobsDir'>;
  readonly rules: readonly Rule[];
  /** The evaluation date when the backend's owner pins one (the demo). */
  readonly pinnedAsOf?: string | undefined;
};

type Loaded = { readonly state: CheckState; readonly key: string; readonly deps: Omit<GatherDeps, 'now'> };

/** A receivable as stored, to decide whether a run must write it again. */
/** A receivable's stored result: id, inputs hash, findings digest, status, status_by, checked_at, supplier, buyer, has a summary (0/1), policy version. */
type StoredRow = readonly [string, string | null, string | null, ReceivableStatus, string | null, string | null, string | null, string | null, 0 | 1, number | null];

const SEVERITY_ZERO = () => ({ fail: 0, warn: 0, info: 0 });

/** The grid's values of a receivable, from the facts a run has just read (no second parse). */
const summaryOf = (facts: ReceivableFacts): SummaryValues => {
  const values: Partial<Record<FieldName, FieldValue>> = {};
  for (const [name, field] of Object.entries(facts.invoice.fields) as [FieldName, FactField][]) values[name] = field.value;
  const numbers = facts.bls.map((bl) => bl.fields.bl_number?.value).filter((v): v is FieldValue => v !== undefined).map(String);
  return summaryValuesOf(values, numbers);
};

/** Everything a stored finding row says, as one text: what decides whether it must be written again. */
const findingsText = (outcome: ReceivableOutcome): string =>
  JSON.stringify(outcome.findings.map((f) => [f.ruleId, f.key, f.severity, f.category, f.title, f.reference, f.message, f.evidence]));

/** The digest of a receivable's findings kept beside them (`receivables.findings_digest`). */
export const findingsDigest = (outcome: ReceivableOutcome): string => sha256Hex(findingsText(outcome));

// What an outcome says, to skip rewriting receivables a group re-evaluation left unchanged.
const signatureOf = (outcome: ReceivableOutcome): string => `${outcome.inputsHash}\u0000${findingsText(outcome)}`;

/**
 * Whether two outcomes hold the very same finding objects. The engine keeps the findings of rules and
 * groups an edit did not touch, so nearly every neighbour an edit re-evaluates (hundreds at 100k, the
 * members of its supplier and buyer groups) passes this test without serializing its findings.
 */
const sameFindings = (a: ReceivableOutcome, b: ReceivableOutcome): boolean => {
  if (a.findings.length !== b.findings.length) return false;
  for (let i = 0; i < a.findings.length; i += 1) if (a.findings[i] !== b.findings[i]) return false;
  return true;
};

/** The status the `updateReceivable` statement would leave, and whether it would clear `status_by`. */
const statusWritten = (row: { readonly status: ReceivableStatus; readonly status_by: string | null }, computed: ReceivableStatus): { status: ReceivableStatus; clearsBy: boolean } => {
  if (!OPEN_STATUSES.includes(row.status)) return { status: row.status, clearsBy: false };
  const status = computed === 'ineligible' || row.status_by === null ? computed : row.status;
  return { status, clearsBy: row.status_by !== null && computed === 'ineligible' && row.status !== 'ineligible' };
};

/** Receivables written per transaction in a full run: another writer never waits long for the lock. */
const PERSIST_CHUNK = 2_000;

const LINK_MARK = 'checks_link_mark';
/** Changed B/L numbers a run links around; more (a re-read batch) and it links everything. */
const LINK_AROUND_AT_MOST = 1_000;
/** The inputs (checks epoch, context, rules) the last complete full run evaluated; see `currentRun`. */
const CURRENT_MARK = 'checks_current';
/**
 * The base a run scoped to what changed stands on: `epoch|context|rules` of the last full run that
 * wrote every result and every receivable's group keys (`check_keys`) for that context. The stored
 * results are then a full evaluation at that epoch, with the receivables `checks_changes` records
 * since (some perhaps written already by re-checks after edits, exactly as a full evaluation would).
 */
const BASE_MARK = 'checks_base';
/** Changed receivables a run re-evaluates on their own; more (an import, a re-read batch) and it evaluates everything. */
const SCOPED_AT_MOST = 2_000;
/** Receivables a scoped run may load with the changed ones' groups (their members); more and it evaluates everything. */
const SCOPE_MEMBERS_AT_MOST = 50_000;

const setMeta = (db: Database, key: string, value: string): void =>
  void db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);

/** Whether every trigger of a list exists (a run trusts the epoch or the change log only then). */
const allTriggers = (db: Database, names: readonly string[]): boolean =>
  (db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(names)) as number) === names.length;

/** The base a scoped run stands on (see BASE_MARK), or null. */
const storedBase = (db: Database): { readonly epoch: number; readonly rest: string } | null => {
  const value = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(BASE_MARK) as string | undefined;
  if (value === undefined) return null;
  const at = value.indexOf('|');
  const epoch = Number(value.slice(0, at));
  return at > 0 && Number.isSafeInteger(epoch) ? { epoch, rest: value.slice(at + 1) } : null;
};

/**
 * Receivables whose inputs changed at or after an epoch, as `checks_changes` records them: those
 * recorded themselves, and those holding a recorded document. Null when more than `atMost`.
 */
export function changedSince(db: Database, epoch: number, atMost: number): string[] | null {
  const rows = db.prepare('SELECT id, kind FROM checks_changes WHERE epoch >= ? LIMIT ?').raw().all(epoch, atMost + 1) as [string, 'document' | 'receivable'][];
  if (rows.length > atMost) return null;
  const ids = new Set<string>();
  const documents: string[] = [];
  for (const [id, kind] of rows) {
    if (kind === 'receivable') ids.add(id);
    else documents.push(id);
  }
  if (documents.length > 0) {
    const list = idList(documents);
    const holding = db
      .prepare(
        `SELECT id FROM receivables WHERE invoice_document_id IN (SELECT value FROM json_each(?))
         UNION SELECT receivable_id FROM receivable_documents WHERE document_id IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(list, list) as string[];
    for (const id of holding) ids.add(id);
  }
  return ids.size > atMost ? null : [...ids];
}

/**
 * Whether a run may stand on the stored results and re-evaluate only what changed: a base is
 * recorded, the change log is whole and names few receivables. (The run checks the context too.)
 */
export function mayScope(db: Database): boolean {
  const base = storedBase(db);
  return base !== null && allTriggers(db, CHECKS_CHANGES_TRIGGERS) && changedSince(db, base.epoch, SCOPED_AT_MOST) !== null;
}

/**
 * Whether a run may find the stored results current: the checks epoch is the one the last complete
 * run recorded (the date, policy or counterparties may still have moved; only a run can tell).
 * False means a run must evaluate, so it is better served by an engine state already loading.
 */
export function mayBeCurrent(db: Database): boolean {
  const mark = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(CURRENT_MARK) as string | undefined;
  return mark !== undefined && mark.split('|')[0] === String(db.prepare('SELECT n FROM checks_epoch').pluck().get() as number);
}

/** Phases with fewer units than this report only their start (small runs: one event per phase). */
const PROGRESS_MIN_UNITS = 1_000;
const PROGRESS_EVERY_MS = 100;

/**
 * Progress as a person sees it: every new phase at once, then at most one update every 100 ms, and
 * only for phases big enough to take that long.
 */
function throttled(progress: Progress): Progress {
  let label = '';
  let last = 0;
  return (next, done, total) => {
    const now = performance.now();
    if (next === label && (total < PROGRESS_MIN_UNITS || now - last < PROGRESS_EVERY_MS)) return;
    label = next;
    last = now;
    progress(next, done, total);
  };
}

/** A gather the engine state was built from: the checks epoch it read at, and the receivables it skipped. */
type Gathering = { readonly epoch: number; readonly skipped: readonly string[] };

/** The engine state of one workspace connection, and the use cases that evaluate with it. */
export function createCheckRunner(options: RunnerOptions): CheckRunner {
  const { ws, rules } = options;
  const { db } = ws;
  let loaded: Loaded | null = null;
  let stale = false;
  /**
   * The checks epoch the loaded state was gathered at, with the receivables that gather skipped:
   * while the epoch has not moved, the state is what a gather would give (null once an edit was
   * applied to it, whose epoch cannot be told from other changes).
   */
  let gatheredAt: Gathering | null = null;
  /**
   * The gather whose every outcome the background load compared with the stored results: while it is
   * still current and nothing was written since, an outcome `persisted` lacks is one that differs.
   */
  let comparedAt: Gathering | null = null;
  /** The checks epoch read before the loaded state last read what changed: the change log since then is what it lacks. */
  let stateEpoch: number | null = null;
  // What the last full gather read, so the next one parses only documents and receivables that changed.
  let snapshot: Snapshot | null = null;
  // The last persisted outcome per receivable (its findings mostly shared with the engine state).
  const persisted = new Map<string, ReceivableOutcome>();

  // The rules as shipped in this build: results stored by another version are not current.
  const rulesKey = sha256Hex(`${APP_VERSION}|${rules.map((r) => r.id).join(',')}`).slice(0, 16);
  /**
   * What a run's results depend on, as one string: the checks epoch (moved by triggers on every
   * input, see migration 014), the context (policy, counterparties, fingerprints, date) and the
   * rules; null when a trigger is missing and the epoch cannot be trusted.
   */
  const checksEpoch = (): number => db.prepare('SELECT n FROM checks_epoch').pluck().get() as number;
  const inputsMark = (asOf: string): string | null => {
    if (!allTriggers(db, CHECKS_EPOCH_TRIGGERS)) return null;
    const epoch = checksEpoch();
    return `${epoch}|${contextKey(db, asOf)}|${rulesKey}`;
  };
  const storedMark = (): string | undefined => db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(CURRENT_MARK) as string | undefined;
  const forgetMark = (): void => void db.prepare('DELETE FROM meta WHERE key = ?').run(CURRENT_MARK);

  const storedAsOf = (): string | null => (db.prepare("SELECT value FROM meta WHERE key = 'checks_as_of'").pluck().get() as string | undefined) ?? null;
  const asOfDate = (clock: Clock): string => options.pinnedAsOf ?? storedAsOf() ?? clock().toISOString().slice(0, 10);

  /** Policy, counterparties, imported fingerprints and the date as the rules will see them. */
  const loadContext = (clock: Clock, asOf: string) => {
    const now = (): string => clock().toISOString();
    const policy = currentPolicy(db, clock);
    const key = fingerprintKey(db, now);
    const counterparties = listCounterparties(db);
    const context = buildContext({ policy: policy.policy, policyVersion: policy.version, asOf, counterparties, foreignFingerprints: foreignFingerprints(db) });
    return {
      context,
      // Read after seeding the policy and the key, so that their creation does not look like a change.
      key: contextKey(db, asOf),
      deps: { counterparties, fingerprint: fingerprinter(key), fingerprintKeyId: keyIdOf(key) },
    };
  };

  type PersistOptions = {
    readonly kind: 'full' | 'incremental';
    readonly state: CheckState;
    readonly skipped: readonly string[];
    readonly evaluated: number;
    readonly startedAt: string;
    readonly started: number;
    readonly at: string;
    readonly actor: string;
    readonly audit?: { readonly created: number; readonly linked: number } | undefined;
    /** A new evaluation date to store with the run (undefined: keep the stored one). */
    readonly asOfChange?: string | null | undefined;
    readonly progress?: Progress | undefined;
    /**
     * The outcomes are those of the receivables a run scoped to what changed evaluated, not all: the
     * run's counts and statuses are read from the stored results once written.
     */
    readonly scoped?: boolean | undefined;
    /** Write every receivable's group keys again (the context moved since they were written), not only the written ones'. */
    readonly allKeys?: boolean | undefined;
  };

  const keyStatements = {
    forget: db.prepare('DELETE FROM check_keys WHERE receivable_id = ?'),
    add: db.prepare('INSERT OR IGNORE INTO check_keys (keying, key, receivable_id) VALUES (?, ?, ?)'),
  };
  /** Stores the group keys the state holds for a receivable (none when it is not held). */
  const writeKeys = (state: CheckState, id: string, forget = true): void => {
    if (forget) keyStatements.forget.run(id);
    const keys = heldKeys(state, id);
    if (!keys) return;
    for (let k = 0; k < keys.length; k += 1) for (const key of keys[k]!) keyStatements.add.run(k, key, id);
  };

  /** Findings not waived by severity, receivables, and receivables by status, as stored. */
  const storedCounts = (): { counts: { fail: number; warn: number; info: number }; receivables: number; byStatus: Map<ReceivableStatus, number> } => {
    const counts = SEVERITY_ZERO();
    // Every finding by severity (from its index), less those a confirmed waiver covers (read from
    // the few waivers, not by looking for one beside each of 100k findings: 6 ms instead of 120).
    for (const [severity, n] of db.prepare('SELECT severity, count(*) FROM findings GROUP BY severity').raw().all() as [Severity, number][]) counts[severity] = n;
    const waived = db
      .prepare(
        `SELECT f.severity, count(DISTINCT f.id) FROM waivers w JOIN findings f ON f.id = w.finding_id AND f.inputs_hash = w.inputs_hash
         WHERE w.status = 'confirmed' GROUP BY f.severity`,
      )
      .raw()
      .all() as [Severity, number][];
    for (const [severity, n] of waived) counts[severity] -= n;
    const receivables = db.prepare('SELECT count(*) FROM receivables').pluck().get() as number;
    const byStatus = new Map(db.prepare('SELECT status, count(*) FROM receivables GROUP BY status').raw().all() as [ReceivableStatus, number][]);
    return { counts, receivables, byStatus };
  };

  /**
   * Writes outcomes: findings, receivable state, the run row (and for a run its audit entry). Only
   * receivables whose stored result differs are written; a full run does so in short transactions
   * and ends with one that records the run, so its audit entry commits with the run row.
   */
  const persist = (outcomes: readonly ReceivableOutcome[], write: readonly ReceivableOutcome[], options: PersistOptions): CheckRunSummary => {
    const { state } = options;
    const runId = ws.ids('run');
    const { at } = options;
    const policyVersion = state.ctx.policyVersion;
    const statements = persistStatements(db);
    const scoped = options.scoped === true;
    // Every stored result is compared and counted: a full run that evaluated every receivable.
    const full = options.kind === 'full' && !scoped;
    // Results written by anything but a complete full run (which records its mark when done) are
    // not what the stored mark vouches for.
    if (write.length > 0 || options.skipped.length > 0) forgetMark();
    // Keys written again for a new context: the base they stood on no longer holds until the run records its own.
    if (options.allKeys) db.prepare('DELETE FROM meta WHERE key = ?').run(BASE_MARK);
    const waived = full ? waivedKeys(db) : waivedKeys(db, write.map((o) => o.receivableId));
    const counts = SEVERITY_ZERO();
    const waivedFor = full || scoped ? waived : waivedKeys(db, outcomes.map((o) => o.receivableId));
    if (!scoped) {
      for (const outcome of outcomes) {
        for (const f of outcome.findings) if (!waivedFor.has(`${findingId(outcome.receivableId, f.ruleId, f.key)}\u0000${outcome.inputsHash}`)) counts[f.severity] += 1;
      }
    }
    const writeOne = (outcome: ReceivableOutcome): void => {
      const facts = factsOf(state, outcome.receivableId);
      statements.deleteFindings.run(outcome.receivableId);
      if (!options.allKeys) writeKeys(state, outcome.receivableId);
      if (!facts) {
        statements.clearReceivable.run(outcome.receivableId);
        return;
      }
      for (const f of outcome.findings) {
        statements.insertFinding.run(
          findingId(outcome.receivableId, f.ruleId, f.key),
          outcome.receivableId,
          f.ruleId,
          f.key,
          f.category,
          f.severity,
          f.title,
          f.reference,
          f.message,
          JSON.stringify(f.evidence),
          policyVersion,
          outcome.inputsHash,
          at,
          runId,
        );
      }
      statements.writeSummary.run(JSON.stringify(summaryOf(facts)), outcome.receivableId);
      statements.updateReceivable.run({
        id: outcome.receivableId,
        at,
        policyVersion,
        inputsHash: outcome.inputsHash,
        findingsDigest: findingsDigest(outcome),
        supplierId: facts.supplierId,
        buyerId: facts.buyerId,
        status: statusAfterCheck(outcome, waived),
      });
    };
    const finish = (): CheckRunSummary => {
      for (const id of options.skipped) {
        statements.deleteFindings.run(id);
        statements.clearReceivable.run(id);
        keyStatements.forget.run(id);
      }
      refreshSummaries(db, [...options.skipped, ...write.filter((o) => !state.entries.has(o.receivableId)).map((o) => o.receivableId)]);
      const stored = scoped ? storedCounts() : null;
      if (stored) Object.assign(counts, stored.counts);
      const receivables = stored ? stored.receivables : full ? (db.prepare('SELECT count(*) FROM receivables').pluck().get() as number) : state.entries.size;
      const millis = Math.round(performance.now() - options.started);
      insertCheckRun(db, { id: runId, kind: options.kind, policyVersion, startedAt: options.startedAt, millis, actor: options.actor, receivables, evaluated: options.evaluated, ...counts });
      // Counting statuses scans every receivable: worth it for a run, not after each edit.
      const byStatus = stored ? stored.byStatus : new Map(full ? (db.prepare('SELECT status, count(*) FROM receivables GROUP BY status').raw().all() as [ReceivableStatus, number][]) : []);
      const result: CheckRunSummary = {
        runId,
        policyVersion,
        asOf: state.ctx.asOf,
        receivables,
        evaluated: options.evaluated,
        created: options.audit?.created ?? 0,
        linked: options.audit?.linked ?? 0,
        findings: counts,
        eligible: byStatus.get('eligible') ?? 0,
        ineligible: byStatus.get('ineligible') ?? 0,
        millis,
        ...(scoped ? { scoped: true } : {}),
      };
      if (options.asOfChange !== undefined) {
        if (options.asOfChange === null) db.prepare("DELETE FROM meta WHERE key = 'checks_as_of'").run();
        else setMeta(db, 'checks_as_of', options.asOfChange);
        appendAudit(db, { at, actor: options.actor, action: 'checks.as_of_set', entity: 'checks', entityId: 'as_of', details: { asOf: options.asOfChange } });
      }
      if (options.audit) appendAudit(db, { at, actor: options.actor, action: 'checks.run', entity: 'checks', entityId: runId, details: result });
      return result;
    };
    if (options.allKeys) {
      // Every receivable's group keys as this state holds them, in short transactions like the results.
      db.transaction(() => db.prepare('DELETE FROM check_keys').run()).immediate();
      const ids = [...state.entries.keys()];
      for (let i = 0; i < ids.length; i += PERSIST_CHUNK) {
        const chunk = ids.slice(i, i + PERSIST_CHUNK);
        db.transaction(() => chunk.forEach((id) => writeKeys(state, id, false))).immediate();
      }
    }
    let summary: CheckRunSummary;
    if (full && write.length > PERSIST_CHUNK) {
      // Until the last transaction (run row, audit entry) commits with synchronous=FULL, the chunks
      // before it need not wait for the disk: that last commit makes them durable with it. A crash
      // before it leaves each receivable's stored result whole (some new, some as before) and no
      // run on record; the next run writes what is missing.
      const durable = db.pragma('synchronous', { simple: true }) as number;
      db.pragma('synchronous = NORMAL');
      try {
        for (let i = 0; i < write.length; i += PERSIST_CHUNK) {
          options.progress?.('Saving findings', i, write.length);
          const chunk = write.slice(i, i + PERSIST_CHUNK);
          db.transaction(() => chunk.forEach(writeOne)).immediate();
        }
      } finally {
        db.pragma(`synchronous = ${durable}`);
      }
      options.progress?.('Saving findings', write.length, write.length);
      summary = db.transaction(finish).immediate();
    } else {
      summary = db
        .transaction(() => {
          write.forEach(writeOne);
          return finish();
        })
        .immediate();
    }
    // A scoped run's state is its own, not the loaded one `persisted` describes (the caller forgets it).
    if (!scoped || state === loaded?.state) {
      for (const outcome of full ? outcomes : write) {
        if (state.entries.has(outcome.receivableId)) persisted.set(outcome.receivableId, outcome);
        else persisted.delete(outcome.receivableId);
      }
    }
    for (const id of options.skipped) persisted.delete(id);
    return summary;
  };

  /** The outcomes of a full evaluation whose stored result differs from what is in the database. */
  const changedSinceStored = (outcomes: readonly ReceivableOutcome[], state: CheckState, subset = false): ReceivableOutcome[] => {
    const ids = subset ? outcomes.map((o) => o.receivableId) : null;
    const waived = ids ? waivedKeys(db, ids) : waivedKeys(db);
    const differs = (outcome: ReceivableOutcome, row: StoredRow | undefined): boolean => {
      const facts = factsOf(state, outcome.receivableId);
      if (!row || !facts) return true;
      const [, inputsHash, digest, status, statusBy, checkedAt, supplierId, buyerId, hasSummary, policyVersion] = row;
      if (checkedAt === null || hasSummary === 0) return true;
      if (inputsHash !== outcome.inputsHash || policyVersion !== state.ctx.policyVersion) return true;
      if (supplierId !== facts.supplierId || buyerId !== facts.buyerId) return true;
      const written = statusWritten({ status, status_by: statusBy }, statusAfterCheck(outcome, waived));
      if (written.status !== status || written.clearsBy) return true;
      // The in-memory outcome last written, when it holds the same findings, spares the digest.
      const before = persisted.get(outcome.receivableId);
      if (before && before.inputsHash === outcome.inputsHash && sameFindings(before, outcome)) return false;
      return digest !== findingsDigest(outcome);
    };
    const columns = 'id, inputs_hash, findings_digest, status, status_by, checked_at, supplier_id, buyer_id, summary IS NOT NULL, policy_version';
    if (ids) {
      // Some receivables (a run scoped to what changed): their rows by id.
      const rows = db.prepare(`SELECT ${columns} FROM receivables WHERE id IN (SELECT value FROM json_each(?))`).raw().all(idList(ids)) as StoredRow[];
      const stored = new Map(rows.map((row) => [row[0], row]));
      return outcomes.filter((outcome) => differs(outcome, stored.get(outcome.receivableId)));
    }
    // The stored rows in the gather's order, compared as they stream past: 100k of them are never
    // all held (a map of them cost 0.2–0.7 s in the heap of a run). A receivable added or removed
    // since the gather breaks the lockstep, and the rows are then looked up by id.
    const changed: ReceivableOutcome[] = [];
    let at = 0;
    for (const row of db.prepare(`SELECT ${columns} FROM receivables ORDER BY created_at, id`).raw().iterate() as IterableIterator<StoredRow>) {
      const outcome = outcomes[at];
      if (outcome?.receivableId !== row[0]) {
        at = -1;
        break;
      }
      if (differs(outcome, row)) changed.push(outcome);
      at += 1;
    }
    if (at === outcomes.length) return changed;
    const stored = new Map((db.prepare(`SELECT ${columns} FROM receivables`).raw().all() as StoredRow[]).map((row) => [row[0], row]));
    return outcomes.filter((outcome) => differs(outcome, stored.get(outcome.receivableId)));
  };

  /**
   * Gathers everything and evaluates from scratch; null when stopped while gathering (the state is
   * then the one before). Once the evaluation starts it finishes: it replaces the state in place.
   */
  const evaluateEverything = (
    clock: Clock,
    asOf: string,
    control: JobControl = {},
    label = 'Reading documents',
    documentsCurrent = false,
  ): { loaded: Loaded; outcomes: ReceivableOutcome[]; skipped: string[] } | null => {
    const { context, key, deps } = loadContext(clock, asOf);
    control.progress?.(label, 0, 0);
    const epoch = checksEpoch();
    const next = snapshot ?? { docs: new Map(), receivables: new Map(), deps };
    const gathered = gatherFactsIn(db, { ...deps, now: clock().toISOString() }, undefined, {
      stop: control.stop,
      progress: (done, total) => control.progress?.(label, done, total),
      snapshot: next,
      documentsCurrent,
    });
    snapshot = next;
    if (!gathered || control.stop?.()) return null;
    control.progress?.('Evaluating rules', 0, gathered.facts.length);
    const state = loaded?.state ?? createCheckState(rules, context, sha256Hex);
    const outcomes = evaluateAll(state, gathered.facts, context);
    loaded = { state, key, deps };
    stale = false;
    stateEpoch = epoch;
    gatheredAt = { epoch, skipped: gathered.skipped };
    comparedAt = null;
    persisted.clear();
    return { loaded, outcomes, skipped: gathered.skipped };
  };

  /**
   * A run on a loaded state whose context has not moved: documents and receivables are read again,
   * but only those that changed are parsed and re-evaluated (the engine's incremental update, which
   * equals a full evaluation); every other receivable keeps the outcome it has.
   */
  const evaluateChanges = (
    clock: Clock,
    current: Loaded,
    control: JobControl,
    label: string,
    documentsCurrent: boolean,
  ): { outcomes: ReceivableOutcome[]; skipped: string[] } | null => {
    control.progress?.(label, 0, 0);
    const epoch = checksEpoch();
    const gathered = gatherFactsIn(db, { ...current.deps, now: clock().toISOString() }, undefined, {
      stop: control.stop,
      progress: (done, total) => control.progress?.(label, done, total),
      snapshot: snapshot ?? undefined,
      documentsCurrent,
    });
    if (!gathered || control.stop?.()) return null;
    const { state } = current;
    const present = new Set(gathered.facts.map((f) => f.id));
    const upsert = gathered.facts.filter((f) => state.entries.get(f.id)?.facts !== f);
    const remove = [...state.entries.keys()].filter((id) => !present.has(id));
    control.progress?.('Evaluating rules', 0, upsert.length + remove.length);
    const touched = new Map(update(state, { upsert, remove }).map((o) => [o.receivableId, o]));
    const outcomes = gathered.facts.map((f) => touched.get(f.id) ?? persisted.get(f.id) ?? outcomeOf(state, f.id));
    const skipped = [...gathered.skipped, ...remove.filter((id) => !gathered.skipped.includes(id))];
    stateEpoch = epoch;
    gatheredAt = { epoch, skipped };
    comparedAt = null;
    return { outcomes, skipped };
  };

  /** The base a run records once it wrote every result of a full evaluation at this epoch (and the keys for its context). */
  const baseRest = (asOf: string): string => `${contextKey(db, asOf)}|${rulesKey}`;
  const recordBase = (epoch: number, asOf: string): void => {
    setMeta(db, BASE_MARK, `${epoch}|${baseRest(asOf)}`);
    // What changed before that epoch is in the results now.
    db.prepare('DELETE FROM checks_changes WHERE epoch < ?').run(epoch);
  };

  /**
   * A run on the loaded state that re-reads only the receivables the change log names since the
   * state was gathered (null when it cannot: the log is not whole, or names too many): the engine's
   * update re-evaluates them and their groups, exactly as a full evaluation would.
   */
  const evaluateLogged = (clock: Clock, current: Loaded, control: JobControl): { state: null; outcomes: ReceivableOutcome[]; skipped: string[] } | 'stopped' | null => {
    const base = storedBase(db);
    if (stateEpoch === null || (base !== null && stateEpoch < base.epoch) || !allTriggers(db, CHECKS_CHANGES_TRIGGERS)) return null;
    const epoch = checksEpoch();
    const ids = changedSince(db, stateEpoch, SCOPED_AT_MOST);
    if (ids === null) return null;
    control.progress?.('Reading changed documents', 0, ids.length);
    const gathered = gatherFactsIn(db, { ...current.deps, now: clock().toISOString() }, ids, { stop: control.stop, snapshot: snapshot ?? undefined });
    if (!gathered || control.stop?.()) return 'stopped';
    const { state } = current;
    const remove = gathered.skipped.filter((id) => state.entries.has(id));
    control.progress?.('Evaluating rules', 0, gathered.facts.length + remove.length);
    const outcomes = update(state, { upsert: gathered.facts, remove }).filter((o) => state.entries.has(o.receivableId));
    stateEpoch = epoch;
    gatheredAt = null;
    comparedAt = null;
    return { state: null, outcomes, skipped: gathered.skipped };
  };

  /**
   * A run with no engine state in memory (a workspace changed since its last run, just opened) that
   * stands on the stored results: it reads the receivables the change log names since the base, the
   * members of every group they were in (their stored keys) or are in now, and evaluates those
   * alone. A changed receivable's every group is then complete, so its outcome is exact; a member's
   * findings come from this evaluation for the keyings whose groups were loaded whole, and from the
   * stored results for the others (a member with several keys under a keying has all of them
   * loaded, so no rule of a keying is split). Null when it cannot stand on the stored results (no
   * base for this context and rules, a log not whole, too many changes or members, stored keys that
   * do not match a member's facts); a full evaluation then does the run.
   */
  const evaluateScoped = (
    clock: Clock,
    asOf: string,
    control: JobControl,
  ): { state: CheckState; outcomes: ReceivableOutcome[]; skipped: string[] } | 'stopped' | null => {
    const base = storedBase(db);
    if (base === null || base.rest !== baseRest(asOf) || !allTriggers(db, CHECKS_CHANGES_TRIGGERS)) return null;
    const changed = changedSince(db, base.epoch, SCOPED_AT_MOST);
    if (changed === null) return null;
    const { context, deps } = loadContext(clock, asOf);
    const now = clock().toISOString();
    control.progress?.('Reading changed documents', 0, changed.length);
    const own = gatherFactsIn(db, { ...deps, now }, changed, { stop: control.stop });
    if (!own || control.stop?.()) return 'stopped';
    const state = createCheckState(rules, context, sha256Hex);
    const keyings = state.keyings.length;
    const keysRead = db.prepare('SELECT receivable_id, keying, key FROM check_keys WHERE receivable_id IN (SELECT value FROM json_each(?))').raw();
    const membersOf = db.prepare('SELECT receivable_id FROM check_keys WHERE keying = ? AND key = ?').pluck();
    const storedKeys = new Map<string, string[][]>();
    const readKeys = (ids: readonly string[]): void => {
      for (const id of ids) storedKeys.set(id, Array.from({ length: keyings }, () => []));
      for (const [id, k, key] of keysRead.all(idList(ids)) as [string, number, string][]) storedKeys.get(id)?.[k]?.push(key);
    };
    const changedSet = new Set(changed);
    readKeys(changed);
    const affected = Array.from({ length: keyings }, () => new Set<string>());
    const frontier: [number, string][] = [];
    const affect = (k: number, key: string): void => {
      if (affected[k]!.has(key)) return;
      affected[k]!.add(key);
      frontier.push([k, key]);
    };
    // The groups each changed receivable was in, and those it is in now.
    for (const id of changed) storedKeys.get(id)!.forEach((list, k) => list.forEach((key) => affect(k, key)));
    for (const facts of own.facts) groupKeysOf(state, facts).forEach((list, k) => list.forEach((key) => affect(k, key)));
    const neighbours: string[] = [];
    while (frontier.length > 0) {
      const [k, key] = frontier.pop()!;
      const members = (membersOf.all(k, key) as string[]).filter((id) => !changedSet.has(id));
      const unknown = members.filter((id) => !storedKeys.has(id));
      if (unknown.length > 0) {
        readKeys(unknown);
        neighbours.push(...unknown);
        if (neighbours.length + changed.length > SCOPE_MEMBERS_AT_MOST) return null;
      }
      // A member with several keys under this keying has each of its groups under it loaded whole.
      for (const id of members) for (const other of storedKeys.get(id)![k]!) affect(k, other);
    }
    control.progress?.('Reading changed documents', changed.length, changed.length + neighbours.length);
    const around = neighbours.length === 0 ? { facts: [], skipped: [] } : gatherFactsIn(db, { ...deps, now }, neighbours, { stop: control.stop, cache: false });
    if (!around || control.stop?.()) return 'stopped';
    // A member the stored keys name that cannot be evaluated, or whose keys are not those stored: the
    // stored results are not what they seem, so everything is evaluated.
    if (around.skipped.length > 0) return null;
    for (const facts of around.facts) {
      const stored = storedKeys.get(facts.id)!;
      const keys = groupKeysOf(state, facts);
      if (keys.some((list, k) => list.length !== stored[k]!.length || list.some((key) => !stored[k]!.includes(key)))) return null;
    }
    control.progress?.('Evaluating rules', 0, changed.length + neighbours.length);
    evaluateAll(state, [...own.facts, ...around.facts], context);
    const storedFindings = new Map<string, Map<string, RuleFinding[]>>();
    if (neighbours.length > 0) {
      const rows = db
        .prepare(
          'SELECT receivable_id, rule_id, key, category, severity, title, reference, message, evidence FROM findings WHERE receivable_id IN (SELECT value FROM json_each(?)) ORDER BY rowid',
        )
        .raw()
        .all(idList(neighbours)) as [string, string, string, RuleFinding['category'], RuleFinding['severity'], string, string | null, string, string][];
      for (const [receivableId, ruleId, key, category, severity, title, reference, message, evidence] of rows) {
        let byRule = storedFindings.get(receivableId);
        if (!byRule) storedFindings.set(receivableId, (byRule = new Map()));
        const finding: RuleFinding = { receivableId, ruleId, key, category, severity, title, reference, message, evidence: JSON.parse(evidence) as RuleFinding['evidence'] };
        const list = byRule.get(ruleId);
        if (list) list.push(finding);
        else byRule.set(ruleId, [finding]);
      }
    }
    const outcomes = own.facts.map((facts) => outcomeOf(state, facts.id));
    for (const id of neighbours) {
      const keys = storedKeys.get(id)!;
      const fresh = (k: number): boolean => keys[k]!.every((key) => affected[k]!.has(key));
      outcomes.push(mergedOutcome(state, id, fresh, storedFindings.get(id) ?? new Map()));
    }
    return { state, outcomes, skipped: own.skipped };
  };

  /** Builds and links receivables unless nothing it reads changed since it last did (then it is skipped). */
  const syncIfChanged = (
    actor: string,
    clock: Clock,
    control: JobControl,
  ): { created: number; linked: number; ids: readonly string[]; read: boolean; readAt?: number | undefined } | null => {
    // Seed the policy and the fingerprint key first, so that their creation does not look like a change next time.
    currentPolicy(db, clock);
    fingerprintKey(db, () => clock().toISOString());
    const usable = factsCacheUsable(db);
    const linkEpoch = (): number => db.prepare('SELECT n FROM link_epoch').pluck().get() as number;
    const markNow = (): string => `${linkEpoch()}|${contextKey(db, '')}`;
    const mark = usable ? markNow() : null;
    const fieldChanges = linkFieldChanges(db);
    const keyChanges = linkKeyChanges(db, LINK_AROUND_AT_MOST);
    const unchanged = mark !== null && (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(LINK_MARK) as string | undefined) === mark;
    if (unchanged && !fieldChanges.unpaired && keyChanges.upTo === 0) {
      // Fields changed only on paired documents, where linking does not read them.
      forgetLinkFieldChanges(db, fieldChanges.upTo);
      return { created: 0, linked: 0, ids: [], read: false };
    }
    // The epoch before reading: when it has not moved by the time the rules gather, no document changed since.
    const readAt = checksEpoch();
    // Documents the loaded state was just gathered from are current while nothing a run reads has moved.
    const current = snapshot !== null && gatheredAt !== null && gatheredAt.epoch === readAt;
    // Only B/L numbers (and unpaired documents' fields) changed since linking last ran: link around them.
    const around = unchanged && keyChanges.documents !== null ? keyChanges.documents : null;
    const light = around !== null && !current;
    let values: ValuesSource;
    let scope: LinkScope | undefined;
    if (light) {
      // The documents held are not current (none, after opening; or some changed): read only the
      // documents linking asks for, and every B/L number from the stored fields. A run scoped to
      // what changed then reads no other document; one that evaluates everything reads them all after.
      values = valuesFromFactsOf(db, clock().toISOString());
      scope = { changed: around!, numbers: blNumbersStored(db) };
    } else {
      // Linking reads the documents' current values from their facts, which the gather after it
      // keeps: 200k documents are parsed once per run, not once for linking and again for the rules.
      const next = snapshot ?? { docs: new Map(), receivables: new Map(), deps: { counterparties: listCounterparties(db), fingerprint: () => null } };
      const reading = { stop: control.stop, progress: (done: number, total: number) => control.progress?.('Reading documents', done, total) };
      if (!current && !refreshSnapshotDocuments(db, next, clock().toISOString(), reading)) return null;
      snapshot = next;
      values = valuesFromFacts(db, next.docs);
      scope = around !== null ? { changed: around, numbers: blNumbersFromFacts(next.docs) } : undefined;
    }
    control.progress?.(scope ? 'Linking changed documents' : 'Building receivables', 0, 0);
    const { synced, built } = db
      .transaction(() => {
        // Nothing linking reads moved while the documents were read: then (the write lock held) the
        // building's own receivables and links are all that move the epoch, and the mark after it
        // vouches for what it built. Otherwise the mark read before reading, so the next run builds again.
        const quiet = mark !== null && markNow() === mark;
        const result = syncReceivablesAs({ ...ws, clock, close: () => undefined }, actor, values, scope);
        return { synced: result, built: quiet ? markNow() : mark };
      })
      .immediate();
    if (built !== null) setMeta(db, LINK_MARK, built);
    forgetLinkFieldChanges(db, fieldChanges.upTo);
    forgetLinkKeyChanges(db, keyChanges.upTo);
    // Linking around the changed numbers read no documents for the gather to stand on (`readAt` stays unset).
    return light ? { ...synced, read: false } : { ...synced, read: true, readAt };
  };

  const run = (request: RunRequest, clock: Clock, given: JobControl = {}): RunEnd => {
    const control: JobControl = { stop: given.stop, progress: given.progress && throttled(given.progress) };
    const started = performance.now();
    const startedAt = clock().toISOString();
    const asOf = options.pinnedAsOf ?? (request.asOf === undefined ? asOfDate(clock) : (request.asOf ?? startedAt.slice(0, 10)));
    const asOfChange = request.asOf !== undefined && request.asOf !== storedAsOf() ? request.asOf : undefined;
    control.progress?.('Reading documents', 0, 0);
    const synced = syncIfChanged(request.actor, clock, control);
    if (!synced || control.stop?.()) return { ok: false, cancelled: true };
    // Read after building receivables and before gathering: a change made while this run reads
    // moves the epoch past it, so the mark it records does not vouch for that change.
    const mark = inputsMark(asOf);
    if (mark !== null && asOfChange === undefined && storedMark() === mark) return currentRun(request, clock, { started, startedAt, asOf }, control);
    const current = loaded;
    const warm = current !== null && !stale && contextKey(db, asOf) === current.key;
    // Documents read for linking are not read again: what follows assembles the receivables.
    const label = synced.read ? 'Assembling receivables' : 'Reading documents';
    // Nothing a run reads moved since those documents were read (building receivables moves the epoch when it creates or links).
    const documentsCurrent = mark !== null && synced.readAt !== undefined && checksEpoch() === synced.readAt;
    // Nothing a run reads moved since the loaded state was gathered (the background load after
    // opening a workspace changed while closed): its outcomes are what gathering again would give.
    const asGathered = current !== null && warm && gatheredAt !== null && gatheredAt.epoch === checksEpoch() ? { state: current.state, skipped: gatheredAt.skipped } : null;
    // Only what the change log names (and its groups) is evaluated when it can be: on the loaded
    // state, or, with none loaded, on the stored results and keys.
    const logged = asGathered === null && mark !== null ? (current !== null && warm ? evaluateLogged(clock, current, control) : evaluateScoped(clock, asOf, control)) : null;
    if (logged === 'stopped') return { ok: false, cancelled: true };
    const standalone = logged?.state ?? null;
    if (standalone) {
      // The loaded state (if any) is for another context or stale, and `persisted` describes it: forget both.
      loaded = null;
      stateEpoch = null;
      gatheredAt = null;
      comparedAt = null;
      persisted.clear();
    }
    const evaluated =
      logged ??
      (asGathered
        ? { outcomes: [...asGathered.state.entries.keys()].map((id) => persisted.get(id) ?? outcomeOf(asGathered.state, id)), skipped: [...asGathered.skipped] }
        : current !== null && warm
          ? evaluateChanges(clock, current, control, label, documentsCurrent)
          : evaluateEverything(clock, asOf, control, label, documentsCurrent));
    if (!evaluated) return { ok: false, cancelled: true };
    const { outcomes, skipped } = evaluated;
    const state = standalone ?? loaded!.state;
    // From here the run finishes: saving is short and what it writes must be whole.
    control.progress?.('Saving findings', 0, outcomes.length);
    // Standing on the state the load compared, with nothing written since: what differs is what it did not find stored.
    const compared = asGathered !== null && comparedAt === gatheredAt;
    const write = compared ? outcomes.filter((o) => !persisted.has(o.receivableId)) : changedSinceStored(outcomes, state, logged !== null);
    // The group keys stored are for another context (or none yet): a run on a whole state writes them all.
    const allKeys = standalone === null && mark !== null && storedBase(db)?.rest !== baseRest(asOf);
    const summary = persist(outcomes, write, {
      scoped: logged !== null,
      allKeys,
      kind: 'full',
      state,
      skipped,
      evaluated: outcomes.length,
      startedAt,
      started,
      at: clock().toISOString(),
      actor: request.actor,
      audit: { created: synced.created, linked: synced.linked },
      asOfChange,
      progress: control.progress,
    });
    if (mark !== null) {
      setMeta(db, CURRENT_MARK, mark);
      recordBase(Number(mark.split('|')[0]), asOf);
    }
    control.progress?.('Done', 1, 1);
    return { ok: true, summary, changed: [...new Set([...write.map((o) => o.receivableId), ...skipped, ...synced.ids])], ...(standalone ? { unloaded: true as const } : {}) };
  };

  /**
   * A run when nothing it reads changed since the last complete run — same documents, corrections,
   * links, waivers, policy, counterparties, date and rules: the stored results are what evaluating
   * would give, so it records the run from them (counts, statuses) without evaluating or writing a
   * result. After opening a workspace of 100k receivables this answers in a fraction of a second
   * instead of waiting for the engine state to load.
   */
  const currentRun = (request: RunRequest, clock: Clock, at: { started: number; startedAt: string; asOf: string }, control: JobControl): RunEnd => {
    control.progress?.('Results are current', 0, 0);
    const summary = db
      .transaction((): CheckRunSummary => {
        const runId = ws.ids('run');
        const policyVersion = currentPolicy(db, clock).version;
        const { counts, receivables, byStatus } = storedCounts();
        const millis = Math.round(performance.now() - at.started);
        insertCheckRun(db, { id: runId, kind: 'full', policyVersion, startedAt: at.startedAt, millis, actor: request.actor, receivables, evaluated: 0, ...counts });
        const result: CheckRunSummary = {
          runId,
          policyVersion,
          asOf: at.asOf,
          receivables,
          evaluated: 0,
          created: 0,
          linked: 0,
          findings: counts,
          eligible: byStatus.get('eligible') ?? 0,
          ineligible: byStatus.get('ineligible') ?? 0,
          millis,
          current: true,
        };
        appendAudit(db, { at: clock().toISOString(), actor: request.actor, action: 'checks.run', entity: 'checks', entityId: runId, details: result });
        return result;
      })
      .immediate();
    control.progress?.('Done', 1, 1);
    return { ok: true, summary, changed: [], ...(loaded === null ? { unloaded: true as const } : {}) };
  };

  const recheckNeedsFull = (clock: Clock): boolean => !loaded || stale || contextKey(db, asOfDate(clock)) !== loaded.key;

  const recheck = (requested: readonly string[], clock: Clock): RecheckEnd => {
    const started = performance.now();
    const startedAt = clock().toISOString();
    // A receivable no run has checked yet stays a draft until the next run.
    const ids = requested.length === 0 ? [] : (db.prepare('SELECT id FROM receivables WHERE checked_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))').pluck().all(idList(requested)) as string[]);
    if (ids.length === 0) return { result: { runId: null, evaluated: 0, persisted: 0, millis: 0 }, changed: [] };
    const asOf = asOfDate(clock);
    if (loaded && (stale || contextKey(db, asOf) !== loaded.key)) {
      // The policy, counterparties or date moved under the state: every result may differ.
      const everything = evaluateEverything(clock, asOf)!;
      const write = changedSinceStored(everything.outcomes, everything.loaded.state);
      const summary = persist(everything.outcomes, write, {
        kind: 'full',
        state: everything.loaded.state,
        skipped: everything.skipped,
        evaluated: everything.outcomes.length,
        startedAt,
        started,
        at: clock().toISOString(),
        actor: 'system',
      });
      const millis = Math.round(performance.now() - started);
      return { result: { runId: summary.runId, evaluated: summary.evaluated, persisted: write.length, millis }, changed: [...write.map((o) => o.receivableId), ...everything.skipped] };
    }
    // No full evaluation yet on this connection: load the state from a full gather, then apply the edit.
    if (!loaded) load(clock);
    const current = loaded!;
    // Read-only: the edited documents' facts rows are built again by the next run, not while the UI waits.
    const gathered = gatherFactsIn(db, { ...current.deps, now: startedAt }, ids, { cache: false, snapshot: snapshot ?? undefined })!;
    const outcomes = update(current.state, { upsert: gathered.facts, remove: gathered.skipped });
    gatheredAt = null;
    comparedAt = null;
    const moved = outcomes.filter((o) => {
      const before = persisted.get(o.receivableId);
      return (
        !current.state.entries.has(o.receivableId) || !before || before.inputsHash !== o.inputsHash || (!sameFindings(before, o) && signatureOf(before) !== signatureOf(o))
      );
    });
    const skipped = gathered.skipped.filter((id) => !outcomes.some((o) => o.receivableId === id));
    const summary = persist(moved, moved, { kind: 'incremental', state: current.state, skipped, evaluated: outcomes.length, startedAt, started, at: clock().toISOString(), actor: 'system' });
    return {
      result: { runId: summary.runId, evaluated: outcomes.length, persisted: moved.length, millis: Math.round(performance.now() - started) },
      changed: [...moved.map((o) => o.receivableId), ...skipped],
    };
  };

  function load(clock: Clock, control: JobControl = {}): boolean {
    if (!recheckNeedsFull(clock)) return true;
    const asOf = asOfDate(clock);
    const everything = evaluateEverything(clock, asOf, control);
    if (!everything) return false;
    // What is stored is what the state says wherever the digests agree; the rest is written by the next edit or run.
    const differing = changedSinceStored(everything.outcomes, everything.loaded.state);
    const stored = new Set(differing.map((o) => o.receivableId));
    for (const outcome of everything.outcomes) if (!stored.has(outcome.receivableId)) persisted.set(outcome.receivableId, outcome);
    comparedAt = gatheredAt;
    return true;
  }

  return {
    run,
    recheck,
    recheckNeedsFull,
    load,
    size: () => db.prepare('SELECT count(*) FROM receivables').pluck().get() as number,
    markStale: () => {
      stale = true;
      gatheredAt = null;
      comparedAt = null;
    },
  };
}

export type { Database };
