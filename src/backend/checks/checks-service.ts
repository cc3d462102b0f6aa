/**
 * The cross-check use cases: a full run (build receivables → gather → evaluate → persist → audit),
 * the incremental re-evaluation after an edit, the Findings view and four-eyes waivers. One engine
 * state lives per backend, so an edit re-evaluates only the receivables and groups it touches.
 */
import type { CheckRunSummary, Finding, ReceivableStatus, RuleInfo } from '../../shared/checks';
import type { Role } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { createCheckState, evaluateAll, factsOf, update } from '../../core/checks/engine';
import type { CheckState, ReceivableOutcome } from '../../core/checks/engine';
import type { FactField, ReceivableFacts, Rule } from '../../core/checks/types';
import type { FieldName, FieldValue } from '../../shared/documents';
import { RULES, ruleInfo } from '../../core/checks/rules/index';
import { appendAudit } from '../audit/audit-log';
import { listCounterparties } from '../counterparties/counterparties-repo';
import { sha256Hex } from '../crypto/hash';
import { getDocumentRow } from '../documents/documents-repo';
import type { EventBus } from '../events';
import { currentPolicy } from '../policy/policy-service';
import { OPEN_STATUSES, getReceivableRow, idList, receivablesOfDocument, refreshSummaries, summaryValuesOf } from '../receivables/receivables-repo';
import type { SummaryValues } from '../receivables/receivables-repo';
import { syncReceivablesAs } from '../receivables/receivables-service';
import { requireRole } from '../services/session';
import type { SessionState } from '../services/session';
import type { Workspace } from '../workspace';
import {
  decideWaiver,
  findingId,
  getFinding,
  getWaiver,
  insertCheckRun,
  insertWaiver,
  listFindings,
  persistStatements,
  statusAfterCheck,
  waivedKeys,
} from './findings-repo';
import type { FindingFilter } from './findings-repo';
import { fingerprintKey, foreignFingerprints, invoiceFingerprint } from './fingerprints';
import { buildContext, contextKey, forgetSignals, gatherFacts } from './gather';
import type { GatherDeps } from './gather';

const RUNNERS: readonly Role[] = ['analyst', 'risk_officer'];
const READERS: readonly Role[] = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'];
const WAIVERS: readonly Role[] = ['risk_officer'];

export type ChecksContext = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly bus: EventBus;
  /** The rule set; the shipped RULES unless a test pins others. */
  readonly rules?: readonly Rule[] | undefined;
  /** The evaluation date (ISO) when it is not today, e.g. a pool's cut-off date; defaults to the clock's date. */
  readonly asOf?: string | undefined;
};

export type Progress = (label: string, done: number, total: number) => void;

/** What an incremental re-evaluation did (for tests, the bench and the demo). */
export type IncrementalResult = { readonly runId: string | null; readonly evaluated: number; readonly persisted: number; readonly millis: number };

export type CheckService = {
  /** `checks.run`: build receivables, evaluate every rule on every receivable, persist, audit. */
  /** `asOf` sets the stored evaluation date (null: today again); undefined keeps it. */
  readonly run: (progress?: Progress, asOf?: string | null) => Result<CheckRunSummary>;
  /** The date rules evaluate against. */
  readonly asOf: () => string;
  /** Re-evaluates receivables after an edit, persisting only the outcomes that changed. */
  readonly recheck: (ids: readonly string[]) => IncrementalResult;
  /** Counterparties or policy changed: the next evaluation is a full one. */
  readonly markStale: () => void;
  readonly rules: () => Result<RuleInfo[]>;
  readonly findings: (filter: FindingFilter) => Result<Finding[]>;
  readonly waive: (findingId: string, reason: string) => Result<Finding>;
  readonly confirmWaiver: (waiverId: string) => Result<Finding>;
  readonly rejectWaiver: (waiverId: string, reason: string | undefined) => Result<Finding>;
  /** Stops listening to document edits. */
  readonly close: () => void;
};

type Loaded = { readonly state: CheckState; readonly key: string; readonly deps: Omit<GatherDeps, 'now'> };

const SEVERITY_ZERO = () => ({ fail: 0, warn: 0, info: 0 });

