import {
  CLIENT_EVENT_SCHEMAS,
  CURSOR_HZ,
  INSTRUMENT_ROLES,
  LIMITS,
  SEQUENCED_EVENT_NAMES,
  ScrubinError,
  loggedTissueUpdate,
  loggedToolInteraction,
  micrometresToMetres,
  quantizePoint,
  quantizeQuaternion,
  toScrubinError,
  type ClientEventName,
  type ErrorBody,
  type PresenceEntry,
  type SequencedPayloads,
} from '@scrubin/protocol';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { AuthUser, TokenService } from '../auth/tokens.js';
import type { ServerOptions } from '../config.js';
import { fromDatabaseError } from '../db/database-errors.js';
import type { EventLog } from '../eventlog/event-log.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { Metrics } from '../metrics.js';
import type { SessionService } from '../sessions/session-service.js';
import { detailsView, openSeatOf } from '../sessions/views.js';
import { takeHotEvents, type EventListener } from './hot-events.js';
import type { RoomFrames } from './room-frames.js';
import type { RuntimeRegistry } from './runtime-registry.js';
import type { SessionRuntime } from './session-runtime.js';

/** Events taken before Socket.IO decodes them (hot-events.ts): the 30 Hz stream. */
const HOT_EVENTS: ReadonlySet<ClientEventName> = new Set(['surgery:cursor-update']);

/** Catch-up entries sent in a join ack at most; the rest page through REST. */
const CATCH_UP_LIMIT = 1000;

export const roomOf = (sessionId: string) => `session:${sessionId}`;

export interface GatewayDeps {
  io: Server;
  frames: RoomFrames;
  tokens: TokenService;
  service: SessionService;
  registry: RuntimeRegistry;
  eventLog: EventLog;
  options: ServerOptions;
  metrics: Metrics;
  logger: Logger;
  publicUrl: () => string;
}

type Reply = (result: object) => void;
type Handler<S extends z.ZodType> = (payload: z.output<S>) => object | Promise<object>;

interface SocketState {
  user: AuthUser;
  runtime?: SessionRuntime;
  lastErrorEventMs: number;
}

const fail = (error: ErrorBody) => ({ ok: false as const, error });

/**
 * The Socket.IO side: authenticates sockets, validates every payload with its schema, checks
 * roles and status, sequences and broadcasts, and batches cursors per tick.
 */
export class Gateway {
  readonly #cursorTimer: NodeJS.Timeout;

