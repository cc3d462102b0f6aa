import { useCallback, useEffect, useState } from 'react';
import { hashOf, screenFromHash } from './screens';
import type { ScreenId } from './screens';

/** The current screen, kept in the location hash so links, reloads and history all work. */
export function useScreen(): readonly [ScreenId, (screen: ScreenId) => void] {
  const [screen, setScreen] = useState<ScreenId>(() => screenFromHash(window.location.hash));
  useEffect(() => {
    const onHashChange = (): void => setScreen(screenFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const go = useCallback((next: ScreenId) => {
    window.location.hash = hashOf(next);
  }, []);
  return [screen, go] as const;
}
