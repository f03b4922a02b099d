import type {
  PresenceEntry,
  Role,
  ScorePayload,
  SessionDetails,
  SessionStatus,
} from '@scrubin/protocol';
import type { SequencedDelivery } from '@scrubin/sdk';

/** One line of the session's chat. */
export interface ChatLine {
  seq: number;
  userId: string;
  name: string;
  text: string;
  at: string;
}

/** Per-participant results of a completed session (`surgery:score` or `scoreDetails`). */
export type ScoreParticipant = ScorePayload['participants'][number];

/** The scores shown on the score card. */
export interface ScoreView {
  /** Mean of the participants' totals; null when nobody used an instrument. */
  score: number | null;
  participants: ScoreParticipant[];
}

/** A failure the user must see: the code from the protocol's table and a sentence. */
export interface SessionError {
  code: string;
  message: string;
}

/** Where the view is in the session's lifecycle. */
export type SessionPhase = 'joining' | 'joined' | 'reconnecting' | 'closed';

/** What the session view knows, driven by the SDK's ordered events. */
export interface SessionState {
  selfId: string;
  phase: SessionPhase;
  /** Why the view cannot go on (removed, ended, unknown session…), or null. */
  error: SessionError | null;
  session: SessionDetails | null;
  status: SessionStatus;
  role: Role | null;
  /** Seat holders in order of arrival, with presence. */
  participants: PresenceEntry[];
  chat: ChatLine[];
  score: ScoreView | null;
  /**
   * Set while the session is rebuilt from the start of a restored server log (`resync`): where
   * the server's log ends and what had been seen. Null otherwise.
   */
  restoring: { deliveredSeq: number; serverSeq: number } | null;
}

export type SessionAction =
  | {
      type: 'joined';
      session: SessionDetails;
      participants: PresenceEntry[];
      role: Role | undefined;
      status: SessionStatus | undefined;
    }
  | { type: 'sequenced'; delivery: SequencedDelivery }
  | { type: 'score'; payload: ScorePayload }
  | { type: 'details'; session: SessionDetails }
  | { type: 'reconnecting' }
  | { type: 'resync'; deliveredSeq: number; serverSeq: number }
  | { type: 'reconnected' }
  | { type: 'closed'; error: SessionError | null };

/** Chat lines kept in memory. */
export const CHAT_KEEP = 500;

/** The state before joining. */
export function initialSessionState(selfId: string): SessionState {
  return {
    selfId,
    phase: 'joining',
    error: null,
    session: null,
    status: 'idle',
    role: null,
    participants: [],
    chat: [],
    score: null,
    restoring: null,
  };
}

/** What the session view says while it rebuilds from a restored server log. */
export const RESTORING_TEXT =
  "The server's log was restored; rebuilding the session from its start";

/** Scores from a session's details, when it has been scored. */
export function scoreFromDetails(session: SessionDetails): ScoreView | null {
  const details = session.scoreDetails;
  if (!details) return null;
  return { score: session.score, participants: details.participants };
}

/** Whether a sequenced event changes what the panels show (instrument events do not). */
export function concernsPanels(delivery: SequencedDelivery): boolean {
  return (
    delivery.type !== 'tool-interaction' &&
    delivery.type !== 'tissue-update' &&
    delivery.type !== 'tool-selected'
  );
}

/** The session view's reducer. Pure. */
export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'joined':
      return {
        ...state,
        phase: 'joined',
        session: action.session,
        participants: action.participants.map((p) => ({ ...p })),
        role: action.role ?? state.role,
        status: action.status ?? action.session.status,
        score: state.score ?? scoreFromDetails(action.session),
        restoring: null,
      };
    case 'sequenced':
      return applyDelivery(state, action.delivery);
    case 'score':
      return {
        ...state,
        score: { score: action.payload.score, participants: action.payload.participants },
      };
    case 'details':
      return {
        ...state,
        session: action.session,
        score: state.score ?? scoreFromDetails(action.session),
        status: state.phase === 'joined' ? state.status : action.session.status,
      };
    case 'reconnecting':
      return state.phase === 'closed' ? state : { ...state, phase: 'reconnecting' };
    case 'resync':
      // Built from events the server no longer has all of, and the whole log follows from seq 1:
      // keep none of it, or chat lines would show twice and lost ones would stay.
      return {
        ...state,
        status: 'idle',
        participants: [],
        chat: [],
        score: null,
        restoring: { deliveredSeq: action.deliveredSeq, serverSeq: action.serverSeq },
      };
    case 'reconnected':
      return state.phase === 'closed' ? state : { ...state, phase: 'joined', restoring: null };
    case 'closed':
      return { ...state, phase: 'closed', error: action.error ?? state.error, restoring: null };
  }
}

function applyDelivery(state: SessionState, delivery: SequencedDelivery): SessionState {
  const next: SessionState = { ...state };
  switch (delivery.type) {
    case 'participant-joined': {
      const { userId, name, role } = delivery.event;
      const entry: PresenceEntry = { userId, name, role, online: true };
      const index = state.participants.findIndex((p) => p.userId === userId);
      next.participants =
        index < 0
          ? [...state.participants, entry]
          : state.participants.map((p, k) => (k === index ? entry : p));
      if (userId === state.selfId) next.role = role;
      break;
    }
    case 'participant-left': {
      const { userId, reason } = delivery.event;
      next.participants =
        reason === 'disconnected'
          ? state.participants.map((p) => (p.userId === userId ? { ...p, online: false } : p))
          : state.participants.filter((p) => p.userId !== userId);
      break;
    }
    case 'participant-updated': {
      const { userId, role } = delivery.event;
      next.participants = state.participants.map((p) => (p.userId === userId ? { ...p, role } : p));
      if (userId === state.selfId) next.role = role;
      break;
    }
    case 'simulation-state':
      next.status = delivery.event.status;
      break;
    case 'simulation-reset':
      next.status = 'idle';
      next.score = null;
      break;
    case 'chat-message': {
      const { seq, userId, name, text, at } = delivery.event;
      const chat = [...state.chat, { seq, userId, name, text, at }];
      next.chat = chat.length > CHAT_KEEP ? chat.slice(chat.length - CHAT_KEEP) : chat;
      break;
    }
    default:
      // Instrument events change the tissue (the worker), not the panels.
      return state;
  }
  return next;
}
