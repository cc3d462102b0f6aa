import type { ReactElement } from 'react';
import { PlannedScreen } from '../../ui/PlannedScreen';

/** Verifications: an honest empty state until the On-site verification capability exists. */
export function VerificationsScreen(): ReactElement {
  return (
    <PlannedScreen
      title="Verifications"
      description="On-site checks recorded by field verifiers."
      icon="verifications"
      emptyTitle="No verifications yet"
      holds="Forms filled at the factory or warehouse, often offline: plant running, observed capacity, inventory counts, goods control, photos and signature, with time and place — feeding the capacity and eligibility checks."
      feature="Field verification"
      featureDetail="offline forms, photos and signatures from site visits"
      capability="On-site verification"
    />
  );
}
