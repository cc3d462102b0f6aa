import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { Api } from '../../../shared/api';
import { ROLES, ROLE_LABELS } from '../../../shared/model';
import type { Profile, Role } from '../../../shared/model';
import { Alert } from '../../ui/Alert';
import { Field } from '../../ui/Field';
import { toFormError } from '../../ui/errors';
import type { FormError } from '../../ui/errors';
import { ROLE_DESCRIPTIONS } from './roles';

const MIN_PASSPHRASE = 8;

/**
 * Name, role and passphrase for a new person. Rules live in the backend; this form only checks that
 * the two passphrases match (the backend never sees the confirmation) and places the backend's
 * messages under the field they concern.
 */
export function CreateProfileForm({
  api,
  initialRole,
  submitLabel,
  onCreated,
}: {
  readonly api: Api;
  readonly initialRole: Role;
  readonly submitLabel: string;
  readonly onCreated: (profile: Profile) => void;
}): ReactElement {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(initialRole);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);

  const fieldError = (field: string): string | null => (error?.field === field ? error.message : null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (passphrase !== confirm) {
      setError({ field: 'confirm', message: 'The two passphrases differ. Type the same passphrase twice.' });
      return;
    }
    setBusy(true);
    setError(null);
    const result = await api.profiles.create({ name, role, passphrase });
    setBusy(false);
    if (!result.ok) {
      setError(toFormError(result.error));
      return;
    }
    setName('');
    setPassphrase('');
    setConfirm('');
    onCreated(result.value);
  };

  const generalError = error && !['name', 'role', 'passphrase', 'confirm'].includes(error.field ?? '') ? error.message : null;

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <Field label="Name" error={fieldError('name')}>
        {(props) => (
          <input
            {...props}
            className="input"
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. Ana Ferreira"
          />
        )}
      </Field>
      <Field label="Role" hint={ROLE_DESCRIPTIONS[role]} error={fieldError('role')}>
        {(props) => (
          <select {...props} className="select" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-row">
        <Field
          label="Passphrase"
          hint={`At least ${MIN_PASSPHRASE} characters. It encrypts the signing key; it cannot be recovered.`}
          error={fieldError('passphrase')}
        >
          {(props) => (
            <input
              {...props}
              className="input"
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(event) => setPassphrase(event.target.value)}
            />
          )}
        </Field>
        <Field label="Confirm passphrase" error={fieldError('confirm')}>
          {(props) => (
            <input
              {...props}
              className="input"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(event) => setConfirm(event.target.value)}
            />
          )}
        </Field>
      </div>
      {generalError ? <Alert tone="danger">{generalError}</Alert> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating key…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
