import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactElement } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { CellKeyDownEvent, ColDef, RowClassParams, RowClickedEvent } from 'ag-grid-community';
import { RULE_CATEGORIES, SEVERITIES } from '../../../shared/checks';
import type { Finding, RuleCategory, Severity } from '../../../shared/checks';
import { useWorkstation } from '../../app/workstation';
import { gridTheme } from '../../theme/grid-theme';
import { Alert } from '../../ui/Alert';
import { ClearFiltersButton } from '../../ui/ClearFiltersButton';
import { EmptyState } from '../../ui/EmptyState';
import { GROUPED_GRID_PROPS } from '../../ui/GroupHeaderRow';
import type { GroupingContext } from '../../ui/GroupHeaderRow';
import { isGroupRow } from '../../ui/grid-groups';
import type { GroupSpec } from '../../ui/grid-groups';
import { Icon } from '../../ui/Icon';
import { PageHeader } from '../../ui/PageHeader';
import { useGroupedRows } from '../../ui/use-grouped-rows';
import { CATEGORY_LABELS, SEVERITY_LABELS } from '../receivables/receivable-labels';
import { openReceivable } from '../receivables/receivable-route';
import { useReceivablesChanged } from '../receivables/use-receivables';
import { FINDING_COLUMNS } from './finding-columns';
import type { FindingGridRow } from './finding-columns';

const GROUPINGS = ['none', 'rule', 'severity', 'category', 'supplier', 'buyer'] as const;
type Grouping = (typeof GROUPINGS)[number];
const GROUPING_LABELS: Readonly<Record<Grouping, string>> = {
  none: 'No grouping',
  rule: 'Rule',
  severity: 'Severity',
  category: 'Category',
  supplier: 'Supplier',
  buyer: 'Buyer',
};

const GROUP_SPECS: Readonly<Record<Exclude<Grouping, 'none' | 'rule'>, GroupSpec<Finding>>> = {
  severity: {
    keyOf: (f) => f.severity,
    labelOf: (key) => SEVERITY_LABELS[key as Severity] ?? key,
    compare: (a, b) => SEVERITIES.indexOf(a as Severity) - SEVERITIES.indexOf(b as Severity),
  },
  category: {
    keyOf: (f) => f.category,
    labelOf: (key) => CATEGORY_LABELS[key as RuleCategory] ?? key,
    compare: (a, b) => RULE_CATEGORIES.indexOf(a as RuleCategory) - RULE_CATEGORIES.indexOf(b as RuleCategory),
  },
  supplier: { keyOf: (f) => f.supplierName ?? '', labelOf: (key) => key || 'Unmatched supplier' },
  buyer: { keyOf: (f) => f.buyerName ?? '', labelOf: (key) => key || 'Unmatched buyer' },
};

const DEFAULT_COL_DEF: ColDef<FindingGridRow> = { resizable: true, sortable: true };
const NOUN: GroupingContext['noun'] = ['finding', 'findings'];

const rowClass = (params: RowClassParams<FindingGridRow>): string => {
  if (isGroupRow(params.data)) return 'grid-group-row';
  return params.data?.waiver?.status === 'confirmed' ? 'findings-row is-waived' : 'findings-row';
};

