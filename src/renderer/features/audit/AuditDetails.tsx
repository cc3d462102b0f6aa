import type { ReactElement } from 'react';
import type { AuditRow } from '../../../shared/model';
import { formatLocalTime } from '../../format';
import { Icon } from '../../ui/Icon';

/** The side panel: one entry in full, with both hashes that chain it to its neighbours. */
export function AuditDetails({ row, onClose }: { readonly row: AuditRow | null; readonly onClose: () => void }): ReactElement {
  return (
    <aside className="side-panel" aria-label="Entry details">
      {row ? (
        <>
          <header className="side-panel-header">
            <div>
              <div className="side-panel-eyebrow">Entry {row.seq}</div>
              <h2 className="side-panel-title mono">{row.action}</h2>
            </div>
            <button type="button" className="icon-button" aria-label="Clear selection" onClick={onClose}>
              <Icon name="close" size={16} />
            </button>
          </header>
          <dl className="detail-list detail-list-stacked">
            <dt>Time</dt>
            <dd>
              {formatLocalTime(row.at)}
              <span className="detail-secondary mono">{row.at}</span>
            </dd>
            <dt>Actor</dt>
            <dd>
              {row.actor === 'system' ? 'System' : row.actorName}
              <span className="detail-secondary mono">{row.actor}</span>
            </dd>
            <dt>Entity</dt>
            <dd>
              {row.entity}
              <span className="detail-secondary mono">{row.entityId}</span>
            </dd>
            <dt>Hash</dt>
            <dd className="mono hash" data-testid="entry-hash">
              {row.hash}
            </dd>
            <dt>Previous hash</dt>
            <dd className="mono hash">{row.prevHash}</dd>
          </dl>
          <h3 className="side-panel-subtitle">Details</h3>
          <pre className="json" aria-label="Details JSON">
            {JSON.stringify(row.details, null, 2)}
          </pre>
        </>
      ) : (
        <div className="side-panel-empty">
          <Icon name="audit" size={22} />
          <p>Select an entry to see its full details and the hashes that chain it to the entry before.</p>
        </div>
      )}
    </aside>
  );
}
