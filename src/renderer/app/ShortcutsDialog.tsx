import type { ReactElement } from 'react';
import { Dialog } from '../ui/Dialog';
import { MOD_LABEL } from './screens';
import { shortcutHelp } from './shortcuts';

/** The `?` overlay listing every keyboard shortcut. */
export function ShortcutsDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }): ReactElement {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" width="sm">
      <table className="shortcuts-table">
        <tbody>
          {shortcutHelp(MOD_LABEL).map((item) => (
            <tr key={item.action}>
              <td className="shortcuts-keys">
                {item.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </td>
              <td>{item.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
