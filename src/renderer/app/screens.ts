import type { IconName } from '../ui/Icon';

/** Every screen of the workstation, in navigation (and Ctrl/Cmd+number) order. */
export const SCREENS = [
  { id: 'documents', label: 'Documents', icon: 'documents' },
  { id: 'receivables', label: 'Receivables', icon: 'receivables' },
  { id: 'findings', label: 'Findings', icon: 'findings' },
  { id: 'counterparties', label: 'Counterparties', icon: 'counterparties' },
  { id: 'verifications', label: 'Verifications', icon: 'verifications' },
  { id: 'pools', label: 'Pools', icon: 'pools' },
  { id: 'packages', label: 'Packages', icon: 'packages' },
  { id: 'audit', label: 'Audit', icon: 'audit' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
] as const satisfies readonly { id: string; label: string; icon: IconName }[];

export type ScreenId = (typeof SCREENS)[number]['id'];

export const DEFAULT_SCREEN: ScreenId = 'documents';

const isScreenId = (value: string): value is ScreenId => SCREENS.some((screen) => screen.id === value);

/** The screen a location hash (`#/audit`) names, or the default one. */
export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isScreenId(id) ? id : DEFAULT_SCREEN;
}

/** The hash that shows a screen; plain hashes keep links real and survive a reload. */
export const hashOf = (screen: ScreenId): string => `#/${screen}`;

/** The platform's shortcut modifier, as people see it written. */
export const MOD_LABEL = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
