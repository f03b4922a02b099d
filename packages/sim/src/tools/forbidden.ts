import type { ForbiddenZone } from '../scenarios/definitions.js';

/** Squared distance from a point to a zone's axis segment. */
function distanceToAxis2(zone: ForbiddenZone, x: number, y: number, z: number): number {
  const [ax, ay, az] = zone.a;
  const [bx, by, bz] = zone.b;
  const abx = bx - ax;
  const aby = by - ay;
  const abz = bz - az;
  const len2 = abx * abx + aby * aby + abz * abz;
  let t = len2 > 0 ? ((x - ax) * abx + (y - ay) * aby + (z - az) * abz) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = x - (ax + abx * t);
  const dy = y - (ay + aby * t);
  const dz = z - (az + abz * t);
  return dx * dx + dy * dy + dz * dz;
}

/** Whether an instrument tip is inside a forbidden zone. */
export function checkForbidden(
  zone: ForbiddenZone,
  tip: readonly [number, number, number],
): boolean {
  return distanceToAxis2(zone, tip[0], tip[1], tip[2]) < zone.radiusM * zone.radiusM;
}

/** Whether a cut from (x0, z0) to (x1, z1) reaching `depthM` goes into the zone (sampled every 0.5 mm). */
export function cutCrossesZone(
  zone: ForbiddenZone,
  x0: number,
  z0: number,
  x1: number,
  z1: number,
  depthM: number,
): boolean {
  const dx = x1 - x0;
  const dz = z1 - z0;
  const steps = Math.max(1, Math.floor(Math.sqrt(dx * dx + dz * dz) / 0.0005) + 1);
  const r2 = zone.radiusM * zone.radiusM;
  for (let s = 0; s <= steps; s++) {
    const x = x0 + (dx * s) / steps;
    const z = z0 + (dz * s) / steps;
    if (distanceToAxis2(zone, x, -depthM, z) < r2) return true;
  }
  return false;
}
