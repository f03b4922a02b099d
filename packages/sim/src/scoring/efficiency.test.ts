import { describe, expect, it } from 'vitest';
import { emptyTelemetry, type ParticipantTelemetry } from '../telemetry.js';
import { activeTimeS, efficiency } from './efficiency.js';
import { movementSegments, pathLength } from './movement.js';

const reference = { pathLengthM: 0.07, timeS: 20 };

/**
 * Telemetry of a tip moving along x: `lengthM` in straight steps, one sample every `every`
 * ticks over `ticks` ticks, active from the first sample to the last.
 */
function along(lengthM: number, ticks: number, every = 3): ParticipantTelemetry {
  const t = emptyTelemetry('u', 'U', 'surgeon');
  let seq = 0;
  for (let k = 0; k <= ticks; k += every)
    t.samples.push(k, ++seq, (lengthM * k) / ticks, -0.002, 0);
  t.firstActiveTick = 0;
  t.lastActiveTick = ticks - 1;
  t.activeTicks = ticks;
  return t;
}

describe('efficiency', () => {
  it.each([
    { name: 'expert path in expert time', t: along(0.07, 1800), score: 100, speed: 100 },
    { name: 'shorter and faster than the expert', t: along(0.05, 900), score: 100, speed: 100 },
    { name: 'twice the path', t: along(0.14, 1800), score: 75, speed: 100 },
    { name: 'twice the time', t: along(0.07, 3600), score: 75, speed: 50 },
    { name: 'four times both', t: along(0.28, 7200), score: 25, speed: 25 },
  ])('$name → $score', ({ t, score, speed }) => {
    const s = efficiency(t, reference);
    expect(s.score).toBe(score);
    expect(s.measures.speed).toBe(speed);
    expect(s.applicable).toBe(true);
  });

  it('measures the path while active, not the jumps across pauses', () => {
    const t = emptyTelemetry('u', 'U', 'surgeon');
    // 1 cm, a 60-tick pause, then 1 cm again 5 cm away.
    t.samples.push(0, 1, 0, 0, 0, 3, 2, 0.01, 0, 0, 63, 3, 0.06, 0, 0, 66, 4, 0.07, 0, 0);
    const segments = movementSegments(t.samples);
    expect(segments).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    expect(pathLength(t.samples, segments)).toBeCloseTo(0.02, 12);
    expect(efficiency(t, reference).evidence).toEqual([1, 2, 3, 4]);
  });

  it('counts 3-D tip travel (the plunge too)', () => {
    const t = emptyTelemetry('u', 'U', 'surgeon');
    t.samples.push(0, 1, 0, 0.004, 0, 3, 2, 0, -0.002, 0, 6, 3, 0.01, -0.002, 0);
    expect(efficiency(t, reference).measures.pathLengthM).toBeCloseTo(0.016, 12);
  });

  it('times first to last active tick, or the samples when no tick was active', () => {
    const t = along(0.01, 90);
    expect(activeTimeS(t)).toBe(1);
    t.firstActiveTick = null;
    t.lastActiveTick = null;
    expect(activeTimeS(t)).toBeCloseTo(91 / 90, 12);
  });

  it('does not apply to a participant with no active instrument', () => {
    expect(efficiency(emptyTelemetry('u', 'U', 'assistant'), reference).applicable).toBe(false);
  });
});
