import type { ReactElement } from 'react';
import type { PolicyChange } from '../../../shared/policy';
import { showValue } from './policy-fields';

/** Changed leaves of a policy as a table: path, before → after. */
export function PolicyDiff({ changes, label }: { readonly changes: readonly PolicyChange[]; readonly label: string }): ReactElement {
  if (changes.length === 0) return <p className="muted">No values differ.</p>;
  return (
    <table className="table pol-diff" aria-label={label} data-testid="policy-diff">
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">Before</th>
          <th scope="col" aria-label="becomes" />
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path}>
            <td className="mono">{change.path}</td>
            <td className="pol-diff-before mono">{showValue(change.before)}</td>
            <td className="pol-diff-arrow" aria-hidden="true">
              →
            </td>
            <td className="pol-diff-after mono">{showValue(change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
