import { SIM_TICK_HZ } from '@scrubin/sim';

/** Playback speeds a review offers, ×real time. */
export const PLAYBACK_SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

/** Seconds of active time at `tick` (90 ticks a second). */
export function ticksToSeconds(tick: number): number {
  return tick / SIM_TICK_HZ;
}

/** `m:ss` of active time at `tick`; `h:mm:ss` from an hour. */
export function formatTicks(tick: number): string {
  const total = Math.floor(ticksToSeconds(Math.max(0, tick)));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Where the play head goes after `elapsedMs` of wall time at `speed`, never past `endTick`, and
 * never more than `maxLeadTicks` ahead of `simTick` (what the simulation has reached), so that
 * a slow simulation holds playback back instead of falling behind it.
 */
export function advancePlayhead(
  tick: number,
  elapsedMs: number,
  speed: number,
  endTick: number,
  simTick: number,
  maxLeadTicks: number,
): number {
  const wanted = tick + (Math.max(0, elapsedMs) * SIM_TICK_HZ * speed) / 1000;
  const held = Math.max(tick, simTick + maxLeadTicks);
  return Math.min(endTick, wanted, held);
}

/** Position of `tick` along the timeline, 0–100 (%). */
export function timelinePercent(tick: number, endTick: number): number {
  if (endTick <= 0) return 0;
  return Math.min(100, Math.max(0, (tick / endTick) * 100));
}

/** How far a seek from `fromTick` toward `toTick` has got, 0–1, with the World at `simTick`. */
export function seekProgress(fromTick: number, toTick: number, simTick: number): number {
  const span = toTick - fromTick;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (simTick - fromTick) / span));
}
