import { useCallback, useState } from 'react';
import type { ReactElement } from 'react';
import { useWorkstation } from '../../app/workstation';
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

const count = (n: number): string => n.toLocaleString('en-US');

/** Phases after which a run no longer stops: saving is short, and what it writes must be whole. */
const FINISHING = new Set(['Saving findings', 'Done']);

/**
 * Progress of a check run (its phase and how far, and Cancel), then what it found: evaluated,
 * fail / warn / info, eligible, time. The run is a background job: the grid beside it stays usable.
 */
export function RunChecksStatus({ run, onDismiss }: { readonly run: RunState; readonly onDismiss: () => void }): ReactElement | null {
  const { api } = useWorkstation();
  // Set when Cancel was pressed for the run on screen; a new run starts without it.
  const [cancel, setCancel] = useState<'asked' | 'refused' | null>(null);
  const running = run.phase === 'running';
  const [wasRunning, setWasRunning] = useState(running);
  if (running !== wasRunning) {
    setWasRunning(running);
    if (running) setCancel(null);
  }
  const askCancel = useCallback(() => {
    setCancel('asked');
    void api.checks.cancel({}).then((result) => {
      if (!result.ok || !result.value.cancelled) setCancel('refused');
    });
  }, [api]);
  if (run.phase === 'idle') return null;
  if (run.phase === 'running') {
    const known = run.total > 0;
    const percent = known ? Math.round((Math.min(run.done, run.total) / run.total) * 100) : 0;
    const finishing = FINISHING.has(run.label);
    return (
      <div className="run-status" data-testid="checks-progress">
        <div
          className={`progress${known ? ' progress-active' : ' progress-indeterminate'}`}
          role="progressbar"
          aria-label={`Checks: ${run.label}`}
          aria-valuemin={0}
          aria-valuemax={100}
          {...(known ? { 'aria-valuenow': percent, 'aria-valuetext': `${run.label}, ${count(run.done)} of ${count(run.total)}` } : { 'aria-valuetext': run.label })}
        >
          <div className="progress-bar" style={known ? { width: `${Math.max(percent, 4)}%` } : undefined} />
        </div>
        <span className="run-status-label tabular" data-testid="checks-progress-label">
          {cancel === 'asked' ? 'Cancelling…' : known ? `${run.label} · ${count(run.done)} of ${count(run.total)}` : run.label}
        </span>
        <button
          type="button"
          className="button button-ghost"
          disabled={cancel === 'asked' || finishing}
          title={finishing ? 'Saving the results: the run finishes in a moment.' : 'Stop the run; nothing it found is saved.'}
          onClick={askCancel}
        >
          <Icon name="close" size={14} />
          Cancel
        </button>
      </div>
    );
  }
  if (run.phase === 'failed' && cancel !== null) {
    return (
      <div className="run-status" role="status" data-testid="checks-cancelled">
        <Icon name="alert" size={16} />
        <span className="run-status-label">Check run cancelled; nothing was saved. Findings and statuses are as they were.</span>
        <button type="button" className="icon-button icon-button-sm" aria-label="Dismiss" onClick={onDismiss}>
          <Icon name="close" size={14} />
        </button>
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
        {s.current ? (
          <strong title="No document, correction, link, waiver, policy, counterparty or date changed since the last run, so its results stand">
            Nothing changed since the last run: the results of {count(s.receivables)} {s.receivables === 1 ? 'receivable' : 'receivables'} are current
          </strong>
        ) : s.scoped ? (
          <strong title="Only receivables whose documents, corrections, links or waivers changed since the last run were evaluated again, with the supplier, buyer and duplicate groups they are in; every other result stands as stored">
            Checked {count(s.receivables)} {s.receivables === 1 ? 'receivable' : 'receivables'}: {count(s.evaluated)} evaluated again where something changed, the rest current
          </strong>
        ) : (
          <strong>
            Checked {count(s.evaluated)} of {count(s.receivables)} {s.receivables === 1 ? 'receivable' : 'receivables'}
          </strong>
        )}
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
