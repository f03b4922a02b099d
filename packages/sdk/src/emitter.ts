/** A map of event names to handler signatures. */
export type EventMap<E> = { [K in keyof E]: (...args: never[]) => void };

/** Removes the handler it was returned for. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * A small typed event emitter. A handler that throws does not stop the others: its error goes
 * to `onHandlerError`.
 */
export class TypedEmitter<E extends EventMap<E>> {
  readonly #handlers = new Map<keyof E, Set<E[keyof E]>>();
  readonly #onHandlerError: (error: unknown, event: keyof E) => void;

  /** @param onHandlerError Receives what a handler threw. */
  constructor(onHandlerError: (error: unknown, event: keyof E) => void) {
    this.#onHandlerError = onHandlerError;
  }

  /** Adds a handler; returns the function that removes it. */
  on<K extends keyof E>(event: K, handler: E[K]): Unsubscribe {
    let set = this.#handlers.get(event);
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(event, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Whether the event has at least one handler. */
  has(event: keyof E): boolean {
    return (this.#handlers.get(event)?.size ?? 0) > 0;
  }

  /** Calls every handler of the event, in the order they were added. */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const set = this.#handlers.get(event);
    if (set === undefined) return;
    for (const handler of [...set]) {
      try {
        (handler as (...a: Parameters<E[K]>) => void)(...args);
      } catch (error) {
        this.#onHandlerError(error, event);
      }
    }
  }

  /** Removes every handler. */
  clear(): void {
    this.#handlers.clear();
  }
}
