import type { ScenarioId } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/definitions.js';
import { World } from '../world.js';
import { scoreWorld, toParticipantScore, weightedTotal } from './score.js';
import { ScriptedLog, scriptIncision, type IncisionScript } from './scripted-log.js';
import { SUB_SCORE_NAMES, type ParticipantResult, type SubScore } from './types.js';

const SURGEON = 'surgeon-1';
const ASSISTANT = 'assistant-1';
const OBSERVER = 'observer-1';

/** Runs a scripted session on the low tier (the tier does not change what is scored here). */
function session(scenario: ScenarioId, script: (log: ScriptedLog) => number): World {
  const log = new ScriptedLog();
  log.join(0, SURGEON, 'surgeon').control(0, SURGEON, 'start').join(2, OBSERVER, 'observer');
  const end = script(log);
  log.control(end + 30, SURGEON, 'stop');
  const world = new World({ scenario, tier: 'low', seed: 7 });
  for (const entry of log.events) world.apply(entry);
  world.advanceTo(end + 30);
  return world;
}

const cleanIncision: IncisionScript = {
  from: [-0.03, 0],
  to: [0.03, 0],
  depthM: 0.0025,
  ticks: 270,
};
/** Stop-and-go along 80 % of the line, ±4 mm off it, 1 mm deep (too shallow). */
const wanderingShallow: IncisionScript = {
  ...cleanIncision,
  depthM: 0.001,
  wander: (u) => 0.004 * Math.sin(5 * Math.PI * u),
  profile: (u) => {
    const K = 6;
    const s = Math.min(K - 1, Math.floor(u * K));
    const c = u * K - s;
    return (0.8 * (s + c * c * c * (10 - 15 * c + 6 * c * c))) / K;
  },
};

const subScores = (r: ParticipantResult) =>
  Object.fromEntries(SUB_SCORE_NAMES.map((n) => [n, r.subScores[n].score]));

describe('scoring a world driven by scripted events', () => {
  const clean = scoreWorld(
    session('skin-incision', (log) => scriptIncision(log, 10, SURGEON, cleanIncision)),
  );
  const wandering = scoreWorld(
    session('skin-incision', (log) => scriptIncision(log, 10, SURGEON, wanderingShallow)),
  );

  it('a clean incision along the planned line scores high and passes', () => {
    expect(clean.participants).toHaveLength(1);
    const [surgeon] = clean.participants;
    expect(surgeon).toMatchObject({
      userId: SURGEON,
      role: 'surgeon',
      pass: true,
      failReasons: [],
    });
    expect(surgeon!.total).toBeGreaterThanOrEqual(95);
    expect(subScores(surgeon!)).toMatchObject({ precision: 100, depth: 100, tissueRespect: 100 });
    expect(surgeon!.subScores.smoothness.score).toBeGreaterThanOrEqual(95);
    expect(clean.completion).toEqual({ complete: true, coverage: 1 });
  });

  it('a wandering, shallow incision scores lower and fails', () => {
    const [surgeon] = wandering.participants;
    expect(surgeon!.pass).toBe(false);
    expect(surgeon!.failReasons).toContain('below-pass-total');
    expect(surgeon!.failReasons).toContain('task-incomplete');
    expect(surgeon!.total).toBeLessThan(clean.participants[0]!.total - 30);
    expect(surgeon!.subScores.depth.score).toBe(0);
    expect(surgeon!.subScores.precision.score).toBeLessThan(60);
    expect(surgeon!.subScores.smoothness.score).toBeLessThan(60);
    expect(wandering.completion.complete).toBe(false);
  });

  it('every applicable sub-score cites events of the log', () => {
    for (const name of SUB_SCORE_NAMES) {
      const s: SubScore = clean.participants[0]!.subScores[name];
      if (name !== 'tissueRespect') expect(s.evidence.length, name).toBeGreaterThan(0);
      expect([...s.evidence].sort((a, b) => a - b)).toEqual(s.evidence);
    }
    expect(wandering.participants[0]!.subScores.tissueRespect.evidence.length).toBe(
      wandering.participants[0]!.subScores.tissueRespect.measures.drags,
    );
  });

  it('gives observers no score and sums the session up for the session document', () => {
    expect(clean.participants.map((p) => p.userId)).toEqual([SURGEON]);
    expect(clean.score).toBe(clean.participants[0]!.total);
    expect(clean.toolsUsed).toEqual(['scalpel']);
    expect(clean.errors).toBe(0);
    expect(Object.keys(clean.performance).sort()).toEqual(
      ['depth', 'efficiency', 'precision', 'smoothness', 'speed', 'tissueRespect'].sort(),
    );
    expect(clean.cuts).toHaveLength(1);
    const cut = clean.cuts[0]!;
    expect(cut).toMatchObject({ userId: SURGEON, tool: 'scalpel' });
    expect(cut.points.flat().every(Number.isInteger)).toBe(true);
    expect(cut.points.at(-1)).toEqual([30_000, 0, 2500]);
    expect(wandering.errors).toBe(
      wandering.participants[0]!.subScores.tissueRespect.measures.drags,
    );
  });

  it('a vessel cut in cardiac surgery fails the attempt', () => {
    const world = session('cardiac-surgery', (log) =>
      // Across the planned line and over the coronary artery, 2 mm deep.
      scriptIncision(log, 10, SURGEON, {
        from: [0, 0.006],
        to: [0, -0.008],
        depthM: 0.002,
        ticks: 90,
      }),
    );
    const result = scoreWorld(world);
    const [surgeon] = result.participants;
    expect(surgeon!.pass).toBe(false);
    expect(surgeon!.failReasons).toContain('critical-error');
    expect(surgeon!.criticalErrors.map((e) => e.kind)).toContain('vessel-cut');
    expect(surgeon!.criticalErrors[0]!.detail).toBe('left anterior descending artery');
    expect(surgeon!.subScores.tissueRespect.score).toBe(0);
    expect(world.moments.some((m) => m.kind === 'vessel-cut')).toBe(true);
  });

  it('the same incision beside the vessel in cardiac surgery passes', () => {
    const result = scoreWorld(
      session('cardiac-surgery', (log) =>
        scriptIncision(log, 10, SURGEON, {
          from: [-0.025, 0.004],
          to: [0.025, 0.004],
          depthM: 0.002,
          ticks: 270,
        }),
      ),
    );
    expect(result.participants[0]).toMatchObject({ pass: true, criticalErrors: [] });
  });
});

