import type { ColDef, ValueGetterParams } from 'ag-grid-community';
import type { Buyer, EscrowAccount, Supplier } from '../../../shared/checks';
import { formatLocalDate, formatLocalTime } from '../../format';
import { AliasesCell, ExpiryCell } from './CounterpartyCells';
import { buyerExpiry, formatCapacities, formatLimit, formatNumber, formatPd } from './counterparty-format';

const text = { filter: 'agTextColumnFilter' } as const;
const number = { filter: 'agNumberColumnFilter' } as const;

// ISO dates compare as strings; the date filter hands over a local midnight to compare against.
const isoDateFilter = {
  filter: 'agDateColumnFilter',
  filterParams: {
    comparator: (midnight: Date, cell: unknown): number => {
      if (typeof cell !== 'string' || !cell) return -1;
      const pad = (n: number): string => String(n).padStart(2, '0');
      const day = `${midnight.getFullYear()}-${pad(midnight.getMonth() + 1)}-${pad(midnight.getDate())}`;
      return cell < day ? -1 : cell > day ? 1 : 0;
    },
  },
} as const;

const aliasesColumn = <T extends Supplier | Buyer>(flex: number): ColDef<T> => ({
  field: 'aliases' as ColDef<T>['field'],
  headerName: 'Aliases',
  flex,
  minWidth: 110,
  sortable: false,
  cellRenderer: AliasesCell,
  filter: 'agTextColumnFilter',
  filterValueGetter: (params: ValueGetterParams<T>) => params.data?.aliases.join(', ') ?? '',
  getQuickFilterText: (params) => params.data.aliases.join(' '),
  tooltipValueGetter: (params) => params.data?.aliases.join(' · ') ?? '',
});

const updatedColumn = <T extends { updatedAt: string }>(): ColDef<T> => ({
  field: 'updatedAt' as ColDef<T>['field'],
  headerName: 'Updated',
  width: 108,
  // Off by default so the key columns fit beside the side panel; the panel shows it for the selection.
  hide: true,
  filter: false,
  valueFormatter: (params) => (typeof params.value === 'string' ? formatLocalDate(params.value) : ''),
  tooltipValueGetter: (params) => (typeof params.value === 'string' ? formatLocalTime(params.value) : ''),
});

/** Supplier columns: who they are and how much they declare they can make per month. */
export const SUPPLIER_COLUMNS: ColDef<Supplier>[] = [
  { field: 'legalName', headerName: 'Legal name', flex: 2, minWidth: 180, sort: 'asc', tooltipField: 'legalName', ...text },
  aliasesColumn<Supplier>(1.2),
  { field: 'country', headerName: 'Country', width: 90, ...text },
  { field: 'registrationId', headerName: 'Registration', width: 140, cellClass: 'cell-mono', ...text },
  { field: 'industry', headerName: 'Industry', flex: 1, minWidth: 100, tooltipField: 'industry', ...text },
  {
    colId: 'capacity',
    headerName: 'Declared capacity',
    flex: 1.8,
    minWidth: 200,
    valueGetter: (params) => (params.data ? formatCapacities(params.data.capacities) : ''),
    tooltipValueGetter: (params) => (typeof params.value === 'string' ? params.value : ''),
    ...text,
  },
  updatedColumn<Supplier>(),
];

/** Buyer columns: credit quality and the trade credit insurance that covers them. */
export const BUYER_COLUMNS: ColDef<Buyer>[] = [
  { field: 'legalName', headerName: 'Legal name', flex: 2, minWidth: 150, sort: 'asc', tooltipField: 'legalName', ...text },
  { ...aliasesColumn<Buyer>(1.2), hide: true },
  { field: 'country', headerName: 'Country', width: 86, ...text },
  { field: 'rating', headerName: 'Rating', width: 80, ...text },
  {
    field: 'probabilityOfDefault',
    headerName: 'PD',
    headerTooltip: 'Annual probability of default',
    width: 76,
    type: 'rightAligned',
    valueFormatter: (params) => formatPd(typeof params.value === 'number' ? params.value : null),
    ...number,
  },
  {
    colId: 'insurer',
    headerName: 'TCI insurer',
    headerTooltip: 'Trade credit insurer and policy number',
    flex: 1.4,
    minWidth: 120,
    valueGetter: (params) => params.data?.insurance?.insurer ?? '',
    tooltipValueGetter: (params) =>
      params.data?.insurance ? `${params.data.insurance.insurer} · policy ${params.data.insurance.policyNumber}` : '',
    ...text,
  },
  {
    colId: 'limit',
    headerName: 'Credit limit',
    width: 132,
    type: 'rightAligned',
    valueGetter: (params) => params.data?.insurance?.creditLimit ?? null,
    valueFormatter: (params) => (params.data?.insurance ? formatLimit(params.data.insurance) : ''),
    ...number,
  },
  {
    colId: 'indemnity',
    headerName: 'Indemnity',
    width: 96,
    type: 'rightAligned',
    valueGetter: (params) => params.data?.insurance?.indemnityPct ?? null,
    valueFormatter: (params) => (typeof params.value === 'number' ? `${formatNumber(params.value)} %` : ''),
    ...number,
  },
  {
    colId: 'expiry',
    headerName: 'Cover expiry',
    width: 140,
    valueGetter: (params) => params.data?.insurance?.expiry ?? '',
    cellRenderer: ExpiryCell,
    cellClassRules: {
      'cp-cell-expired': (params) => (params.data ? buyerExpiry(params.data)?.tone === 'expired' : false),
      'cp-cell-expiring': (params) => (params.data ? buyerExpiry(params.data)?.tone === 'expiring' : false),
    },
    ...isoDateFilter,
  },
  updatedColumn<Buyer>(),
];

/** Escrow columns: the accounts repayments must reach, and the vehicle that owns each. */
export const ESCROW_COLUMNS: ColDef<EscrowAccount>[] = [
  { field: 'bank', headerName: 'Bank', flex: 2, minWidth: 200, sort: 'asc', tooltipField: 'bank', ...text },
  { field: 'account', headerName: 'Account / IBAN', flex: 1.5, minWidth: 200, cellClass: 'cell-mono', ...text },
  { field: 'currency', headerName: 'Currency', width: 104, ...text },
  { field: 'vehicle', headerName: 'Vehicle', flex: 2, minWidth: 200, tooltipField: 'vehicle', ...text },
  updatedColumn<EscrowAccount>(),
];
