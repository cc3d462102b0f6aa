import type { ColDef } from 'ag-grid-community';
import { DOCUMENT_STATUSES } from '../../../shared/documents';
import type { DocumentStatus } from '../../../shared/documents';
import { formatLocalTime } from '../../format';
import {
  ActionsCell,
  AddedCell,
  AmountCell,
  ConfidenceCell,
  FileCell,
  KindCell,
  PagesCell,
  ReviewedCell,
  StatusCell,
  spansDetail,
} from './DocumentCells';
import type { DocumentRow } from './DocumentCells';
import { KIND_LABELS, METHOD_LABELS, STATUS_LABELS } from './document-labels';

// AG Grid refreshes a cell only when its own value changes; these cells also draw other fields of
// the row (progress, error, method, currency), so they refresh whenever the row's data does.
const ALWAYS_REFRESH = (): boolean => false;

const statusRank = (status: unknown): number => DOCUMENT_STATUSES.indexOf(status as DocumentStatus);

/** The documents grid's columns. */
// Widths are set so that every column fits at 1440 px without a horizontal scrollbar: values of known
// shape get fixed widths, names flex with a floor. Two-line cells (file, added, reviewed) keep the
// grid narrow without truncating what a reviewer scans for.
export const DOCUMENT_COLUMNS: ColDef<DocumentRow>[] = [
  {
    field: 'status',
    headerName: 'Status',
    width: 108,
    cellRenderer: StatusCell,
    equals: ALWAYS_REFRESH,
    comparator: (a, b) => statusRank(a) - statusRank(b),
    tooltipValueGetter: (params) => (params.data ? STATUS_LABELS[params.data.status] : ''),
  },
  {
    colId: 'kind',
    headerName: 'Kind',
    width: 112,
    valueGetter: (params) => (params.data?.kind ? KIND_LABELS[params.data.kind] : ''),
    cellRenderer: KindCell,
    equals: ALWAYS_REFRESH,
    tooltipValueGetter: (params) =>
      params.data?.kindScore !== null && params.data?.kindScore !== undefined && !params.data.kindOverridden
        ? `Classifier ${Math.round(params.data.kindScore * 100)}% sure`
        : '',
  },
  {
    field: 'fileName',
    headerName: 'File',
    flex: 1.5,
    minWidth: 180,
    cellRenderer: FileCell,
    equals: ALWAYS_REFRESH,
    // While a document is read, or once it failed, the columns to the right have nothing to say;
    // its progress bar or error sentence gets their room instead of being cut short.
    colSpan: (params) => (params.data && spansDetail(params.data) ? 5 : 1),
  },
  {
    field: 'party',
    headerName: 'Seller / shipper',
    flex: 1.5,
    minWidth: 120,
    tooltipField: 'party',
    valueFormatter: (params) => (typeof params.value === 'string' ? params.value : ''),
  },
  { field: 'amount', headerName: 'Amount', width: 136, type: 'rightAligned', cellRenderer: AmountCell, equals: ALWAYS_REFRESH },
  {
    field: 'pages',
    headerName: 'Pages',
    width: 104,
    cellRenderer: PagesCell,
    equals: ALWAYS_REFRESH,
    tooltipValueGetter: (params) => (params.data?.method ? `Read from the ${METHOD_LABELS[params.data.method].toLowerCase()}` : ''),
  },
  { field: 'confidence', headerName: 'Confidence', width: 104, cellRenderer: ConfidenceCell },
  {
    field: 'createdAt',
    headerName: 'Added',
    width: 96,
    sort: 'desc',
    cellRenderer: AddedCell,
    tooltipValueGetter: (params) =>
      params.data ? `${formatLocalTime(params.data.createdAt)} by ${params.data.createdByName}` : '',
  },
  {
    field: 'reviewedByName',
    headerName: 'Reviewed by',
    width: 112,
    cellRenderer: ReviewedCell,
    equals: ALWAYS_REFRESH,
    tooltipValueGetter: (params) => (params.data?.reviewedAt ? formatLocalTime(params.data.reviewedAt) : ''),
  },
  { colId: 'actions', headerName: '', width: 88, sortable: false, resizable: false, cellRenderer: ActionsCell },
];
