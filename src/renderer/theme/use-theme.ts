import { useCallback, useEffect, useMemo, useState } from 'react';
import { applyTheme, loadThemePreference, resolveTheme, saveThemePreference } from './theme';
import type { ResolvedTheme, ThemePreference } from './theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export type ThemeControls = {
  readonly preference: ThemePreference;
  readonly theme: ResolvedTheme;
  readonly setPreference: (preference: ThemePreference) => void;
  /** Flips between light and dark, leaving "system" for an explicit choice. */
  readonly toggle: () => void;
};

/** Owns the theme: remembered preference, live OS preference, and the painted document. */
export function useTheme(): ThemeControls {
  const [preference, setPreferenceState] = useState<ThemePreference>(() => loadThemePreference());
  const [systemDark, setSystemDark] = useState(() => window.matchMedia(DARK_QUERY).matches);

  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const onChange = (event: MediaQueryListEvent): void => setSystemDark(event.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  const theme = resolveTheme(preference, systemDark);
  useEffect(() => applyTheme(theme), [theme]);

  const setPreference = useCallback((next: ThemePreference) => {
    saveThemePreference(next);
    setPreferenceState(next);
  }, []);
  const toggle = useCallback(() => setPreference(theme === 'dark' ? 'light' : 'dark'), [theme, setPreference]);

  return useMemo(() => ({ preference, theme, setPreference, toggle }), [preference, theme, setPreference, toggle]);
}
