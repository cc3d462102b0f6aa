import type { IRowNode } from 'ag-grid-community';

/**
 * Row grouping for AG Grid Community. Grouping is an Enterprise feature, so the screens group the
 * rows themselves: the rows are ordered by group and a full-width header row (Community) goes
 * before each group, with its count and total amount; a collapsed group keeps only its header.
 */

/** A group's header row, as the grid holds it next to the data rows. */
export type GroupRow = {
  readonly kind: 'group';
  /** `group:<key>`, unique among the grid's row ids. */
  readonly id: string;
  readonly key: string;
  readonly label: string;
  readonly count: number;
  /** The group's amounts summed per currency (money never adds across currencies). */
  readonly totals: readonly { readonly currency: string; readonly amount: number }[];
  readonly collapsed: boolean;
  /** Where the group stands among the groups; the grid's column sort never reorders groups. */
  readonly index: number;
};

/** How a screen groups its rows: the key of a row, how a key reads, and the order of groups. */
export type GroupSpec<T> = {
  readonly keyOf: (row: T) => string;
  readonly labelOf?: (key: string) => string;
  /** Orders group keys; alphabetical (empty last) when left out. */
  readonly compare?: (a: string, b: string) => number;
  /** The row's amount and currency for the group total, or null when it has none. */
  readonly amountOf?: (row: T) => { readonly amount: number; readonly currency: string } | null;
};

/** True for a group header row. */
export const isGroupRow = (row: unknown): row is GroupRow =>
  typeof row === 'object' && row !== null && (row as { kind?: unknown }).kind === 'group';

const defaultCompare = (a: string, b: string): number => {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  return a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });
};

/** The rows with a header before each group; the members of collapsed groups are left out. */
export function groupRows<T>(rows: readonly T[], spec: GroupSpec<T>, collapsed: ReadonlySet<string>): (T | GroupRow)[] {
  const members = new Map<string, T[]>();
  for (const row of rows) {
    const key = spec.keyOf(row);
    const list = members.get(key);
    if (list) list.push(row);
    else members.set(key, [row]);
  }
  const keys = [...members.keys()].sort(spec.compare ?? defaultCompare);
  const out: (T | GroupRow)[] = [];
  keys.forEach((key, index) => {
    const list = members.get(key) ?? [];
    const sums = new Map<string, number>();
    for (const row of list) {
      const money = spec.amountOf?.(row);
      if (money) sums.set(money.currency, (sums.get(money.currency) ?? 0) + money.amount);
    }
    const isCollapsed = collapsed.has(key);
    out.push({
      kind: 'group',
      id: `group:${key}`,
      key,
      label: spec.labelOf ? spec.labelOf(key) : key || '—',
      count: list.length,
      // Summed in minor units would be exact; two decimals of rounding is what the header shows.
      totals: [...sums.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => ({ currency, amount: Math.round(amount * 100) / 100 })),
      collapsed: isCollapsed,
      index,
    });
    if (!isCollapsed) out.push(...list);
  });
  return out;
}

/**
 * A `postSortRows` callback that keeps the groups together after the grid sorted by a column:
 * headers in group order, each followed by its members in the column's sort order.
 */
export function keepGroupsTogether<T>(keyOf: (row: T) => string): (params: { readonly nodes: IRowNode<T | GroupRow>[] }) => void {
  return ({ nodes }) => {
    const headers: IRowNode<T | GroupRow>[] = [];
    const members = new Map<string, IRowNode<T | GroupRow>[]>();
    for (const node of nodes) {
      const data = node.data;
      if (data === undefined) continue;
      if (isGroupRow(data)) {
        headers.push(node);
        continue;
      }
      const key = keyOf(data);
      const list = members.get(key);
      if (list) list.push(node);
      else members.set(key, [node]);
    }
    if (headers.length === 0) return;
    headers.sort((a, b) => (isGroupRow(a.data) ? a.data.index : 0) - (isGroupRow(b.data) ? b.data.index : 0));
    const ordered: IRowNode<T | GroupRow>[] = [];
    for (const header of headers) {
      ordered.push(header);
      if (isGroupRow(header.data)) ordered.push(...(members.get(header.data.key) ?? []));
    }
    nodes.splice(0, nodes.length, ...ordered);
  };
}
