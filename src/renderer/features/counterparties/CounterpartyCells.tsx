import type { ReactElement } from 'react';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { Buyer } from '../../../shared/checks';
import { buyerExpiry, expiryPhrase } from './counterparty-format';

/** The insurance expiry with a warning chip when it has passed or falls within 60 days. */
export function ExpiryCell({ data }: CustomCellRendererProps<Buyer>): ReactElement | null {
  if (!data?.insurance) return <span className="cell-empty">No cover</span>;
  const state = buyerExpiry(data);
  if (!state) return null;
  return (
    <span className="cp-expiry">
      <span className="tabular">{data.insurance.expiry}</span>
      {state.tone === 'ok' ? null : (
        <span className={`cp-expiry-chip cp-expiry-${state.tone}`} title={expiryPhrase(state)}>
          {state.tone === 'expired' ? 'Expired' : `${state.days} d`}
        </span>
      )}
    </span>
  );
}

/** Aliases as small tags, so where one name ends and the next begins is plain. */
export function AliasesCell({ value }: CustomCellRendererProps<unknown, readonly string[]>): ReactElement | null {
  if (!value || value.length === 0) return <span className="cell-empty">—</span>;
  return (
    <span className="cp-tags">
      {value.map((alias) => (
        <span key={alias} className="cp-tag">
          {alias}
        </span>
      ))}
    </span>
  );
}
