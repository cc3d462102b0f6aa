import { colorSchemeDark, colorSchemeLight, themeQuartz } from 'ag-grid-community';
import type { Theme } from 'ag-grid-community';
import type { ResolvedTheme } from './theme';

// The grid reads the app's own CSS variables, so one palette (styles/tokens.css) paints both; the
// color-scheme part still matters for the grid's scrollbars, checkboxes and derived tints.
const params = {
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontSize: 12,
  headerFontWeight: 600,
  spacing: 6,
  cellHorizontalPaddingScale: 0.85,
  rowHeight: 32,
  headerHeight: 34,
  wrapperBorderRadius: 6,
  borderRadius: 4,
  backgroundColor: 'var(--surface)',
  foregroundColor: 'var(--text)',
  accentColor: 'var(--accent)',
  borderColor: 'var(--border)',
  chromeBackgroundColor: 'var(--surface-sunken)',
  headerTextColor: 'var(--text-muted)',
  rowHoverColor: 'var(--row-hover)',
  selectedRowBackgroundColor: 'var(--row-selected)',
  oddRowBackgroundColor: 'var(--surface)',
} as const;

const GRID_THEMES: Readonly<Record<ResolvedTheme, Theme>> = {
  light: themeQuartz.withPart(colorSchemeLight).withParams(params),
  dark: themeQuartz.withPart(colorSchemeDark).withParams(params),
};

/** The AG Grid theme matching the app's resolved theme. */
export const gridTheme = (theme: ResolvedTheme): Theme => GRID_THEMES[theme];
