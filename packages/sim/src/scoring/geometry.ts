import type { SurfacePoint } from '../scenarios/definitions.js';
import type { Stroke } from '../telemetry.js';

/** Distance in the surface plane from (px, pz) to the segment (ax, az)–(bx, bz), metres. */
export function distanceToSegment(
  px: number,
  pz: number,
  ax: number,
  az: number,
  bx: number,
  bz: number,
): number {
  const dx = bx - ax;
  const dz = bz - az;
  const len2 = dx * dx + dz * dz;
  let t = len2 > 0 ? ((px - ax) * dx + (pz - az) * dz) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = px - (ax + dx * t);
  const ez = pz - (az + dz * t);
  return Math.sqrt(ex * ex + ez * ez);
}

/** A straight line on the surface. */
export interface Line {
  from: SurfacePoint;
  to: SurfacePoint;
}

/** Length of a line, metres. */
export function lineLength(line: Line): number {
  const dx = line.to[0] - line.from[0];
  const dz = line.to[1] - line.from[1];
  return Math.sqrt(dx * dx + dz * dz);
}

/** Points along a line, about `stepM` apart, both ends included. */
export function sampleLine(line: Line, stepM: number): [number, number][] {
  const pieces = Math.max(1, Math.floor(lineLength(line) / stepM + 0.5));
  const out: [number, number][] = [];
  for (let k = 0; k <= pieces; k++) {
    const f = k / pieces;
    out.push([
      line.from[0] + (line.to[0] - line.from[0]) * f,
      line.from[1] + (line.to[1] - line.from[1]) * f,
    ]);
  }
  return out;
}

/** Distance from (px, pz) to the nearest segment of any stroke, metres (Infinity with none). */
export function distanceToStrokes(px: number, pz: number, strokes: readonly Stroke[]): number {
  let best = Infinity;
  for (const stroke of strokes) {
    const p = stroke.points;
    if (p.length === 3)
      best = Math.min(best, distanceToSegment(px, pz, p[0]!, p[1]!, p[0]!, p[1]!));
    for (let k = 3; k + 2 < p.length; k += 3) {
      const d = distanceToSegment(px, pz, p[k - 3]!, p[k - 2]!, p[k]!, p[k + 1]!);
      if (d < best) best = d;
    }
  }
  return best;
}

/** Share of `line` (sampled every `stepM`) within `toleranceM` of some stroke segment. */
export function coverage(
  line: Line,
  strokes: readonly Stroke[],
  toleranceM: number,
  stepM: number,
): number {
  const samples = sampleLine(line, stepM);
  let covered = 0;
  for (const [x, z] of samples) if (distanceToStrokes(x, z, strokes) <= toleranceM) covered += 1;
  return covered / samples.length;
}

/** Calls `visit` for each segment of a stroke with its end points and the depth it reached. */
export function forEachSegment(
  stroke: Stroke,
  visit: (x0: number, z0: number, x1: number, z1: number, depthM: number) => void,
): void {
  const p = stroke.points;
  // Point k carries the depth of the segment that ends at it (see World#cut).
  for (let k = 3; k + 2 < p.length; k += 3)
    visit(p[k - 3]!, p[k - 2]!, p[k]!, p[k + 1]!, p[k + 2]!);
}
