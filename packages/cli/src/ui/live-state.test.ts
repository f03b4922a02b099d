import { describe, expect, it } from 'vitest';
import type { SequencedEvent, SequencedPayloads, SequencedType } from '@scrubin/protocol';
import type { TypedEvent } from './feed.js';
import {
  FEED_LIMIT,
  RESTORED_LOG_TEXT,
  describeClose,
  elapsedActiveS,
  initialLiveState,
  isHost,
  liveReducer,
  type LiveAction,
  type LiveViewState,
} from './live-state.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
let seq = 10;
function event<T extends SequencedType>(
  type: T,
  userId: string,
  body: SequencedPayloads[T],
  nowMs = T0,
): LiveAction {
  const e = {
    ...body,
    sessionId: 's',
    seq: ++seq,
    tick: 0,
    userId,
    at: new Date(nowMs).toISOString(),
  };
  return { type: 'event', typed: { type, event: e as SequencedEvent<T> } as TypedEvent, nowMs };
}

function start(
  overrides: Partial<{ status: 'idle' | 'active'; duration: number; selfId: string }> = {},
): LiveViewState {
  return initialLiveState(
    {
      session: {
        title: 'Suturing drill',
        scenario: 'interrupted-suture',
        shareableCode: 'K7QM4XRT',
        creatorId: 'host',
        duration: overrides.duration ?? 0,
      },
      status: overrides.status ?? 'idle',
      participants: [
        { userId: 'host', name: 'Dr Ada Lin', role: 'surgeon', online: true },
        { userId: 'me', name: 'Bo', role: 'assistant', online: true },
      ],
      selfId: overrides.selfId ?? 'me',
      role: 'assistant',
    },
    T0,
  );
}

const reduce = (state: LiveViewState, ...actions: LiveAction[]) =>
  actions.reduce(liveReducer, state);

