import type { Evidence, Finding, ReceivableStatus, RuleCategory, Severity, WaiverState } from '../../shared/checks';
import type { ReceivableOutcome } from '../../core/checks/engine';
import type { Database, Statement } from '../db/database';
import { currentValues, idList } from '../receivables/receivables-repo';

export type FindingFilter = {
  readonly receivableId?: string | undefined;
  readonly severity?: Severity | undefined;
  readonly category?: RuleCategory | undefined;
  readonly ruleId?: string | undefined;
  readonly includeWaived?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly findingId?: string | undefined;
};

type FindingRow = {
  id: string;
  receivable_id: string;
  rule_id: string;
  key: string;
  category: RuleCategory;
  severity: Severity;
  title: string;
  reference: string | null;
  message: string;
  evidence: string;
  policy_version: number;
  inputs_hash: string;
  evaluated_at: string;
  supplier_name: string | null;
  buyer_name: string | null;
  invoice_doc: string;
  w_id: string | null;
  w_reason: string | null;
  w_requested_by: string | null;
  w_requested_by_name: string | null;
  w_requested_at: string | null;
  w_status: WaiverState['status'] | null;
  w_decided_by: string | null;
  w_decided_by_name: string | null;
  w_decided_at: string | null;
};

type InvoiceNames = { readonly seller?: unknown; readonly buyer?: unknown; readonly invoice_number?: unknown };
const textOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const toFinding = (row: FindingRow, invoice: InvoiceNames): Finding => ({
  id: row.id,
  receivableId: row.receivable_id,
  ruleId: row.rule_id,
  key: row.key,
  category: row.category,
  severity: row.severity,
  title: row.title,
  reference: row.reference,
  message: row.message,
  evidence: JSON.parse(row.evidence) as Evidence[],
  policyVersion: row.policy_version,
  inputsHash: row.inputs_hash,
  evaluatedAt: row.evaluated_at,
  // The registered counterparty's name, or the name printed on the invoice while none matched.
  supplierName: row.supplier_name ?? textOf(invoice.seller),
  buyerName: row.buyer_name ?? textOf(invoice.buyer),
  invoiceNumber: textOf(invoice.invoice_number),
  waiver:
    row.w_id === null
      ? null
      : {
          id: row.w_id,
          reason: row.w_reason ?? '',
          requestedBy: row.w_requested_by ?? '',
          requestedByName: row.w_requested_by_name ?? row.w_requested_by ?? '',
          requestedAt: row.w_requested_at ?? '',
          status: row.w_status ?? 'pending',
          decidedBy: row.w_decided_by,
          decidedByName: row.w_decided_by_name ?? row.w_decided_by,
          decidedAt: row.w_decided_at,
        },
});

/**
 * Findings, worst first, with the names to group them by and the waiver that applies: the latest
 * one asked for the finding's current inputs (a waiver of other inputs no longer holds).
 */
export function listFindings(db: Database, filter: FindingFilter = {}): Finding[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit ?? 5000 };
  const add = (clause: string, key: string, value: unknown): void => {
    where.push(clause);
    params[key] = value;
  };
  if (filter.findingId) add('f.id = @findingId', 'findingId', filter.findingId);
  if (filter.receivableId) add('f.receivable_id = @receivableId', 'receivableId', filter.receivableId);
  if (filter.severity) add('f.severity = @severity', 'severity', filter.severity);
  if (filter.category) add('f.category = @category', 'category', filter.category);
  if (filter.ruleId) add('f.rule_id = @ruleId', 'ruleId', filter.ruleId);
  if (filter.includeWaived === false) where.push("(w.status IS NULL OR w.status <> 'confirmed')");
  const sql = `
    SELECT f.*, s.legal_name AS supplier_name, b.legal_name AS buyer_name, r.invoice_document_id AS invoice_doc,
      w.id AS w_id, w.reason AS w_reason, w.requested_by AS w_requested_by, rp.name AS w_requested_by_name,
      w.requested_at AS w_requested_at, w.status AS w_status, w.decided_by AS w_decided_by, dp.name AS w_decided_by_name,
      w.decided_at AS w_decided_at
    FROM findings f
    JOIN receivables r ON r.id = f.receivable_id
    LEFT JOIN suppliers s ON s.id = r.supplier_id
    LEFT JOIN buyers b ON b.id = r.buyer_id
    LEFT JOIN waivers w ON w.id = (
      SELECT wl.id FROM waivers wl WHERE wl.finding_id = f.id AND wl.inputs_hash = f.inputs_hash
      ORDER BY wl.requested_at DESC, wl.rowid DESC LIMIT 1)
    LEFT JOIN profiles rp ON rp.id = w.requested_by
    LEFT JOIN profiles dp ON dp.id = w.decided_by
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY CASE f.severity WHEN 'fail' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, f.receivable_id, f.rule_id, f.key
    LIMIT @limit`;
  const rows = db.prepare(sql).all(params) as FindingRow[];
  const invoices = currentValues(db, ['seller', 'buyer', 'invoice_number'], {
    sql: 'SELECT value FROM json_each(?)',
    params: [idList(new Set(rows.map((r) => r.invoice_doc)))],
  });
  return rows.map((row) => toFinding(row, invoices.get(row.invoice_doc) ?? {}));
}

export const getFinding = (db: Database, id: string): Finding | undefined => listFindings(db, { findingId: id, limit: 1 })[0];

