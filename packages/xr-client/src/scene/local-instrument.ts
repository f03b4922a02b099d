import type {
  CursorUpdatePayload,
  TissueInteractPayload,
  Tool,
  ToolInteractPayload,
} from '@scrubin/protocol';
import { CUTTING_TOOLS, GRASPING_TOOLS } from './pose.js';

/**
 * The local user's instrument: written by an input driver (mouse and keyboard now, a VR
 * controller later), read by the scene to draw it and by {@link InstrumentSender} to share it.
 * Mutable and allocation-free on purpose: it changes every frame.
 */
export interface LocalInstrument {
  /** The instrument in hand, or none (the pointer is still shared as a cursor). */
  tool: Tool | null;
  /** Whether this user may use instruments (surgeon or assistant). */
  canUse: boolean;
  /** Whether the pointer is over the table (a pose is known). */
  tracked: boolean;
  /** Tip position, metres, scene frame (y up, tissue surface at y = 0). */
  readonly position: Float64Array;
  /** Rotation (x, y, z, w): the blade's edge is the local +x axis. */
  readonly rotation: Float64Array;
  /** Blade on, or jaws closed. */
  active: boolean;
  /** Asked to pass the needle at the tip (a click or Space); the sender consumes it. */
  punctureRequested: boolean;
  /** Asked to tie the latest bite (T); the sender consumes it. */
  tieRequested: boolean;
}

/** The tip may pass the needle when it is this high above the surface or lower, metres. */
export const PUNCTURE_MAX_HEIGHT_M = 1e-6;

/** A fresh instrument: nothing in hand, pointer not over the table, identity rotation. */
export function createLocalInstrument(): LocalInstrument {
  const rotation = new Float64Array(4);
  rotation[3] = 1;
  return {
    tool: null,
    canUse: false,
    tracked: false,
    position: new Float64Array([0, 0.005, 0]),
    rotation,
    active: false,
    punctureRequested: false,
    tieRequested: false,
  };
}

/**
 * Asks to pass the needle at the tip: only with the needle driver in hand, the tip tracked and
 * at or below the surface. Returns whether the request was taken.
 */
export function requestPuncture(state: LocalInstrument): boolean {
  if (
    !state.canUse ||
    state.tool !== 'needle-driver' ||
    !state.tracked ||
    state.position[1]! > PUNCTURE_MAX_HEIGHT_M
  ) {
    return false;
  }
  state.punctureRequested = true;
  return true;
}

/** Asks to tie the latest bite (any instrument in hand). Returns whether the request was taken. */
export function requestTie(state: LocalInstrument): boolean {
  if (!state.canUse || state.tool === null || !state.tracked) return false;
  state.tieRequested = true;
  return true;
}

/** Where {@link InstrumentSender} sends to: the live session handle, in the app. */
export interface InstrumentLink {
  /** Shares the pointer (throttled by the SDK; no ack). */
  cursor(pose: CursorUpdatePayload): void;
  /** Sends a sequenced tool action. */
  toolInteract(payload: ToolInteractPayload): Promise<unknown>;
  /** Sends a sequenced tissue action (suturing: puncture, tie). */
  tissueInteract(payload: TissueInteractPayload): Promise<unknown>;
}

/** Options of an {@link InstrumentSender}. */
export interface InstrumentSenderOptions {
  /** Least time between two cursor updates, and between two poses, ms. @default 1000 / 30 */
  intervalMs?: number;
  /** Poses are sent while active or while the tip is lower than this above the surface, metres. @default 0.01 */
  nearSurfaceM?: number;
  /** Moves smaller than this are not sent as new poses, metres. @default 0.00002 */
  minMoveM?: number;
  /** Failures of sequenced actions. @default ignored */
  onError?: (error: unknown) => void;
}

/**
 * Shares the local instrument: the pointer as a cursor (at most 30 Hz, continuously while the
 * simulation runs so that the server's tick keeps flowing), and, while the simulation is active,
 * sequenced tool actions: activate/deactivate (open/close for jaws) when Space changes, and poses
 * at most 30 Hz while the instrument is active or near the tissue; with the needle driver, the
 * requested punctures (tip at or below the surface) and ties as tissue actions at the tip.
 */
export class InstrumentSender {
  readonly #link: InstrumentLink;
  readonly #intervalMs: number;
  readonly #nearSurfaceM: number;
  readonly #minMoveM: number;
  readonly #onError: (error: unknown) => void;
  #lastCursorMs = -Infinity;
  readonly #lastCursor = new Float64Array(8);
  #lastCursorTool: Tool | null | undefined = undefined;
  #lastPoseMs = -Infinity;
  readonly #lastPose = new Float64Array(7);
  #posed = false;
  /** What the server was last told: the tool and whether it is active. */
  #sentTool: Tool | null = null;
  #sentActive = false;

  constructor(link: InstrumentLink, options: InstrumentSenderOptions = {}) {
    this.#link = link;
    this.#intervalMs = options.intervalMs ?? 1000 / 30;
    this.#nearSurfaceM = options.nearSurfaceM ?? 0.01;
    this.#minMoveM = options.minMoveM ?? 0.00002;
    this.#onError = options.onError ?? (() => undefined);
  }

