import type { ReactElement } from 'react';
import { Dialog } from '../ui/Dialog';
import { MOD_LABEL } from './screens';
import { shortcutHelp } from './shortcuts';
import type { ShortcutHelp } from './shortcuts';

const GROUPS: readonly ShortcutHelp['group'][] = ['Everywhere', 'Documents', 'Reviewing a document'];

/** The `?` overlay listing every keyboard shortcut. */
export function ShortcutsDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }): ReactElement {
  const help = shortcutHelp(MOD_LABEL);
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" width="sm">
      <table className="shortcuts-table">
        {GROUPS.map((group) => (
          <tbody key={group}>
            <tr>
              <th colSpan={2} scope="colgroup" className="shortcuts-group">
                {group}
              </th>
            </tr>
            {help
              .filter((item) => item.group === group)
              .map((item) => (
                <tr key={`${group}-${item.action}`}>
                  <td className="shortcuts-keys">
                    {item.keys.map((key) => (
                      <kbd key={key}>{key}</kbd>
                    ))}
                  </td>
                  <td>{item.action}</td>
                </tr>
              ))}
          </tbody>
        ))}
      </table>
    </Dialog>
  );
}
