import type { ReactElement } from 'react';
import { folderName } from '../format';
import { Icon } from '../ui/Icon';
import { ProfileSwitcher } from './ProfileSwitcher';
import { MOD_LABEL } from './screens';
import { useWorkstation } from './workstation';

/** The bar above every screen: which workspace is open, theme, shortcuts and who is acting. */
export function TopBar({ onShowShortcuts }: { readonly onShowShortcuts: () => void }): ReactElement {
  const { workspace, theme } = useWorkstation();
  const next = theme.theme === 'dark' ? 'light' : 'dark';
  return (
    <header className="topbar">
      <div className="topbar-workspace" title={workspace.path}>
        <Icon name="folder" size={16} />
        <span className="topbar-workspace-name">{folderName(workspace.path)}</span>
        <span className="topbar-workspace-path" aria-label="Workspace path">
          {workspace.path}
        </span>
      </div>
      <div className="topbar-actions">
        <button
          type="button"
          className="icon-button"
          aria-label={`Switch to ${next} theme`}
          title={`Switch to ${next} theme (${MOD_LABEL}+Shift+L)`}
          onClick={theme.toggle}
        >
          <Icon name={theme.theme === 'dark' ? 'sun' : 'moon'} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={onShowShortcuts}
        >
          <Icon name="keyboard" />
        </button>
        <span className="topbar-divider" aria-hidden="true" />
        <ProfileSwitcher />
      </div>
    </header>
  );
}
