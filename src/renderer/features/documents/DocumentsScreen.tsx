import type { ReactElement } from 'react';
import { PlannedScreen } from '../../ui/PlannedScreen';

/** Documents: placeholder until the Document intake capability exists. */
export function DocumentsScreen(): ReactElement {
  return (
    <PlannedScreen
      title="Documents"
      description="Invoices and bills of lading behind every receivable."
      icon="documents"
      emptyTitle="No documents yet"
      holds="PDFs and images of invoices and bills of lading: the text layer when there is one, OCR otherwise, and every extracted field with its confidence and position on the page, corrected by a person when needed."
      feature="Document intake"
      featureDetail="OCR and field extraction for invoices and bills of lading"
      capability="Document intake"
    />
  );
}
