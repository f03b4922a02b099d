import type { CursorState, Tool } from '@scrubin/protocol';

/** Pose slots: position x, y, z then rotation x, y, z, w. */
const POSE = 7;
/** Expected time between cursor batches, ms (30 Hz). */
const BATCH_MS = 1000 / 30;
/** Inter-arrival times are trusted within these bounds, ms. */
const MIN_SPAN_MS = 16;
const MAX_SPAN_MS = 120;

/** One other participant's pointer and instrument, interpolated between batches. */
export interface RemoteCursor {
  readonly userId: string;
  tool: Tool | null;
  /** Blade on or jaws closed (from their sequenced tool actions). */
  active: boolean;
  /** Pose at the start and end of the current interpolation span. */
  readonly from: Float64Array;
  readonly to: Float64Array;
  /** The pose last sampled (what is drawn). */
  readonly current: Float64Array;
  /** Span of the interpolation, ms on the caller's clock. */
  t0: number;
  t1: number;
  /** When the last batch for this user arrived. */
  lastBatchMs: number;
  /** Whether a pose was ever received. */
  seen: boolean;
}

/**
 * The latest cursors of the other participants, from the 30 Hz `surgery:cursor-position`
 * batches. Each new pose starts a span from where the cursor is drawn now to the new pose, one
 * batch interval long, so motion stays smooth and never jumps back. Sampling allocates nothing.
 */
export class RemoteCursorStore {
  readonly cursors = new Map<string, RemoteCursor>();
  /** Bumped when someone appears or leaves, or changes tool (the scene re-renders then). */
  version = 0;
  #listeners = new Set<() => void>();
  #motionListeners = new Set<() => void>();
  /** Until when (caller's clock, ms) some cursor is still moving toward its target. */
  movingUntil = 0;

  constructor(readonly selfId: string) {}

  /** Applies one batch received at `nowMs`. */
  push(cursors: readonly CursorState[], nowMs: number): void {
    let changed = false;
    let moved = false;
    for (const c of cursors) {
      if (c.userId === this.selfId) continue;
      let cursor = this.cursors.get(c.userId);
      if (!cursor) {
        cursor = this.#add(c.userId);
        changed = true;
      }
      if (cursor.tool !== c.tool) {
        cursor.tool = c.tool;
        changed = true;
      }
      const span = cursor.seen
        ? Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, nowMs - cursor.lastBatchMs))
        : BATCH_MS;
      if (cursor.seen) {
        this.#sample(cursor, nowMs);
        cursor.from.set(cursor.current);
      }
      const to = cursor.to;
      if (
        !cursor.seen ||
        to[0] !== c.position[0] ||
        to[1] !== c.position[1] ||
        to[2] !== c.position[2] ||
        Math.abs(
          to[3]! * c.rotation[0] +
            to[4]! * c.rotation[1] +
            to[5]! * c.rotation[2] +
            to[6]! * c.rotation[3],
        ) < 0.999999
      ) {
        moved = true;
        if (nowMs + span > this.movingUntil) this.movingUntil = nowMs + span;
      }
      to[0] = c.position[0];
      to[1] = c.position[1];
      to[2] = c.position[2];
      // The shorter way round: q and −q are the same rotation.
      const from = cursor.from;
      const dot =
        from[3]! * c.rotation[0] +
        from[4]! * c.rotation[1] +
        from[5]! * c.rotation[2] +
        from[6]! * c.rotation[3];
      const sign = cursor.seen && dot < 0 ? -1 : 1;
      to[3] = sign * c.rotation[0];
      to[4] = sign * c.rotation[1];
      to[5] = sign * c.rotation[2];
      to[6] = sign * c.rotation[3];
      if (!cursor.seen) {
        from.set(to);
        cursor.current.set(to);
        cursor.seen = true;
      }
      cursor.t0 = nowMs;
      cursor.t1 = nowMs + span;
      cursor.lastBatchMs = nowMs;
    }
    if (changed) this.#changed();
    if (moved || changed) for (const listener of this.#motionListeners) listener();
  }

  /** Notes a tool picked up (from `surgery:tool-selected`). */
  setTool(userId: string, tool: Tool): void {
    if (userId === this.selfId) return;
    const cursor = this.cursors.get(userId) ?? this.#add(userId);
    if (cursor.tool === tool) return;
    cursor.tool = tool;
    cursor.active = false;
    this.#changed();
  }

  /** Notes whether someone's instrument is on (activate/close) or off (deactivate/open). */
  setActive(userId: string, active: boolean): void {
    const cursor = this.cursors.get(userId);
    if (cursor) cursor.active = active;
  }

  /** Forgets someone who left. */
  remove(userId: string): void {
    if (this.cursors.delete(userId)) this.#changed();
  }

  /**
   * Forgets what sequenced events said (tools held, instruments on) and keeps the poses, which
   * come from cursor batches: the log is about to be delivered again from seq 1.
   */
  forgetInstruments(): void {
    for (const cursor of this.cursors.values()) {
      cursor.tool = null;
      cursor.active = false;
    }
    this.#changed();
  }

  /** Forgets everyone not among `userIds` (the seat holders once presence is rebuilt). */
  keepOnly(userIds: ReadonlySet<string>): void {
    let changed = false;
    for (const userId of [...this.cursors.keys()]) {
      if (!userIds.has(userId)) changed = this.cursors.delete(userId) || changed;
    }
    if (changed) this.#changed();
  }

  /** Updates every cursor's `current` pose for time `nowMs`. */
  sampleAll(nowMs: number): void {
    for (const cursor of this.cursors.values()) if (cursor.seen) this.#sample(cursor, nowMs);
  }

  /** The tool each other participant holds. */
  tools(): Record<string, Tool | null> {
    const out: Record<string, Tool | null> = {};
    for (const cursor of this.cursors.values()) out[cursor.userId] = cursor.tool;
    return out;
  }

  /** Calls `listener` when {@link version} changes; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` when a batch moved someone; returns the function that stops it. */
  onMotion(listener: () => void): () => void {
    this.#motionListeners.add(listener);
    return () => this.#motionListeners.delete(listener);
  }

  #add(userId: string): RemoteCursor {
    const cursor: RemoteCursor = {
      userId,
      tool: null,
      active: false,
      from: new Float64Array(POSE),
      to: new Float64Array(POSE),
      current: new Float64Array(POSE),
      t0: 0,
      t1: 0,
      lastBatchMs: 0,
      seen: false,
    };
    cursor.current[6] = 1;
    this.cursors.set(userId, cursor);
    return cursor;
  }

  #sample(cursor: RemoteCursor, nowMs: number): void {
    const span = cursor.t1 - cursor.t0;
    const u = span > 0 ? Math.min(1, Math.max(0, (nowMs - cursor.t0) / span)) : 1;
    const { from, to, current } = cursor;
    for (let k = 0; k < POSE; k++) current[k] = from[k]! + (to[k]! - from[k]!) * u;
    // Normalized lerp of the rotation: close to slerp at 30 Hz steps.
    const len = Math.sqrt(
      current[3]! * current[3]! +
        current[4]! * current[4]! +
        current[5]! * current[5]! +
        current[6]! * current[6]!,
    );
    if (len > 1e-9) for (let k = 3; k < POSE; k++) current[k] = current[k]! / len;
    else current[6] = 1;
  }

  #changed(): void {
    this.version++;
    for (const listener of this.#listeners) listener();
  }
}
