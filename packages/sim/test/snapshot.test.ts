/**
 * World snapshots: a World restored from a snapshot and fed the same events from there gives the
 * same hash at every later hash point, the same final hash, key moments and scores as the World
 * that ran through without stopping, on every golden recording and at several points of each.
 */
import { serialize } from 'node:v8';
import { parseRecording, type EventLogEntry } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import {
  scoreWorld,
  SLEEP_AFTER_TICKS,
  World,
  type TierId,
  type WorldSnapshot,
} from '../src/index.js';
import { ScriptedLog } from '../src/scoring/scripted-log.js';
import { FIXTURES, readFixture } from './helpers/fixtures.js';

interface Run {
  events: EventLogEntry[];
  endTick: number;
  options: { scenario: World['scenario']['id']; tier: TierId; seed: number };
  /** Stop points besides the evenly spread ones. */
  extraStops?: StopPoint[];
}

/** Everything a run ends with that a snapshot must not change. */
function outcome(world: World) {
  return {
    tick: world.tick,
    finalHash: world.hash(),
    hashes: world.hashes.map((h) => ({ ...h })),
    moments: world.moments.map((m) => ({ ...m })),
    stepsRun: world.stepsRun,
    scores: scoreWorld(world),
  };
}

/** Applies `events[from..]` and runs to the end. */
function finish(world: World, run: Run, from: number): World {
  for (const entry of run.events.slice(from)) world.apply(entry);
  world.advanceTo(run.endTick);
  return world;
}

/**
 * Where to stop: after applying event `applied` - 1 (mid-tick: later events of the same tick may
 * follow) or between events at `tick`.
 */
interface StopPoint {
  applied: number;
  tick: number;
}

function stopPoints(run: Run): StopPoint[] {
  const { events, endTick } = run;
  const points: StopPoint[] = [{ applied: 0, tick: 0 }];
  for (const share of [0.25, 0.6, 0.9]) {
    const applied = Math.max(1, Math.floor(events.length * share));
    // Right after an event, then halfway to the next one.
    points.push({ applied, tick: events[applied - 1]!.tick });
    const next = events[applied]?.tick ?? endTick;
    points.push({ applied, tick: Math.floor((events[applied - 1]!.tick + next) / 2) });
  }
  points.push({ applied: events.length, tick: endTick }, ...(run.extraStops ?? []));
  return points.sort((a, b) => a.applied - b.applied || a.tick - b.tick);
}

/** One World run through the stop points (in order), snapshotted and hashed at each. */
function snapshotsAlong(run: Run, stops: StopPoint[]): { snapshot: WorldSnapshot; hash: string }[] {
  const world = new World(run.options);
  let applied = 0;
  return stops.map((stop) => {
    for (; applied < stop.applied; applied++) world.apply(run.events[applied]!);
    world.advanceTo(stop.tick);
    return { snapshot: world.snapshot(), hash: world.hash() };
  });
}

function snapshotAt(run: Run, stop: StopPoint): { world: World; snapshot: WorldSnapshot } {
  const world = new World(run.options);
  for (const entry of run.events.slice(0, stop.applied)) world.apply(entry);
  world.advanceTo(stop.tick);
  return { world, snapshot: world.snapshot() };
}

function fixtureRun(name: string): Run {
  const { header, events, end } = parseRecording(readFixture(name).text);
  return {
    events,
    endTick: end!.tick,
    options: { scenario: header.scenario, tier: header.tier as TierId, seed: header.seed },
  };
}

/**
 * Two people on a laceration: presses (consumed by the next step), a retractor holding and
 * pulling the edge hard enough to tear or slip, a scalpel stroke, a reset, then more of the same.
 */
function busyRun(): Run {
  const log = new ScriptedLog();
  const phase = (t0: number) => {
    log.tissue(t0, 'a', { tool: 'forceps', action: 'press', pointsUm: [[0, -1500, 10_000]] });
    log.tissue(t0 + 1, 'a', {
      tool: 'forceps',
      action: 'press',
      pointsUm: [[2000, -1500, 10_000]],
    });
    log.tissue(t0 + 4, 'a', { tool: 'retractor', action: 'retract', pointsUm: [[0, 0, 5000]] });
    log.path(t0 + 4, 'a', 'retractor', 60, 3, (u) => [0, 0.002 * u, 0.005 + 0.012 * u]);
    log.tool(t0 + 10, 's', 'scalpel', 'activate', [-0.02, -0.002, -0.01]);
    log.path(t0 + 10, 's', 'scalpel', 45, 3, (u) => [-0.02 + 0.04 * u, -0.002, -0.01]);
    log.tool(t0 + 55, 's', 'scalpel', 'deactivate');
    log.tissue(t0 + 70, 'a', { tool: 'retractor', action: 'release', pointsUm: [[0, 0, 0]] });
  };
  log.join(0, 's', 'surgeon').join(0, 'a', 'assistant').control(1, 's', 'start');
  phase(5);
  log.emit(120, 's', 'simulation-reset', {});
  phase(130);
  const run: Run = {
    events: log.events,
    endTick: 700,
    options: { scenario: 'interrupted-suture', tier: 'low', seed: 5 },
  };
  // Between a press and the step that consumes it, and while the tissue settles toward sleep.
  const presses = run.events.flatMap((e, k) =>
    e.type === 'tissue-update' && (e.payload as { action: string }).action === 'press'
      ? [{ applied: k + 1, tick: e.tick }]
      : [],
  );
  run.extraStops = [...presses, settling(run)];
  return run;
}

