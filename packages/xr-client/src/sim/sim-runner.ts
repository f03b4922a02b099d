import type { EventLogEntry, ScenarioId } from '@scrubin/protocol';
import { World, type TierId, type WorldSnapshot } from '@scrubin/sim';
import { KeyframeStore, keepKeyframe, type Keyframe, type KeyframeOptions } from './keyframes.js';
import type { SimStatus } from './sim-protocol.js';
import {
  copyLayer,
  countSevered,
  gridTriangles,
  surfaceEdges,
  triangleEdges,
  writeTriangleMask,
} from './surface-topology.js';

/** What a {@link SimRunner} simulates. */
export interface SimRunnerOptions {
  scenario: ScenarioId;
  tier: TierId;
  seed: number;
  /** Keep World snapshots along the way, so that seeks and rebuilds start from the nearest. */
  keyframes?: KeyframeOptions;
}

/** Render buffers a frame is written into. */
export interface FrameBuffers {
  surface: Float32Array;
  boundary: Float32Array;
  mask: Uint8Array;
}

/**
 * The client's copy of the session's World: takes log entries in `seq` order and the latest tick
 * the server vouched for, and runs the World up to it (never beyond), in slices so that a long
 * catch-up does not block. If an entry arrives for a tick the World already ran (a hole the SDK
 * filled late), it rebuilds the World from the start and replays its log: the result is the same
 * state every participant reaches. With keyframes, it keeps snapshots of the World as it goes and
 * starts such a rebuild, or a seek, from the newest one at or before where it must go instead.
 */
export class SimRunner {
  readonly options: SimRunnerOptions;
  world: World;
  /** Every entry received, in `seq` order (kept for rebuilds). */
  readonly log: EventLogEntry[] = [];
  /** How many entries of {@link log} the World has applied. */
  applied = 0;
  /** Latest tick known to be safe to reach. */
  target = 0;
  rebuilds = 0;
  /** How many times the World was put back to a keyframe (rebuilds and jumps forward). */
  restores = 0;
  /** Snapshots of the World along the log, when enabled. */
  readonly keyframes: KeyframeStore<WorldSnapshot> | null;
  /** `seq` of the entry that caused the last rebuild. */
  #rebuiltFor = -1;
  readonly triangles: Uint32Array;
  readonly #triangleEdges: Int32Array;
  readonly #surfaceEdges: Int32Array;
  /** Visibility of the last frame, to tell whether the mask changed. */
  readonly #lastMask: Uint8Array;

  constructor(options: SimRunnerOptions) {
    this.options = options;
    this.keyframes = options.keyframes ? new KeyframeStore(options.keyframes) : null;
    this.world = this.#newWorld();
    const slab = this.world.slab;
    this.triangles = gridTriangles(slab.n);
    this.#triangleEdges = triangleEdges(slab, this.triangles);
    this.#surfaceEdges = surfaceEdges(slab);
    this.#lastMask = new Uint8Array(this.triangles.length / 3).fill(1);
  }

  /** Particles per side of the grid. */
  get n(): number {
    return this.world.slab.n;
  }

  /** Floats in one layer's position buffer. */
  get layerFloats(): number {
    return this.world.slab.perLayer * 3;
  }

  /** Triangles of the surface grid. */
  get triangleCount(): number {
    return this.triangles.length / 3;
  }

  /** Queues entries (duplicates and old ones ignored) and raises the target to `advanceTo`. */
  push(entries: readonly EventLogEntry[], advanceTo = 0): void {
    let last = this.log.length > 0 ? this.log[this.log.length - 1]!.seq : 0;
    for (const entry of entries) {
      if (entry.seq <= last) continue;
      this.log.push(entry);
      last = entry.seq;
      // A keyframe past this entry's tick was taken without it.
      this.keyframes?.dropAfter(entry.tick);
      if (entry.tick > this.target) this.target = entry.tick;
    }
    if (advanceTo > this.target) this.target = advanceTo;
  }

  /** Whether entries or ticks are waiting (entries beyond the target wait for it). */
  get pending(): boolean {
    if (this.world.tick < this.target) return true;
    const next = this.log[this.applied];
    return next !== undefined && next.tick <= this.world.tick;
  }

  /**
   * Moves the World to `tick` and holds it there (a review's play head): entries beyond it wait.
   * Going back rebuilds the World from the newest keyframe at or before `tick` (from the start
   * without one); going forward runs on from where it is, or jumps to a keyframe on the way.
   */
  seek(tick: number): void {
    this.target = tick;
    if (tick < this.world.tick) {
      this.#rebuild(tick);
      return;
    }
    const keyframe = this.keyframes?.atOrBefore(tick);
    if (keyframe && keyframe.tick > this.world.tick) this.#restore(keyframe);
  }

  /**
   * Applies queued entries up to the World's tick and advances toward the target until done or
   * until `budget()` says stop (checked between entries and ticks). Returns whether work remains.
   */
  run(budget: () => boolean = () => true): boolean {
    for (;;) {
      const world = this.world;
      const entry = this.log[this.applied];
      if (entry !== undefined && entry.tick <= world.tick) {
        if (entry.tick < world.tick) {
          if (this.#rebuiltFor !== entry.seq) {
            this.#rebuiltFor = entry.seq;
            this.#rebuild(entry.tick);
            continue;
          }
          // Out of tick order in the log itself: apply it at the current tick, as a replay would.
          world.apply({ ...entry, tick: world.tick });
        } else {
          world.apply(entry);
        }
        this.applied++;
      } else if (world.tick < this.target) {
        world.step();
        keepKeyframe(this.keyframes, world, this.log, this.applied);
      } else {
        return false;
      }
      if (!budget()) return this.pending;
    }
  }

  /** Where the World is now. */
  status(): SimStatus {
    return {
      tick: this.world.tick,
      stepsRun: this.world.stepsRun,
      lastSeq: this.world.lastSeq,
      severedSurfaceEdges: countSevered(this.world.slab.dActive, this.#surfaceEdges),
      rebuilds: this.rebuilds,
      restores: this.restores,
    };
  }

  /** Writes the render data into `out`; returns the status and whether the mask changed. */
  writeFrame(out: FrameBuffers): { status: SimStatus; maskChanged: boolean } {
    const slab = this.world.slab;
    copyLayer(slab, 0, out.surface);
    copyLayer(slab, 1, out.boundary);
    const maskChanged = writeTriangleMask(slab.dActive, this.#triangleEdges, this.#lastMask);
    out.mask.set(this.#lastMask);
    return { status: this.status(), maskChanged };
  }

  #newWorld(): World {
    return new World({
      scenario: this.options.scenario,
      tier: this.options.tier,
      seed: this.options.seed,
    });
  }

  /** Puts the World back to `tick` or before: to the newest keyframe there, or to the start. */
  #rebuild(tick: number): void {
    this.rebuilds++;
    const keyframe = this.keyframes?.atOrBefore(tick);
    if (keyframe) {
      this.#restore(keyframe);
      return;
    }
    this.world = this.#newWorld();
    this.applied = 0;
  }

  #restore(keyframe: Keyframe<WorldSnapshot>): void {
    this.world.restore(keyframe.state);
    this.applied = keyframe.applied;
    this.restores++;
  }
}
