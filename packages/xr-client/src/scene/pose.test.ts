import { describe, expect, it } from 'vitest';
import { describeDepth, edgeOf, yawAlong, yawQuaternion } from './pose.js';

describe('pose', () => {
  it.each([
    [1, 0],
    [0, 1],
    [-1, 0.5],
    [0.3, -0.7],
  ])('turns the blade edge along (%f, %f) as the World reads it', (dx, dz) => {
    const q = new Float64Array(4);
    yawQuaternion(yawAlong(dx, dz), q);
    const [ex, ez] = edgeOf(q);
    const len = Math.sqrt(dx * dx + dz * dz);
    expect(ex).toBeCloseTo(dx / len, 9);
    expect(ez).toBeCloseTo(dz / len, 9);
  });

  it.each([
    [-0.0025, '2.5 mm deep'],
    [0.01, '10.0 mm above'],
    [0, 'on the surface'],
  ])('describes a tip at y = %f as %s', (y, text) => {
    expect(describeDepth(y)).toBe(text);
  });
});
