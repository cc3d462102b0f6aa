import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { EscrowAccount } from '../../../shared/checks';
import { useWorkstation } from '../../app/workstation';
import { Field } from '../../ui/Field';
import { FormFooter } from './FormFooter';
import { NO_ISSUES, toFormIssues } from './form-issues';
import type { FormIssues } from './form-issues';

const ESCROW_FIELDS = /^(bank|account|currency|vehicle)$/;

/** Create or edit one of the pool's escrow accounts, where every repayment must arrive. */
export function EscrowForm({
  initial,
  onSaved,
  onCancel,
}: {
  readonly initial: EscrowAccount | null;
  readonly onSaved: (account: EscrowAccount) => void;
  readonly onCancel: () => void;
}): ReactElement {
  const { api } = useWorkstation();
  const [bank, setBank] = useState(initial?.bank ?? '');
  const [account, setAccount] = useState(initial?.account ?? '');
  const [currency, setCurrency] = useState(initial?.currency ?? 'USD');
  const [vehicle, setVehicle] = useState(initial?.vehicle ?? '');
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await api.counterparties.saveEscrow({ ...(initial ? { id: initial.id } : {}), bank, account, currency, vehicle });
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setIssues(toFormIssues(result.error, (path) => ESCROW_FIELDS.test(path)));
  };
  const error = (path: string): string | null => issues.fields.get(path) ?? null;

  return (
    <form className="form cp-form" onSubmit={(event) => void submit(event)} noValidate data-testid="escrow-form">
      <Field label="Bank" error={error('bank')}>
        {(props) => <input {...props} className="input" data-autofocus value={bank} onChange={(e) => setBank(e.target.value)} />}
      </Field>
      <div className="cp-form-row-limit">
        <Field label="IBAN or account number" hint="Spaces and dashes are removed when saved." error={error('account')}>
          {(props) => <input {...props} className="input mono" value={account} onChange={(e) => setAccount(e.target.value)} />}
        </Field>
        <Field label="Currency" error={error('currency')}>
          {(props) => (
            <input {...props} className="input" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
          )}
        </Field>
      </div>
      <Field label="Vehicle" hint="The SPV or sub-fund that owns the account." error={error('vehicle')}>
        {(props) => <input {...props} className="input" value={vehicle} onChange={(e) => setVehicle(e.target.value)} />}
      </Field>
      <FormFooter issues={issues} busy={busy} saveLabel={initial ? 'Save account' : 'Add account'} onCancel={onCancel} />
    </form>
  );
}
