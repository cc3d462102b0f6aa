import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import type { Api } from '../../../shared/api';
import type { AuditProblemKind, AuditVerification } from '../../../shared/model';
import { assertNever } from '../../../shared/result';
import { formatLocalTime } from '../../format';
import { Alert } from '../../ui/Alert';

type VerifyState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly done: number; readonly total: number }
  | { readonly phase: 'done'; readonly result: AuditVerification; readonly at: string }
  | { readonly phase: 'failed'; readonly message: string };

const KIND_WORDS = (kind: AuditProblemKind): string => {
  switch (kind) {
    case 'edited':
      return 'was edited';
    case 'deleted':
      return 'was deleted';
    case 'reordered':
      return 'was moved';
    case 'truncated':
      return 'was cut off the end';
    case 'signature':
      return 'is not signed by the workspace key';
    case 'missing':
      return 'is missing';
    default:
      return assertNever(kind, 'audit problem kind');
  }
};

/** The outcome sentence for a verification, as the Audit screen states it. */
export function describeVerification(result: AuditVerification): string {
  if (result.intact) {
    const signed = result.keyId ? `, signed by audit key ${result.keyId}${result.unsigned ? ` (${result.unsigned} earlier entries from before signing began)` : ''}` : '';
    return `Chain intact: ${result.entries} entries, head ${result.headHash.slice(0, 16)}…${signed}`;
  }
  const { seq, kind, reason } = result.firstBroken;
  return `Entry ${seq} ${KIND_WORDS(kind)}: ${reason}`;
}

/** Hook and view for `audit.verify`: progress from `jobs.progress`, then a clear verdict. */
export function useVerifyChain(api: Api): { readonly state: VerifyState; readonly run: () => Promise<void> } {
  const [state, setState] = useState<VerifyState>({ phase: 'idle' });

  useEffect(
    () =>
      api.on('jobs.progress', (progress) => {
        if (progress.label !== 'Verifying audit chain') return;
        setState((current) =>
          current.phase === 'running' ? { phase: 'running', done: progress.done, total: progress.total } : current,
        );
      }),
    [api],
  );

  const run = async (): Promise<void> => {
    setState({ phase: 'running', done: 0, total: 0 });
    const result = await api.audit.verify({});
    setState(
      result.ok
        ? { phase: 'done', result: result.value, at: new Date().toISOString() }
        : { phase: 'failed', message: result.error.message },
    );
  };
  return { state, run };
}

/** Progress bar while verifying, then the green or red verdict. */
export function VerifyChainStatus({ state }: { readonly state: VerifyState }): ReactElement | null {
  switch (state.phase) {
    case 'idle':
      return null;
    case 'running': {
      const known = state.total > 0;
      const percent = known ? Math.round((state.done / state.total) * 100) : 0;
      return (
        <div className="verify-progress">
          <div
            className={`progress${known ? '' : ' progress-indeterminate'}`}
            role="progressbar"
            aria-label="Verifying audit chain"
            aria-valuemin={0}
            aria-valuemax={100}
            {...(known ? { 'aria-valuenow': percent } : {})}
          >
            <div className="progress-bar" style={known ? { width: `${percent}%` } : undefined} />
          </div>
          <span className="verify-progress-label">
            {known ? `Verifying ${state.done} of ${state.total} entries…` : 'Verifying the audit chain…'}
          </span>
        </div>
      );
    }
    case 'done':
      return state.result.intact ? (
        <Alert tone="success" title={describeVerification(state.result)}>
          Every entry matches its hash and links to the one before it; the recorded head is the last entry. Checked at{' '}
          {formatLocalTime(state.at)}.
          <span className="mono hash verify-head"> {state.result.headHash}</span>
        </Alert>
      ) : (
        <Alert tone="danger" title={describeVerification(state.result)}>
          {state.result.entries} entries read before the break. Entries after it cannot be trusted until the workspace is
          restored from a backup.
        </Alert>
      );
    case 'failed':
      return <Alert tone="danger" title="The audit chain could not be verified">{state.message}</Alert>;
    default:
      return assertNever(state, 'verify state');
  }
}
