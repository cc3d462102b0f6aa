import type { ColDef } from 'ag-grid-community';
import type { ReceivableSummary } from '../../../shared/checks';
import { formatLocalTime } from '../../format';
import type { ChoosableColumn } from '../../ui/ColumnChooser';
import type { GroupRow } from '../../ui/grid-groups';
import { isGroupRow } from '../../ui/grid-groups';
import { domCellRenderer, el } from '../../ui/dom-cell';
import { cellBadges } from './ReceivableBadges';
import { buyerOf, formatMoney, formatQuantity, supplierOf } from './receivable-labels';

export type ReceivableGridRow = ReceivableSummary | GroupRow;

const summaryOf = (row: ReceivableGridRow | undefined): ReceivableSummary | null => (row && !isGroupRow(row) ? row : null);

const StatusCell = domCellRenderer<ReceivableGridRow>((data) => {
  const row = summaryOf(data);
  return row ? cellBadges.status(row.status) : null;
});

/** A party as matched to a counterparty, else as printed with an "unmatched" badge. */
const partyCell = (matched: string | null, printed: string | null): HTMLElement =>
  matched
    ? el('span', 'cell-text', matched)
    : el('span', 'cell-inline cell-party', [
        el('span', 'cell-text', printed ?? '—'),
        el('span', 'badge badge-unmatched', 'unmatched', { title: 'No counterparty on file matches this name' }),
      ]);

const SupplierCell = domCellRenderer<ReceivableGridRow>((data) => {
  const row = summaryOf(data);
  return row ? partyCell(row.supplierName, row.sellerName) : null;
});

const BuyerCell = domCellRenderer<ReceivableGridRow>((data) => {
  const row = summaryOf(data);
  return row ? partyCell(row.buyerCounterpartyName, row.buyerName) : null;
});

const FindingsCell = domCellRenderer<ReceivableGridRow>((data) => {
  const row = summaryOf(data);
  return row?.checkedAt ? cellBadges.counts(row.counts) : row ? el('span', 'cell-empty', 'not checked') : null;
});

const text = (value: string | null | undefined): string => value ?? '';

/** Every column the chooser offers, in grid order; the id is also the export column name. */
export const RECEIVABLE_COLUMN_CHOICES: readonly ChoosableColumn[] = [
  { id: 'invoiceNumber', label: 'Invoice no.', required: true },
  { id: 'status', label: 'Status' },
  { id: 'findings', label: 'Findings' },
  { id: 'supplierName', label: 'Supplier' },
  { id: 'buyerName', label: 'Buyer' },
  { id: 'issueDate', label: 'Issue date' },
  { id: 'dueDate', label: 'Due date' },
  { id: 'currency', label: 'Currency' },
  { id: 'amount', label: 'Amount' },
  { id: 'goods', label: 'Goods' },
  { id: 'quantity', label: 'Quantity' },
  { id: 'blNumbers', label: 'B/L numbers' },
  { id: 'checkedAt', label: 'Checked at' },
];

// What receivables.export calls each shown column; a cell that shows two facts exports both.
const EXPORT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  supplierName: ['supplierName', 'sellerName'],
  buyerName: ['buyerCounterpartyName', 'buyerName'],
  quantity: ['quantity', 'quantityUnit'],
  findings: ['counts.fail', 'counts.warn', 'counts.info', 'counts.waived'],
};

/** The export columns for the grid columns shown, in grid order. */
export const exportColumnsFor = (shown: readonly string[]): string[] => shown.flatMap((id) => EXPORT_COLUMNS[id] ?? [id]);

