import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { dispatch } from '../../src/shared/api';
import type { BugReporter, CallContext, Handlers } from '../../src/shared/api';
import { METHOD_NAMES } from '../../src/shared/contract';
import type { EventName, EventPayload } from '../../src/shared/contract';
import { err } from '../../src/shared/result';
import type { Result } from '../../src/shared/result';
import { eventChannel, invokeChannel } from '../common/channels';
import type { InvokeChannel } from '../common/channels';
import { originOf } from './origins';
import type { OriginPolicy } from './origins';

// The only file in the main process that touches `ipcMain`: every handler is generated here from
// the contract, so there is no hand-written channel to forget a check on.

export type IpcOptions = {
  readonly handlers: Handlers;
  readonly policy: OriginPolicy;
  /** The web contents of the window allowed to call the backend (our main window), if any. */
  readonly trustedContents: () => WebContents | undefined;
  readonly reportBug: BugReporter;
  /** Backend-wide events (intake progress), forwarded to the trusted window. */
  readonly events?: (listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void) => () => void;
};

/**
 * Why a sender is refused, or null when it may call the backend: it must be the main frame of our
 * window (a subframe or another window is refused) and show a page from a trusted origin.
 */
export function untrustedSenderReason(
  event: IpcMainInvokeEvent,
  policy: OriginPolicy,
  trusted: WebContents | undefined,
): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (!trusted || trusted.isDestroyed() || event.sender.id !== trusted.id) return 'the sender is not the Quayside window';
  if (frame.parent !== null) return 'the sender is a subframe';
  if (frame.frameTreeNodeId !== trusted.mainFrame.frameTreeNodeId) return 'the sender is not the main frame';
  if (!policy.isTrustedUrl(frame.url)) return `the sender shows ${originOf(frame.url) ?? 'a page without origin'}`;
  return null;
}

const untrusted = (reason: string): Result<never> =>
  err('SENDER.UNTRUSTED', `Quayside refused a request because ${reason}. Reload the window.`);

let registered: readonly InvokeChannel[] = [];
let stopEvents: () => void = () => undefined;

/**
 * Registers one `ipcMain.handle('qs:<method>')` per contract method over `handlers`. Each call checks
 * its sender, then goes through `dispatch` (input parsing, Result envelope, bug reporting).
 * Returns the unregister function; registering again replaces the previous set.
 */
export function registerIpcHandlers(options: IpcOptions): () => void {
  unregisterIpcHandlers();
  const { handlers, policy, trustedContents, reportBug } = options;
  stopEvents =
    options.events?.((name, payload) => {
      const contents = trustedContents();
      if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
    }) ?? (() => undefined);
  registered = METHOD_NAMES.map((method) => {
    const channel = invokeChannel(method);
    ipcMain.handle(channel, async (event, input: unknown) => {
      const reason = untrustedSenderReason(event, policy, trustedContents());
      if (reason !== null) return untrusted(reason);
      const sender = event.sender;
      const ctx: CallContext = {
        emit: (name, payload) => {
          if (!sender.isDestroyed()) sender.send(eventChannel(name), payload);
        },
      };
      return dispatch(handlers, method, input, ctx, reportBug);
    });
    return channel;
  });
  return unregisterIpcHandlers;
}

/** Removes every handler `registerIpcHandlers` installed (a workspace switch does this first). */
export function unregisterIpcHandlers(): void {
  for (const channel of registered) ipcMain.removeHandler(channel);
  registered = [];
  stopEvents();
  stopEvents = () => undefined;
}
