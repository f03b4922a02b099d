import type { Slab } from '@scrubin/sim';

/** Band of the slab's in-layer surface constraints (`dBand`). */
const BAND_SURFACE = 0;

/**
 * Triangles of one layer of an n×n grid, three vertex indices each (within the layer), two per
 * cell, split along the same diagonal as the slab's shear constraint (so every triangle edge is
 * a constraint) and wound counter-clockwise seen from +y (normals up).
 */
export function gridTriangles(n: number): Uint32Array {
  const cells = n - 1;
  const out = new Uint32Array(cells * cells * 6);
  let k = 0;
  for (let j = 0; j < cells; j++) {
    for (let i = 0; i < cells; i++) {
      const a = j * n + i;
      const b = a + 1;
      const d = a + n;
      const c = d + 1;
      if ((i + j) % 2 === 0) {
        // Diagonal a–c.
        out.set([a, d, c, a, c, b], k);
      } else {
        // Diagonal b–d.
        out.set([a, d, b, b, d, c], k);
      }
      k += 6;
    }
  }
  return out;
}

/** The slab's surface (band 0, layer 0) constraint indices. */
export function surfaceEdges(slab: Pick<Slab, 'dBand' | 'dA' | 'perLayer'>): Int32Array {
  const list: number[] = [];
  for (let e = 0; e < slab.dBand.length; e++) {
    if (slab.dBand[e] === BAND_SURFACE && slab.dA[e]! < slab.perLayer) list.push(e);
  }
  return Int32Array.from(list);
}

/**
 * For each triangle of {@link gridTriangles}, the indices of the three surface constraints along
 * its edges (−1 where an edge is not a constraint, which does not happen on the slab's grid).
 */
export function triangleEdges(
  slab: Pick<Slab, 'dA' | 'dB' | 'dBand' | 'perLayer'>,
  triangles: Uint32Array,
): Int32Array {
  const key = (a: number, b: number) => (a < b ? a * slab.perLayer + b : b * slab.perLayer + a);
  const byKey = new Map<number, number>();
  for (const e of surfaceEdges(slab)) byKey.set(key(slab.dA[e]!, slab.dB[e]!), e);
  const out = new Int32Array(triangles.length);
  for (let t = 0; t < triangles.length; t += 3) {
    const a = triangles[t]!;
    const b = triangles[t + 1]!;
    const c = triangles[t + 2]!;
    out[t] = byKey.get(key(a, b)) ?? -1;
    out[t + 1] = byKey.get(key(b, c)) ?? -1;
    out[t + 2] = byKey.get(key(c, a)) ?? -1;
  }
  return out;
}

/**
 * Writes the visibility of each triangle into `out` (1 shown, 0 hidden when one of its surface
 * edges is severed: `dActive === 0`) and tells whether anything changed.
 */
export function writeTriangleMask(
  dActive: Uint8Array,
  edgesOfTriangles: Int32Array,
  out: Uint8Array,
): boolean {
  let changed = false;
  for (let t = 0, k = 0; k < edgesOfTriangles.length; t++, k += 3) {
    const e0 = edgesOfTriangles[k]!;
    const e1 = edgesOfTriangles[k + 1]!;
    const e2 = edgesOfTriangles[k + 2]!;
    const shown =
      (e0 < 0 || dActive[e0] !== 0) &&
      (e1 < 0 || dActive[e1] !== 0) &&
      (e2 < 0 || dActive[e2] !== 0)
        ? 1
        : 0;
    if (out[t] !== shown) {
      out[t] = shown;
      changed = true;
    }
  }
  return changed;
}

/** How many of `edges` are severed or torn. */
export function countSevered(dActive: Uint8Array, edges: Int32Array): number {
  let count = 0;
  for (let k = 0; k < edges.length; k++) if (dActive[edges[k]!] === 0) count++;
  return count;
}

/** Copies layer `layer` of the slab's positions (Float64, xyz) into `out` (Float32). */
export function copyLayer(
  slab: Pick<Slab, 'pos' | 'perLayer'>,
  layer: number,
  out: Float32Array,
): void {
  const start = layer * slab.perLayer * 3;
  const { pos } = slab;
  for (let k = 0; k < out.length; k++) out[k] = pos[start + k]!;
}
