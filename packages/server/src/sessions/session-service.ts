import {
  CONTROL_TRANSITIONS,
  RESETTABLE_STATUSES,
  SEQUENCED_EVENT_NAMES,
  ScrubinError,
  isSessionId,
  isUniqueLink,
  normalizeShareCode,
  type ControlAction,
  type JoinRole,
  type Role,
  type ScenarioId,
  type SequencedEvent,
  type SessionStatus,
} from '@scrubin/protocol';
import { randomInt } from 'node:crypto';
import { SIM_VERSION } from '@scrubin/sim';
import type { AuthUser } from '../auth/tokens.js';
import type { Models, ParticipantDoc, SimulationDoc } from '../db/models.js';
import type { EventLog } from '../eventlog/event-log.js';
import type { RuntimeRegistry } from '../realtime/runtime-registry.js';
import type { SessionRuntime } from '../realtime/session-runtime.js';
import { newSessionId, newShareCode, newUniqueLink } from './identifiers.js';
import { openSeatOf } from './views.js';

export interface CreateSessionInput {
  title: string;
  description?: string;
  scenario: ScenarioId;
  maxParticipants?: number;
  inviteOnly?: boolean;
}

export interface Page {
  page: number;
  limit: number;
}

/** Transitions a session can make: the host's controls, `end` over REST, `reset`. */
export type Transition = ControlAction | 'end' | 'reset';

/** What the realtime gateway does for the service when someone is removed. */
export interface SessionHooks {
  /** Takes the user's sockets out of the session's room and tells them why. */
  evictUser(sessionId: string, userId: string): void;
  /** A session just completed (score it). */
  completed(sessionId: string): void;
}

const DUPLICATE_KEY = 11000;
const OPEN_SEAT = (userId: string) => ({ $elemMatch: { userId, leftAt: null } });

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Sessions in the database: creation, identifiers, seats and roles, the status machine.
 * Writes to a shared session document are single atomic operator updates.
 */
export class SessionService {
  hooks: SessionHooks = { evictUser: () => {}, completed: () => {} };

  constructor(
    private readonly models: Models,
    private readonly registry: RuntimeRegistry,
    private readonly eventLog: EventLog,
  ) {}

