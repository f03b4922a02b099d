import { World } from '@scrubin/sim';
import { describe, expect, it } from 'vitest';
import {
  countSevered,
  gridTriangles,
  surfaceEdges,
  triangleEdges,
  writeTriangleMask,
} from './surface-topology.js';

describe('surface topology', () => {
  const slab = new World({ scenario: 'skin-incision', tier: 'low' }).slab;
  const triangles = gridTriangles(slab.n);

  it('makes two triangles per cell, wound with normals up', () => {
    expect(triangles.length).toBe((slab.n - 1) * (slab.n - 1) * 6);
    const p = slab.pos;
    for (let t = 0; t < triangles.length; t += 3) {
      const [a, b, c] = [triangles[t]! * 3, triangles[t + 1]! * 3, triangles[t + 2]! * 3];
      const ux = p[b]! - p[a]!;
      const uz = p[b + 2]! - p[a + 2]!;
      const vx = p[c]! - p[a]!;
      const vz = p[c + 2]! - p[a + 2]!;
      // y component of (b − a) × (c − a).
      expect(uz * vx - ux * vz).toBeGreaterThan(0);
    }
  });

  it('finds a surface constraint along every triangle edge', () => {
    const edges = triangleEdges(slab, triangles);
    expect(edges.every((e) => e >= 0 && slab.dBand[e] === 0)).toBe(true);
    expect(surfaceEdges(slab).length).toBe(
      // Structure in x and z plus one diagonal per cell.
      2 * slab.n * (slab.n - 1) + (slab.n - 1) * (slab.n - 1),
    );
  });

  it('hides the triangles beside a severed edge and reports the change', () => {
    const edges = triangleEdges(slab, triangles);
    const dActive = new Uint8Array(slab.dActive);
    const mask = new Uint8Array(triangles.length / 3).fill(1);
    expect(writeTriangleMask(dActive, edges, mask)).toBe(false);
    // An interior edge borders two triangles.
    const cut = edges[3 * (slab.n * 4 + 4)]!;
    dActive[cut] = 0;
    expect(writeTriangleMask(dActive, edges, mask)).toBe(true);
    expect(mask.filter((v) => v === 0).length).toBe(2);
    expect(countSevered(dActive, surfaceEdges(slab))).toBe(1);
    expect(writeTriangleMask(dActive, edges, mask)).toBe(false);
  });
});
