/**
 * Cost of a cutting event: World.apply() of an active scalpel's pose 2.5 mm below the surface
 * (through the 2 mm skin, so both the surface and the boundary bands are tested), moving 1 mm
 * along its edge, against the same pose event 3 mm above the surface (same path, no cut). The
 * worlds step one tick between events (untimed), so the caches are as cold as in a session.
 */
import type { Vec3 } from '@scrubin/protocol';
import { World, type TierId } from '@scrubin/sim';
import { EventLog } from './events.js';
import { summarize, timeMs, type Summary } from './stats.js';

/** Figures of one tier. */
export interface CutFigures {
  tier: TierId;
  /** apply() of a pose event that cuts, ms. */
  cutEventMs: Summary;
  /** apply() of the same pose event above the surface, ms. */
  poseEventMs: Summary;
  /** Median difference: what the cut itself (cutAlong, stroke, vessel check) adds, ms. */
  cutOnlyMedianMs: number;
  /** Constraints severed per cutting event, mean. */
  severedPerEvent: number;
  /** apply() of a tissue-update `cut` carrying a whole 6 cm incision (61 points, 1 mm apart), ms. */
  polylineEventMs: Summary;
}

const USER = 'bench-surgeon';
const DEPTH_M = 0.0025;
const ABOVE_M = 0.003;
const MOVE_M = 0.001;
/** The path drifts 0.1 mm in z per mm in x, so it crosses cell rows as well as columns. */
const DRIFT = 0.1;
const LINE_START_X = -0.045;
const EVENTS_PER_LINE = 90;

function scalpelWorld(tier: TierId, y: number) {
  const world = new World({ scenario: 'skin-incision', tier });
  const log = new EventLog();
  world.apply(log.add(0, 'participant-joined', USER, { name: 'Bench', role: 'surgeon' }));
  world.apply(log.add(0, 'tool-selected', USER, { tool: 'scalpel' }));
  world.apply(log.action(0, USER, 'scalpel', 'activate'));
  /** The event putting the tip at (x, z), at the world's next tick. */
  const next = (x: number, z: number, height = y) => {
    world.advanceTo(world.tick + 1);
    const tip: Vec3 = [x, height, z];
    return log.pose(world.tick, USER, 'scalpel', tip);
  };
  return { world, log, next };
}

/** Measures `events` cutting events (and as many non-cutting ones) on `tier`. */
export function measureCut(tier: TierId, events: number, warmup: number): CutFigures {
  const cutting = scalpelWorld(tier, -DEPTH_M);
  const hovering = scalpelWorld(tier, ABOVE_M);
  const cutMs: number[] = [];
  const poseMs: number[] = [];
  const total = warmup + events;
  for (let k = 0; k < total; k++) {
    const line = Math.floor(k / EVENTS_PER_LINE);
    const along = k % EVENTS_PER_LINE;
    const x = LINE_START_X + along * MOVE_M;
    const z = -0.035 + line * 0.005 + 0.0007 + along * MOVE_M * DRIFT;
    if (along === 0) {
      // Lift to the start of a new line (untimed): the next event cuts from here.
      for (const w of [cutting, hovering]) w.world.apply(w.next(x - MOVE_M, z, ABOVE_M));
    }
    const a = cutting.next(x, z);
    const b = hovering.next(x, z);
    const cutTime = timeMs(() => cutting.world.apply(a));
    const poseTime = timeMs(() => hovering.world.apply(b));
    if (k < warmup) continue;
    cutMs.push(cutTime);
    poseMs.push(poseTime);
  }
  const severed = cutting.world.telemetry.get(USER)!.severed;
  const polylineEventMs = measurePolyline(tier);
  const cutEventMs = summarize(cutMs);
  const poseEventMs = summarize(poseMs);
  return {
    tier,
    cutEventMs,
    poseEventMs,
    cutOnlyMedianMs: cutEventMs.median - poseEventMs.median,
    severedPerEvent: severed / total,
    polylineEventMs,
  };
}

const POLYLINE_LINES = 30;

/** Whole incisions in one tissue-update each, on 30 parallel lines 2.5 mm apart. */
function measurePolyline(tier: TierId): Summary {
  const { world, log } = scalpelWorld(tier, -DEPTH_M);
  const samples: number[] = [];
  for (let k = 0; k < POLYLINE_LINES; k++) {
    const z = -0.0375 + k * 0.0025 + 0.0007;
    const pointsUm: Vec3[] = [];
    for (let p = 0; p <= 60; p++) pointsUm.push([-30_000 + p * 1000, -2500, Math.round(z * 1e6)]);
    world.advanceTo(world.tick + 1);
    const entry = log.add(world.tick, 'tissue-update', USER, {
      tool: 'scalpel',
      action: 'cut',
      pointsUm,
      depthUm: 2500,
    });
    samples.push(timeMs(() => world.apply(entry)));
  }
  return summarize(samples);
}
