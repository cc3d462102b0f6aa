import type { ReactElement } from 'react';
import { Icon } from '../../ui/Icon';
import type { RunState } from './use-receivables';

/** The "Run checks" button of a screen header. */
export function RunChecksButton({
  run,
  onRun,
  asOf,
  onAsOf,
}: {
  readonly run: RunState;
  readonly onRun: () => void;
  readonly asOf: string;
  readonly onAsOf: (asOf: string) => void;
}): ReactElement {
  return (
    <span className="run-checks">
      <label className="run-as-of" title="Rules such as “not overdue at funding” judge receivables as of this date: the planned funding date.">
        <span>As of</span>
        <input type="date" className="input" aria-label="Evaluate as of" value={asOf} onChange={(event) => onAsOf(event.target.value)} />
      </label>
      <button type="button" className="button button-primary" disabled={run.phase === 'running'} onClick={onRun}>
        <Icon name="play" size={14} />
        {run.phase === 'running' ? 'Running checks…' : 'Run checks'}
      </button>
    </span>
  );
}

/** Progress of a check run, then what it found: evaluated, fail / warn / info, eligible, time. */
export function RunChecksStatus({ run, onDismiss }: { readonly run: RunState; readonly onDismiss: () => void }): ReactElement | null {
  if (run.phase === 'idle') return null;
  if (run.phase === 'running') {
    const known = run.total > 0;
    const percent = known ? Math.round((Math.min(run.done, run.total) / run.total) * 100) : 0;
    return (
      <div className="run-status" data-testid="checks-progress">
        <span
          className={`progress${known ? ' progress-active' : ' progress-indeterminate'}`}
          role="progressbar"
          aria-label="Checks"
          aria-valuemin={0}
          aria-valuemax={100}
          {...(known ? { 'aria-valuenow': percent } : {})}
        >
          <span className="progress-bar" style={known ? { width: `${Math.max(percent, 4)}%` } : undefined} />
        </span>
        <span className="run-status-label tabular">{known ? `${run.label} · ${run.done} of ${run.total}` : run.label}</span>
      </div>
    );
  }
  if (run.phase === 'failed') {
    return (
      <div className="run-status run-status-failed" role="alert">
        <Icon name="alert" size={16} />
        <span className="run-status-label">The checks could not run: {run.message}</span>
        <button type="button" className="icon-button icon-button-sm" aria-label="Dismiss" onClick={onDismiss}>
          <Icon name="close" size={14} />
        </button>
      </div>
    );
  }
  const s = run.summary;
  return (
    <div className="run-status run-status-done" role="status" data-testid="checks-summary">
      <Icon name="check" size={16} />
      <span className="run-status-text">
        <strong>
          Checked {s.evaluated} of {s.receivables} {s.receivables === 1 ? 'receivable' : 'receivables'}
        </strong>
        {s.created > 0 ? ` · ${s.created} new` : ''}
        {s.linked > 0 ? ` · ${s.linked} B/L linked` : ''}
      </span>
      <span className="run-status-counts">
        <span className="count-badge count-fail">{s.findings.fail}</span> fail
        <span className="count-badge count-warn">{s.findings.warn}</span> warn
        <span className="count-badge count-info">{s.findings.info}</span> info
      </span>
      <span className="run-status-text">
        <span className="run-eligible">{s.eligible} eligible</span> · <span className="run-ineligible">{s.ineligible} ineligible</span>
      </span>
      <span className="run-status-meta tabular">
        as of {s.asOf} · policy v{s.policyVersion} · {s.millis.toLocaleString('en-US')} ms
      </span>
      <button type="button" className="icon-button icon-button-sm" aria-label="Dismiss" onClick={onDismiss}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
