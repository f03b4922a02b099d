import {
  formatShareCode,
  type PresenceEntry,
  type Role,
  type ScorePayload,
  type SessionStatus,
} from '@scrubin/protocol';
import {
  clockTime,
  feedLineFor,
  scoreLine,
  type FeedKind,
  type FeedLine,
  type TypedEvent,
} from './feed.js';

/** How the view's connection to the session stands. */
export type ConnectionState = 'connected' | 'reconnecting' | 'closed';

/** Lines kept in the feed; older ones drop off. */
export const FEED_LIMIT = 500;

/** What the view says when the server's log was restored under it (`resync`). */
export const RESTORED_LOG_TEXT =
  "The server's log was restored; rebuilding the session from its start";

/** What the live view shows: derived from the join snapshot and the events since. */
export interface LiveViewState {
  title: string;
  scenario: string;
  /** Share code as people type it (`ABCD-2345`). */
  code: string;
  hostId: string;
  selfId: string;
  role: Role | undefined;
  status: SessionStatus;
  /** Seat holders, in order of arrival. */
  participants: PresenceEntry[];
  /** Every name seen, kept after people leave, for the feed. */
  names: Record<string, string>;
  feed: FeedLine[];
  connection: ConnectionState;
  /** Why the connection is reconnecting or closed. */
  connectionReason: string;
  /**
   * The server's log ends before what this view had shown (restored from a backup): everything
   * built from events was dropped, and the log is being delivered again from seq 1.
   */
  rebuilding: boolean;
  /** Active time: `baseS` seconds, plus the time since `sinceMs` while active. */
  active: { baseS: number; sinceMs: number | null };
  /** The latest `surgery:score`, once the completed session is scored. */
  score: ScorePayload | null;
  /** Counter for keys of feed lines that have no `seq`. */
  counter: number;
}

/** What the view needs from the session handle when it starts (and after reconnecting). */
export interface LiveSnapshot {
  session: {
    title: string;
    scenario: string;
    shareableCode: string;
    creatorId: string;
    /** Active seconds so far. */
    duration: number;
  };
  status: SessionStatus;
  participants: PresenceEntry[];
  selfId: string;
  role: Role | undefined;
}

export type LiveAction =
  | { type: 'event'; typed: TypedEvent; nowMs: number }
  | { type: 'score'; score: ScorePayload; nowMs: number }
  | { type: 'reconnecting'; reason: string }
  | { type: 'resync'; deliveredSeq: number; serverSeq: number; nowMs: number }
  | {
      type: 'reconnected';
      missed: number;
      participants: PresenceEntry[];
      status: SessionStatus;
      nowMs: number;
    }
  | { type: 'disconnected'; reason: string; nowMs: number }
  | { type: 'notice'; level: 'notice' | 'error'; text: string; nowMs: number };

/** The state right after joining. */
export function initialLiveState(snapshot: LiveSnapshot, nowMs: number): LiveViewState {
  const { session, participants } = snapshot;
  const names: Record<string, string> = {};
  for (const p of participants) names[p.userId] = p.name;
  return {
    title: session.title,
    scenario: session.scenario,
    code:
      session.shareableCode.length === 8
        ? formatShareCode(session.shareableCode)
        : session.shareableCode,
    hostId: session.creatorId,
    selfId: snapshot.selfId,
    role: snapshot.role,
    status: snapshot.status,
    participants: participants.map((p) => ({ ...p })),
    names,
    feed: [],
    connection: 'connected',
    connectionReason: '',
    rebuilding: false,
    active: { baseS: session.duration, sinceMs: snapshot.status === 'active' ? nowMs : null },
    score: null,
    counter: 0,
  };
}

/** Whether the user of this view is the session's host. */
export const isHost = (state: LiveViewState): boolean => state.selfId === state.hostId;

/** Active simulation time in seconds at `nowMs`. */
export function elapsedActiveS(state: Pick<LiveViewState, 'active'>, nowMs: number): number {
  const { baseS, sinceMs } = state.active;
  return sinceMs === null ? baseS : baseS + Math.max(0, nowMs - sinceMs) / 1000;
}

/** A display name for a user id. */
export function nameIn(state: Pick<LiveViewState, 'names'>, userId: string): string {
  return state.names[userId] ?? `user ${userId.slice(-6)}`;
}

const CLOSE_REASONS: Record<string, string> = {
  removed: 'You were removed from the session by the host.',
  ended: 'The session has ended.',
  left: 'You left the session.',
  closed: 'Connection closed.',
  rejoin_failed: 'Could not rejoin the session.',
  reconnect_failed: 'Could not reconnect to the server.',
};

/** Why the view closed, in words. */
export function describeClose(reason: string): string {
  return CLOSE_REASONS[reason] ?? `Disconnected (${reason}).`;
}

