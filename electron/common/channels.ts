import { EVENT_NAMES, METHOD_NAMES } from '../../src/shared/contract';
import type { EventName, EventPayload, Input, MethodName, Output } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';

/**
 * Every IPC channel Quayside uses, in one place. Channels are derived from the contract, so adding
 * a method to `src/shared/contract.ts` adds its channel here, its handler in main and its function in
 * the preload; nothing else crosses the process boundary.
 *
 *   invoke  `qs:<feature.verb>`   renderer → main   (Input<M>)   → Result<Output<M>>
 *   event   `qs:event:<name>`     main → renderer   EventPayload<E>
 */

const INVOKE_PREFIX = 'qs:';
const EVENT_PREFIX = 'qs:event:';

export type InvokeChannel<M extends MethodName = MethodName> = `qs:${M}`;
export type EventChannel<E extends EventName = EventName> = `qs:event:${E}`;

/** The signature of each channel, for readers and for the type checker. */
export type ChannelSignatures = {
  readonly [M in MethodName as InvokeChannel<M>]: (input: Input<M>) => Promise<Result<Output<M>>>;
} & {
  readonly [E in EventName as EventChannel<E>]: (payload: EventPayload<E>) => void;
};

/** The invoke channel for one contract method. */
export const invokeChannel = <M extends MethodName>(method: M): InvokeChannel<M> =>
  `${INVOKE_PREFIX}${method}` as InvokeChannel<M>;

/** The push channel for one contract event. */
export const eventChannel = <E extends EventName>(event: E): EventChannel<E> =>
  `${EVENT_PREFIX}${event}` as EventChannel<E>;

export const INVOKE_CHANNELS: readonly InvokeChannel[] = METHOD_NAMES.map((method) => invokeChannel(method));
export const EVENT_CHANNELS: readonly EventChannel[] = EVENT_NAMES.map((event) => eventChannel(event));
