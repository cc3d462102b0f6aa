import { useCallback, useMemo, useState } from 'react';
import type { IRowNode, IsFullWidthRowParams } from 'ag-grid-community';
import { groupRows, isGroupRow, keepGroupsTogether } from './grid-groups';
import type { GroupRow, GroupSpec } from './grid-groups';

/** True for the grid's full-width group header rows (`isFullWidthRow`). */
export const isGroupHeader = (params: IsFullWidthRowParams): boolean => isGroupRow(params.rowNode.data);

/** A row id for grids whose rows have an `id`: group headers have theirs. */
export const groupedRowId = (params: { readonly data: { readonly id: string } }): string => params.data.id;

/**
 * The rows to hand the grid for a grouping (`groupBy` names it; null shows them flat), with the
 * collapse state and the `postSortRows` callback that keeps each group under its header.
 */
export function useGroupedRows<T>(
  rows: readonly T[] | null,
  groupBy: string | null,
  spec: GroupSpec<T> | null,
): {
  readonly gridRows: (T | GroupRow)[] | undefined;
  readonly toggleGroup: (key: string) => void;
  readonly postSortRows: ((params: { readonly nodes: IRowNode<T | GroupRow>[] }) => void) | undefined;
} {
  // Collapsed keys belong to one grouping; choosing another starts with every group open.
  const [collapsed, setCollapsed] = useState<{ readonly by: string | null; readonly keys: ReadonlySet<string> }>({
    by: groupBy,
    keys: new Set(),
  });
  const toggleGroup = useCallback(
    (key: string) => {
      setCollapsed((current) => {
        const next = new Set(current.by === groupBy ? current.keys : []);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return { by: groupBy, keys: next };
      });
    },
    [groupBy],
  );
  const gridRows = useMemo(() => {
    if (!rows) return undefined;
    if (!spec || !groupBy) return [...rows];
    return groupRows(rows, spec, collapsed.by === groupBy ? collapsed.keys : new Set<string>());
  }, [rows, spec, groupBy, collapsed]);
  const postSortRows = useMemo(() => (spec && groupBy ? keepGroupsTogether(spec.keyOf) : undefined), [spec, groupBy]);
  return { gridRows, toggleGroup, postSortRows };
}
