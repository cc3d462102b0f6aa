import { useState } from 'react';
import type { ReactElement } from 'react';
import { diffPolicy } from '../../../shared/policy';
import type { PolicyVersion } from '../../../shared/policy';
import { formatLocalTime, shortHash } from '../../format';
import { PolicyDiff } from './PolicyDiff';

/** Every saved version, newest first, each with what it changed against the one before. */
export function PolicyHistory({ history }: { readonly history: readonly PolicyVersion[] }): ReactElement {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section className="card-section" aria-labelledby="policy-history-title">
      <h3 id="policy-history-title" className="card-subtitle">
        History
      </h3>
      <table className="table pol-history" aria-label="Policy versions" data-testid="policy-history">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Note</th>
            <th scope="col">Hash</th>
            <th scope="col" aria-label="Changes" />
          </tr>
        </thead>
        <tbody>
          {history.map((version, index) => {
            const previous = history[index + 1];
            const changes = previous ? diffPolicy(previous.policy, version.policy) : [];
            const expanded = open === version.version;
            return [
              <tr key={version.version}>
                <td className="tabular">v{version.version}</td>
                <td className="nowrap tabular">{formatLocalTime(version.savedAt)}</td>
                <td className="nowrap">{version.savedByName}</td>
                <td className="pol-history-note">{version.note}</td>
                <td className="mono" title={version.hash}>
                  {shortHash(version.hash, 10)}
                </td>
                <td className="nowrap">
                  {previous ? (
                    <button
                      type="button"
                      className="button button-ghost button-sm"
                      aria-expanded={expanded}
                      onClick={() => setOpen(expanded ? null : version.version)}
                    >
                      {changes.length} {changes.length === 1 ? 'change' : 'changes'}
                    </button>
                  ) : (
                    <span className="muted">first</span>
                  )}
                </td>
              </tr>,
              expanded ? (
                <tr key={`${version.version}-diff`} className="pol-history-diff">
                  <td colSpan={6}>
                    <PolicyDiff changes={changes} label={`Changes in version ${version.version}`} />
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
    </section>
  );
}
