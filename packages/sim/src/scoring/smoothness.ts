import type { ParticipantTelemetry } from '../telemetry.js';
import { SIM_TICK_HZ } from '../tiers.js';
import { dlog } from '../core/dmath.js';
import {
  MOVEMENT_GAP_TICKS,
  SAMPLE_STRIDE,
  movementSegments,
  type MovementSegment,
} from './movement.js';
import { clamp01, evidenceOf, round1 } from './numbers.js';
import { LDJ_EXPERT, LDJ_NOVICE } from './references.js';
import type { SubScore } from './types.js';

/** A movement needs at least this many samples (at distinct ticks) to be scored. */
export const MIN_SEGMENT_SAMPLES = 4;
/** Low-pass before differentiating: this many passes of a moving average this many ticks wide. */
export const FILTER_WIDTH_TICKS = 9;
export const FILTER_PASSES = 3;

/** A tool-tip path across the surface (x, z) on the tick grid, metres. */
export interface TickSeries {
  firstTick: number;
  x: Float64Array;
  z: Float64Array;
}

/**
 * One segment's samples on the tick grid: the last sample of each tick counts, and ticks without
 * one are filled by linear interpolation. Only the surface-plane coordinates (x, z) are kept. Null with fewer than {@link MIN_SEGMENT_SAMPLES} ticks.
 */
export function tickSeries(
  samples: readonly number[],
  segment: MovementSegment,
): TickSeries | null {
  const ticks: number[] = [];
  const at: number[] = [];
  for (let k = segment.start; k < segment.end; k++) {
    const tick = samples[k * SAMPLE_STRIDE]!;
    if (ticks.length > 0 && ticks[ticks.length - 1] === tick) at[at.length - 1] = k;
    else {
      ticks.push(tick);
      at.push(k);
    }
  }
  if (ticks.length < MIN_SEGMENT_SAMPLES) return null;
  const firstTick = ticks[0]!;
  const n = ticks[ticks.length - 1]! - firstTick + 1;
  const x = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i + 1 < ticks.length; i++) {
    const a = at[i]! * SAMPLE_STRIDE;
    const b = at[i + 1]! * SAMPLE_STRIDE;
    const span = ticks[i + 1]! - ticks[i]!;
    for (let s = 0; s < span; s++) {
      const f = s / span;
      const o = ticks[i]! - firstTick + s;
      x[o] = samples[a + 2]! + (samples[b + 2]! - samples[a + 2]!) * f;
      z[o] = samples[a + 4]! + (samples[b + 4]! - samples[a + 4]!) * f;
    }
  }
  const last = at[at.length - 1]! * SAMPLE_STRIDE;
  x[n - 1] = samples[last + 2]!;
  z[n - 1] = samples[last + 4]!;
  return { firstTick, x, z };
}

/** Moving average `width` samples wide (odd), ends held at their values, applied `passes` times. */
export function lowPass(values: Float64Array, width: number, passes: number): Float64Array {
  const half = Math.floor(width / 2);
  const n = values.length;
  let current = values;
  for (let p = 0; p < passes; p++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let d = -half; d <= half; d++) sum += current[Math.min(n - 1, Math.max(0, i + d))]!;
      next[i] = sum / (2 * half + 1);
    }
    current = next;
  }
  return current;
}

/** LDJ of one movement and what it was computed from. */
export interface JerkMeasure {
  ldj: number;
  durationS: number;
  peakSpeedMS: number;
}

/**
 * Log dimensionless jerk of a path sampled every `dtS` (one array per axis), by finite
 * differences: LDJ = −ln((T³ / v_peak²) ∫ |d³p/dt³|² dt). Null when the path did not move.
 */
export function logDimensionlessJerk(
  axes: readonly Float64Array[],
  dtS: number,
): JerkMeasure | null {
  const n = axes[0]?.length ?? 0;
  if (n < MIN_SEGMENT_SAMPLES) return null;
  const speed2 = new Float64Array(n - 1);
  let jerk2 = 0;
  for (const p of axes) {
    for (let i = 0; i + 1 < n; i++) {
      const v = (p[i + 1]! - p[i]!) / dtS;
      speed2[i] = speed2[i]! + v * v;
    }
    // Third difference of position over dt³, squared, times dt.
    for (let i = 0; i + 3 < n; i++) {
      const j = (p[i + 3]! - 3 * p[i + 2]! + 3 * p[i + 1]! - p[i]!) / (dtS * dtS * dtS);
      jerk2 += j * j * dtS;
    }
  }
  let peak2 = 0;
  for (let i = 0; i < n - 1; i++) if (speed2[i]! > peak2) peak2 = speed2[i]!;
  if (!(peak2 > 0)) return null;
  const durationS = (n - 1) * dtS;
  const dimensionless = ((durationS * durationS * durationS) / peak2) * jerk2;
  // A jerk-free path (constant velocity throughout) would give +∞: hold it at 0 (DJ = 1).
  const ldj = -dlog(Math.max(dimensionless, 1));
  return { ldj, durationS, peakSpeedMS: Math.sqrt(peak2) };
}

/** LDJ → 0–100: linear between the novice (0) and expert (100) references. */
export function ldjScore(ldj: number): number {
  return round1(100 * clamp01((ldj - LDJ_NOVICE) / (LDJ_EXPERT - LDJ_NOVICE)));
}

/**
 * Smoothness: LDJ of the tool tip's path across the surface (x, z) in every movement (samples
 * split at pauses, each of at least four ticks), low-passed then differenced on the 90 Hz tick
 * grid, averaged weighted by duration. The vertical plunge and lift are left out: short and fast,
 * they would dominate the jerk of the stroke they bracket (see docs/scoring.md).
 */
export function smoothness(t: ParticipantTelemetry): SubScore {
  const dtS = 1 / SIM_TICK_HZ;
  let weighted = 0;
  let duration = 0;
  let scored = 0;
  const seqs: number[] = [];
  for (const segment of movementSegments(t.samples, MOVEMENT_GAP_TICKS, t.sampleRunStarts)) {
    const series = tickSeries(t.samples, segment);
    if (!series) continue;
    const measure = logDimensionlessJerk(
      [
        lowPass(series.x, FILTER_WIDTH_TICKS, FILTER_PASSES),
        lowPass(series.z, FILTER_WIDTH_TICKS, FILTER_PASSES),
      ],
      dtS,
    );
    if (!measure) continue;
    weighted += measure.ldj * measure.durationS;
    duration += measure.durationS;
    scored += 1;
    for (let k = segment.start; k < segment.end; k++) seqs.push(t.samples[k * SAMPLE_STRIDE + 1]!);
  }
  if (scored === 0) {
    return { score: 100, applicable: false, evidence: [], measures: { movements: 0 } };
  }
  const ldj = weighted / duration;
  return {
    score: ldjScore(ldj),
    applicable: true,
    evidence: evidenceOf(seqs),
    measures: { ldj, movements: scored, movingTimeS: duration },
  };
}
