import { useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { SignInDialog } from '../features/session/SignInDialog';
import { groupFingerprint } from '../format';
import { Alert } from '../ui/Alert';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { RoleBadge } from '../ui/RoleBadge';
import { useWorkstation } from './workstation';

/** The active person in the top bar; opens a menu to switch person or sign out. */
export function ProfileSwitcher(): ReactElement {
  const { api, me, profiles, setSession } = useWorkstation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [switching, setSwitching] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const firstItemRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!menuOpen) return;
    firstItemRef.current?.focus();
    const onPointer = (event: PointerEvent): void => {
      if (!rootRef.current?.contains(event.target as Node)) setMenuOpen(false);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        setMenuOpen(false);
        return;
      }
      // Arrow keys move between items, as the menu role promises to assistive tech.
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      const items = [...(rootRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? [])];
      if (items.length === 0) return;
      event.preventDefault();
      const index = items.indexOf(document.activeElement as HTMLElement);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [menuOpen]);

  const signOut = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await api.session.signOut({});
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setMenuOpen(false);
    setSession(result.value);
  };

  return (
    <div className="profile-switcher" ref={rootRef}>
      <button
        type="button"
        className="profile-button"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        aria-label={`Signed in as ${me.name}, ${me.role.replace('_', ' ')}. Open the profile menu`}
        onClick={() => setMenuOpen((open) => !open)}
      >
        <Avatar name={me.name} size="sm" />
        <span className="profile-button-name">{me.name}</span>
        <RoleBadge role={me.role} />
        <Icon name="chevronDown" size={14} />
      </button>
      {menuOpen ? (
        <div className="menu" role="menu" aria-label="Profile">
          <div className="menu-header" role="presentation">
            <Avatar name={me.name} size="md" />
            <div>
              <div className="menu-header-name">{me.name}</div>
              <div className="menu-header-meta mono" title="Key fingerprint">
                {groupFingerprint(me.fingerprint)}
              </div>
            </div>
          </div>
          <button
            ref={firstItemRef}
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setMenuOpen(false);
              setSwitching(true);
            }}
          >
            <Icon name="switchUser" size={16} />
            Switch person…
          </button>
          <button type="button" role="menuitem" className="menu-item" disabled={busy} onClick={() => void signOut()}>
            <Icon name="signOut" size={16} />
            {busy ? 'Signing out…' : 'Sign out'}
          </button>
          {error ? <Alert tone="danger">{error}</Alert> : null}
        </div>
      ) : null}
      <SignInDialog
        open={switching}
        api={api}
        profiles={profiles}
        currentId={me.id}
        onClose={() => setSwitching(false)}
        onSignedIn={(session) => {
          setSwitching(false);
          setSession(session);
        }}
      />
    </div>
  );
}
