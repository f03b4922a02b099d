import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type {
  ClientEventName,
  SEQUENCED_EVENT_NAMES,
  SequencedType,
  SessionStatus,
} from '@scrubin/protocol';
import {
  UNKNOWN_SESSION_ID,
  connectError,
  emitAck,
  expectAckError,
  expectOk,
  expectSequencedFields,
  getSession,
  joinSession,
  nextEvent,
  ping,
  useServer,
  type Member,
  type Room,
} from './helpers.js';

const fx = useServer();

/** A short bounded wait, used only after a positive sync point to prove that nothing more comes. */
const SETTLE_MS = 150;

type Who = 'host' | 'assistant' | 'observer';
const pick = (room: Room, who: Who): Member =>
  who === 'host' ? room.host : room.guests[who === 'assistant' ? 0 : 1]!;

/** A room with a host (surgeon), `Guest 1` (assistant) and `Guest 2` (observer), in `status`. */
async function roomIn(status: SessionStatus = 'idle'): Promise<Room> {
  const room = await fx.room({ guests: ['assistant', 'observer'] });
  const control = async (action: string) =>
    expectOk(await emitAck(room.host.socket, 'surgery:simulation-control', { action }));
  if (status === 'active' || status === 'paused') await control('start');
  if (status === 'paused') await control('pause');
  if (status === 'completed') await control('stop');
  return room;
}

const sessionStatus = async (room: Room) =>
  (await getSession(fx.url, room.host.token, room.sessionId)).status;

