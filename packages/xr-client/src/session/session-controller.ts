import {
  ScrubinError,
  type ControlAction,
  type CursorPositionBatch,
  type CursorUpdatePayload,
  type Role,
  type ScenarioId,
  type SessionDetails,
  type SessionStatus,
  type Tool,
  type TissueInteractPayload,
  type ToolInteractPayload,
} from '@scrubin/protocol';
import type { LiveSession, ScrubinClient, SequencedDelivery } from '@scrubin/sdk';
import type { TierId } from '@scrubin/sim';
import { InstrumentSender, createLocalInstrument } from '../scene/local-instrument.js';
import { RemoteCursorStore } from '../scene/remote-cursors.js';
import { logEntryFromDelivery } from '../sim/log-entry.js';
import { SimBridge } from '../sim/sim-bridge.js';
import type { SimStatus } from '../sim/sim-protocol.js';
import { TickGate } from '../sim/tick-gate.js';
import { ActiveClock } from './active-clock.js';
import { errorFor, errorForClose } from './error-text.js';
import { concernsPanels, type SessionAction } from './session-state.js';
import { publishTestView } from './test-hook.js';

/** Options of a {@link SessionController}. */
export interface SessionControllerOptions {
  client: ScrubinClient;
  sessionId: string;
  selfId: string;
  /** Receives the state changes the panels show. */
  dispatch: (action: SessionAction) => void;
  /** Short-lived messages (an action the server refused). */
  notify: (message: string) => void;
  /** Publish `window.__scrubin` for browser tests. @default false */
  testHook?: boolean;
  /** Makes the simulation bridge (and its worker). @default new SimBridge() */
  createBridge?: () => SimBridge;
  /** Local clock, ms. @default performance.now */
  now?: () => number;
}

/**
 * One user's presence in one live session, outside React: the SDK handle, the simulation worker
 * fed in `seq` order and advanced only as far as the server vouched for, the other participants'
 * cursors, the local instrument and what it sends, the active-time clock and the test hook.
 */
export class SessionController {
  readonly sessionId: string;
  readonly selfId: string;
  readonly local = createLocalInstrument();
  readonly remote: RemoteCursorStore;
  readonly clock = new ActiveClock();
  readonly gate = new TickGate();
  readonly sender: InstrumentSender;
  /** Simulation status as the render loop reads it. */
  status: SessionStatus = 'idle';
  /** `seq` of the last sequenced event delivered. */
  lastSeq = 0;
  simStatus: SimStatus | undefined;
  readonly #options: SessionControllerOptions;
  readonly #now: () => number;
  #bridge: SimBridge | undefined;
  #live: LiveSession | undefined;
  #lastError: ScrubinError | undefined;
  /** Between a `resync` and being caught up again: the log is being delivered from seq 1. */
  #rebuilding = false;
  #disposed = false;
  readonly #cleanups: (() => void)[] = [];