export type WaiverRow = {
  id: string;
  finding_id: string;
  receivable_id: string;
  inputs_hash: string;
  reason: string;
  requested_by: string;
  requested_at: string;
  status: WaiverState['status'];
  decided_by: string | null;
  decided_at: string | null;
};

export const getWaiver = (db: Database, id: string): WaiverRow | undefined =>
  db.prepare('SELECT * FROM waivers WHERE id = ?').get(id) as WaiverRow | undefined;

export function insertWaiver(db: Database, w: { id: string; findingId: string; receivableId: string; inputsHash: string; reason: string; by: string; at: string }): void {
  db.prepare(
    `INSERT INTO waivers (id, finding_id, receivable_id, inputs_hash, reason, requested_by, requested_at, status)
     VALUES (@id, @findingId, @receivableId, @inputsHash, @reason, @by, @at, 'pending')`,
  ).run(w);
}

export const decideWaiver = (db: Database, id: string, status: 'confirmed' | 'rejected', by: string, at: string, reason: string | null): void => {
  db.prepare('UPDATE waivers SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?').run(status, by, at, reason, id);
};

/** Findings ids (with their inputs hash) a confirmed waiver covers, for some receivables or all. */
export function waivedKeys(db: Database, receivableIds?: readonly string[]): Set<string> {
  const rows = (
    receivableIds
      ? db
          .prepare("SELECT finding_id, inputs_hash FROM waivers WHERE status = 'confirmed' AND receivable_id IN (SELECT value FROM json_each(?))")
          .raw()
          .all(idList(receivableIds))
      : db.prepare("SELECT finding_id, inputs_hash FROM waivers WHERE status = 'confirmed'").raw().all()
  ) as [string, string][];
  return new Set(rows.map(([finding, hash]) => `${finding}\u0000${hash}`));
}

export const findingId = (receivableId: string, ruleId: string, key: string): string => `${receivableId}:${ruleId}:${key}`;

/**
 * The status a check run gives a receivable: an open (unwaived) fail makes it ineligible, open
 * warnings leave it checked for a person to look at, otherwise it is eligible.
 */
export function statusAfterCheck(outcome: ReceivableOutcome, waived: ReadonlySet<string>): ReceivableStatus {
  let warn = false;
  for (const finding of outcome.findings) {
    if (waived.has(`${findingId(outcome.receivableId, finding.ruleId, finding.key)}\u0000${outcome.inputsHash}`)) continue;
    if (finding.severity === 'fail') return 'ineligible';
    if (finding.severity === 'warn') warn = true;
  }
  return warn ? 'checked' : 'eligible';
}

export type PersistStatements = {
  readonly deleteFindings: Statement;
  readonly insertFinding: Statement;
  readonly updateReceivable: Statement;
  readonly clearReceivable: Statement;
  readonly writeSummary: Statement;
};

// Incremental persistence runs after every edit; prepare its statements once per connection.
const prepared = new WeakMap<Database, PersistStatements>();

/** The statements that persist an evaluation, prepared once per connection. */
export function persistStatements(db: Database): PersistStatements {
  let statements = prepared.get(db);
  if (!statements) {
    const base = {
      deleteFindings: db.prepare('DELETE FROM findings WHERE receivable_id = ?'),
      insertFinding: db.prepare(
        `INSERT INTO findings (id, receivable_id, rule_id, key, category, severity, title, reference, message, evidence,
           policy_version, inputs_hash, evaluated_at, run_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // A check moves only receivables no person has taken further (pooled, repaid, defaulted stay),
      // and keeps a person's eligible/ineligible/checked decision unless an open fail appears: a fail
      // always makes the receivable ineligible and ends the person's decision.
      updateReceivable: db.prepare(
        `UPDATE receivables SET checked_at = @at, policy_version = @policyVersion, inputs_hash = @inputsHash,
           findings_digest = @findingsDigest, supplier_id = @supplierId, buyer_id = @buyerId,
           status = CASE
             WHEN status NOT IN ('draft', 'checked', 'eligible', 'ineligible') THEN status
             WHEN @status = 'ineligible' OR status_by IS NULL THEN @status
             ELSE status END,
           status_by = CASE
             WHEN status IN ('draft', 'checked', 'eligible', 'ineligible') AND @status = 'ineligible' AND status <> 'ineligible' THEN NULL
             ELSE status_by END
         WHERE id = @id`,
      ),
      clearReceivable: db.prepare(
        "UPDATE receivables SET checked_at = NULL, inputs_hash = NULL, findings_digest = NULL, status_by = CASE WHEN status IN ('checked', 'eligible', 'ineligible') THEN NULL ELSE status_by END, status = CASE WHEN status IN ('checked', 'eligible', 'ineligible') THEN 'draft' ELSE status END WHERE id = ?",
      ),
    };
    statements = { ...base, writeSummary: db.prepare('UPDATE receivables SET summary = ? WHERE id = ?') };
    prepared.set(db, statements);
  }
  return statements;
}

export function insertCheckRun(
  db: Database,
  run: { id: string; kind: 'full' | 'incremental'; policyVersion: number; startedAt: string; millis: number; actor: string; receivables: number; evaluated: number; fail: number; warn: number; info: number },
): void {
  db.prepare(
    `INSERT INTO check_runs (id, kind, policy_version, started_at, millis, actor, receivables, evaluated, fail, warn, info)
     VALUES (@id, @kind, @policyVersion, @startedAt, @millis, @actor, @receivables, @evaluated, @fail, @warn, @info)`,
  ).run(run);
}