describe('handshake', () => {
  it.each<[string, Record<string, unknown>]>([
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['a garbage token', { token: 'garbage' }],
    ['a token of the wrong type', { token: 42 }],
    [
      'a well-formed token with a bad signature',
      { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW5vdC12YWxpZA' },
    ],
  ])('refuses %s with connect_error UNAUTHENTICATED', async (_, auth) => {
    const err = await connectError(fx.url, auth);
    expect(err.message).toBe('UNAUTHENTICATED');
    expect(err.data).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('accepts a valid token', async () => {
    const user = await fx.register();
    const socket = await fx.connect(user.token);
    expect(socket.connected).toBe(true);
  });
});

describe('surgery:join-session', () => {
  it('refuses a user without a seat (FORBIDDEN) and an unknown session (SESSION_NOT_FOUND)', async () => {
    const host = await fx.register();
    const stranger = await fx.register();
    const { session } = await fx.createSession(host.token);
    const socket = await fx.connect(stranger.token);
    expectAckError(
      await emitAck(socket, 'surgery:join-session', { sessionId: session.sessionId }),
      'FORBIDDEN',
    );
    expectAckError(
      await emitAck(socket, 'surgery:join-session', { sessionId: UNKNOWN_SESSION_ID }),
      'SESSION_NOT_FOUND',
    );
  });

  it('acks with the session, who is online, the role and seq, and announces the newcomer', async () => {
    const host = await fx.register('Dr Host');
    const guest = await fx.register('Dr Observer');
    const { session } = await fx.createSession(host.token);
    const hostSocket = await fx.connect(host.token);
    const hostAck = expectOk(
      await emitAck(hostSocket, 'surgery:join-session', { sessionId: session.sessionId }),
    );
    expect(hostAck).toMatchObject({
      session: { sessionId: session.sessionId, status: 'idle', participantCount: 1 },
      participants: [{ userId: host.user.id, name: 'Dr Host', role: 'surgeon', online: true }],
      role: 'surgeon',
      events: [],
      hasMore: false,
    });
    expect(Number.isInteger(hostAck.seq) && hostAck.seq >= 0).toBe(true);

    await joinSession(fx.url, guest.token, session.uniqueLink, 'observer');
    const announced = nextEvent(hostSocket, 'surgery:participant-joined');
    const guestSocket = await fx.connect(guest.token);
    const guestAck = expectOk(
      await emitAck(guestSocket, 'surgery:join-session', { sessionId: session.sessionId }),
    );
    expect(guestAck.role).toBe('observer');
    expect(guestAck.events).toEqual([]);
    expect(guestAck.participants).toEqual(
      expect.arrayContaining([
        { userId: host.user.id, name: 'Dr Host', role: 'surgeon', online: true },
        { userId: guest.user.id, name: 'Dr Observer', role: 'observer', online: true },
      ]),
    );
    const joined = await announced;
    expect(joined).toMatchObject({ name: 'Dr Observer', role: 'observer' });
    expectSequencedFields(joined, { sessionId: session.sessionId, userId: guest.user.id });
    expect(joined.seq).toBeGreaterThan(hostAck.seq);
    // The ack gives the stored seq the newcomer starts from; its own arrival is logged after.
    expect(joined.seq).toBeGreaterThan(guestAck.seq);
  });

  it("announces only a user's first socket in the room", async () => {
    const room = await fx.room({ guests: ['assistant'] });
    const guest = room.guests[0]!;
    const second = await fx.connect(guest.token);
    expectOk(await emitAck(second, 'surgery:join-session', { sessionId: room.sessionId }));
    await ping(room.host.socket);
    await delay(SETTLE_MS);
    await ping(room.host.socket);
    expect(
      room.host.inbox.of('surgery:participant-joined').filter((e) => e.userId === guest.user.id),
    ).toHaveLength(1);
  });

  const beforeJoin: [ClientEventName, unknown][] = [
    ['surgery:leave-session', {}],
    ['surgery:simulation-control', { action: 'start' }],
    ['surgery:tool-select', { tool: 'scalpel' }],
    ['surgery:tool-interact', { tool: 'scalpel', action: 'activate' }],
    ['surgery:tissue-interact', { tool: 'scalpel', action: 'cut', points: [[0, 0, 0]] }],
    ['surgery:chat-message', { text: 'hello' }],
    ['surgery:reset-simulation', {}],
    ['surgery:voice-signal', { to: 'someone', data: { sdp: 'x' } }],
  ];
  it.each(beforeJoin)('refuses %s before join-session with FORBIDDEN', async (event, payload) => {
    const host = await fx.register();
    await fx.createSession(host.token);
    const socket = await fx.connect(host.token);
    expectAckError(await emitAck(socket, event, payload), 'FORBIDDEN');
    expect(socket.connected).toBe(true);
  });
});

interface BroadcastCase {
  title: string;
  sender: Who;
  status: SessionStatus;
  event: ClientEventName;
  payload: unknown;
  broadcast: (typeof SEQUENCED_EVENT_NAMES)[SequencedType];
  body: Record<string, unknown>;
}
const broadcastCases: BroadcastCase[] = [
  {
    title: 'simulation-control start',
    sender: 'host',
    status: 'idle',
    event: 'surgery:simulation-control',
    payload: { action: 'start' },
    broadcast: 'surgery:simulation-state',
    body: { status: 'active', action: 'start', durationS: 0 },
  },
  {
    title: 'simulation-control pause',
    sender: 'host',
    status: 'active',
    event: 'surgery:simulation-control',
    payload: { action: 'pause' },
    broadcast: 'surgery:simulation-state',
    body: { status: 'paused', action: 'pause', durationS: expect.any(Number) },
  },
  {
    title: 'simulation-control resume',
    sender: 'host',
    status: 'paused',
    event: 'surgery:simulation-control',
    payload: { action: 'resume' },
    broadcast: 'surgery:simulation-state',
    body: { status: 'active', action: 'resume', durationS: expect.any(Number) },
  },
  {
    title: 'simulation-control stop',
    sender: 'host',
    status: 'active',
    event: 'surgery:simulation-control',
    payload: { action: 'stop' },
    broadcast: 'surgery:simulation-state',
    body: { status: 'completed', action: 'stop', durationS: expect.any(Number) },
  },
  {
    title: 'tool-select',
    sender: 'assistant',
    status: 'idle',
    event: 'surgery:tool-select',
    payload: { tool: 'forceps' },
    broadcast: 'surgery:tool-selected',
    body: { tool: 'forceps' },
  },
  {
    title: 'tool-interact',
    sender: 'assistant',
    status: 'active',
    event: 'surgery:tool-interact',
    payload: {
      tool: 'scalpel',
      action: 'pose',
      pose: { position: [0.1, -0.2, 0.0000016], rotation: [1, 0, 0, 1] },
      jaw: 0.25,
    },
    broadcast: 'surgery:tool-interaction',
    body: {
      tool: 'scalpel',
      action: 'pose',
      pose: { positionUm: [100000, -200000, 2], rotationQ: [23170, 0, 0, 23170] },
      jaw: 250,
    },
  },
  {
    title: 'tissue-interact',
    sender: 'host',
    status: 'active',
    event: 'surgery:tissue-interact',
    payload: {
      tool: 'scalpel',
      action: 'cut',
      points: [
        [0.0123454, -0.0000016, 0.5],
        [0, 0, 0],
      ],
      depth: 0.0021,
      force: 1.5,
    },
    broadcast: 'surgery:tissue-update',
    body: {
      tool: 'scalpel',
      action: 'cut',
      pointsUm: [
        [12345, -2, 500000],
        [0, 0, 0],
      ],
      depthUm: 2100,
      forceMn: 1500,
    },
  },
  {
    title: 'chat-message',
    sender: 'observer',
    status: 'idle',
    event: 'surgery:chat-message',
    payload: { text: 'Suction, please.' },
    broadcast: 'surgery:chat-message',
    body: { name: 'Guest 2', text: 'Suction, please.' },
  },
  {
    title: 'reset-simulation',
    sender: 'host',
    status: 'active',
    event: 'surgery:reset-simulation',
    payload: {},
    broadcast: 'surgery:simulation-reset',
    body: {},
  },
];

describe('sequenced broadcasts', () => {
  it.each(broadcastCases)(
    '$title goes to the others with seq/tick/userId/at; the sender gets {ok, seq, tick, event}',
    async (c) => {
      const room = await roomIn(c.status);
      const sender = pick(room, c.sender);
      const others = room.members.filter((m) => m !== sender);

      const ack = expectOk(await emitAck(sender.socket, c.event, c.payload));
      const { seq, tick, event } = ack as unknown as { seq: number; tick: number; event: object };
      expectSequencedFields(event, { sessionId: room.sessionId, userId: sender.user.id });
      expect(event).toMatchObject({ seq, tick });
      const common = { sessionId: room.sessionId, seq, tick, userId: sender.user.id };
      expect(event).toEqual({ ...common, at: expect.any(String), ...c.body });

      for (const other of others) {
        const received = await other.inbox.waitFor(c.broadcast, (e) => e.seq === seq);
        expect(received).toEqual(event);
      }
      await ping(sender.socket);
      expect(sender.inbox.of(c.broadcast).filter((e) => e.seq === seq)).toEqual([]);
    },
  );
});

describe('roles', () => {
  const cases: [Who, ClientEventName, unknown][] = [
    ['observer', 'surgery:tool-select', { tool: 'scalpel' }],
    ['observer', 'surgery:tool-interact', { tool: 'scalpel', action: 'activate' }],
    [
      'observer',
      'surgery:tissue-interact',
      { tool: 'scalpel', action: 'cut', points: [[0, 0, 0]] },
    ],
    ['observer', 'surgery:simulation-control', { action: 'pause' }],
    ['observer', 'surgery:reset-simulation', {}],
    ['assistant', 'surgery:simulation-control', { action: 'pause' }],
    ['assistant', 'surgery:simulation-control', { action: 'stop' }],
    ['assistant', 'surgery:reset-simulation', {}],
  ];
  it.each(cases)(
    'refuses the %s %s with FORBIDDEN and changes nothing',
    async (who, event, payload) => {
      const room = await roomIn('active');
      const sender = pick(room, who);
      await ping(room.host.socket);
      const before = room.host.inbox.sequenced().length;
      expectAckError(await emitAck(sender.socket, event, payload), 'FORBIDDEN');
      // Nothing was broadcast to the host (who is never the sender here).
      await ping(room.host.socket);
      expect(room.host.inbox.sequenced()).toHaveLength(before);
      expect(await sessionStatus(room)).toBe('active');
      expectOk(await emitAck(sender.socket, 'surgery:chat-message', { text: 'still served' }));
    },
  );

  it('lets every role chat and lets the assistant use instruments', async () => {
    const room = await roomIn('active');
    for (const m of room.members) {
      expectOk(await emitAck(m.socket, 'surgery:chat-message', { text: `hi from ${m.user.name}` }));
    }
    const assistant = pick(room, 'assistant');
    expectOk(await emitAck(assistant.socket, 'surgery:tool-select', { tool: 'cautery' }));
    expectOk(
      await emitAck(assistant.socket, 'surgery:tissue-interact', {
        tool: 'cautery',
        action: 'cauterize',
        points: [[0.01, 0.02, 0.03]],
      }),
    );
  });
});

describe('payload validation', () => {
  const cases: [string, ClientEventName, unknown][] = [
    ['control with an unknown action', 'surgery:simulation-control', { action: 'explode' }],
    ['control without an action', 'surgery:simulation-control', {}],
    ['control as a bare string', 'surgery:simulation-control', 'start'],
    ['tool-select with an unknown tool', 'surgery:tool-select', { tool: 'spoon' }],
    ['tool-select as null', 'surgery:tool-select', null],
    [
      'tool-interact with an unknown action',
      'surgery:tool-interact',
      { tool: 'scalpel', action: 'wave' },
    ],
    [
      'tool-interact with jaw 1.5',
      'surgery:tool-interact',
      { tool: 'scalpel', action: 'open', jaw: 1.5 },
    ],
    [
      'tool-interact with a position beyond 10 m',
      'surgery:tool-interact',
      { tool: 'scalpel', action: 'pose', pose: { position: [11, 0, 0], rotation: [0, 0, 0, 1] } },
    ],
    [
      'tool-interact with a 3-component rotation',
      'surgery:tool-interact',
      { tool: 'scalpel', action: 'pose', pose: { position: [0, 0, 0], rotation: [0, 0, 1] } },
    ],
    [
      'tissue-interact without points',
      'surgery:tissue-interact',
      { tool: 'scalpel', action: 'cut', points: [] },
    ],
    [
      'tissue-interact with 257 points',
      'surgery:tissue-interact',
      { tool: 'scalpel', action: 'cut', points: Array.from({ length: 257 }, () => [0, 0, 0]) },
    ],
    [
      'tissue-interact with a 2-component point',
      'surgery:tissue-interact',
      { tool: 'scalpel', action: 'cut', points: [[0, 0]] },
    ],
    [
      'tissue-interact with a string coordinate',
      'surgery:tissue-interact',
      { tool: 'scalpel', action: 'cut', points: [[0, '1', 0]] },
    ],
    [
      'tissue-interact with depth 0.2 m',
      'surgery:tissue-interact',
      { tool: 'scalpel', action: 'cut', points: [[0, 0, 0]], depth: 0.2 },
    ],
    [
      'tissue-interact with a negative force',
      'surgery:tissue-interact',
      { tool: 'scalpel', action: 'cut', points: [[0, 0, 0]], force: -1 },
    ],
    ['chat with empty text', 'surgery:chat-message', { text: '' }],
    ['chat with only whitespace', 'surgery:chat-message', { text: ' \n\t ' }],
    ['chat with 1001 characters', 'surgery:chat-message', { text: 'x'.repeat(1001) }],
    ['chat with a number', 'surgery:chat-message', { text: 5 }],
    ['join-session with an empty id', 'surgery:join-session', { sessionId: '' }],
    ['join-session with sinceSeq -1', 'surgery:join-session', { sessionId: 'x', sinceSeq: -1 }],
    ['join-session with sinceSeq 1.5', 'surgery:join-session', { sessionId: 'x', sinceSeq: 1.5 }],
    ['voice-signal without a target', 'surgery:voice-signal', { to: '', data: {} }],
    ['voice-signal with string data', 'surgery:voice-signal', { to: 'x', data: 'sdp' }],
    ['voice-signal without data', 'surgery:voice-signal', { to: 'x' }],
  ];
  it.each(cases)(
    'refuses %s with VALIDATION_FAILED and keeps serving',
    async (_, event, payload) => {
      const room = await roomIn('active');
      const error = expectAckError(
        await emitAck(room.host.socket, event, payload),
        'VALIDATION_FAILED',
      );
      expect(error.details).toBeDefined();
      expect(room.host.socket.connected).toBe(true);
      const ok = expectOk(
        await emitAck(room.host.socket, 'surgery:chat-message', { text: 'next' }),
      );
      await room.guests[0]!.inbox.waitFor('surgery:chat-message', (e) => e.seq === ok.seq);
      expect(await sessionStatus(room)).toBe('active');
    },
  );

  it('quantizes tissue points to integer micrometres', async () => {
    const room = await roomIn('active');
    const points = [
      [0.1234567, -0.7654321, 9.9999994],
      [-0.0000004, 0.0000006, 1e-9],
      [-10, 10, 0.333333333],
    ];
    const ack = expectOk(
      await emitAck(room.host.socket, 'surgery:tissue-interact', {
        tool: 'needle-driver',
        action: 'puncture',
        points,
      }),
    );
    const received = await room.guests[1]!.inbox.waitFor(
      'surgery:tissue-update',
      (e) => e.seq === ack.seq,
    );
    expect(received.pointsUm).toEqual([
      [123457, -765432, 9999999],
      [0, 1, 0],
      [-10000000, 10000000, 333333],
    ]);
    for (const p of received.pointsUm.flat()) expect(Number.isInteger(p)).toBe(true);
  });
});

describe('simulation-control state machine', () => {
  const valid: [SessionStatus, string, SessionStatus][] = [
    ['idle', 'start', 'active'],
    ['active', 'pause', 'paused'],
    ['paused', 'resume', 'active'],
    ['idle', 'stop', 'completed'],
    ['active', 'stop', 'completed'],
    ['paused', 'stop', 'completed'],
  ];
  it.each(valid)('from %s, %s leads to %s', async (from, action, to) => {
    const room = await roomIn(from);
    const ack = expectOk(await emitAck(room.host.socket, 'surgery:simulation-control', { action }));
    expect(ack.event).toMatchObject({ status: to, action });
    expect(await sessionStatus(room)).toBe(to);
  });

  const invalid: [SessionStatus, string][] = [
    ['idle', 'pause'],
    ['idle', 'resume'],
    ['active', 'start'],
    ['active', 'resume'],
    ['paused', 'start'],
    ['paused', 'pause'],
  ];
  it.each(invalid)('from %s, %s is INVALID_STATE', async (from, action) => {
    const room = await roomIn(from);
    expectAckError(
      await emitAck(room.host.socket, 'surgery:simulation-control', { action }),
      'INVALID_STATE',
    );
    expect(await sessionStatus(room)).toBe(from);
  });

  it.each(['start', 'pause', 'resume', 'stop'])(
    'after completion, %s is SESSION_ENDED',
    async (action) => {
      const room = await roomIn('completed');
      expectAckError(
        await emitAck(room.host.socket, 'surgery:simulation-control', { action }),
        'SESSION_ENDED',
      );
    },
  );

  const instrument: [SessionStatus, ClientEventName, unknown][] = (
    ['idle', 'paused'] as const
  ).flatMap((status) => [
    [status, 'surgery:tool-interact', { tool: 'forceps', action: 'close' }],
    [status, 'surgery:tissue-interact', { tool: 'forceps', action: 'grasp', points: [[0, 0, 0]] }],
  ]);
  it.each(instrument)('while %s, %s is INVALID_STATE', async (status, event, payload) => {
    const room = await roomIn(status);
    expectAckError(await emitAck(pick(room, 'assistant').socket, event, payload), 'INVALID_STATE');
    // Choosing a tool is not an interaction: allowed in any open status.
    expectOk(
      await emitAck(pick(room, 'assistant').socket, 'surgery:tool-select', { tool: 'forceps' }),
    );
  });

  it.each(['idle', 'active', 'paused'] as const)(
    'reset from %s returns to idle, tells the others, and the simulation can start again',
    async (from) => {
      const room = await roomIn(from);
      const ack = expectOk(await emitAck(room.host.socket, 'surgery:reset-simulation', {}));
      for (const other of room.guests) {
        await other.inbox.waitFor('surgery:simulation-reset', (e) => e.seq === ack.seq);
      }
      expect(await sessionStatus(room)).toBe('idle');
      expectOk(await emitAck(room.host.socket, 'surgery:simulation-control', { action: 'start' }));
    },
  );

  it('counts ticks at 90 Hz of active time only', async () => {
    // Time itself is under test here, so this test lets real time pass on purpose.
    const room = await roomIn('idle');
    const chat = async () =>
      expectOk(await emitAck(room.host.socket, 'surgery:chat-message', { text: 'tick?' })).tick;
    const control = async (action: string) =>
      expectOk(await emitAck(room.host.socket, 'surgery:simulation-control', { action }));

    expect(await chat()).toBe(0);
    await delay(100);
    expect(await chat()).toBe(0);

    const startedAt = Date.now();
    await control('start');
    await delay(200);
    const active1 = await chat();
    const elapsed1 = Date.now() - startedAt;
    expect(active1).toBeGreaterThanOrEqual(Math.floor((200 * 90) / 1000) - 1);
    expect(active1).toBeLessThanOrEqual(Math.ceil((elapsed1 * 90) / 1000) + 1);

    const paused = await control('pause');
    const pausedTick = paused.tick;
    expect(pausedTick).toBeGreaterThanOrEqual(active1);
    expect(paused.event.durationS).toBeCloseTo(pausedTick / 90, 0);
    await delay(150);
    expect(await chat()).toBe(pausedTick);

    await control('resume');
    await delay(100);
    const resumed = await chat();
    expect(resumed).toBeGreaterThanOrEqual(pausedTick + 8);
    expect(resumed).toBeLessThan(pausedTick + 150);
  });
});

describe('chat', () => {
  it('trims the text, caps it at 1000 characters and counts the messages', async () => {
    const room = await roomIn('idle');
    const observer = pick(room, 'observer');
    const trimmed = expectOk(
      await emitAck(observer.socket, 'surgery:chat-message', { text: '  \n Scalpel, please.\t ' }),
    );
    expect(trimmed.event).toMatchObject({ name: 'Guest 2', text: 'Scalpel, please.' });
    const seen = await room.host.inbox.waitFor(
      'surgery:chat-message',
      (e) => e.seq === trimmed.seq,
    );
    expect(seen.text).toBe('Scalpel, please.');

    const longest = ` ${'y'.repeat(1000)} `;
    const max = expectOk(
      await emitAck(room.host.socket, 'surgery:chat-message', { text: longest }),
    );
    expect(max.event.text).toBe('y'.repeat(1000));
    expectAckError(
      await emitAck(room.host.socket, 'surgery:chat-message', { text: 'z'.repeat(1001) }),
      'VALIDATION_FAILED',
    );
    expectOk(
      await emitAck(pick(room, 'assistant').socket, 'surgery:chat-message', { text: 'three' }),
    );

    await expect
      .poll(
        async () =>
          (await getSession(fx.url, room.host.token, room.sessionId)).collaborativeData
            .totalMessages,
        {
          timeout: 5000,
          interval: 50,
        },
      )
      .toBe(3);
  });
});

describe('cursors', () => {
  const identity = [0, 0, 0, 1];
  type Batch = {
    sessionId: string;
    tick: number;
    cursors: { userId: string; position: number[]; rotation: number[]; tool: string | null }[];
  };
  const batches = (m: Member) => m.inbox.of('surgery:cursor-position') as Batch[];
  const cursorOf = (batch: Batch, userId: string) => batch.cursors.find((c) => c.userId === userId);

  it('sends the room (sender included) quantized positions and normalized rotations', async () => {
    const room = await roomIn('idle');
    const observer = pick(room, 'observer');
    observer.socket.emit('surgery:cursor-update', {
      position: [0.1234567, 0.5, -0.2500004],
      rotation: [0, 0, 0, 2],
      tool: 'forceps',
    });
    for (const m of room.members) {
      const batch = await m.inbox.waitFor('surgery:cursor-position', (b) =>
        b.cursors.some((c) => c.userId === observer.user.id),
      );
      expect(batch.sessionId).toBe(room.sessionId);
      // Idle: the simulation clock has not started.
      expect(batch.tick).toBe(0);
      expect(batch.cursors).toHaveLength(1);
      const cursor = batch.cursors[0]!;
      expect(cursor).toMatchObject({ userId: observer.user.id, tool: 'forceps' });
      expect(cursor.position[0]).toBeCloseTo(0.123457, 9);
      expect(cursor.position[1]).toBeCloseTo(0.5, 9);
      expect(cursor.position[2]).toBeCloseTo(-0.25, 9);
      for (const x of cursor.position)
        expect(Math.abs(x * 1e6 - Math.round(x * 1e6))).toBeLessThan(1e-6);
      expect(cursor.rotation).toEqual(identity);
    }

    const assistant = pick(room, 'assistant');
    assistant.socket.emit('surgery:cursor-update', { position: [0, 0, 0], rotation: [1, 1, 0, 0] });
    const batch = await room.host.inbox.waitFor('surgery:cursor-position', (b) =>
      b.cursors.some((c) => c.userId === assistant.user.id),
    );
    const cursor = cursorOf(batch as Batch, assistant.user.id)!;
    expect(cursor.tool).toBeNull();
    expect(cursor.rotation[0]).toBeCloseTo(Math.SQRT1_2, 3);
    expect(cursor.rotation[1]).toBeCloseTo(Math.SQRT1_2, 3);
    expect(cursor.rotation[2]).toBeCloseTo(0, 6);
    expect(cursor.rotation[3]).toBeCloseTo(0, 6);
    expect(Math.hypot(...cursor.rotation)).toBeCloseTo(1, 3);
  });

  it('stamps each batch with a tick no earlier than any sequenced event sent before it', async () => {
    // A client simulates up to a batch's tick: no event of an earlier tick may come after it.
    const room = await roomIn('active');
    const assistant = pick(room, 'assistant');
    const observer = pick(room, 'observer');
    for (let k = 0; k < 20; k++) {
      await emitAck(room.host.socket, 'surgery:tissue-interact', {
        tool: 'scalpel',
        action: 'press',
        points: [[0, 0, 0]],
      });
      assistant.socket.emit('surgery:cursor-update', {
        position: [k / 1000, 0, 0],
        rotation: identity,
      });
      await delay(15);
    }
    await observer.inbox.until(() => (batches(observer).length >= 3 ? true : undefined));
    let highestEventTick = 0;
    let checked = 0;
    for (const r of observer.inbox.all) {
      const tick = (r.payload as { tick?: number }).tick;
      if (r.name === 'surgery:cursor-position') {
        expect(tick).toBeGreaterThanOrEqual(highestEventTick);
        checked += 1;
      } else if (typeof tick === 'number') {
        highestEventTick = Math.max(highestEventTick, tick);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
    expect(highestEventTick).toBeGreaterThan(0);
  });

  it('puts only the cursors that changed since the last batch in a batch', async () => {
    const room = await roomIn('idle');
    const [a, b] = [room.host, pick(room, 'assistant')];
    const watcher = pick(room, 'observer');
    a.socket.emit('surgery:cursor-update', { position: [0.01, 0, 0], rotation: identity });
    await watcher.inbox.waitFor('surgery:cursor-position', (x) =>
      x.cursors.some((c) => c.userId === a.user.id),
    );
    b.socket.emit('surgery:cursor-update', { position: [0.02, 0, 0], rotation: identity });
    const withB = await watcher.inbox.waitFor('surgery:cursor-position', (x) =>
      x.cursors.some((c) => c.userId === b.user.id),
    );
    expect(withB.cursors.map((c) => c.userId)).toEqual([b.user.id]);

    await delay(SETTLE_MS);
    await ping(watcher.socket);
    const all = batches(watcher);
    expect(all.filter((x) => cursorOf(x, a.user.id))).toHaveLength(1);
    expect(all.filter((x) => cursorOf(x, b.user.id))).toHaveLength(1);
    for (const x of all) expect(x.cursors.length).toBeGreaterThan(0);
  });

  it('coalesces a burst into one batch per tick carrying the latest pose', async () => {
    const room = await roomIn('idle');
    const sender = room.host;
    const watcher = pick(room, 'observer');
    for (let i = 1; i <= 40; i++) {
      sender.socket.emit('surgery:cursor-update', {
        position: [i / 1000, 0, 0],
        rotation: identity,
      });
    }
    await watcher.inbox.waitFor('surgery:cursor-position', (x) =>
      x.cursors.some((c) => c.userId === sender.user.id && c.position[0] === 0.04),
    );
    const seen = batches(watcher).filter((x) => cursorOf(x, sender.user.id));
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(seen.length).toBeLessThan(40);
  });

  it('sends at most one batch per 30 Hz tick per session while two users stream', async () => {
    const room = await roomIn('idle');
    const [a, b] = [room.host, pick(room, 'assistant')];
    const watcher = pick(room, 'observer');
    const startedAt = Date.now();
    const updates = 120;
    await new Promise<void>((resolve) => {
      let i = 0;
      const timer = setInterval(() => {
        i++;
        a.socket.emit('surgery:cursor-update', { position: [i / 1000, 0, 0], rotation: identity });
        b.socket.emit('surgery:cursor-update', { position: [0, i / 1000, 0], rotation: identity });
        if (i === updates) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const last = updates / 1000;
    await watcher.inbox.until(() => {
      const all = batches(watcher);
      const hasA = all.some((x) => cursorOf(x, a.user.id)?.position[0] === last);
      const hasB = all.some((x) => cursorOf(x, b.user.id)?.position[1] === last);
      return hasA && hasB ? true : undefined;
    });
    const elapsedMs = Date.now() - startedAt;
    const all = batches(watcher);
    // 30 batches a second at most (two senders do not double it), plus slack for timer edges.
    expect(all.length).toBeLessThanOrEqual(Math.ceil((elapsedMs * 30) / 1000) + 3);
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const x of all) {
      const ids = x.cursors.map((c) => c.userId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(x.sessionId).toBe(room.sessionId);
    }
  });

  it('answers a cursor update sent with an ack, and relays it like any other', async () => {
    const room = await roomIn('idle');
    const watcher = pick(room, 'observer');
    const ack = await emitAck(room.host.socket, 'surgery:cursor-update', {
      position: [0.012, 0, 0],
      rotation: identity,
    });
    expect(ack).toEqual({ ok: true });
    await watcher.inbox.waitFor('surgery:cursor-position', (x) =>
      x.cursors.some((c) => c.userId === room.host.user.id && c.position[0] === 0.012),
    );
  });

  it.each<[string, unknown]>([
    ['a 2-component position', { position: [0, 0], rotation: [0, 0, 0, 1] }],
    ['a missing rotation', { position: [0, 0, 0] }],
    ['a position beyond 10 m', { position: [0, 0, 10.5], rotation: [0, 0, 0, 1] }],
    ['an unknown tool', { position: [0, 0, 0], rotation: [0, 0, 0, 1], tool: 'spoon' }],
  ])('answers %s with surgery:error VALIDATION_FAILED', async (_, payload) => {
    const room = await roomIn('idle');
    const error = nextEvent(room.host.socket, 'surgery:error');
    room.host.socket.emit('surgery:cursor-update', payload);
    expect(await error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    expect(room.host.socket.connected).toBe(true);
    expectOk(await emitAck(room.host.socket, 'surgery:chat-message', { text: 'still here' }));
  });
});

describe('voice signalling', () => {
  it('relays to the target only, with from, unsequenced', async () => {
    const room = await roomIn('idle');
    const [from, to, bystander] = [room.host, pick(room, 'assistant'), pick(room, 'observer')];
    const data = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' };
    const ack = await emitAck(from.socket, 'surgery:voice-signal', { to: to.user.id, data });
    expect(ack).toEqual({ ok: true });
    expect(await to.inbox.waitFor('surgery:voice-signal')).toEqual({ from: from.user.id, data });

    await ping(bystander.socket);
    await ping(from.socket);
    expect(bystander.inbox.of('surgery:voice-signal')).toEqual([]);
    expect(from.inbox.of('surgery:voice-signal')).toEqual([]);
  });

  it('answers NOT_FOUND when the target is not online in the session', async () => {
    const room = await fx.room({ guests: ['assistant'] });
    const seatedOffline = await fx.register();
    await joinSession(fx.url, seatedOffline.token, room.created.session.uniqueLink);
    const elsewhere = await fx.room();
    for (const to of [seatedOffline.user.id, elsewhere.host.user.id, 'no-such-user']) {
      expectAckError(
        await emitAck(room.host.socket, 'surgery:voice-signal', { to, data: { candidate: 'x' } }),
        'NOT_FOUND',
      );
    }
    expect(elsewhere.host.inbox.of('surgery:voice-signal')).toEqual([]);
  });
});

describe('leaving', () => {
  it('leave-session closes the seat; the others get participant-left reason left', async () => {
    const room = await roomIn('idle');
    const leaver = pick(room, 'assistant');
    expectOk(await emitAck(leaver.socket, 'surgery:leave-session', {}));
    for (const m of [room.host, pick(room, 'observer')]) {
      const left = await m.inbox.waitFor(
        'surgery:participant-left',
        (e) => e.userId === leaver.user.id,
      );
      expect(left).toMatchObject({ reason: 'left' });
      expectSequencedFields(left, { sessionId: room.sessionId, userId: leaver.user.id });
    }
    const details = await getSession(fx.url, leaver.token, room.sessionId);
    expect(details.participantCount).toBe(2);
    const records = details.collaborativeData.participants.filter(
      (p) => p.userId === leaver.user.id,
    );
    expect(records).toHaveLength(1);
    expect(records[0]!.leftAt).toEqual(expect.any(String));

    // Out of the room.
    expectAckError(
      await emitAck(leaver.socket, 'surgery:chat-message', { text: 'hello?' }),
      'FORBIDDEN',
    );
    expectAckError(
      await emitAck(leaver.socket, 'surgery:join-session', { sessionId: room.sessionId }),
      'FORBIDDEN',
    );

    // Coming back later is a new stay.
    const back = await joinSession(fx.url, leaver.token, room.created.session.shareableCode);
    expect(back.participant.leftAt).toBeNull();
    expect(back.session.participantCount).toBe(3);
    const after = await getSession(fx.url, leaver.token, room.sessionId);
    expect(
      after.collaborativeData.participants.filter((p) => p.userId === leaver.user.id),
    ).toHaveLength(2);
  });

  it('a disconnect keeps the seat: participant-left disconnected, then the same seat comes back', async () => {
    const room = await roomIn('idle');
    const dropper = pick(room, 'assistant');
    const before = await getSession(fx.url, room.host.token, room.sessionId);
    const record = before.collaborativeData.participants.find((p) => p.userId === dropper.user.id)!;

    dropper.socket.disconnect();
    const left = await room.host.inbox.waitFor(
      'surgery:participant-left',
      (e) => e.userId === dropper.user.id,
    );
    expect(left).toMatchObject({ reason: 'disconnected' });
    expectSequencedFields(left, { sessionId: room.sessionId, userId: dropper.user.id });

    const held = await getSession(fx.url, room.host.token, room.sessionId);
    expect(held.participantCount).toBe(3);
    expect(held.collaborativeData.participants).toContainEqual(record);

    const again = await joinSession(fx.url, dropper.token, room.created.session.uniqueLink);
    expect(again.participant).toEqual(record);
    expect(again.session.participantCount).toBe(3);

    const socket = await fx.connect(dropper.token);
    const ack = expectOk(
      await emitAck(socket, 'surgery:join-session', { sessionId: room.sessionId }),
    );
    expect(ack.role).toBe('assistant');
    const joined = await room.host.inbox.waitFor(
      'surgery:participant-joined',
      (e) => e.userId === dropper.user.id && e.seq > left.seq,
    );
    expect(joined).toMatchObject({ name: dropper.user.name, role: 'assistant' });
    const details = await getSession(fx.url, room.host.token, room.sessionId);
    expect(
      details.collaborativeData.participants.filter((p) => p.userId === dropper.user.id),
    ).toHaveLength(1);
  });

  it("announces a disconnect only when the user's last socket goes", async () => {
    const room = await roomIn('idle');
    const user = pick(room, 'assistant');
    const second = await fx.connect(user.token);
    expectOk(await emitAck(second, 'surgery:join-session', { sessionId: room.sessionId }));

    user.socket.disconnect();
    // The second socket is still served, in order, after the first one's disconnect.
    const ok = expectOk(await emitAck(second, 'surgery:chat-message', { text: 'one socket left' }));
    await room.host.inbox.waitFor('surgery:chat-message', (e) => e.seq === ok.seq);
    await delay(SETTLE_MS);
    await ping(room.host.socket);
    expect(room.host.inbox.of('surgery:participant-left')).toEqual([]);

    second.disconnect();
    const left = await room.host.inbox.waitFor(
      'surgery:participant-left',
      (e) => e.userId === user.user.id,
    );
    expect(left.reason).toBe('disconnected');
  });
});

describe('after completion', () => {
  const events: [Who, ClientEventName, unknown][] = [
    ['host', 'surgery:simulation-control', { action: 'start' }],
    ['host', 'surgery:reset-simulation', {}],
    ['assistant', 'surgery:tool-select', { tool: 'scalpel' }],
    ['assistant', 'surgery:tool-interact', { tool: 'scalpel', action: 'activate' }],
    [
      'assistant',
      'surgery:tissue-interact',
      { tool: 'scalpel', action: 'cut', points: [[0, 0, 0]] },
    ],
    ['observer', 'surgery:chat-message', { text: 'is it over?' }],
    ['observer', 'surgery:voice-signal', { to: 'someone', data: { sdp: 'x' } }],
  ];
  it.each(events)('the %s sending %s gets SESSION_ENDED', async (who, event, payload) => {
    const room = await roomIn('completed');
    expectAckError(await emitAck(pick(room, who).socket, event, payload), 'SESSION_ENDED');
  });

  it('join-session answers SESSION_ENDED and leave-session still works', async () => {
    const room = await roomIn('completed');
    const fresh = await fx.connect(room.host.token);
    expectAckError(
      await emitAck(fresh, 'surgery:join-session', { sessionId: room.sessionId }),
      'SESSION_ENDED',
    );
    expectOk(await emitAck(pick(room, 'observer').socket, 'surgery:leave-session', {}));
  });
});
