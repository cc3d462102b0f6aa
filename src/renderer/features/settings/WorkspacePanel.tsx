import type { ReactElement } from 'react';
import { useWorkstation } from '../../app/workstation';
import { formatLocalTime } from '../../format';

/** Where the workspace lives, its schema against the app's, and what it holds. */
export function WorkspacePanel(): ReactElement {
  const { workspace, app } = useWorkstation();
  const current = workspace.schemaVersion === workspace.appSchemaVersion;
  return (
    <section className="card" aria-labelledby="workspace-panel-title">
      <h2 id="workspace-panel-title" className="card-title">
        Workspace
      </h2>
      <dl className="detail-list detail-list-wide">
        <dt>Path</dt>
        <dd className="mono break">{workspace.path}</dd>
        <dt>Workspace ID</dt>
        <dd className="mono break">{workspace.workspaceId}</dd>
        <dt>Schema</dt>
        <dd>
          <span className="tabular">
            version {workspace.schemaVersion} · app {workspace.appSchemaVersion}
          </span>{' '}
          <span className={`badge ${current ? 'badge-success' : 'badge-warning'}`}>{current ? 'Up to date' : 'Differs'}</span>
        </dd>
        <dt>Created</dt>
        <dd>{workspace.createdAt ? formatLocalTime(workspace.createdAt) : '—'}</dd>
        <dt>Contents</dt>
        <dd>
          <ul className="stat-row" aria-label="Workspace contents">
            <li>
              <span className="stat-value">{workspace.profiles}</span>
              <span className="stat-label">{workspace.profiles === 1 ? 'person' : 'people'}</span>
            </li>
            <li>
              <span className="stat-value">{workspace.auditEntries}</span>
              <span className="stat-label">audit entries</span>
            </li>
            <li>
              <span className="stat-value">{workspace.blobs}</span>
              <span className="stat-label">stored files</span>
            </li>
          </ul>
        </dd>
        <dt>Application</dt>
        <dd>
          {app.name} {app.version} <span className="muted">({app.shell === 'electron' ? 'desktop' : app.shell})</span>
        </dd>
      </dl>
    </section>
  );
}
