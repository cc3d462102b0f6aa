import type { ExportedFile } from '../../shared/contract';
import type { ReceivableSummary } from '../../shared/checks';
import { STATUS_LABELS } from '../../shared/checks';
import type { Role } from '../../shared/model';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { appendAudit } from '../audit/audit-log';
import { listReceivableSummaries } from '../receivables/receivables-repo';
import { requireRole } from '../services/session';
import type { SessionState } from '../services/session';
import type { Workspace } from '../workspace';
import { toCsv } from './csv-export';
import { writeXlsx } from './xlsx';
import type { XlsxColumn } from './xlsx';

type ExportColumn = XlsxColumn & { readonly id: string; readonly value: (r: ReceivableSummary) => unknown };

/**
 * The exportable columns, by id. Ids are the ReceivableSummary field names (AG Grid column ids);
 * finding counts are `counts.fail`, `counts.warn`, `counts.info` and `counts.waived`.
 */
export const RECEIVABLE_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { id: 'id', header: 'Receivable', type: 'string', value: (r) => r.id },
  { id: 'status', header: 'Status', type: 'string', value: (r) => STATUS_LABELS[r.status] },
  { id: 'invoiceNumber', header: 'Invoice number', type: 'string', value: (r) => r.invoiceNumber },
  { id: 'invoiceFileName', header: 'Invoice file', type: 'string', value: (r) => r.invoiceFileName },
  { id: 'issueDate', header: 'Issue date', type: 'date', value: (r) => r.issueDate },
  { id: 'dueDate', header: 'Due date', type: 'date', value: (r) => r.dueDate },
  { id: 'currency', header: 'Currency', type: 'string', value: (r) => r.currency },
  { id: 'amount', header: 'Amount', type: 'number', value: (r) => r.amount },
  { id: 'sellerName', header: 'Seller (as printed)', type: 'string', value: (r) => r.sellerName },
  { id: 'supplierName', header: 'Supplier', type: 'string', value: (r) => r.supplierName },
  { id: 'supplierId', header: 'Supplier id', type: 'string', value: (r) => r.supplierId },
  { id: 'buyerName', header: 'Buyer (as printed)', type: 'string', value: (r) => r.buyerName },
  { id: 'buyerCounterpartyName', header: 'Buyer', type: 'string', value: (r) => r.buyerCounterpartyName },
  { id: 'buyerId', header: 'Buyer id', type: 'string', value: (r) => r.buyerId },
  { id: 'goods', header: 'Goods', type: 'string', value: (r) => r.goods },
  { id: 'quantity', header: 'Quantity', type: 'number', value: (r) => r.quantity },
  { id: 'quantityUnit', header: 'Unit', type: 'string', value: (r) => r.quantityUnit },
  { id: 'blNumbers', header: 'B/L numbers', type: 'string', value: (r) => r.blNumbers },
  { id: 'advanceAmount', header: 'Advance', type: 'number', value: (r) => r.advanceAmount },
  { id: 'initialMarginPct', header: 'Initial margin %', type: 'number', value: (r) => r.initialMarginPct },
  { id: 'fundingDate', header: 'Funding date', type: 'date', value: (r) => r.fundingDate },
  { id: 'counts.fail', header: 'Fail', type: 'integer', value: (r) => r.counts.fail },
  { id: 'counts.warn', header: 'Warn', type: 'integer', value: (r) => r.counts.warn },
  { id: 'counts.info', header: 'Info', type: 'integer', value: (r) => r.counts.info },
  { id: 'counts.waived', header: 'Waived', type: 'integer', value: (r) => r.counts.waived },
  { id: 'checkedAt', header: 'Checked at', type: 'date', value: (r) => r.checkedAt },
  { id: 'policyVersion', header: 'Policy version', type: 'integer', value: (r) => r.policyVersion },
  { id: 'createdAt', header: 'Created at', type: 'date', value: (r) => r.createdAt },
];

// What an export holds when no columns are chosen: the grid's default view.
const DEFAULT_COLUMNS = [
  'id', 'status', 'invoiceNumber', 'issueDate', 'dueDate', 'currency', 'amount', 'supplierName', 'buyerCounterpartyName',
  'goods', 'quantity', 'quantityUnit', 'blNumbers', 'counts.fail', 'counts.warn', 'counts.info', 'counts.waived', 'policyVersion',
];

const BY_ID = new Map(RECEIVABLE_EXPORT_COLUMNS.map((c) => [c.id, c]));

/**
 * Receivable rows as a CSV (utf8) or XLSX (base64) file with the chosen columns in the order given
 * (the default view when none). `at` dates the file name.
 */
export function exportReceivables(
  rows: readonly ReceivableSummary[],
  format: 'csv' | 'xlsx',
  columns: readonly string[] | undefined,
  at: string,
): Result<ExportedFile> {
  const ids = columns && columns.length > 0 ? columns : DEFAULT_COLUMNS;
  const unknown = ids.filter((id) => !BY_ID.has(id));
  if (unknown.length > 0) {
    return err('INPUT.INVALID', `Quayside cannot export the column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Exportable columns: ${[...BY_ID.keys()].join(', ')}.`);
  }
  const chosen = ids.map((id) => BY_ID.get(id) as ExportColumn);
  const table = rows.map((r) => chosen.map((c) => c.value(r)));
  const stem = `receivables-${at.slice(0, 10)}`;
  if (format === 'csv') {
    return ok({ fileName: `${stem}.csv`, mediaType: 'text/csv', data: toCsv(chosen.map((c) => c.header), table), encoding: 'utf8' });
  }
  const bytes = writeXlsx('Receivables', chosen, table);
  return ok({
    fileName: `${stem}.xlsx`,
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    data: Buffer.from(bytes).toString('base64'),
    encoding: 'base64',
  });
}

const EXPORTERS: readonly Role[] = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'];

export type ExportContext = { readonly ws: Workspace; readonly session: SessionState };

/** The `receivables.export` use case: any signed-in person; audited, since the data leaves the workspace. */
export function exportReceivablesFor(
  ctx: ExportContext,
  input: { format: 'csv' | 'xlsx'; ids?: readonly string[] | undefined; columns?: readonly string[] | undefined },
): Result<ExportedFile> {
  const person = requireRole(ctx.session, EXPORTERS, 'export receivables');
  if (!person.ok) return person;
  const { ws } = ctx;
  const at = ws.clock().toISOString();
  const rows = listReceivableSummaries(ws.db, input.ids ? { ids: input.ids } : {});
  const file = exportReceivables(rows, input.format, input.columns, at);
  if (!file.ok) return file;
  ws.db
    .transaction(() => {
      appendAudit(ws.db, {
        at,
        actor: person.value.profile.id,
        action: 'receivables.exported',
        entity: 'receivables',
        entityId: file.value.fileName,
        details: { format: input.format, rows: rows.length, columns: input.columns ?? DEFAULT_COLUMNS },
      });
    })
    .immediate();
  return file;
}