  /**
   * Called once per frame with the instrument and whether the simulation is active (instrument
   * events are refused otherwise).
   */
  update(state: LocalInstrument, nowMs: number, simulationActive: boolean): void {
    this.#shareCursor(state, nowMs, simulationActive);
    const tool = state.canUse ? state.tool : null;
    if (tool !== this.#sentTool) {
      // A new tool starts inactive in the World.
      this.#sentTool = tool;
      this.#sentActive = false;
      this.#posed = false;
    }
    if (tool === null || !simulationActive || !state.tracked) {
      if (!simulationActive) this.#sentActive = false;
      state.punctureRequested = false;
      state.tieRequested = false;
      return;
    }
    this.#suture(tool, state);
    if (state.active !== this.#sentActive) {
      this.#sentActive = state.active;
      const grasps = GRASPING_TOOLS.has(tool);
      const action = grasps
        ? state.active
          ? 'close'
          : 'open'
        : state.active
          ? 'activate'
          : 'deactivate';
      this.#send(tool, action, state, nowMs, grasps ? (state.active ? 0 : 1) : undefined);
      return;
    }
    const near = state.position[1]! < this.#nearSurfaceM;
    if (!(this.#sentActive || near)) return;
    if (nowMs - this.#lastPoseMs < this.#intervalMs) return;
    if (this.#posed && !this.#moved(state)) return;
    this.#send(tool, 'pose', state, nowMs, undefined);
  }

  /** Sends the requested suturing actions at the tip (the requests are consumed either way). */
  #suture(tool: Tool, state: LocalInstrument): void {
    const p = state.position;
    if (state.punctureRequested && tool === 'needle-driver' && p[1]! <= PUNCTURE_MAX_HEIGHT_M) {
      this.#sendTissue({ tool, action: 'puncture', points: [[p[0]!, p[1]!, p[2]!]] });
    }
    if (state.tieRequested) {
      this.#sendTissue({ tool, action: 'tie', points: [[p[0]!, p[1]!, p[2]!]] });
    }
    state.punctureRequested = false;
    state.tieRequested = false;
  }

  #sendTissue(payload: TissueInteractPayload): void {
    this.#link.tissueInteract(payload).catch((error: unknown) => this.#onError(error));
  }

  /** Forgets what was sent (after a reconnection or a reset). */
  reset(): void {
    this.#sentTool = null;
    this.#sentActive = false;
    this.#posed = false;
    this.#lastCursorTool = undefined;
  }

  #moved(state: LocalInstrument): boolean {
    const p = this.#lastPose;
    const dx = state.position[0]! - p[0]!;
    const dy = state.position[1]! - p[1]!;
    const dz = state.position[2]! - p[2]!;
    if (dx * dx + dy * dy + dz * dz > this.#minMoveM * this.#minMoveM) return true;
    const r = state.rotation;
    return Math.abs(r[0]! * p[3]! + r[1]! * p[4]! + r[2]! * p[5]! + r[3]! * p[6]!) < 0.99999;
  }

  #send(
    tool: Tool,
    action: ToolInteractPayload['action'],
    state: LocalInstrument,
    nowMs: number,
    jaw: number | undefined,
  ): void {
    const { position: p, rotation: r } = state;
    this.#lastPose.set(p, 0);
    this.#lastPose.set(r, 3);
    this.#lastPoseMs = nowMs;
    this.#posed = true;
    const payload: ToolInteractPayload = {
      tool,
      action,
      pose: { position: [p[0]!, p[1]!, p[2]!], rotation: [r[0]!, r[1]!, r[2]!, r[3]!] },
    };
    if (jaw !== undefined) payload.jaw = jaw;
    this.#link.toolInteract(payload).catch((error: unknown) => this.#onError(error));
  }

  #shareCursor(state: LocalInstrument, nowMs: number, simulationActive: boolean): void {
    if (!state.tracked || nowMs - this.#lastCursorMs < this.#intervalMs) return;
    const { position: p, rotation: r } = state;
    const tool = state.canUse ? state.tool : null;
    const last = this.#lastCursor;
    const changed =
      tool !== this.#lastCursorTool ||
      p[0] !== last[0] ||
      p[1] !== last[1] ||
      p[2] !== last[2] ||
      r[0] !== last[3] ||
      r[1] !== last[4] ||
      r[2] !== last[5] ||
      r[3] !== last[6];
    // While the simulation runs, keep sending: each batch tells everyone the server's tick.
    if (!changed && !simulationActive) return;
    last.set(p, 0);
    last.set(r, 3);
    this.#lastCursorTool = tool;
    this.#lastCursorMs = nowMs;
    const pose: CursorUpdatePayload = {
      position: [p[0]!, p[1]!, p[2]!],
      rotation: [r[0]!, r[1]!, r[2]!, r[3]!],
    };
    if (tool) pose.tool = tool;
    this.#link.cursor(pose);
  }
}

/** Whether an instrument cuts (its edge follows the motion on desktop). */
export const isCutting = (tool: Tool | null): boolean => tool !== null && CUTTING_TOOLS.has(tool);
