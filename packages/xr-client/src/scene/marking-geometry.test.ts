import { describe, expect, it } from 'vitest';
import { gridTriangles } from '../sim/surface-topology.js';
import { dashedRibbon, sutureTargets } from './marking-geometry.js';

describe('markings', () => {
  it('lays dashes along the line', () => {
    const grid = { n: 41, spacingM: 0.0025, triangles: gridTriangles(41) };
    const ribbon = dashedRibbon([-0.03, 0], [0.03, 0], 0.001, 0.003, 0.002, grid);
    // 60 mm in 5 mm periods: 12 dashes of three 1 mm pieces.
    expect(ribbon.quads.length).toBe(36);
    expect(ribbon.embeddings.length).toBe(12 * 8);
  });

  it('places suture bites on both sides of the wound, spaced along it', () => {
    const targets = sutureTargets(
      { from: [-0.02, 0], to: [0.02, 0] },
      { count: 4, biteMinM: 0.002, biteMaxM: 0.006, spacingM: 0.008 },
    );
    expect(targets).toHaveLength(8);
    expect(targets[0]![0]).toBeCloseTo(-0.012);
    expect(targets[0]![1]).toBeCloseTo(0.004);
    expect(targets[1]![1]).toBeCloseTo(-0.004);
    expect(targets[6]![0]).toBeCloseTo(0.012);
  });
});
