import { World, scoreWorld } from '@scrubin/sim';
import { describe, expect, it } from 'vitest';
import { SimAnalysis } from './sim-analysis.js';
import { TestLog } from './test-log.js';

const SURGEON = 'user_surgeon';

describe('SimAnalysis', () => {
  it('runs the whole log in slices, hands out each moment once and scores like the server', () => {
    const log = new TestLog();
    log.add(0, SURGEON, 'participant-joined', { name: 'Dr. Lin', role: 'surgeon' });
    log.add(0, SURGEON, 'simulation-state', { status: 'active', action: 'start', durationS: 0 });
    log.add(5, SURGEON, 'tool-selected', { tool: 'scalpel' });
    const last = log.stroke(10, SURGEON, -0.03, 0.03, 0, 0.0025);
    const endTick = last + 30;
    const options = { scenario: 'skin-incision', tier: 'low', seed: 2 } as const;

    const analysis = new SimAnalysis(options, log.entries, endTick);
    const moments = [];
    let calls = 0;
    let slices = 0;
    while (analysis.run(() => ++calls % 7 !== 0)) {
      slices++;
      moments.push(...analysis.takeMoments());
    }
    moments.push(...analysis.takeMoments());
    expect(slices).toBeGreaterThan(3);
    expect(analysis.done).toBe(true);
    expect(analysis.world.tick).toBe(endTick);

    const reference = new World(options);
    for (const entry of log.entries) reference.apply(entry);
    reference.advanceTo(endTick);
    expect(analysis.world.hash()).toBe(reference.hash());
    expect(moments).toEqual(reference.moments);
    expect(moments.map((m) => m.kind)).toContain('incision-started');

    const score = analysis.score();
    const expected = scoreWorld(reference);
    expect(score.score).toBe(expected.score);
    expect(score.participants.map((p) => p.total)).toEqual(
      expected.participants.map((p) => p.total),
    );
    expect(score.participants[0]?.subScores.precision).toBeTypeOf('number');
  });
});
