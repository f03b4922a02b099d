import { BAND_VERTICAL, type Slab } from './slab.js';

/** A kinematic sphere that pushes particles out (an instrument tip pressing the tissue). */
export interface ContactSphere {
  x: number;
  y: number;
  z: number;
  radius: number;
  /** Only particles of layers below this index are pushed (0: none, 1: surface, 2: skin layers). */
  layers: number;
}

/** A particle held at an offset from an instrument (grasping, retraction, a tied suture end). */
export interface Attachment {
  particle: number;
  /** Target position, metres. */
  x: number;
  y: number;
  z: number;
  compliance: number;
  /** Force at which it lets go, newtons (slip); Infinity never. */
  slipForceN: number;
  /** Set by the solver when it slipped this step. */
  slipped: boolean;
}

/** A point-to-point constraint between two points on the tissue (a tied suture). */
export interface Stitch {
  /** Particles of the two points, with barycentric weights (three each). */
  a: Int32Array;
  wa: Float64Array;
  b: Int32Array;
  wb: Float64Array;
  restM: number;
  compliance: number;
}

export interface StepInput {
  /** Step length, seconds (one tick). */
  dtS: number;
  substeps: number;
  gravityY: number;
  /** Velocity damping per second. */
  damping: number;
  contacts: readonly ContactSphere[];
  attachments: readonly Attachment[];
  stitches: readonly Stitch[];
}

/** What a step did that the world must know: constraints that tore this step. */
export interface StepResult {
  torn: number[];
}

/**
 * One tick of XPBD with small steps: `substeps` × (predict, one Gauss–Seidel pass over every
 * constraint in index order, velocity update). Only + − × ÷ and sqrt, so it is bit-reproducible.
 */
export function stepSlab(slab: Slab, input: StepInput): StepResult {
  const h = input.dtS / input.substeps;
  const h2 = h * h;
  const { pos, prev, vel, invMass } = slab;
  const count = slab.count;
  const torn: number[] = [];
  const keep = 1 - input.damping * h > 0 ? 1 - input.damping * h : 0;
  for (let s = 0; s < input.substeps; s++) {
    const last = s === input.substeps - 1;
    for (let p = 0; p < count; p++) {
      const o = p * 3;
      prev[o] = pos[o]!;
      prev[o + 1] = pos[o + 1]!;
      prev[o + 2] = pos[o + 2]!;
      if (invMass[p] === 0) continue;
      vel[o + 1] = vel[o + 1]! + input.gravityY * h;
      pos[o] = pos[o]! + vel[o]! * h;
      pos[o + 1] = pos[o + 1]! + vel[o + 1]! * h;
      pos[o + 2] = pos[o + 2]! + vel[o + 2]! * h;
    }
    projectDistances(slab, h2, last ? torn : null);
    // Every substep: projecting volumes on alternate substeps only left a limit cycle of
    // ~0.2 m/s substep velocities that tore thin skin (measured), though it halved the cost.
    projectVolumes(slab, h2);
    for (const stitch of input.stitches) projectStitch(slab, stitch, h2);
    for (const att of input.attachments) projectAttachment(slab, att, h2);
    for (const c of input.contacts) projectContact(slab, c);
    for (let p = 0; p < count; p++) {
      if (invMass[p] === 0) continue;
      const o = p * 3;
      vel[o] = ((pos[o]! - prev[o]!) / h) * keep;
      vel[o + 1] = ((pos[o + 1]! - prev[o + 1]!) / h) * keep;
      vel[o + 2] = ((pos[o + 2]! - prev[o + 2]!) / h) * keep;
    }
  }
  return { torn };
}

