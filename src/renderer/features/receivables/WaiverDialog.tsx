import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { Finding } from '../../../shared/checks';
import { useWorkstation } from '../../app/workstation';
import { Alert } from '../../ui/Alert';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';

const MIN_REASON = 10;

/** Asks to waive a finding: a reason of at least ten characters, then a second risk officer confirms. */
export function WaiverDialog({
  finding,
  onClose,
  onDone,
}: {
  readonly finding: Finding | null;
  readonly onClose: () => void;
  readonly onDone: () => void;
}): ReactElement {
  const { api } = useWorkstation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const length = reason.trim().length;

  const close = (): void => {
    setReason('');
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!finding) return;
    if (length < MIN_REASON) {
      setError(`Give a reason of at least ${MIN_REASON} characters.`);
      return;
    }
    setBusy(true);
    const result = await api.findings.waive({ findingId: finding.id, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setReason('');
    setError(null);
    onDone();
  };

  return (
    <Dialog
      open={finding !== null}
      onClose={close}
      title="Waive finding"
      description={
        finding ? (
          <>
            <strong>{finding.title}</strong> — the waiver takes effect only when a second risk officer confirms it. Both
            steps are recorded in the audit trail.
          </>
        ) : null
      }
    >
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <Field
          label="Reason"
          error={error}
          hint={`${length} of at least ${MIN_REASON} characters. Say why the pool may accept this risk.`}
        >
          {(props) => (
            <textarea
              {...props}
              className="input textarea"
              rows={4}
              data-autofocus
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
        {finding?.message ? <Alert tone="info">{finding.message}</Alert> : null}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || length < MIN_REASON}>
            {busy ? 'Asking…' : 'Ask to waive'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
