import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { edgeOf } from '../scene/pose.js';
import { BODY_TILT_RAD, TIP_REACH_M, instrumentPoseFromGrip } from './grip-pose.js';

/** The instrument model's body direction (from the tip back along the handle). */
const BODY = new Vector3(-Math.cos(BODY_TILT_RAD), Math.sin(BODY_TILT_RAD), 0);

function pose(grip: Vector3, rotation: Quaternion) {
  const position = new Float64Array(3);
  const out = new Float64Array(4);
  instrumentPoseFromGrip(grip.toArray(), rotation.toArray(), position, out);
  const q = new Quaternion(out[0], out[1], out[2], out[3]);
  return { tip: new Vector3(...position), rotation: q, raw: out };
}

const axis = (x: number, y: number, z: number, angle: number) =>
  new Quaternion().setFromAxisAngle(new Vector3(x, y, z).normalize(), angle);

describe('instrumentPoseFromGrip', () => {
  const grips = [
    { name: 'level fist', rotation: new Quaternion() },
    { name: 'fist pitched down', rotation: axis(1, 0, 0, -Math.PI / 4) },
    { name: 'fist turned and rolled', rotation: axis(0.3, 1, -0.2, 2.1) },
  ];

  it.each(grips)('keeps the tip $name at the reach and the body along the hand', ({ rotation }) => {
    const grip = new Vector3(0.4, 0.5, -0.1);
    const { tip, rotation: q } = pose(grip, rotation);
    expect(tip.distanceTo(grip)).toBeCloseTo(TIP_REACH_M, 9);
    expect(q.length()).toBeCloseTo(1, 9);
    // The body points from the tip back toward the grip.
    const body = BODY.clone().applyQuaternion(q);
    const back = grip.clone().sub(tip).normalize();
    expect(body.dot(back)).toBeCloseTo(1, 9);
    // The blade's flat side faces the thumb's side of the fist (grip +x).
    const flat = new Vector3(0, 0, 1).applyQuaternion(q);
    expect(flat.dot(new Vector3(1, 0, 0).applyQuaternion(rotation))).toBeCloseTo(1, 9);
  });

  it('points 45° below the fist: a level fist holds the tip forward and down', () => {
    const { tip } = pose(new Vector3(), new Quaternion());
    expect(tip.x).toBeCloseTo(0, 12);
    expect(tip.y).toBeCloseTo(-TIP_REACH_M * Math.SQRT1_2, 12);
    expect(tip.z).toBeCloseTo(-TIP_REACH_M * Math.SQRT1_2, 12);
  });

  it.each([
    { name: 'facing −z', yaw: 0, edge: [0, 1] },
    { name: 'facing −x (beside the table)', yaw: Math.PI / 2, edge: [1, 0] },
  ])('points straight down with the edge forward when $name', ({ yaw, edge }) => {
    // Wrist bent down 45°: the instrument axis is vertical.
    const rotation = axis(0, 1, 0, yaw).multiply(axis(1, 0, 0, -Math.PI / 4));
    const grip = new Vector3(0.2, 0.3, 0.1);
    const { tip, raw } = pose(grip, rotation);
    expect(tip.x).toBeCloseTo(grip.x, 12);
    expect(tip.z).toBeCloseTo(grip.z, 12);
    expect(tip.y).toBeCloseTo(grip.y - TIP_REACH_M, 12);
    // The World reads the edge as local +x projected on the surface: along the facing direction.
    const [ex, ez] = edgeOf(raw);
    expect(Math.abs(ex)).toBeCloseTo(edge[0]!, 9);
    expect(Math.abs(ez)).toBeCloseTo(edge[1]!, 9);
  });
});