function addLine(state: LiveViewState, line: FeedLine): LiveViewState {
  const feed =
    state.feed.length >= FEED_LIMIT ? state.feed.slice(1 - FEED_LIMIT) : state.feed.slice();
  feed.push(line);
  return { ...state, feed };
}

function localLine(
  state: LiveViewState,
  kind: FeedKind,
  text: string,
  nowMs: number,
): LiveViewState {
  const counter = state.counter + 1;
  return addLine(
    { ...state, counter },
    { key: `local:${counter}`, kind, time: clockTime(new Date(nowMs).toISOString()), text },
  );
}

/** Applies one event of the session handle, or a local notice, to the view state. */
export function liveReducer(state: LiveViewState, action: LiveAction): LiveViewState {
  switch (action.type) {
    case 'event': {
      const next = applyEvent(state, action.typed, action.nowMs);
      const line = feedLineFor(action.typed, (id) => nameIn(next, id));
      return line ? addLine(next, line) : next;
    }
    case 'score': {
      const counter = state.counter + 1;
      const line = scoreLine(
        action.score,
        (id) => nameIn(state, id),
        `score:${counter}`,
        clockTime(new Date(action.nowMs).toISOString()),
      );
      return addLine({ ...state, counter, score: action.score }, line);
    }
    case 'reconnecting':
      return { ...state, connection: 'reconnecting', connectionReason: action.reason };
    case 'resync': {
      // What the feed, presence and status hold came from events the server no longer has, and
      // the whole log follows from seq 1: keep none of it, or every line would show twice.
      const dropped: LiveViewState = {
        ...state,
        rebuilding: true,
        feed: [],
        participants: [],
        status: 'idle',
        active: { baseS: 0, sinceMs: null },
        score: null,
      };
      return localLine(
        dropped,
        'notice',
        `${RESTORED_LOG_TEXT} (its log ends at seq ${action.serverSeq}, this view had seen seq ${action.deliveredSeq})`,
        action.nowMs,
      );
    }
    case 'reconnected': {
      const names = { ...state.names };
      for (const p of action.participants) names[p.userId] = p.name;
      const next: LiveViewState = {
        ...state,
        connection: 'connected',
        connectionReason: '',
        rebuilding: false,
        participants: action.participants.map((p) => ({ ...p })),
        names,
        status: action.status,
      };
      const caught = action.missed === 1 ? '1 event' : `${action.missed} events`;
      const text = state.rebuilding
        ? `Reconnected; rebuilt from the server's log (${caught})`
        : `Reconnected (caught up on ${caught})`;
      return localLine(next, 'notice', text, action.nowMs);
    }
    case 'disconnected':
      return localLine(
        { ...state, connection: 'closed', connectionReason: action.reason, rebuilding: false },
        'error',
        describeClose(action.reason),
        action.nowMs,
      );
    case 'notice':
      return localLine(state, action.level, action.text, action.nowMs);
  }
}

/** Presence, roles, status and active time from one sequenced event. */
function applyEvent(state: LiveViewState, typed: TypedEvent, nowMs: number): LiveViewState {
  const { type, event } = typed;
  switch (type) {
    case 'participant-joined': {
      const e = event as TypedEvent<'participant-joined'>['event'];
      const entry: PresenceEntry = { userId: e.userId, name: e.name, role: e.role, online: true };
      const exists = state.participants.some((p) => p.userId === e.userId);
      return {
        ...state,
        names: { ...state.names, [e.userId]: e.name },
        participants: exists
          ? state.participants.map((p) => (p.userId === e.userId ? entry : p))
          : [...state.participants, entry],
      };
    }
    case 'participant-left': {
      const { reason } = event as TypedEvent<'participant-left'>['event'];
      return {
        ...state,
        participants:
          reason === 'disconnected'
            ? state.participants.map((p) =>
                p.userId === event.userId ? { ...p, online: false } : p,
              )
            : state.participants.filter((p) => p.userId !== event.userId),
      };
    }
    case 'participant-updated': {
      const { role } = event as TypedEvent<'participant-updated'>['event'];
      return {
        ...state,
        role: event.userId === state.selfId ? role : state.role,
        participants: state.participants.map((p) =>
          p.userId === event.userId ? { ...p, role } : p,
        ),
      };
    }
    case 'simulation-state': {
      const e = event as TypedEvent<'simulation-state'>['event'];
      return {
        ...state,
        status: e.status,
        active: { baseS: e.durationS, sinceMs: e.status === 'active' ? nowMs : null },
      };
    }
    case 'simulation-reset':
      // Ticks never go back: the active time stays where it was, and stops running.
      return {
        ...state,
        status: 'idle',
        active: { baseS: elapsedActiveS(state, nowMs), sinceMs: null },
        score: null,
      };
    default:
      return state;
  }
}
