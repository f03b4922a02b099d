import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/definitions.js';
import type { Bite, Stroke } from '../telemetry.js';
import { incisionDepth, sutureDepth } from './depth.js';

const band = SCENARIOS['skin-incision'].targetDepthM!; // 1.8–3.5 mm
const sutures = SCENARIOS['interrupted-suture'].sutures!; // bites 2–6 mm each side

/** A stroke along x from 0 with one segment per depth, each `len` long. */
function stroke(depths: number[], len = 0.01): Stroke {
  const points = [0, 0, depths[0] ?? 0];
  depths.forEach((d, k) => points.push((k + 1) * len, 0, d));
  return { tool: 'scalpel', points, seqs: depths.map((_, k) => k + 1) };
}

describe('incision depth', () => {
  it.each([
    { name: 'all at 2.5 mm', strokes: [stroke([0.0025, 0.0025, 0.0025])], score: 100 },
    { name: 'band edges count', strokes: [stroke([0.0018, 0.0035])], score: 100 },
    { name: 'half too shallow', strokes: [stroke([0.001, 0.0025])], score: 50 },
    { name: 'too deep', strokes: [stroke([0.005, 0.006])], score: 0 },
    {
      name: 'a quarter of the length in band',
      strokes: [stroke([0.0025], 0.01), stroke([0.001], 0.03)],
      score: 25,
    },
    { name: 'no strokes', strokes: [], score: 0 },
  ])('$name → $score', ({ strokes, score }) => {
    expect(incisionDepth(strokes, band).score).toBe(score);
  });

  it('reports lengths and the deepest point', () => {
    const s = incisionDepth([stroke([0.001, 0.003])], band);
    expect(s.measures).toMatchObject({ deepestM: 0.003, share: 0.5 });
    expect(s.measures.incisionLengthM).toBeCloseTo(0.02, 12);
    expect(s.evidence).toEqual([1, 2]);
  });
});

function bite(inM: number, outM: number, seq: number): Bite {
  return {
    entry: { tick: 0, seq, x: 0, z: -inM, side: -1, offsetM: inM },
    exit: { tick: 0, seq: seq + 1, x: 0, z: outM, side: 1, offsetM: outM },
    tiedSeq: null,
  };
}

describe('suture depth', () => {
  it.each([
    {
      name: 'all bites in band',
      bites: [bite(0.003, 0.004, 1), bite(0.002, 0.006, 3)],
      score: 100,
    },
    {
      name: 'one of two too shallow',
      bites: [bite(0.001, 0.004, 1), bite(0.004, 0.004, 3)],
      score: 50,
    },
    {
      name: 'one of four too wide',
      bites: [1, 3, 5, 7].map((s) => bite(s === 1 ? 0.0065 : 0.004, 0.004, s)),
      score: 75,
    },
    { name: 'no bites', bites: [], score: 0 },
  ])('$name → $score', ({ bites, score }) => {
    expect(sutureDepth(bites, sutures).score).toBe(score);
  });
});
