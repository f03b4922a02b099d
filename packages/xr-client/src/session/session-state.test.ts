import type { SessionDetails } from '@scrubin/protocol';
import type { SequencedDelivery } from '@scrubin/sdk';
import { describe, expect, it } from 'vitest';
import {
  concernsPanels,
  initialSessionState,
  sessionReducer,
  type SessionState,
} from './session-state.js';

const base = { sessionId: 's', tick: 0, at: '2025-01-01T00:00:00.000Z' };
let seq = 0;
const delivery = (d: Omit<SequencedDelivery, 'name' | 'source'>): SequencedDelivery =>
  ({
    ...d,
    name: `surgery:${d.type}`,
    source: 'live',
    event: { ...base, ...d.event, seq: ++seq },
  }) as SequencedDelivery;

const session = {
  sessionId: 's',
  status: 'idle',
  score: null,
  scoreDetails: null,
} as unknown as SessionDetails;

function joined(): SessionState {
  return sessionReducer(initialSessionState('alice'), {
    type: 'joined',
    session,
    participants: [{ userId: 'alice', name: 'Alice', role: 'surgeon', online: true }],
    role: 'surgeon',
    status: 'idle',
  });
}

describe('sessionReducer', () => {
  it('tracks presence, roles and status from the ordered events', () => {
    let state = joined();
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({
        type: 'participant-joined',
        event: { userId: 'bob', name: 'Bob', role: 'assistant' },
      } as never),
    });
    expect(state.participants.map((p) => p.userId)).toEqual(['alice', 'bob']);
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({
        type: 'participant-updated',
        event: { userId: 'bob', role: 'observer' },
      } as never),
    });
    expect(state.participants[1]).toMatchObject({ role: 'observer', online: true });
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({
        type: 'participant-left',
        event: { userId: 'bob', reason: 'disconnected' },
      } as never),
    });
    expect(state.participants[1]).toMatchObject({ online: false });
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({
        type: 'participant-left',
        event: { userId: 'bob', reason: 'removed' },
      } as never),
    });
    expect(state.participants.map((p) => p.userId)).toEqual(['alice']);
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({
        type: 'simulation-state',
        event: { userId: 'alice', status: 'active', action: 'start', durationS: 0 },
      } as never),
    });
    expect(state.status).toBe('active');
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({ type: 'simulation-reset', event: { userId: 'alice' } } as never),
    });
    expect(state.status).toBe('idle');
  });

  it('keeps the chat and follows the own role', () => {
    let state = joined();
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({
        type: 'chat-message',
        event: { userId: 'alice', name: 'Alice', text: 'Scalpel, please' },
      } as never),
    });
    expect(state.chat.map((c) => c.text)).toEqual(['Scalpel, please']);
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({
        type: 'participant-updated',
        event: { userId: 'alice', role: 'observer' },
      } as never),
    });
    expect(state.role).toBe('observer');
  });

  it('leaves instrument events to the simulation', () => {
    const state = joined();
    const pose = delivery({
      type: 'tool-interaction',
      event: { userId: 'alice', tool: 'scalpel', action: 'pose' },
    } as never);
    expect(concernsPanels(pose)).toBe(false);
    expect(sessionReducer(state, { type: 'sequenced', delivery: pose })).toBe(state);
    expect(sessionReducer(state, { type: 'reconnecting' }).phase).toBe('reconnecting');
  });

  it('shows the score from the score event or from the session details', () => {
    const state = joined();
    const scored = sessionReducer(state, {
      type: 'score',
      payload: {
        sessionId: 's',
        score: 80,
        finalHash: 'h',
        participants: [{ userId: 'alice', total: 80, pass: true, subScores: { precision: 90 } }],
      },
    });
    expect(scored.score?.score).toBe(80);
    const fromDetails = sessionReducer(state, {
      type: 'details',
      session: {
        ...session,
        status: 'completed',
        score: 70,
        scoreDetails: {
          participants: [{ userId: 'alice', total: 70, pass: true, subScores: {} }],
          finalHash: 'h',
          ticks: 1,
          scoredAt: base.at,
        },
      },
    });
    expect(fromDetails.score).toEqual({
      score: 70,
      participants: [{ userId: 'alice', total: 70, pass: true, subScores: {} }],
    });
  });

  it('drops what came from events on resync and shows the rebuild until joined again', () => {
    let state = joined();
    state = sessionReducer(state, {
      type: 'sequenced',
      delivery: delivery({
        type: 'chat-message',
        event: { userId: 'alice', name: 'Alice', text: 'Lost with the restore' },
      } as never),
    });
    state = sessionReducer(state, { type: 'reconnecting' });
    state = sessionReducer(state, { type: 'resync', deliveredSeq: 9, serverSeq: 4 });
    expect(state).toMatchObject({
      phase: 'reconnecting',
      chat: [],
      participants: [],
      status: 'idle',
      score: null,
      restoring: { deliveredSeq: 9, serverSeq: 4 },
    });
    state = sessionReducer(state, {
      type: 'joined',
      session,
      participants: [{ userId: 'alice', name: 'Alice', role: 'surgeon', online: true }],
      role: 'surgeon',
      status: 'idle',
    });
    expect(state).toMatchObject({ phase: 'joined', restoring: null });
    expect(state.participants).toHaveLength(1);
  });

  it('closes with the error to show', () => {
    const state = sessionReducer(joined(), {
      type: 'closed',
      error: { code: 'FORBIDDEN', message: 'removed' },
    });
    expect(state).toMatchObject({ phase: 'closed', error: { code: 'FORBIDDEN' } });
  });
});
