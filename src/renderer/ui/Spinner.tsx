import type { ReactElement } from 'react';

/** A pending-call indicator with a text label for assistive tech. */
export function Spinner({ label }: { readonly label: string }): ReactElement {
  return (
    <span className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="spinner-label">{label}</span>
    </span>
  );
}
