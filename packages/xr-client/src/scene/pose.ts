import type { Tool } from '@scrubin/protocol';

/** Instruments whose blade cuts when active (their edge follows the motion on desktop). */
export const CUTTING_TOOLS: ReadonlySet<Tool> = new Set(['scalpel', 'scissors', 'cautery']);
/** Instruments with jaws: Space closes them instead of switching them on. */
export const GRASPING_TOOLS: ReadonlySet<Tool> = new Set(['forceps', 'needle-driver', 'retractor']);

/**
 * Writes into `out` (x, y, z, w) the rotation about +y that turns the instrument's local +x (the
 * blade's edge) along the surface direction (dx, dz); the World reads the edge the same way.
 */
export function yawQuaternion(yaw: number, out: Float64Array | number[]): void {
  out[0] = 0;
  out[1] = Math.sin(yaw / 2);
  out[2] = 0;
  out[3] = Math.cos(yaw / 2);
}

/** The yaw (radians about +y) that points local +x along (dx, dz). */
export function yawAlong(dx: number, dz: number): number {
  return Math.atan2(-dz, dx);
}

/** The blade edge direction (x, z) of a rotation, as the World computes it. */
export function edgeOf(q: ArrayLike<number>): [number, number] {
  const [qx, qy, qz, qw] = [q[0]!, q[1]!, q[2]!, q[3]!];
  const ex = 1 - 2 * (qy * qy + qz * qz);
  const ez = 2 * (qx * qz - qw * qy);
  const len = Math.sqrt(ex * ex + ez * ez);
  return len > 1e-6 ? [ex / len, ez / len] : [0, 0];
}

/** The tip's height as people say it: "2.5 mm deep", "10.0 mm above", "on the surface". */
export function describeDepth(tipY: number): string {
  const mm = Math.abs(tipY) * 1000;
  if (mm < 0.05) return 'on the surface';
  return tipY < 0 ? `${mm.toFixed(1)} mm deep` : `${mm.toFixed(1)} mm above`;
}