  constructor(private readonly deps: GatewayDeps) {
    const { io, tokens } = deps;
    io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      tokens.verify(typeof token === 'string' ? token : undefined).then(
        (user) => {
          (socket.data as SocketState) = { user, lastErrorEventMs: 0 };
          next();
        },
        (err: unknown) => {
          const e = toScrubinError(err);
          next(Object.assign(new Error(e.code), { data: e.toBody() }));
        },
      );
    });
    io.on('connection', (socket) => this.#onConnection(socket));
    this.#cursorTimer = setInterval(() => this.#flushCursors(), 1000 / CURSOR_HZ);
    this.#cursorTimer.unref();
  }

  close(): void {
    clearInterval(this.#cursorTimer);
  }

  /** Takes a removed user's sockets out of the room and tells them. */
  /**
   * After a start, nobody is connected yet the seats held before remain open: each holder gets
   * the usual hold to come back before their seat is released, as after a disconnect.
   * @returns how many seats are held
   */
  async holdSeatsAfterStart(): Promise<number> {
    let held = 0;
    for (const { sessionId, userIds } of await this.deps.service.openSeats()) {
      const runtime = await this.deps.registry.get(sessionId);
      for (const userId of userIds) {
        if (runtime.presence.has(userId)) continue;
        runtime.scheduleSeatRelease(userId, this.deps.options.seatHoldMs, () =>
          this.#background(this.deps.service.closeSeat(sessionId, userId)),
        );
        held += 1;
      }
    }
    return held;
  }

  evictUser(sessionId: string, userId: string): void {
    const runtime = this.deps.registry.peek(sessionId);
    const present = runtime?.presence.get(userId);
    if (!runtime || !present) return;
    for (const socketId of [...present.sockets]) {
      const socket = this.deps.io.sockets.sockets.get(socketId);
      if (!socket) continue;
      socket.emit('surgery:error', {
        code: 'FORBIDDEN',
        message: 'The host removed you from this session',
      });
      socket.leave(roomOf(sessionId));
      (socket.data as SocketState).runtime = undefined;
    }
    runtime.presence.delete(userId);
    runtime.cursors.delete(userId);
    this.#stopSpeaking(runtime, userId);
  }

  /** The session completed: every open speaking span counts now. */
  endVoice(sessionId: string): void {
    const runtime = this.deps.registry.peek(sessionId);
    if (runtime) this.#creditVoice(runtime, runtime.speaking.stopAll(Date.now()));
  }

  #onConnection(socket: Socket): void {
    const state = socket.data as SocketState;
    const { rateLimits } = this.deps.options;
    const buckets = {
      events: new TokenBucket(rateLimits.socketEvents),
      cursor: new TokenBucket(rateLimits.socketCursor),
      chat: new TokenBucket(rateLimits.socketChat),
      voice: new TokenBucket(rateLimits.socketVoice),
    };
    const hot = new Map<string, EventListener>();
    const on = <N extends ClientEventName>(
      name: N,
      bucket: TokenBucket | undefined,
      handler: Handler<(typeof CLIENT_EVENT_SCHEMAS)[N]>,
    ) => {
      const listener = this.#on(socket, state, name, bucket, handler);
      if (HOT_EVENTS.has(name)) hot.set(name, listener);
    };

    on('surgery:join-session', buckets.events, (p) =>
      this.#join(socket, state, p.sessionId, p.sinceSeq),
    );
    on('surgery:leave-session', buckets.events, () => this.#leave(socket, state));
    on('surgery:simulation-control', buckets.events, (p) =>
      this.#sequencedAck(
        this.deps.service.transition(this.#runtime(state), state.user.id, p.action, socket.id),
      ),
    );
    on('surgery:reset-simulation', buckets.events, () =>
      this.#sequencedAck(
        this.deps.service.transition(this.#runtime(state), state.user.id, 'reset', socket.id),
      ),
    );
    on('surgery:tool-select', buckets.events, (p) => {
      const runtime = this.#instrumentRuntime(state, false);
      if (!runtime.toolsUsed.has(p.tool)) {
        runtime.toolsUsed.add(p.tool);
        this.#background(this.deps.service.addToolUsed(runtime.sessionId, p.tool));
      }
      return this.#append(runtime, socket, state, 'tool-selected', { tool: p.tool });
    });
    on('surgery:tool-interact', buckets.events, (p) => {
      const runtime = this.#instrumentRuntime(state, true);
      return this.#append(runtime, socket, state, 'tool-interaction', loggedToolInteraction(p));
    });
    on('surgery:tissue-interact', buckets.events, (p) => {
      const runtime = this.#instrumentRuntime(state, true);
      return this.#append(runtime, socket, state, 'tissue-update', loggedTissueUpdate(p));
    });
    on('surgery:chat-message', buckets.chat, (p) => {
      const runtime = this.#liveRuntime(state);
      return this.#append(runtime, socket, state, 'chat-message', {
        name: state.user.name,
        text: p.text,
      }).then((ack) => {
        void this.#background(this.deps.service.countChat(runtime.sessionId));
        return ack;
      });
    });
    on('surgery:cursor-update', buckets.cursor, (p) => {
      const runtime = this.#liveRuntime(state);
      const previous = runtime.cursors.get(state.user.id);
      runtime.setCursor({
        userId: state.user.id,
        position: micrometresToMetres(quantizePoint(p.position)),
        rotation: quantizeQuaternion(p.rotation).map((c) => c / 32767) as [
          number,
          number,
          number,
          number,
        ],
        tool: p.tool ?? previous?.tool ?? null,
      });
      return {};
    });
    on('surgery:voice-signal', buckets.voice, (p) => {
      const runtime = this.#liveRuntime(state);
      if (JSON.stringify(p.data).length > LIMITS.voiceSignalBytes) {
        throw new ScrubinError(
          'PAYLOAD_TOO_LARGE',
          `Voice signals are limited to ${LIMITS.voiceSignalBytes} bytes`,
        );
      }
      const target = runtime.presence.get(p.to);
      if (!target)
        throw new ScrubinError('NOT_FOUND', 'That participant is not online in this session');
      for (const id of target.sockets) {
        this.deps.io.to(id).emit('surgery:voice-signal', { from: state.user.id, data: p.data });
      }
      return {};
    });
    on('surgery:voice-activity', buckets.voice, (p) => {
      const runtime = this.#liveRuntime(state);
      const userId = state.user.id;
      const now = Date.now();
      const wasSpeaking = runtime.speaking.isSpeaking(userId);
      this.#creditVoice(
        runtime,
        p.speaking ? runtime.speaking.start(userId, now) : runtime.speaking.stop(userId, now),
      );
      // Repeated reports only keep the count going; the others hear about changes.
      if (wasSpeaking !== p.speaking) {
        socket.to(roomOf(runtime.sessionId)).emit('surgery:voice-activity', {
          sessionId: runtime.sessionId,
          userId,
          speaking: p.speaking,
        });
      }
      return {};
    });
    socket.on('disconnect', () => this.#detach(socket, state, 'disconnected'));
    takeHotEvents(socket, hot);
  }

  /** Wires one event: rate limit, schema, handler, ack (or `surgery:error` without an ack). */
  #on<S extends z.ZodType>(
    socket: Socket,
    state: SocketState,
    name: ClientEventName,
    bucket: TokenBucket | undefined,
    handler: Handler<S>,
  ): EventListener {
    const schema = CLIENT_EVENT_SCHEMAS[name] as unknown as S;
    const inbound = this.deps.metrics.inboundCounter(name);
    const listener = (payload: unknown, ack: unknown) => {
      if (typeof payload === 'function' && ack === undefined) {
        ack = payload;
        payload = undefined;
      }
      inbound.count += 1;
      const reply = typeof ack === 'function' ? (ack as Reply) : undefined;
      if (bucket && !bucket.take()) {
        this.deps.metrics.rateLimited += 1;
        return this.#reply(socket, state, reply, {
          code: 'RATE_LIMITED',
          message: `Too many ${name} events; slow down`,
        });
      }
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) {
        this.deps.metrics.validationFailed += 1;
        return this.#reply(socket, state, reply, {
          code: 'VALIDATION_FAILED',
          message: `Invalid ${name} payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
          details: parsed.error.issues.map((i) => ({
            path: i.path.join('.'),
            message: i.message,
          })),
        });
      }
      try {
        const result = handler(parsed.data);
        if (result instanceof Promise) {
          result.then(
            (r) => reply?.({ ok: true, ...r }),
            (err: unknown) => this.#reply(socket, state, reply, this.#toBody(err)),
          );
        } else {
          reply?.({ ok: true, ...result });
        }
      } catch (err) {
        this.#reply(socket, state, reply, this.#toBody(err));
      }
    };
    socket.on(name, listener);
    return listener;
  }

  /** A failure goes to the ack, or as `surgery:error` when the event had none. */
  #reply(socket: Socket, state: SocketState, reply: Reply | undefined, error: ErrorBody): void {
    if (reply) reply(fail(error));
    else this.#errorEvent(socket, state, error);
  }

  #toBody(err: unknown): ErrorBody {
    const e = toScrubinError(fromDatabaseError(err, this.deps.options.dbTimeoutMs));
    if (e.code === 'INTERNAL') {
      this.deps.metrics.internalErrors += 1;
      this.deps.logger.error({ err }, 'socket handler failed');
    }
    return e.toBody();
  }

  /** Errors of events without an ack, at most one per second per socket. */
  #errorEvent(socket: Socket, state: SocketState, error: ErrorBody): void {
    const now = Date.now();
    if (now - state.lastErrorEventMs < 1000) return;
    state.lastErrorEventMs = now;
    socket.emit('surgery:error', error);
  }

  /** Runs `work` without waiting for it; a failure is logged. Resolves when it is over. */
  #background(work: Promise<unknown>): Promise<void> {
    return work.then(
      () => undefined,
      (err: unknown) => this.deps.logger.warn({ err }, 'background session update failed'),
    );
  }

  /** Closes the user's speaking span (they left the room) and tells the room they are quiet. */
  #stopSpeaking(runtime: SessionRuntime, userId: string): void {
    if (!runtime.speaking.isSpeaking(userId)) return;
    this.#creditVoice(runtime, runtime.speaking.stop(userId, Date.now()));
    this.deps.io.to(roomOf(runtime.sessionId)).emit('surgery:voice-activity', {
      sessionId: runtime.sessionId,
      userId,
      speaking: false,
    });
  }

  #creditVoice(runtime: SessionRuntime, seconds: number): void {
    if (seconds > 0) this.#background(this.deps.service.addVoiceTime(runtime.sessionId, seconds));
  }

  #runtime(state: SocketState): SessionRuntime {
    if (!state.runtime)
      throw new ScrubinError('FORBIDDEN', 'Join a session first (surgery:join-session)');
    return state.runtime;
  }

  /** The runtime of a session that has not ended. */
  #liveRuntime(state: SocketState): SessionRuntime {
    const runtime = this.#runtime(state);
    if (runtime.status === 'completed')
      throw new ScrubinError('SESSION_ENDED', 'The session has ended');
    return runtime;
  }

  /** The runtime, if this user may use instruments now. */
  #instrumentRuntime(state: SocketState, needsActive: boolean): SessionRuntime {
    const runtime = this.#liveRuntime(state);
    const role = runtime.presence.get(state.user.id)?.role;
    if (!role || !INSTRUMENT_ROLES.includes(role)) {
      throw new ScrubinError('FORBIDDEN', `A ${role ?? 'non-participant'} cannot use instruments`);
    }
    if (needsActive && runtime.status !== 'active') {
      throw new ScrubinError(
        'INVALID_STATE',
        `Instruments work only while the simulation is active (it is ${runtime.status})`,
      );
    }
    return runtime;
  }

  #append<T extends keyof SequencedPayloads>(
    runtime: SessionRuntime,
    socket: Socket,
    state: SocketState,
    type: T,
    body: SequencedPayloads[T],
  ): Promise<object> {
    return this.#sequencedAck(
      runtime.append(type, state.user.id, body, SEQUENCED_EVENT_NAMES[type], socket.id),
    );
  }

  /** Logs one of the server's own events (presence); a failure to store it is logged. */
  #appendPresence<T extends 'participant-joined' | 'participant-left'>(
    runtime: SessionRuntime,
    type: T,
    userId: string,
    body: SequencedPayloads[T],
    exceptSocketId?: string,
  ): void {
    try {
      void this.#background(
        runtime.append(type, userId, body, SEQUENCED_EVENT_NAMES[type], exceptSocketId, {
          force: true,
        }),
      );
    } catch (err) {
      this.deps.logger.warn({ err }, 'presence event not logged');
    }
  }

  async #sequencedAck(pending: Promise<{ seq: number; tick: number }>): Promise<object> {
    const event = await pending;
    return { seq: event.seq, tick: event.tick, event };
  }

  async #join(socket: Socket, state: SocketState, sessionId: string, sinceSeq: number | undefined) {
    const { service, registry, eventLog } = this.deps;
    const user = state.user;
    const runtime = await registry.get(sessionId);
    // No await from the seat read to entering the room: a hold cannot run out in between.
    const doc = await runtime.readSeat(user.id, () => service.load(sessionId));
    if (doc.removedUserIds?.includes(user.id))
      throw new ScrubinError('FORBIDDEN', 'The host removed you from this session');
    if (doc.status === 'completed')
      throw new ScrubinError('SESSION_ENDED', 'The session has ended');
    const seat = openSeatOf(doc, user.id);
    if (!seat) throw new ScrubinError('FORBIDDEN', 'Take a seat first: join the session over REST');
    if (!socket.connected) throw new ScrubinError('UNAVAILABLE', 'The socket closed while joining');
    if (state.runtime && state.runtime !== runtime) this.#detach(socket, state, 'disconnected');
    const role = runtime.presence.get(user.id)?.role ?? seat.role;
    if (state.runtime !== runtime) {
      socket.join(roomOf(sessionId));
      state.runtime = runtime;
      if (
        runtime.addSocket(user.id, user.name, role, socket.id) &&
        runtime.status !== 'completed'
      ) {
        // The newcomer gets it too: it is logged after the seq its ack starts from.
        this.#appendPresence(runtime, 'participant-joined', user.id, { name: user.name, role });
      }
      // Speaking is state, not an event: a newcomer hears who is speaking now.
      for (const speaker of runtime.speaking.speakers()) {
        if (speaker === user.id) continue;
        socket.emit('surgery:voice-activity', { sessionId, userId: speaker, speaking: true });
      }
    }
    // Taken right after entering the room: every event stored later reaches this socket live.
    const seq = runtime.seq;
    if (sinceSeq !== undefined && sinceSeq > seq) {
      throw new ScrubinError(
        'RESYNC_REQUIRED',
        `This session's log ends at seq ${seq}, before your seq ${sinceSeq}: drop your state and join again from the start`,
        { details: { lastSeq: seq } },
      );
    }
    const events =
      sinceSeq === undefined
        ? []
        : (await eventLog.readAfter(sessionId, sinceSeq, CATCH_UP_LIMIT)).filter(
            (e) => e.seq <= seq,
          );
    const lastSent = events.at(-1)?.seq ?? sinceSeq ?? seq;
    const participants: PresenceEntry[] = doc.collaborativeData.participants
      .filter((p) => !p.leftAt)
      .map((p) => {
        const present = runtime.presence.get(p.userId);
        return {
          userId: p.userId,
          name: p.name,
          role: present?.role ?? p.role,
          online: Boolean(present),
        };
      });
    return {
      session: detailsView({ ...doc, status: runtime.status }, this.deps.publicUrl()),
      participants,
      role,
      seq,
      events,
      hasMore: lastSent < seq,
    };
  }

  async #leave(socket: Socket, state: SocketState) {
    const runtime = this.#runtime(state);
    const userId = state.user.id;
    const present = runtime.presence.get(userId);
    for (const id of present ? [...present.sockets] : [socket.id]) {
      const s = this.deps.io.sockets.sockets.get(id);
      s?.leave(roomOf(runtime.sessionId));
      if (s) (s.data as SocketState).runtime = undefined;
    }
    runtime.presence.delete(userId);
    runtime.cursors.delete(userId);
    runtime.cancelSeatRelease(userId);
    this.#stopSpeaking(runtime, userId);
    const closed = await this.deps.service.closeSeat(runtime.sessionId, userId);
    if (closed && runtime.status !== 'completed') {
      this.#appendPresence(runtime, 'participant-left', userId, { reason: 'left' });
    }
    return {};
  }

  /** A socket leaves its session's room without giving up the seat (disconnect, switch). */
  #detach(socket: Socket, state: SocketState, reason: 'disconnected'): void {
    const runtime = state.runtime;
    if (!runtime) return;
    state.runtime = undefined;
    socket.leave(roomOf(runtime.sessionId));
    const userId = state.user.id;
    if (!runtime.removeSocket(userId, socket.id)) return;
    this.#stopSpeaking(runtime, userId);
    if (runtime.status === 'completed') return;
    this.#appendPresence(runtime, 'participant-left', userId, { reason });
    runtime.scheduleSeatRelease(userId, this.deps.options.seatHoldMs, () =>
      this.#background(this.deps.service.closeSeat(runtime.sessionId, userId)),
    );
  }

  #flushCursors(): void {
    for (const runtime of this.deps.registry.all()) {
      if (!runtime.cursorsDirty) continue;
      const cursors = runtime.takeDirtyCursors();
      if (cursors.length === 0) continue;
      this.deps.metrics.cursorBatches += 1;
      this.deps.frames.emit(
        roomOf(runtime.sessionId),
        'surgery:cursor-position',
        { sessionId: runtime.sessionId, tick: runtime.tick(), cursors },
        { volatile: true },
      );
    }
  }
}
