import {
  TICK_HZ,
  type CursorState,
  type Role,
  type SequencedEvent,
  type SequencedPayloads,
  type SequencedType,
  type SessionStatus,
} from '@scrubin/protocol';
import type { SimulationDoc } from '../db/models.js';
import type { EventLog } from '../eventlog/event-log.js';
import { SpeakingSpans } from './speaking-spans.js';

/** Sends events to a session's room; the Socket.IO adapter in production. */
export interface RoomBroadcaster {
  /** Emits to every socket in the session's room but `exceptSocketId`. */
  emit(sessionId: string, event: string, payload: unknown, exceptSocketId?: string): void;
}

/** A user present in the room with one or more sockets. */
export interface PresentUser {
  userId: string;
  name: string;
  role: Role;
  sockets: Set<string>;
}

interface CursorSlot extends CursorState {
  dirty: boolean;
}

/** The active-time clock that gives ticks. */
export interface SessionClock {
  activeMs: number;
  /** Wall-clock ms when the current active stretch began, or null unless active. */
  activeSinceMs: number | null;
}

/**
 * The live state of one session on this node: sequence numbers, status and clock, presence and
 * the latest cursor of each user. Everything on the hot path here is synchronous.
 */
export class SessionRuntime {
  readonly sessionId: string;
  readonly hostId: string;
  status: SessionStatus;
  readonly presence = new Map<string, PresentUser>();
  readonly cursors = new Map<string, CursorSlot>();
  cursorsDirty = false;
  /** Tools already recorded in the session's `toolsUsed`. */
  readonly toolsUsed = new Set<string>();
  /** Who is speaking since when, for `collaborativeData.voiceTime`. */
  readonly speaking = new SpeakingSpans();
  lastActivityMs = Date.now();
  /** The last seq stored and broadcast. */
  #seq: number;
  /** The last seq given to an event (stored or still queued). */
  #assigned: number;
  #lastTick = 0;
  #clock: SessionClock;
  #chain: Promise<unknown> = Promise.resolve();
  readonly #seatTimers = new Map<
    string,
    { timer: NodeJS.Timeout; holdMs: number; release: () => Promise<unknown> }
  >();
  /** Seat releases whose database write is under way, by user. */
  readonly #releasing = new Map<string, Promise<void>>();
  /** How many seat releases have started, by user. */
  readonly #releaseStarts = new Map<string, number>();

