import type { ReactElement } from 'react';
import { Alert } from '../../ui/Alert';
import type { FormIssues } from './form-issues';

/** The general problems of a form (those that belong to no field) above its Cancel / Save buttons. */
export function FormFooter({
  issues,
  busy,
  saveLabel,
  onCancel,
}: {
  readonly issues: FormIssues;
  readonly busy: boolean;
  readonly saveLabel: string;
  readonly onCancel: () => void;
}): ReactElement {
  return (
    <>
      {issues.general.length > 0 ? (
        <Alert tone="danger" title="Not saved">
          {issues.general.length === 1 ? (
            issues.general[0]
          ) : (
            <ul className="cp-issue-list">
              {issues.general.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </Alert>
      ) : issues.fields.size > 0 ? (
        <Alert tone="danger" title="Not saved">
          Correct the {issues.fields.size === 1 ? 'field' : `${issues.fields.size} fields`} marked in red.
        </Alert>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="counterparty-save">
          {busy ? 'Saving…' : saveLabel}
        </button>
      </div>
    </>
  );
}
