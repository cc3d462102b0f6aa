import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent, ReactElement } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellKeyDownEvent,
  ColDef,
  GetRowIdParams,
  IRowNode,
  ModelUpdatedEvent,
  RowClickedEvent,
  RowDataUpdatedEvent,
} from 'ag-grid-community';
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../../../shared/documents';
import type { DocumentKind, DocumentStatus, DocumentSummary } from '../../../shared/documents';
import type { IngestResult } from '../../../shared/contract';
import { MOD_LABEL } from '../../app/screens';
import { isAddDocuments } from '../../app/shortcuts';
import { useWorkstation } from '../../app/workstation';
import { gridTheme } from '../../theme/grid-theme';
import { Alert } from '../../ui/Alert';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { PageHeader } from '../../ui/PageHeader';
import { spansDetail } from './DocumentCells';
import type { DocumentGridContext, DocumentRow } from './DocumentCells';
import { DOCUMENT_COLUMNS } from './document-columns';
import { KIND_LABELS, STATUS_LABELS } from './document-labels';
import { openDocument } from './document-route';
import { IngestSummary } from './IngestSummary';
import { ACCEPTED_FILES, dragHasFiles, ingestFiles } from './intake';
import { useDocuments } from './use-documents';
import { ClearFiltersButton } from '../../ui/ClearFiltersButton';

const DEFAULT_COL_DEF: ColDef<DocumentRow> = { resizable: true, sortable: true };
const rowId = (params: GetRowIdParams<DocumentRow>): string => params.data.id;
const TYPING_DELAY_MS = 250;

type Intake =
  | { readonly phase: 'idle' }
  | { readonly phase: 'adding'; readonly count: number }
  | { readonly phase: 'done'; readonly result: IngestResult };

/**
 * The documents list: every document with its state, live intake progress, search over all read
 * text, and intake by drag-and-drop, the file picker or Ctrl/Cmd+O.
 */
