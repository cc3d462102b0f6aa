import { isEventName } from '../shared/contract';
import type { EventName, MethodName } from '../shared/contract';
import type { Transport } from '../shared/api';
import { err } from '../shared/result';
import type { Result } from '../shared/result';

/**
 * The transport a plain browser uses against the loopback test host: calls are JSON POSTs to
 * `/api/invoke`, events arrive over one shared `EventSource('/api/events')`.
 */
export function createHttpTransport(base = ''): Transport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  // Opened on the first subscription and kept: a job's progress must not race a reconnect.
  const ensureSource = (): void => {
    if (source) return;
    source = new EventSource(`${base}/api/events`);
    source.onmessage = (message: MessageEvent<string>) => {
      let frame: unknown;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      if (typeof frame !== 'object' || frame === null) return;
      const { event, payload } = frame as { event?: unknown; payload?: unknown };
      if (!isEventName(event)) return;
      listeners.get(event)?.forEach((listener) => listener(payload));
    };
  };

  return {
    invoke: async (method: MethodName, input: unknown): Promise<Result<unknown>> => {
      let response: Response;
      try {
        response = await fetch(`${base}/api/invoke`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ method, input }),
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return err('BACKEND.UNAVAILABLE', `Quayside's backend cannot be reached (${reason}). Restart the app and try again.`);
      }
      try {
        return (await response.json()) as Result<unknown>;
      } catch {
        return err('INTERNAL', `Quayside's backend sent an unreadable answer (HTTP ${response.status}).`);
      }
    },
    subscribe: (event: EventName, listener: (payload: unknown) => void) => {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => {
        set.delete(listener);
      };
    },
  };
}
