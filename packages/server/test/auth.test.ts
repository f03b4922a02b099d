import { describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt } from 'jose';
import {
  ISO_DATE,
  JWT_SECRET,
  PASSWORD,
  UNKNOWN_SESSION_ID,
  expectError,
  expectStatus,
  uniqueTag,
  useServer,
} from './helpers.js';

const fx = useServer();

const email = () => `${uniqueTag('auth')}@example.com`;

describe('POST /api/auth/register', () => {
  it('creates the account (201) with a lower-cased email and a token that works', async () => {
    const address = email();
    const mixedCase = address.toUpperCase().replace('@EXAMPLE.COM', '@Example.COM');
    const res = await fx
      .api()
      .post('/api/auth/register', { body: { email: mixedCase, password: PASSWORD, name: 'Ada' } });
    const body = expectStatus(res, 201);
    expect(body.user).toEqual({
      id: expect.any(String),
      email: address,
      name: 'Ada',
      createdAt: expect.stringMatching(ISO_DATE),
    });
    expect(body.token).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('user.password');
    expect(body).not.toHaveProperty('user.passwordHash');

    const me = await fx.api(body.token).get('/api/auth/me');
    expect(expectStatus(me, 200)).toEqual({ user: body.user });
  });

  it.each([
    ['the same address', (a: string) => a],
    ['the same address in another case', (a: string) => a.toUpperCase()],
  ])('refuses %s again with 409 EMAIL_TAKEN', async (_, variant) => {
    const address = email();
    const first = await fx
      .api()
      .post('/api/auth/register', { body: { email: address, password: PASSWORD, name: 'One' } });
    expectStatus(first, 201);
    const again = await fx.api().post('/api/auth/register', {
      body: { email: variant(address), password: PASSWORD, name: 'Two' },
    });
    expectError(again, 409, 'EMAIL_TAKEN');
  });

  const valid = () => ({ email: email(), password: PASSWORD, name: 'Valid Name' });
  it.each<[string, () => unknown]>([
    ['an empty object', () => ({})],
    ['a missing email', () => ({ ...valid(), email: undefined })],
    ['a missing password', () => ({ ...valid(), password: undefined })],
    ['a missing name', () => ({ ...valid(), name: undefined })],
    ['an email without @', () => ({ ...valid(), email: 'not-an-email' })],
    ['an email that is a number', () => ({ ...valid(), email: 42 })],
    ['an email over 254 characters', () => ({ ...valid(), email: `${'a'.repeat(250)}@x.com` })],
    ['a 7-character password', () => ({ ...valid(), password: 'short12' })],
    ['a 129-character password', () => ({ ...valid(), password: 'p'.repeat(129) })],
    ['an empty name', () => ({ ...valid(), name: '' })],
    ['an 81-character name', () => ({ ...valid(), name: 'n'.repeat(81) })],
    ['an unknown field', () => ({ ...valid(), admin: true })],
    ['an array', () => [valid()]],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, body) => {
    const res = await fx.api().post('/api/auth/register', { body: body() });
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describe('POST /api/auth/login', () => {
  it('signs in (200) with the same user and a working token', async () => {
    const registered = await fx.register('Grace');
    const res = await fx.api().post('/api/auth/login', {
      body: { email: registered.user.email, password: PASSWORD },
    });
    const body = expectStatus(res, 200);
    expect(body.user).toEqual(registered.user);
    const me = await fx.api(body.token).get('/api/auth/me');
    expect(expectStatus(me, 200).user.id).toBe(registered.user.id);
  });

  it.each([
    ['a wrong password', (e: string) => ({ email: e, password: `${PASSWORD}!` })],
    [
      'an unknown email',
      () => ({ email: `${uniqueTag('nobody')}@example.com`, password: PASSWORD }),
    ],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_, body) => {
    const registered = await fx.register('Login Target');
    const res = await fx.api().post('/api/auth/login', { body: body(registered.user.email) });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it.each<[string, unknown]>([
    ['a missing password', { email: 'someone@example.com' }],
    ['an empty password', { email: 'someone@example.com', password: '' }],
    ['an unknown field', { email: 'someone@example.com', password: PASSWORD, remember: true }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, body) => {
    const res = await fx.api().post('/api/auth/login', { body });
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describe('GET /api/auth/me', () => {
  /** Re-signs the claims of a real token, so only the one property under test differs. */
  async function forge(
    token: string,
    change: { secret?: string; expiredSecondsAgo?: number },
  ): Promise<string> {
    const claims = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' });
    if (change.expiredSecondsAgo !== undefined) {
      jwt.setIssuedAt(now - change.expiredSecondsAgo - 3600);
      jwt.setExpirationTime(now - change.expiredSecondsAgo);
    }
    return jwt.sign(new TextEncoder().encode(change.secret ?? JWT_SECRET));
  }
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('answers the user of a valid token (200)', async () => {
    const account = await fx.register('Me Myself');
    const res = await fx.api(account.token).get('/api/auth/me');
    expect(expectStatus(res, 200)).toEqual({ user: account.user });
  });

  it('accepts a token re-signed with the server secret (the forging below is sound)', async () => {
    const account = await fx.register('Control');
    const res = await fx.api(await forge(account.token, {})).get('/api/auth/me');
    expect(expectStatus(res, 200).user.id).toBe(account.user.id);
  });

  it.each<[string, (token: string) => Promise<Record<string, string>>]>([
    ['no Authorization header', async () => ({})],
    ['an empty bearer', async () => ({ authorization: 'Bearer ' })],
    ['a garbage token', async () => ({ authorization: 'Bearer not-a-jwt' })],
    ['a token without the Bearer scheme', async (t) => ({ authorization: t })],
    ['a Basic scheme', async () => ({ authorization: `Basic ${btoa('a@b.c:password')}` })],
    [
      'an expired token',
      async (t) => ({ authorization: `Bearer ${await forge(t, { expiredSecondsAgo: 60 })}` }),
    ],
    [
      'a token signed with another secret',
      async (t) => ({ authorization: `Bearer ${await forge(t, { secret: 'not-the-secret' })}` }),
    ],
    [
      'an unsigned (alg none) token',
      async (t) => ({
        authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(decodeJwt(t))}.`,
      }),
    ],
    [
      'a tampered payload',
      async (t) => {
        const [header, , signature] = t.split('.');
        const claims = { ...decodeJwt(t), sub: 'someone-else' };
        return { authorization: `Bearer ${header}.${b64(claims)}.${signature}` };
      },
    ],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_, headers) => {
    const account = await fx.register('Token Owner');
    const res = await fx.api().get('/api/auth/me', { headers: await headers(account.token) });
    expectError(res, 401, 'UNAUTHENTICATED');
  });
});

describe('every /api/simulations route needs a token', () => {
  const sessionId = UNKNOWN_SESSION_ID;
  const routes: [string, string, unknown][] = [
    ['POST', '/api/simulations/sessions', { title: 'x', scenario: 'skin-incision' }],
    ['GET', '/api/simulations/sessions/active', undefined],
    ['GET', '/api/simulations/sessions/mine', undefined],
    ['POST', '/api/simulations/sessions/join/ABCD2345', { role: 'observer' }],
    ['GET', '/api/simulations/sessions/link/ABCD2345', undefined],
    ['GET', `/api/simulations/sessions/${sessionId}`, undefined],
    ['GET', `/api/simulations/sessions/${sessionId}/events`, undefined],
    ['PATCH', `/api/simulations/sessions/${sessionId}/participants/u1`, { role: 'observer' }],
    ['DELETE', `/api/simulations/sessions/${sessionId}/participants/u1`, undefined],
    ['POST', `/api/simulations/sessions/${sessionId}/rotate`, undefined],
    ['POST', `/api/simulations/sessions/${sessionId}/end`, undefined],
  ];
  const cases = routes.flatMap(([method, path, body]) => [
    { method, path, body, authorization: undefined },
    { method, path, body, authorization: 'Bearer garbage.token.here' },
  ]);

  it.each(cases)('$method $path with authorization $authorization → 401', async (c) => {
    const headers: Record<string, string> = {};
    if (c.body !== undefined) headers['content-type'] = 'application/json';
    if (c.authorization) headers.authorization = c.authorization;
    const res = await fx.api().raw(c.method, c.path, {
      headers,
      body: c.body === undefined ? undefined : JSON.stringify(c.body),
    });
    expectError(res, 401, 'UNAUTHENTICATED');
  });
});
