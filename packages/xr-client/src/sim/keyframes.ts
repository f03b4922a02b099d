import type { EventLogEntry } from '@scrubin/protocol';
import { SIM_TICK_HZ, type World, type WorldSnapshot } from '@scrubin/sim';

/** A saved state of a replay at a tick, with how many log entries it had applied. */
export interface Keyframe<T> {
  tick: number;
  /** Log entries applied: every one before `tick`, none of `tick` itself. */
  applied: number;
  /** Its size in memory, bytes. */
  bytes: number;
  state: T;
}

/** Spacing and memory budget of a {@link KeyframeStore}. */
export interface KeyframeOptions {
  /** A keyframe every this many ticks (the spacing doubles when the budget is reached). */
  everyTicks: number;
  /** Most bytes all keyframes may take together. */
  budgetBytes: number;
}

/**
 * A review's keyframes: a World snapshot every 5 s of simulated time, at most 64 MiB in all
 * (a default-tier snapshot is about half a MiB, plus what the telemetry has grown to).
 */
export const REVIEW_KEYFRAMES: KeyframeOptions = {
  everyTicks: 5 * SIM_TICK_HZ,
  budgetBytes: 64 * 1024 * 1024,
};

/**
 * Keyframes of a replay in tick order, one every `everyTicks`, within a memory budget: when a
 * new one takes the total over it, every other keyframe goes and the spacing doubles, so those
 * left stay evenly spread over what was played.
 */
export class KeyframeStore<T> {
  readonly #frames: Keyframe<T>[] = [];
  readonly #budget: number;
  #every: number;
  #bytes = 0;

  constructor(options: KeyframeOptions) {
    if (!(options.everyTicks >= 1)) throw new Error('Keyframes need a spacing of a tick or more');
    this.#every = Math.floor(options.everyTicks);
    this.#budget = options.budgetBytes;
  }

  /** Ticks between keyframes now. */
  get everyTicks(): number {
    return this.#every;
  }

  /** Bytes all keyframes take. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The keyframes' ticks, in order. */
  get ticks(): number[] {
    return this.#frames.map((f) => f.tick);
  }

  /** Whether a keyframe is due at `tick`: on the spacing, after the start, and not held yet. */
  wants(tick: number): boolean {
    return (
      tick > 0 && tick % this.#every === 0 && this.#indexAfter(tick - 1) === this.#indexAfter(tick)
    );
  }

  /** Adds a keyframe (replacing one at the same tick), then keeps to the budget. */
  add(frame: Keyframe<T>): void {
    const at = this.#indexAfter(frame.tick - 1);
    const same = this.#frames[at]?.tick === frame.tick;
    if (same) this.#bytes -= this.#frames[at]!.bytes;
    this.#frames.splice(at, same ? 1 : 0, frame);
    this.#bytes += frame.bytes;
    while (this.#bytes > this.#budget && this.#frames.length > 0) this.#thin();
  }

  /** The newest keyframe at or before `tick`. */
  atOrBefore(tick: number): Keyframe<T> | undefined {
    return this.#frames[this.#indexAfter(tick) - 1];
  }

  /** Drops the keyframes after `tick` (an entry for that tick came in after they were taken). */
  dropAfter(tick: number): void {
    const from = this.#indexAfter(tick);
    for (const frame of this.#frames.splice(from)) this.#bytes -= frame.bytes;
  }

  /** Doubles the spacing and drops the keyframes off it. */
  #thin(): void {
    this.#every *= 2;
    let kept = 0;
    for (const frame of this.#frames) {
      if (frame.tick % this.#every === 0) this.#frames[kept++] = frame;
      else this.#bytes -= frame.bytes;
    }
    this.#frames.length = kept;
  }

  /** Index of the first keyframe after `tick`. */
  #indexAfter(tick: number): number {
    let lo = 0;
    let hi = this.#frames.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#frames[mid]!.tick <= tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Adds a snapshot of `world` to `store` if one is due at its tick. Call right after a step,
 * before the entries of the new tick: `applied` entries of `log` are in the World.
 */
export function keepKeyframe(
  store: KeyframeStore<WorldSnapshot> | null,
  world: World,
  log: readonly EventLogEntry[],
  applied: number,
): void {
  if (!store?.wants(world.tick)) return;
  // Not while an entry for an earlier tick waits: the World is about to be rebuilt.
  const next = log[applied];
  if (next !== undefined && next.tick < world.tick) return;
  const snapshot = world.snapshot();
  store.add({ tick: world.tick, applied, bytes: snapshot.bytes, state: snapshot });
}
