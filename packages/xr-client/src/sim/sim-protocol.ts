import type { EventLogEntry, ScenarioId } from '@scrubin/protocol';
import type { KeyMoment, TierId } from '@scrubin/sim';
import type { KeyframeOptions } from './keyframes.js';
import type { AnalysedScore } from './sim-analysis.js';

/** Creates the World of the session (first message to the worker). */
export interface SimInitMessage {
  type: 'init';
  scenario: ScenarioId;
  tier: TierId;
  seed: number;
  /** Keep World snapshots for fast seeks (a review). */
  keyframes?: KeyframeOptions;
}

/** Log entries in `seq` order, then the latest tick the server vouched for. */
export interface SimInputMessage {
  type: 'input';
  entries: EventLogEntry[];
  /** Advance to this tick at most (never beyond it); 0 when there is no news. */
  advanceTo: number;
}

/** Buffers of an earlier frame, handed back after the main thread copied them. */
export interface SimRecycleMessage {
  type: 'recycle';
  surface: ArrayBuffer;
  boundary: ArrayBuffer;
  mask: ArrayBuffer;
}

/**
 * A review's play head: entries to add first (in `seq` order), then the tick to move the World to
 * and hold it at. Going back rebuilds the World from the newest keyframe at or before the tick
 * (from the start without keyframes); entries beyond the tick wait.
 */
export interface SimSeekMessage {
  type: 'seek';
  entries: EventLogEntry[];
  tick: number;
}

/**
 * Runs a second World over the whole log up to `endTick`, when the first has nothing to do, and
 * reports its key moments and, at the end, the scores.
 */
export interface SimAnalyseMessage {
  type: 'analyse';
  endTick: number;
}

export type SimRequest =
  SimInitMessage | SimInputMessage | SimRecycleMessage | SimSeekMessage | SimAnalyseMessage;

/** Simulation status that comes with every frame. */
export interface SimStatus {
  /** The World's tick after this frame. */
  tick: number;
  /** Physics steps actually run so far (the rest slept). */
  stepsRun: number;
  /** `seq` of the last log entry applied. */
  lastSeq: number;
  /** Surface edges (band 0 in-layer constraints) severed or torn. */
  severedSurfaceEdges: number;
  /** How many times the World was rebuilt because an entry arrived for a tick already run. */
  rebuilds: number;
  /** How many times the World was put back to a keyframe (rebuilds and jumps forward). */
  restores: number;
}

/** Render data after an advance: every array is transferred, not copied. */
export interface SimFrameMessage {
  type: 'frame';
  status: SimStatus;
  /** Grid size (particles per side). */
  n: number;
  /** Layer 0 (surface) positions, xyz per particle, metres. */
  surface: Float32Array;
  /** Layer 1 (skin/deep boundary) positions, xyz per particle, metres. */
  boundary: Float32Array;
  /** One byte per surface triangle: 1 shown, 0 hidden (one of its surface edges is severed). */
  mask: Uint8Array;
  /** Whether the mask differs from the previous frame's. */
  maskChanged: boolean;
}

/** The tick moved but nothing visible changed (the tissue sleeps): status only. */
export interface SimStatusMessage {
  type: 'status';
  status: SimStatus;
}

/** The worker could not do what it was asked. */
export interface SimErrorMessage {
  type: 'error';
  message: string;
}

/** Progress of an analysis: the moments found since the last report, the scores once done. */
export interface SimAnalysisMessage {
  type: 'analysis';
  /** The analysis World's tick. */
  tick: number;
  endTick: number;
  moments: KeyMoment[];
  /** Present once the analysis reached the end tick. */
  score?: AnalysedScore;
}

export type SimResponse = SimFrameMessage | SimStatusMessage | SimErrorMessage | SimAnalysisMessage;
