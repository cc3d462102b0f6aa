import type { ReactElement } from 'react';
import { PlannedScreen } from '../../ui/PlannedScreen';

/** Counterparties: an honest empty state until the Counterparties capability exists. */
export function CounterpartiesScreen(): ReactElement {
  return (
    <PlannedScreen
      title="Counterparties"
      description="Suppliers and buyers behind the receivables."
      icon="counterparties"
      emptyTitle="No counterparties yet"
      holds="Suppliers with their production capacity and initial margin; buyers with their trade-credit-insurance limit, exposure and concentration; and the escrow account every repayment must reach."
      feature="Counterparty register"
      featureDetail="capacity, credit-insurance limits and escrow accounts"
      capability="Counterparties"
    />
  );
}
