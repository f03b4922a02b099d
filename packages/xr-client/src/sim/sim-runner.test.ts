import type { EventLogEntry } from '@scrubin/protocol';
import { World } from '@scrubin/sim';
import { describe, expect, it } from 'vitest';
import { SimAnalysis } from './sim-analysis.js';
import { SimRunner } from './sim-runner.js';
import { TestLog } from './test-log.js';

const SURGEON = 'user_surgeon';

function buffers(runner: SimRunner) {
  return {
    surface: new Float32Array(runner.layerFloats),
    boundary: new Float32Array(runner.layerFloats),
    mask: new Uint8Array(runner.triangleCount),
  };
}

function incisionLog(): TestLog {
  const log = new TestLog();
  log.add(0, SURGEON, 'participant-joined', { name: 'Dr. Lin', role: 'surgeon' });
  log.add(0, SURGEON, 'simulation-state', { status: 'active', action: 'start', durationS: 0 });
  log.stroke(10, SURGEON, -0.03, 0.03, 0, 0.0025);
  return log;
}

describe('SimRunner', () => {
  it('advances to the target and never beyond it', () => {
    const runner = new SimRunner({ scenario: 'skin-incision', tier: 'low', seed: 1 });
    runner.push([], 25);
    expect(runner.run()).toBe(false);
    expect(runner.world.tick).toBe(25);
    runner.push([], 20);
    runner.run();
    expect(runner.world.tick).toBe(25);
  });

  it('cuts the surface and reports hidden triangles and severed edges', () => {
    const runner = new SimRunner({ scenario: 'skin-incision', tier: 'low', seed: 1 });
    const out = buffers(runner);
    expect(runner.writeFrame(out).status.severedSurfaceEdges).toBe(0);
    const log = incisionLog();
    runner.push(log.entries, log.entries.at(-1)!.tick + 30);
    runner.run();
    const { status, maskChanged } = runner.writeFrame(out);
    expect(status.severedSurfaceEdges).toBeGreaterThan(10);
    expect(status.lastSeq).toBe(log.entries.length);
    expect(maskChanged).toBe(true);
    expect(out.mask.some((v) => v === 0)).toBe(true);
    // Layer 0 at the surface, layer 1 below it.
    expect(Math.abs(out.surface[1]!)).toBeLessThan(1e-3);
    expect(out.boundary[1]!).toBeLessThan(-0.001);
    expect(runner.writeFrame(out).maskChanged).toBe(false);
  });

  it('starts the laceration scenario with its wound open', () => {
    const runner = new SimRunner({ scenario: 'interrupted-suture', tier: 'low', seed: 3 });
    const out = buffers(runner);
    expect(runner.writeFrame(out).status.severedSurfaceEdges).toBeGreaterThan(0);
    expect(out.mask.some((v) => v === 0)).toBe(true);
  });

  it('stops when the budget runs out and resumes where it left off', () => {
    const runner = new SimRunner({ scenario: 'skin-incision', tier: 'low', seed: 1 });
    runner.push(incisionLog().entries, 200);
    let slices = 0;
    let calls = 0;
    while (runner.run(() => ++calls % 10 !== 0)) slices++;
    expect(slices).toBeGreaterThan(5);
    expect(runner.world.tick).toBe(200);
  });

  it('rebuilds and converges when an entry arrives for a tick already run', () => {
    const log = incisionLog();
    const late = log.entries.slice(-5);
    const early = log.entries.slice(0, -5);
    const end = log.entries.at(-1)!.tick + 20;

    const runner = new SimRunner({ scenario: 'skin-incision', tier: 'low', seed: 7 });
    runner.push(early, end);
    runner.run();
    runner.push(late);
    runner.run();
    expect(runner.rebuilds).toBe(1);

    const reference = new World({ scenario: 'skin-incision', tier: 'low', seed: 7 });
    for (const entry of log.entries) reference.apply(entry);
    reference.advanceTo(end);
    expect(runner.world.tick).toBe(end);
    expect(runner.world.hash()).toBe(reference.hash());
  });

  it('ignores entries it already has', () => {
    const runner = new SimRunner({ scenario: 'skin-incision', tier: 'low', seed: 1 });
    const log = incisionLog();
    runner.push(log.entries.slice(0, 3));
    runner.push(log.entries.slice(0, 5));
    expect(runner.log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('seeks: holds entries beyond the play head, runs on forward and rebuilds going back', () => {
    const log = incisionLog();
    const end = log.entries.at(-1)!.tick + 10;
    const runner = new SimRunner({ scenario: 'skin-incision', tier: 'low', seed: 3 });
    runner.push(log.entries);
    runner.seek(20);
    expect(runner.run()).toBe(false);
    expect(runner.pending).toBe(false);
    expect(runner.world.tick).toBe(20);
    expect(runner.world.lastSeq).toBe(log.entries.filter((e) => e.tick <= 20).at(-1)!.seq);

    runner.seek(end);
    runner.run();
    const reference = new World({ scenario: 'skin-incision', tier: 'low', seed: 3 });
    for (const entry of log.entries) reference.apply(entry);
    reference.advanceTo(end);
    expect(runner.world.hash()).toBe(reference.hash());
    expect(runner.rebuilds).toBe(0);

    runner.seek(15);
    expect(runner.rebuilds).toBe(1);
    runner.run();
    const early = new World({ scenario: 'skin-incision', tier: 'low', seed: 3 });
    for (const entry of log.entries.filter((e) => e.tick <= 15)) early.apply(entry);
    early.advanceTo(15);
    expect(runner.world.tick).toBe(15);
    expect(runner.world.hash()).toBe(early.hash());
  });

  describe('with keyframes', () => {
    const options = { scenario: 'skin-incision', tier: 'low', seed: 3 } as const;
    const keyframes = { everyTicks: 30, budgetBytes: 64 * 1024 * 1024 };

    /** A World from the start, fed the log's entries up to `tick`, at `tick`. */
    function fromZero(entries: readonly EventLogEntry[], tick: number): World {
      const world = new World(options);
      for (const entry of entries.filter((e) => e.tick <= tick)) world.apply(entry);
      world.advanceTo(tick);
      return world;
    }

    it('seeks back from the newest keyframe at or before the play head, as a rebuild would', () => {
      const log = incisionLog();
      const end = log.entries.at(-1)!.tick + 30;
      const runner = new SimRunner({ ...options, keyframes });
      runner.push(log.entries);
      runner.seek(end);
      runner.run();
      expect(runner.keyframes!.ticks).toEqual([30, 60, 90]);

      runner.seek(45);
      expect(runner.restores).toBe(1);
      expect(runner.world.tick).toBe(30);
      runner.run();
      expect(runner.world.tick).toBe(45);
      const plain = new SimRunner(options);
      plain.push(log.entries);
      plain.seek(end);
      plain.run();
      plain.seek(45);
      plain.run();
      expect(plain.rebuilds).toBe(1);
      expect(runner.world.hash()).toBe(plain.world.hash());
      expect(runner.world.hash()).toBe(fromZero(log.entries, 45).hash());
      expect(runner.world.lastSeq).toBe(plain.world.lastSeq);

      // Forward past a keyframe: it jumps there instead of running the ticks between.
      runner.seek(end - 5);
      expect(runner.restores).toBe(2);
      expect(runner.world.tick).toBe(90);
      runner.run();
      expect(runner.world.hash()).toBe(fromZero(log.entries, end - 5).hash());
      expect(runner.status().restores).toBe(2);
    });

    it('starts seeks from the keyframes the analysis of the whole log left', () => {
      const log = incisionLog();
      const end = log.entries.at(-1)!.tick + 30;
      const runner = new SimRunner({ ...options, keyframes });
      runner.push(log.entries);
      new SimAnalysis(runner.options, runner.log, end, runner.keyframes).run();
      expect(runner.keyframes!.ticks).toEqual([30, 60, 90]);
      expect(runner.world.tick).toBe(0);

      runner.seek(75);
      expect(runner.world.tick).toBe(60);
      runner.run();
      expect(runner.world.hash()).toBe(fromZero(log.entries, 75).hash());
      runner.seek(40);
      expect(runner.world.tick).toBe(30);
      runner.run();
      expect(runner.world.hash()).toBe(fromZero(log.entries, 40).hash());
      expect(runner.restores).toBe(2);
    });

    it('drops keyframes an entry arrives too late for and rebuilds from one before it', () => {
      const log = incisionLog();
      const late = log.entries.slice(-8);
      const end = log.entries.at(-1)!.tick + 20;
      const runner = new SimRunner({ ...options, keyframes });
      runner.push(log.entries.slice(0, -8), end);
      runner.run();
      expect(runner.keyframes!.ticks.at(-1)).toBeGreaterThan(late[0]!.tick);
      runner.push(late);
      expect(runner.keyframes!.ticks.every((t) => t <= late[0]!.tick)).toBe(true);
      runner.run();
      expect(runner.rebuilds).toBe(1);
      expect(runner.restores).toBe(1);
      expect(runner.world.tick).toBe(end);
      expect(runner.world.hash()).toBe(fromZero(log.entries, end).hash());
    });
  });
});
