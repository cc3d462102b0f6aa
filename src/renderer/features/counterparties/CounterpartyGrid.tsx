import { useCallback } from 'react';
import type { ReactElement, RefObject } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { DateFilterModule, NumberFilterModule, QuickFilterModule, TextFilterModule } from 'ag-grid-community';
import type {
  CellFocusedEvent,
  CellKeyDownEvent,
  ColDef,
  FilterChangedEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  ModelUpdatedEvent,
  RowDoubleClickedEvent,
  RowSelectionOptions,
  SelectionChangedEvent,
} from 'ag-grid-community';
import { useWorkstation } from '../../app/workstation';
import { gridTheme } from '../../theme/grid-theme';

// Filtering is only needed by these grids, so its modules are given to them rather than app-wide.
const MODULES = [TextFilterModule, NumberFilterModule, DateFilterModule, QuickFilterModule];
// No inferred cell data types: aliases are arrays and dates are ISO strings, formatted by the columns.
const DEFAULT_COL_DEF: ColDef = { resizable: true, sortable: true, filter: true, cellDataType: false };
const ROW_SELECTION: RowSelectionOptions = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };


type Props<T extends { readonly id: string }> = {
  readonly label: string;
  readonly rows: readonly T[];
  readonly columns: ColDef<T>[];
  readonly quickFilter: string;
  readonly onSelect: (row: T | null) => void;
  /** Enter or a double click: open the record for editing. */
  readonly onOpen: (row: T) => void;
  /** How many rows pass the filters, and whether a column filter is set. */
  readonly onShown: (shown: number, columnFiltered: boolean) => void;
  /** Set once the grid is ready, so the toolbar can clear its column filters. */
  readonly apiRef: RefObject<GridApi | null>;
};

/** One register as an AG Grid: sortable, filterable per column and by quick search, resizable. */
export function CounterpartyGrid<T extends { readonly id: string }>({
  label,
  rows,
  columns,
  quickFilter,
  onSelect,
  onOpen,
  onShown,
  apiRef,
}: Props<T>): ReactElement {
  const { theme } = useWorkstation();
  const onSelectionChanged = useCallback((event: SelectionChangedEvent<T>) => onSelect(event.api.getSelectedRows()[0] ?? null), [onSelect]);
  // Arrow keys move the focus through the grid; the side panel follows, so the keyboard is enough.
  const onCellFocused = useCallback((event: CellFocusedEvent<T>) => {
    if (typeof event.rowIndex === 'number') event.api.getDisplayedRowAtIndex(event.rowIndex)?.setSelected(true);
  }, []);
  const onCellKeyDown = useCallback(
    (event: CellKeyDownEvent<T>) => {
      const key = event.event instanceof KeyboardEvent ? event.event.key : '';
      if (key === 'Enter' && event.data) onOpen(event.data);
    },
    [onOpen],
  );
  const onRowDoubleClicked = useCallback((event: RowDoubleClickedEvent<T>) => {
    if (event.data) onOpen(event.data);
  }, [onOpen]);
  const report = useCallback(
    (event: ModelUpdatedEvent<T> | FilterChangedEvent<T>) => onShown(event.api.getDisplayedRowCount(), event.api.isColumnFilterPresent()),
    [onShown],
  );
  const rowId = useCallback((params: GetRowIdParams<T>): string => params.data.id, []);
  const onGridReady = useCallback(
    (event: GridReadyEvent<T>) => {
      apiRef.current = event.api as unknown as GridApi;
    },
    [apiRef],
  );
  return (
    <div className="grid-wrap cp-grid" role="region" aria-label={label}>
      <AgGridReact<T>
        onGridReady={onGridReady}
        modules={MODULES}
        theme={gridTheme(theme.theme)}
        rowData={rows as T[]}
        columnDefs={columns}
        defaultColDef={DEFAULT_COL_DEF as ColDef<T>}
        getRowId={rowId}
        rowSelection={ROW_SELECTION as RowSelectionOptions<T>}
        quickFilterText={quickFilter}
        onSelectionChanged={onSelectionChanged}
        onCellFocused={onCellFocused}
        onCellKeyDown={onCellKeyDown}
        onRowDoubleClicked={onRowDoubleClicked}
        onModelUpdated={report}
        onFilterChanged={report}
        overlayNoRowsTemplate="No rows match these filters."
        tooltipShowDelay={600}
      />
    </div>
  );
}

