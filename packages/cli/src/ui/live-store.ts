import type { LiveSession } from '@scrubin/sdk';
import { toScrubinError } from '@scrubin/protocol';
import {
  initialLiveState,
  liveReducer,
  type LiveAction,
  type LiveSnapshot,
  type LiveViewState,
} from './live-state.js';

/** What the live view reads from a session handle: a `LiveSession`, or a scripted stand-in. */
export type LiveSource = Pick<
  LiveSession,
  'on' | 'participants' | 'status' | 'session' | 'userId' | 'role'
>;

/** The view state outside React: subscribed to the handle from the moment it is made. */
export interface LiveStore {
  getState(): LiveViewState;
  subscribe(listener: () => void): () => void;
  dispatch(action: LiveAction): void;
  /** Reports a failed action (its error message) in the feed. */
  reportError(err: unknown): void;
  /** Stops listening to the handle. */
  dispose(): void;
}

/** The join snapshot of a connected handle. */
export function snapshotOf(source: LiveSource): LiveSnapshot {
  const session = source.session;
  if (session === undefined || source.userId === undefined) {
    throw new Error('The session handle is not joined yet');
  }
  return {
    session,
    status: source.status ?? session.status,
    participants: source.participants,
    selfId: source.userId,
    role: source.role,
  };
}

/**
 * Makes the store of a joined handle. Make it right after `connect()` resolves (synchronously),
 * so that no event falls between the snapshot and the subscription.
 * @example
 * const live = await client.join(code);
 * const store = createLiveStore(live);
 */
export function createLiveStore(source: LiveSource, now: () => number = Date.now): LiveStore {
  let state = initialLiveState(snapshotOf(source), now());
  const listeners = new Set<() => void>();
  const dispatch = (action: LiveAction) => {
    const next = liveReducer(state, action);
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };
  const offs = [
    source.on('sequenced', ({ type, event }) =>
      dispatch({ type: 'event', typed: { type, event } as never, nowMs: now() }),
    ),
    source.on('surgery:score', (score) => dispatch({ type: 'score', score, nowMs: now() })),
    source.on('reconnecting', ({ reason }) => dispatch({ type: 'reconnecting', reason })),
    source.on('resync', ({ deliveredSeq, serverSeq }) =>
      dispatch({ type: 'resync', deliveredSeq, serverSeq, nowMs: now() }),
    ),
    source.on('reconnected', ({ missed }) =>
      dispatch({
        type: 'reconnected',
        missed,
        participants: source.participants,
        status: source.status ?? state.status,
        nowMs: now(),
      }),
    ),
    source.on('disconnected', ({ reason }) =>
      dispatch({ type: 'disconnected', reason, nowMs: now() }),
    ),
    source.on('error', (error) =>
      dispatch({ type: 'notice', level: 'error', text: error.message, nowMs: now() }),
    ),
  ];
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispatch,
    reportError(err) {
      const e = toScrubinError(err);
      dispatch({ type: 'notice', level: 'error', text: `${e.message} (${e.code})`, nowMs: now() });
    },
    dispose() {
      for (const off of offs) off();
      listeners.clear();
    },
  };
}
