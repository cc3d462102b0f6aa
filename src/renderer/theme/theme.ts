/** What the person chose in Settings: follow the OS, or a fixed theme. */
export type ThemePreference = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];
export const THEME_LABELS: Readonly<Record<ThemePreference, string>> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

const STORAGE_KEY = 'quayside.theme';

const isPreference = (value: unknown): value is ThemePreference =>
  typeof value === 'string' && (THEME_PREFERENCES as readonly string[]).includes(value);

/** The remembered preference; `system` when none was saved or storage is unavailable. */
export function loadThemePreference(storage?: Pick<Storage, 'getItem'>): ThemePreference {
  try {
    // Reading localStorage itself can throw (storage disabled), hence inside the try.
    const saved = (storage ?? globalThis.localStorage).getItem(STORAGE_KEY);
    return isPreference(saved) ? saved : 'system';
  } catch {
    return 'system';
  }
}

/** Remembers the preference across restarts. */
export function saveThemePreference(preference: ThemePreference, storage?: Pick<Storage, 'setItem'>): void {
  try {
    (storage ?? globalThis.localStorage).setItem(STORAGE_KEY, preference);
  } catch {
    // Storage can be disabled; the choice then lasts for this window only, which is acceptable.
  }
}

/** Turns a preference into the theme to paint, given whether the OS prefers dark. */
export const resolveTheme = (preference: ThemePreference, systemPrefersDark: boolean): ResolvedTheme =>
  preference === 'system' ? (systemPrefersDark ? 'dark' : 'light') : preference;

/** Paints the document: CSS variables switch on `data-theme`, native controls on `color-scheme`. */
export function applyTheme(theme: ResolvedTheme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}
