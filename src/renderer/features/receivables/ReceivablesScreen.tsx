import type { ReactElement } from 'react';
import { PlannedScreen } from '../../ui/PlannedScreen';

/** Receivables: an honest empty state until the Cross-checks capability exists. */
export function ReceivablesScreen(): ReactElement {
  return (
    <PlannedScreen
      title="Receivables"
      description="Invoices the pool may finance, each checked against its bill of lading."
      icon="receivables"
      emptyTitle="No receivables yet"
      holds="Each receivable links an invoice to its bill of lading, with findings that explain themselves with numbers: invoice ↔ B/L consistency (UCP 600 art. 14(d)), arithmetic, unit-price bands, margin and advance rate, and double financing caught by a keyed invoice fingerprint."
      feature="Cross-checks"
      featureDetail="consistency, arithmetic, eligibility and duplicate findings with their evidence"
      capability="Cross-checks"
    />
  );
}
