import { useEffect, useState } from 'react';

const RECEIVABLE_HASH = /^#\/?receivables\/([^/?#]+)(?:\?(.*))?$/;

export type ReceivableRoute = { readonly id: string; readonly finding: string | null };

/** The receivable a hash opens (`#/receivables/<id>?finding=<id>`), or null for the list. */
export function receivableFromHash(hash: string): ReceivableRoute | null {
  const match = RECEIVABLE_HASH.exec(hash);
  if (!match?.[1]) return null;
  try {
    const params = new URLSearchParams(match[2] ?? '');
    return { id: decodeURIComponent(match[1]), finding: params.get('finding') };
  } catch {
    return null;
  }
}

/** The hash of a receivable's detail, optionally scrolled to one finding of its why panel. */
export const hashOfReceivable = (id: string, finding?: string): string =>
  `#/receivables/${encodeURIComponent(id)}${finding ? `?${new URLSearchParams({ finding }).toString()}` : ''}`;

export const RECEIVABLES_HASH = '#/receivables';

/** Opens a receivable's detail. */
export function openReceivable(id: string, finding?: string): void {
  window.location.hash = hashOfReceivable(id, finding);
}

/** The receivable shown, following the location hash. */
export function useReceivableRoute(): ReceivableRoute | null {
  const [route, setRoute] = useState(() => receivableFromHash(window.location.hash));
  useEffect(() => {
    const onHashChange = (): void =>
      setRoute((current) => {
        const next = receivableFromHash(window.location.hash);
        return current?.id === next?.id && current?.finding === next?.finding ? current : next;
      });
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return route;
}
