/** True for Ctrl/Cmd+Shift+L, the light/dark toggle. */
export const isThemeToggle = (event: KeyboardEvent): boolean =>
  (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.code === 'KeyL';

/** The screen index (0–7) for Ctrl/Cmd+1…8, or null. */
export function screenShortcut(event: KeyboardEvent): number | null {
  if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return null;
  const match = /^Digit([1-8])$/.exec(event.code);
  return match ? Number(match[1]) - 1 : null;
}

/** True while the person types into a field, where `/` and `?` are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

export type ShortcutHelp = { readonly keys: readonly string[]; readonly action: string };

/** The shortcuts overlay's content, built for the platform's modifier key. */
export const shortcutHelp = (mod: string): readonly ShortcutHelp[] => [
  { keys: [mod, '1 … 8'], action: 'Switch screen (in navigation order)' },
  { keys: ['/'], action: 'Filter the audit trail' },
  { keys: [mod, 'Shift', 'L'], action: 'Toggle light and dark theme' },
  { keys: ['?'], action: 'Show this list of shortcuts' },
  { keys: ['Esc'], action: 'Close a dialog or menu' },
];
