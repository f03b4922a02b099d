import { BAND_BOUNDARY, BAND_SURFACE, type Slab } from './slab.js';

/**
 * Severs the in-layer constraints whose rest segment crosses the blade's path from (x0, z0) to
 * (x1, z1), in the bands the blade reached: the surface band when it is below the surface at
 * all, the boundary band when it went through the skin. Tets that use a severed edge go too.
 * Returns how many constraints it severed.
 */
export function cutAlong(
  slab: Slab,
  x0: number,
  z0: number,
  x1: number,
  z1: number,
  depthM: number,
): number {
  if (!(depthM > 0)) return 0;
  const throughSkin = depthM >= slab.spec.skinThicknessM;
  const { rest, dA, dB, dBand, dActive, cellStart, cellEdges, edgeTetStart, edgeTets, tActive } =
    slab;
  const n = slab.n;
  const cells = n - 1;
  const spacing = slab.spec.spacingM;
  const half = (cells * spacing) / 2;
  const i0 = clampCell(Math.floor((Math.min(x0, x1) + half) / spacing), cells);
  const i1 = clampCell(Math.floor((Math.max(x0, x1) + half) / spacing), cells);
  const j0 = clampCell(Math.floor((Math.min(z0, z1) + half) / spacing), cells);
  const j1 = clampCell(Math.floor((Math.max(z0, z1) + half) / spacing), cells);
  let severed = 0;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const cell = j * cells + i;
      for (let k = cellStart[cell]!; k < cellStart[cell + 1]!; k++) {
        const e = cellEdges[k]!;
        if (dActive[e] === 0) continue;
        const band = dBand[e];
        if (band !== BAND_SURFACE && !(band === BAND_BOUNDARY && throughSkin)) continue;
        const a = dA[e]! * 3;
        const b = dB[e]! * 3;
        if (!segmentsCross(rest[a]!, rest[a + 2]!, rest[b]!, rest[b + 2]!, x0, z0, x1, z1))
          continue;
        dActive[e] = 0;
        severed++;
        for (let t = edgeTetStart[e]!; t < edgeTetStart[e + 1]!; t++) tActive[edgeTets[t]!] = 0;
      }
    }
  }
  return severed;
}

function clampCell(c: number, cells: number): number {
  return c < 0 ? 0 : c >= cells ? cells - 1 : c;
}

/** Whether segment p (p0→p1) crosses segment q (q0→q1) in the plane. */
export function segmentsCross(
  p0x: number,
  p0z: number,
  p1x: number,
  p1z: number,
  q0x: number,
  q0z: number,
  q1x: number,
  q1z: number,
): boolean {
  const d1 = orient(q0x, q0z, q1x, q1z, p0x, p0z);
  const d2 = orient(q0x, q0z, q1x, q1z, p1x, p1z);
  const d3 = orient(p0x, p0z, p1x, p1z, q0x, q0z);
  const d4 = orient(p0x, p0z, p1x, p1z, q1x, q1z);
  // Half-open on the edge's side: an endpoint exactly on the blade path counts as below it, so
  // a cut along a grid line severs the edges on one side once, not none or both.
  return d1 > 0 !== d2 > 0 && ((d3 >= 0 && d4 <= 0) || (d3 <= 0 && d4 >= 0));
}

function orient(ax: number, az: number, bx: number, bz: number, cx: number, cz: number): number {
  return (bx - ax) * (cz - az) - (bz - az) * (cx - ax);
}
