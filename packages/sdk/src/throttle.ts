import { systemClock, type Clock, type TimerHandle } from './clock.js';

/** Options of {@link createThrottle}. */
export interface ThrottleOptions<T> {
  /** Least time between two sends, milliseconds. */
  intervalMs: number;
  /** Sends one value. */
  send: (value: T) => void;
  /** Time source. @default systemClock */
  clock?: Clock;
}

/** A latest-value-wins throttle made by {@link createThrottle}. */
export interface Throttle<T> {
  /** Offers a value: sent now if the interval has passed, else kept (replacing any kept one). */
  push(value: T): void;
  /** Sends the kept value now, if any. */
  flush(): void;
  /** Drops the kept value and cancels the pending send. */
  cancel(): void;
  /** Whether a value waits for its trailing send. */
  readonly pending: boolean;
}

/**
 * Sends at most one value per `intervalMs`: the first value at once (leading edge), then the
 * latest value offered during the interval when it ends (trailing edge). Values in between are
 * dropped, so the last value offered is always sent.
 * @example
 * const t = createThrottle({ intervalMs: 1000 / 30, send: (pose) => socket.emit('pose', pose) });
 * t.push(pose); // at most 30 sends per second, the newest pose wins
 */
export function createThrottle<T>(options: ThrottleOptions<T>): Throttle<T> {
  const clock = options.clock ?? systemClock;
  const { intervalMs, send } = options;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let kept: { value: T } | undefined;
  let timer: TimerHandle | undefined;

  const sendNow = (value: T): void => {
    lastSentAt = clock.now();
    send(value);
  };
  const onTimer = (): void => {
    timer = undefined;
    if (kept === undefined) return;
    const { value } = kept;
    kept = undefined;
    sendNow(value);
  };

  return {
    push(value) {
      const waitMs = lastSentAt + intervalMs - clock.now();
      if (waitMs <= 0 && timer === undefined) {
        sendNow(value);
        return;
      }
      kept = { value };
      timer ??= clock.setTimeout(onTimer, Math.max(0, waitMs));
    },
    flush() {
      if (timer !== undefined) clock.clearTimeout(timer);
      onTimer();
    },
    cancel() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      kept = undefined;
    },
    get pending() {
      return kept !== undefined;
    },
  };
}
