import type { ReactElement } from 'react';
import { BrandMark } from '../ui/BrandMark';
import { Icon } from '../ui/Icon';
import { useWorkstation } from './workstation';
import { MOD_LABEL, SCREENS, hashOf } from './screens';
import type { ScreenId } from './screens';

/** The left navigation: every screen, its shortcut, and the app's identity. */
export function NavBar({ current }: { readonly current: ScreenId }): ReactElement {
  const { app } = useWorkstation();
  return (
    <aside className="sidebar">
      <div className="brand">
        <BrandMark size={20} />
        <span className="brand-name">Quayside</span>
      </div>
      <nav className="nav" aria-label="Main">
        <ul className="nav-list">
          {SCREENS.map((screen, index) => (
            <li key={screen.id}>
              <a
                className="nav-item"
                href={hashOf(screen.id)}
                aria-current={screen.id === current ? 'page' : undefined}
                aria-keyshortcuts={`${MOD_LABEL === '⌘' ? 'Meta' : 'Control'}+${index + 1}`}
              >
                <Icon name={screen.icon} />
                <span className="nav-label">{screen.label}</span>
                <kbd className="nav-shortcut" aria-hidden="true">
                  {MOD_LABEL === '⌘' ? `⌘${index + 1}` : `Ctrl ${index + 1}`}
                </kbd>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <span>
          {app.name} {app.version}
        </span>
        <span className="sidebar-footer-dot" aria-hidden="true">
          ·
        </span>
        <span>Offline</span>
      </div>
    </aside>
  );
}
