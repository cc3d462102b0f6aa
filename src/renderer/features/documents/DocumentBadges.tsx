import type { ReactElement } from 'react';
import { LOW_CONFIDENCE } from '../../../shared/documents';
import type { DocumentStatus, DocumentSummary, FieldMethod, IntakeProgress, TextMethod } from '../../../shared/documents';
import { METHOD_LABELS, STAGE_LABELS, STATUS_LABELS, formatPercent } from './document-labels';

const ACTIVE_STAGE_CHIP: Partial<Record<IntakeProgress['stage'], string>> = {
  reading: 'Reading',
  ocr: 'OCR',
  extracting: 'Extracting',
};

/** The document's state as a coloured chip; while reading, the chip names the stage. */
export function StatusChip({
  status,
  progress,
}: {
  readonly status: DocumentStatus;
  readonly progress?: IntakeProgress | null;
}): ReactElement {
  const stage = status === 'processing' && progress ? ACTIVE_STAGE_CHIP[progress.stage] : undefined;
  return (
    <span className={`chip chip-${status}`} data-status={status}>
      <span className="chip-dot" aria-hidden="true" />
      {stage ?? STATUS_LABELS[status]}
    </span>
  );
}

/** Text layer, OCR, mixed or manual, as a small neutral badge. */
export function MethodBadge({ method }: { readonly method: TextMethod | 'mixed' | FieldMethod }): ReactElement {
  return <span className={`method-badge method-${method.replace('_', '-')}`}>{METHOD_LABELS[method]}</span>;
}

/** A confidence as a short bar and a percentage; below the low-confidence threshold it turns amber. */
export function ConfidenceMeter({ value, label }: { readonly value: number; readonly label?: string }): ReactElement {
  const low = value < LOW_CONFIDENCE;
  const percent = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <span
      className={`confidence${low ? ' confidence-low' : ''}`}
      role="meter"
      aria-label={label ?? 'Confidence'}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${formatPercent(value)}${low ? ', low' : ''}`}
    >
      <span className="confidence-track" aria-hidden="true">
        <span className="confidence-fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="confidence-value">{formatPercent(value)}</span>
    </span>
  );
}

/** What intake is doing with a document, in words: "OCR · page 2 of 3". */
export function describeProgress(summary: DocumentSummary, progress: IntakeProgress | null): string {
  if (summary.status === 'queued' && (!progress || progress.stage === 'queued')) return STAGE_LABELS.queued;
  const stage = progress ? STAGE_LABELS[progress.stage] : 'Reading';
  const page = progress?.page ?? summary.pagesDone;
  const pages = progress?.pages || summary.pages || 0;
  return pages > 0 ? `${stage} · page ${Math.min(page + (progress?.stage === 'extracting' ? 0 : 1), pages)} of ${pages}` : `${stage}…`;
}

/** A progress bar for one document being read; indeterminate until the page count is known. */
export function IntakeProgressBar({
  summary,
  progress,
}: {
  readonly summary: DocumentSummary;
  readonly progress: IntakeProgress | null;
}): ReactElement {
  const pages = progress?.pages || summary.pages || 0;
  const done = progress?.page ?? summary.pagesDone;
  const known = pages > 0 && summary.status === 'processing';
  const percent = known ? Math.round((Math.min(done, pages) / pages) * 100) : 0;
  const label = describeProgress(summary, progress);
  return (
    <span className="intake-progress">
      <span
        className={`progress${known ? ' progress-active' : ' progress-indeterminate'}${summary.status === 'queued' ? ' progress-queued' : ''}`}
        role="progressbar"
        aria-label={`${summary.fileName}: ${label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(known ? { 'aria-valuenow': percent } : {})}
      >
        <span className="progress-bar" style={known ? { width: `${Math.max(percent, 4)}%` } : undefined} />
      </span>
      <span className="intake-progress-label">{label}</span>
    </span>
  );
}
