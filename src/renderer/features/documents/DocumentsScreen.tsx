import { useState } from 'react';
import type { ReactElement } from 'react';
import { DocumentsList } from './DocumentsList';
import { useReviewedDocumentId } from './document-route';
import { ReviewScreen } from './review/ReviewScreen';

/**
 * Documents: the list (`#/documents`) and the review of one document (`#/documents/<id>`). The list
 * stays mounted under the review, so going back keeps its search, filters, sort and scroll, and its
 * order is what previous/next walks through.
 */
export function DocumentsScreen(): ReactElement {
  const reviewing = useReviewedDocumentId();
  const [order, setOrder] = useState<readonly string[]>([]);
  return (
    <>
      <DocumentsList hidden={reviewing !== null} onOrderChange={setOrder} />
      {reviewing !== null ? <ReviewScreen key={reviewing} id={reviewing} order={order} /> : null}
    </>
  );
}
