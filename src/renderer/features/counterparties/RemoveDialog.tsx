import { useState } from 'react';
import type { ReactElement } from 'react';
import { useWorkstation } from '../../app/workstation';
import { Alert } from '../../ui/Alert';
import { Dialog } from '../../ui/Dialog';
import { KIND_LABELS } from './counterparty-format';
import type { Selected } from './CounterpartyDetails';

/** Asks before removing a counterparty, saying what removal does to receivables that matched it. */
export function RemoveDialog({
  target,
  onClose,
  onRemoved,
}: {
  readonly target: Selected | null;
  readonly onClose: () => void;
  readonly onRemoved: () => void;
}): ReactElement {
  const { api } = useWorkstation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = !target ? '' : target.kind === 'escrow' ? `${target.record.bank} ${target.record.account} (${target.record.currency})` : target.record.legalName;
  const close = (): void => {
    setError(null);
    onClose();
  };
  const remove = async (): Promise<void> => {
    if (!target) return;
    setBusy(true);
    const result = await api.counterparties.remove({ kind: target.kind, id: target.record.id });
    setBusy(false);
    if (result.ok) {
      setError(null);
      onRemoved();
    } else {
      setError(result.error.message);
    }
  };
  return (
    <Dialog open={target !== null} title={target ? `Remove this ${KIND_LABELS[target.kind].one}?` : ''} onClose={close} width="sm">
      <p>
        <strong>{name}</strong> will be removed from the register. Receivables that matched it become{' '}
        {target?.kind === 'escrow' ? 'escrow' : 'unmatched-party'} findings at the next check. The removal is recorded in the
        audit trail.
      </p>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={close} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void remove()} disabled={busy} data-testid="counterparty-remove-confirm">
          {busy ? 'Removing…' : 'Remove'}
        </button>
      </div>
    </Dialog>
  );
}
