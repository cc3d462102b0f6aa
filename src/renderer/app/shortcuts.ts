/** True for Ctrl/Cmd+Shift+L, the light/dark toggle. */
export const isThemeToggle = (event: KeyboardEvent): boolean =>
  (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.code === 'KeyL';

/** True for Ctrl/Cmd+O, which opens the file picker on the Documents screen. */
export const isAddDocuments = (event: KeyboardEvent): boolean =>
  (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.code === 'KeyO';

/** The screen index (0–8) for Ctrl/Cmd+1…9, or null. */
export function screenShortcut(event: KeyboardEvent): number | null {
  if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return null;
  const match = /^Digit([1-9])$/.exec(event.code);
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

export type ShortcutHelp = {
  readonly keys: readonly string[];
  readonly action: string;
  /** Where the shortcut works; the overlay lists the groups in this order. */
  readonly group: 'Everywhere' | 'Documents' | 'Reviewing a document';
};

/** The shortcuts overlay's content, built for the platform's modifier key. */
export const shortcutHelp = (mod: string): readonly ShortcutHelp[] => [
  { group: 'Everywhere', keys: [mod, '1 … 9'], action: 'Switch screen (in navigation order)' },
  { group: 'Everywhere', keys: ['/'], action: 'Filter the audit trail' },
  { group: 'Everywhere', keys: [mod, 'Shift', 'L'], action: 'Toggle light and dark theme' },
  { group: 'Everywhere', keys: ['?'], action: 'Show this list of shortcuts' },
  { group: 'Everywhere', keys: ['Esc'], action: 'Close a dialog or menu' },
  { group: 'Documents', keys: [mod, 'O'], action: 'Add documents (or drop files on the screen)' },
  { group: 'Documents', keys: ['Enter'], action: 'Open the selected document for review' },
  { group: 'Reviewing a document', keys: ['↑', '↓'], action: 'Previous or next field (also k and j)' },
  { group: 'Reviewing a document', keys: ['Enter'], action: 'Edit the selected field; Enter again saves' },
  { group: 'Reviewing a document', keys: ['Esc'], action: 'Cancel the edit' },
  { group: 'Reviewing a document', keys: ['[', ']'], action: 'Previous or next document (also Alt+← and Alt+→)' },
  { group: 'Reviewing a document', keys: ['r'], action: 'Mark the document reviewed' },
];
