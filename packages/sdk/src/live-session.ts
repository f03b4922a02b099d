import createDebug from 'debug';
import {
  ScrubinError,
  SEQUENCED_EVENT_NAMES,
  cursorUpdateSchema,
  toScrubinError,
  type ControlAction,
  type CursorUpdatePayload,
  type PresenceEntry,
  type Role,
  type SequencedEvent,
  type SequencedType,
  type SessionDetails,
  type SessionStatus,
  type TissueInteractPayload,
  type Tool,
  type ToolInteractPayload,
} from '@scrubin/protocol';
import { AckRequests } from './ack-requests.js';
import type { Clock } from './clock.js';
import { TypedEmitter, type Unsubscribe } from './emitter.js';
import { connectionLostError, errorBodyOf } from './errors.js';
import type {
  AckedEventName,
  AckOk,
  LiveSessionEvents,
  LiveSessionState,
  ScrubinSocket,
  SequencedDelivery,
  SequencedEventName,
} from './live-types.js';
import { PresenceView } from './presence.js';
import type { Credentials, RestMethods } from './rest.js';
import { SequencedStream } from './sequenced-stream.js';
import { createThrottle, type Throttle } from './throttle.js';

const debug = createDebug('scrubin:sdk:live-session');

/** Join failures after which retrying cannot help. */
const FATAL_JOIN_CODES = new Set([
  'FORBIDDEN',
  'SESSION_ENDED',
  'SESSION_NOT_FOUND',
  'UNAUTHENTICATED',
  'VALIDATION_FAILED',
]);
/** Wait before retrying a failed catch-up while joined, milliseconds. */
const CATCH_UP_RETRY_MS = 1000;

const TYPE_OF_NAME = Object.fromEntries(
  Object.entries(SEQUENCED_EVENT_NAMES).map(([type, name]) => [name, type]),
) as Record<SequencedEventName, SequencedType>;

/** What a {@link LiveSession} needs from its client. */
export interface LiveSessionDeps {
  sessionId: string;
  socket: ScrubinSocket;
  credentials: Credentials;
  rest: Pick<RestMethods, 'me' | 'exportEventsPage' | 'joinSession'>;
  clock: Clock;
  ackTimeoutMs: number;
  cursorHz: number;
  exportPageSize: number;
  restoreSeat: boolean;
  sinceSeq: number | undefined;
  onClosed: (session: LiveSession) => void;
}

/**
 * A live session: one socket joined to one session, with typed events in `seq` order, typed
 * actions that resolve with their ack, and automatic reconnection with catch-up.
 *
 * Ordering guarantee: every sequenced event of the session after the starting point reaches
 * the handlers of its `surgery:*` name (and of `sequenced`) exactly once, in `seq` order,
 * without holes. That includes this handle's own actions, which the server answers in the ack
 * instead of echoing: they are delivered before the action's promise resolves (unless an
 * earlier `seq` is still missing, in which case they follow it). Holes (a reconnection, a lost
 * broadcast) are filled from the join ack and the REST export before anything later is delivered.
 *
 * Made by `client.session()` or `client.join()`.
 * @example
 * const live = await client.join(sessionId, { on: { 'surgery:chat-message': (e) => show(e) } });
 * await live.chat('Scalpel, please');
 * live.cursor({ position: [0, 0.1, 0], rotation: [0, 0, 0, 1] });
 */
export class LiveSession {
  /** The session this handle is joined to. */
  readonly sessionId: string;
  /** The underlying Socket.IO socket (for diagnostics and tests; prefer the typed methods). */
  readonly socket: ScrubinSocket;

  readonly #deps: LiveSessionDeps;
  readonly #emitter: TypedEmitter<LiveSessionEvents>;
  readonly #stream: SequencedStream;
  readonly #requests: AckRequests;
  readonly #presence = new PresenceView();
  readonly #cursor: Throttle<CursorUpdatePayload>;
  #state: LiveSessionState = 'idle';
  #epoch = 0;
  #joinedOnce = false;
  #seatRestoreTried = false;
  #deliveredSinceJoin = 0;
  #lastCursor: CursorUpdatePayload | undefined;
  #ready: Promise<LiveSession> | undefined;
  #settleReady:
    { resolve: (s: LiveSession) => void; reject: (e: ScrubinError) => void } | undefined;
  #userId: string | undefined;
  #role: Role | undefined;
  #session: SessionDetails | undefined;
  #status: SessionStatus | undefined;

