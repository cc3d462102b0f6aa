import { useState } from 'react';
import type { ReactElement } from 'react';
import type { Profile } from '../../../shared/model';
import { useWorkstation } from '../../app/workstation';
import { formatLocalDate, groupFingerprint } from '../../format';
import { Alert } from '../../ui/Alert';
import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/Icon';
import { RoleBadge } from '../../ui/RoleBadge';
import { CreateProfileForm } from '../profiles/CreateProfileForm';

/**
 * Everyone in the workspace and, for a risk officer, the form to add someone. Hiding the form is a
 * courtesy; the backend refuses anyone else regardless.
 */
export function PeoplePanel(): ReactElement {
  const { api, me, profiles, refresh } = useWorkstation();
  const [added, setAdded] = useState<Profile | null>(null);
  const canAdd = me.role === 'risk_officer';
  const riskOfficers = profiles.filter((profile) => profile.role === 'risk_officer').map((profile) => profile.name);

  return (
    <section className="card" aria-labelledby="people-panel-title">
      <header className="card-header">
        <h2 id="people-panel-title" className="card-title">
          People
        </h2>
        <span className="muted tabular">{profiles.length}</span>
      </header>
      <table className="table" aria-label="People">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Key fingerprint</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((profile) => (
            <tr key={profile.id}>
              <td>
                <span className="person-cell">
                  <Avatar name={profile.name} size="sm" />
                  {profile.name}
                  {profile.id === me.id ? <span className="badge badge-neutral">You</span> : null}
                </span>
              </td>
              <td>
                <RoleBadge role={profile.role} />
              </td>
              <td className="mono nowrap">{groupFingerprint(profile.fingerprint)}</td>
              <td className="nowrap tabular">{formatLocalDate(profile.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canAdd ? (
        <section className="card-section" aria-labelledby="add-person-title">
          <h3 id="add-person-title" className="card-subtitle">
            <Icon name="userPlus" size={16} />
            Add person
          </h3>
          {added ? (
            <Alert tone="success" title={`${added.name} was added`}>
              They sign in with the passphrase you chose together; ask them to confirm the fingerprint{' '}
              <span className="mono">{groupFingerprint(added.fingerprint)}</span>.
            </Alert>
          ) : null}
          <CreateProfileForm
            api={api}
            initialRole="analyst"
            submitLabel="Add person"
            onCreated={(profile) => {
              setAdded(profile);
              void refresh();
            }}
          />
        </section>
      ) : (
        <p className="card-note">
          Only a risk officer can add people
          {riskOfficers.length > 0 ? ` — ask ${riskOfficers.join(' or ')}` : ''}.
        </p>
      )}
    </section>
  );
}
