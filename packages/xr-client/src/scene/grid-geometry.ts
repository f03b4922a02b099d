/**
 * Writes into `out` the vertex indices of the triangles `mask` shows and returns how many indices
 * it wrote (the draw range). Allocates nothing.
 */
export function writeVisibleIndex(
  triangles: Uint32Array,
  mask: Uint8Array,
  out: Uint32Array,
): number {
  let k = 0;
  for (let t = 0; t < mask.length; t++) {
    if (mask[t] === 0) continue;
    const s = t * 3;
    out[k++] = triangles[s]!;
    out[k++] = triangles[s + 1]!;
    out[k++] = triangles[s + 2]!;
  }
  return k;
}

/**
 * Vertex normals of an n×n grid of positions (xyz) from central differences along the grid,
 * written into `out`. Allocates nothing; edges use one-sided differences.
 */
export function writeGridNormals(pos: ArrayLike<number>, n: number, out: Float32Array): void {
  for (let j = 0; j < n; j++) {
    const jm = j > 0 ? j - 1 : j;
    const jp = j < n - 1 ? j + 1 : j;
    for (let i = 0; i < n; i++) {
      const im = i > 0 ? i - 1 : i;
      const ip = i < n - 1 ? i + 1 : i;
      const xp = (j * n + ip) * 3;
      const xm = (j * n + im) * 3;
      const zp = (jp * n + i) * 3;
      const zm = (jm * n + i) * 3;
      // u along i (x), v along j (z); normal = v × u points up.
      const ux = pos[xp]! - pos[xm]!;
      const uy = pos[xp + 1]! - pos[xm + 1]!;
      const uz = pos[xp + 2]! - pos[xm + 2]!;
      const vx = pos[zp]! - pos[zm]!;
      const vy = pos[zp + 1]! - pos[zm + 1]!;
      const vz = pos[zp + 2]! - pos[zm + 2]!;
      let nx = vy * uz - vz * uy;
      let ny = vz * ux - vx * uz;
      let nz = vx * uy - vy * ux;
      const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
      if (len > 1e-12) {
        nx /= len;
        ny /= len;
        nz /= len;
      } else {
        nx = 0;
        ny = 1;
        nz = 0;
      }
      const o = (j * n + i) * 3;
      out[o] = nx;
      out[o + 1] = ny;
      out[o + 2] = nz;
    }
  }
}

/** Rest positions of an n×n grid spaced `spacingM`, centred on the origin at height `y`. */
export function restGrid(n: number, spacingM: number, y = 0): Float32Array {
  const out = new Float32Array(n * n * 3);
  const half = ((n - 1) * spacingM) / 2;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const o = (j * n + i) * 3;
      out[o] = -half + i * spacingM;
      out[o + 1] = y;
      out[o + 2] = -half + j * spacingM;
    }
  }
  return out;
}

/**
 * Where a point of the rest surface lies in the grid: three vertex indices and their barycentric
 * weights, so that it can follow the tissue as it moves (markings drawn on the skin).
 */
export interface Embedding {
  a: number;
  b: number;
  c: number;
  wa: number;
  wb: number;
  wc: number;
  /** The surface triangle it lies in (index into the mask). */
  triangle: number;
}

/** Embeds the rest-surface point (x, z) in the grid of `triangles` (clamped to the grid). */
export function embed(
  x: number,
  z: number,
  n: number,
  spacingM: number,
  triangles: Uint32Array,
): Embedding {
  const cells = n - 1;
  const half = (cells * spacingM) / 2;
  const fx = (x + half) / spacingM;
  const fz = (z + half) / spacingM;
  const i = Math.min(cells - 1, Math.max(0, Math.floor(fx)));
  const j = Math.min(cells - 1, Math.max(0, Math.floor(fz)));
  const u = Math.min(1, Math.max(0, fx - i));
  const v = Math.min(1, Math.max(0, fz - j));
  const cell = j * cells + i;
  // Grid corners: a (0,0), b (1,0), c (1,1), d (0,1) in (u, v).
  const a = j * n + i;
  const b = a + 1;
  const d = a + n;
  const c = d + 1;
  const corner = (index: number): [number, number] =>
    index === a ? [0, 0] : index === b ? [1, 0] : index === c ? [1, 1] : [0, 1];
  for (const t of [cell * 2, cell * 2 + 1]) {
    const p = triangles[t * 3]!;
    const q = triangles[t * 3 + 1]!;
    const r = triangles[t * 3 + 2]!;
    const [px, pz] = corner(p);
    const [qx, qz] = corner(q);
    const [rx, rz] = corner(r);
    const det = (qz - rz) * (px - rx) + (rx - qx) * (pz - rz);
    const wp = ((qz - rz) * (u - rx) + (rx - qx) * (v - rz)) / det;
    const wq = ((rz - pz) * (u - rx) + (px - rx) * (v - rz)) / det;
    const wr = 1 - wp - wq;
    if (wp >= -1e-9 && wq >= -1e-9 && wr >= -1e-9) {
      return { a: p, b: q, c: r, wa: wp, wb: wq, wc: wr, triangle: t };
    }
  }
  // Unreachable for points in the cell; fall back to the nearest corner.
  return { a, b: a, c: a, wa: 1, wb: 0, wc: 0, triangle: cell * 2 };
}

/** Writes the embedded point's position in `pos` (xyz grid) into `out` at `offset`, raised by `lift`. */
export function placeEmbedded(
  e: Embedding,
  pos: ArrayLike<number>,
  out: Float32Array,
  offset: number,
  lift: number,
): void {
  const a = e.a * 3;
  const b = e.b * 3;
  const c = e.c * 3;
  out[offset] = pos[a]! * e.wa + pos[b]! * e.wb + pos[c]! * e.wc;
  out[offset + 1] = pos[a + 1]! * e.wa + pos[b + 1]! * e.wb + pos[c + 1]! * e.wc + lift;
  out[offset + 2] = pos[a + 2]! * e.wa + pos[b + 2]! * e.wb + pos[c + 2]! * e.wc;
}