/** The receivables grid's columns, with the hidden ones hidden. */
export function receivableColumns(hidden: ReadonlySet<string>): ColDef<ReceivableGridRow>[] {
  const columns: ColDef<ReceivableGridRow>[] = [
    {
      colId: 'invoiceNumber',
      headerName: 'Invoice no.',
      minWidth: 150,
      flex: 1,
      valueGetter: (p) => text(summaryOf(p.data)?.invoiceNumber ?? summaryOf(p.data)?.invoiceFileName),
      tooltipValueGetter: (p) => text(summaryOf(p.data)?.invoiceFileName),
      cellClass: 'cell-strong',
    },
    { colId: 'status', headerName: 'Status', width: 120, valueGetter: (p) => summaryOf(p.data)?.status ?? '', cellRenderer: StatusCell, cellClass: 'cell-flex' },
    {
      colId: 'findings',
      headerName: 'Fail · Warn · Info',
      width: 172,
      // Worst first when sorted descending: fails weigh most, then warnings.
      valueGetter: (p) => {
        const row = summaryOf(p.data);
        return row ? row.counts.fail * 1_000_000 + row.counts.warn * 1000 + row.counts.info : null;
      },
      cellRenderer: FindingsCell,
      cellClass: 'cell-flex',
    },
    {
      colId: 'supplierName',
      headerName: 'Supplier',
      minWidth: 160,
      flex: 1.4,
      valueGetter: (p) => {
        const row = summaryOf(p.data);
        return row ? supplierOf(row) : '';
      },
      cellRenderer: SupplierCell,
      cellClass: 'cell-flex',
      tooltipValueGetter: (p) => text(summaryOf(p.data)?.sellerName),
    },
    {
      colId: 'buyerName',
      headerName: 'Buyer',
      minWidth: 160,
      flex: 1.4,
      valueGetter: (p) => {
        const row = summaryOf(p.data);
        return row ? buyerOf(row) : '';
      },
      cellRenderer: BuyerCell,
      cellClass: 'cell-flex',
      tooltipValueGetter: (p) => text(summaryOf(p.data)?.buyerName),
    },
    { colId: 'issueDate', headerName: 'Issued', width: 104, valueGetter: (p) => text(summaryOf(p.data)?.issueDate), cellClass: 'tabular' },
    { colId: 'dueDate', headerName: 'Due', width: 104, valueGetter: (p) => text(summaryOf(p.data)?.dueDate), cellClass: 'tabular' },
    { colId: 'currency', headerName: 'Ccy', width: 72, valueGetter: (p) => text(summaryOf(p.data)?.currency) },
    {
      colId: 'amount',
      headerName: 'Amount',
      width: 136,
      type: 'rightAligned',
      valueGetter: (p) => summaryOf(p.data)?.amount ?? null,
      valueFormatter: (p) => (typeof p.value === 'number' ? formatMoney(p.value) : ''),
      // Setting cellClass replaces the class the rightAligned type brings; it is named again here.
      cellClass: 'ag-right-aligned-cell tabular cell-strong',
    },
    {
      colId: 'goods',
      headerName: 'Goods',
      minWidth: 140,
      flex: 1.2,
      valueGetter: (p) => text(summaryOf(p.data)?.goods),
      tooltipValueGetter: (p) => text(summaryOf(p.data)?.goods),
    },
    {
      colId: 'quantity',
      headerName: 'Quantity',
      width: 120,
      type: 'rightAligned',
      valueGetter: (p) => summaryOf(p.data)?.quantity ?? null,
      valueFormatter: (p) => {
        const row = summaryOf(p.data);
        return row?.quantity != null ? `${formatQuantity(row.quantity)} ${row.quantityUnit ?? ''}`.trim() : '';
      },
      cellClass: 'ag-right-aligned-cell tabular',
    },
    {
      colId: 'blNumbers',
      headerName: 'B/L numbers',
      width: 150,
      valueGetter: (p) => summaryOf(p.data)?.blNumbers.join(', ') ?? '',
      tooltipValueGetter: (p) => summaryOf(p.data)?.blNumbers.join(', ') ?? '',
      cellClass: 'cell-mono',
    },
    {
      colId: 'checkedAt',
      headerName: 'Checked at',
      width: 150,
      valueGetter: (p) => text(summaryOf(p.data)?.checkedAt),
      valueFormatter: (p) => (typeof p.value === 'string' && p.value ? formatLocalTime(p.value) : ''),
      cellClass: 'tabular',
    },
  ];
  return columns.map((column) => ({ ...column, hide: hidden.has(column.colId ?? '') }));
}
