import type { ReactElement } from 'react';
import { ReceivableDetailView } from './ReceivableDetailView';
import { ReceivablesList } from './ReceivablesList';
import { useReceivableRoute } from './receivable-route';

/**
 * Receivables: the grid (`#/receivables`) and one receivable with its why panel
 * (`#/receivables/<id>`). The grid stays mounted under the detail, so going back keeps its
 * filters, grouping and scroll.
 */
export function ReceivablesScreen(): ReactElement {
  const route = useReceivableRoute();
  return (
    <>
      <ReceivablesList hidden={route !== null} />
      {route ? <ReceivableDetailView key={route.id} id={route.id} focusFinding={route.finding} /> : null}
    </>
  );
}
