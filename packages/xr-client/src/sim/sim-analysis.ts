import type { EventLogEntry, ParticipantScore } from '@scrubin/protocol';
import {
  World,
  scoreWorld,
  toParticipantScore,
  type KeyMoment,
  type WorldSnapshot,
} from '@scrubin/sim';
import { keepKeyframe, type KeyframeStore } from './keyframes.js';
import type { SimRunnerOptions } from './sim-runner.js';

/** Scores of a whole log, in the wire form of `surgery:score`. */
export interface AnalysedScore {
  /** Mean of the participants' totals; null when nobody used an instrument. */
  score: number | null;
  participants: ParticipantScore[];
}

/**
 * A second World that runs a whole log to its end tick in slices, for what a review shows
 * before the play head gets there: every key moment, and the scores. Given the review's
 * keyframes, it adds those it passes, so that seeks anywhere start near their target.
 */
export class SimAnalysis {
  readonly world: World;
  #applied = 0;
  /** Moments already handed out by {@link takeMoments}. */
  #taken = 0;

  constructor(
    options: SimRunnerOptions,
    readonly log: readonly EventLogEntry[],
    readonly endTick: number,
    readonly keyframes: KeyframeStore<WorldSnapshot> | null = null,
  ) {
    this.world = new World(options);
  }

  /** Whether the World reached the end tick with every entry applied. */
  get done(): boolean {
    return this.#applied >= this.log.length && this.world.tick >= this.endTick;
  }

  /**
   * Applies entries at their ticks and steps toward the end tick until done or until `budget()`
   * says stop. Returns whether work remains.
   */
  run(budget: () => boolean = () => true): boolean {
    const world = this.world;
    for (;;) {
      const entry = this.log[this.#applied];
      if (entry !== undefined && entry.tick <= world.tick) {
        world.apply(entry.tick < world.tick ? { ...entry, tick: world.tick } : entry);
        this.#applied++;
      } else if (entry !== undefined || world.tick < this.endTick) {
        world.step();
        keepKeyframe(this.keyframes, world, this.log, this.#applied);
      } else {
        return false;
      }
      if (!budget()) return !this.done;
    }
  }

  /** Key moments found since the last call. */
  takeMoments(): KeyMoment[] {
    const fresh = this.world.moments.slice(this.#taken);
    this.#taken = this.world.moments.length;
    return fresh;
  }

  /** The scores of the log as the server computes them when a session completes. */
  score(): AnalysedScore {
    const scores = scoreWorld(this.world);
    return { score: scores.score, participants: scores.participants.map(toParticipantScore) };
  }
}