/** The grid's values of a receivable, from the facts a run has just read (no second parse). */
const summaryOf = (facts: ReceivableFacts): SummaryValues => {
  const values: Partial<Record<FieldName, FieldValue>> = {};
  for (const [name, field] of Object.entries(facts.invoice.fields) as [FieldName, FactField][]) values[name] = field.value;
  const numbers = facts.bls.map((bl) => bl.fields.bl_number?.value).filter((v): v is FieldValue => v !== undefined).map(String);
  return summaryValuesOf(values, numbers);
};

// What an outcome says, to skip rewriting receivables a group re-evaluation left unchanged.
const signatureOf = (outcome: ReceivableOutcome): string =>
  `${outcome.inputsHash}\u0000${JSON.stringify(outcome.findings.map((f) => [f.ruleId, f.key, f.severity, f.message, f.evidence]))}`;

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

/** The check service of one backend; it listens to `documents.changed` on the bus. */
export function createCheckService(ctx: ChecksContext): CheckService {
  const { ws, session, bus } = ctx;
  const { db } = ws;
  const rules = ctx.rules ?? RULES;
  let loaded: Loaded | null = null;
  let stale = false;
  // The last persisted outcome per receivable (its findings mostly shared with the engine state).
  const persisted = new Map<string, ReceivableOutcome>();

  const now = (): string => ws.clock().toISOString();
  // The evaluation date: pinned by the backend's owner (demo), else the one the last run chose and
  // stored (a planned funding date), else today. Stored, so edits re-check under the same date.
  const storedAsOf = (): string | null => (db.prepare("SELECT value FROM meta WHERE key = 'checks_as_of'").pluck().get() as string | undefined) ?? null;
  const asOfDate = (): string => ctx.asOf ?? storedAsOf() ?? now().slice(0, 10);
  const actorId = (): string => session.current?.profile.id ?? 'system';

  /** Policy, counterparties, imported fingerprints and the date as the rules will see them. */
  const loadContext = () => {
    const policy = currentPolicy(db, ws.clock);
    const key = fingerprintKey(db, now);
    const counterparties = listCounterparties(db);
    const asOf = asOfDate();
    const context = buildContext({ policy: policy.policy, policyVersion: policy.version, asOf, counterparties, foreignFingerprints: foreignFingerprints(db) });
    return {
      context,
      // Read after seeding the policy and the key, so that their creation does not look like a change.
      key: contextKey(db, asOf),
      deps: { counterparties, fingerprint: (parts: Parameters<typeof invoiceFingerprint>[1]) => invoiceFingerprint(key, parts) },
    };
  };

  type PersistOptions = {
    readonly kind: 'full' | 'incremental';
    readonly state: CheckState;
    readonly skipped: readonly string[];
    readonly evaluated: number;
    readonly startedAt: string;
    readonly started: number;
    readonly audit?: { readonly actor: string; readonly created: number; readonly linked: number } | undefined;
  };

  /** Writes outcomes in one transaction with prepared statements: findings, receivable state, the run row. */
  const persist = (outcomes: readonly ReceivableOutcome[], options: PersistOptions) => {
    const { state } = options;
    const runId = ws.ids('run');
    const at = now();
    const policyVersion = state.ctx.policyVersion;
    const statements = persistStatements(db);
    const waived = options.kind === 'full' ? waivedKeys(db) : waivedKeys(db, outcomes.map((o) => o.receivableId));
    const counts = SEVERITY_ZERO();
    const summary = db
      .transaction(() => {
        if (options.kind === 'full') db.prepare('DELETE FROM findings').run();
        for (const outcome of outcomes) {
          const facts = factsOf(state, outcome.receivableId);
          if (options.kind === 'incremental') statements.deleteFindings.run(outcome.receivableId);
          if (!facts) {
            statements.clearReceivable.run(outcome.receivableId);
            continue;
          }
          for (const f of outcome.findings) {
            const id = findingId(outcome.receivableId, f.ruleId, f.key);
            statements.insertFinding.run(
              id,
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
            if (!waived.has(`${id}\u0000${outcome.inputsHash}`)) counts[f.severity] += 1;
          }
          statements.writeSummary.run(JSON.stringify(summaryOf(facts)), outcome.receivableId);
          statements.updateReceivable.run({
            id: outcome.receivableId,
            at,
            policyVersion,
            inputsHash: outcome.inputsHash,
            supplierId: facts.supplierId,
            buyerId: facts.buyerId,
            status: statusAfterCheck(outcome, waived),
          });
        }
        for (const id of options.skipped) {
          statements.deleteFindings.run(id);
          statements.clearReceivable.run(id);
        }
        refreshSummaries(db, [...options.skipped, ...outcomes.filter((o) => !state.entries.has(o.receivableId)).map((o) => o.receivableId)]);
        const full = options.kind === 'full';
        const receivables = full ? (db.prepare('SELECT count(*) FROM receivables').pluck().get() as number) : state.entries.size;
        const millis = Math.round(performance.now() - options.started);
        insertCheckRun(db, {
          id: runId,
          kind: options.kind,
          policyVersion,
          startedAt: options.startedAt,
          millis,
          actor: options.audit?.actor ?? actorId(),
          receivables,
          evaluated: options.evaluated,
          ...counts,
        });
        // Counting statuses scans every receivable: worth it for a run, not after each edit.
        const byStatus = new Map(full ? (db.prepare('SELECT status, count(*) FROM receivables GROUP BY status').raw().all() as [ReceivableStatus, number][]) : []);
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
        };
        if (options.audit) {
          appendAudit(db, {
            at,
            actor: options.audit.actor,
            action: 'checks.run',
            entity: 'checks',
            entityId: runId,
            details: result,
          });
        }
        return result;
      })
      .immediate();
    for (const outcome of outcomes) {
      if (state.entries.has(outcome.receivableId)) persisted.set(outcome.receivableId, outcome);
      else persisted.delete(outcome.receivableId);
    }
    for (const id of options.skipped) persisted.delete(id);
    return summary;
  };

  /** Gathers everything and evaluates from scratch; persists when asked (a run, or a stale state). */
  const evaluateEverything = (persistAs: { kind: 'full'; audit?: PersistOptions['audit'] } | null, progress?: Progress): { loaded: Loaded; summary: CheckRunSummary | null } => {
    const started = performance.now();
    const startedAt = now();
    const { context, key, deps } = loadContext();
    progress?.('Reading documents', 1, 4);
    const gathered = gatherFacts(db, { ...deps, now: startedAt });
    progress?.('Evaluating rules', 2, 4);
    const state = loaded?.state ?? createCheckState(rules, context, sha256Hex);
    const outcomes = evaluateAll(state, gathered.facts, context);
    loaded = { state, key, deps };
    stale = false;
    if (!persistAs) return { loaded, summary: null };
    progress?.('Saving findings', 3, 4);
    const summary = persist(outcomes, {
      kind: 'full',
      state,
      skipped: gathered.skipped,
      evaluated: outcomes.length,
      startedAt,
      started,
      audit: persistAs.audit,
    });
    return { loaded, summary };
  };

  const changed = (ids: readonly string[]): void => {
    if (ids.length > 0) bus.emit('receivables.changed', { ids });
  };

  const run = (progress?: Progress, asOf?: string | null): Result<CheckRunSummary> => {
    const person = requireRole(session, RUNNERS, 'run checks');
    if (!person.ok) return person;
    const actor = person.value.profile.id;
    if (asOf !== undefined && asOf !== storedAsOf()) {
      db.transaction(() => {
        if (asOf === null) db.prepare("DELETE FROM meta WHERE key = 'checks_as_of'").run();
        else db.prepare("INSERT INTO meta (key, value) VALUES ('checks_as_of', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(asOf);
        appendAudit(db, { at: now(), actor, action: 'checks.as_of_set', entity: 'checks', entityId: 'as_of', details: { asOf } });
      }).immediate();
    }
    progress?.('Building receivables', 0, 4);
    const synced = syncReceivablesAs(ws, actor);
    const { summary } = evaluateEverything({ kind: 'full', audit: { actor, created: synced.created, linked: synced.linked } }, progress);
    progress?.('Done', 4, 4);
    changed(db.prepare('SELECT id FROM receivables').pluck().all() as string[]);
    return ok(summary!);
  };

  const recheck = (requested: readonly string[]): IncrementalResult => {
    const started = performance.now();
    const startedAt = now();
    // A receivable no run has checked yet stays a draft until the next run.
    const ids = requested.length === 0 ? [] : (db.prepare('SELECT id FROM receivables WHERE checked_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))').pluck().all(idList(requested)) as string[]);
    if (ids.length === 0) return { runId: null, evaluated: 0, persisted: 0, millis: 0 };
    if (loaded && (stale || contextKey(db, asOfDate()) !== loaded.key)) {
      // The policy, counterparties or date moved under the state: every result may differ.
      const { summary } = evaluateEverything({ kind: 'full' });
      changed(db.prepare('SELECT id FROM receivables').pluck().all() as string[]);
      return { runId: summary?.runId ?? null, evaluated: summary?.evaluated ?? 0, persisted: summary?.evaluated ?? 0, millis: Math.round(performance.now() - started) };
    }
    // No full run yet in this backend: load the state from a full gather, then apply the edit.
    const current = loaded ?? evaluateEverything(null).loaded;
    const gathered = gatherFacts(db, { ...current.deps, now: startedAt }, ids);
    const outcomes = update(current.state, { upsert: gathered.facts, remove: gathered.skipped });
    const moved = outcomes.filter((o) => {
      const before = persisted.get(o.receivableId);
      return (
        !current.state.entries.has(o.receivableId) || !before || before.inputsHash !== o.inputsHash || (!sameFindings(before, o) && signatureOf(before) !== signatureOf(o))
      );
    });
    const skipped = gathered.skipped.filter((id) => !outcomes.some((o) => o.receivableId === id));
    const summary = persist(moved, { kind: 'incremental', state: current.state, skipped, evaluated: outcomes.length, startedAt, started });
    changed([...moved.map((o) => o.receivableId), ...skipped]);
    return { runId: summary.runId, evaluated: outcomes.length, persisted: moved.length, millis: Math.round(performance.now() - started) };
  };

  const unsubscribe = bus.subscribe((event, payload) => {
    if (event !== 'documents.changed') return;
    const { documentId } = payload as { documentId: string };
    const row = getDocumentRow(db, documentId);
    // Pages are being read (again): cached text signals no longer describe them.
    if (row && (row.status === 'queued' || row.status === 'processing')) forgetSignals(db, documentId);
    const ids = receivablesOfDocument(db, documentId);
    if (ids.length === 0) return;
    // The grid's cached values follow every edit, checked receivables or not.
    refreshSummaries(db, ids);
    recheck(ids);
  });

  /** A receivable's status from its stored findings and confirmed waivers (after a waiver decision). */
  const recomputeStatus = (receivableId: string, at: string): void => {
    const row = getReceivableRow(db, receivableId);
    if (!row || row.checked_at === null || !OPEN_STATUSES.includes(row.status)) return;
    const waived = waivedKeys(db, [receivableId]);
    const findings = db.prepare('SELECT id, severity FROM findings WHERE receivable_id = ?').raw().all(receivableId) as [string, string][];
    const open = findings.filter(([id]) => !waived.has(`${id}\u0000${row.inputs_hash ?? ''}`)).map(([, severity]) => severity);
    const status: ReceivableStatus = open.includes('fail') ? 'ineligible' : open.includes('warn') ? 'checked' : 'eligible';
    if (status !== row.status) db.prepare('UPDATE receivables SET status = ?, updated_at = ? WHERE id = ?').run(status, at, receivableId);
  };

  const findingResult = (id: string): Result<Finding> => {
    const finding = getFinding(db, id);
    return finding ? ok(finding) : err('FINDING.NOT_FOUND', 'That finding no longer exists; the receivable was checked again since. Refresh the list.');
  };

  const waive = (id: string, reason: string): Result<Finding> => {
    const person = requireRole(session, WAIVERS, 'waive findings');
    if (!person.ok) return person;
    const finding = getFinding(db, id);
    if (!finding) return findingResult(id);
    if (finding.waiver?.status === 'pending') {
      return err('WAIVER.EXISTS', `This finding already has a waiver by ${finding.waiver.requestedByName} waiting for a second risk officer to confirm or reject it.`);
    }
    if (finding.waiver?.status === 'confirmed') return err('WAIVER.EXISTS', 'This finding is already waived; nothing more to ask.');
    db.transaction(() => {
      const at = now();
      const waiverId = ws.ids('wvr');
      insertWaiver(db, { id: waiverId, findingId: id, receivableId: finding.receivableId, inputsHash: finding.inputsHash, reason, by: person.value.profile.id, at });
      appendAudit(db, {
        at,
        actor: person.value.profile.id,
        action: 'finding.waiver_requested',
        entity: 'finding',
        entityId: id,
        details: { waiverId, receivableId: finding.receivableId, ruleId: finding.ruleId, severity: finding.severity, reason, inputsHash: finding.inputsHash },
      });
    }).immediate();
    changed([finding.receivableId]);
    return findingResult(id);
  };

  /** Loads a pending waiver still bound to its finding's current inputs. */
  const pendingWaiver = (waiverId: string) => {
    const waiver = getWaiver(db, waiverId);
    if (!waiver) return err('WAIVER.NOT_FOUND', 'That waiver does not exist in this workspace.');
    if (waiver.status !== 'pending') return err('WAIVER.NOT_PENDING', `That waiver was already ${waiver.status}; nothing is waiting for a decision.`);
    const finding = getFinding(db, waiver.finding_id);
    if (!finding || finding.inputsHash !== waiver.inputs_hash) {
      return err('WAIVER.NOT_PENDING', 'The finding changed since the waiver was asked for (the documents or counterparties it looked at differ), so the waiver no longer applies. Ask for a new waiver if the finding still should be waived.');
    }
    return ok({ waiver, finding });
  };

  const confirmWaiver = (waiverId: string): Result<Finding> => {
    const person = requireRole(session, WAIVERS, 'confirm waivers');
    if (!person.ok) return person;
    const pending = pendingWaiver(waiverId);
    if (!pending.ok) return pending;
    const { waiver, finding } = pending.value;
    if (waiver.requested_by === person.value.profile.id) {
      return err('WAIVER.SAME_PERSON', `You asked for this waiver, so a second risk officer must confirm it (four eyes). Ask another risk officer to sign in and confirm.`);
    }
    db.transaction(() => {
      const at = now();
      decideWaiver(db, waiverId, 'confirmed', person.value.profile.id, at, null);
      appendAudit(db, {
        at,
        actor: person.value.profile.id,
        action: 'finding.waiver_confirmed',
        entity: 'finding',
        entityId: finding.id,
        details: { waiverId, receivableId: finding.receivableId, ruleId: finding.ruleId, requestedBy: waiver.requested_by, inputsHash: waiver.inputs_hash },
      });
      recomputeStatus(finding.receivableId, at);
    }).immediate();
    changed([finding.receivableId]);
    return findingResult(finding.id);
  };

  const rejectWaiver = (waiverId: string, reason: string | undefined): Result<Finding> => {
    const person = requireRole(session, WAIVERS, 'reject waivers');
    if (!person.ok) return person;
    const waiver = getWaiver(db, waiverId);
    if (!waiver) return err('WAIVER.NOT_FOUND', 'That waiver does not exist in this workspace.');
    if (waiver.status !== 'pending') return err('WAIVER.NOT_PENDING', `That waiver was already ${waiver.status}; nothing is waiting for a decision.`);
    db.transaction(() => {
      const at = now();
      decideWaiver(db, waiverId, 'rejected', person.value.profile.id, at, reason ?? null);
      appendAudit(db, {
        at,
        actor: person.value.profile.id,
        action: 'finding.waiver_rejected',
        entity: 'finding',
        entityId: waiver.finding_id,
        details: { waiverId, receivableId: waiver.receivable_id, requestedBy: waiver.requested_by, reason: reason ?? null },
      });
    }).immediate();
    changed([waiver.receivable_id]);
    return findingResult(waiver.finding_id);
  };

  return {
    run,
    asOf: asOfDate,
    recheck,
    markStale: () => {
      stale = true;
    },
    rules: () => {
      const person = requireRole(session, READERS, 'see the rules');
      return person.ok ? ok(ctx.rules ? rules.map(({ id, title, category, reference, severity }) => ({ id, title, category, reference, severity })) : ruleInfo()) : person;
    },
    findings: (filter) => {
      const person = requireRole(session, READERS, 'see findings');
      return person.ok ? ok(listFindings(db, filter)) : person;
    },
    waive,
    confirmWaiver,
    rejectWaiver,
    close: unsubscribe,
  };
}