describe('participants who help without doing the task', () => {
  const world = session('skin-incision', (log) => {
    const end = scriptIncision(log, 10, SURGEON, cleanIncision);
    // The assistant holds the skin with forceps 2 cm beside the line for a second.
    log.join(20, ASSISTANT, 'assistant');
    log.emit(30, ASSISTANT, 'tool-selected', { tool: 'forceps' });
    log.tool(33, ASSISTANT, 'forceps', 'pose', [0, 0.0005, 0.02]);
    log.tool(36, ASSISTANT, 'forceps', 'close', [0, 0, 0.02]);
    log.path(36, ASSISTANT, 'forceps', 30, 3, (u) => [0, 0.001 * u, 0.02 + 0.001 * u]);
    log.tool(126, ASSISTANT, 'forceps', 'open', [0, 0.001, 0.021]);
    return end;
  });
  const result = scoreWorld(world);
  const assistant = result.participants.find((p) => p.userId === ASSISTANT)!;

  it('are scored on efficiency, smoothness and tissue respect only', () => {
    expect(result.participants.map((p) => p.userId)).toEqual([SURGEON, ASSISTANT]);
    expect(assistant.subScores.precision).toMatchObject({ applicable: false, score: 100 });
    expect(assistant.subScores.depth).toMatchObject({ applicable: false, score: 100 });
    expect(assistant.subScores.efficiency.applicable).toBe(true);
    expect(assistant.total).toBe(
      weightedTotal(assistant.subScores, SCENARIOS['skin-incision'].weights),
    );
    // The team completed the incision, so the assistant can pass.
    expect(result.completion.complete).toBe(true);
    expect(result.toolsUsed).toEqual(['scalpel', 'forceps']);
    expect(result.score).toBe(
      Math.floor(((result.participants[0]!.total + assistant.total) / 2) * 10 + 0.5) / 10,
    );
  });

  it('leave precision and depth out of the session averages', () => {
    expect(result.performance.precision).toBe(result.participants[0]!.subScores.precision.score);
  });

  it('come out in the wire form of surgery:score', () => {
    const wire = toParticipantScore(assistant);
    expect(wire).toMatchObject({ userId: ASSISTANT, role: 'assistant', total: assistant.total });
    expect(Object.keys(wire.subScores)).toEqual([...SUB_SCORE_NAMES]);
    expect(wire.evidence!.efficiency).toEqual(assistant.subScores.efficiency.evidence);
    expect(wire.criticalErrors).toEqual([]);
  });
});

describe('weighted total', () => {
  const s = (score: number, applicable = true): SubScore => ({
    score,
    applicable,
    evidence: [],
    measures: {},
  });
  const weights = SCENARIOS['skin-incision'].weights; // .3 .2 .15 .15 .2
  it.each([
    { name: 'all 100', subs: [100, 100, 100, 100, 100], na: [], total: 100 },
    { name: 'weights applied', subs: [50, 100, 100, 100, 0], na: [], total: 65 },
    {
      name: 'precision and depth not applicable',
      subs: [0, 0, 80, 60, 100],
      na: [0, 1],
      total: 82,
    },
  ])('$name → $total', ({ subs, na, total }) => {
    const subScores = Object.fromEntries(
      SUB_SCORE_NAMES.map((n, i) => [n, s(subs[i]!, !na.includes(i as never))]),
    ) as ParticipantResult['subScores'];
    expect(weightedTotal(subScores, weights)).toBe(total);
  });
});
