import { describe, expect, it } from 'vitest';
import { emptyTelemetry, type ParticipantTelemetry } from '../telemetry.js';
import { LDJ_EXPERT, LDJ_NOVICE } from './references.js';
import { ldjScore, logDimensionlessJerk, smoothness } from './smoothness.js';

const minimumJerk = (u: number) => {
  const c = Math.min(1, Math.max(0, u));
  return c * c * c * (10 - 15 * c + 6 * c * c);
};
/** K minimum-jerk submovements one after the other, each ending at rest. */
const stopAndGo = (K: number) => (u: number) => {
  const s = Math.min(K - 1, Math.floor(u * K));
  return (s + minimumJerk(u * K - s)) / K;
};

type Point = [number, number, number];
interface Piece {
  ticks: number;
  at: (u: number) => Point;
}

/** Telemetry of a tip following `pieces` one after the other, a µm-quantized pose every `every` ticks. */
function scripted(pieces: Piece[], every = 3, startTick = 0): ParticipantTelemetry {
  const t = emptyTelemetry('u', 'U', 'surgeon');
  let tick = startTick;
  let seq = 0;
  const push = (p: Point) =>
    t.samples.push(tick, ++seq, ...(p.map((v) => Math.round(v * 1e6) / 1e6) as Point));
  push(pieces[0]!.at(0));
  for (const piece of pieces) {
    for (let k = every; k <= piece.ticks; k += every) {
      tick += every;
      push(piece.at(k / piece.ticks));
    }
  }
  return t;
}
const DEPTH = 0.0025;
const stroke = (ticks: number, profile = minimumJerk, wander = (_u: number) => 0): Piece => ({
  ticks,
  at: (u) => [-0.03 + 0.06 * profile(u), -DEPTH, wander(u)],
});
const plunge: Piece = {
  ticks: 24,
  at: (u) => [-0.03, 0.004 - (0.004 + DEPTH) * minimumJerk(u), 0],
};
const lift: Piece = { ticks: 24, at: (u) => [0.03, -DEPTH + (0.004 + DEPTH) * minimumJerk(u), 0] };

describe('log dimensionless jerk', () => {
  it('of a minimum-jerk movement is −ln(720 / 1.875²) ≈ −5.32', () => {
    // Analytic profile, finely sampled, no filter: the finite differences converge to the integral.
    const n = 2001;
    const x = Float64Array.from({ length: n }, (_, i) => 0.06 * minimumJerk(i / (n - 1)));
    const m = logDimensionlessJerk([x], 1 / (n - 1))!;
    expect(m.ldj).toBeCloseTo(-Math.log(720 / (1.875 * 1.875)), 2);
    expect(m.durationS).toBeCloseTo(1, 12);
    expect(m.peakSpeedMS).toBeCloseTo(1.875 * 0.06, 4);
  });

  it('does not depend on amplitude or duration (it is dimensionless)', () => {
    const series = (amp: number, n: number) =>
      Float64Array.from({ length: n }, (_, i) => amp * minimumJerk(i / (n - 1)));
    const a = logDimensionlessJerk([series(0.06, 1001)], 1 / 1000)!.ldj;
    const b = logDimensionlessJerk([series(0.01, 1001)], 3 / 1000)!.ldj;
    expect(b).toBeCloseTo(a, 6);
  });

  it('is null for a tip that did not move', () => {
    expect(logDimensionlessJerk([new Float64Array(10).fill(0.01)], 1 / 90)).toBeNull();
  });
});

describe('smoothness', () => {
  it.each([
    { name: 'minimum-jerk stroke, 1 s', t: scripted([stroke(90)]), min: 95, max: 100 },
    { name: 'minimum-jerk stroke, 4 s', t: scripted([stroke(360)]), min: 95, max: 100 },
    { name: 'minimum-jerk stroke, 10 s', t: scripted([stroke(900)]), min: 95, max: 100 },
    {
      name: 'minimum-jerk stroke, a pose every tick',
      t: scripted([stroke(360)], 1),
      min: 95,
      max: 100,
    },
    {
      name: 'stroke with plunge and lift',
      t: scripted([plunge, stroke(360), lift]),
      min: 95,
      max: 100,
    },
    { name: 'two submovements', t: scripted([stroke(360, stopAndGo(2))]), min: 60, max: 90 },
    { name: 'four submovements', t: scripted([stroke(360, stopAndGo(4))]), min: 25, max: 55 },
    { name: 'eight submovements', t: scripted([stroke(360, stopAndGo(8))]), min: 0, max: 20 },
    { name: 'twelve submovements', t: scripted([stroke(360, stopAndGo(12))]), min: 0, max: 5 },
    {
      name: 'wandering ±4 mm',
      t: scripted([stroke(360, minimumJerk, (u) => 0.004 * Math.sin(5 * Math.PI * u))]),
      min: 15,
      max: 50,
    },
  ])('$name: $min–$max', ({ t, min, max }) => {
    const s = smoothness(t);
    expect(s.applicable).toBe(true);
    expect(s.score).toBeGreaterThanOrEqual(min);
    expect(s.score).toBeLessThanOrEqual(max);
  });

  it('ranks a smooth stroke above a jerky one, and fewer submovements above more', () => {
    const scores = [1, 2, 4, 8].map(
      (K) => smoothness(scripted([stroke(360, stopAndGo(K))])).measures.ldj!,
    );
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('splits movements at pauses longer than 30 ticks and weights them by duration', () => {
    const t = scripted([stroke(180)]);
    const second = scripted([stroke(180, stopAndGo(8))], 3, 1000);
    t.samples.push(...second.samples.map((v, i) => (i % 5 === 1 ? v + 1000 : v)));
    const s = smoothness(t);
    expect(s.measures.movements).toBe(2);
    const a = smoothness(scripted([stroke(180)])).measures.ldj!;
    const b = smoothness(second).measures.ldj!;
    expect(s.measures.ldj).toBeCloseTo((a + b) / 2, 9);
    expect(s.evidence).toHaveLength(t.samples.length / 5);
  });

  it('does not apply with fewer than four samples in every movement', () => {
    const t = emptyTelemetry('u', 'U', 'assistant');
    t.samples.push(0, 1, 0, 0, 0, 3, 2, 0.001, 0, 0, 6, 3, 0.002, 0, 0);
    expect(smoothness(t)).toMatchObject({ applicable: false, score: 100, evidence: [] });
  });

  it('maps the references linearly to 0–100', () => {
    expect(ldjScore(LDJ_EXPERT)).toBe(100);
    expect(ldjScore(LDJ_EXPERT + 3)).toBe(100);
    expect(ldjScore(LDJ_NOVICE)).toBe(0);
    expect(ldjScore(LDJ_NOVICE - 3)).toBe(0);
    expect(ldjScore((LDJ_EXPERT + LDJ_NOVICE) / 2)).toBe(50);
  });
});
