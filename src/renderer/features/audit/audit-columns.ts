import type { ColDef } from 'ag-grid-community';
import type { AuditRow } from '../../../shared/model';
import { formatLocalTime, shortHash, summarizeDetails } from '../../format';

/** The audit grid's columns: what a reviewer scans first on the left, proof on the right. */
// Fixed widths for values of known shape, flex with a floor for the rest, so that every column fits
// beside the side panel at 1440 px without a horizontal scrollbar.
export const AUDIT_COLUMNS: ColDef<AuditRow>[] = [
  { field: 'seq', headerName: 'Seq', width: 72, type: 'rightAligned', sort: 'desc' },
  {
    field: 'at',
    headerName: 'Time (local)',
    width: 146,
    valueFormatter: (params) => (typeof params.value === 'string' ? formatLocalTime(params.value) : ''),
    tooltipValueGetter: (params) => (typeof params.value === 'string' ? params.value : ''),
  },
  {
    field: 'actorName',
    headerName: 'Actor',
    flex: 1,
    minWidth: 96,
    valueFormatter: (params) => (params.data?.actor === 'system' ? 'System' : String(params.value ?? '')),
    tooltipField: 'actor',
  },
  { field: 'action', headerName: 'Action', flex: 1.2, minWidth: 150, cellClass: 'cell-mono' },
  { field: 'entity', headerName: 'Entity', flex: 0.7, minWidth: 88 },
  { field: 'entityId', headerName: 'Entity ID', flex: 1, minWidth: 80, cellClass: 'cell-mono', tooltipField: 'entityId' },
  {
    colId: 'details',
    headerName: 'Details',
    flex: 2,
    minWidth: 100,
    sortable: false,
    valueGetter: (params) => (params.data ? summarizeDetails(params.data.details) : ''),
    tooltipValueGetter: (params) => (typeof params.value === 'string' ? params.value : ''),
  },
  {
    field: 'hash',
    headerName: 'Hash',
    width: 100,
    sortable: false,
    cellClass: 'cell-mono',
    valueFormatter: (params) => (typeof params.value === 'string' ? shortHash(params.value, 10) : ''),
    tooltipField: 'hash',
  },
];