  constructor(options: SessionControllerOptions) {
    this.#options = options;
    this.sessionId = options.sessionId;
    this.selfId = options.selfId;
    this.#now = options.now ?? (() => performance.now());
    this.remote = new RemoteCursorStore(options.selfId);
    this.sender = new InstrumentSender(
      {
        cursor: (pose) => this.cursor(pose),
        toolInteract: (payload) => this.toolInteract(payload),
        tissueInteract: (payload) => this.tissueInteract(payload),
      },
      { onError: (error) => this.#refused(error) },
    );
    if (options.testHook) {
      this.#cleanups.push(this.remote.subscribe(() => this.#publish()));
    }
  }

  /** The simulation bridge, once the session's scenario is known. */
  get bridge(): SimBridge | undefined {
    return this.#bridge;
  }

  /** The live handle, once connecting started. */
  get live(): LiveSession | undefined {
    return this.#live;
  }

  /** Joins the session (the user already holds a seat) and replays its whole log. */
  async start(): Promise<void> {
    const { client, sessionId, dispatch } = this.#options;
    const live = client.session(sessionId, {
      sinceSeq: 0,
      on: {
        sequenced: (delivery) => this.#onSequenced(delivery),
        'surgery:cursor-position': (batch) => this.#onCursors(batch),
        'surgery:score': (payload) => dispatch({ type: 'score', payload }),
        reconnecting: () => dispatch({ type: 'reconnecting' }),
        resync: (info) => this.#onResync(info),
        reconnected: () => {
          this.sender.reset();
          // Rebuilt from the restored log: take the rest from the rejoin, as a fresh join does.
          if (this.#rebuilding) this.#applyJoin(live);
          dispatch({ type: 'reconnected' });
        },
        disconnected: ({ reason }) => {
          if (this.#disposed) return;
          dispatch({ type: 'closed', error: errorForClose(reason, this.#lastError) });
        },
        'surgery:error': (error) => {
          this.#lastError = new ScrubinError(error.code, error.message);
        },
        error: (error) => {
          this.#lastError = error;
        },
      },
    });
    this.#live = live;
    try {
      await live.connect();
    } catch (err) {
      if (this.#disposed) return;
      dispatch({ type: 'closed', error: errorFor(err) });
      // An ended session still shows its score.
      if (err instanceof ScrubinError && err.code === 'SESSION_ENDED') void this.refreshDetails();
      return;
    }
    if (this.#disposed) {
      live.close();
      return;
    }
    this.#applyJoin(live);
  }

  /** What the join (or the rejoin after a resync) says beyond the events: seats, role, status. */
  #applyJoin(live: LiveSession): void {
    const session = live.session!;
    this.#rebuilding = false;
    this.#ensureSim(session);
    this.status = live.status ?? session.status;
    this.local.canUse = live.role === 'surgeon' || live.role === 'assistant';
    this.remote.keepOnly(new Set(live.participants.map((p) => p.userId)));
    this.#options.dispatch({
      type: 'joined',
      session,
      participants: live.participants,
      role: live.role,
      status: live.status,
    });
    this.#publish();
  }

  /**
   * The server's log ends before what was delivered (restored from a backup): drop everything
   * built from events, the World first, since the log now comes again from seq 1.
   */
  #onResync(info: { deliveredSeq: number; serverSeq: number }): void {
    if (this.#disposed) return;
    this.#rebuilding = true;
    this.lastSeq = 0;
    this.status = 'idle';
    this.clock.clear();
    this.gate.reset();
    this.#bridge?.reset();
    this.local.active = false;
    this.sender.reset();
    this.remote.forgetInstruments();
    this.#options.dispatch({ type: 'resync', ...info });
    this.#publish();
  }

  /** Reads the session's details again over REST (scores after completion). */
  async refreshDetails(): Promise<SessionDetails | undefined> {
    try {
      const session = await this.#options.client.getSession(this.sessionId);
      if (this.#disposed) return session;
      // Not in the room (the session ended): the details are all the clock has.
      if (this.#live?.state !== 'joined') {
        this.clock.onStatus(session.status, session.duration, this.#now());
      }
      this.#options.dispatch({ type: 'details', session });
      return session;
    } catch {
      return undefined;
    }
  }

  /** Closes the handle (the seat stays held) and stops the worker. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#live?.close();
    this.#bridge?.dispose();
    for (const cleanup of this.#cleanups) cleanup();
  }

  /** A sequenced tissue action (suturing). */
  tissueInteract(payload: TissueInteractPayload): Promise<void> {
    return this.#sequenced(() => this.#handle().tissueInteract(payload));
  }

  // -------------------------------------------------------------------------------------------
  // Actions.

  /** Host: start, pause, resume or stop the simulation. */
  control(action: ControlAction): Promise<void> {
    return this.#sequenced(() => this.#handle().control(action));
  }

  /** Host: back to idle with fresh tissue. */
  reset(): Promise<void> {
    return this.#sequenced(() => this.#handle().reset());
  }

  /** Sends a chat line. */
  chat(text: string): Promise<void> {
    return this.#sequenced(() => this.#handle().chat(text));
  }

  /** Picks up an instrument. */
  async selectTool(tool: Tool): Promise<void> {
    const previous = this.local.tool;
    this.local.tool = tool;
    this.local.active = false;
    try {
      await this.#sequenced(() => this.#handle().selectTool(tool));
    } catch (err) {
      this.local.tool = previous;
      throw err;
    }
  }

  /** Host: changes a participant's role (REST). */
  async changeRole(userId: string, role: Role): Promise<void> {
    await this.#options.client.changeRole(this.sessionId, userId, role);
  }

  /** Host: removes a participant, who may not come back (REST). */
  async removeParticipant(userId: string): Promise<void> {
    await this.#options.client.removeParticipant(this.sessionId, userId);
  }

  /** Shares the pointer (the SDK throttles it to 30 Hz). */
  cursor(pose: CursorUpdatePayload): void {
    const live = this.#live;
    if (live && live.state === 'joined') live.cursor(pose);
  }

  /** A sequenced instrument action. */
  toolInteract(payload: ToolInteractPayload): Promise<void> {
    return this.#sequenced(() => this.#handle().toolInteract(payload));
  }

  // -------------------------------------------------------------------------------------------

  #handle(): LiveSession {
    const live = this.#live;
    if (!live || live.state === 'closed') {
      throw new ScrubinError('UNAVAILABLE', 'Not connected to the session');
    }
    return live;
  }

  /** Runs an own sequenced action, holding the World back until its event is in. */
  async #sequenced(send: () => Promise<unknown>): Promise<void> {
    const token = this.gate.begin();
    try {
      await send();
    } finally {
      this.#bridge?.advance(this.gate.settle(token));
    }
  }

  #refused(error: unknown): void {
    if (this.#disposed) return;
    // Poses refused while the status changes under them are expected; say the rest.
    if (error instanceof ScrubinError && error.code === 'INVALID_STATE') return;
    this.#options.notify(errorFor(error).message);
  }

  #ensureSim(session: SessionDetails): SimBridge {
    if (this.#bridge) return this.#bridge;
    const bridge = (this.#options.createBridge ?? (() => new SimBridge()))();
    bridge.init(
      session.scenario as ScenarioId,
      session.simulation.tier as TierId,
      session.simulation.seed,
    );
    this.#cleanups.push(
      bridge.onStatus((status) => {
        this.simStatus = status;
        this.#publish();
      }),
      bridge.onError((message) => this.#options.notify(`Simulation: ${message}`)),
    );
    this.#bridge = bridge;
    return bridge;
  }

  #onSequenced(delivery: SequencedDelivery): void {
    if (this.#disposed) return;
    const { event } = delivery;
    this.lastSeq = event.seq;
    // Catch-up arrives before connect() resolves; the handle knows the session by then.
    const session = this.#live?.session;
    const bridge = this.#bridge ?? (session ? this.#ensureSim(session) : undefined);
    if (bridge) {
      bridge.pushEntry(logEntryFromDelivery(delivery));
      bridge.advance(this.gate.note(event.tick));
    }
    const now = this.#now();
    switch (delivery.type) {
      case 'simulation-state':
        this.status = delivery.event.status;
        this.clock.onStatus(
          delivery.event.status,
          delivery.event.durationS,
          delivery.source === 'catch-up' ? now - sinceMs(delivery.event.at) : now,
        );
        if (delivery.event.status === 'completed') {
          this.local.active = false;
          this.#awaitScore();
        }
        break;
      case 'simulation-reset':
        this.status = 'idle';
        this.clock.onReset(now);
        this.local.active = false;
        this.sender.reset();
        break;
      case 'tool-selected':
        this.remote.setTool(event.userId, delivery.event.tool);
        break;
      case 'tool-interaction': {
        const { action, tool } = delivery.event;
        this.remote.setTool(event.userId, tool);
        if (action === 'activate' || action === 'close') this.remote.setActive(event.userId, true);
        if (action === 'deactivate' || action === 'open')
          this.remote.setActive(event.userId, false);
        break;
      }
      case 'participant-left':
        // Replaying a restored log, someone who left once may be back: the rejoin tells.
        if (delivery.event.reason !== 'disconnected' && !this.#rebuilding) {
          this.remote.remove(event.userId);
        }
        break;
      case 'participant-updated':
        if (event.userId === this.selfId) {
          const role = delivery.event.role;
          this.local.canUse = role === 'surgeon' || role === 'assistant';
          if (!this.local.canUse) this.local.active = false;
        }
        break;
      default:
        break;
    }
    if (concernsPanels(delivery)) this.#options.dispatch({ type: 'sequenced', delivery });
    this.#publish();
  }

  #onCursors(batch: CursorPositionBatch): void {
    if (this.#disposed) return;
    const now = this.#now();
    this.remote.push(batch.cursors, now);
    this.clock.onTick(batch.tick, now);
    this.#bridge?.advance(this.gate.note(batch.tick));
  }

  /** The score comes as `surgery:score`; if it is slow, read it from the session's details. */
  #awaitScore(): void {
    let tries = 0;
    const poll = async () => {
      if (this.#disposed) return;
      const session = await this.refreshDetails();
      if (!session?.scoreDetails && ++tries < 10) setTimeout(() => void poll(), 1500);
    };
    setTimeout(() => void poll(), 1500);
  }

  #publish(): void {
    if (!this.#options.testHook || this.#disposed) return;
    publishTestView({
      tick: this.simStatus?.tick ?? 0,
      seq: this.lastSeq,
      severedSurfaceEdges: this.simStatus?.severedSurfaceEdges ?? 0,
      remoteTools: this.remote.tools(),
      status: this.status,
    });
  }
}

/** Milliseconds since an ISO time, per the local clock (0 if unreadable). */
function sinceMs(iso: string): number {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? Math.max(0, Date.now() - at) : 0;
}
