/**
 * Puts sequenced items back in order and drops duplicates: items enter with their `seq` from
 * any source (live broadcasts, acks, catch-up pages) and leave exactly once, in `seq` order,
 * without holes. Pure: no I/O, no timers.
 * @example
 * const buffer = new SequenceBuffer<string>(0);
 * buffer.push(2, 'b'); // [] (waits for 1)
 * buffer.push(1, 'a'); // ['a', 'b']
 * buffer.push(1, 'a'); // [] (duplicate)
 */
export class SequenceBuffer<T> {
  #lastSeq: number | undefined;
  readonly #pending = new Map<number, T>();

  /**
   * @param lastSeq The last `seq` already applied; leave it out to hold every item until
   *   {@link SequenceBuffer.start} says where the stream begins.
   */
  constructor(lastSeq?: number) {
    this.#lastSeq = lastSeq;
  }

  /** The last `seq` released, or `undefined` before {@link SequenceBuffer.start}. */
  get lastSeq(): number | undefined {
    return this.#lastSeq;
  }

  /** Items held because an earlier `seq` is missing (or the start is unknown). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Whether items wait behind a missing `seq`: a hole that only a catch-up can fill. */
  get hasGap(): boolean {
    return this.#lastSeq !== undefined && this.#pending.size > 0;
  }

  /** The lowest held `seq`, if any. */
  get firstPendingSeq(): number | undefined {
    let min: number | undefined;
    for (const seq of this.#pending.keys()) if (min === undefined || seq < min) min = seq;
    return min;
  }

  /**
   * Sets where the stream starts (the last `seq` already applied) if it is unknown or behind,
   * drops held items at or before it, and returns the items now released, in order.
   */
  start(lastSeq: number): T[] {
    if (this.#lastSeq === undefined || lastSeq > this.#lastSeq) this.#lastSeq = lastSeq;
    for (const seq of this.#pending.keys()) if (seq <= this.#lastSeq) this.#pending.delete(seq);
    return this.#drain();
  }

  /** Starts over at `lastSeq`, forgetting what was released and held (the log was replaced). */
  reset(lastSeq: number): void {
    this.#lastSeq = lastSeq;
    this.#pending.clear();
  }

  /**
   * Offers one item. Returns the items released by it, in `seq` order: none if it is a
   * duplicate or waits behind a hole, else it and every held item that follows it without a hole.
   */
  push(seq: number, item: T): T[] {
    if (!Number.isInteger(seq) || seq < 1) return [];
    if (this.#lastSeq !== undefined && seq <= this.#lastSeq) return [];
    if (!this.#pending.has(seq)) this.#pending.set(seq, item);
    return this.#lastSeq === undefined ? [] : this.#drain();
  }

  /** Forgets held items (the released position stays). */
  clear(): void {
    this.#pending.clear();
  }

  #drain(): T[] {
    const out: T[] = [];
    if (this.#lastSeq === undefined) return out;
    let next = this.#lastSeq + 1;
    while (this.#pending.has(next)) {
      out.push(this.#pending.get(next) as T);
      this.#pending.delete(next);
      this.#lastSeq = next;
      next += 1;
    }
    return out;
  }
}
