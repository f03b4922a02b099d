import type { ScenarioDefinition } from '../scenarios/definitions.js';
import type { Bite, Stroke } from '../telemetry.js';
import { coverage, distanceToSegment, forEachSegment, lineLength, type Line } from './geometry.js';
import { clamp01, evidenceOf, round1 } from './numbers.js';
import type { SubScore } from './types.js';

/** The planned line and the stroke paths are sampled this often, metres. */
export const SAMPLE_STEP_M = 0.001;
/** Mean distance, in tolerances, at which accuracy reaches 0. */
const ACCURACY_ZERO_AT_TOLERANCES = 2;
/** Weights of placement, spacing regularity and tied bites in suture precision. */
const SUTURE_WEIGHTS = { placement: 0.4, regularity: 0.3, tied: 0.3 } as const;

/**
 * Mean distance of the strokes to the planned segment, weighted by length: every stroke segment
 * is cut in pieces of about 1 mm and each piece counts its midpoint's distance times its length.
 */
export function meanDistanceToLine(strokes: readonly Stroke[], line: Line): number {
  const [ax, az] = line.from;
  const [bx, bz] = line.to;
  let weighted = 0;
  let length = 0;
  let pointSum = 0;
  let points = 0;
  for (const stroke of strokes) {
    const p = stroke.points;
    for (let k = 0; k + 2 < p.length; k += 3) {
      pointSum += distanceToSegment(p[k]!, p[k + 1]!, ax, az, bx, bz);
      points += 1;
    }
    forEachSegment(stroke, (x0, z0, x1, z1) => {
      const dx = x1 - x0;
      const dz = z1 - z0;
      const len = Math.sqrt(dx * dx + dz * dz);
      if (!(len > 0)) return;
      const pieces = Math.max(1, Math.floor(len / SAMPLE_STEP_M + 0.5));
      for (let i = 0; i < pieces; i++) {
        const f = (i + 0.5) / pieces;
        weighted += distanceToSegment(x0 + dx * f, z0 + dz * f, ax, az, bx, bz) * (len / pieces);
      }
      length += len;
    });
  }
  if (length > 0) return weighted / length;
  return points > 0 ? pointSum / points : Infinity;
}

/**
 * Precision of an incision: accuracy (1 at the line, 0 at two tolerances of mean distance) times
 * coverage (share of the planned line, every 1 mm, within tolerance of a stroke).
 */
export function incisionPrecision(
  strokes: readonly Stroke[],
  planned: NonNullable<ScenarioDefinition['plannedIncision']>,
): SubScore {
  const meanDistanceM = meanDistanceToLine(strokes, planned);
  const accuracy = clamp01(1 - meanDistanceM / (ACCURACY_ZERO_AT_TOLERANCES * planned.toleranceM));
  const covered =
    strokes.length > 0 ? coverage(planned, strokes, planned.toleranceM, SAMPLE_STEP_M) : 0;
  return {
    score: round1(100 * accuracy * covered),
    applicable: true,
    evidence: evidenceOf(strokes.flatMap((s) => s.seqs)),
    measures: {
      meanDistanceM: strokes.length > 0 ? meanDistanceM : 0,
      accuracy,
      coverage: covered,
      plannedLengthM: lineLength(planned),
    },
  };
}

/** Whether both punctures of a bite lie within the bite band. */
export function biteInBand(
  bite: Bite,
  sutures: NonNullable<ScenarioDefinition['sutures']>,
): boolean {
  const ok = (offset: number) => offset >= sutures.biteMinM && offset <= sutures.biteMaxM;
  return ok(bite.entry.offsetM) && ok(bite.exit.offsetM);
}

/** Positions of the bites along the wound (projection of each bite's midpoint), ascending. */
export function bitePositions(bites: readonly Bite[], wound: Line): number[] {
  const len = lineLength(wound);
  const ux = len > 0 ? (wound.to[0] - wound.from[0]) / len : 1;
  const uz = len > 0 ? (wound.to[1] - wound.from[1]) / len : 0;
  return bites
    .map((b) => {
      const mx = (b.entry.x + b.exit.x) / 2 - wound.from[0];
      const mz = (b.entry.z + b.exit.z) / 2 - wound.from[1];
      return mx * ux + mz * uz;
    })
    .sort((a, b) => a - b);
}

/**
 * Spacing regularity: 1 − mean |gap − spacingM| / spacingM over the gaps between neighbouring
 * bites, clamped to [0, 1]. With fewer than two bites it is 0 when the task wants several.
 */
export function spacingRegularity(positions: readonly number[], spacingM: number, count: number) {
  if (positions.length < 2) return count > 1 ? 0 : 1;
  let deviation = 0;
  for (let k = 1; k < positions.length; k++) {
    deviation += Math.abs(positions[k]! - positions[k - 1]! - spacingM);
  }
  return clamp01(1 - deviation / (positions.length - 1) / spacingM);
}

/**
 * Precision of interrupted sutures: 0.4 × share of bites with both punctures in the bite band
 * + 0.3 × spacing regularity + 0.3 × tied bites / wanted count.
 */
export function suturePrecision(
  bites: readonly Bite[],
  sutures: NonNullable<ScenarioDefinition['sutures']>,
  wound: Line,
): SubScore {
  const inBand = bites.filter((b) => biteInBand(b, sutures)).length;
  const placement = bites.length > 0 ? inBand / bites.length : 0;
  const regularity = spacingRegularity(
    bitePositions(bites, wound),
    sutures.spacingM,
    sutures.count,
  );
  const tied = bites.filter((b) => b.tiedSeq !== null).length;
  const tiedShare = sutures.count > 0 ? Math.min(tied, sutures.count) / sutures.count : 1;
  const value =
    SUTURE_WEIGHTS.placement * placement +
    SUTURE_WEIGHTS.regularity * regularity +
    SUTURE_WEIGHTS.tied * tiedShare;
  return {
    score: round1(100 * clamp01(value)),
    applicable: true,
    evidence: evidenceOf(
      bites.flatMap((b) => [b.entry.seq, b.exit.seq, ...(b.tiedSeq === null ? [] : [b.tiedSeq])]),
    ),
    measures: { bites: bites.length, bitesInBand: inBand, placement, regularity, tiedBites: tied },
  };
}
