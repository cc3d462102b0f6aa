import type { ReactElement } from 'react';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { DocumentSummary, IntakeProgress } from '../../../shared/documents';
import { formatLocalTime, shortHash } from '../../format';
import { ConfidenceMeter, IntakeProgressBar, MethodBadge, StatusChip } from './DocumentBadges';
import { KIND_LABELS, formatAmount, formatBytes } from './document-labels';

/** A grid row: the summary, its live progress and the people's names resolved. */
export type DocumentRow = DocumentSummary & {
  readonly progress: IntakeProgress | null;
  readonly createdByName: string;
  readonly reviewedByName: string | null;
};

/** What the cells reach through the grid's context: the row actions. */
export type DocumentGridContext = {
  readonly cancel: (row: DocumentRow) => void;
  readonly retry: (row: DocumentRow) => void;
  /** Ids with a cancel or retry call in flight, whose buttons are disabled. */
  readonly busy: ReadonlySet<string>;
};

type Props = CustomCellRendererProps<DocumentRow, unknown, DocumentGridContext>;

const isRunning = (row: DocumentSummary): boolean => row.status === 'queued' || row.status === 'processing';

/** True when the file cell shows progress or an error across the (empty) columns beside it. */
export const spansDetail = (row: DocumentSummary): boolean =>
  isRunning(row) || ((row.status === 'failed' || row.status === 'cancelled') && row.error !== null);

export function StatusCell({ data }: Props): ReactElement | null {
  return data ? <StatusChip status={data.status} progress={data.progress} /> : null;
}

export function KindCell({ data }: Props): ReactElement | null {
  if (!data) return null;
  if (!data.kind) return <span className="cell-empty">{isRunning(data) ? '…' : '—'}</span>;
  return (
    <span className="cell-stack">
      <span className="cell-main">{KIND_LABELS[data.kind]}</span>
      {data.kindOverridden ? (
        <span className="cell-sub" title="A person set the kind">
          overridden
        </span>
      ) : null}
    </span>
  );
}

/** The file name over a second line: progress while reading, the error when it failed, facts otherwise. */
export function FileCell({ data }: Props): ReactElement | null {
  if (!data) return null;
  let detail: ReactElement;
  if (isRunning(data)) {
    detail = <IntakeProgressBar summary={data} progress={data.progress} />;
  } else if (data.error && (data.status === 'failed' || data.status === 'cancelled')) {
    detail = (
      <span className={`cell-sub ${data.status === 'failed' ? 'cell-error' : ''}`} title={data.error.message}>
        {data.error.message}
      </span>
    );
  } else {
    detail = (
      <span className="cell-sub">
        {formatBytes(data.size)} · <span className="mono">{shortHash(data.sha256, 8)}</span>
      </span>
    );
  }
  return (
    <span className="cell-stack">
      <span className="cell-main" title={data.fileName}>
        {data.fileName}
      </span>
      {detail}
    </span>
  );
}

export function AmountCell({ data }: Props): ReactElement | null {
  if (!data || data.amount === null) return data && isRunning(data) ? <span className="cell-empty">…</span> : null;
  return (
    <span className="amount">
      <span className="amount-value">{formatAmount(data.amount)}</span>
      <span className="amount-currency">{data.currency ?? ''}</span>
    </span>
  );
}

export function PagesCell({ data }: Props): ReactElement | null {
  if (!data) return null;
  // An XML e-invoice has no pages: its data is the document.
  if (data.mediaType === 'application/xml' && !isRunning(data)) return <MethodBadge method="xml" />;
  if (data.pages === null) return isRunning(data) ? <span className="cell-empty">…</span> : null;
  return (
    <span className="cell-inline">
      {data.pageRange ? (
        <span className="tabular" title={`Pages ${data.pageRange.from}–${data.pageRange.to} of ${data.fileName}, a file holding several documents`}>
          {data.pageRange.from === data.pageRange.to ? `p. ${data.pageRange.from}` : `pp. ${data.pageRange.from}–${data.pageRange.to}`}
        </span>
      ) : (
        <span className="tabular">{data.pages}</span>
      )}
      {data.method ? <MethodBadge method={data.method} /> : null}
    </span>
  );
}

export function ConfidenceCell({ data }: Props): ReactElement | null {
  if (!data || data.confidence === null) return null;
  return <ConfidenceMeter value={data.confidence} label={`Lowest field confidence of ${data.fileName}`} />;
}

/** Cancel while intake works on the document, Retry once it failed or was cancelled. */
export function ActionsCell({ data, context }: Props): ReactElement | null {
  if (!data) return null;
  const busy = context.busy.has(data.id);
  if (isRunning(data)) {
    return (
      <button
        type="button"
        className="button button-sm"
        disabled={busy}
        aria-label={`Cancel reading ${data.fileName}`}
        onClick={() => context.cancel(data)}
      >
        Cancel
      </button>
    );
  }
  if (data.status === 'failed' || data.status === 'cancelled') {
    return (
      <button
        type="button"
        className="button button-sm"
        disabled={busy}
        aria-label={`Retry ${data.fileName}`}
        onClick={() => context.retry(data)}
      >
        Retry
      </button>
    );
  }
  return null;
}

/** When the document was added, local time: the date over the time. */
export function AddedCell({ data }: Props): ReactElement | null {
  if (!data) return null;
  const [date, time] = formatLocalTime(data.createdAt).split(' ');
  return (
    <span className="cell-stack tabular">
      <span className="cell-main">{date}</span>
      <span className="cell-sub">{time}</span>
    </span>
  );
}

/** Who marked the document reviewed, and the day they did. */
export function ReviewedCell({ data }: Props): ReactElement | null {
  if (!data?.reviewedAt) return null;
  return (
    <span className="cell-stack">
      <span className="cell-main">{data.reviewedByName ?? ''}</span>
      <span className="cell-sub tabular">{formatLocalTime(data.reviewedAt).slice(0, 10)}</span>
    </span>
  );
}
