import { describe, expect, it } from 'vitest';
import { ScrubinError, formatShareCode, type ErrorCode } from '@scrubin/protocol';
import { createScrubinClient } from '@scrubin/sdk';
import { PASSWORD, uniqueTag, useServer } from './helpers.js';

const fx = useServer();

/** Awaits a promise that must reject with a ScrubinError of `code`. */
async function expectScrubinError(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<ScrubinError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but it succeeded`);
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ScrubinError);
  expect((error as ScrubinError).code).toBe(code);
  return error as ScrubinError;
}

describe('auth', () => {
  it('register and login keep the token and the user; me reads them back', async () => {
    const email = `${uniqueTag('ada')}@Example.org`;
    const first = fx.client();
    const registered = await first.register({ email, password: PASSWORD, name: 'Ada' });
    expect(registered.user.email).toBe(email.toLowerCase());
    expect(first.token).toBe(registered.token);
    expect(first.user?.id).toBe(registered.user.id);

    const second = fx.client();
    expect(second.token).toBeUndefined();
    const loggedIn = await second.login({ email: email.toLowerCase(), password: PASSWORD });
    expect(second.token).toBe(loggedIn.token);
    expect(await second.me()).toMatchObject({ id: registered.user.id, name: 'Ada' });

    const byToken = fx.client({ token: loggedIn.token });
    expect((await byToken.me()).id).toBe(registered.user.id);
  });

  it('throws ScrubinError for expected failures', async () => {
    const email = `${uniqueTag('bob')}@example.org`;
    const client = fx.client();
    await client.register({ email, password: PASSWORD, name: 'Bob' });
    const taken = await expectScrubinError(
      fx.client().register({ email, password: PASSWORD, name: 'Bob again' }),
      'EMAIL_TAKEN',
    );
    expect(taken.status).toBe(409);
    await expectScrubinError(
      fx.client().login({ email, password: 'wrong password' }),
      'UNAUTHENTICATED',
    );
    await expectScrubinError(
      fx.client().register({ email: 'not-an-email', password: 'short', name: '' }),
      'VALIDATION_FAILED',
    );
    await expectScrubinError(fx.client().me(), 'UNAUTHENTICATED');
    await expectScrubinError(fx.client({ token: 'garbage' }).mySessions(), 'UNAUTHENTICATED');
  });

  it('`api` returns failures as values and sends the bearer token', async () => {
    const client = await fx.user('Val');
    const ok = await client.api.GET('/api/auth/me');
    expect(ok.data?.user.id).toBe(client.user?.id);
    const failed = await fx.client().api.POST('/api/auth/login', {
      body: { email: 'nobody@example.org', password: 'nope' },
    });
    expect(failed.data).toBeUndefined();
    expect(failed.response.status).toBe(401);
    expect(failed.error?.error.code).toBe('UNAUTHENTICATED');
  });

  it('calls the injected fetch', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const client = fx.client({
      fetch: (request) => {
        seen.push({ url: request.url, authorization: request.headers.get('authorization') });
        return fetch(request);
      },
    });
    await client.register({ email: `${uniqueTag()}@example.org`, password: PASSWORD, name: 'F' });
    await client.me();
    expect(seen).toEqual([
      { url: `${fx.url}/api/auth/register`, authorization: null },
      { url: `${fx.url}/api/auth/me`, authorization: `Bearer ${client.token}` },
    ]);
  });

  it('reports an unreachable server as UNAVAILABLE', async () => {
    const client = createScrubinClient({ baseUrl: 'http://127.0.0.1:9' });
    await expectScrubinError(client.health(), 'UNAVAILABLE');
  });
});

describe('sessions', () => {
  it('creates a session and lets others join by code, by link token and by pasted URL', async () => {
    const host = await fx.user('Host');
    const title = `Suturing ${uniqueTag()}`;
    const created = await host.createSession({ title, scenario: 'interrupted-suture' });
    const { session } = created;
    expect(session).toMatchObject({ title, status: 'idle', participantCount: 1 });
    expect(created.shareableLink).toContain(`/surgery-simulation?link=${session.uniqueLink}`);

    const inputs = [
      formatShareCode(session.shareableCode).toLowerCase(),
      session.uniqueLink,
      `  ${created.shareableLink}  `,
    ];
    for (const [i, input] of inputs.entries()) {
      const guest = await fx.user(`Guest ${i}`);
      const joined = await guest.joinSession(input, { role: i === 0 ? 'observer' : undefined });
      expect(joined.session.sessionId).toBe(session.sessionId);
      expect(joined.participant).toMatchObject({
        userId: guest.user?.id,
        role: i === 0 ? 'observer' : 'assistant',
        leftAt: null,
      });
      // Joining again gives the same seat back.
      expect((await guest.joinSession(input)).session.participantCount).toBe(i + 2);
    }

    const preview = await host.previewSession(created.shareableLink);
    expect(preview).toMatchObject({ sessionId: session.sessionId, participantCount: 4 });
    const details = await host.getSession(session.sessionId);
    expect(details.collaborativeData.participants).toHaveLength(4);
    const mine = await host.mySessions({ status: 'idle' });
    expect(mine.sessions.map((s) => s.sessionId)).toContain(session.sessionId);
    const active = await host.listActiveSessions({ q: title.toUpperCase() });
    expect(active.sessions.map((s) => s.sessionId)).toEqual([session.sessionId]);
    expect(active.sessions[0]?.shareableCode).toBe(session.shareableCode);

    await expectScrubinError(host.joinSession('ZZZZ-ZZZZ'), 'SESSION_NOT_FOUND');
    await expectScrubinError(host.previewSession('ZZZZZZZZ'), 'SESSION_NOT_FOUND');
    const outsider = await fx.user('Outsider');
    await expectScrubinError(outsider.getSession(session.sessionId), 'FORBIDDEN');
  });

  it('runs the host actions: roles, removal, rotation, end', async () => {
    const host = await fx.user('Host');
    const { session } = await host.createSession({
      title: 'Host actions',
      scenario: 'skin-incision',
    });
    const [a, b] = [await fx.user('A'), await fx.user('B')];
    await a.joinSession(session.shareableCode);
    await b.joinSession(session.shareableCode);
    const aId = a.user!.id;
    const bId = b.user!.id;

    expect(await host.changeRole(session.sessionId, aId, 'observer')).toMatchObject({
      userId: aId,
      role: 'observer',
    });
    await expectScrubinError(a.changeRole(session.sessionId, bId, 'observer'), 'FORBIDDEN');

    await host.removeParticipant(session.sessionId, bId);
    await expectScrubinError(b.joinSession(session.shareableCode), 'FORBIDDEN');

    const rotated = await host.rotate(session.sessionId);
    expect(rotated.shareableCode).not.toBe(session.shareableCode);
    const c = await fx.user('C');
    await expectScrubinError(c.joinSession(session.shareableCode), 'SESSION_NOT_FOUND');
    await expectScrubinError(c.joinSession(session.uniqueLink), 'SESSION_NOT_FOUND');
    await c.joinSession(rotated.shareableLink);

    const ended = await host.endSession(session.sessionId);
    expect(ended.status).toBe('completed');
    await expectScrubinError(host.endSession(session.sessionId), 'SESSION_ENDED');
    await expectScrubinError(
      fx.user('D').then((d) => d.joinSession(rotated.shareableCode)),
      'SESSION_ENDED',
    );
  });

  it('exportEvents pages through the whole log in seq order', async () => {
    const host = await fx.user('Host');
    const { session } = await host.createSession({ title: 'Export', scenario: 'skin-incision' });
    const guests = [];
    for (let i = 0; i < 4; i++) {
      const guest = await fx.user(`G${i}`);
      await guest.joinSession(session.uniqueLink);
      guests.push(guest);
    }
    // Role changes are sequenced events caused over REST.
    for (const guest of guests)
      await host.changeRole(session.sessionId, guest.user!.id, 'observer');
    for (const guest of guests)
      await host.changeRole(session.sessionId, guest.user!.id, 'assistant');

    const all = await host.exportEvents(session.sessionId);
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(await host.exportEvents(session.sessionId, { pageSize: 3 })).toEqual(all);
    expect(await host.exportEvents(session.sessionId, { afterSeq: 5, pageSize: 2 })).toEqual(
      all.slice(5),
    );
    const page = await host.exportEventsPage(session.sessionId, { afterSeq: 0, limit: 3 });
    expect(page).toMatchObject({ hasMore: true, lastSeq: all.length });
    expect(page.events).toEqual(all.slice(0, 3));
  });

  it('reads the catalogue and health without a token', async () => {
    const client = fx.client();
    const scenarios = await client.scenarios();
    expect(scenarios.map((s) => s.id)).toEqual(
      expect.arrayContaining(['skin-incision', 'interrupted-suture', 'cardiac-surgery']),
    );
    expect(await client.health()).toMatchObject({ status: 'ok', database: 'up' });
  });
});
