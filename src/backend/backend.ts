import type { AppInfo } from '../shared/model';
import type { BugReporter, CallContext, Handlers } from '../shared/api';
import { createClient, dispatch } from '../shared/api';
import type { Api } from '../shared/api';
import type { EventName } from '../shared/contract';
import { createHandlers } from './api/handlers';
import { createSessionState } from './services/session';
import type { SessionState } from './services/session';
import { APP_NAME, APP_VERSION } from './version';
import type { Workspace } from './workspace';

export { APP_NAME, APP_VERSION } from './version';

/** The composed backend for one workspace and one window (or one CLI run). */
export type Backend = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly handlers: Handlers;
  readonly close: () => void;
};

/** Wires services to the contract. Shells (Electron, test host, CLI) build exactly one of these. */
export function createBackend(ws: Workspace, shell: AppInfo['shell']): Backend {
  const session = createSessionState();
  const handlers = createHandlers({ ws, session, app: { name: APP_NAME, version: APP_VERSION, shell } });
  return {
    ws,
    session,
    handlers,
    close: () => {
      session.current = null;
      ws.close();
    },
  };
}

/** An in-process client over the same dispatcher the IPC and HTTP transports use (CLI, tests). */
export function inProcessClient(handlers: Handlers, reportBug?: BugReporter): Api {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const ctx: CallContext = {
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
  };
  return createClient({
    invoke: (method, input) => dispatch(handlers, method, input, ctx, reportBug),
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  });
}
