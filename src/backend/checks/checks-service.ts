/**
 * The cross-check use cases: a full run, the incremental re-evaluation after an edit, the Findings
 * view and four-eyes waivers. Runs and re-checks go to the check engine (check-engine.ts): in the app
 * a worker thread that owns the engine state, so a run never blocks the thread that serves the UI.
 * This side checks roles, hears edits on the bus and tells the UI what changed.
 */
import type { CheckRunSummary, Finding, ReceivableStatus, RuleInfo } from '../../shared/checks';
import type { Role } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import type { Rule } from '../../core/checks/types';
import { RULES, ruleInfo } from '../../core/checks/rules/index';
import { appendAudit } from '../audit/audit-log';
import { getDocumentRow } from '../documents/documents-repo';
import type { EventBus } from '../events';
import { OPEN_STATUSES, getReceivableRow, receivablesOfDocument, refreshSummaries } from '../receivables/receivables-repo';
import { requireRole } from '../services/session';
import type { SessionState } from '../services/session';
import type { Workspace } from '../workspace';
import { inProcessEngine, workerEngine } from './check-engine';
import type { IncrementalResult, Progress } from './check-runner';
import { forgetSignals } from './document-facts';
import { decideWaiver, getFinding, getWaiver, insertWaiver, listFindings, waivedKeys } from './findings-repo';
import type { FindingFilter } from './findings-repo';

export type { IncrementalResult, Progress } from './check-runner';

const RUNNERS: readonly Role[] = ['analyst', 'risk_officer'];
const READERS: readonly Role[] = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'];
const WAIVERS: readonly Role[] = ['risk_officer'];

export type ChecksContext = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly bus: EventBus;
  /** The rule set; the shipped RULES unless a test pins others (pinned rules run in-process). */
  readonly rules?: readonly Rule[] | undefined;
  /** The evaluation date (ISO) when it is not today, e.g. a pool's cut-off date; defaults to the clock's date. */
  readonly asOf?: string | undefined;
  /** Run the engine in a worker thread (the app and the test host); in-process otherwise. */
  readonly worker?: boolean | undefined;
};

export type CheckService = {
  /**
   * `checks.run`: build receivables, evaluate every rule on every receivable, persist what changed,
   * audit. Resolves when the job ends; `asOf` sets the stored evaluation date (null: today again),
   * undefined keeps it. A cancelled run fails with CHECKS.CANCELLED and has saved nothing.
   */
  readonly run: (progress?: Progress, asOf?: string | null) => Promise<Result<CheckRunSummary>>;
  /** `checks.cancel`: stops the running check run (and any queued behind it). */
  readonly cancel: () => Result<{ readonly cancelled: boolean }>;
  /** The date rules evaluate against. */
  readonly asOf: () => string;
  /**
   * Re-evaluates receivables after an edit, persisting only the outcomes that changed. Null when the
   * engine is busy (a run) or must load first: the re-check then follows, and `receivables.changed` says when.
   */
  readonly recheck: (ids: readonly string[]) => IncrementalResult | null;
  /** Counterparties or policy changed: the next evaluation is a full one. */
  readonly markStale: () => void;
  readonly rules: () => Result<RuleInfo[]>;
  readonly findings: (filter: FindingFilter) => Result<Finding[]>;
  readonly waive: (findingId: string, reason: string) => Result<Finding>;
  readonly confirmWaiver: (waiverId: string) => Result<Finding>;
  readonly rejectWaiver: (waiverId: string, reason: string | undefined) => Result<Finding>;
  /** Stops listening to document edits and stops the engine (a running run is abandoned, unsaved). */
  readonly close: () => Promise<void>;
};

/** The check service of one backend; it listens to `documents.changed` on the bus. */
export function createCheckService(ctx: ChecksContext): CheckService {
  const { ws, session, bus } = ctx;
  const { db } = ws;
  const rules = ctx.rules ?? RULES;

  const now = (): string => ws.clock().toISOString();
  // The evaluation date: pinned by the backend's owner (demo), else the one the last run chose and
  // stored (a planned funding date), else today. Stored, so edits re-check under the same date.
  const storedAsOf = (): string | null => (db.prepare("SELECT value FROM meta WHERE key = 'checks_as_of'").pluck().get() as string | undefined) ?? null;
  const asOfDate = (): string => ctx.asOf ?? storedAsOf() ?? now().slice(0, 10);

  const changed = (ids: readonly string[]): void => {
    if (ids.length > 0) bus.emit('receivables.changed', { ids });
  };
  const engine =
    ctx.worker && !ctx.rules
      ? workerEngine({ ws, pinnedAsOf: ctx.asOf, onChanged: changed })
      : inProcessEngine({ ws, rules, pinnedAsOf: ctx.asOf, onChanged: changed });

  const run = async (progress?: Progress, asOf?: string | null): Promise<Result<CheckRunSummary>> => {
    const person = requireRole(session, RUNNERS, 'run checks');
    if (!person.ok) return person;
    const end = await engine.run({ actor: person.value.profile.id, asOf }, progress);
    if (!end.ok) return err('CHECKS.CANCELLED', 'The check run was cancelled before it saved anything; findings and statuses are as they were. Run checks again when ready.');
    changed(end.changed);
    return ok(end.summary);
  };

  const cancel = (): Result<{ readonly cancelled: boolean }> => {
    const person = requireRole(session, RUNNERS, 'cancel a check run');
    return person.ok ? ok({ cancelled: engine.cancel() }) : person;
  };

  const recheck = (ids: readonly string[]): IncrementalResult | null => engine.recheck(ids);

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
    cancel,
    asOf: asOfDate,
    recheck,
    markStale: engine.markStale,
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
    close: async () => {
      unsubscribe();
      await engine.close();
    },
  };
}
