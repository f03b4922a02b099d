import type { ScenarioDefinition } from '../scenarios/definitions.js';
import type { Bite, Stroke } from '../telemetry.js';
import { forEachSegment } from './geometry.js';
import { evidenceOf, percent } from './numbers.js';
import { biteInBand } from './precision.js';
import type { SubScore } from './types.js';

/** Share of the incision's length whose depth lies in the target band. */
export function incisionDepth(
  strokes: readonly Stroke[],
  band: NonNullable<ScenarioDefinition['targetDepthM']>,
): SubScore {
  let total = 0;
  let inBand = 0;
  let deepest = 0;
  for (const stroke of strokes) {
    forEachSegment(stroke, (x0, z0, x1, z1, depth) => {
      const dx = x1 - x0;
      const dz = z1 - z0;
      const len = Math.sqrt(dx * dx + dz * dz);
      total += len;
      if (depth >= band.min && depth <= band.max) inBand += len;
      if (depth > deepest) deepest = depth;
    });
  }
  const share = total > 0 ? inBand / total : 0;
  return {
    score: percent(share),
    applicable: true,
    evidence: evidenceOf(strokes.flatMap((s) => s.seqs)),
    measures: { incisionLengthM: total, inBandLengthM: inBand, share, deepestM: deepest },
  };
}

/** Suturing: share of bites whose punctures both lie in the bite band (the needle's depth proxy). */
export function sutureDepth(
  bites: readonly Bite[],
  sutures: NonNullable<ScenarioDefinition['sutures']>,
): SubScore {
  const inBand = bites.filter((b) => biteInBand(b, sutures)).length;
  const share = bites.length > 0 ? inBand / bites.length : 0;
  return {
    score: percent(share),
    applicable: true,
    evidence: evidenceOf(bites.flatMap((b) => [b.entry.seq, b.exit.seq])),
    measures: { bites: bites.length, bitesInBand: inBand, share },
  };
}