export function DocumentsList({
  hidden,
  onOrderChange,
}: {
  /** True while a document is open for review; the list stays mounted to keep filters and sort. */
  readonly hidden: boolean;
  /** The ids in the order the grid shows them, for previous/next in the review screen. */
  readonly onOrderChange: (ids: readonly string[]) => void;
}): ReactElement {
  const { api, profiles, theme, refresh } = useWorkstation();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<DocumentStatus | ''>('');
  const [kind, setKind] = useState<DocumentKind | ''>('');
  const filters = useMemo(() => ({ text: query, status, kind }), [query, status, kind]);
  const { rows, loading, error, progress, reload } = useDocuments(api, filters);
  const [intake, setIntake] = useState<Intake>({ phase: 'idle' });
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const lastOrder = useRef('');
  const spanning = useRef(new Map<string, boolean>());

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(text), TYPING_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const nameOfProfile = useMemo(() => {
    const names = new Map(profiles.map((profile) => [profile.id, profile.name]));
    return (id: string): string => names.get(id) ?? id;
  }, [profiles]);

  // A progress event changes one row; the others keep their objects, so the grid redraws only that one.
  const [rowCache] = useState(() => new WeakMap<DocumentSummary, DocumentRow>());
  const gridRows = useMemo<DocumentRow[] | undefined>(() => {
    if (!rows) return undefined;
    return rows.map((row) => {
      const rowProgress = progress.get(row.id) ?? null;
      const createdByName = nameOfProfile(row.createdBy);
      const reviewedByName = row.reviewedBy ? nameOfProfile(row.reviewedBy) : null;
      const cached = rowCache.get(row);
      if (
        cached?.progress === rowProgress &&
        cached.createdByName === createdByName &&
        cached.reviewedByName === reviewedByName
      ) {
        return cached;
      }
      const next: DocumentRow = { ...row, progress: rowProgress, createdByName, reviewedByName };
      rowCache.set(row, next);
      return next;
    });
  }, [rows, progress, nameOfProfile, rowCache]);

  const add = useCallback(
    async (files: readonly File[]) => {
      if (files.length === 0) return;
      setIntake({ phase: 'adding', count: files.length });
      const result = await ingestFiles(api, files);
      setIntake({ phase: 'done', result });
      reload();
      // Settings shows the number of stored files; keep it truthful.
      void refresh();
    },
    [api, reload, refresh],
  );

  const runAction = useCallback(
    async (row: DocumentRow, action: 'cancel' | 'retry') => {
      setBusy((current) => new Set(current).add(row.id));
      const result = action === 'cancel' ? await api.documents.cancel({ id: row.id }) : await api.documents.retry({ id: row.id });
      setBusy((current) => {
        const next = new Set(current);
        next.delete(row.id);
        return next;
      });
      setActionError(result.ok ? null : result.error.message);
      reload();
    },
    [api, reload],
  );

  const context = useMemo<DocumentGridContext>(
    () => ({
      cancel: (row) => void runAction(row, 'cancel'),
      retry: (row) => void runAction(row, 'retry'),
      busy,
    }),
    [runAction, busy],
  );

  const chooseFiles = useCallback(() => fileInput.current?.click(), []);

  useEffect(() => {
    if (hidden) return;
    const onKey = (event: KeyboardEvent): void => {
      if (!isAddDocuments(event) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      chooseFiles();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hidden, chooseFiles]);

  const onRowClicked = useCallback((event: RowClickedEvent<DocumentRow>) => {
    // The Cancel and Retry buttons live inside the row; pressing them must not open the document.
    const target = event.event?.target;
    if (target instanceof Element && target.closest('button')) return;
    if (event.data) openDocument(event.data.id);
  }, []);
  const onCellKeyDown = useCallback((event: CellKeyDownEvent<DocumentRow>) => {
    const key = event.event instanceof KeyboardEvent ? event.event.key : '';
    if (key === 'Enter' && event.data) openDocument(event.data.id);
  }, []);
  const onModelUpdated = useCallback(
    (event: ModelUpdatedEvent<DocumentRow>) => {
      const ids: string[] = [];
      event.api.forEachNodeAfterFilterAndSort((node) => {
        if (node.data) ids.push(node.data.id);
      });
      const key = ids.join('\n');
      if (key === lastOrder.current) return;
      lastOrder.current = key;
      onOrderChange(ids);
    },
    [onOrderChange],
  );

  // AG Grid works out a row's column spans when it draws the row, not when its data changes: a row
  // that finished reading (or failed) is drawn again so its cells line up with the columns.
  const onRowDataUpdated = useCallback((event: RowDataUpdatedEvent<DocumentRow>) => {
    const changed: IRowNode<DocumentRow>[] = [];
    event.api.forEachNode((node) => {
      if (!node.data) return;
      const spans = spansDetail(node.data);
      const before = spanning.current.get(node.data.id);
      spanning.current.set(node.data.id, spans);
      if (before !== undefined && before !== spans) changed.push(node);
    });
    if (changed.length > 0) event.api.redrawRows({ rowNodes: changed });
  }, []);

  const onDragEnter = (event: DragEvent): void => {
    if (!dragHasFiles(event)) return;
    event.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent): void => {
    if (!dragHasFiles(event)) return;
    // Without this the browser would open the dropped file instead of handing it to the page.
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent): void => {
    if (!dragHasFiles(event)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent): void => {
    if (!dragHasFiles(event)) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    void add(Array.from(event.dataTransfer.files));
  };

  const filtered = Boolean(query.trim() || status || kind);
  const running = rows?.filter((row) => row.status === 'queued' || row.status === 'processing').length ?? 0;
  const failed = rows?.filter((row) => row.status === 'failed').length ?? 0;
  const empty = rows !== null && rows.length === 0 && !filtered && !loading;
  const countText =
    rows === null
      ? 'Loading documents…'
      : [
          `${rows.length} ${rows.length === 1 ? 'document' : 'documents'}`,
          running > 0 ? `${running} being read` : '',
          failed > 0 ? `${failed} failed` : '',
          loading ? 'updating…' : '',
        ]
          .filter(Boolean)
          .join(' · ');

  return (
    <div
      className="page page-fill documents-page"
      hidden={hidden}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <PageHeader
        title="Documents"
        description="Invoices and bills of lading behind every receivable: read, extracted and checked by a person."
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={chooseFiles}
            disabled={intake.phase === 'adding'}
            title={`Add documents (${MOD_LABEL}+O)`}
            aria-keyshortcuts={MOD_LABEL === '⌘' ? 'Meta+O' : 'Control+O'}
          >
            <Icon name="upload" size={16} />
            {intake.phase === 'adding' ? `Adding ${intake.count} ${intake.count === 1 ? 'file' : 'files'}…` : 'Add documents…'}
          </button>
        }
      />
      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        aria-label="Add documents"
        tabIndex={-1}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Cleared so that choosing the same file again still fires a change.
          event.target.value = '';
          void add(files);
        }}
      />
      {intake.phase === 'done' ? (
        <IngestSummary
          result={intake.result}
          nameOf={(id) => rows?.find((row) => row.id === id)?.fileName ?? null}
          onDismiss={() => setIntake({ phase: 'idle' })}
        />
      ) : null}
      {actionError ? <Alert tone="danger">{actionError}</Alert> : null}
      {error ? <Alert tone="danger" title="The documents could not be listed">{error}</Alert> : null}
      {empty ? (
        <EmptyState
          icon="documents"
          title="No documents yet"
          actions={
            <button type="button" className="button button-primary" onClick={chooseFiles}>
              <Icon name="upload" size={16} />
              Add documents…
            </button>
          }
        >
          <p>
            Drop invoices and bills of lading anywhere on this screen — PDF, PNG, JPEG or TIFF, or e-invoices as XML (UBL,
            CII), one file or a whole folder — or choose them with <strong>Add documents…</strong> ({MOD_LABEL}+O).
          </p>
          <p>
            Quayside reads the text layer when a PDF has one and runs OCR on scans and photos, then extracts the fields of
            each invoice and bill of lading with its confidence and its place on the page, for a person to check. An
            e-invoice's XML (in the file, or inside a Factur-X or ZUGFeRD PDF) is read as data and compared with its page.
          </p>
          <p className="empty-state-capability documents-offline-note">
            <Icon name="laptop" size={16} /> Everything happens on this laptop: nothing leaves it, and no file is sent to
            any service.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="toolbar" role="search" aria-label="Filter documents">
            <div className="search-input search-input-wide">
              <Icon name="search" size={16} />
              <input
                type="search"
                className="input"
                aria-label="Search document text"
                placeholder="Search all text, OCR included…"
                value={text}
                onChange={(event) => setText(event.target.value)}
              />
            </div>
            <select
              className="select"
              aria-label="Status"
              value={status}
              onChange={(event) => setStatus(event.target.value as DocumentStatus | '')}
            >
              <option value="">All statuses</option>
              {DOCUMENT_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {STATUS_LABELS[value]}
                </option>
              ))}
            </select>
            <select
              className="select"
              aria-label="Kind"
              value={kind}
              onChange={(event) => setKind(event.target.value as DocumentKind | '')}
            >
              <option value="">All kinds</option>
              {DOCUMENT_KINDS.map((value) => (
                <option key={value} value={value}>
                  {KIND_LABELS[value]}
                </option>
              ))}
            </select>
            <ClearFiltersButton
              shown={filtered}
              onClear={() => {
                setText('');
                setQuery('');
                setStatus('');
                setKind('');
              }}
            />
            <span className="toolbar-count" role="status" aria-live="polite" data-testid="documents-count">
              {countText}
            </span>
          </div>
          <div className="grid-wrap documents-grid">
            <AgGridReact<DocumentRow>
              theme={gridTheme(theme.theme)}
              rowData={gridRows}
              columnDefs={DOCUMENT_COLUMNS}
              defaultColDef={DEFAULT_COL_DEF}
              getRowId={rowId}
              context={context}
              rowHeight={48}
              // The file column spans the empty columns of a row being read; moved columns would break that.
              suppressMovableColumns
              onRowClicked={onRowClicked}
              onCellKeyDown={onCellKeyDown}
              onModelUpdated={onModelUpdated}
              onRowDataUpdated={onRowDataUpdated}
              loading={rows === null}
              overlayNoRowsTemplate={filtered ? 'No documents match these filters.' : 'No documents yet.'}
              tooltipShowDelay={600}
              rowClass="documents-row"
            />
          </div>
        </>
      )}
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">
            <Icon name="upload" size={28} />
            <div className="drop-overlay-title">Drop to add documents</div>
            <div className="drop-overlay-text">PDF, PNG, JPEG, TIFF or XML e-invoice · read on this laptop, nothing is uploaded</div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
