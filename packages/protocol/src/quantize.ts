/**
 * Quantization of poses before they enter the log: positions in integer micrometres,
 * rotations as int16-scaled unit quaternions. The simulation consumes these integers only.
 */
export const MICROMETRES_PER_METRE = 1_000_000;
export const QUATERNION_SCALE = 32767;

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];

/** Metres → integer micrometres. */
export function quantizeMetres(m: number): number {
  return Math.round(m * MICROMETRES_PER_METRE);
}

/** A point in metres → integer micrometres. */
export function quantizePoint(p: readonly [number, number, number]): Vec3 {
  return [quantizeMetres(p[0]), quantizeMetres(p[1]), quantizeMetres(p[2])];
}

/** A quaternion → unit length → int16 components. A zero quaternion becomes the identity. */
export function quantizeQuaternion(q: readonly [number, number, number, number]): Quat {
  const len = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  if (!(len > 1e-9)) return [0, 0, 0, QUATERNION_SCALE];
  return [
    Math.round((q[0] / len) * QUATERNION_SCALE),
    Math.round((q[1] / len) * QUATERNION_SCALE),
    Math.round((q[2] / len) * QUATERNION_SCALE),
    Math.round((q[3] / len) * QUATERNION_SCALE),
  ];
}

/** Integer micrometres → metres. */
export function micrometresToMetres(p: readonly [number, number, number]): Vec3 {
  return [p[0] / MICROMETRES_PER_METRE, p[1] / MICROMETRES_PER_METRE, p[2] / MICROMETRES_PER_METRE];
}

/** Int16 quaternion → float quaternion. */
export function dequantizeQuaternion(q: readonly [number, number, number, number]): Quat {
  return [
    q[0] / QUATERNION_SCALE,
    q[1] / QUATERNION_SCALE,
    q[2] / QUATERNION_SCALE,
    q[3] / QUATERNION_SCALE,
  ];
}
