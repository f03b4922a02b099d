/**
 * Decides how far the local World may advance. The server vouches for a tick with each cursor
 * batch (every sequenced event up to it was sent before the batch), but this client's own
 * actions reach it in their acks, which may come after a batch with a later tick. While an own
 * sequenced action is on its way, the World may not pass the latest tick known when it was sent:
 * its event applies at that tick or later.
 */
export class TickGate {
  /** Latest tick the server vouched for. */
  known = 0;
  #nextToken = 1;
  /** Cap of each action in flight, by token. */
  readonly #caps = new Map<number, number>();

  /** Notes a tick from the server (cursor batch or event); returns the tick now allowed. */
  note(tick: number): number {
    if (tick > this.known) this.known = tick;
    return this.allowed;
  }

  /** An own sequenced action leaves; returns its token for {@link settle}. */
  begin(): number {
    const token = this.#nextToken++;
    this.#caps.set(token, this.known);
    return token;
  }

  /** The action's ack (or failure) arrived; returns the tick now allowed. */
  settle(token: number): number {
    this.#caps.delete(token);
    return this.allowed;
  }

  /** How far the World may go now. */
  get allowed(): number {
    let cap = this.known;
    for (const c of this.#caps.values()) if (c < cap) cap = c;
    return cap;
  }

  /**
   * Forgets the ticks the server vouched for (its log was restored: they may not hold any more).
   * Actions in flight then allow nothing beyond the events given until they settle.
   */
  reset(): void {
    this.known = 0;
    for (const token of this.#caps.keys()) this.#caps.set(token, 0);
  }

  /** Actions in flight. */
  get inFlight(): number {
    return this.#caps.size;
  }
}
