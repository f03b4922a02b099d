/**
 * Tool-tip samples (flat tick, seq, x, y, z while an instrument is active) cut into movements.
 */

/** Fields per sample in `ParticipantTelemetry.samples`. */
export const SAMPLE_STRIDE = 5;
/** A pause longer than this without a sample (1/3 s) ends a movement, ticks. */
export const MOVEMENT_GAP_TICKS = 30;

/** A run of samples, as sample indices [start, end). */
export interface MovementSegment {
  start: number;
  end: number;
}

/**
 * Splits samples into runs wherever an activation began (`runStarts`, sample indices) or
 * consecutive samples are more than `gapTicks` apart.
 */
export function movementSegments(
  samples: readonly number[],
  gapTicks = MOVEMENT_GAP_TICKS,
  runStarts: readonly number[] = [],
): MovementSegment[] {
  const count = Math.floor(samples.length / SAMPLE_STRIDE);
  const starts = new Set(runStarts);
  const out: MovementSegment[] = [];
  let start = 0;
  for (let k = 1; k <= count; k++) {
    if (
      k === count ||
      starts.has(k) ||
      samples[k * SAMPLE_STRIDE]! - samples[(k - 1) * SAMPLE_STRIDE]! > gapTicks
    ) {
      out.push({ start, end: k });
      start = k;
    }
  }
  return out;
}

/** Tool-tip path length within the segments, metres (jumps across pauses don't count). */
export function pathLength(samples: readonly number[], segments: readonly MovementSegment[]) {
  let length = 0;
  for (const { start, end } of segments) {
    for (let k = start + 1; k < end; k++) {
      const a = (k - 1) * SAMPLE_STRIDE;
      const b = k * SAMPLE_STRIDE;
      const dx = samples[b + 2]! - samples[a + 2]!;
      const dy = samples[b + 3]! - samples[a + 3]!;
      const dz = samples[b + 4]! - samples[a + 4]!;
      length += Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return length;
}

/** Seqs of the samples in the segments. */
export function segmentSeqs(samples: readonly number[], segments: readonly MovementSegment[]) {
  const seqs: number[] = [];
  for (const { start, end } of segments)
    for (let k = start; k < end; k++) seqs.push(samples[k * SAMPLE_STRIDE + 1]!);
  return seqs;
}