function projectDistances(slab: Slab, h2: number, torn: number[] | null): void {
  const { pos, invMass, dA, dB, dRest, dCompliance, dActive, dBand } = slab;
  const tearLimit = 1 + slab.spec.tearStrain;
  for (let e = 0; e < dA.length; e++) {
    if (dActive[e] === 0) continue;
    const a = dA[e]!;
    const b = dB[e]!;
    const wa = invMass[a]!;
    const wb = invMass[b]!;
    const w = wa + wb;
    if (w === 0) continue;
    const oa = a * 3;
    const ob = b * 3;
    const dx = pos[oa]! - pos[ob]!;
    const dy = pos[oa + 1]! - pos[ob + 1]!;
    const dz = pos[oa + 2]! - pos[ob + 2]!;
    const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (len < 1e-12) continue;
    const rest = dRest[e]!;
    if (torn !== null && len > rest * tearLimit && dBand[e] !== BAND_VERTICAL) {
      dActive[e] = 0;
      torn.push(e);
      continue;
    }
    const lambda = -(len - rest) / (w + dCompliance[e]! / h2);
    const k = lambda / len;
    pos[oa] = pos[oa]! + dx * k * wa;
    pos[oa + 1] = pos[oa + 1]! + dy * k * wa;
    pos[oa + 2] = pos[oa + 2]! + dz * k * wa;
    pos[ob] = pos[ob]! - dx * k * wb;
    pos[ob + 1] = pos[ob + 1]! - dy * k * wb;
    pos[ob + 2] = pos[ob + 2]! - dz * k * wb;
  }
}

function projectVolumes(slab: Slab, h2: number): void {
  const { pos, invMass, tA, tB, tC, tD, tRest, tActive } = slab;
  const alpha = slab.spec.volumeCompliance / h2;
  for (let t = 0; t < tA.length; t++) {
    if (tActive[t] === 0) continue;
    const a = tA[t]! * 3;
    const b = tB[t]! * 3;
    const c = tC[t]! * 3;
    const d = tD[t]! * 3;
    const wa = invMass[tA[t]!]!;
    const wb = invMass[tB[t]!]!;
    const wc = invMass[tC[t]!]!;
    const wd = invMass[tD[t]!]!;
    if (wa + wb + wc + wd === 0) continue;
    const ax = pos[a]!;
    const ay = pos[a + 1]!;
    const az = pos[a + 2]!;
    const bx = pos[b]! - ax;
    const by = pos[b + 1]! - ay;
    const bz = pos[b + 2]! - az;
    const cx = pos[c]! - ax;
    const cy = pos[c + 1]! - ay;
    const cz = pos[c + 2]! - az;
    const dx = pos[d]! - ax;
    const dy = pos[d + 1]! - ay;
    const dz = pos[d + 2]! - az;
    // Gradients of V = (b × c)·d / 6 with respect to b, c, d; a's is minus their sum.
    const gbx = (cy * dz - cz * dy) / 6;
    const gby = (cz * dx - cx * dz) / 6;
    const gbz = (cx * dy - cy * dx) / 6;
    const gcx = (dy * bz - dz * by) / 6;
    const gcy = (dz * bx - dx * bz) / 6;
    const gcz = (dx * by - dy * bx) / 6;
    const gdx = (by * cz - bz * cy) / 6;
    const gdy = (bz * cx - bx * cz) / 6;
    const gdz = (bx * cy - by * cx) / 6;
    const gax = -(gbx + gcx + gdx);
    const gay = -(gby + gcy + gdy);
    const gaz = -(gbz + gcz + gdz);
    const volume = bx * gbx + by * gby + bz * gbz;
    const denom =
      wa * (gax * gax + gay * gay + gaz * gaz) +
      wb * (gbx * gbx + gby * gby + gbz * gbz) +
      wc * (gcx * gcx + gcy * gcy + gcz * gcz) +
      wd * (gdx * gdx + gdy * gdy + gdz * gdz) +
      alpha;
    if (denom < 1e-30) continue;
    const lambda = -(volume - tRest[t]!) / denom;
    pos[a] = ax + lambda * wa * gax;
    pos[a + 1] = ay + lambda * wa * gay;
    pos[a + 2] = az + lambda * wa * gaz;
    pos[b] = pos[b]! + lambda * wb * gbx;
    pos[b + 1] = pos[b + 1]! + lambda * wb * gby;
    pos[b + 2] = pos[b + 2]! + lambda * wb * gbz;
    pos[c] = pos[c]! + lambda * wc * gcx;
    pos[c + 1] = pos[c + 1]! + lambda * wc * gcy;
    pos[c + 2] = pos[c + 2]! + lambda * wc * gcz;
    pos[d] = pos[d]! + lambda * wd * gdx;
    pos[d + 1] = pos[d + 1]! + lambda * wd * gdy;
    pos[d + 2] = pos[d + 2]! + lambda * wd * gdz;
  }
}

