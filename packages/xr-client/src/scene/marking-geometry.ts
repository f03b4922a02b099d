import type { SurfacePoint } from '@scrubin/sim';
import { embed, type Embedding } from './grid-geometry.js';

/** A dashed ribbon on the skin along a line: every vertex embedded in the tissue grid. */
export interface DashedRibbon {
  embeddings: Embedding[];
  /** Two triangles per dash quad, as vertex indices. */
  quads: number[][];
}

/**
 * Samples a dashed ribbon along `from`→`to` (surface x, z), `widthM` wide, dashes `dashM` long with
 * `gapM` between them.
 */
export function dashedRibbon(
  from: SurfacePoint,
  to: SurfacePoint,
  widthM: number,
  dashM: number,
  gapM: number,
  grid: { n: number; spacingM: number; triangles: Uint32Array },
): DashedRibbon {
  const dx = to[0] - from[0];
  const dz = to[1] - from[1];
  const length = Math.sqrt(dx * dx + dz * dz);
  const ux = dx / length;
  const uz = dz / length;
  // Perpendicular in the surface plane.
  const px = -uz * (widthM / 2);
  const pz = ux * (widthM / 2);
  const embeddings: Embedding[] = [];
  const quads: number[][] = [];
  const point = (s: number, side: number) =>
    embed(
      from[0] + ux * s + px * side,
      from[1] + uz * s + pz * side,
      grid.n,
      grid.spacingM,
      grid.triangles,
    );
  // Each dash is split in 1 mm pieces so that it follows the tissue as it bends.
  const pieceM = 0.001;
  const period = dashM + gapM;
  const dashes = Math.ceil(length / period - 1e-6);
  for (let d = 0; d < dashes; d++) {
    const start = d * period;
    const end = Math.min(length, start + dashM);
    const pieces = Math.max(1, Math.round((end - start) / pieceM));
    const first = embeddings.length;
    for (let k = 0; k <= pieces; k++) {
      const s = start + ((end - start) * k) / pieces;
      embeddings.push(point(s, -1), point(s, 1));
    }
    for (let v = first; v + 3 < embeddings.length; v += 2) {
      quads.push([v, v + 1, v + 2, v + 1, v + 3, v + 2]);
    }
  }
  return { embeddings, quads };
}

/** Entry and exit targets of interrupted sutures across a laceration (surface x, z). */
export function sutureTargets(
  laceration: { from: SurfacePoint; to: SurfacePoint },
  sutures: { count: number; biteMinM: number; biteMaxM: number; spacingM: number },
): SurfacePoint[] {
  const [x0, z0] = laceration.from;
  const [x1, z1] = laceration.to;
  const dx = x1 - x0;
  const dz = z1 - z0;
  const length = Math.sqrt(dx * dx + dz * dz);
  const ux = dx / length;
  const uz = dz / length;
  const bite = (sutures.biteMinM + sutures.biteMaxM) / 2;
  const mx = (x0 + x1) / 2;
  const mz = (z0 + z1) / 2;
  const out: SurfacePoint[] = [];
  for (let k = 0; k < sutures.count; k++) {
    const along = (k - (sutures.count - 1) / 2) * sutures.spacingM;
    const cx = mx + ux * along;
    const cz = mz + uz * along;
    out.push([cx - uz * bite, cz + ux * bite], [cx + uz * bite, cz - ux * bite]);
  }
  return out;
}
