import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { CellFocusedEvent, ColDef, GetRowIdParams, RowSelectionOptions, SelectionChangedEvent } from 'ag-grid-community';
import type { AuditRow } from '../../../shared/model';
import { useWorkstation } from '../../app/workstation';
import { gridTheme } from '../../theme/grid-theme';
import { Alert } from '../../ui/Alert';
import { Icon } from '../../ui/Icon';
import { PageHeader } from '../../ui/PageHeader';
import { AUDIT_COLUMNS } from './audit-columns';
import { AuditDetails } from './AuditDetails';
import { VerifyChainStatus, useVerifyChain } from './VerifyChain';
import { ClearFiltersButton } from '../../ui/ClearFiltersButton';

const PAGE_SIZE = 500;
const DEFAULT_COL_DEF: ColDef<AuditRow> = { resizable: true, sortable: true };
const ROW_SELECTION: RowSelectionOptions<AuditRow> = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };
const rowId = (params: GetRowIdParams<AuditRow>): string => String(params.data.seq);
const TYPING_DELAY_MS = 200;

type Listing = { readonly rows: readonly AuditRow[]; readonly total: number; readonly matched: number };

/** The audit trail: every entry of the tamper-evident chain, filterable, verifiable, inspectable. */
export function AuditScreen({ focusFilterRequest }: { readonly focusFilterRequest: number }): ReactElement {
  const { api, profiles, theme, workspace } = useWorkstation();
  // Changes whenever anything is audited (sign-in, new person), so the list refetches by itself.
  const auditVersion = workspace.auditEntries;
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  // The last answer, kept while the next one loads so the grid does not flash empty.
  const [listing, setListing] = useState<Listing | null>(null);
  const [settled, setSettled] = useState<{ readonly key: string; readonly error: string | null } | null>(null);
  const [selected, setSelected] = useState<AuditRow | null>(null);
  // Actions are learnt from the entries seen so far; the contract has no "distinct actions" call.
  const [knownActions, setKnownActions] = useState<readonly string[]>([]);
  const filterRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<AgGridReact<AuditRow>>(null);
  const verify = useVerifyChain(api);

  useEffect(() => {
    if (focusFilterRequest > 0) filterRef.current?.focus();
  }, [focusFilterRequest]);

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(text), TYPING_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const textFilter = query.trim();
  const filterKey = JSON.stringify([textFilter, action, actor]);
  useEffect(() => {
    // A slower, older answer must not overwrite the answer to what the person asked last.
    let current = true;
    void api.audit
      .list({
        limit: PAGE_SIZE,
        ...(textFilter ? { text: textFilter } : {}),
        ...(action ? { action } : {}),
        ...(actor ? { actor } : {}),
      })
      .then((result) => {
        if (!current) return;
        setSettled({ key: filterKey, error: result.ok ? null : result.error.message });
        if (!result.ok) return;
        const { rows } = result.value;
        setListing(result.value);
        setKnownActions((known) => [...new Set([...known, ...rows.map((row) => row.action)])].sort());
        setSelected((shown) => (shown ? (rows.find((row) => row.seq === shown.seq) ?? null) : null));
      });
    return () => {
      current = false;
    };
  }, [api, textFilter, action, actor, filterKey, auditVersion]);
  const loading = settled?.key !== filterKey;
  const error = settled?.error ?? null;

  const actorOptions = useMemo(
    () => [
      ...[...profiles].sort((a, b) => a.name.localeCompare(b.name)).map((profile) => ({ id: profile.id, name: profile.name })),
      { id: 'system', name: 'System' },
    ],
    [profiles],
  );

  const onSelectionChanged = useCallback((event: SelectionChangedEvent<AuditRow>) => {
    setSelected(event.api.getSelectedRows()[0] ?? null);
  }, []);
  // Arrow keys move the focus through the grid; the side panel follows, so the keyboard is enough.
  const onCellFocused = useCallback((event: CellFocusedEvent<AuditRow>) => {
    if (typeof event.rowIndex === 'number') event.api.getDisplayedRowAtIndex(event.rowIndex)?.setSelected(true);
  }, []);

  const filtered = Boolean(query.trim() || action || actor);
  const countText = listing
    ? `${listing.matched} of ${listing.total} ${listing.total === 1 ? 'entry' : 'entries'}` +
      (listing.rows.length < listing.matched ? ` · newest ${listing.rows.length} shown` : '') +
      (loading ? ' · updating…' : '')
    : 'Loading entries…';

  return (
    <div className="page page-fill">
      <PageHeader
        title="Audit"
        description="Every change in this workspace, who made it and when — chained by hashes so that an edit or deletion shows."
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={() => void verify.run()}
            disabled={verify.state.phase === 'running'}
          >
            <Icon name="audit" size={16} />
            {verify.state.phase === 'running' ? 'Verifying…' : 'Verify chain'}
          </button>
        }
      />
      <VerifyChainStatus state={verify.state} />
      <div className="toolbar" role="search" aria-label="Filter audit entries">
        <div className="search-input">
          <Icon name="search" size={16} />
          <input
            ref={filterRef}
            type="search"
            className="input"
            aria-label="Filter entries"
            placeholder="Filter by text, name, entity…"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <kbd className="search-input-key" aria-hidden="true">
            /
          </kbd>
        </div>
        <select className="select" aria-label="Action" value={action} onChange={(event) => setAction(event.target.value)}>
          <option value="">All actions</option>
          {knownActions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <select className="select" aria-label="Actor" value={actor} onChange={(event) => setActor(event.target.value)}>
          <option value="">All people</option>
          {actorOptions.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        <ClearFiltersButton
          shown={filtered}
          onClear={() => {
            setText('');
            setQuery('');
            setAction('');
            setActor('');
          }}
        />
        <span className="toolbar-count" role="status" aria-live="polite" data-testid="audit-count">
          {countText}
        </span>
      </div>
      {error ? <Alert tone="danger" title="The audit trail could not be read">{error}</Alert> : null}
      <div className="split">
        <div className="grid-wrap">
          <AgGridReact<AuditRow>
            theme={gridTheme(theme.theme)}
            rowData={listing?.rows as AuditRow[] | undefined}
            columnDefs={AUDIT_COLUMNS}
            ref={gridRef}
            defaultColDef={DEFAULT_COL_DEF}
            getRowId={rowId}
            rowSelection={ROW_SELECTION}
            onSelectionChanged={onSelectionChanged}
            onCellFocused={onCellFocused}
            loading={loading && !listing}
            overlayNoRowsTemplate="No audit entries match these filters."
            tooltipShowDelay={600}
          />
        </div>
        <AuditDetails row={selected} onClose={() => gridRef.current?.api.deselectAll()} />
      </div>
    </div>
  );
}
