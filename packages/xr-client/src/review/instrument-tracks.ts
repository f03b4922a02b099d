import type { CursorState, EventLogEntry, SequencedPayloads, Tool } from '@scrubin/protocol';
import type { RemoteCursorStore } from '../scene/remote-cursors.js';

/** Pose slots: position x, y, z (metres) then rotation x, y, z, w. */
const POSE = 7;
const UM_PER_M = 1_000_000;

/** One participant's instrument through a recording: a state at each of their tool events. */
interface Track {
  userId: string;
  /** Tick of each state, ascending. */
  ticks: number[];
  /** Pose of each state (the last one logged up to it), {@link POSE} floats each. */
  poses: Float64Array;
  /** Whether a pose was logged up to each state. */
  posed: boolean[];
  tools: (Tool | null)[];
  /** Blade on or jaws closed at each state. */
  active: boolean[];
  /** Index of the state last given to the store; -1 for none. */
  shown: number;
  /** The batch entry reused for this participant. */
  cursor: CursorState;
}

/** Index of the last of `ticks` at or before `tick`, -1 if none. */
export function lastAtOrBefore(ticks: readonly number[], tick: number): number {
  let lo = 0;
  let hi = ticks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ticks[mid]! <= tick) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Everyone's instruments in a recording, from their logged `tool-selected` and `tool-interaction`
 * events (poses in integer micrometres and int16 quaternions), played into a
 * {@link RemoteCursorStore} at any tick: the scene then draws them as it draws live participants.
 */
export class InstrumentTracks {
  readonly #tracks: Track[] = [];
  readonly #batch: CursorState[] = [];
  /** The track of each batch entry. */
  readonly #batchTracks: Track[] = [];

  constructor(events: readonly EventLogEntry[]) {
    const building = new Map<
      string,
      {
        ticks: number[];
        poses: number[];
        posed: boolean[];
        tools: (Tool | null)[];
        active: boolean[];
      }
    >();
    for (const entry of events) {
      if (entry.type !== 'tool-selected' && entry.type !== 'tool-interaction') continue;
      let b = building.get(entry.userId);
      if (!b) {
        b = { ticks: [], poses: [], posed: [], tools: [], active: [] };
        building.set(entry.userId, b);
      }
      const last = b.ticks.length - 1;
      const pose =
        last >= 0 ? b.poses.slice(last * POSE, last * POSE + POSE) : [0, 0, 0, 0, 0, 0, 1];
      let posed = last >= 0 && b.posed[last]!;
      let active = last >= 0 && b.active[last]!;
      let tool: Tool | null = last >= 0 ? b.tools[last]! : null;
      if (entry.type === 'tool-selected') {
        tool = (entry.payload as SequencedPayloads['tool-selected']).tool;
        active = false;
      } else {
        const p = entry.payload as SequencedPayloads['tool-interaction'];
        tool = p.tool;
        if (p.action === 'activate' || p.action === 'close') active = true;
        else if (p.action === 'deactivate' || p.action === 'open') active = false;
        if (p.pose) {
          const [x, y, z] = p.pose.positionUm;
          const [qx, qy, qz, qw] = p.pose.rotationQ;
          pose.splice(0, POSE, x / UM_PER_M, y / UM_PER_M, z / UM_PER_M, qx, qy, qz, qw);
          const len = Math.sqrt(qx * qx + qy * qy + qz * qz + qw * qw);
          if (len > 0) for (let k = 3; k < POSE; k++) pose[k] = pose[k]! / len;
          else pose.splice(3, 4, 0, 0, 0, 1);
          posed = true;
        }
      }
      // Several events at one tick: the last one stands for the tick.
      if (last >= 0 && b.ticks[last] === entry.tick) {
        b.ticks.pop();
        b.poses.length -= POSE;
        b.posed.pop();
        b.tools.pop();
        b.active.pop();
      }
      b.ticks.push(entry.tick);
      b.poses.push(...pose);
      b.posed.push(posed);
      b.tools.push(tool);
      b.active.push(active);
    }
    for (const [userId, b] of building) {
      this.#tracks.push({
        userId,
        ticks: b.ticks,
        poses: Float64Array.from(b.poses),
        posed: b.posed,
        tools: b.tools,
        active: b.active,
        shown: -1,
        cursor: { userId, position: [0, 0, 0], rotation: [0, 0, 0, 1], tool: null },
      });
    }
  }

  /** Participants who used an instrument. */
  get userIds(): string[] {
    return this.#tracks.map((t) => t.userId);
  }

  /**
   * Puts each instrument where it was at `tick` into `store` (received at `nowMs` on the store's
   * clock); someone with no pose yet at `tick` is taken out. Allocates nothing.
   */
  apply(store: RemoteCursorStore, tick: number, nowMs: number): void {
    const batch = this.#batch;
    const batchTracks = this.#batchTracks;
    batch.length = 0;
    batchTracks.length = 0;
    for (const track of this.#tracks) {
      const i = lastAtOrBefore(track.ticks, tick);
      if (i === track.shown) continue;
      track.shown = i;
      if (i < 0 || !track.posed[i]) {
        store.remove(track.userId);
        continue;
      }
      const c = track.cursor;
      const o = i * POSE;
      const p = track.poses;
      c.position[0] = p[o]!;
      c.position[1] = p[o + 1]!;
      c.position[2] = p[o + 2]!;
      c.rotation[0] = p[o + 3]!;
      c.rotation[1] = p[o + 4]!;
      c.rotation[2] = p[o + 5]!;
      c.rotation[3] = p[o + 6]!;
      c.tool = track.tools[i]!;
      batch.push(c);
      batchTracks.push(track);
    }
    if (batch.length === 0) return;
    store.push(batch, nowMs);
    for (const track of batchTracks) store.setActive(track.userId, track.active[track.shown]!);
  }

  /** Forgets what was given to a store, so that the next {@link apply} gives everything again. */
  reset(): void {
    for (const track of this.#tracks) track.shown = -1;
  }
}
