import type { ReactElement } from 'react';

/** The toolbar's "Clear filters" button, shown only while some filter is set. */
export function ClearFiltersButton({ shown, onClear }: { readonly shown: boolean; readonly onClear: () => void }): ReactElement | null {
  return shown ? (
    <button type="button" className="button button-ghost" onClick={onClear}>
      Clear filters
    </button>
  ) : null;
}
