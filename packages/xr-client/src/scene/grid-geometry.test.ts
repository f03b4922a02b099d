import { describe, expect, it } from 'vitest';
import { gridTriangles } from '../sim/surface-topology.js';
import {
  embed,
  placeEmbedded,
  restGrid,
  writeGridNormals,
  writeVisibleIndex,
} from './grid-geometry.js';

describe('grid geometry', () => {
  const n = 5;
  const triangles = gridTriangles(n);

  it('draws only the triangles the mask shows', () => {
    const mask = new Uint8Array(triangles.length / 3).fill(1);
    mask[1] = 0;
    const out = new Uint32Array(triangles.length);
    const count = writeVisibleIndex(triangles, mask, out);
    expect(count).toBe(triangles.length - 3);
    expect(Array.from(out.subarray(0, 3))).toEqual(Array.from(triangles.subarray(0, 3)));
    expect(Array.from(out.subarray(3, 6))).toEqual(Array.from(triangles.subarray(6, 9)));
  });

  it('computes upward normals on a flat grid and tilted ones on a slope', () => {
    const pos = restGrid(n, 0.01);
    const normals = new Float32Array(pos.length);
    writeGridNormals(pos, n, normals);
    for (let k = 0; k < normals.length; k += 3) expect(normals[k + 1]).toBeCloseTo(1, 6);
    // Raise y with x: the normal leans toward −x.
    for (let k = 0; k < pos.length; k += 3) pos[k + 1] = pos[k]!;
    writeGridNormals(pos, n, normals);
    expect(normals[0]).toBeCloseTo(-Math.SQRT1_2, 5);
    expect(normals[1]).toBeCloseTo(Math.SQRT1_2, 5);
  });

  it.each([
    [0.003, -0.007],
    [-0.011, 0.004],
    [0.0, 0.0],
    [0.019, 0.019],
  ])('embeds (%f, %f) and places it back where it was', (x, z) => {
    const spacing = 0.01;
    const pos = restGrid(n, spacing);
    const e = embed(x, z, n, spacing, triangles);
    expect(e.wa + e.wb + e.wc).toBeCloseTo(1, 9);
    const out = new Float32Array(3);
    placeEmbedded(e, pos, out, 0, 0.001);
    expect(out[0]).toBeCloseTo(x, 6);
    expect(out[1]).toBeCloseTo(0.001, 6);
    expect(out[2]).toBeCloseTo(z, 6);
  });
});
