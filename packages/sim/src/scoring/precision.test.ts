import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/definitions.js';
import type { Bite, Stroke } from '../telemetry.js';
import {
  incisionPrecision,
  meanDistanceToLine,
  spacingRegularity,
  suturePrecision,
} from './precision.js';

const planned = SCENARIOS['skin-incision'].plannedIncision!; // (−3 cm, 0) → (3 cm, 0), 2 mm
const sutures = SCENARIOS['interrupted-suture'].sutures!; // 4 bites, 2–6 mm, 8 mm apart
const wound = SCENARIOS['interrupted-suture'].laceration!;

/** A straight stroke from (x0, z0) to (x1, z1) at `depth`, in `pieces` segments. */
function line(x0: number, z0: number, x1: number, z1: number, depth = 0.0025, pieces = 10) {
  const points: number[] = [];
  const seqs: number[] = [];
  for (let k = 0; k <= pieces; k++) {
    points.push(x0 + ((x1 - x0) * k) / pieces, z0 + ((z1 - z0) * k) / pieces, depth);
    if (k > 0) seqs.push(100 + k);
  }
  return { tool: 'scalpel', points, seqs } satisfies Stroke;
}

describe('incision precision', () => {
  it.each([
    {
      name: 'along the whole line',
      strokes: [line(-0.03, 0, 0.03, 0)],
      mean: 0,
      cov: 1,
      score: 100,
    },
    {
      name: '1 mm off, parallel',
      strokes: [line(-0.03, 0.001, 0.03, 0.001)],
      mean: 0.001,
      cov: 1,
      score: 75,
    },
    {
      name: '3 mm off: outside the tolerance',
      strokes: [line(-0.03, 0.003, 0.03, 0.003)],
      mean: 0.003,
      cov: 0,
      score: 0,
    },
    // 30 of the 61 samples under it, one more within tolerance past its end.
    {
      name: 'half the line',
      strokes: [line(-0.03, 0, -0.0005, 0)],
      mean: 0,
      cov: 32 / 61,
      score: 52.5,
    },
    // 1 cm past the end: the overshoot averages 5 mm over 1 of 7 cm.
    {
      name: 'overshooting the end',
      strokes: [line(-0.03, 0, 0.04, 0, 0.0025, 70)],
      mean: 0.005 / 7,
      cov: 1,
      score: 82.1,
    },
    {
      name: 'two strokes meeting',
      strokes: [line(-0.03, 0, 0, 0), line(0, 0, 0.03, 0)],
      mean: 0,
      cov: 1,
      score: 100,
    },
  ])('$name', ({ strokes, mean, cov, score }) => {
    const s = incisionPrecision(strokes, planned);
    expect(s.measures.meanDistanceM).toBeCloseTo(mean, 6);
    expect(s.measures.coverage).toBeCloseTo(cov, 6);
    expect(s.score).toBe(score);
    expect(s.applicable).toBe(true);
  });

  it('scores 0 with no strokes', () => {
    const s = incisionPrecision([], planned);
    expect(s).toMatchObject({ score: 0, evidence: [] });
    expect(s.measures.coverage).toBe(0);
  });

  it('weights the mean distance by length, not by how densely the points come', () => {
    // 5 cm on the line in one segment; 1 cm 2 mm off in fifty segments.
    const strokes = [
      line(-0.03, 0, 0.02, 0, 0.0025, 1),
      line(0.02, 0.002, 0.03, 0.002, 0.0025, 50),
    ];
    expect(meanDistanceToLine(strokes, planned)).toBeCloseTo((0.01 * 0.002) / 0.06, 9);
  });

  it('lists the seqs of the strokes as evidence, ascending and once each', () => {
    const a = { ...line(-0.03, 0, 0, 0, 0.0025, 2), seqs: [9, 4] };
    const b = { ...line(0, 0, 0.03, 0, 0.0025, 2), seqs: [4, 12] };
    expect(incisionPrecision([a, b], planned).evidence).toEqual([4, 9, 12]);
  });
});

let seq = 0;
/** A bite across the wound at x: entry `inM` below the line, exit `outM` above it. */
function bite(x: number, inM: number, outM: number, tied: boolean): Bite {
  const entry = { tick: seq, seq: ++seq, x, z: -inM, side: -1, offsetM: inM };
  const exit = { tick: seq, seq: ++seq, x, z: outM, side: 1, offsetM: outM };
  return { entry, exit, tiedSeq: tied ? ++seq : null };
}
const EVEN = [-0.012, -0.004, 0.004, 0.012];

describe('suture precision', () => {
  it.each([
    {
      name: 'four even bites in the band, tied',
      bites: EVEN.map((x) => bite(x, 0.004, 0.004, true)),
      score: 100,
    },
    {
      name: 'the same, none tied',
      bites: EVEN.map((x) => bite(x, 0.004, 0.004, false)),
      score: 70,
    },
    {
      name: 'two bites too shallow (1 mm)',
      bites: EVEN.map((x, i) => bite(x, i < 2 ? 0.001 : 0.004, 0.004, true)),
      score: 80,
    },
    {
      name: 'one bite too wide (7 mm) on the exit side',
      bites: EVEN.map((x, i) => bite(x, 0.004, i === 0 ? 0.007 : 0.004, true)),
      score: 90,
    },
    {
      // Gaps 2, 14 and 8 mm: mean deviation 4 mm of 8.
      name: 'uneven spacing',
      bites: [-0.012, -0.01, 0.004, 0.012].map((x) => bite(x, 0.004, 0.004, true)),
      score: 85,
    },
    { name: 'a single good bite, tied', bites: [bite(0, 0.004, 0.004, true)], score: 47.5 },
    { name: 'no bites', bites: [], score: 0 },
  ])('$name', ({ bites, score }) => {
    expect(suturePrecision(bites, sutures, wound).score).toBe(score);
  });

  it('cites the punctures and ties of every bite', () => {
    const b = bite(0, 0.004, 0.004, true);
    expect(suturePrecision([b], sutures, wound).evidence).toEqual([
      b.entry.seq,
      b.exit.seq,
      b.tiedSeq,
    ]);
  });

  it.each([
    { positions: [0, 0.008, 0.016], want: 1 },
    { positions: [0, 0.004, 0.008], want: 0.5 },
    { positions: [0, 0.024], want: 0 },
    { positions: [0], want: 0 },
  ])('spacing regularity of $positions is $want', ({ positions, want }) => {
    expect(spacingRegularity(positions, 0.008, 4)).toBeCloseTo(want, 9);
  });
});
