import type { ReactElement } from 'react';
import { PageHeader } from '../../ui/PageHeader';
import { FingerprintsPanel } from '../policy/FingerprintsPanel';
import { PolicyPanel } from '../policy/PolicyPanel';
import { AppearancePanel } from './AppearancePanel';
import { InboxPanel } from './InboxPanel';
import { PeoplePanel } from './PeoplePanel';
import { WorkspacePanel } from './WorkspacePanel';

/** Settings: the open workspace, appearance, the people who work in it, and the risk policy. */
export function SettingsScreen(): ReactElement {
  return (
    <div className="page">
      <PageHeader title="Settings" description="The open workspace, how Quayside looks, who works here, and the risk policy the checks apply." />
      <div className="settings-grid">
        <div className="settings-column">
          <WorkspacePanel />
          <AppearancePanel />
          <InboxPanel />
        </div>
        <div className="settings-column">
          <PeoplePanel />
          <FingerprintsPanel />
        </div>
      </div>
      <PolicyPanel />
    </div>
  );
}
