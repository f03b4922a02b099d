/**
 * From the dominant controller's grip pose to the instrument's tip pose, allocation-free.
 *
 * Grip space (WebXR): origin in the fist, −z along the fist pointing forward, +y roughly along
 * the thumb. A pen-held instrument points below that axis, like the controller's ray does, so
 * the instrument's axis is the fist's axis pitched down by {@link HOLD_PITCH_RAD}; its tip sits
 * {@link TIP_REACH_M} out along it. The instrument models' frame (instrument-models.ts) has the
 * tip at the origin, the blade's edge along +x and the body rising behind it toward −x, +y at
 * {@link BODY_TILT_RAD}: the body is laid along the hand (back toward the fist), the blade's flat
 * side faces the thumb's side, and so the edge faces forward, away from the hand. A cut is made
 * by drawing the tip along the edge: toward or away from yourself, as with a real scalpel.
 */

/** How far in front of the grip the tip is, metres. */
export const TIP_REACH_M = 0.1;
/** How far below the fist's axis the instrument points, radians (about the controller's ray). */
export const HOLD_PITCH_RAD = Math.PI / 4;
/** The instrument models' body tilt above the surface, radians (instrument-models.ts). */
export const BODY_TILT_RAD = 0.8;

type Quat = readonly [number, number, number, number];

/** q = a·b (x, y, z, w), written into `out` at `at`. */
function multiply(
  ax: number,
  ay: number,
  az: number,
  aw: number,
  bx: number,
  by: number,
  bz: number,
  bw: number,
  out: Float64Array | number[],
  at = 0,
): void {
  out[at] = aw * bx + ax * bw + ay * bz - az * by;
  out[at + 1] = aw * by - ax * bz + ay * bw + az * bx;
  out[at + 2] = aw * bz + ax * by - ay * bx + az * bw;
  out[at + 3] = aw * bw - ax * bx - ay * by - az * bz;
}

/** The rotation whose columns are the given unit axes (a proper rotation matrix), as a quaternion. */
export function quaternionFromBasis(
  x: readonly [number, number, number],
  y: readonly [number, number, number],
  z: readonly [number, number, number],
): [number, number, number, number] {
  const [m11, m21, m31] = x;
  const [m12, m22, m32] = y;
  const [m13, m23, m33] = z;
  const trace = m11 + m22 + m33;
  if (trace > 0) {
    const s = 0.5 / Math.sqrt(trace + 1);
    return [(m32 - m23) * s, (m13 - m31) * s, (m21 - m12) * s, 0.25 / s];
  }
  if (m11 > m22 && m11 > m33) {
    const s = 2 * Math.sqrt(1 + m11 - m22 - m33);
    return [0.25 * s, (m12 + m21) / s, (m13 + m31) / s, (m32 - m23) / s];
  }
  if (m22 > m33) {
    const s = 2 * Math.sqrt(1 + m22 - m11 - m33);
    return [(m12 + m21) / s, 0.25 * s, (m23 + m32) / s, (m13 - m31) / s];
  }
  const s = 2 * Math.sqrt(1 + m33 - m11 - m22);
  return [(m13 + m31) / s, (m23 + m32) / s, 0.25 * s, (m21 - m12) / s];
}

/**
 * The instrument model's rotation in the hand frame (the fist's frame pitched down): its body
 * direction (−cos t, sin t, 0) goes to +z (back toward the fist), its blade's flat normal +z to +x
 * (the thumb's side) and the remaining axis (sin t, cos t, 0) to +y.
 */
function modelInHand(tiltRad: number): Quat {
  const c = Math.cos(tiltRad);
  const s = Math.sin(tiltRad);
  // Images of the model's x and y axes: x = −c·body + s·perp, y = s·body + c·perp.
  const [x, y, z, w] = quaternionFromBasis([0, s, -c], [0, c, s], [1, 0, 0]);
  return [x, y, z, w];
}

/** Hand frame in grip space: a rotation about grip +x by −pitch. */
function handInGrip(pitchRad: number): Quat {
  return [-Math.sin(pitchRad / 2), 0, 0, Math.cos(pitchRad / 2)];
}

const HAND: Quat = handInGrip(HOLD_PITCH_RAD);
const MODEL = modelInHand(BODY_TILT_RAD);
/** The instrument's rotation in grip space. */
export const INSTRUMENT_IN_GRIP: Quat = (() => {
  const out = [0, 0, 0, 0];
  multiply(...HAND, ...MODEL, out);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
})();
/** The tip's position in grip space, metres: out along the hand frame's −z. */
export const TIP_IN_GRIP: readonly [number, number, number] = [
  0,
  -Math.sin(HOLD_PITCH_RAD) * TIP_REACH_M,
  -Math.cos(HOLD_PITCH_RAD) * TIP_REACH_M,
];

/**
 * Writes the instrument's tip position (x, y, z) and rotation (x, y, z, w) for a grip at
 * `position` with rotation `rotation` (both in the scene frame). No allocation.
 */
export function instrumentPoseFromGrip(
  position: ArrayLike<number>,
  rotation: ArrayLike<number>,
  outPosition: Float64Array | number[],
  outRotation: Float64Array | number[],
): void {
  const qx = rotation[0]!;
  const qy = rotation[1]!;
  const qz = rotation[2]!;
  const qw = rotation[3]!;
  // Tip: the grip's rotation applied to TIP_IN_GRIP (v + 2w(u×v) + 2u×(u×v)).
  const vx = TIP_IN_GRIP[0];
  const vy = TIP_IN_GRIP[1];
  const vz = TIP_IN_GRIP[2];
  const tx = 2 * (qy * vz - qz * vy);
  const ty = 2 * (qz * vx - qx * vz);
  const tz = 2 * (qx * vy - qy * vx);
  outPosition[0] = position[0]! + vx + qw * tx + (qy * tz - qz * ty);
  outPosition[1] = position[1]! + vy + qw * ty + (qz * tx - qx * tz);
  outPosition[2] = position[2]! + vz + qw * tz + (qx * ty - qy * tx);
  const [ix, iy, iz, iw] = INSTRUMENT_IN_GRIP;
  multiply(qx, qy, qz, qw, ix, iy, iz, iw, outRotation);
}