describe('liveReducer', () => {
  it('starts from the join snapshot', () => {
    const s = start();
    expect(s).toMatchObject({
      code: 'K7QM-4XRT',
      status: 'idle',
      connection: 'connected',
      feed: [],
    });
    expect(isHost(s)).toBe(false);
    expect(isHost(start({ selfId: 'host' }))).toBe(true);
  });

  it('keeps presence: joins, disconnections (seat held), leaves, removals, role changes', () => {
    const s = reduce(
      start(),
      event('participant-joined', 'cy', { name: 'Cy', role: 'observer' }),
      event('participant-left', 'host', { reason: 'disconnected' }),
      event('participant-updated', 'cy', { role: 'assistant' }),
      event('participant-updated', 'me', { role: 'observer' }),
    );
    expect(s.participants).toEqual([
      { userId: 'host', name: 'Dr Ada Lin', role: 'surgeon', online: false },
      { userId: 'me', name: 'Bo', role: 'observer', online: true },
      { userId: 'cy', name: 'Cy', role: 'assistant', online: true },
    ]);
    expect(s.role).toBe('observer');
    const back = reduce(
      s,
      event('participant-joined', 'host', { name: 'Dr Ada Lin', role: 'surgeon' }),
      event('participant-left', 'cy', { reason: 'removed' }),
    );
    expect(back.participants.map((p) => [p.userId, p.online])).toEqual([
      ['host', true],
      ['me', true],
    ]);
    // Names stay known for the feed after people leave.
    expect(back.feed.at(-1)?.text).toBe('Cy was removed by the host');
  });

  it('counts active time only while active, and keeps it across a reset', () => {
    let s = start({ duration: 4 });
    expect(elapsedActiveS(s, T0 + 60_000)).toBe(4);
    s = reduce(
      s,
      event('simulation-state', 'host', { status: 'active', action: 'start', durationS: 4 }, T0),
    );
    expect(s.status).toBe('active');
    expect(elapsedActiveS(s, T0 + 2500)).toBe(6.5);
    s = reduce(
      s,
      event(
        'simulation-state',
        'host',
        { status: 'paused', action: 'pause', durationS: 7 },
        T0 + 3000,
      ),
    );
    expect(elapsedActiveS(s, T0 + 60_000)).toBe(7);
    s = reduce(
      s,
      event(
        'simulation-state',
        'host',
        { status: 'active', action: 'resume', durationS: 7 },
        T0 + 10_000,
      ),
    );
    s = reduce(s, event('simulation-reset', 'host', {}, T0 + 11_000));
    expect(s.status).toBe('idle');
    expect(elapsedActiveS(s, T0 + 99_000)).toBe(8);
  });

  it('starts the clock when joining an active session', () => {
    expect(elapsedActiveS(start({ status: 'active', duration: 10 }), T0 + 5000)).toBe(15);
  });

  it('lists the feed without tool poses, and keeps the last FEED_LIMIT lines', () => {
    let s = reduce(
      start(),
      event('tool-interaction', 'me', {
        tool: 'scalpel',
        action: 'pose',
        pose: { positionUm: [0, 0, 0], rotationQ: [0, 0, 0, 1] },
      }),
      event('chat-message', 'host', { name: 'Dr Ada Lin', text: 'Ready?' }),
    );
    expect(s.feed.map((l) => l.text)).toEqual(['Dr Ada Lin: Ready?']);
    for (let i = 0; i < FEED_LIMIT + 5; i++) {
      s = liveReducer(s, event('chat-message', 'me', { name: 'Bo', text: `line ${i}` }));
    }
    expect(s.feed).toHaveLength(FEED_LIMIT);
    expect(s.feed.at(-1)?.text).toBe(`Bo: line ${FEED_LIMIT + 4}`);
    expect(new Set(s.feed.map((l) => l.key)).size).toBe(FEED_LIMIT);
  });

  it('shows reconnection, catch-up and closing', () => {
    let s = reduce(start(), { type: 'reconnecting', reason: 'transport close' });
    expect(s).toMatchObject({ connection: 'reconnecting', connectionReason: 'transport close' });
    s = reduce(s, {
      type: 'reconnected',
      missed: 3,
      status: 'active',
      participants: [{ userId: 'me', name: 'Bo', role: 'assistant', online: true }],
      nowMs: T0,
    });
    expect(s).toMatchObject({ connection: 'connected', status: 'active' });
    expect(s.participants).toHaveLength(1);
    expect(s.feed.at(-1)).toMatchObject({
      kind: 'notice',
      text: 'Reconnected (caught up on 3 events)',
    });
    s = reduce(s, { type: 'disconnected', reason: 'removed', nowMs: T0 });
    expect(s.connection).toBe('closed');
    expect(s.feed.at(-1)).toMatchObject({ kind: 'error', text: describeClose('removed') });
    expect(describeClose('weird')).toBe('Disconnected (weird).');
  });

  it('drops what came from events on resync, so that the redelivered log shows once', () => {
    const chat = (n: number) =>
      ({
        type: 'event',
        typed: {
          type: 'chat-message',
          event: {
            sessionId: 's',
            seq: n,
            tick: 0,
            userId: 'me',
            at: '',
            name: 'Bo',
            text: `#${n}`,
          },
        },
        nowMs: T0,
      }) as LiveAction;
    let s = reduce(start(), chat(1), chat(2), chat(3));
    s = reduce(s, { type: 'reconnecting', reason: 'transport close' });
    s = reduce(s, { type: 'resync', deliveredSeq: 3, serverSeq: 2, nowMs: T0 });
    expect(s).toMatchObject({ rebuilding: true, participants: [], status: 'idle', score: null });
    expect(s.feed.map((l) => l.text)).toEqual([
      `${RESTORED_LOG_TEXT} (its log ends at seq 2, this view had seen seq 3)`,
    ]);
    s = reduce(s, chat(1), chat(2), {
      type: 'reconnected',
      missed: 2,
      status: 'idle',
      participants: [{ userId: 'me', name: 'Bo', role: 'assistant', online: true }],
      nowMs: T0,
    });
    expect(s.rebuilding).toBe(false);
    expect(s.feed.slice(1).map((l) => l.text)).toEqual([
      'Bo: #1',
      'Bo: #2',
      "Reconnected; rebuilt from the server's log (2 events)",
    ]);
    expect(new Set(s.feed.map((l) => l.key)).size).toBe(s.feed.length);
  });

  it('keeps the score and lists it', () => {
    const s = reduce(start(), {
      type: 'score',
      nowMs: T0,
      score: {
        sessionId: 's',
        score: 90,
        finalHash: 'h',
        participants: [{ userId: 'me', total: 90, pass: true, subScores: {} }],
      },
    });
    expect(s.score?.score).toBe(90);
    expect(s.feed.at(-1)).toMatchObject({ kind: 'score', text: 'Scored 90/100: Bo 90 pass' });
  });
});