/** Every finding of the last evaluation: filter, group, and open the receivable's why panel. */
export function FindingsScreen(): ReactElement {
  const { api, theme } = useWorkstation();
  const [findings, setFindings] = useState<readonly Finding[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [category, setCategory] = useState<RuleCategory | ''>('');
  const [showWaived, setShowWaived] = useState(false);
  const [grouping, setGrouping] = useState<Grouping>('severity');
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  useReceivablesChanged(api, reload);

  useEffect(() => {
    let current = true;
    void api.findings.list({ includeWaived: true }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setFindings(result.value);
        setError(null);
      } else {
        setError(result.error.message);
      }
    });
    return () => {
      current = false;
    };
  }, [api, version]);

  const filtered = useMemo(
    () =>
      findings?.filter(
        (f) =>
          (!severity || f.severity === severity) &&
          (!category || f.category === category) &&
          (showWaived || f.waiver?.status !== 'confirmed'),
      ) ?? null,
    [findings, severity, category, showWaived],
  );
  // A rule's group reads as its title, with the id people search the code and the policy for.
  const ruleSpec = useMemo<GroupSpec<Finding>>(() => {
    const titles = new Map((findings ?? []).map((f) => [f.ruleId, f.title]));
    return { keyOf: (f) => f.ruleId, labelOf: (key) => (titles.has(key) ? `${titles.get(key)} · ${key}` : key) };
  }, [findings]);
  const spec = grouping === 'none' ? null : grouping === 'rule' ? ruleSpec : GROUP_SPECS[grouping];
  const { gridRows, toggleGroup, postSortRows } = useGroupedRows(filtered, grouping === 'none' ? null : grouping, spec);
  const context = useMemo<GroupingContext>(() => ({ toggleGroup, noun: NOUN }), [toggleGroup]);

  const onRowClicked = useCallback((event: RowClickedEvent<FindingGridRow>) => {
    if (event.data && !isGroupRow(event.data)) openReceivable(event.data.receivableId, event.data.id);
  }, []);
  const onCellKeyDown = useCallback((event: CellKeyDownEvent<FindingGridRow>) => {
    const key = event.event instanceof KeyboardEvent ? event.event.key : '';
    if (key === 'Enter' && event.data && !isGroupRow(event.data)) openReceivable(event.data.receivableId, event.data.id);
  }, []);

  const waivedCount = findings?.filter((f) => f.waiver?.status === 'confirmed').length ?? 0;
  const filteredOn = Boolean(severity || category);
  const countText =
    findings === null ? 'Loading findings…' : `${filtered?.length ?? 0} of ${findings.length} findings`;

  return (
    <div className="page page-fill findings-page">
      <PageHeader
        title="Findings"
        description="What the checks found across all receivables, worst first. Open one to see its evidence and waive it."
      />
      {error ? <Alert tone="danger" title="The findings could not be listed">{error}</Alert> : null}
      {findings !== null && findings.length === 0 ? (
        <EmptyState
          icon="findings"
          title="No findings yet"
          actions={
            <a className="button" href="#/receivables">
              <Icon name="receivables" size={16} />
              Go to Receivables
            </a>
          }
        >
          <p>Findings appear here after Run checks on Receivables — or the checks found nothing to say.</p>
        </EmptyState>
      ) : (
        <>
          <div className="toolbar" role="search" aria-label="Filter findings">
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
            <select
              className="select"
              aria-label="Severity"
              value={severity}
              onChange={(event) => setSeverity(event.target.value as Severity | '')}
            >
              <option value="">All severities</option>
              {SEVERITIES.map((value) => (
                <option key={value} value={value}>
                  {SEVERITY_LABELS[value]}
                </option>
              ))}
            </select>
            <select
              className="select"
              aria-label="Category"
              value={category}
              onChange={(event) => setCategory(event.target.value as RuleCategory | '')}
            >
              <option value="">All categories</option>
              {RULE_CATEGORIES.map((value) => (
                <option key={value} value={value}>
                  {CATEGORY_LABELS[value]}
                </option>
              ))}
            </select>
            <label className="toggle">
              <input type="checkbox" checked={showWaived} onChange={(event) => setShowWaived(event.target.checked)} />
              Show waived{waivedCount ? ` (${waivedCount})` : ''}
            </label>
            <ClearFiltersButton
              shown={filteredOn}
              onClear={() => {
                setSeverity('');
                setCategory('');
              }}
            />
            <span className="toolbar-count" role="status" aria-live="polite" data-testid="findings-count">
              {countText}
            </span>
          </div>
          <div className="grid-wrap findings-grid" data-testid="findings-grid">
            <AgGridReact<FindingGridRow>
              {...GROUPED_GRID_PROPS}
              theme={gridTheme(theme.theme)}
              rowData={gridRows}
              columnDefs={FINDING_COLUMNS}
              defaultColDef={DEFAULT_COL_DEF}
              context={context}
              rowHeight={38}
              postSortRows={postSortRows}
              onRowClicked={onRowClicked}
              onCellKeyDown={onCellKeyDown}
              loading={findings === null}
              overlayNoRowsTemplate="No findings match these filters."
              getRowClass={rowClass}
            />
          </div>
        </>
      )}
    </div>
  );
}
