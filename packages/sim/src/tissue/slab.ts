/**
 * The tissue mesh: a slab of particles in layers (surface, skin/deep boundary, fixed base) on a
 * square grid, with distance constraints (in-layer structure and shear, vertical) and volume
 * constraints (tetrahedra), stored as struct-of-arrays. Frame: metres, y up, surface at y = 0,
 * centred on the origin in x and z.
 */

/** Geometry and material of a slab. */
export interface SlabSpec {
  /** Particles per side. */
  gridSize: number;
  /** Particle spacing, metres. */
  spacingM: number;
  /** Thickness of the skin layer (surface to boundary), metres. */
  skinThicknessM: number;
  /** Thickness of the deeper layer (boundary to base), metres. */
  deepThicknessM: number;
  /** In-layer rest lengths shrink by this fraction, so cut edges pull apart. */
  pretension: number;
  /** XPBD compliance of skin / deep / vertical distance constraints, m/N. */
  skinCompliance: number;
  deepCompliance: number;
  /** XPBD compliance of volume constraints. */
  volumeCompliance: number;
  /** Strain beyond which a distance constraint tears. */
  tearStrain: number;
}

/** Which band of the slab a distance constraint lies in (for cut depth). */
export const BAND_SURFACE = 0;
export const BAND_BOUNDARY = 1;
export const BAND_VERTICAL = 2;

export interface Slab {
  spec: SlabSpec;
  n: number;
  /** Particles per layer. */
  perLayer: number;
  count: number;
  /** Current positions, previous positions, velocities, rest positions: xyz interleaved. */
  pos: Float64Array;
  prev: Float64Array;
  vel: Float64Array;
  rest: Float64Array;
  invMass: Float64Array;
  // Distance constraints.
  dA: Int32Array;
  dB: Int32Array;
  dRest: Float64Array;
  dCompliance: Float64Array;
  dBand: Uint8Array;
  /** 1 while intact, 0 once severed or torn. */
  dActive: Uint8Array;
  // Volume constraints (tetrahedra).
  tA: Int32Array;
  tB: Int32Array;
  tC: Int32Array;
  tD: Int32Array;
  tRest: Float64Array;
  tActive: Uint8Array;
  /** For each distance constraint, the tets that use its edge (CSR). */
  edgeTetStart: Int32Array;
  edgeTets: Int32Array;
  /** For each grid cell (n−1)², the in-layer distance constraints crossing it (CSR), for cutting. */
  cellStart: Int32Array;
  cellEdges: Int32Array;
}

/** Particle index of grid point (i, j) on layer l. */
export function particleIndex(
  slab: Pick<Slab, 'n' | 'perLayer'>,
  l: number,
  i: number,
  j: number,
): number {
  return l * slab.perLayer + j * slab.n + i;
}

/** Builds the slab at rest: perimeter and base fixed. */
export function buildSlab(spec: SlabSpec): Slab {
  const n = spec.gridSize;
  const perLayer = n * n;
  const count = perLayer * 3;
  const half = ((n - 1) * spec.spacingM) / 2;
  const layerY = [0, -spec.skinThicknessM, -(spec.skinThicknessM + spec.deepThicknessM)];
  const pos = new Float64Array(count * 3);
  const invMass = new Float64Array(count);
  const idx = (l: number, i: number, j: number) => l * perLayer + j * n + i;
  for (let l = 0; l < 3; l++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const p = idx(l, i, j);
        pos[p * 3] = -half + i * spec.spacingM;
        pos[p * 3 + 1] = layerY[l]!;
        pos[p * 3 + 2] = -half + j * spec.spacingM;
        const perimeter = i === 0 || j === 0 || i === n - 1 || j === n - 1;
        invMass[p] = l === 2 || perimeter ? 0 : 1;
      }
    }
  }

  const dA: number[] = [];
  const dB: number[] = [];
  const dBand: number[] = [];
  const dCompliance: number[] = [];
  const dRest: number[] = [];
  const dist = (a: number, b: number) => {
    const dx = pos[a * 3]! - pos[b * 3]!;
    const dy = pos[a * 3 + 1]! - pos[b * 3 + 1]!;
    const dz = pos[a * 3 + 2]! - pos[b * 3 + 2]!;
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  };
  const addDistance = (a: number, b: number, band: number, compliance: number, shrink: number) => {
    dA.push(a);
    dB.push(b);
    dBand.push(band);
    dCompliance.push(compliance);
    dRest.push(dist(a, b) * (1 - shrink));
  };
  // In-layer structure and one shear diagonal per cell (alternating, so there is no bias).
  for (let l = 0; l < 2; l++) {
    const compliance = l === 0 ? spec.skinCompliance : spec.deepCompliance;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        if (i + 1 < n) addDistance(idx(l, i, j), idx(l, i + 1, j), l, compliance, spec.pretension);
        if (j + 1 < n) addDistance(idx(l, i, j), idx(l, i, j + 1), l, compliance, spec.pretension);
        if (i + 1 < n && j + 1 < n) {
          if ((i + j) % 2 === 0)
            addDistance(idx(l, i, j), idx(l, i + 1, j + 1), l, compliance, spec.pretension);
          else addDistance(idx(l, i + 1, j), idx(l, i, j + 1), l, compliance, spec.pretension);
        }
      }
    }
  }
  // Vertical columns.
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      addDistance(idx(0, i, j), idx(1, i, j), BAND_VERTICAL, spec.skinCompliance, 0);
      addDistance(idx(1, i, j), idx(2, i, j), BAND_VERTICAL, spec.deepCompliance, 0);
    }
  }

  // Five tetrahedra per hexahedral cell in both layers, mirrored on alternate cells so faces match.
  const tA: number[] = [];
  const tB: number[] = [];
  const tC: number[] = [];
  const tD: number[] = [];
  for (let l = 0; l < 2; l++) {
    for (let j = 0; j + 1 < n; j++) {
      for (let i = 0; i + 1 < n; i++) {
        const c = [
          idx(l, i, j),
          idx(l, i + 1, j),
          idx(l, i + 1, j + 1),
          idx(l, i, j + 1),
          idx(l + 1, i, j),
          idx(l + 1, i + 1, j),
          idx(l + 1, i + 1, j + 1),
          idx(l + 1, i, j + 1),
        ];
        const tets =
          (i + j + l) % 2 === 0
            ? [
                [0, 1, 3, 4],
                [1, 2, 3, 6],
                [1, 4, 5, 6],
                [3, 4, 6, 7],
                [1, 3, 4, 6],
              ]
            : [
                [0, 1, 2, 5],
                [0, 2, 3, 7],
                [0, 4, 5, 7],
                [2, 5, 6, 7],
                [0, 2, 5, 7],
              ];
        for (const t of tets) {
          tA.push(c[t[0]!]!);
          tB.push(c[t[1]!]!);
          tC.push(c[t[2]!]!);
          tD.push(c[t[3]!]!);
        }
      }
    }
  }
  const tRest = new Float64Array(tA.length);
  for (let t = 0; t < tA.length; t++) tRest[t] = tetVolume(pos, tA[t]!, tB[t]!, tC[t]!, tD[t]!);

  const slab: Slab = {
    spec,
    n,
    perLayer,
    count,
    pos,
    prev: new Float64Array(pos),
    vel: new Float64Array(count * 3),
    rest: new Float64Array(pos),
    invMass,
    dA: Int32Array.from(dA),
    dB: Int32Array.from(dB),
    dRest: Float64Array.from(dRest),
    dCompliance: Float64Array.from(dCompliance),
    dBand: Uint8Array.from(dBand),
    dActive: new Uint8Array(dA.length).fill(1),
    tA: Int32Array.from(tA),
    tB: Int32Array.from(tB),
    tC: Int32Array.from(tC),
    tD: Int32Array.from(tD),
    tRest,
    tActive: new Uint8Array(tA.length).fill(1),
    edgeTetStart: new Int32Array(0),
    edgeTets: new Int32Array(0),
    cellStart: new Int32Array(0),
    cellEdges: new Int32Array(0),
  };
  indexEdgeTets(slab);
  indexCells(slab);
  return slab;
}

