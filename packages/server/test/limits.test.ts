import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '@scrubin/server';
import {
  PASSWORD,
  closeAllSockets,
  emitAck,
  expectAckError,
  expectError,
  expectOk,
  fixtureOf,
  nextEvent,
  ping,
  randomCode,
  startTestServer,
  type ApiResponse,
  type EmbeddedDatabase,
  type Fixture,
  type RateLimitsInput,
  type TestServer,
} from './helpers.js';

/** A bucket that does not refill during a test. */
const only = (burst: number) => ({ burst, perSecond: 0.001 });

/** One embedded database for the file; each describe runs its own server with its own limits. */
let db: EmbeddedDatabase;
beforeAll(async () => {
  db = await startEmbeddedDatabase();
});
afterAll(async () => {
  closeAllSockets();
  await db?.stop();
});

function serverWith(rateLimits: RateLimitsInput): Fixture {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer({ db, rateLimits });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await server?.close();
  });
  return fixtureOf(() => {
    if (!server) throw new Error('server not started');
    return server;
  });
}

function expectRateLimited(res: ApiResponse<unknown>): void {
  expectError(res, 429, 'RATE_LIMITED');
  const retryAfter = res.headers.get('retry-after');
  expect(retryAfter, 'Retry-After header').toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
}

/** A user with a session of their own, joined over a socket: proof that others are still served. */
async function servedElsewhere(fx: Fixture): Promise<void> {
  const other = await fx.register('Dr Unaffected');
  const { session } = await fx.createSession(other.token);
  const socket = await fx.connect(other.token);
  expectOk(await emitAck(socket, 'surgery:join-session', { sessionId: session.sessionId }));
  expectOk(await emitAck(socket, 'surgery:chat-message', { text: 'still served' }));
}

describe('REST rate limits', () => {
  const fx = serverWith({ login: only(3), join: only(4) });

  it('limits login attempts (429 RATE_LIMITED with Retry-After), even with the right password', async () => {
    const user = await fx.register('Dr Forgetful');
    const login = (password: string) =>
      fx.api().post('/api/auth/login', { body: { email: user.user.email, password } });
    for (let i = 0; i < 3; i++)
      expectError(await login(`wrong-${i}-password`), 401, 'UNAUTHENTICATED');
    expectRateLimited(await login(`wrong-again-password`));
    expectRateLimited(await login(PASSWORD));
    // The user's existing token and other users' sockets keep working.
    const me = await fx.api(user.token).get('/api/auth/me');
    expect(me.status).toBe(200);
    await servedElsewhere(fx);
  });

  it('limits join attempts (guessing codes), valid ones included once over the limit', async () => {
    const host = await fx.register();
    const guesser = await fx.register();
    const { session } = await fx.createSession(host.token);
    const join = (identifier: string) =>
      fx.api(guesser.token).post('/api/simulations/sessions/join/{identifier}', {
        path: { identifier },
      });
    for (let i = 0; i < 4; i++) expectError(await join(randomCode()), 404, 'SESSION_NOT_FOUND');
    expectRateLimited(await join(randomCode()));
    expectRateLimited(await join(session.shareableCode));
    await servedElsewhere(fx);
  });
});

