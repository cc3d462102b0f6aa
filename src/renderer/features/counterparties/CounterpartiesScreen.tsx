import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent, KeyboardEvent, ReactElement } from 'react';
import type { GridApi } from 'ag-grid-community';
import { COUNTERPARTY_KINDS } from '../../../shared/checks';
import type { Buyer, Counterparties, CounterpartyKind, EscrowAccount, Supplier } from '../../../shared/checks';
import { ROLE_LABELS } from '../../../shared/model';
import { useWorkstation } from '../../app/workstation';
import { Alert } from '../../ui/Alert';
import { ClearFiltersButton } from '../../ui/ClearFiltersButton';
import { Dialog } from '../../ui/Dialog';
import { downloadExportedFile } from '../../ui/download';
import { Icon } from '../../ui/Icon';
import { PageHeader } from '../../ui/PageHeader';
import { BuyerForm } from './BuyerForm';
import { BUYER_COLUMNS, ESCROW_COLUMNS, SUPPLIER_COLUMNS } from './counterparty-columns';
import { KIND_LABELS } from './counterparty-format';
import { CounterpartyDetails } from './CounterpartyDetails';
import type { Selected } from './CounterpartyDetails';
import { CounterpartyGrid } from './CounterpartyGrid';
import { dragHasFiles, importCsvFiles } from './csv-import';
import type { ImportOutcome } from './csv-import';
import { CounterpartyEmpty } from './CounterpartyEmpty';
import { EscrowForm } from './EscrowForm';
import { ImportSummary } from './ImportSummary';
import { RemoveDialog } from './RemoveDialog';
import { SupplierForm } from './SupplierForm';
import { useCounterparties } from './use-counterparties';

const EDITOR_ROLES = new Set(['analyst', 'risk_officer']);
const TYPING_DELAY_MS = 150;

type Editing = { readonly kind: CounterpartyKind; readonly record: Selected['record'] | null };

const listOf = (data: Counterparties | null, kind: CounterpartyKind): readonly { readonly id: string }[] =>
  !data ? [] : kind === 'supplier' ? data.suppliers : kind === 'buyer' ? data.buyers : data.escrowAccounts;

/**
 * Counterparties: the supplier, buyer and escrow-account registers the checks match documents
 * against — each a filterable grid, imported and exported as CSV, edited by analysts and risk officers.
 */