  constructor(
    doc: SimulationDoc,
    lastSeq: number,
    private readonly log: EventLog,
    private readonly broadcaster: RoomBroadcaster,
  ) {
    this.sessionId = doc.sessionId;
    this.hostId = doc.creatorId;
    this.status = doc.status;
    this.#seq = lastSeq;
    this.#assigned = lastSeq;
    this.#clock = {
      activeMs: doc.activeMs ?? 0,
      activeSinceMs: doc.activeSince ? new Date(doc.activeSince).getTime() : null,
    };
  }

  /** The last sequence number stored and broadcast: what a newcomer has caught up to. */
  get seq(): number {
    return this.#seq;
  }

  /** The simulation tick now: 90 per second of active time, never going back. */
  tick(nowMs = Date.now()): number {
    const running =
      this.#clock.activeSinceMs === null ? 0 : Math.max(0, nowMs - this.#clock.activeSinceMs);
    const tick = Math.floor(((this.#clock.activeMs + running) * TICK_HZ) / 1000);
    if (tick > this.#lastTick) this.#lastTick = tick;
    return this.#lastTick;
  }

  /** The clock after moving to `status` at `nowMs`, without applying it. */
  clockFor(status: SessionStatus, nowMs: number): SessionClock {
    const running =
      this.#clock.activeSinceMs === null ? 0 : Math.max(0, nowMs - this.#clock.activeSinceMs);
    const activeMs = this.#clock.activeMs + running;
    return { activeMs, activeSinceMs: status === 'active' ? nowMs : null };
  }

  setStatus(status: SessionStatus, clock: SessionClock): void {
    this.status = status;
    this.#clock = clock;
  }

  /** Whether the log can take another event. */
  canAppend(): boolean {
    return this.log.hasRoom();
  }

  /**
   * Gives the next seq to an event and queues it for the log. Once stored, it is broadcast to
   * the room but `exceptSocketId` (in seq order: stores complete in order), then the promise
   * resolves with it: an ack after that means stored.
   * `force` (the server's own events, which follow a change already made) skips the queue bound.
   * @throws ScrubinError `UNAVAILABLE` (synchronously, no seq used) when the log is full.
   */
  append<T extends SequencedType>(
    type: T,
    userId: string,
    payload: SequencedPayloads[T],
    eventName: string,
    exceptSocketId?: string,
    { force = false } = {},
  ): Promise<SequencedEvent<T>> {
    const now = Date.now();
    const seq = this.#assigned + 1;
    const tick = this.tick(now);
    const at = new Date(now);
    const event = {
      ...payload,
      sessionId: this.sessionId,
      seq,
      tick,
      userId,
      at: at.toISOString(),
    } as SequencedEvent<T>;
    const stored = this.log.append(
      {
        sessionId: this.sessionId,
        seq,
        tick,
        type,
        userId,
        at,
        payload: payload as Record<string, unknown>,
      },
      () => {
        this.#seq = seq;
        this.broadcaster.emit(this.sessionId, eventName, event, exceptSocketId);
      },
      { force },
    );
    this.#assigned = seq;
    this.lastActivityMs = now;
    return stored.then(() => event);
  }

  /** Runs `fn` after every earlier exclusive operation of this session (state changes). */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.#chain.then(fn, fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Adds a socket; true when it is the user's first one here. */
  addSocket(userId: string, name: string, role: Role, socketId: string): boolean {
    this.cancelSeatRelease(userId);
    const present = this.presence.get(userId);
    if (present) {
      present.sockets.add(socketId);
      present.role = role;
      return false;
    }
    this.presence.set(userId, { userId, name, role, sockets: new Set([socketId]) });
    return true;
  }

  /** Removes a socket; true when it was the user's last one here. */
  removeSocket(userId: string, socketId: string): boolean {
    const present = this.presence.get(userId);
    if (!present || !present.sockets.delete(socketId)) return false;
    if (present.sockets.size > 0) return false;
    this.presence.delete(userId);
    this.cursors.delete(userId);
    this.lastActivityMs = Date.now();
    return true;
  }

  /** Keeps the latest pose of a user for the next cursor batch. */
  setCursor(cursor: CursorState): void {
    const slot = this.cursors.get(cursor.userId);
    if (slot) {
      slot.position = cursor.position;
      slot.rotation = cursor.rotation;
      slot.tool = cursor.tool;
      slot.dirty = true;
    } else {
      this.cursors.set(cursor.userId, { ...cursor, dirty: true });
    }
    this.cursorsDirty = true;
  }

  /** The cursors that changed since the last call, cleared. */
  takeDirtyCursors(): CursorState[] {
    const out: CursorState[] = [];
    for (const slot of this.cursors.values()) {
      if (!slot.dirty) continue;
      slot.dirty = false;
      out.push({
        userId: slot.userId,
        position: slot.position,
        rotation: slot.rotation,
        tool: slot.tool,
      });
    }
    this.cursorsDirty = false;
    return out;
  }

  /**
   * Releases a dropped user's seat after `holdMs` unless they come back first. `release` must not
   * reject (log its failure instead).
   */
  scheduleSeatRelease(userId: string, holdMs: number, release: () => Promise<unknown>): void {
    this.cancelSeatRelease(userId);
    const timer = setTimeout(() => {
      this.#seatTimers.delete(userId);
      if (this.presence.has(userId)) return;
      const done: Promise<void> = release().then(() => {
        if (this.#releasing.get(userId) === done) this.#releasing.delete(userId);
      });
      this.#releasing.set(userId, done);
      this.#releaseStarts.set(userId, (this.#releaseStarts.get(userId) ?? 0) + 1);
    }, holdMs);
    timer.unref();
    this.#seatTimers.set(userId, { timer, holdMs, release });
  }

  /**
   * A dropped user took their seat again over REST: the hold starts over, so the seat cannot be
   * released between that and their socket joining.
   */
  renewSeatHold(userId: string): void {
    const pending = this.#seatTimers.get(userId);
    if (pending) this.scheduleSeatRelease(userId, pending.holdMs, pending.release);
  }

  /**
   * Reads the user's seat so that a hold running out meanwhile cannot leave the read stale:
   * waits for a release under way, reads, and reads again if a release started during the read.
   * Whoever then acts on an open seat must do so before awaiting anything else.
   */
  async readSeat<T>(userId: string, read: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.#releasing.get(userId);
      const starts = this.#releaseStarts.get(userId) ?? 0;
      const result = await read();
      if ((this.#releaseStarts.get(userId) ?? 0) === starts) return result;
    }
  }

  cancelSeatRelease(userId: string): void {
    const pending = this.#seatTimers.get(userId);
    if (pending) clearTimeout(pending.timer);
    this.#seatTimers.delete(userId);
  }

  /** Whether the runtime can be forgotten: nobody here, nothing pending. */
  isIdle(nowMs: number, idleMs: number): boolean {
    return (
      this.presence.size === 0 &&
      this.#seatTimers.size === 0 &&
      nowMs - this.lastActivityMs > idleMs
    );
  }

  dispose(): void {
    for (const { timer } of this.#seatTimers.values()) clearTimeout(timer);
    this.#seatTimers.clear();
  }
}
