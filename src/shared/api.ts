import { METHOD_NAMES, contract, isEventName, isMethodName } from './contract';
import type { EventName, EventPayload, Input, MethodName, Output, ParsedInput } from './contract';
import { err } from './result';
import type { Result } from './result';

type Feature<M extends string> = M extends `${infer F}.${string}` ? F : never;
type Verb<M extends string, F extends string> = M extends `${F}.${infer V}` ? V : never;

/** The typed client the renderer (and preload) sees: `api.profiles.create(input)`. */
export type Api = {
  readonly [F in Feature<MethodName>]: {
    readonly [M in MethodName as Verb<M, F>]: (input: Input<M>) => Promise<Result<Output<M>>>;
  };
} & {
  /** Subscribe to a backend event; returns the unsubscribe function. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

/** How bytes travel: Electron IPC, loopback HTTP, or a direct in-process call. */
export type Transport = {
  readonly invoke: (method: MethodName, input: unknown) => Promise<Result<unknown>>;
  readonly subscribe: (event: EventName, listener: (payload: unknown) => void) => () => void;
};

/** Builds the nested `Api` object from the contract over any transport. */
export function createClient(transport: Transport): Api {
  const api: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const methodName of METHOD_NAMES) {
    const [feature, verb] = methodName.split('.') as [string, string];
    api[feature] ??= {};
    api[feature][verb] = (input: unknown) => transport.invoke(methodName, input ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return { ...api, on } as unknown as Api;
}

/** Per-call facts the shell supplies: how to push events back to the caller's window. */
export type CallContext = {
  readonly emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
};

/** The backend's side of the contract: one handler per method, type-checked against the contract. */
export type Handlers = {
  readonly [M in MethodName]: (
    input: ParsedInput<M>,
    ctx: CallContext,
  ) => Result<Output<M>> | Promise<Result<Output<M>>>;
};

/** Reports a bug without leaking internals to the page; the shell decides where the log goes. */
export type BugReporter = (method: string, error: unknown) => void;

/**
 * Validates and runs one call: unknown method and invalid input become Results, a thrown error (a
 * bug) becomes `INTERNAL`. Every transport goes through here, so the checks cannot be forgotten.
 */
export async function dispatch(
  handlers: Handlers,
  methodName: unknown,
  rawInput: unknown,
  ctx: CallContext,
  reportBug: BugReporter = () => undefined,
): Promise<Result<unknown>> {
  if (!isMethodName(methodName)) return err('METHOD.UNKNOWN', `There is no method called ${String(methodName)}.`);
  const parsed = contract[methodName].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return err('INPUT.INVALID', `${where}${first?.message ?? 'The input is not valid.'}`, parsed.error.issues);
  }
  try {
    const handler = handlers[methodName] as (input: unknown, ctx: CallContext) => Promise<Result<unknown>>;
    return await handler(parsed.data, ctx);
  } catch (error) {
    reportBug(methodName, error);
    return err('INTERNAL', 'Something went wrong inside Quayside. Your data is safe; the error was logged.');
  }
}
