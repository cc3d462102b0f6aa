import type { ReactElement } from 'react';
import type { CustomCellRendererProps } from 'ag-grid-react';
import { Icon } from './Icon';
import { isGroupRow } from './grid-groups';
import { groupedRowId, isGroupHeader } from './use-grouped-rows';

/** What a grid that groups rows hands its header rows through the grid context. */
export type GroupingContext = {
  readonly toggleGroup: (key: string) => void;
  /** What the grouped rows are, for the header's accessible name ("3 receivables"). */
  readonly noun: readonly [singular: string, plural: string];
};

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A group's full-width header: collapse toggle, name, count and the total per currency. */
export function GroupHeaderRow({ data, context }: CustomCellRendererProps<unknown, unknown, GroupingContext>): ReactElement | null {
  if (!isGroupRow(data)) return null;
  const [one, many] = context.noun;
  const count = `${data.count} ${data.count === 1 ? one : many}`;
  return (
    <div className="group-row" data-testid="group-row" data-group={data.key}>
      <button
        type="button"
        className="group-row-toggle"
        aria-expanded={!data.collapsed}
        aria-label={`${data.collapsed ? 'Expand' : 'Collapse'} ${data.label}, ${count}`}
        onClick={() => context.toggleGroup(data.key)}
      >
        <span className={`group-row-chevron${data.collapsed ? ' is-collapsed' : ''}`}>
          <Icon name="chevronDown" size={14} />
        </span>
        <span className="group-row-label">{data.label}</span>
      </button>
      <span className="group-row-count">{count}</span>
      {data.totals.length > 0 ? (
        <span className="group-row-totals">
          {data.totals.map((total) => (
            <span key={total.currency} className="group-row-total tabular">
              {MONEY.format(total.amount)} <span className="group-row-currency">{total.currency}</span>
            </span>
          ))}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The AG Grid props every grid with our own grouping shares: group headers drawn full width, row
 * ids that keep them apart, every column drawn (so a row's badges exist even when scrolled out of
 * view), and no row animation (regrouping moves every row; sliding them about reads as noise). A
 * grid of tens of thousands of rows draws only the columns in view instead (Receivables spreads
 * `LARGE_GRID_PROPS` after these).
 */
export const GROUPED_GRID_PROPS = {
  getRowId: groupedRowId,
  isFullWidthRow: isGroupHeader,
  fullWidthCellRenderer: GroupHeaderRow,
  suppressColumnVirtualisation: true,
  animateRows: false,
  rowBuffer: 4,
  tooltipShowDelay: 600,
} as const;
