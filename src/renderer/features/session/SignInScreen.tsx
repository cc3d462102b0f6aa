import type { ReactElement } from 'react';
import type { Api } from '../../../shared/api';
import type { Profile, Session, WorkspaceInfo } from '../../../shared/model';
import { folderName } from '../../format';
import { Icon } from '../../ui/Icon';
import { SignInForm } from './SignInForm';

/** Shown when the workspace has people but nobody is signed in on this window. */
export function SignInScreen({
  api,
  profiles,
  workspace,
  onSignedIn,
}: {
  readonly api: Api;
  readonly profiles: readonly Profile[];
  readonly workspace: WorkspaceInfo;
  readonly onSignedIn: (session: Session) => void;
}): ReactElement {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="sign-in-title">
        <div className="auth-card-icon">
          <Icon name="lock" size={22} />
        </div>
        <h1 id="sign-in-title" className="auth-title">
          Sign in to {folderName(workspace.path)}
        </h1>
        <p className="auth-lead">
          Your passphrase unlocks your signing key on this computer. Everything you do is recorded under your name in the
          audit trail.
        </p>
        <SignInForm api={api} profiles={profiles} onSignedIn={onSignedIn} />
      </section>
      <p className="auth-footnote mono" title="Workspace path">
        {workspace.path}
      </p>
    </main>
  );
}