  async create(user: AuthUser, input: CreateSessionInput): Promise<SimulationDoc> {
    const now = new Date();
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.models.Simulation.create({
          sessionId: newSessionId(now.getTime()),
          uniqueLink: newUniqueLink(),
          shareableCode: newShareCode(),
          title: input.title.trim(),
          description: input.description?.trim() ?? '',
          scenario: input.scenario,
          creatorId: user.id,
          userId: user.id,
          hostName: user.name,
          maxParticipants: input.maxParticipants ?? 6,
          participantCount: 1,
          inviteOnly: input.inviteOnly ?? false,
          status: 'idle',
          simulation: { version: SIM_VERSION, tier: 'default', seed: randomInt(0x7fffffff) },
          collaborativeData: {
            participants: [
              { userId: user.id, name: user.name, role: 'surgeon', joinedAt: now, leftAt: null },
            ],
            totalMessages: 0,
            voiceTime: 0,
          },
        });
        return doc.toObject();
      } catch (err) {
        // A code or link collision: draw new ones.
        if ((err as { code?: number }).code !== DUPLICATE_KEY || attempt >= 5) throw err;
      }
    }
  }

  /** The session a link token or code (any case, dash allowed) points to, or null. */
  async findByIdentifier(identifier: string): Promise<SimulationDoc | null> {
    const trimmed = identifier.trim();
    if (isUniqueLink(trimmed)) {
      const byLink = await this.models.Simulation.findOne({ uniqueLink: trimmed }).lean();
      if (byLink) return byLink;
    }
    const code = normalizeShareCode(trimmed);
    if (code) return this.models.Simulation.findOne({ shareableCode: code }).lean();
    return null;
  }

  async preview(identifier: string): Promise<SimulationDoc> {
    const doc = await this.findByIdentifier(identifier);
    if (!doc) throw new ScrubinError('SESSION_NOT_FOUND', 'No session has this link or code');
    return doc;
  }

  /** Takes a seat, atomically within capacity; a user already seated gets the same seat back. */
  async join(user: AuthUser, identifier: string, requested: JoinRole = 'assistant') {
    let doc = await this.preview(identifier);
    // A dropped user's hold may run out while their seat is read: read it through the runtime.
    const runtime = this.registry.peek(doc.sessionId);
    if (runtime) {
      const sessionId = doc.sessionId;
      doc = await runtime.readSeat(user.id, () => this.load(sessionId));
    }
    const seated = this.#checkJoinable(doc, user.id);
    if (seated) {
      runtime?.renewSeatHold(user.id);
      return { doc, participant: seated };
    }
    const role: Role = doc.creatorId === user.id ? 'surgeon' : requested;
    const entry: ParticipantDoc = {
      userId: user.id,
      name: user.name,
      role,
      joinedAt: new Date(),
      leftAt: null,
    };
    const updated = await this.models.Simulation.findOneAndUpdate(
      {
        sessionId: doc.sessionId,
        status: { $ne: 'completed' },
        removedUserIds: { $ne: user.id },
        $expr: { $lt: ['$participantCount', '$maxParticipants'] },
        'collaborativeData.participants': { $not: OPEN_SEAT(user.id) },
      },
      { $inc: { participantCount: 1 }, $addToSet: { 'collaborativeData.participants': entry } },
      { new: true },
    ).lean();
    if (updated) return { doc: updated, participant: openSeatOf(updated, user.id) ?? entry };
    // Lost a race: find out to what.
    const now = await this.models.Simulation.findOne({ sessionId: doc.sessionId }).lean();
    if (!now) throw new ScrubinError('SESSION_NOT_FOUND', 'The session no longer exists');
    const seat = this.#checkJoinable(now, user.id);
    if (seat) return { doc: now, participant: seat };
    throw new ScrubinError(
      'SESSION_FULL',
      `The session is full (${now.maxParticipants} participants)`,
    );
  }

  /** Throws why a user cannot join; returns their open seat if they have one. */
  #checkJoinable(doc: SimulationDoc, userId: string): ParticipantDoc | undefined {
    if (doc.removedUserIds?.includes(userId)) {
      throw new ScrubinError('FORBIDDEN', 'The host removed you from this session');
    }
    if (doc.status === 'completed')
      throw new ScrubinError('SESSION_ENDED', 'The session has ended');
    const seat = openSeatOf(doc, userId);
    if (seat) return seat;
    if (doc.participantCount >= doc.maxParticipants) {
      throw new ScrubinError(
        'SESSION_FULL',
        `The session is full (${doc.maxParticipants} participants)`,
      );
    }
    return undefined;
  }

  async listActive(query: Page & { scenario?: ScenarioId; q?: string }) {
    const filter: Record<string, unknown> = {
      inviteOnly: false,
      status: { $ne: 'completed' },
      $expr: { $lt: ['$participantCount', '$maxParticipants'] },
    };
    if (query.scenario) filter.scenario = query.scenario;
    if (query.q?.trim()) filter.title = { $regex: escapeRegExp(query.q.trim()), $options: 'i' };
    return this.#page(filter, query);
  }

  async listMine(userId: string, query: Page & { status?: SessionStatus }) {
    const filter: Record<string, unknown> = { 'collaborativeData.participants.userId': userId };
    if (query.status) filter.status = query.status;
    return this.#page(filter, query);
  }

  async #page(filter: Record<string, unknown>, { page, limit }: Page) {
    const [docs, total] = await Promise.all([
      this.models.Simulation.find(filter)
        .sort({ createdAt: -1, sessionId: -1 })
        .skip((page - 1) * limit)
        .limit(limit)
        .lean(),
      this.models.Simulation.countDocuments(filter),
    ]);
    return { docs, total };
  }

  /** A session by id, for someone who has been in it. */
  async getForParticipant(sessionId: string, userId: string): Promise<SimulationDoc> {
    const doc = await this.#get(sessionId);
    if (
      doc.creatorId !== userId &&
      !doc.collaborativeData.participants.some((p) => p.userId === userId)
    ) {
      throw new ScrubinError('FORBIDDEN', 'Only participants can see this session');
    }
    return doc;
  }

  async #get(sessionId: string): Promise<SimulationDoc> {
    if (!isSessionId(sessionId))
      throw new ScrubinError('VALIDATION_FAILED', 'Malformed session id');
    const doc = await this.models.Simulation.findOne({ sessionId }).lean();
    if (!doc) throw new ScrubinError('SESSION_NOT_FOUND', `No session ${sessionId}`);
    return doc;
  }

  async #getAsHost(sessionId: string, userId: string): Promise<SimulationDoc> {
    const doc = await this.#get(sessionId);
    if (doc.creatorId !== userId) throw new ScrubinError('FORBIDDEN', 'Only the host can do this');
    if (doc.status === 'completed')
      throw new ScrubinError('SESSION_ENDED', 'The session has ended');
    return doc;
  }

  async exportEvents(sessionId: string, userId: string, afterSeq: number, limit: number) {
    await this.getForParticipant(sessionId, userId);
    const lastSeq = this.registry.peek(sessionId)?.seq ?? (await this.eventLog.lastSeq(sessionId));
    const events = (await this.eventLog.readAfter(sessionId, afterSeq, limit)).filter(
      (e) => e.seq <= lastSeq,
    );
    const last = events.at(-1)?.seq ?? afterSeq;
    return { events, lastSeq, hasMore: last < lastSeq };
  }

  async changeRole(sessionId: string, hostId: string, targetId: string, role: Role) {
    const doc = await this.#getAsHost(sessionId, hostId);
    if (targetId === doc.creatorId)
      throw new ScrubinError('FORBIDDEN', "The host's role stays surgeon");
    const runtime = await this.registry.get(sessionId);
    return runtime.exclusive(async () => {
      const updated = await this.models.Simulation.findOneAndUpdate(
        {
          sessionId,
          status: { $ne: 'completed' },
          'collaborativeData.participants': OPEN_SEAT(targetId),
        },
        { $set: { 'collaborativeData.participants.$[p].role': role } },
        { arrayFilters: [{ 'p.userId': targetId, 'p.leftAt': null }], new: true },
      ).lean();
      const seat = updated && openSeatOf(updated, targetId);
      if (!seat) throw new ScrubinError('NOT_FOUND', 'That user holds no seat in this session');
      const present = runtime.presence.get(targetId);
      if (present) present.role = role;
      await runtime.append(
        'participant-updated',
        targetId,
        { role },
        SEQUENCED_EVENT_NAMES['participant-updated'],
        undefined,
        { force: true },
      );
      return seat;
    });
  }

  async remove(sessionId: string, hostId: string, targetId: string): Promise<void> {
    const doc = await this.#getAsHost(sessionId, hostId);
    if (targetId === doc.creatorId)
      throw new ScrubinError('FORBIDDEN', 'The host cannot remove themselves');
    const runtime = await this.registry.get(sessionId);
    await runtime.exclusive(async () => {
      const res = await this.models.Simulation.updateOne(
        {
          sessionId,
          status: { $ne: 'completed' },
          'collaborativeData.participants': OPEN_SEAT(targetId),
        },
        {
          $set: { 'collaborativeData.participants.$[p].leftAt': new Date() },
          $inc: { participantCount: -1 },
          $addToSet: { removedUserIds: targetId },
        },
        { arrayFilters: [{ 'p.userId': targetId, 'p.leftAt': null }] },
      );
      if (res.modifiedCount === 0)
        throw new ScrubinError('NOT_FOUND', 'That user holds no seat in this session');
      this.hooks.evictUser(sessionId, targetId);
      runtime.cancelSeatRelease(targetId);
      await runtime.append(
        'participant-left',
        targetId,
        { reason: 'removed' },
        SEQUENCED_EVENT_NAMES['participant-left'],
        undefined,
        { force: true },
      );
    });
  }

  async rotate(sessionId: string, hostId: string) {
    await this.#getAsHost(sessionId, hostId);
    for (let attempt = 0; ; attempt++) {
      const uniqueLink = newUniqueLink();
      const shareableCode = newShareCode();
      try {
        await this.models.Simulation.updateOne(
          { sessionId },
          { $set: { uniqueLink, shareableCode } },
        );
        return { uniqueLink, shareableCode };
      } catch (err) {
        if ((err as { code?: number }).code !== DUPLICATE_KEY || attempt >= 5) throw err;
      }
    }
  }

  async end(sessionId: string, hostId: string): Promise<SimulationDoc> {
    await this.#getAsHost(sessionId, hostId);
    const runtime = await this.registry.get(sessionId);
    await this.transition(runtime, hostId, 'end');
    return this.#get(sessionId);
  }

  /**
   * Moves the status machine (host only), stores it, then broadcasts the sequenced event to the
   * room but `exceptSocketId`. Runs exclusively per session.
   */
  transition(
    runtime: SessionRuntime,
    actorId: string,
    action: Transition,
    exceptSocketId?: string,
  ): Promise<SequencedEvent<'simulation-state' | 'simulation-reset'>> {
    return runtime.exclusive(async () => {
      if (actorId !== runtime.hostId)
        throw new ScrubinError('FORBIDDEN', 'Only the host controls the simulation');
      const from = runtime.status;
      if (from === 'completed') throw new ScrubinError('SESSION_ENDED', 'The session has ended');
      const rule =
        action === 'end'
          ? { from: ['idle', 'active', 'paused'] as const, to: 'completed' as const }
          : action === 'reset'
            ? { from: RESETTABLE_STATUSES, to: 'idle' as const }
            : CONTROL_TRANSITIONS[action];
      if (!rule.from.includes(from)) {
        throw new ScrubinError('INVALID_STATE', `Cannot ${action} a session that is ${from}`);
      }
      const nowMs = Date.now();
      const now = new Date(nowMs);
      const clock = runtime.clockFor(rule.to, nowMs);
      const set: Record<string, unknown> = {
        status: rule.to,
        activeMs: clock.activeMs,
        activeSince: clock.activeSinceMs === null ? null : new Date(clock.activeSinceMs),
        duration: Math.round(clock.activeMs / 100) / 10,
      };
      if (action === 'start') set.startedAt = now;
      const update: Record<string, unknown> = { $set: set };
      const options: { arrayFilters?: object[] } = {};
      if (rule.to === 'completed') {
        set.endedAt = now;
        set.participantCount = 0;
        set['collaborativeData.participants.$[open].leftAt'] = now;
        options.arrayFilters = [{ 'open.leftAt': null }];
      }
      const res = await this.models.Simulation.updateOne(
        { sessionId: runtime.sessionId, status: from },
        update,
        options,
      );
      if (res.matchedCount === 0) {
        const doc = await this.models.Simulation.findOne({ sessionId: runtime.sessionId }).lean();
        if (doc && doc.status !== from) await this.#adopt(runtime, doc, actorId);
        throw new ScrubinError(
          'INVALID_STATE',
          `The session changed state; it is ${doc?.status ?? 'gone'}`,
        );
      }
      runtime.setStatus(rule.to, clock);
      if (action === 'reset') {
        return runtime.append(
          'simulation-reset',
          actorId,
          {},
          SEQUENCED_EVENT_NAMES['simulation-reset'],
          exceptSocketId,
          { force: true },
        );
      }
      const stored = runtime.append(
        'simulation-state',
        actorId,
        { status: rule.to, action, durationS: Math.round(clock.activeMs / 100) / 10 },
        SEQUENCED_EVENT_NAMES['simulation-state'],
        exceptSocketId,
        { force: true },
      );
      // Scored once the whole log, this last event included, is stored.
      if (rule.to === 'completed') {
        const sessionId = runtime.sessionId;
        stored.then(
          () => this.hooks.completed(sessionId),
          () => this.hooks.completed(sessionId),
        );
      }
      return stored;
    });
  }

  /**
   * The database holds a status this node did not log: a change whose write timed out and landed
   * later. Takes it and logs it, so that every client converges on it.
   */
  async #adopt(runtime: SessionRuntime, doc: SimulationDoc, actorId: string): Promise<void> {
    const from = runtime.status;
    const clock = {
      activeMs: doc.activeMs ?? 0,
      activeSinceMs: doc.activeSince ? new Date(doc.activeSince).getTime() : null,
    };
    runtime.setStatus(doc.status, clock);
    if (doc.status === 'idle') {
      await runtime.append(
        'simulation-reset',
        actorId,
        {},
        SEQUENCED_EVENT_NAMES['simulation-reset'],
        undefined,
        { force: true },
      );
      return;
    }
    const action: ControlAction =
      doc.status === 'paused'
        ? 'pause'
        : doc.status === 'completed'
          ? 'stop'
          : from === 'idle'
            ? 'start'
            : 'resume';
    await runtime.append(
      'simulation-state',
      actorId,
      { status: doc.status, action, durationS: Math.round(clock.activeMs / 100) / 10 },
      SEQUENCED_EVENT_NAMES['simulation-state'],
      undefined,
      { force: true },
    );
    if (doc.status === 'completed') this.hooks.completed(runtime.sessionId);
  }

  /** Closes a user's open seat (leave, or a drop that outlasted the hold). False if none was open. */
  async closeSeat(sessionId: string, userId: string): Promise<boolean> {
    const res = await this.models.Simulation.updateOne(
      { sessionId, 'collaborativeData.participants': OPEN_SEAT(userId) },
      {
        $set: { 'collaborativeData.participants.$[p].leftAt': new Date() },
        $inc: { participantCount: -1 },
      },
      { arrayFilters: [{ 'p.userId': userId, 'p.leftAt': null }] },
    );
    return res.modifiedCount > 0;
  }

  /** Every session not yet completed with the users who hold an open seat in it. */
  async openSeats(): Promise<{ sessionId: string; userIds: string[] }[]> {
    const docs = await this.models.Simulation.find({ status: { $ne: 'completed' } })
      .select({ sessionId: 1, 'collaborativeData.participants': 1 })
      .lean<Pick<SimulationDoc, 'sessionId' | 'collaborativeData'>[]>();
    return docs
      .map((doc) => ({
        sessionId: doc.sessionId,
        userIds: [
          ...new Set(
            doc.collaborativeData.participants
              .filter((p) => p.leftAt === null || p.leftAt === undefined)
              .map((p) => p.userId),
          ),
        ],
      }))
      .filter((open) => open.userIds.length > 0);
  }

  /** Counters kept up to date behind the relay. */
  async countChat(sessionId: string): Promise<void> {
    await this.models.Simulation.updateOne(
      { sessionId },
      { $inc: { 'collaborativeData.totalMessages': 1 } },
    );
  }

  async addVoiceTime(sessionId: string, seconds: number): Promise<void> {
    await this.models.Simulation.updateOne(
      { sessionId },
      { $inc: { 'collaborativeData.voiceTime': seconds } },
    );
  }

  async addToolUsed(sessionId: string, tool: string): Promise<void> {
    await this.models.Simulation.updateOne({ sessionId }, { $addToSet: { toolsUsed: tool } });
  }

  /** The session document by id (the gateway's join). */
  async load(sessionId: string): Promise<SimulationDoc> {
    const doc = await this.models.Simulation.findOne({ sessionId }).lean();
    if (!doc) throw new ScrubinError('SESSION_NOT_FOUND', `No session ${sessionId}`);
    return doc;
  }
}