  /** Use `client.session()` or `client.join()`. */
  constructor(deps: LiveSessionDeps) {
    this.#deps = deps;
    this.sessionId = deps.sessionId;
    this.socket = deps.socket;
    this.#emitter = new TypedEmitter((error, event) => this.#handlerFailed(error, event));
    this.#requests = new AckRequests({
      clock: deps.clock,
      ackTimeoutMs: deps.ackTimeoutMs,
      emit: (event, payload, ack) => {
        const emit = this.socket.emit.bind(this.socket) as (
          ev: AckedEventName,
          body: unknown,
          callback: (answer: unknown) => void,
        ) => void;
        emit(event, payload, ack);
      },
      onSequencedAck: (type, event) => this.#stream.accept(type, event, 'ack'),
      onSequencedSettled: () => this.#stream.checkGap(),
    });
    this.#stream = new SequencedStream({
      sessionId: deps.sessionId,
      sinceSeq: deps.sinceSeq,
      clock: deps.clock,
      retryMs: CATCH_UP_RETRY_MS,
      fetchPage: (afterSeq) =>
        deps.rest.exportEventsPage(deps.sessionId, { afterSeq, limit: deps.exportPageSize }),
      deliver: (delivery) => this.#deliver(delivery),
      // Not while own sequenced actions await their acks: their events may be the missing ones.
      mayCatchUp: () => this.#state === 'joined' && this.#requests.sequencedInFlight === 0,
      onError: (error) => this.#emitter.emit('error', error),
    });
    this.#cursor = createThrottle({
      intervalMs: 1000 / deps.cursorHz,
      clock: deps.clock,
      send: (pose) => {
        if (this.#state === 'joined' && this.socket.connected) {
          this.socket.emit('surgery:cursor-update', pose);
        }
      },
    });
  }

  /** Where the handle is in its lifecycle. */
  get state(): LiveSessionState {
    return this.#state;
  }
  /** The `seq` of the last event delivered to handlers (0 before any). */
  get lastSeq(): number {
    return this.#stream.lastSeq;
  }
  /** This user's role in the session, kept up to date by `participant-updated` events. */
  get role(): Role | undefined {
    return this.#role;
  }
  /** The signed-in user this handle acts as. */
  get userId(): string | undefined {
    return this.#userId;
  }
  /** Who is in the session, from the join ack and the participant events since. */
  get participants(): PresenceEntry[] {
    return this.#presence.list();
  }
  /** The session as the last join ack described it. */
  get session(): SessionDetails | undefined {
    return this.#session;
  }
  /** Simulation status, kept up to date by `simulation-state` and `simulation-reset` events. */
  get status(): SessionStatus | undefined {
    return this.#status;
  }

  /**
   * Adds a handler and returns the function that removes it. Sequenced `surgery:*` events
   * arrive in `seq` order, own actions included; see {@link LiveSessionEvents}.
   * @example
   * const off = live.on('surgery:tissue-update', (e) => sim.apply(e));
   */
  on<K extends keyof LiveSessionEvents>(event: K, handler: LiveSessionEvents[K]): Unsubscribe {
    return this.#emitter.on(event, handler);
  }

  /**
   * Connects and joins the session (the user must already hold a seat: create or REST join).
   * Resolves once joined and caught up to `sinceSeq`; rejects with a `ScrubinError`.
   */
  connect(): Promise<LiveSession> {
    if (this.#ready !== undefined) return this.#ready;
    this.#ready = new Promise<LiveSession>((resolve, reject) => {
      this.#settleReady = { resolve, reject };
    });
    if (this.#state === 'closed') {
      this.#failStart(connectionLostError('surgery:join-session', 'the session handle is closed'));
      return this.#ready;
    }
    this.#state = 'connecting';
    void this.#start();
    return this.#ready;
  }

  /** Starts, pauses, resumes or stops the simulation (host only). */
  control(action: ControlAction): Promise<AckOk<'surgery:simulation-control'>> {
    return this.#request('surgery:simulation-control', { action }, 'simulation-state');
  }
  /** Picks up an instrument (surgeon and assistant). */
  selectTool(tool: Tool): Promise<AckOk<'surgery:tool-select'>> {
    return this.#request('surgery:tool-select', { tool }, 'tool-selected');
  }
  /** A sequenced tool action, e.g. a pose while the tool is active (status `active`). */
  toolInteract(payload: ToolInteractPayload): Promise<AckOk<'surgery:tool-interact'>> {
    return this.#request('surgery:tool-interact', payload, 'tool-interaction');
  }
  /** A tool acting on tissue, points in metres (status `active`). */
  tissueInteract(payload: TissueInteractPayload): Promise<AckOk<'surgery:tissue-interact'>> {
    return this.#request('surgery:tissue-interact', payload, 'tissue-update');
  }
  /** Sends a chat line (1–1000 characters after trimming). */
  chat(text: string): Promise<AckOk<'surgery:chat-message'>> {
    return this.#request('surgery:chat-message', { text }, 'chat-message');
  }
  /** Returns the simulation to `idle` (host only). */
  reset(): Promise<AckOk<'surgery:reset-simulation'>> {
    return this.#request('surgery:reset-simulation', {}, 'simulation-reset');
  }
  /**
   * Tells the room whether this user is speaking (voice activity detection). Not sequenced.
   * While speaking, report `true` again every `VOICE_ACTIVITY_REFRESH_MS` (the server credits
   * at most `LIMITS.voiceSpanMaxS` seconds of `voiceTime` per report); report `false` on stopping.
   */
  voiceActivity(speaking: boolean): Promise<AckOk<'surgery:voice-activity'>> {
    return this.#request('surgery:voice-activity', { speaking });
  }
  /** Relays WebRTC signalling to one online participant. Not sequenced. */
  voiceSignal(to: string, data: Record<string, unknown>): Promise<AckOk<'surgery:voice-signal'>> {
    return this.#request('surgery:voice-signal', { to, data });
  }

  /**
   * Shares this user's instrument pose. Throttled to `cursorHz` (30 by default): the newest pose
   * wins and the last one is always sent. No ack; poses offered while disconnected are dropped,
   * and the newest one is sent again after rejoining.
   * @throws ScrubinError `VALIDATION_FAILED` for a malformed pose.
   */
  cursor(pose: CursorUpdatePayload): void {
    const parsed = cursorUpdateSchema.safeParse(pose);
    if (!parsed.success) {
      throw new ScrubinError('VALIDATION_FAILED', 'Invalid cursor pose', {
        details: parsed.error.issues,
      });
    }
    this.#lastCursor = pose;
    this.#cursor.push(pose);
  }

  /** Gives up the seat (others see `participant-left {reason: 'left'}`) and closes the handle. */
  async leave(): Promise<AckOk<'surgery:leave-session'>> {
    try {
      return await this.#request('surgery:leave-session', {});
    } finally {
      this.#finish('left');
    }
  }

  /**
   * Closes the socket without giving up the seat (the server holds it for a while and others see
   * `participant-left {reason: 'disconnected'}`). Pending actions reject with `UNAVAILABLE`.
   */
  close(): void {
    this.#finish('closed');
  }

  // -------------------------------------------------------------------------------------------
  // Connection lifecycle.

  async #start(): Promise<void> {
    try {
      this.#userId = this.#deps.credentials.user?.id ?? (await this.#deps.rest.me()).id;
    } catch (err) {
      this.#failStart(toScrubinError(err));
      return;
    }
    if (this.#state === 'closed') return;
    this.#bindSocket();
    this.socket.connect();
  }

  #bindSocket(): void {
    const { socket } = this;
    socket.on('connect', () => this.#onConnect());
    socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    socket.on('connect_error', (err) => this.#onConnectError(err));
    socket.io.on('reconnect_failed', () =>
      this.#fail('reconnect_failed', new ScrubinError('UNAVAILABLE', 'Could not reconnect')),
    );
    const on = socket.on.bind(socket) as (event: string, fn: (payload: never) => void) => void;
    for (const name of Object.values(SEQUENCED_EVENT_NAMES)) {
      on(name, (event: SequencedEvent) => {
        if (event.sessionId === this.sessionId) {
          this.#stream.accept(TYPE_OF_NAME[name], event, 'live');
        }
      });
    }
    socket.on('surgery:cursor-position', (batch) => {
      if (batch.sessionId === this.sessionId) this.#emitter.emit('surgery:cursor-position', batch);
    });
    socket.on('surgery:voice-signal', (relay) => this.#emitter.emit('surgery:voice-signal', relay));
    socket.on('surgery:voice-activity', (relay) => {
      if (relay.sessionId === this.sessionId) this.#emitter.emit('surgery:voice-activity', relay);
    });
    socket.on('surgery:score', (score) => {
      if (score.sessionId === this.sessionId) this.#emitter.emit('surgery:score', score);
    });
    socket.on('surgery:error', (error) => {
      this.#emitter.emit('surgery:error', error);
      // The server reports removal by the host this way, and drops the socket from the room.
      if (error.code === 'FORBIDDEN') this.#finish('removed');
    });
  }

  #onConnect(): void {
    if (this.#state === 'closed') return;
    const epoch = ++this.#epoch;
    debug('%s connected (epoch %d), joining', this.sessionId, epoch);
    this.#sendJoin(epoch);
  }

  #sendJoin(epoch: number): void {
    const since = this.#stream.started ? this.#stream.lastSeq : undefined;
    const payload =
      since === undefined
        ? { sessionId: this.sessionId }
        : { sessionId: this.sessionId, sinceSeq: since };
    this.#requests.send('surgery:join-session', payload).then(
      (ack) => {
        if (epoch === this.#epoch) void this.#onJoined(ack, epoch);
      },
      (error: ScrubinError) => {
        if (epoch === this.#epoch) void this.#onJoinFailed(error, epoch);
      },
    );
  }

  async #onJoined(ack: AckOk<'surgery:join-session'>, epoch: number): Promise<void> {
    const first = !this.#joinedOnce;
    this.#joinedOnce = true;
    this.#seatRestoreTried = false;
    this.#role = ack.role;
    this.#session = ack.session;
    this.#status = ack.session.status;
    this.#presence.reset(ack.participants);
    this.#stream.noteSeq(ack.seq);
    this.#deliveredSinceJoin = 0;
    // First join without `sinceSeq`: the stream starts at the session's current seq.
    if (!this.#stream.started) this.#stream.start(ack.seq);
    for (const entry of ack.events) this.#stream.acceptEntry(entry);
    this.#state = 'joined';
    debug('%s joined at seq %d (delivered %d)', this.sessionId, ack.seq, this.lastSeq);
    this.#requests.ready = true;
    this.#requests.flush();
    if (this.#lastCursor !== undefined && !first) this.#cursor.push(this.#lastCursor);
    await this.#stream.catchUp();
    if (epoch !== this.#epoch) return; // closed or reconnected meanwhile
    const settle = this.#settleReady;
    this.#settleReady = undefined;
    if (settle !== undefined) settle.resolve(this);
    else
      this.#emitter.emit('reconnected', {
        lastSeq: this.lastSeq,
        missed: this.#deliveredSinceJoin,
      });
  }

  async #onJoinFailed(error: ScrubinError, epoch: number): Promise<void> {
    debug('%s join failed: %s', this.sessionId, error.code);
    if (error.code === 'RESYNC_REQUIRED' && this.#stream.started) {
      // The log ends before what we delivered: start over from its beginning.
      const deliveredSeq = this.#stream.lastSeq;
      const serverSeq = (error.details as { lastSeq?: number } | undefined)?.lastSeq ?? 0;
      this.#stream.restart();
      this.#emitter.emit('resync', { deliveredSeq, serverSeq });
      if (epoch === this.#epoch) this.#sendJoin(epoch);
      return;
    }
    if (!this.#joinedOnce) {
      this.#failStart(error);
      return;
    }
    const session = this.#session;
    if (
      error.code === 'FORBIDDEN' &&
      this.#deps.restoreSeat &&
      !this.#seatRestoreTried &&
      session
    ) {
      // The server released the seat while we were away: take it again, then rejoin.
      this.#seatRestoreTried = true;
      try {
        const role = this.#role === 'observer' ? 'observer' : 'assistant';
        await this.#deps.rest.joinSession(session.uniqueLink, { role });
      } catch (err) {
        this.#fail('rejoin_failed', toScrubinError(err));
        return;
      }
      if (epoch === this.#epoch) this.#sendJoin(epoch);
      return;
    }
    if (FATAL_JOIN_CODES.has(error.code)) {
      this.#fail(error.code === 'SESSION_ENDED' ? 'ended' : 'rejoin_failed', error);
      return;
    }
    // Transient (timeout, rate limit, server trouble): drop the connection; the manager retries
    // with backoff and the next connection joins again.
    this.#emitter.emit('error', error);
    this.socket.io.engine?.close();
  }

  #onDisconnect(reason: string): void {
    this.#epoch++;
    this.#requests.ready = false;
    this.#requests.failInFlight(`connection lost (${reason})`);
    this.#cursor.cancel();
    if (this.#state === 'closed') return;
    debug('%s disconnected: %s', this.sessionId, reason);
    if (reason === 'io client disconnect') {
      this.#finish(reason);
      return;
    }
    if (reason === 'io server disconnect') {
      this.#fail(reason, new ScrubinError('UNAVAILABLE', 'The server closed the connection'));
      return;
    }
    if (!this.#joinedOnce) return;
    this.#state = 'reconnecting';
    this.#emitter.emit('reconnecting', { reason });
  }

  #onConnectError(err: Error & { data?: unknown }): void {
    if (this.#state === 'closed') return;
    const body = errorBodyOf(err.data);
    const error = body
      ? new ScrubinError(body.code, body.message, { cause: err, details: body.details })
      : err.message === 'UNAUTHENTICATED'
        ? new ScrubinError('UNAUTHENTICATED', 'The server refused the token', { cause: err })
        : new ScrubinError('UNAVAILABLE', `Cannot connect: ${err.message}`, { cause: err });
    debug('%s connect error: %s', this.sessionId, error.message);
    if (!this.#joinedOnce) this.#failStart(error);
    else if (!this.socket.active) this.#fail('connect_error', error);
    else this.#emitter.emit('error', error);
  }

  /** The first connection failed: reject `connect()` and close quietly. */
  #failStart(error: ScrubinError): void {
    const settle = this.#settleReady;
    this.#settleReady = undefined;
    this.#shutdown(error);
    settle?.reject(error);
  }

  /** A fatal error after joining: report it, then close. */
  #fail(reason: string, error: ScrubinError): void {
    if (this.#state === 'closed') return;
    if (!this.#joinedOnce) {
      this.#failStart(error);
      return;
    }
    this.#emitter.emit('error', error);
    this.#finish(reason);
  }

  #finish(reason: string): void {
    if (this.#state === 'closed') return;
    const wasJoined = this.#joinedOnce;
    this.#shutdown(connectionLostError('request', 'the session handle is closed'));
    if (wasJoined) this.#emitter.emit('disconnected', { reason });
  }

  #shutdown(error: ScrubinError): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#epoch++;
    this.#cursor.cancel();
    this.#stream.close();
    this.#requests.close(error.message);
    this.socket.disconnect();
    this.#deps.onClosed(this);
    const settle = this.#settleReady;
    this.#settleReady = undefined;
    settle?.reject(error);
  }

  // -------------------------------------------------------------------------------------------
  // Requests and delivery.

  /** Sends an action once joined (queued meanwhile); sequenced acks enter the ordered stream. */
  #request<E extends AckedEventName>(
    event: E,
    payload: unknown,
    type?: SequencedType,
  ): Promise<AckOk<E>> {
    return this.#requests.send(event, payload, { type, queue: true });
  }

  #deliver(delivery: SequencedDelivery): void {
    if (this.#state === 'closed') return;
    const { type, event } = delivery;
    this.#presence.apply(type, event);
    if (type === 'participant-updated' && event.userId === this.#userId) this.#role = event.role;
    if (type === 'simulation-state') this.#status = event.status;
    if (type === 'simulation-reset') this.#status = 'idle';
    this.#deliveredSinceJoin++;
    const emit = this.#emitter.emit.bind(this.#emitter) as (name: string, payload: unknown) => void;
    emit(delivery.name, event);
    this.#emitter.emit('sequenced', delivery);
  }

  #handlerFailed(error: unknown, event: keyof LiveSessionEvents): void {
    debug('%s handler of %s threw: %O', this.sessionId, event, error);
    if (event === 'error' || !this.#emitter.has('error')) return;
    this.#emitter.emit(
      'error',
      new ScrubinError('INTERNAL', `A handler of ${String(event)} threw`, { cause: error }),
    );
  }
}
