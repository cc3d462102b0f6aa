import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { assertNever } from '../../shared/result';
import { AuditScreen } from '../features/audit/AuditScreen';
import { CounterpartiesScreen } from '../features/counterparties/CounterpartiesScreen';
import { DocumentsScreen } from '../features/documents/DocumentsScreen';
import { FindingsScreen } from '../features/findings/FindingsScreen';
import { PackagesScreen } from '../features/packages/PackagesScreen';
import { PoolsScreen } from '../features/pools/PoolsScreen';
import { ReceivablesScreen } from '../features/receivables/ReceivablesScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { VerificationsScreen } from '../features/verifications/VerificationsScreen';
import { NavBar } from './NavBar';
import { SCREENS } from './screens';
import type { ScreenId } from './screens';
import { ShortcutsDialog } from './ShortcutsDialog';
import { isTyping, screenShortcut } from './shortcuts';
import { TopBar } from './TopBar';
import { useScreen } from './use-screen';

function ScreenView({ screen, auditFocus }: { readonly screen: ScreenId; readonly auditFocus: number }): ReactElement {
  switch (screen) {
    case 'documents':
      return <DocumentsScreen />;
    case 'receivables':
      return <ReceivablesScreen />;
    case 'findings':
      return <FindingsScreen />;
    case 'counterparties':
      return <CounterpartiesScreen />;
    case 'verifications':
      return <VerificationsScreen />;
    case 'pools':
      return <PoolsScreen />;
    case 'packages':
      return <PackagesScreen />;
    case 'audit':
      return <AuditScreen focusFilterRequest={auditFocus} />;
    case 'settings':
      return <SettingsScreen />;
    default:
      return assertNever(screen, 'screen');
  }
}

/** The signed-in workstation: navigation, top bar, the current screen and the global shortcuts. */
export function Shell(): ReactElement {
  const [screen, go] = useScreen();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  // Bumped by `/`; the Audit screen focuses its filter whenever the number changes.
  const [auditFocus, setAuditFocus] = useState(0);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const index = screenShortcut(event);
      if (index !== null) {
        const target = SCREENS[index];
        if (target) {
          event.preventDefault();
          go(target.id);
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (event.key === '/') {
        event.preventDefault();
        go('audit');
        setAuditFocus((n) => n + 1);
      } else if (event.key === '?') {
        event.preventDefault();
        setShortcutsOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  // A file dropped anywhere but the Documents drop zone would make the window navigate to it and
  // leave the app; only the drop zone takes files.
  useEffect(() => {
    const refuse = (event: DragEvent): void => {
      if (Array.from(event.dataTransfer?.types ?? []).includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <NavBar current={screen} />
      <div className="shell-main">
        <TopBar onShowShortcuts={() => setShortcutsOpen(true)} />
        <main id="main" className="screen" tabIndex={-1}>
          <ScreenView screen={screen} auditFocus={auditFocus} />
        </main>
      </div>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </div>
  );
}
