import type { ReactElement } from 'react';
import { PlannedScreen } from '../../ui/PlannedScreen';

/** Pools: an honest empty state until the Pools & tranches capability exists. */
export function PoolsScreen(): ReactElement {
  return (
    <PlannedScreen
      title="Pools"
      description="Receivable pools and their senior and junior tranches."
      icon="pools"
      emptyTitle="No pools yet"
      holds="Pool metrics, buyer concentration, senior and junior tranche sizing, and stress scenarios run before a pool is tokenized."
      feature="Pool structuring"
      featureDetail="metrics, tranches and stress tests"
      capability="Pools & tranches"
    />
  );
}
