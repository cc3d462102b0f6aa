import type { ReactElement } from 'react';
import { PlannedScreen } from '../../ui/PlannedScreen';

/** Packages: an honest empty state until the Signed pool packages capability exists. */
export function PackagesScreen(): ReactElement {
  return (
    <PlannedScreen
      title="Packages"
      description="Signed pool packages for the credit committee."
      icon="packages"
      emptyTitle="No packages yet"
      holds="Self-verifying bundles of documents, data, findings, verifications and a readable approval pack, signed by the exporter. Committee members verify a package is authentic and untampered, review it and vote; decisions are signed too."
      feature="Signed packages"
      featureDetail="export, verification and committee votes"
      capability="Signed pool packages"
    />
  );
}