/** The first point at which the tissue is still but not yet asleep (its speed reference counts). */
function settling(run: Run): StopPoint {
  const world = new World(run.options);
  let applied = 0;
  for (;;) {
    for (; run.events[applied]?.tick === world.tick; applied++) world.apply(run.events[applied]!);
    if (world.stillTicks === SLEEP_AFTER_TICKS / 2) return { applied, tick: world.tick };
    if (world.tick >= run.endTick) throw new Error('the tissue never settles in this run');
    world.step();
  }
}

/** A fixture replayed about five times over on a shared, busy machine. */
const RUN_TIMEOUT_MS = 180_000;

const RUNS: [string, () => Run][] = [
  ...FIXTURES.map((f): [string, () => Run] => [f.name, () => fixtureRun(f.name)]),
  ['scripted presses, retraction, cut and reset', busyRun],
];

describe('World snapshots', () => {
  it.each(RUNS)(
    '%s: restored at every stop point, the run ends the same',
    (_name, make) => {
      const run = make();
      const plain = outcome(finish(new World(run.options), run, 0));
      const stops = stopPoints(run);
      const taken = snapshotsAlong(run, stops);
      stops.forEach((stop, k) => {
        // Through a structured clone, as a worker would keep or send it.
        const restored = World.fromSnapshot(structuredClone(taken[k]!.snapshot));
        const where = JSON.stringify(stop);
        expect(restored.hash(), `hash right after restoring at ${where}`).toBe(taken[k]!.hash);
        expect(outcome(finish(restored, run, stop.applied)), where).toEqual(plain);
      });
    },
    RUN_TIMEOUT_MS,
  );

  it('restores into a World that has run on, and the same snapshot twice', () => {
    const run = fixtureRun('suture-two-participants');
    const plain = outcome(finish(new World(run.options), run, 0));
    const stop = stopPoints(run)[3]!;
    const { world, snapshot } = snapshotAt(run, stop);
    finish(world, run, stop.applied);
    for (let k = 0; k < 2; k++) {
      world.restore(snapshot);
      expect(world.tick).toBe(stop.tick);
      expect(outcome(finish(world, run, stop.applied))).toEqual(plain);
    }
  });

  it('restores every part of the slab that changes, and nothing is shared with the snapshot', () => {
    const run = busyRun();
    const stop = { applied: 40, tick: run.events[39]!.tick };
    const { world, snapshot } = snapshotAt(run, stop);
    const restored = World.fromSnapshot(snapshot);
    for (const key of ['pos', 'prev', 'vel', 'dActive', 'tActive', 'dRest', 'invMass'] as const)
      expect(restored.slab[key], key).toEqual(world.slab[key]);
    expect([...restored.telemetry.values()]).toEqual([...world.telemetry.values()]);
    expect([...restored.participants.values()]).toEqual([...world.participants.values()]);
    const before = world.hash();
    finish(restored, run, stop.applied);
    expect(World.fromSnapshot(snapshot).hash()).toBe(before);
  });

  it('keeps a bite shared between the suture book and the telemetry, so a tie marks both', () => {
    const run = fixtureRun('suture-two-participants');
    const firstTie = run.events.findIndex(
      (e) => e.type === 'tissue-update' && (e.payload as { action: string }).action === 'tie',
    );
    const { snapshot } = snapshotAt(run, { applied: firstTie, tick: run.events[firstTie]!.tick });
    const restored = World.fromSnapshot(snapshot);
    finish(restored, run, firstTie);
    const bites = [...restored.telemetry.values()].flatMap((t) => t.bites);
    expect(bites.length).toBeGreaterThan(0);
    expect(bites.every((b) => b.tiedSeq !== null)).toBe(true);
    expect(restored.sutures.bites.every((b) => bites.includes(b))).toBe(true);
  });

  it('refuses a snapshot of another scenario, tier or seed', () => {
    const snapshot = new World({ scenario: 'skin-incision', tier: 'low', seed: 1 }).snapshot();
    expect(() =>
      new World({ scenario: 'skin-incision', tier: 'low', seed: 2 }).restore(snapshot),
    ).toThrow(/seed 1/);
    expect(() => new World({ scenario: 'skin-incision', seed: 1 }).restore(snapshot)).toThrow(
      /cannot be restored/,
    );
  });

  it('estimates its size close to what a structured clone of it takes', () => {
    const run = fixtureRun('suture-two-participants');
    const { snapshot } = snapshotAt(run, { applied: run.events.length, tick: run.endTick });
    const cloned = serialize(snapshot).byteLength;
    expect(snapshot.bytes).toBeGreaterThan(cloned * 0.8);
    expect(snapshot.bytes).toBeLessThan(cloned * 1.5);
  });
});
