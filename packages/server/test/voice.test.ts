import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '@scrubin/protocol';
import {
  api,
  connect,
  emitAck,
  expectAckError,
  expectError,
  expectOk,
  expectStatus,
  getSession,
  joinSession,
  ping,
  startTestServer,
  useServer,
  type Member,
  type Room,
} from './helpers.js';

const ICE_SERVERS = [
  { urls: 'stun:stun.scrubin.example:3478' },
  {
    urls: ['turn:turn.scrubin.example:3478?transport=udp', 'turns:turn.scrubin.example:5349'],
    username: 'scrubin',
    credential: 'secret',
  },
];

const fx = useServer({ iceServers: ICE_SERVERS });

/** A room with a host, `Guest 1` (assistant) and `Guest 2` (observer). */
const roomOfThree = (status: Extract<SessionStatus, 'idle' | 'active'> = 'idle'): Promise<Room> =>
  fx.room({ guests: ['assistant', 'observer'], start: status === 'active' });

const voiceTimeOf = async (room: Room) =>
  (await getSession(fx.url, room.host.token, room.sessionId)).collaborativeData.voiceTime;

const speak = async (member: Member, speaking: boolean) =>
  expectOk(await emitAck(member.socket, 'surgery:voice-activity', { speaking }));

/**
 * Lets some time pass on the server's clock by round trips (a span needs a length), and returns
 * the upper bound of the span in seconds as this process measured it.
 */
async function talkFor(member: Member, roundTrips = 20): Promise<() => number> {
  const startedAt = performance.now();
  await speak(member, true);
  for (let i = 0; i < roundTrips; i++) await ping(member.socket);
  return () => (performance.now() - startedAt) / 1000;
}

