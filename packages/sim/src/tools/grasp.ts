import type { Slab } from '../tissue/slab.js';

/**
 * The surface particles closed jaws take: the `max` nearest to `at` within `radiusM`, nearest
 * first, ties broken by index, so every engine picks the same ones.
 */
export function attachNearest(
  slab: Slab,
  at: readonly [number, number, number],
  radiusM: number,
  max: number,
): number[] {
  const r2 = radiusM * radiusM;
  const found: { p: number; d2: number }[] = [];
  for (let p = 0; p < slab.perLayer; p++) {
    if (slab.invMass[p] === 0) continue;
    const o = p * 3;
    const dx = slab.pos[o]! - at[0];
    const dy = slab.pos[o + 1]! - at[1];
    const dz = slab.pos[o + 2]! - at[2];
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 <= r2) found.push({ p, d2 });
  }
  found.sort((a, b) => a.d2 - b.d2 || a.p - b.p);
  return found.slice(0, max).map((f) => f.p);
}
