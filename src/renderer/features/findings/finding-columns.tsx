import type { ColDef } from 'ag-grid-community';
import { SEVERITIES } from '../../../shared/checks';
import type { Finding } from '../../../shared/checks';
import { formatLocalTime } from '../../format';
import type { GroupRow } from '../../ui/grid-groups';
import { isGroupRow } from '../../ui/grid-groups';
import { domCellRenderer, el } from '../../ui/dom-cell';
import { cellBadges } from '../receivables/ReceivableBadges';
import { CATEGORY_LABELS } from '../receivables/receivable-labels';

export type FindingGridRow = Finding | GroupRow;

const findingOf = (row: FindingGridRow | undefined): Finding | null => (row && !isGroupRow(row) ? row : null);

const SeverityCell = domCellRenderer<FindingGridRow>((data) => {
  const finding = findingOf(data);
  return finding ? cellBadges.severity(finding.severity) : null;
});

/** Open, pending or waived: the four-eyes state of the finding's waiver. */
export function waiverText(finding: Finding): string {
  switch (finding.waiver?.status) {
    case 'pending':
      return 'Waiver pending';
    case 'confirmed':
      return 'Waived';
    case 'rejected':
      return 'Waiver rejected';
    default:
      return '';
  }
}

const WaiverCell = domCellRenderer<FindingGridRow>((data) => {
  const finding = findingOf(data);
  return finding?.waiver ? el('span', `badge badge-waiver-${finding.waiver.status}`, waiverText(finding)) : null;
});

/** The findings grid's columns. */
export const FINDING_COLUMNS: ColDef<FindingGridRow>[] = [
  {
    colId: 'severity',
    headerName: 'Severity',
    width: 104,
    valueGetter: (p) => {
      const finding = findingOf(p.data);
      return finding ? SEVERITIES.indexOf(finding.severity) : null;
    },
    cellRenderer: SeverityCell,
    cellClass: 'cell-flex',
    sort: 'asc',
  },
  {
    colId: 'title',
    headerName: 'Finding',
    minWidth: 220,
    flex: 1.4,
    valueGetter: (p) => findingOf(p.data)?.title ?? '',
    tooltipValueGetter: (p) => findingOf(p.data)?.message ?? '',
    cellClass: 'cell-strong',
  },
  {
    colId: 'message',
    headerName: 'Explanation',
    minWidth: 260,
    flex: 2.2,
    valueGetter: (p) => findingOf(p.data)?.message ?? '',
    tooltipValueGetter: (p) => findingOf(p.data)?.message ?? '',
  },
  {
    colId: 'category',
    headerName: 'Category',
    width: 160,
    valueGetter: (p) => {
      const finding = findingOf(p.data);
      return finding ? CATEGORY_LABELS[finding.category] : '';
    },
  },
  {
    colId: 'rule',
    headerName: 'Rule',
    width: 170,
    valueGetter: (p) => findingOf(p.data)?.ruleId ?? '',
    tooltipValueGetter: (p) => findingOf(p.data)?.reference ?? '',
    cellClass: 'cell-mono',
  },
  { colId: 'invoice', headerName: 'Invoice no.', width: 150, valueGetter: (p) => findingOf(p.data)?.invoiceNumber ?? '' },
  { colId: 'supplier', headerName: 'Supplier', width: 170, valueGetter: (p) => findingOf(p.data)?.supplierName ?? '' },
  { colId: 'buyer', headerName: 'Buyer', width: 170, valueGetter: (p) => findingOf(p.data)?.buyerName ?? '' },
  {
    colId: 'waiver',
    headerName: 'Waiver',
    width: 130,
    valueGetter: (p) => {
      const finding = findingOf(p.data);
      return finding ? waiverText(finding) : '';
    },
    cellRenderer: WaiverCell,
    cellClass: 'cell-flex',
  },
  {
    colId: 'evaluatedAt',
    headerName: 'Evaluated',
    width: 150,
    valueGetter: (p) => findingOf(p.data)?.evaluatedAt ?? '',
    valueFormatter: (p) => (typeof p.value === 'string' && p.value ? formatLocalTime(p.value) : ''),
    cellClass: 'tabular',
  },
];
