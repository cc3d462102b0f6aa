import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactElement } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { CellKeyDownEvent, ColDef, RowClassParams, RowClickedEvent } from 'ag-grid-community';
import { RECEIVABLE_STATUSES } from '../../../shared/checks';
import type { ReceivableStatus, ReceivableSummary } from '../../../shared/checks';
import { useWorkstation } from '../../app/workstation';
import { gridTheme } from '../../theme/grid-theme';
import { Alert } from '../../ui/Alert';
import { ClearFiltersButton } from '../../ui/ClearFiltersButton';
import { ColumnChooser, useHiddenColumns } from '../../ui/ColumnChooser';
import { downloadExportedFile } from '../../ui/download';
import { EmptyState } from '../../ui/EmptyState';
import { GROUPED_GRID_PROPS } from '../../ui/GroupHeaderRow';
import type { GroupingContext } from '../../ui/GroupHeaderRow';
import { isGroupRow } from '../../ui/grid-groups';
import type { GroupSpec } from '../../ui/grid-groups';
import { Icon } from '../../ui/Icon';
import { PageHeader } from '../../ui/PageHeader';
import { useGroupedRows } from '../../ui/use-grouped-rows';
import { RECEIVABLE_COLUMN_CHOICES, exportColumnsFor, receivableColumns } from './receivable-columns';
import type { ReceivableGridRow } from './receivable-columns';
import { STATUS_LABELS, buyerOf, supplierOf } from './receivable-labels';
import { openReceivable } from './receivable-route';
import { RunChecksButton, RunChecksStatus } from './RunChecksPanel';
import { useReceivables, useRunChecks } from './use-receivables';

const GROUPINGS = ['none', 'status', 'supplier', 'buyer', 'currency'] as const;
type Grouping = (typeof GROUPINGS)[number];
const GROUPING_LABELS: Readonly<Record<Grouping, string>> = {
  none: 'No grouping',
  status: 'Status',
  supplier: 'Supplier',
  buyer: 'Buyer',
  currency: 'Currency',
};

const amountOf = (row: ReceivableSummary): { amount: number; currency: string } | null =>
  row.amount !== null && row.currency ? { amount: row.amount, currency: row.currency } : null;

const GROUP_SPECS: Readonly<Record<Exclude<Grouping, 'none'>, GroupSpec<ReceivableSummary>>> = {
  status: {
    keyOf: (row) => row.status,
    labelOf: (key) => STATUS_LABELS[key as ReceivableStatus] ?? key,
    compare: (a, b) => RECEIVABLE_STATUSES.indexOf(a as ReceivableStatus) - RECEIVABLE_STATUSES.indexOf(b as ReceivableStatus),
    amountOf,
  },
  supplier: { keyOf: supplierOf, labelOf: (key) => key || 'No supplier read', amountOf },
  buyer: { keyOf: buyerOf, labelOf: (key) => key || 'No buyer read', amountOf },
  currency: { keyOf: (row) => row.currency ?? '', labelOf: (key) => key || 'No currency read', amountOf },
};

/**
 * What a wheel turn over tens of thousands of receivables costs the page: every row on screen is made
 * again, each cell a React component. Only the rows and columns in view are drawn (no buffer rows, no
 * columns scrolled off to the side), and tooltips are the browser's own `title`, not a listener on
 * every cell. Measured by the checks-scale e2e while a run goes on (30,000 receivables, 2 cores): the
 * page's longest task 122–138 ms before, 68–87 ms after (three runs).
 */
const LARGE_GRID_PROPS = { rowBuffer: 0, suppressColumnVirtualisation: false, enableBrowserTooltips: true } as const;

const DEFAULT_COL_DEF: ColDef<ReceivableGridRow> = { resizable: true, sortable: true };
const NOUN: GroupingContext['noun'] = ['receivable', 'receivables'];

