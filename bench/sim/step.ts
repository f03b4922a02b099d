/**
 * Step time of an awake world per tier: an instrument presses the tissue and moves every 3 ticks,
 * so it never sleeps. Two baselines run interleaved, tick by tick, in the same loop: the same
 * world with its volume constraints switched off, and a bare Float64Array sweep doing only the
 * integration of the same particle count (the floor for that many particles).
 */
import type { Vec3 } from '@scrubin/protocol';
import { TIERS, World, type TierId } from '@scrubin/sim';
import { EventLog } from './events.js';
import { cpuMs, summarize, timeMs, type Summary } from './stats.js';

/** Figures of one tier. */
export interface StepFigures {
  tier: TierId;
  particles: number;
  distanceConstraints: number;
  volumeConstraints: number;
  substeps: number;
  /** Wall time of World.step(), ms per awake tick. */
  stepMs: Summary;
  /** Process CPU per awake tick (all threads, so GC helpers count), ms. */
  stepCpuMs: number;
  /** Ticks timed and how many of them ran the physics (must be all). */
  ticks: number;
  awakeTicks: number;
  noVolumeMs: Summary;
  noVolumeCpuMs: number;
  bareSweepMs: Summary;
  /** World.hash(), ms per call (one every 90 ticks). */
  hashMs: Summary;
}

const USER = 'bench-surgeon';
/** The press: a forceps tip circling 1 cm around the centre, 1.5 mm into the surface. */
const PRESS_DEPTH_M = 0.0015;
const PRESS_RADIUS_M = 0.01;
/** 0.5 mm of tip travel per pose (15 mm/s at one pose every 3 ticks). */
const PRESS_STEP_RAD = 0.05;

/** A world of `tier` whose forceps presses the tissue, plus the function that moves it. */
export function pressingWorld(tier: TierId, volumes = true): { world: World; move: () => void } {
  const world = new World({ scenario: 'skin-incision', tier });
  if (!volumes) world.slab.tActive.fill(0);
  const log = new EventLog();
  world.apply(log.add(0, 'participant-joined', USER, { name: 'Bench', role: 'surgeon' }));
  world.apply(log.add(0, 'tool-selected', USER, { tool: 'forceps' }));
  let angle = 0;
  const move = () => {
    if (world.tick % 3 === 0) {
      angle += PRESS_STEP_RAD;
      const tip: Vec3 = [
        PRESS_RADIUS_M * Math.cos(angle),
        -PRESS_DEPTH_M,
        PRESS_RADIUS_M * Math.sin(angle),
      ];
      world.apply(log.pose(world.tick, USER, 'forceps', tip));
    }
  };
  return { world, move };
}

/** Integration only (predict and velocity update), the arithmetic of the solver without constraints. */
export function bareSweep(count: number, substeps: number) {
  const pos = new Float64Array(count * 3);
  const prev = new Float64Array(count * 3);
  const vel = new Float64Array(count * 3);
  const invMass = new Float64Array(count).fill(1);
  const h = 1 / 90 / substeps;
  return () => {
    for (let s = 0; s < substeps; s++) {
      for (let p = 0; p < count; p++) {
        const o = p * 3;
        prev[o] = pos[o]!;
        prev[o + 1] = pos[o + 1]!;
        prev[o + 2] = pos[o + 2]!;
        if (invMass[p] === 0) continue;
        vel[o + 1] = vel[o + 1]! - 9.81 * h;
        pos[o] = pos[o]! + vel[o]! * h;
        pos[o + 1] = pos[o + 1]! + vel[o + 1]! * h;
        pos[o + 2] = pos[o + 2]! + vel[o + 2]! * h;
      }
      for (let p = 0; p < count; p++) {
        if (invMass[p] === 0) continue;
        const o = p * 3;
        vel[o] = ((pos[o]! - prev[o]!) / h) * 0.99;
        vel[o + 1] = ((pos[o + 1]! - prev[o + 1]!) / h) * 0.99;
        vel[o + 2] = ((pos[o + 2]! - prev[o + 2]!) / h) * 0.99;
      }
    }
  };
}

/** Measures one tier: `warmup` untimed ticks, then `ticks` timed ones. */
export function measureStep(tier: TierId, ticks: number, warmup: number): StepFigures {
  const full = pressingWorld(tier);
  const bare = pressingWorld(tier, false);
  const { slab } = full.world;
  const sweep = bareSweep(slab.count, TIERS[tier].substeps);
  const stepMs: number[] = [];
  const noVolumeMs: number[] = [];
  const sweepMs: number[] = [];
  let cpuFull = 0;
  let cpuBare = 0;
  let stepsBefore = 0;
  for (let k = 0; k < warmup + ticks; k++) {
    if (k === warmup) {
      stepsBefore = full.world.stepsRun;
      cpuFull = cpuBare = 0;
    }
    full.move();
    bare.move();
    let c0 = cpuMs();
    const a = timeMs(() => full.world.step());
    cpuFull += cpuMs() - c0;
    c0 = cpuMs();
    const b = timeMs(() => bare.world.step());
    cpuBare += cpuMs() - c0;
    const c = timeMs(sweep);
    if (k < warmup) continue;
    stepMs.push(a);
    noVolumeMs.push(b);
    sweepMs.push(c);
  }
  const hashMs: number[] = [];
  for (let k = 0; k < 100; k++) hashMs.push(timeMs(() => full.world.hash()));
  return {
    tier,
    particles: slab.count,
    distanceConstraints: slab.dA.length,
    volumeConstraints: slab.tA.length,
    substeps: TIERS[tier].substeps,
    stepMs: summarize(stepMs),
    stepCpuMs: cpuFull / ticks,
    ticks,
    awakeTicks: full.world.stepsRun - stepsBefore,
    noVolumeMs: summarize(noVolumeMs),
    noVolumeCpuMs: cpuBare / ticks,
    bareSweepMs: summarize(sweepMs),
    hashMs: summarize(hashMs),
  };
}
