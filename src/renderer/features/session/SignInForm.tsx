import { useId, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { Api } from '../../../shared/api';
import type { Profile, Session } from '../../../shared/model';
import { groupFingerprint } from '../../format';
import { Alert } from '../../ui/Alert';
import { Avatar } from '../../ui/Avatar';
import { Field } from '../../ui/Field';
import { RoleBadge } from '../../ui/RoleBadge';

/** Choose a person and prove it with their passphrase; the backend's refusal is shown as it says it. */
export function SignInForm({
  api,
  profiles,
  initialId,
  onSignedIn,
  onCancel,
}: {
  readonly api: Api;
  readonly profiles: readonly Profile[];
  readonly initialId?: string | undefined;
  readonly onSignedIn: (session: Session) => void;
  readonly onCancel?: () => void;
}): ReactElement {
  const [profileId, setProfileId] = useState(initialId ?? (profiles.length === 1 ? (profiles[0]?.id ?? '') : ''));
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const groupLabel = useId();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!profileId) {
      setError('Choose who you are first.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await api.session.signIn({ profileId, passphrase });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    onSignedIn(result.value);
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <span className="field-label" id={groupLabel}>
          Person
        </span>
        <div className="person-list" role="radiogroup" aria-labelledby={groupLabel}>
          {profiles.map((profile) => (
            <label key={profile.id} className={`person-option${profile.id === profileId ? ' is-selected' : ''}`}>
              <input
                type="radio"
                name="profile"
                value={profile.id}
                checked={profile.id === profileId}
                onChange={() => {
                  setProfileId(profile.id);
                  setError(null);
                }}
                aria-label={profile.name}
              />
              <Avatar name={profile.name} />
              <span className="person-option-text">
                <span className="person-option-name">{profile.name}</span>
                <span className="person-option-meta mono">{groupFingerprint(profile.fingerprint)}</span>
              </span>
              <RoleBadge role={profile.role} />
            </label>
          ))}
        </div>
      </div>
      <Field label="Passphrase">
        {(props) => (
          <input
            {...props}
            className="input"
            type="password"
            autoComplete="current-password"
            data-autofocus={profileId ? true : undefined}
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
          />
        )}
      </Field>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <div className="form-actions">
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy || !passphrase}>
          {busy ? 'Unlocking key…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
