import { useEffect, useMemo, useState } from 'react';

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

/** What a deep link asks the review screen to show: a page, a field and/or a box, and where to go back. */
export type DocumentFocus = {
  readonly page: number | null;
  readonly field: string | null;
  readonly bbox: { readonly x: number; readonly y: number; readonly w: number; readonly h: number } | null;
  /** The receivable the person came from, for a "Back to receivable" link. */
  readonly from: string | null;
  /** The finding whose evidence this is, so the way back lands on it. */
  readonly finding: string | null;
};

const NO_FOCUS: DocumentFocus = { page: null, field: null, bbox: null, from: null, finding: null };

/** The focus a review hash carries after `?` (`page`, `field`, `box=x,y,w,h`, `from`). */
export function documentFocusFromHash(hash: string): DocumentFocus {
  const query = /^#\/?documents\/[^/?#]+\?(.*)$/.exec(hash)?.[1];
  if (!query) return NO_FOCUS;
  const params = new URLSearchParams(query);
  const page = Number(params.get('page'));
  const box = (params.get('box') ?? '').split(',').map(Number);
  const [x, y, w, h] = box;
  const bbox =
    box.length === 4 && box.every((n) => Number.isFinite(n)) && x !== undefined && y !== undefined && w !== undefined && h !== undefined
      ? { x, y, w, h }
      : null;
  return {
    page: Number.isInteger(page) && page > 0 ? page : null,
    field: params.get('field'),
    bbox,
    from: params.get('from'),
    finding: params.get('finding'),
  };
}

/** The hash of a document's review showing a page, a field and a box, with a way back to a receivable. */
export function hashOfDocumentFocus(id: string, focus: Partial<DocumentFocus>): string {
  const params = new URLSearchParams();
  if (focus.page) params.set('page', String(focus.page));
  if (focus.field) params.set('field', focus.field);
  if (focus.bbox) params.set('box', [focus.bbox.x, focus.bbox.y, focus.bbox.w, focus.bbox.h].map((n) => Number(n.toFixed(5))).join(','));
  if (focus.from) params.set('from', focus.from);
  if (focus.finding) params.set('finding', focus.finding);
  const query = params.toString();
  return `${hashOfDocument(id)}${query ? `?${query}` : ''}`;
}

/** The deep link's focus, following the location hash. */
export function useDocumentFocus(): DocumentFocus {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onHashChange = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return useMemo(() => documentFocusFromHash(hash), [hash]);
}
