import type { Recording } from '@scrubin/protocol';
import { SIM_TICK_HZ, type KeyMoment, type TierId } from '@scrubin/sim';
import { RemoteCursorStore } from '../scene/remote-cursors.js';
import type { AnalysedScore } from '../sim/sim-analysis.js';
import { REVIEW_KEYFRAMES } from '../sim/keyframes.js';
import { SimBridge, type WorkerFactory } from '../sim/sim-bridge.js';
import type { SimAnalysisMessage, SimStatus } from '../sim/sim-protocol.js';
import { InstrumentTracks } from './instrument-tracks.js';
import { reviewMoments, type ReviewMoment } from './moments.js';
import { advancePlayhead, seekProgress, type PlaybackSpeed } from './timeline.js';

/** How far the play head may run ahead of the simulation while playing, seconds of playback. */
const MAX_LEAD_S = 0.25;
/** A seek further than this (ticks still to simulate) shows its progress. */
const FAR_SEEK_TICKS = 180;
/** `#seekFrom` while a World going back has not yet said where it restarted. */
const RESTART_UNKNOWN = -1;

/** What the review's panels show; replaced, never mutated, when something changes. */
export interface ReviewSnapshot {
  /** The play head, a whole tick. */
  tick: number;
  endTick: number;
  /** Where the simulation is (it follows the play head). */
  simTick: number;
  playing: boolean;
  speed: PlaybackSpeed;
  /** Progress of a far seek, 0–1; null when none is under way. */
  seekProgress: number | null;
  severedSurfaceEdges: number;
  /** `seq` of the last event the replayed World applied. */
  lastSeq: number;
  /** Key moments found so far (all of them once the analysis is done). */
  moments: ReviewMoment[];
  /** How far the analysis of the whole recording has got, 0–1. */
  analysed: number;
  /** Scores computed by replaying the recording, once the analysis is done. */
  computedScore: AnalysedScore | null;
  error: string | null;
}

/**
 * Plays a recording back: a play head on the recording's ticks (play, pause, speed, seek) that
 * the simulation worker follows, everyone's instruments from their logged poses, and the key
 * moments and scores of the whole recording from the worker's analysis.
 */
