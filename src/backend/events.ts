import type { EventName, EventPayload } from '../shared/contract';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Backend-wide events (intake progress) that no single call owns; each shell forwards them to its pages. */
export type EventBus = {
  readonly emit: EventListener;
  readonly subscribe: (listener: EventListener) => () => void;
};

/** A tiny synchronous pub/sub; a listener that throws is dropped from that emit, not from the bus. */
export function createEventBus(onListenerError: (error: unknown) => void = () => undefined): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit: (event, payload) => {
      for (const listener of listeners) {
        try {
          listener(event, payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