/** Signed volume of a tetrahedron (a, b, c, d) in `pos`. */
export function tetVolume(pos: Float64Array, a: number, b: number, c: number, d: number): number {
  const ax = pos[a * 3]!;
  const ay = pos[a * 3 + 1]!;
  const az = pos[a * 3 + 2]!;
  const bx = pos[b * 3]! - ax;
  const by = pos[b * 3 + 1]! - ay;
  const bz = pos[b * 3 + 2]! - az;
  const cx = pos[c * 3]! - ax;
  const cy = pos[c * 3 + 1]! - ay;
  const cz = pos[c * 3 + 2]! - az;
  const dx = pos[d * 3]! - ax;
  const dy = pos[d * 3 + 1]! - ay;
  const dz = pos[d * 3 + 2]! - az;
  return (bx * (cy * dz - cz * dy) - by * (cx * dz - cz * dx) + bz * (cx * dy - cy * dx)) / 6;
}

function indexEdgeTets(slab: Slab): void {
  const key = (a: number, b: number) => (a < b ? a * slab.count + b : b * slab.count + a);
  const edgeOf = new Map<number, number>();
  for (let e = 0; e < slab.dA.length; e++) edgeOf.set(key(slab.dA[e]!, slab.dB[e]!), e);
  const lists: number[][] = Array.from({ length: slab.dA.length }, () => []);
  for (let t = 0; t < slab.tA.length; t++) {
    const v = [slab.tA[t]!, slab.tB[t]!, slab.tC[t]!, slab.tD[t]!];
    for (let x = 0; x < 4; x++) {
      for (let y = x + 1; y < 4; y++) {
        const e = edgeOf.get(key(v[x]!, v[y]!));
        if (e !== undefined) lists[e]!.push(t);
      }
    }
  }
  const start = new Int32Array(lists.length + 1);
  for (let e = 0; e < lists.length; e++) start[e + 1] = start[e]! + lists[e]!.length;
  slab.edgeTetStart = start;
  slab.edgeTets = Int32Array.from(lists.flat());
}

function indexCells(slab: Slab): void {
  const cells = slab.n - 1;
  const lists: number[][] = Array.from({ length: cells * cells }, () => []);
  for (let e = 0; e < slab.dA.length; e++) {
    if (slab.dBand[e] === BAND_VERTICAL) continue;
    const a = slab.dA[e]! % slab.perLayer;
    const b = slab.dB[e]! % slab.perLayer;
    const i0 = Math.min(a % slab.n, b % slab.n);
    const i1 = Math.max(a % slab.n, b % slab.n);
    const j0 = Math.min(Math.floor(a / slab.n), Math.floor(b / slab.n));
    const j1 = Math.max(Math.floor(a / slab.n), Math.floor(b / slab.n));
    // Every cell the edge borders, so a blade anywhere near it finds it.
    for (let j = Math.max(0, j0 - 1); j <= Math.min(cells - 1, j1); j++) {
      for (let i = Math.max(0, i0 - 1); i <= Math.min(cells - 1, i1); i++)
        lists[j * cells + i]!.push(e);
    }
  }
  const start = new Int32Array(lists.length + 1);
  for (let c = 0; c < lists.length; c++) start[c + 1] = start[c]! + lists[c]!.length;
  slab.cellStart = start;
  slab.cellEdges = Int32Array.from(lists.flat());
}
