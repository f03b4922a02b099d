import type { ScenarioDefinition } from '../scenarios/definitions.js';
import type { Bite, Puncture } from '../telemetry.js';
import type { Slab } from '../tissue/slab.js';

/** A point on the surface: a triangle of surface particles and barycentric weights (rest frame). */
export interface SurfacePoint {
  particles: Int32Array;
  weights: Float64Array;
}

/** The surface triangle under (x, z) at rest, or null outside the slab. */
export function surfacePointAt(slab: Slab, x: number, z: number): SurfacePoint | null {
  const n = slab.n;
  const spacing = slab.spec.spacingM;
  const half = ((n - 1) * spacing) / 2;
  const fx = (x + half) / spacing;
  const fz = (z + half) / spacing;
  const i = Math.floor(fx);
  const j = Math.floor(fz);
  if (i < 0 || j < 0 || i >= n - 1 || j >= n - 1) return null;
  const u = fx - i;
  const v = fz - j;
  const p00 = j * n + i;
  const p10 = p00 + 1;
  const p01 = p00 + n;
  const p11 = p01 + 1;
  // The cell's diagonal matches the slab's shear constraint: (0,0)-(1,1) on even cells.
  if ((i + j) % 2 === 0) {
    return u >= v
      ? { particles: Int32Array.of(p00, p10, p11), weights: Float64Array.of(1 - u, u - v, v) }
      : { particles: Int32Array.of(p00, p11, p01), weights: Float64Array.of(1 - v, u, v - u) };
  }
  return u + v <= 1
    ? { particles: Int32Array.of(p00, p10, p01), weights: Float64Array.of(1 - u - v, u, v) }
    : {
        particles: Int32Array.of(p10, p11, p01),
        weights: Float64Array.of(1 - v, u + v - 1, 1 - u),
      };
}

/** What a {@link SutureBook} remembers: punctures waiting for their exit, and every bite. */
export interface SutureState {
  pending: Map<string, Puncture>;
  bites: Bite[];
}

/** Punctures and bites across the wound line, per participant. */
export class SutureBook {
  readonly #line: { ax: number; az: number; dx: number; dz: number; len: number } | null;
  readonly #pending = new Map<string, Puncture>();
  readonly #bites: Bite[] = [];

  constructor(scenario: ScenarioDefinition) {
    const wound = scenario.laceration ?? scenario.plannedIncision;
    if (!wound) {
      this.#line = null;
      return;
    }
    const dx = wound.to[0] - wound.from[0];
    const dz = wound.to[1] - wound.from[1];
    this.#line = {
      ax: wound.from[0],
      az: wound.from[1],
      dx,
      dz,
      len: Math.sqrt(dx * dx + dz * dz),
    };
  }

  /** Records a needle puncture; an entry then an exit on the other side make a bite. */
  puncture(
    userId: string,
    tick: number,
    seq: number,
    x: number,
    z: number,
  ): { puncture: Puncture; bite: Bite | null } {
    const line = this.#line;
    const cross = line ? (line.dx * (z - line.az) - line.dz * (x - line.ax)) / line.len : 0;
    const puncture: Puncture = {
      tick,
      seq,
      x,
      z,
      side: cross > 0 ? 1 : cross < 0 ? -1 : 0,
      offsetM: Math.abs(cross),
    };
    const entry = this.#pending.get(userId);
    if (entry && entry.side !== 0 && puncture.side !== 0 && entry.side !== puncture.side) {
      this.#pending.delete(userId);
      const bite: Bite = { entry, exit: puncture, tiedSeq: null };
      this.#bites.push(bite);
      return { puncture, bite };
    }
    this.#pending.set(userId, puncture);
    return { puncture, bite: null };
  }

  /** Ties the most recent untied bite of anyone (surgeon drives, assistant ties). */
  tieLatest(seq: number): Bite | null {
    for (let k = this.#bites.length - 1; k >= 0; k--) {
      const bite = this.#bites[k]!;
      if (bite.tiedSeq === null) {
        bite.tiedSeq = seq;
        return bite;
      }
    }
    return null;
  }

  get bites(): readonly Bite[] {
    return this.#bites;
  }

  /** Its live state (not a copy: the caller copies it together with what shares its bites). */
  get state(): SutureState {
    return { pending: this.#pending, bites: this.#bites };
  }

  /** Takes over `state` (already a private copy). */
  restore(state: SutureState): void {
    this.#pending.clear();
    for (const [userId, puncture] of state.pending) this.#pending.set(userId, puncture);
    this.#bites.length = 0;
    this.#bites.push(...state.bites);
  }
}

/** Current distance between two surface points, metres. */
export function distanceBetween(slab: Slab, a: SurfacePoint, b: SurfacePoint): number {
  let dx = 0;
  let dy = 0;
  let dz = 0;
  for (let k = 0; k < 3; k++) {
    const pa = a.particles[k]! * 3;
    const pb = b.particles[k]! * 3;
    dx += slab.pos[pa]! * a.weights[k]! - slab.pos[pb]! * b.weights[k]!;
    dy += slab.pos[pa + 1]! * a.weights[k]! - slab.pos[pb + 1]! * b.weights[k]!;
    dz += slab.pos[pa + 2]! * a.weights[k]! - slab.pos[pb + 2]! * b.weights[k]!;
  }
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}