describe('socket rate limits', () => {
  const fx = serverWith({
    socketEvents: only(5),
    socketChat: only(3),
    socketCursor: only(5),
  });

  it('refuses a flooding socket with RATE_LIMITED while another socket in the session is served', async () => {
    const room = await fx.room({ guests: ['assistant'] });
    const [flooder, peer] = [room.host, room.guests[0]!];
    const acks = await Promise.all(
      Array.from({ length: 10 }, () =>
        emitAck(flooder.socket, 'surgery:tool-select', { tool: 'scalpel' }),
      ),
    );
    const ok = acks.filter((a) => a.ok);
    // The join took at most one token of the five.
    expect(ok.length).toBeGreaterThanOrEqual(4);
    expect(ok.length).toBeLessThanOrEqual(5);
    const firstRefused = acks.findIndex((a) => !a.ok);
    expect(firstRefused).toBe(ok.length);
    for (const a of acks.slice(firstRefused)) expectAckError(a, 'RATE_LIMITED');
    expect(flooder.socket.connected).toBe(true);

    // The peer has its own bucket: served and acked, and it saw only the accepted events.
    const peerAck = expectOk(
      await emitAck(peer.socket, 'surgery:tool-select', { tool: 'forceps' }),
    );
    await flooder.inbox.waitFor('surgery:tool-selected', (e) => e.seq === peerAck.seq);
    await ping(peer.socket);
    expect(peer.inbox.of('surgery:tool-selected')).toHaveLength(ok.length);
  });

  it('limits chat separately: RATE_LIMITED after the chat burst', async () => {
    const room = await fx.room({ guests: ['observer'] });
    const chatter = room.guests[0]!;
    const acks = [];
    for (let i = 0; i < 6; i++) {
      acks.push(await emitAck(chatter.socket, 'surgery:chat-message', { text: `spam ${i}` }));
    }
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false, false, false]);
    for (const a of acks.slice(3)) expectAckError(a, 'RATE_LIMITED');
    expectOk(await emitAck(room.host.socket, 'surgery:chat-message', { text: 'host unaffected' }));
  });

  it('drops cursor updates over the limit with at most one surgery:error a second', async () => {
    const room = await fx.room({ guests: ['observer'] });
    const sender = room.guests[0]!;
    const error = nextEvent(sender.socket, 'surgery:error');
    for (let i = 1; i <= 30; i++) {
      sender.socket.emit('surgery:cursor-update', {
        position: [i / 1000, 0, 0],
        rotation: [0, 0, 0, 1],
      });
    }
    expect(await error).toMatchObject({ code: 'RATE_LIMITED' });
    await ping(sender.socket);
    expect(sender.inbox.of('surgery:error')).toHaveLength(1);
    // Only accepted poses reach the room: the fifth at most, never the thirtieth.
    await room.host.inbox.waitFor('surgery:cursor-position');
    await ping(room.host.socket);
    const positions = room.host.inbox
      .of('surgery:cursor-position')
      .flatMap((b) => b.cursors.map((c) => c.position[0]));
    expect(Math.max(...positions)).toBeLessThanOrEqual(0.005);
  });
});

describe('payload limits', () => {
  const fx = serverWith({});

  it('answers a REST body over 64 KB with 413 PAYLOAD_TOO_LARGE', async () => {
    const user = await fx.register();
    const big = 'x'.repeat(70 * 1024);
    const create = await fx.api(user.token).post('/api/simulations/sessions', {
      body: { title: 'Too big', scenario: 'skin-incision', description: big },
    });
    expectError(create, 413, 'PAYLOAD_TOO_LARGE');
    const signup = await fx.api().post('/api/auth/register', {
      body: { email: 'big@example.com', password: PASSWORD, name: big },
    });
    expectError(signup, 413, 'PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['a truncated object', '{"email":'],
    ['a bare word', 'hello'],
    ['a trailing comma', '{"email":"a@b.c","password":"x",}'],
  ])('answers malformed JSON (%s) with 400 VALIDATION_FAILED', async (_, body) => {
    const res = await fx.api().raw('POST', '/api/auth/login', {
      headers: { 'content-type': 'application/json' },
      body,
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    const user = await fx.register();
    const authed = await fx.api(user.token).raw('POST', '/api/simulations/sessions', {
      headers: { 'content-type': 'application/json' },
      body,
    });
    expectError(authed, 400, 'VALIDATION_FAILED');
  });

  it('disconnects only the socket that sends a message over 64 KB', async () => {
    const room = await fx.room({ guests: ['assistant'] });
    const [big, peer] = [room.guests[0]!, room.host];
    const closed = new Promise<string>((resolve) => big.socket.once('disconnect', resolve));
    big.socket.emit('surgery:chat-message', { text: 'x'.repeat(70 * 1024) });
    expect(await closed).toEqual(expect.any(String));
    expect(big.socket.connected).toBe(false);

    const ok = expectOk(await emitAck(peer.socket, 'surgery:chat-message', { text: 'still here' }));
    expect(ok.event.text).toBe('still here');
    expect(peer.inbox.of('surgery:chat-message')).toEqual([]);
    // The server keeps accepting connections, the dropped user's included.
    const again = await fx.connect(big.token);
    expectOk(await emitAck(again, 'surgery:join-session', { sessionId: room.sessionId }));
  });
});
