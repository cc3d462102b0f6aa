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
import { createEventBus } from './events';
import type { EventBus } from './events';
import { createIntakeQueue } from './intake/intake-queue';
import type { IntakeDeps, IntakeQueue } from './intake/intake-queue';
import { defaultIntakeDeps } from './intake/default-deps';
import { inProcessReader } from './intake/reader';
import { workerReader } from './intake/worker-reader';
import type { ReadBudgets } from './intake/worker-reader';
import { createInboxWatcher } from './intake/inbox';
import type { InboxWatcher } from './intake/inbox';
import { createCheckService } from './checks/checks-service';
import type { CheckService } from './checks/checks-service';
import type { Rule } from '../core/checks/types';
import { databaseContention } from './db/database';

export { APP_NAME, APP_VERSION } from './version';

/** The composed backend for one workspace and one window (or one CLI run). */
export type Backend = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly handlers: Handlers;
  /** Backend-wide events (intake progress); each shell forwards them to its pages. */
  readonly onEvent: EventBus['subscribe'];
  readonly intake: IntakeQueue;
  /** The inbox folder watcher, where intake runs. */
  readonly inbox: InboxWatcher | undefined;
  /** The cross-check engine of this backend (its state lives as long as the backend). */
  readonly checks: CheckService;
  /** Stops intake (running reads resume next time) and closes the workspace. */
  readonly close: () => Promise<void>;
};

export type BackendOptions = {
  /** The text reader, OCR and extractor intake uses; the real ones unless a caller pins others. */
  readonly intake?: IntakeDeps;
  /** Shorter (or longer) time and memory budgets for reading one document; tests use them. */
  readonly readBudgets?: Partial<ReadBudgets>;
  /** Start reading queued documents right away (the app and the host do; one-shot CLI commands don't). */
  readonly startIntake?: boolean;
  /** The cross-check rules; the shipped set unless a test pins others. */
  readonly rules?: readonly Rule[];
  /** Evaluate checks as of this ISO date instead of today (the demo checks its March 2026 samples as of then). */
  readonly checksAsOf?: string;
  /**
   * Run check jobs in a worker thread, off the thread that serves the UI: the default for the app
   * and the test host; the CLI (one command, then exit) runs them in-process.
   */
  readonly checksWorker?: boolean;
};

/** Wires services to the contract. Shells (Electron, test host, CLI) build exactly one of these. */
export function createBackend(ws: Workspace, shell: AppInfo['shell'], options: BackendOptions = {}): Backend {
  const session = createSessionState();
  const bus = createEventBus((error) => console.error('[quayside] event listener failed:', error));
  const deps = options.intake ?? defaultIntakeDeps();
  // Documents are read in a worker thread under budgets, unless a caller pinned the parts to use.
  const reader = options.intake ? inProcessReader(options.intake) : workerReader(options.readBudgets ? { budgets: options.readBudgets } : {});
  const queue = createIntakeQueue(ws, reader, bus);
  const intake = { ws, session, deps, queue, bus };
  // A read-only workspace (another process writes it) reads no documents: that would be writing.
  const running = (options.startIntake ?? true) && ws.readOnly !== true;
  // The inbox is watched only where documents are read (the app, the host), not by one-shot commands.
  const inbox = running ? createInboxWatcher(intake) : undefined;
  // Listens to document edits on the bus and re-evaluates only the receivables they touch.
  const checks = createCheckService({ ws, session, bus, rules: options.rules, asOf: options.checksAsOf, worker: options.checksWorker ?? shell !== 'cli' });
  const handlers = withContention(createHandlers({ ws, session, app: { name: APP_NAME, version: APP_VERSION, shell }, intake, inbox, checks }));
  if (running) queue.start();
  return {
    ws,
    session,
    handlers,
    onEvent: bus.subscribe,
    intake: queue,
    inbox,
    checks,
    close: async () => {
      inbox?.stop();
      await queue.close();
      await checks.close();
      session.current = null;
      ws.close();
    },
  };
}

/**
 * Every handler, with SQLITE_BUSY / SQLITE_LOCKED (another process's write outlasting the busy
 * timeout) and writes on a read-only workspace answered as WORKSPACE.BUSY / WORKSPACE.READ_ONLY
 * instead of surfacing as INTERNAL bugs: both are conditions a person can act on.
 */
export function withContention(handlers: Handlers): Handlers {
  const wrapped: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, (input: unknown, ctx: CallContext) => unknown][]) {
    wrapped[method] = async (input: unknown, ctx: CallContext) => {
      try {
        return await handler(input, ctx);
      } catch (error) {
        const contention = databaseContention(error);
        if (contention) return contention;
        throw error;
      }
    };
  }
  return wrapped as Handlers;
}

/**
 * An in-process client over the same dispatcher the IPC and HTTP transports use (CLI, tests). Pass
 * the backend (not only its handlers) to also hear its broadcast events, such as intake progress.
 */
export function inProcessClient(source: Handlers | Backend, reportBug?: BugReporter): Api {
  const handlers = 'handlers' in source ? (source.handlers as Handlers) : source;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const deliver = (event: EventName, payload: unknown): void => listeners.get(event)?.forEach((listener) => listener(payload));
  if ('onEvent' in source) source.onEvent(deliver);
  const ctx: CallContext = { emit: deliver };
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