const matches = (row: ReceivableSummary, needle: string): boolean =>
  [row.invoiceNumber, row.invoiceFileName, row.sellerName, row.supplierName, row.buyerName, row.buyerCounterpartyName, row.goods, row.currency, ...row.blNumbers]
    .some((value) => value?.toLowerCase().includes(needle));

/** The receivables grid: run checks, filter, group, choose columns, export, open the detail. */
export function ReceivablesList({ hidden }: { readonly hidden: boolean }): ReactElement {
  const { api, theme } = useWorkstation();
  const { rows, error, reload } = useReceivables(api);
  const { run, start, dismiss, asOf, setAsOf } = useRunChecks(api);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<ReceivableStatus | null>(null);
  const [grouping, setGrouping] = useState<Grouping>('none');
  const [hiddenColumns, toggleColumn] = useHiddenColumns('quayside.receivables.hiddenColumns', ['checkedAt']);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const needle = text.trim().toLowerCase();
  const filtered = useMemo(
    () => rows?.filter((row) => (status === null || row.status === status) && (!needle || matches(row, needle))) ?? null,
    [rows, status, needle],
  );
  const spec = grouping === 'none' ? null : GROUP_SPECS[grouping];
  const { gridRows, toggleGroup, postSortRows } = useGroupedRows(filtered, grouping === 'none' ? null : grouping, spec);
  const columnDefs = useMemo(() => receivableColumns(hiddenColumns), [hiddenColumns]);
  const context = useMemo<GroupingContext>(() => ({ toggleGroup, noun: NOUN }), [toggleGroup]);

  const statusCounts = useMemo(() => {
    const counts = new Map<ReceivableStatus, number>();
    for (const row of rows ?? []) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    return counts;
  }, [rows]);

  const onRowClicked = useCallback((event: RowClickedEvent<ReceivableGridRow>) => {
    if (event.data && !isGroupRow(event.data)) openReceivable(event.data.id);
  }, []);
  const onCellKeyDown = useCallback((event: CellKeyDownEvent<ReceivableGridRow>) => {
    const key = event.event instanceof KeyboardEvent ? event.event.key : '';
    if (key === 'Enter' && event.data && !isGroupRow(event.data)) openReceivable(event.data.id);
  }, []);

  const exportShown = async (format: 'csv' | 'xlsx'): Promise<void> => {
    if (!filtered) return;
    setExporting(format);
    setExportError(null);
    const columns = exportColumnsFor(RECEIVABLE_COLUMN_CHOICES.filter((column) => !hiddenColumns.has(column.id)).map((column) => column.id));
    const result = await api.receivables.export({ format, ids: filtered.map((row) => row.id), columns });
    setExporting(null);
    if (result.ok) downloadExportedFile(result.value);
    else setExportError(result.error.message);
  };

  // The backend's event refreshes the list too; a finished run reloads it anyway, so the grid
  // never shows the state before the run next to the run's summary.
  useEffect(() => {
    if (run.phase === 'done') reload();
  }, [run.phase, reload]);

  // The grid as one element that changes only with what it shows: a check run's progress (an
  // update every few hundred milliseconds) re-renders the page around it, not the grid itself.
  const loading = rows === null;
  const grid = useMemo(
    () => (
      <AgGridReact<ReceivableGridRow>
        {...GROUPED_GRID_PROPS}
        theme={gridTheme(theme.theme)}
        rowData={gridRows}
        columnDefs={columnDefs}
        defaultColDef={DEFAULT_COL_DEF}
        context={context}
        rowHeight={40}
        postSortRows={postSortRows}
        onRowClicked={onRowClicked}
        onCellKeyDown={onCellKeyDown}
        loading={loading}
        overlayNoRowsTemplate="No receivables match these filters."
        getRowClass={rowClass}
        {...LARGE_GRID_PROPS}
      />
    ),
    [theme.theme, gridRows, columnDefs, context, postSortRows, onRowClicked, onCellKeyDown, loading],
  );

  const filteredOn = Boolean(needle || status);
  const empty = rows !== null && rows.length === 0;
  const countText =
    rows === null
      ? 'Loading receivables…'
      : filteredOn
        ? `${filtered?.length ?? 0} of ${rows.length} receivables`
        : `${rows.length} ${rows.length === 1 ? 'receivable' : 'receivables'}`;

  return (
    <div className="page page-fill receivables-page" hidden={hidden}>
      <PageHeader
        title="Receivables"
        description="One per invoice, linked to its bills of lading, checked against the policy — each finding says why, with numbers."
        actions={<RunChecksButton run={run} onRun={start} asOf={asOf} onAsOf={setAsOf} />}
      />
      <RunChecksStatus run={run} onDismiss={dismiss} />
      {error ? <Alert tone="danger" title="The receivables could not be listed">{error}</Alert> : null}
      {exportError ? <Alert tone="danger" title="The export failed">{exportError}</Alert> : null}
      {empty ? (
        <EmptyState
          icon="receivables"
          title="Nothing to check yet"
          actions={
            <a className="button" href="#/documents">
              <Icon name="documents" size={16} />
              Go to Documents
            </a>
          }
        >
          <p>No receivables yet — ingest invoices and bills of lading on Documents, then Run checks.</p>
          <p>
            Every extracted invoice becomes a receivable, linked to its bills of lading by B/L number or by parties, goods and
            dates. Each check records the policy version and a hash of what it looked at, so any result can be reproduced.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="toolbar" role="search" aria-label="Filter receivables">
            <div className="search-input">
              <Icon name="search" size={16} />
              <input
                type="search"
                className="input"
                aria-label="Filter receivables"
                placeholder="Invoice, party, goods, B/L…"
                value={text}
                onChange={(event) => setText(event.target.value)}
              />
            </div>
            <label className="toolbar-label">
              Group by
              <select
                className="select"
                aria-label="Group by"
                value={grouping}
                onChange={(event) => setGrouping(event.target.value as Grouping)}
              >
                {GROUPINGS.map((value) => (
                  <option key={value} value={value}>
                    {GROUPING_LABELS[value]}
                  </option>
                ))}
              </select>
            </label>
            <ColumnChooser columns={RECEIVABLE_COLUMN_CHOICES} hidden={hiddenColumns} onToggle={toggleColumn} />
            <button
              type="button"
              className="button"
              disabled={exporting !== null || !filtered?.length}
              onClick={() => void exportShown('csv')}
            >
              <Icon name="download" size={16} />
              {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
            </button>
            <button
              type="button"
              className="button"
              disabled={exporting !== null || !filtered?.length}
              onClick={() => void exportShown('xlsx')}
            >
              <Icon name="download" size={16} />
              {exporting === 'xlsx' ? 'Exporting…' : 'Export XLSX'}
            </button>
            <span className="toolbar-count" role="status" aria-live="polite" data-testid="receivables-count">
              {countText}
            </span>
          </div>
          <div className="filter-chips" role="group" aria-label="Status">
            <button type="button" className="filter-chip" aria-pressed={status === null} onClick={() => setStatus(null)}>
              All <span className="filter-chip-count">{rows?.length ?? 0}</span>
            </button>
            {RECEIVABLE_STATUSES.filter((value) => (statusCounts.get(value) ?? 0) > 0 || value === status).map((value) => (
              <button
                key={value}
                type="button"
                className={`filter-chip filter-chip-${value}`}
                aria-pressed={status === value}
                onClick={() => setStatus(status === value ? null : value)}
              >
                {STATUS_LABELS[value]} <span className="filter-chip-count">{statusCounts.get(value) ?? 0}</span>
              </button>
            ))}
            <ClearFiltersButton
              shown={filteredOn}
              onClear={() => {
                setText('');
                setStatus(null);
              }}
            />
          </div>
          <div className="grid-wrap receivables-grid" data-testid="receivables-grid">
            {grid}
          </div>
        </>
      )}
    </div>
  );
}

const rowClass = (params: RowClassParams<ReceivableGridRow>): string =>
  isGroupRow(params.data) ? 'grid-group-row' : 'receivables-row';
