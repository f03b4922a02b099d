import { LIMITS } from '@scrubin/protocol';

/**
 * When each user of one session started speaking, from their `voice-activity` reports. A span
 * closes when the user reports `speaking: false`, reports `true` again (the span so far is
 * credited and a new one starts), leaves the room, or the session ends. A closed span is worth
 * its length in seconds, at most `LIMITS.voiceSpanMaxS`: a client that stops reporting (crash,
 * lost connection without a disconnect yet) cannot run up the counter.
 */
export class SpeakingSpans {
  readonly #since = new Map<string, number>();

  /** Whether a span of `userId` is open. */
  isSpeaking(userId: string): boolean {
    return this.#since.has(userId);
  }

  /** The users speaking now. */
  speakers(): IterableIterator<string> {
    return this.#since.keys();
  }

  /** Opens a span at `nowMs`; an open one is closed first. Returns the seconds it was worth. */
  start(userId: string, nowMs: number): number {
    const credited = this.stop(userId, nowMs);
    this.#since.set(userId, nowMs);
    return credited;
  }

  /** Closes the span of `userId`, if any; returns the seconds it was worth (0 if none). */
  stop(userId: string, nowMs: number): number {
    const since = this.#since.get(userId);
    if (since === undefined) return 0;
    this.#since.delete(userId);
    return spanSeconds(since, nowMs);
  }

  /** Closes every span (the session ended); returns their total worth in seconds. */
  stopAll(nowMs: number): number {
    let total = 0;
    for (const since of this.#since.values()) total += spanSeconds(since, nowMs);
    this.#since.clear();
    return total;
  }
}

/** Seconds between two times, millisecond precision, clamped to `[0, voiceSpanMaxS]`. */
function spanSeconds(fromMs: number, toMs: number): number {
  const ms = Math.min(Math.max(0, toMs - fromMs), LIMITS.voiceSpanMaxS * 1000);
  return Math.round(ms) / 1000;
}
