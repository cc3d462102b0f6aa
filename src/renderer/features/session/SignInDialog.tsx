import type { ReactElement } from 'react';
import type { Api } from '../../../shared/api';
import type { Profile, Session } from '../../../shared/model';
import { Dialog } from '../../ui/Dialog';
import { SignInForm } from './SignInForm';

/** The profile switcher's dialog: the same sign-in, over the workstation. */
export function SignInDialog({
  open,
  api,
  profiles,
  currentId,
  onClose,
  onSignedIn,
}: {
  readonly open: boolean;
  readonly api: Api;
  readonly profiles: readonly Profile[];
  readonly currentId: string;
  readonly onClose: () => void;
  readonly onSignedIn: (session: Session) => void;
}): ReactElement {
  const others = profiles.filter((profile) => profile.id !== currentId);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Switch person"
      description="The next person signs in with their own passphrase; their actions are audited under their name."
    >
      <SignInForm
        api={api}
        profiles={profiles}
        initialId={others.length === 1 ? others[0]?.id : undefined}
        onSignedIn={onSignedIn}
        onCancel={onClose}
      />
    </Dialog>
  );
}
