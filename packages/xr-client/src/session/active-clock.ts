import { TICK_HZ, type SessionStatus } from '@scrubin/protocol';

/**
 * The session's active time (what the timer shows): from `simulation-state` events (their
 * `durationS`) and from the server's tick (90 per second of active time), run on locally while
 * the simulation is active.
 */
export class ActiveClock {
  #baseS = 0;
  #baseAtMs = 0;
  #running = false;

  /** A status change: `durationS` of active time at `atMs` on the local clock. */
  onStatus(status: SessionStatus, durationS: number, atMs: number): void {
    this.#baseS = durationS;
    this.#baseAtMs = atMs;
    this.#running = status === 'active';
  }

  /** The simulation was reset: it stops (the session's active time goes on counting from here). */
  onReset(nowMs: number): void {
    this.#baseS = this.seconds(nowMs);
    this.#baseAtMs = nowMs;
    this.#running = false;
  }

  /** Back to no active time, stopped: the events that said otherwise are delivered again. */
  clear(): void {
    this.#baseS = 0;
    this.#baseAtMs = 0;
    this.#running = false;
  }

  /** A tick from the server, received at `nowMs`. */
  onTick(tick: number, nowMs: number): void {
    const s = tick / TICK_HZ;
    const shown = this.seconds(nowMs);
    // Forward always; backward only when the local run-on drifted more than a second ahead.
    if (s > shown || shown - s > 1) {
      this.#baseS = s;
      this.#baseAtMs = nowMs;
    }
  }

  /** Active seconds at `nowMs`. */
  seconds(nowMs: number): number {
    return this.#running ? this.#baseS + Math.max(0, nowMs - this.#baseAtMs) / 1000 : this.#baseS;
  }
}

/** Seconds as `m:ss` (or `h:mm:ss` past an hour). */
export function formatDuration(totalS: number): string {
  const s = Math.max(0, Math.floor(totalS));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
