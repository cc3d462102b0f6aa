import { useEffect, useState } from 'react';

const DOCUMENT_HASH = /^#\/?documents\/([^/?#]+)/;

/** The document a location hash opens for review (`#/documents/<id>`), or null for the list. */
export function documentIdFromHash(hash: string): string | null {
  const match = DOCUMENT_HASH.exec(hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** The hash of a document's review screen; a real link, so reload and history work. */
export const hashOfDocument = (id: string): string => `#/documents/${encodeURIComponent(id)}`;

/** The hash of the documents list. */
export const DOCUMENTS_HASH = '#/documents';

/** Opens a document's review screen. */
export function openDocument(id: string): void {
  window.location.hash = hashOfDocument(id);
}

/** The document under review, following the location hash. */
export function useReviewedDocumentId(): string | null {
  const [id, setId] = useState(() => documentIdFromHash(window.location.hash));
  useEffect(() => {
    const onHashChange = (): void => setId(documentIdFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return id;
}