export function CounterpartiesScreen(): ReactElement {
  const { api, me, profiles } = useWorkstation();
  const { data, error, reload } = useCounterparties(api);
  const canEdit = EDITOR_ROLES.has(me.role);
  const [kind, setKind] = useState<CounterpartyKind>('supplier');
  const [text, setText] = useState('');
  const [quick, setQuick] = useState('');
  const [shown, setShown] = useState<{ readonly count: number; readonly filtered: boolean } | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<Selected | null>(null);
  const [importing, setImporting] = useState(false);
  const [outcomes, setOutcomes] = useState<readonly ImportOutcome[] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const gridApi = useRef<GridApi | null>(null);
  const tabRefs = useRef(new Map<CounterpartyKind, HTMLButtonElement>());

  useEffect(() => {
    const timer = window.setTimeout(() => setQuick(text), TYPING_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const selected = useMemo<Selected | null>(() => {
    if (!data || !selectedId) return null;
    if (kind === 'supplier') {
      const record = data.suppliers.find((row) => row.id === selectedId);
      return record ? { kind, record } : null;
    }
    if (kind === 'buyer') {
      const record = data.buyers.find((row) => row.id === selectedId);
      return record ? { kind, record } : null;
    }
    const record = data.escrowAccounts.find((row) => row.id === selectedId);
    return record ? { kind, record } : null;
  }, [data, kind, selectedId]);

  const switchTo = (next: CounterpartyKind, focus = false): void => {
    if (next !== kind) {
      setKind(next);
      setSelectedId(null);
      setText('');
      setQuick('');
      setShown(null);
      gridApi.current = null;
    }
    if (focus) tabRefs.current.get(next)?.focus();
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const index = COUNTERPARTY_KINDS.indexOf(kind);
    const last = COUNTERPARTY_KINDS.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (target === null) return;
    event.preventDefault();
    switchTo(COUNTERPARTY_KINDS[target] ?? 'supplier', true);
  };

  const runImport = useCallback(
    async (files: readonly File[]) => {
      if (files.length === 0) return;
      setImporting(true);
      const results = await importCsvFiles(api, files, kind);
      setImporting(false);
      setOutcomes(results);
      reload();
      // One file: show the register it went into, so the new rows are in view.
      const only = results.length === 1 ? results[0] : undefined;
      if (only?.report && only.kind !== kind) {
        setKind(only.kind);
        setSelectedId(null);
        setText('');
        setQuick('');
        setShown(null);
      }
    },
    [api, kind, reload],
  );

  const exportCsv = async (): Promise<void> => {
    setActionError(null);
    const result = await api.counterparties.export({ kind });
    if (result.ok) downloadExportedFile(result.value);
    else setActionError(result.error.message);
  };

  const chooseFiles = (): void => fileInput.current?.click();
  const onSelect = useCallback((row: { readonly id: string } | null) => setSelectedId(row?.id ?? null), []);
  const onOpen = useCallback(
    (row: { readonly id: string }) => {
      setSelectedId(row.id);
      if (canEdit) setEditing({ kind, record: row as Selected['record'] });
    },
    [canEdit, kind],
  );
  const onShown = useCallback((count: number, filtered: boolean) => setShown({ count, filtered }), []);

  const onDragEnter = (event: DragEvent): void => {
    if (!canEdit || !dragHasFiles(event)) return;
    event.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent): void => {
    if (!canEdit || !dragHasFiles(event)) return;
    // Without this the browser would open the dropped file instead of handing it to the page.
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent): void => {
    if (!canEdit || !dragHasFiles(event)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent): void => {
    if (!canEdit || !dragHasFiles(event)) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    void runImport(Array.from(event.dataTransfer.files));
  };

  const closeEditor = (): void => setEditing(null);
  const saved = (record: { readonly id: string }): void => {
    setEditing(null);
    setSelectedId(record.id);
    reload();
  };

  const rows = listOf(data, kind);
  const labels = KIND_LABELS[kind];
  const filtered = Boolean(quick.trim()) || (shown?.filtered ?? false);
  const countText =
    data === null
      ? 'Loading…'
      : filtered && shown
        ? `${shown.count} of ${rows.length} ${labels.many.toLowerCase()}`
        : `${rows.length} ${rows.length === 1 ? labels.one : labels.many.toLowerCase()}`;
  const editors = profiles.filter((profile) => EDITOR_ROLES.has(profile.role)).map((profile) => profile.name);

  const grid =
    kind === 'supplier' ? (
      <CounterpartyGrid<Supplier>
        key="supplier"
        label="Suppliers"
        rows={data?.suppliers ?? []}
        columns={SUPPLIER_COLUMNS}
        quickFilter={quick}
        onSelect={onSelect}
        onOpen={onOpen}
        onShown={onShown}
        apiRef={gridApi}
      />
    ) : kind === 'buyer' ? (
      <CounterpartyGrid<Buyer>
        key="buyer"
        label="Buyers"
        rows={data?.buyers ?? []}
        columns={BUYER_COLUMNS}
        quickFilter={quick}
        onSelect={onSelect}
        onOpen={onOpen}
        onShown={onShown}
        apiRef={gridApi}
      />
    ) : (
      <CounterpartyGrid<EscrowAccount>
        key="escrowaccount"
        label="Escrow accounts"
        rows={data?.escrowAccounts ?? []}
        columns={ESCROW_COLUMNS}
        quickFilter={quick}
        onSelect={onSelect}
        onOpen={onOpen}
        onShown={onShown}
        apiRef={gridApi}
      />
    );

  return (
    <div
      className="page page-fill cp-page"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="counterparties-screen"
    >
      <PageHeader
        title="Counterparties"
        description="Suppliers, buyers and the pool's escrow accounts: what the checks match every invoice and bill of lading against."
        actions={
          <>
            <button type="button" className="button" onClick={() => void exportCsv()} disabled={rows.length === 0} data-testid="counterparties-export">
              Export CSV
            </button>
            {canEdit ? (
              <>
                <button type="button" className="button" onClick={chooseFiles} disabled={importing} data-testid="counterparties-import">
                  <Icon name="upload" size={16} />
                  {importing ? 'Importing…' : 'Import CSV…'}
                </button>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => setEditing({ kind, record: null })}
                  data-testid="counterparties-new"
                >
                  <Icon name="plus" size={16} />
                  New {labels.one}
                </button>
              </>
            ) : null}
          </>
        }
      />
      {canEdit ? (
        <input
          ref={fileInput}
          className="visually-hidden"
          type="file"
          multiple
          accept=".csv,text/csv"
          aria-label="Import CSV file"
          data-testid="counterparties-import-input"
          tabIndex={-1}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            // Cleared so that choosing the same file again still fires a change.
            event.target.value = '';
            void runImport(files);
          }}
        />
      ) : (
        <p className="cp-readonly" data-testid="counterparties-readonly">
          <Icon name="lock" size={14} />
          Read only: you are signed in as {ROLE_LABELS[me.role].toLowerCase()}; analysts and risk officers maintain counterparties
          {editors.length > 0 ? ` (${editors.join(', ')})` : ''}.
        </p>
      )}
      {outcomes ? <ImportSummary outcomes={outcomes} onDismiss={() => setOutcomes(null)} /> : null}
      {error ? (
        <Alert tone="danger" title="The counterparties could not be read">
          {error}
        </Alert>
      ) : null}
      {actionError ? <Alert tone="danger">{actionError}</Alert> : null}
      <div className="cp-tabs" role="tablist" aria-label="Counterparty registers">
        {COUNTERPARTY_KINDS.map((option) => {
          const selectedTab = option === kind;
          return (
            <button
              key={option}
              ref={(node) => {
                if (node) tabRefs.current.set(option, node);
                else tabRefs.current.delete(option);
              }}
              type="button"
              role="tab"
              id={`cp-tab-${option}`}
              aria-selected={selectedTab}
              aria-controls={`cp-panel-${option}`}
              tabIndex={selectedTab ? 0 : -1}
              className={`cp-tab${selectedTab ? ' is-selected' : ''}`}
              onClick={() => switchTo(option)}
              onKeyDown={onTabKey}
              data-testid={`counterparties-tab-${option}`}
            >
              {KIND_LABELS[option].many}
              <span className="cp-tab-count tabular">{data ? listOf(data, option).length : '…'}</span>
            </button>
          );
        })}
      </div>
      <div className="cp-panel" role="tabpanel" id={`cp-panel-${kind}`} aria-labelledby={`cp-tab-${kind}`}>
        {data !== null && rows.length === 0 ? (
          <CounterpartyEmpty kind={kind} canEdit={canEdit} onImport={chooseFiles} onNew={() => setEditing({ kind, record: null })} />
        ) : (
          <>
            <div className="toolbar" role="search" aria-label={`Filter ${labels.many.toLowerCase()}`}>
              <div className="search-input">
                <Icon name="search" size={16} />
                <input
                  type="search"
                  className="input"
                  aria-label={`Search ${labels.many.toLowerCase()}`}
                  placeholder="Search names, aliases, countries…"
                  value={text}
                  onChange={(event) => setText(event.target.value)}
                />
              </div>
              <span className="cp-toolbar-hint">
                Select a row for details{canEdit ? '; double-click or Enter edits it' : ''}. Filter a column from its header.
              </span>
              <ClearFiltersButton
                shown={filtered}
                onClear={() => {
                  setText('');
                  setQuick('');
                  gridApi.current?.setFilterModel(null);
                }}
              />
              <span className="toolbar-count" role="status" aria-live="polite" data-testid="counterparties-count">
                {countText}
              </span>
            </div>
            <div className={selected ? 'split cp-split' : 'cp-split-single'}>
              {grid}
              {selected ? (
                <CounterpartyDetails
                  selected={selected}
                  canEdit={canEdit}
                  onEdit={() => setEditing({ kind: selected.kind, record: selected.record })}
                  onRemove={() => setRemoving(selected)}
                  onClose={() => {
                    setSelectedId(null);
                    gridApi.current?.deselectAll();
                  }}
                />
              ) : null}
            </div>
          </>
        )}
      </div>
      <Dialog
        open={editing !== null}
        title={editing ? `${editing.record ? 'Edit' : 'New'} ${KIND_LABELS[editing.kind].one}` : ''}
        onClose={closeEditor}
      >
        {editing?.kind === 'supplier' ? (
          <SupplierForm initial={editing.record as Supplier | null} onSaved={saved} onCancel={closeEditor} />
        ) : editing?.kind === 'buyer' ? (
          <BuyerForm initial={editing.record as Buyer | null} onSaved={saved} onCancel={closeEditor} />
        ) : editing?.kind === 'escrow' ? (
          <EscrowForm initial={editing.record as EscrowAccount | null} onSaved={saved} onCancel={closeEditor} />
        ) : null}
      </Dialog>
      <RemoveDialog
        target={removing}
        onClose={() => setRemoving(null)}
        onRemoved={() => {
          setRemoving(null);
          setSelectedId(null);
          reload();
        }}
      />
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">
            <Icon name="upload" size={28} />
            <div className="drop-overlay-title">Drop CSV files to import</div>
            <div className="drop-overlay-text">suppliers.csv, buyers.csv or escrow.csv · bad rows are reported, good rows still land</div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
