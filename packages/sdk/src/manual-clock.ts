import type { Clock } from './clock.js';

/** A {@link Clock} that moves only when told: for tests of code that takes an injected clock. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** Timers waiting to run. */
  readonly pendingTimers: number;
}

/**
 * Creates a {@link ManualClock} starting at `startMs`.
 * @example
 * const clock = createManualClock();
 * const client = createScrubinClient({ baseUrl, clock });
 * clock.advance(5000); // every ack still unanswered now times out
 */
export function createManualClock(startMs = 0): ManualClock {
  let now = startMs;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const nextDue = (until: number): [number, { at: number; fn: () => void }] | undefined => {
    let best: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of timers) {
      if (entry[1].at > until) continue;
      if (best === undefined || entry[1].at < best[1].at) best = entry;
    }
    return best;
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      timers.set(++nextId, { at: now + Math.max(0, ms), fn });
      return nextId;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (let due = nextDue(end); due !== undefined; due = nextDue(end)) {
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    get pendingTimers() {
      return timers.size;
    },
  };
}