function projectAttachment(slab: Slab, att: Attachment, h2: number): void {
  const p = att.particle;
  const w = slab.invMass[p]!;
  if (w === 0 || att.slipped) return;
  const o = p * 3;
  const dx = slab.pos[o]! - att.x;
  const dy = slab.pos[o + 1]! - att.y;
  const dz = slab.pos[o + 2]! - att.z;
  const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (len < 1e-12) return;
  const alpha = att.compliance / h2;
  const lambda = -len / (w + alpha);
  // |λ| / h² is the constraint force.
  if (-lambda / h2 > att.slipForceN) {
    att.slipped = true;
    return;
  }
  const k = (lambda * w) / len;
  slab.pos[o] = slab.pos[o]! + dx * k;
  slab.pos[o + 1] = slab.pos[o + 1]! + dy * k;
  slab.pos[o + 2] = slab.pos[o + 2]! + dz * k;
}

function projectContact(slab: Slab, c: ContactSphere): void {
  if (c.layers === 0) return;
  const { pos, invMass, perLayer } = slab;
  const r2 = c.radius * c.radius;
  const end = perLayer * c.layers;
  const n = slab.n;
  const spacing = slab.spec.spacingM;
  const half = ((n - 1) * spacing) / 2;
  // Only the grid columns under the sphere (rest positions are a regular grid).
  const reach = Math.floor(c.radius / spacing) + 2;
  const ci = Math.floor((c.x + half) / spacing);
  const cj = Math.floor((c.z + half) / spacing);
  for (let layerStart = 0; layerStart < end; layerStart += perLayer) {
    for (let j = Math.max(0, cj - reach); j <= Math.min(n - 1, cj + reach); j++) {
      for (let i = Math.max(0, ci - reach); i <= Math.min(n - 1, ci + reach); i++) {
        const p = layerStart + j * n + i;
        if (invMass[p] === 0) continue;
        const o = p * 3;
        const dx = pos[o]! - c.x;
        const dy = pos[o + 1]! - c.y;
        const dz = pos[o + 2]! - c.z;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 >= r2) continue;
        const d = Math.sqrt(d2);
        if (d < 1e-9) {
          pos[o + 1] = c.y - c.radius;
          continue;
        }
        const k = c.radius / d;
        pos[o] = c.x + dx * k;
        pos[o + 1] = c.y + dy * k;
        pos[o + 2] = c.z + dz * k;
      }
    }
  }
}

/** Projects a tied suture: the two barycentric points pulled together to `restM`. */
function projectStitch(slab: Slab, stitch: Stitch, h2: number): void {
  const { pos, invMass } = slab;
  let ax = 0;
  let ay = 0;
  let az = 0;
  let bx = 0;
  let by = 0;
  let bz = 0;
  let w = 0;
  for (let k = 0; k < 3; k++) {
    const pa = stitch.a[k]!;
    const pb = stitch.b[k]!;
    const fa = stitch.wa[k]!;
    const fb = stitch.wb[k]!;
    ax += pos[pa * 3]! * fa;
    ay += pos[pa * 3 + 1]! * fa;
    az += pos[pa * 3 + 2]! * fa;
    bx += pos[pb * 3]! * fb;
    by += pos[pb * 3 + 1]! * fb;
    bz += pos[pb * 3 + 2]! * fb;
    w += invMass[pa]! * fa * fa + invMass[pb]! * fb * fb;
  }
  const dx = ax - bx;
  const dy = ay - by;
  const dz = az - bz;
  const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (len <= stitch.restM || len < 1e-12 || w === 0) return;
  const lambda = -(len - stitch.restM) / (w + stitch.compliance / h2);
  const nx = dx / len;
  const ny = dy / len;
  const nz = dz / len;
  for (let k = 0; k < 3; k++) {
    const pa = stitch.a[k]!;
    const pb = stitch.b[k]!;
    const sa = lambda * invMass[pa]! * stitch.wa[k]!;
    const sb = lambda * invMass[pb]! * stitch.wb[k]!;
    pos[pa * 3] = pos[pa * 3]! + nx * sa;
    pos[pa * 3 + 1] = pos[pa * 3 + 1]! + ny * sa;
    pos[pa * 3 + 2] = pos[pa * 3 + 2]! + nz * sa;
    pos[pb * 3] = pos[pb * 3]! - nx * sb;
    pos[pb * 3 + 1] = pos[pb * 3 + 1]! - ny * sb;
    pos[pb * 3 + 2] = pos[pb * 3 + 2]! - nz * sb;
  }
}
