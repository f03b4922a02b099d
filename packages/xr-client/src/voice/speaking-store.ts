import type { LiveSession } from '@scrubin/sdk';
import { useEffect, useMemo, useSyncExternalStore } from 'react';

const NOBODY: ReadonlySet<string> = new Set();

/**
 * Who is speaking in the session: the others from the relayed `surgery:voice-activity` events,
 * this user from the local detector once in voice. The set is replaced, never mutated, so it
 * can be a React snapshot.
 */
export class SpeakingStore {
  #speaking: ReadonlySet<string> = NOBODY;
  readonly #listeners = new Set<() => void>();

  /** For `useSyncExternalStore`. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The user ids speaking now. */
  readonly getSnapshot = (): ReadonlySet<string> => this.#speaking;

  /** Marks a user as speaking or silent. */
  set(userId: string, speaking: boolean): void {
    if (this.#speaking.has(userId) === speaking) return;
    const next = new Set(this.#speaking);
    if (speaking) next.add(userId);
    else next.delete(userId);
    this.#replace(next);
  }

  /** Follows a session's voice activity; returns the function that stops following. */
  attach(live: LiveSession): () => void {
    const offs = [
      live.on('surgery:voice-activity', (e) => this.set(e.userId, e.speaking)),
      live.on('sequenced', (d) => {
        if (d.type === 'participant-left') this.set(d.event.userId, false);
      }),
      // Changes made while away are lost; speakers report again within the refresh interval.
      live.on('reconnecting', () => this.#replace(NOBODY)),
    ];
    return () => {
      for (const off of offs) off();
      this.#replace(NOBODY);
    };
  }

  #replace(next: ReadonlySet<string>): void {
    if (next === this.#speaking || (next.size === 0 && this.#speaking.size === 0)) return;
    this.#speaking = next;
    for (const listener of this.#listeners) listener();
  }
}

/** A {@link SpeakingStore} that follows `live` while it is set. */
export function useSpeakingStore(live: LiveSession | undefined): SpeakingStore {
  const store = useMemo(() => new SpeakingStore(), []);
  useEffect(() => (live ? store.attach(live) : undefined), [live, store]);
  return store;
}

/** The user ids speaking now; re-renders when that changes. */
export function useSpeaking(store: SpeakingStore): ReadonlySet<string> {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
