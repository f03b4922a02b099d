import { World } from '@scrubin/sim';
import { describe, expect, it } from 'vitest';
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
});
