import type { ReactElement } from 'react';
import { PageHeader } from '../../ui/PageHeader';
import { AppearancePanel } from './AppearancePanel';
import { InboxPanel } from './InboxPanel';
import { PeoplePanel } from './PeoplePanel';
import { WorkspacePanel } from './WorkspacePanel';

/** Settings: the open workspace, appearance, and the people who work in it. */
export function SettingsScreen(): ReactElement {
  return (
    <div className="page">
      <PageHeader title="Settings" description="The open workspace, how Quayside looks, and who works here." />
      <div className="settings-grid">
        <div className="settings-column">
          <WorkspacePanel />
          <AppearancePanel />
          <InboxPanel />
        </div>
        <PeoplePanel />
      </div>
    </div>
  );
}