describe('surgery:voice-activity', () => {
  it('relays changes to the others, unsequenced; observers may talk', async () => {
    const room = await roomOfThree('active');
    const [host, assistant, observer] = room.members;
    await speak(observer!, true);
    for (const other of [host!, assistant!]) {
      const relay = await other.inbox.waitFor('surgery:voice-activity');
      expect(relay).toEqual({
        sessionId: room.sessionId,
        userId: observer!.user.id,
        speaking: true,
      });
    }
    // A repeated report changes nothing for the others.
    await speak(observer!, true);
    await speak(observer!, false);
    await host!.inbox.waitFor('surgery:voice-activity', (e) => !e.speaking);
    await ping(observer!.socket);
    expect(host!.inbox.of('surgery:voice-activity').map((e) => e.speaking)).toEqual([true, false]);
    expect(observer!.inbox.of('surgery:voice-activity')).toEqual([]);

    // Not part of the log: the next sequenced event follows the join events directly.
    const chat = expectOk(await emitAck(host!.socket, 'surgery:chat-message', { text: 'next' }));
    const res = await fx.api(host!.token).get('/api/simulations/sessions/{sessionId}/events', {
      path: { sessionId: room.sessionId },
      query: { afterSeq: 0 },
    });
    const types = expectStatus(res, 200).events.map((e) => e.type);
    expect(types).not.toContain('voice-activity');
    expect(types).toHaveLength(chat.seq);
  });

  it('tells a socket joining the room who is speaking now', async () => {
    const room = await fx.room({ guests: ['assistant'] });
    const speaker = room.guests[0]!;
    await speak(speaker, true);
    const late = await fx.register('Late Listener');
    await joinSession(fx.url, late.token, room.created.session.uniqueLink, 'observer');
    const listener = await fx.member(late, room.sessionId);
    expect(await listener.inbox.waitFor('surgery:voice-activity')).toEqual({
      sessionId: room.sessionId,
      userId: speaker.user.id,
      speaking: true,
    });
    // The speaker's own second socket is not told about itself.
    const again = await fx.member(speaker, room.sessionId);
    await ping(again.socket);
    expect(again.inbox.of('surgery:voice-activity')).toEqual([]);
  });

  it('adds a closed speaking span to collaborativeData.voiceTime', async () => {
    const room = await roomOfThree();
    const speaker = room.guests[0]!;
    expect(await voiceTimeOf(room)).toBe(0);
    const elapsed = await talkFor(speaker);
    await speak(speaker, false);
    const bound = elapsed();
    await expect.poll(() => voiceTimeOf(room)).toBeGreaterThan(0);
    expect(await voiceTimeOf(room)).toBeLessThanOrEqual(bound);

    // A repeated `true` credits the span so far; the total keeps adding up.
    const before = await voiceTimeOf(room);
    await talkFor(speaker);
    await speak(speaker, true);
    await expect.poll(() => voiceTimeOf(room)).toBeGreaterThan(before);
  });

  it.each([
    ['leave-session', (m: Member) => emitAck(m.socket, 'surgery:leave-session', {})],
    ['a disconnect', (m: Member) => m.socket.disconnect()],
  ])('closes the span on %s and tells the room the speaker is quiet', async (_, close) => {
    const room = await roomOfThree();
    const speaker = room.guests[1]!;
    await talkFor(speaker);
    await room.host.inbox.waitFor('surgery:voice-activity', (e) => e.speaking);
    await close(speaker);
    const quiet = await room.host.inbox.waitFor('surgery:voice-activity', (e) => !e.speaking);
    expect(quiet).toEqual({ sessionId: room.sessionId, userId: speaker.user.id, speaking: false });
    await expect.poll(() => voiceTimeOf(room)).toBeGreaterThan(0);
  });

  it('closes the span when the host removes the speaker', async () => {
    const room = await roomOfThree();
    const speaker = room.guests[0]!;
    await talkFor(speaker);
    const res = await fx
      .api(room.host.token)
      .delete('/api/simulations/sessions/{sessionId}/participants/{userId}', {
        path: { sessionId: room.sessionId, userId: speaker.user.id },
      });
    expect(res.status).toBe(204);
    await room.host.inbox.waitFor('surgery:voice-activity', (e) => !e.speaking);
    await expect.poll(() => voiceTimeOf(room)).toBeGreaterThan(0);
  });

  it('closes every span when the session ends, then refuses reports', async () => {
    const room = await roomOfThree('active');
    await talkFor(room.host);
    await talkFor(room.guests[0]!);
    expectOk(await emitAck(room.host.socket, 'surgery:simulation-control', { action: 'stop' }));
    await expect.poll(() => voiceTimeOf(room)).toBeGreaterThan(0);
    expectAckError(
      await emitAck(room.guests[0]!.socket, 'surgery:voice-activity', { speaking: false }),
      'SESSION_ENDED',
    );
  });

  it.each<[string, unknown]>([
    ['no speaking field', {}],
    ['speaking as a string', { speaking: 'yes' }],
    ['speaking as a number', { speaking: 1 }],
    ['no payload object', 'speaking'],
  ])('refuses %s with VALIDATION_FAILED and keeps serving', async (_, payload) => {
    const room = await roomOfThree();
    const error = expectAckError(
      await emitAck(room.host.socket, 'surgery:voice-activity', payload),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('surgery:voice-activity');
    expect(error.details).toBeDefined();
    await speak(room.host, true);
    await room.guests[0]!.inbox.waitFor('surgery:voice-activity');
  });

  it('refuses a socket that has not joined a session with FORBIDDEN', async () => {
    const account = await fx.register();
    await fx.createSession(account.token);
    const socket = await fx.connect(account.token);
    expectAckError(
      await emitAck(socket, 'surgery:voice-activity', { speaking: true }),
      'FORBIDDEN',
    );
  });

  it('shares the voice rate limit with voice-signal', async () => {
    await using limited = await startTestServer({
      db: fx.db,
      rateLimits: { socketVoice: { burst: 2, perSecond: 0.001 } },
    });
    // Same database and secret: the account and session are good on both servers.
    const account = await fx.register();
    const created = await fx.createSession(account.token);
    const s = await connect(limited.url, account.token);
    expectOk(await emitAck(s, 'surgery:join-session', { sessionId: created.session.sessionId }));
    expectOk(await emitAck(s, 'surgery:voice-activity', { speaking: true }));
    expectOk(await emitAck(s, 'surgery:voice-activity', { speaking: false }));
    expectAckError(await emitAck(s, 'surgery:voice-activity', { speaking: true }), 'RATE_LIMITED');
    expectAckError(
      await emitAck(s, 'surgery:voice-signal', { to: account.user.id, data: {} }),
      'RATE_LIMITED',
    );
  });
});

describe('GET /api/rtc-config', () => {
  it('gives signed-in users the configured ICE servers', async () => {
    const account = await fx.register();
    const res = await fx.api(account.token).get('/api/rtc-config');
    expect(expectStatus(res, 200)).toEqual({ iceServers: ICE_SERVERS });
  });

  it('is empty by default (host candidates only)', async () => {
    await using plain = await startTestServer({ db: fx.db });
    const account = await fx.register();
    expect(expectStatus(await api(plain.url, account.token).get('/api/rtc-config'), 200)).toEqual({
      iceServers: [],
    });
  });

  it('needs a token', async () => {
    expectError(await fx.api().get('/api/rtc-config'), 401, 'UNAUTHENTICATED');
  });
});
