import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { createClient } from '../../src/shared/api';
import type { Transport } from '../../src/shared/api';
import { isEventName, isMethodName } from '../../src/shared/contract';
import { err } from '../../src/shared/result';
import type { Result } from '../../src/shared/result';
import { eventChannel, invokeChannel } from '../common/channels';

// The sandboxed preload: the only renderer-side file that touches `ipcRenderer`. The page receives
// `window.quayside`, a client generated from the contract; it never sees ipcRenderer, IPC events or
// channel names, so a compromised page can call contract methods and nothing else.

/** The Electron IPC transport: one invoke channel per contract method, one push channel per event. */
export function createIpcTransport(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): Transport {
  return {
    invoke: async (method, input) => {
      if (!isMethodName(method)) return err('METHOD.UNKNOWN', `There is no method called ${String(method)}.`);
      try {
        return (await ipc.invoke(invokeChannel(method), input)) as Result<unknown>;
      } catch {
        // Only happens while a workspace switch swaps the handlers, or if main crashed.
        return err('BACKEND.UNAVAILABLE', 'Quayside could not reach its backend. Reload the window (View → Reload) and try again.');
      }
    },
    subscribe: (event, listener) => {
      if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`);
      const channel = eventChannel(event);
      // Unwrap: the IpcRendererEvent carries `sender` (ipcRenderer itself) and must not reach the page.
      const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  };
}

contextBridge.exposeInMainWorld('quayside', createClient(createIpcTransport(ipcRenderer)));