export class ReviewPlayer {
  readonly bridge: SimBridge;
  /** Everyone's instruments at the play head (there is no local user in a review). */
  readonly instruments = new RemoteCursorStore('');
  readonly endTick: number;
  readonly #tracks: InstrumentTracks;
  readonly #names: ReadonlyMap<string, string>;
  readonly #listeners = new Set<() => void>();
  readonly #rawMoments: KeyMoment[] = [];
  #snapshot: ReviewSnapshot;
  /** The play head with its fraction. */
  #head = 0;
  #seekFrom = 0;
  #frame = 0;
  #lastMs = 0;
  #disposed = false;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(recording: Recording, factory?: WorkerFactory) {
    const { header, events } = recording;
    this.endTick = recording.end?.tick ?? events.at(-1)?.tick ?? 0;
    this.#tracks = new InstrumentTracks(events);
    this.#names = new Map(header.participants.map((p) => [p.userId, p.name]));
    this.#snapshot = {
      tick: 0,
      endTick: this.endTick,
      simTick: 0,
      playing: false,
      speed: 1,
      seekProgress: null,
      severedSurfaceEdges: 0,
      lastSeq: 0,
      moments: [],
      analysed: 0,
      computedScore: null,
      error: null,
    };
    this.bridge = new SimBridge(factory);
    this.#unsubscribe.push(
      this.bridge.onStatus((status) => this.#onStatus(status)),
      this.bridge.onAnalysis((report) => this.#onAnalysis(report)),
      this.bridge.onError((message) => this.#update({ error: message, playing: false })),
    );
    this.bridge.init(header.scenario, header.tier as TierId, header.seed, REVIEW_KEYFRAMES);
    this.bridge.seek(0, events);
    this.bridge.analyse(this.endTick);
    this.#tracks.apply(this.instruments, 0, performance.now());
  }

  /** The current snapshot (for `useSyncExternalStore`). */
  readonly snapshot = (): ReviewSnapshot => this.#snapshot;

  /** Calls `listener` on every new snapshot; returns the function that stops it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  play(): void {
    if (this.#snapshot.playing || this.#disposed) return;
    // Playing at the end starts over.
    if (this.#head >= this.endTick) this.seek(0);
    this.#update({ playing: true });
    this.#lastMs = performance.now();
    this.#frame = requestAnimationFrame(this.#loop);
  }

  pause(): void {
    cancelAnimationFrame(this.#frame);
    if (this.#snapshot.playing) this.#update({ playing: false });
  }

  setSpeed(speed: PlaybackSpeed): void {
    this.#update({ speed });
  }

  /** Moves the play head to `tick` (clamped to the recording). */
  seek(tick: number): void {
    const target = Math.round(Math.min(this.endTick, Math.max(0, tick)));
    const simTick = this.#snapshot.simTick;
    // Going back restores a keyframe (or starts over): progress counts from where the World
    // restarts, which its next report tells.
    this.#seekFrom = target < simTick ? RESTART_UNKNOWN : simTick;
    this.#head = target;
    this.#moveTo(target);
  }

  dispose(): void {
    this.#disposed = true;
    cancelAnimationFrame(this.#frame);
    for (const off of this.#unsubscribe) off();
    this.bridge.dispose();
    this.#listeners.clear();
  }

  readonly #loop = (nowMs: number): void => {
    if (this.#disposed || !this.#snapshot.playing) return;
    const { speed, simTick } = this.#snapshot;
    const lead = MAX_LEAD_S * SIM_TICK_HZ * speed;
    this.#head = advancePlayhead(
      this.#head,
      nowMs - this.#lastMs,
      speed,
      this.endTick,
      simTick,
      lead,
    );
    this.#lastMs = nowMs;
    this.#seekFrom = simTick;
    this.#moveTo(Math.floor(this.#head));
    if (this.#head >= this.endTick) {
      this.#update({ playing: false });
      return;
    }
    this.#frame = requestAnimationFrame(this.#loop);
  };

  #moveTo(tick: number): void {
    if (tick !== this.#snapshot.tick) {
      this.bridge.seek(tick);
      this.#tracks.apply(this.instruments, tick, performance.now());
    }
    this.#update({ tick, seekProgress: this.#progress(tick, this.#snapshot.simTick) });
  }

  /** Progress of the seek to `tick`, or null when the simulation is (nearly) there. */
  #progress(tick: number, simTick: number): number | null {
    if (this.#seekFrom === RESTART_UNKNOWN) return null;
    // Behind the World: it rebuilds (its old tick until the rebuild reports).
    const reached = simTick > tick ? this.#seekFrom : simTick;
    if (tick - reached < FAR_SEEK_TICKS) return null;
    return seekProgress(this.#seekFrom, tick, reached);
  }

  #onStatus(status: SimStatus): void {
    if (this.#seekFrom === RESTART_UNKNOWN && status.tick <= this.#snapshot.tick) {
      this.#seekFrom = status.tick;
    }
    this.#update({
      simTick: status.tick,
      severedSurfaceEdges: status.severedSurfaceEdges,
      lastSeq: status.lastSeq,
      seekProgress: this.#progress(this.#snapshot.tick, status.tick),
    });
  }

  #onAnalysis(report: SimAnalysisMessage): void {
    const found = report.moments.length > 0;
    if (found) this.#rawMoments.push(...report.moments);
    this.#update({
      analysed: report.endTick > 0 ? Math.min(1, report.tick / report.endTick) : 1,
      ...(found && { moments: reviewMoments(this.#rawMoments, this.#names) }),
      ...(report.score && { computedScore: report.score, analysed: 1 }),
    });
  }

  #update(change: Partial<ReviewSnapshot>): void {
    let changed = false;
    for (const key of Object.keys(change) as (keyof ReviewSnapshot)[]) {
      if (change[key] !== this.#snapshot[key]) changed = true;
    }
    if (!changed) return;
    this.#snapshot = { ...this.#snapshot, ...change };
    for (const listener of this.#listeners) listener();
  }
}
