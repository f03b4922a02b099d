import { describe, expect, it } from 'vitest';
import { formatShareCode } from '@scrubin/protocol';
import {
  ISO_DATE,
  LINK_TOKEN,
  PUBLIC_URL,
  SESSION_ID,
  SHARE_CODE,
  UNKNOWN_SESSION_ID,
  emitAck,
  expectError,
  expectGapless,
  expectOk,
  expectStatus,
  exportAll,
  getSession,
  joinSession,
  randomCode,
  randomLink,
  uniqueTag,
  useServer,
  type Account,
  type SessionSummary,
} from './helpers.js';

const fx = useServer();

async function endSession(token: string, sessionId: string) {
  const res = await fx
    .api(token)
    .post('/api/simulations/sessions/{sessionId}/end', { path: { sessionId } });
  return expectStatus(res, 200).session;
}

async function listActive(token: string, query: Record<string, string | number | undefined>) {
  const res = await fx.api(token).get('/api/simulations/sessions/active', { query });
  return expectStatus(res, 200);
}

describe('POST /api/simulations/sessions (create)', () => {
  it('answers 201 with the creator as host and first participant (surgeon)', async () => {
    const host = await fx.register('Dr Create');
    const res = await fx.api(host.token).post('/api/simulations/sessions', {
      body: { title: 'Appendectomy practice', scenario: 'interrupted-suture' },
    });
    const { session, shareableLink } = expectStatus(res, 201);
    expect(session).toMatchObject({
      sessionId: expect.stringMatching(SESSION_ID),
      uniqueLink: expect.stringMatching(LINK_TOKEN),
      shareableCode: expect.stringMatching(SHARE_CODE),
      title: 'Appendectomy practice',
      description: '',
      scenario: 'interrupted-suture',
      creatorId: host.user.id,
      hostName: 'Dr Create',
      maxParticipants: 6,
      participantCount: 1,
      inviteOnly: false,
      status: 'idle',
      collaborativeData: {
        participants: [
          {
            userId: host.user.id,
            name: 'Dr Create',
            role: 'surgeon',
            joinedAt: expect.stringMatching(ISO_DATE),
            leftAt: null,
          },
        ],
        totalMessages: 0,
        voiceTime: 0,
      },
      startedAt: null,
      endedAt: null,
      createdAt: expect.stringMatching(ISO_DATE),
      updatedAt: expect.stringMatching(ISO_DATE),
    });
    expect(shareableLink).toBe(`${PUBLIC_URL}/surgery-simulation?link=${session.uniqueLink}`);
    expect(session.shareableLink).toBe(shareableLink);
    // The creator can read it back.
    expect(await getSession(fx.url, host.token, session.sessionId)).toMatchObject({
      sessionId: session.sessionId,
      participantCount: 1,
    });
  });

  it('keeps the explicit description, capacity and invite-only flag', async () => {
    const host = await fx.register();
    const { session } = await fx.createSession(host.token, {
      description: 'Close a 4 cm laceration.',
      maxParticipants: 16,
      inviteOnly: true,
      scenario: 'cardiac-surgery',
    });
    expect(session).toMatchObject({
      description: 'Close a 4 cm laceration.',
      maxParticipants: 16,
      inviteOnly: true,
      scenario: 'cardiac-surgery',
    });
  });

  it('gives every session its own id, link and code', async () => {
    const host = await fx.register();
    const sessions = await Promise.all(
      Array.from({ length: 8 }, () => fx.createSession(host.token)),
    );
    for (const key of ['sessionId', 'uniqueLink', 'shareableCode'] as const) {
      expect(new Set(sessions.map((s) => s.session[key])).size).toBe(8);
    }
  });

  const valid = { title: 'Valid', scenario: 'skin-incision' };
  it.each<[string, unknown]>([
    ['a missing title', { scenario: 'skin-incision' }],
    ['an empty title', { ...valid, title: '' }],
    ['a 121-character title', { ...valid, title: 't'.repeat(121) }],
    ['a missing scenario', { title: 'x' }],
    ['an unknown scenario', { ...valid, scenario: 'brain-surgery' }],
    ['a 2001-character description', { ...valid, description: 'd'.repeat(2001) }],
    ['maxParticipants 0', { ...valid, maxParticipants: 0 }],
    ['maxParticipants 17', { ...valid, maxParticipants: 17 }],
    ['a fractional maxParticipants', { ...valid, maxParticipants: 2.5 }],
    ['a string inviteOnly', { ...valid, inviteOnly: 'yes' }],
    ['an unknown field', { ...valid, hostId: 'someone' }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, body) => {
    const host = await fx.register();
    const res = await fx.api(host.token).post('/api/simulations/sessions', { body });
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describe('GET /api/simulations/sessions/active', () => {
  it('lists public sessions with their code and never invite-only ones', async () => {
    const host = await fx.register('Dr Public');
    const viewer = await fx.register();
    const tag = uniqueTag();
    const pub = await fx.createSession(host.token, {
      title: `Public ${tag}`,
      scenario: 'skin-incision',
    });
    const priv = await fx.createSession(host.token, { title: `Private ${tag}`, inviteOnly: true });

    const page = await listActive(viewer.token, { q: tag });
    expect(page).toMatchObject({ total: 1, page: 1, limit: 20 });
    expect(page.sessions).toHaveLength(1);
    const summary = page.sessions[0]!;
    expect(summary).toEqual({
      sessionId: pub.session.sessionId,
      title: `Public ${tag}`,
      description: '',
      scenario: 'skin-incision',
      hostName: 'Dr Public',
      maxParticipants: 6,
      participantCount: 1,
      inviteOnly: false,
      status: 'idle',
      shareableCode: pub.session.shareableCode,
      createdAt: pub.session.createdAt,
    });
    // A summary is not the details: no link token, no history.
    expect(summary).not.toHaveProperty('uniqueLink');
    expect(summary).not.toHaveProperty('collaborativeData');

    // Not on any page of the unfiltered list either.
    const ids: string[] = [];
    for (let p = 1; ; p++) {
      const all = await listActive(viewer.token, { page: p, limit: 100 });
      ids.push(...all.sessions.map((s) => s.sessionId));
      if (all.sessions.length < 100) break;
    }
    expect(ids).toContain(pub.session.sessionId);
    expect(ids).not.toContain(priv.session.sessionId);
  });

  it('filters by title text, case-insensitively and as a substring', async () => {
    const host = await fx.register();
    const tag = uniqueTag();
    const hit = await fx.createSession(host.token, { title: `Alpha ${tag} Bravo` });
    await fx.createSession(host.token, { title: `Unrelated ${uniqueTag()}` });
    const needle = tag.slice(2, -2).toUpperCase();
    const page = await listActive(host.token, { q: needle });
    expect(page.sessions.map((s) => s.sessionId)).toEqual([hit.session.sessionId]);
    expect(page.total).toBe(1);
  });

  it('reads a q with spaces, percent-encoded or form-encoded (URLSearchParams sends +)', async () => {
    const host = await fx.register();
    const tag = uniqueTag();
    const hit = await fx.createSession(host.token, { title: `Alpha ${tag} Bravo` });
    const percent = await listActive(host.token, { q: `${tag} bravo` });
    expect(percent.sessions.map((s) => s.sessionId)).toEqual([hit.session.sessionId]);
    const form = new URLSearchParams({ q: `alpha ${tag}` });
    expect(form.toString()).toContain('+');
    const res = await fx.api(host.token).raw('GET', `/api/simulations/sessions/active?${form}`);
    expect(res.status, res.text).toBe(200);
    expect((res.data as { sessions: SessionSummary[] }).sessions.map((s) => s.sessionId)).toEqual([
      hit.session.sessionId,
    ]);
  });

  it('filters by scenario', async () => {
    const host = await fx.register();
    const tag = uniqueTag();
    await fx.createSession(host.token, { title: `Skin ${tag}`, scenario: 'skin-incision' });
    const cardiac = await fx.createSession(host.token, {
      title: `Heart ${tag}`,
      scenario: 'cardiac-surgery',
    });
    const page = await listActive(host.token, { q: tag, scenario: 'cardiac-surgery' });
    expect(page.sessions.map((s) => s.sessionId)).toEqual([cardiac.session.sessionId]);
    expect(page.sessions[0]!.scenario).toBe('cardiac-surgery');
  });

  it('pages newest first', async () => {
    const host = await fx.register();
    const tag = uniqueTag();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        (await fx.createSession(host.token, { title: `Page ${i} ${tag}` })).session.sessionId,
      );
    }
    const pages: SessionSummary[][] = [];
    for (const p of [1, 2, 3, 4]) {
      const page = await listActive(host.token, { q: tag, page: p, limit: 2 });
      expect(page).toMatchObject({ total: 5, page: p, limit: 2 });
      pages.push(page.sessions);
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1, 0]);
    const listed = pages.flat();
    expect(listed.map((s) => s.sessionId)).toEqual([...created].reverse());
    const times = listed.map((s) => Date.parse(s.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('leaves out completed and full sessions', async () => {
    const host = await fx.register();
    const guest = await fx.register();
    const tag = uniqueTag();
    const open = await fx.createSession(host.token, { title: `Open ${tag}` });
    const ended = await fx.createSession(host.token, { title: `Ended ${tag}` });
    await endSession(host.token, ended.session.sessionId);
    await fx.createSession(host.token, { title: `Solo ${tag}`, maxParticipants: 1 });
    const pair = await fx.createSession(host.token, { title: `Pair ${tag}`, maxParticipants: 2 });
    expect(
      (await listActive(host.token, { q: tag })).sessions.map((s) => s.sessionId).sort(),
    ).toEqual([open.session.sessionId, pair.session.sessionId].sort());
    await joinSession(fx.url, guest.token, pair.session.shareableCode);
    const page = await listActive(host.token, { q: tag });
    expect(page.sessions.map((s) => s.sessionId)).toEqual([open.session.sessionId]);
    expect(page.total).toBe(1);
  });

  it.each<[string, Record<string, string | number>]>([
    ['limit 0', { limit: 0 }],
    ['limit 101', { limit: 101 }],
    ['page 0', { page: 0 }],
    ['a non-numeric page', { page: 'two' }],
    ['an unknown scenario', { scenario: 'brain-surgery' }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, query) => {
    const user = await fx.register();
    const res = await fx.api(user.token).get('/api/simulations/sessions/active', { query });
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describe('GET /api/simulations/sessions/link/{identifier} (preview)', () => {
  const forms: [string, (link: string, code: string) => string][] = [
    ['the link token', (link) => link],
    ['the code', (_, code) => code],
    ['the lower-case code', (_, code) => code.toLowerCase()],
    ['the lower-case code with a dash', (_, code) => formatShareCode(code).toLowerCase()],
    ['the upper-case code with a dash', (_, code) => formatShareCode(code)],
  ];

  it.each(forms)('finds a public session by %s', async (_, identifier) => {
    const host = await fx.register('Dr Preview');
    const viewer = await fx.register();
    const { session } = await fx.createSession(host.token, { title: 'Preview me' });
    const res = await fx.api(viewer.token).get('/api/simulations/sessions/link/{identifier}', {
      path: { identifier: identifier(session.uniqueLink, session.shareableCode) },
    });
    expect(expectStatus(res, 200).session).toEqual({
      sessionId: session.sessionId,
      title: 'Preview me',
      description: '',
      scenario: 'skin-incision',
      hostName: 'Dr Preview',
      maxParticipants: 6,
      participantCount: 1,
      inviteOnly: false,
      status: 'idle',
      shareableCode: session.shareableCode,
      createdAt: session.createdAt,
    });
  });

  it('previews an invite-only session by its link, without a share code', async () => {
    const host = await fx.register();
    const viewer = await fx.register();
    const { session } = await fx.createSession(host.token, { inviteOnly: true });
    const res = await fx.api(viewer.token).get('/api/simulations/sessions/link/{identifier}', {
      path: { identifier: session.uniqueLink },
    });
    const summary = expectStatus(res, 200).session;
    expect(summary).toMatchObject({ sessionId: session.sessionId, inviteOnly: true });
    expect(summary).not.toHaveProperty('shareableCode');
  });

  it.each([
    ['an unknown link token', () => randomLink()],
    ['an unknown code', () => randomCode()],
    ['an unknown dashed code', () => formatShareCode(randomCode()).toLowerCase()],
  ])('answers %s with 404 SESSION_NOT_FOUND', async (_, identifier) => {
    const viewer = await fx.register();
    const res = await fx.api(viewer.token).get('/api/simulations/sessions/link/{identifier}', {
      path: { identifier: identifier() },
    });
    expectError(res, 404, 'SESSION_NOT_FOUND');
  });
});

describe('POST /api/simulations/sessions/join/{identifier}', () => {
  const forms: [string, (link: string, code: string) => string][] = [
    ['the link token', (link) => link],
    ['the code', (_, code) => code],
    ['the lower-case code', (_, code) => code.toLowerCase()],
    ['the lower-case code with a dash', (_, code) => formatShareCode(code).toLowerCase()],
  ];

  it.each(forms)('joins by %s as an assistant by default', async (_, identifier) => {
    const host = await fx.register();
    const guest = await fx.register('Dr Guest');
    const { session } = await fx.createSession(host.token);
    const res = await fx.api(guest.token).post('/api/simulations/sessions/join/{identifier}', {
      path: { identifier: identifier(session.uniqueLink, session.shareableCode) },
    });
    const body = expectStatus(res, 200);
    expect(body.participant).toEqual({
      userId: guest.user.id,
      name: 'Dr Guest',
      role: 'assistant',
      joinedAt: expect.stringMatching(ISO_DATE),
      leftAt: null,
    });
    expect(body.session).toMatchObject({ sessionId: session.sessionId, participantCount: 2 });
    expect(body.session.collaborativeData.participants).toContainEqual(body.participant);
  });

  it('joins with the requested observer role', async () => {
    const host = await fx.register();
    const guest = await fx.register();
    const { session } = await fx.createSession(host.token);
    const body = await joinSession(fx.url, guest.token, session.uniqueLink, 'observer');
    expect(body.participant.role).toBe('observer');
  });

  it.each<[string, unknown]>([
    ['the surgeon role', { role: 'surgeon' }],
    ['an unknown role', { role: 'chief' }],
    ['an unknown field', { role: 'observer', seat: 1 }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, body) => {
    const host = await fx.register();
    const guest = await fx.register();
    const { session } = await fx.createSession(host.token);
    const res = await fx.api(guest.token).post('/api/simulations/sessions/join/{identifier}', {
      path: { identifier: session.uniqueLink },
      body,
    });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['an unknown link token', () => randomLink()],
    ['an unknown code', () => randomCode()],
  ])('answers %s with 404 SESSION_NOT_FOUND', async (_, identifier) => {
    const guest = await fx.register();
    const res = await fx.api(guest.token).post('/api/simulations/sessions/join/{identifier}', {
      path: { identifier: identifier() },
    });
    expectError(res, 404, 'SESSION_NOT_FOUND');
  });

  it('answers an ended session with 410 SESSION_ENDED', async () => {
    const host = await fx.register();
    const guest = await fx.register();
    const { session } = await fx.createSession(host.token);
    await endSession(host.token, session.sessionId);
    for (const identifier of [session.uniqueLink, session.shareableCode]) {
      const res = await fx.api(guest.token).post('/api/simulations/sessions/join/{identifier}', {
        path: { identifier },
      });
      expectError(res, 410, 'SESSION_ENDED');
    }
  });

  it('answers a full session with 409 SESSION_FULL', async () => {
    const host = await fx.register();
    const [second, third] = [await fx.register(), await fx.register()];
    const { session } = await fx.createSession(host.token, { maxParticipants: 2 });
    await joinSession(fx.url, second.token, session.shareableCode);
    const res = await fx.api(third.token).post('/api/simulations/sessions/join/{identifier}', {
      path: { identifier: session.shareableCode },
    });
    expectError(res, 409, 'SESSION_FULL');
    expect((await getSession(fx.url, host.token, session.sessionId)).participantCount).toBe(2);
  });

  it('gives a user who already holds a seat the same participant and no second seat', async () => {
    const host = await fx.register();
    const guest = await fx.register();
    const { session } = await fx.createSession(host.token, { maxParticipants: 2 });
    const first = await joinSession(fx.url, guest.token, session.shareableCode, 'observer');
    // Again, by the other identifier and asking another role: still the same seat, even when full.
    const again = await joinSession(fx.url, guest.token, session.uniqueLink, 'assistant');
    expect(again.participant).toEqual(first.participant);
    expect(again.session.participantCount).toBe(2);
    const details = await getSession(fx.url, host.token, session.sessionId);
    expect(details.participantCount).toBe(2);
    expect(
      details.collaborativeData.participants.filter((p) => p.userId === guest.user.id),
    ).toHaveLength(1);
  });

  it('gives the host rejoining the surgeon seat whatever role is asked', async () => {
    const host = await fx.register();
    const { session } = await fx.createSession(host.token);
    const body = await joinSession(fx.url, host.token, session.shareableCode, 'observer');
    expect(body.participant).toEqual(session.collaborativeData.participants[0]);
    expect(body.participant.role).toBe('surgeon');
    expect(body.session.participantCount).toBe(1);
  });
});

describe('GET /api/simulations/sessions/{sessionId}', () => {
  it('shows a participant the details with the participant history', async () => {
    const host = await fx.register('Dr Host');
    const guest = await fx.register('Dr Guest');
    const { session } = await fx.createSession(host.token);
    await joinSession(fx.url, guest.token, session.uniqueLink, 'observer');
    const details = await getSession(fx.url, guest.token, session.sessionId);
    expect(details).toMatchObject({
      sessionId: session.sessionId,
      uniqueLink: session.uniqueLink,
      shareableCode: session.shareableCode,
      participantCount: 2,
    });
    expect(details.collaborativeData.participants).toEqual([
      expect.objectContaining({ userId: host.user.id, role: 'surgeon', leftAt: null }),
      expect.objectContaining({ userId: guest.user.id, role: 'observer', leftAt: null }),
    ]);
  });

  it('refuses a stranger with 403 FORBIDDEN', async () => {
    const host = await fx.register();
    const stranger = await fx.register();
    const { session } = await fx.createSession(host.token);
    const res = await fx.api(stranger.token).get('/api/simulations/sessions/{sessionId}', {
      path: { sessionId: session.sessionId },
    });
    expectError(res, 403, 'FORBIDDEN');
  });

  it('answers an unknown session with 404 SESSION_NOT_FOUND', async () => {
    const user = await fx.register();
    const res = await fx.api(user.token).get('/api/simulations/sessions/{sessionId}', {
      path: { sessionId: UNKNOWN_SESSION_ID },
    });
    expectError(res, 404, 'SESSION_NOT_FOUND');
  });

  it.each(['abc', 'session_123_abcdef', 'session_1700000000000_ABCDEF', 'session_1700000000000_a'])(
    'answers the malformed id %s with 400 VALIDATION_FAILED',
    async (sessionId) => {
      const user = await fx.register();
      const res = await fx.api(user.token).get('/api/simulations/sessions/{sessionId}', {
        path: { sessionId },
      });
      expectError(res, 400, 'VALIDATION_FAILED');
    },
  );
});

describe('GET /api/simulations/sessions/mine', () => {
  it('lists the sessions the caller created or joined, newest first, with a status filter', async () => {
    const me = await fx.register();
    const other = await fx.register();
    const mineCreated = await fx.createSession(me.token, { title: 'Mine' });
    const joined = await fx.createSession(other.token, { title: 'Theirs, joined' });
    await fx.createSession(other.token, { title: 'Theirs, not joined' });
    await joinSession(fx.url, me.token, joined.session.shareableCode);

    const list = async (query: Record<string, string | number> = {}) => {
      const res = await fx.api(me.token).get('/api/simulations/sessions/mine', { query });
      return expectStatus(res, 200);
    };
    const all = await list();
    expect(all).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect(all.sessions.map((s) => s.sessionId)).toEqual([
      joined.session.sessionId,
      mineCreated.session.sessionId,
    ]);

    await endSession(me.token, mineCreated.session.sessionId);
    const completed = await list({ status: 'completed' });
    expect(completed.sessions.map((s) => s.sessionId)).toEqual([mineCreated.session.sessionId]);
    expect(completed.total).toBe(1);
    const idle = await list({ status: 'idle' });
    expect(idle.sessions.map((s) => s.sessionId)).toEqual([joined.session.sessionId]);

    const second = await list({ page: 2, limit: 1 });
    expect(second).toMatchObject({ total: 2, page: 2, limit: 1 });
    expect(second.sessions.map((s) => s.sessionId)).toEqual([mineCreated.session.sessionId]);
  });

  it('is empty for a new user', async () => {
    const user = await fx.register();
    const res = await fx.api(user.token).get('/api/simulations/sessions/mine');
    expect(expectStatus(res, 200)).toEqual({ sessions: [], total: 0, page: 1, limit: 20 });
  });

  it('refuses an unknown status with 400', async () => {
    const user = await fx.register();
    const res = await fx.api(user.token).get('/api/simulations/sessions/mine', {
      query: { status: 'archived' },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describe('GET /api/simulations/sessions/{sessionId}/events (export)', () => {
  async function sessionWithChat(messages: number): Promise<{ host: Account; sessionId: string }> {
    const host = await fx.register('Dr Export');
    const { session } = await fx.createSession(host.token);
    const socket = await fx.connect(host.token);
    expectOk(await emitAck(socket, 'surgery:join-session', { sessionId: session.sessionId }));
    for (let i = 1; i <= messages; i++) {
      expectOk(await emitAck(socket, 'surgery:chat-message', { text: `message ${i}` }));
    }
    return { host, sessionId: session.sessionId };
  }
  const page = async (token: string, sessionId: string, query: Record<string, number>) => {
    const res = await fx.api(token).get('/api/simulations/sessions/{sessionId}/events', {
      path: { sessionId },
      query,
    });
    return expectStatus(res, 200);
  };

  it('pages the log with afterSeq and limit, reporting lastSeq and hasMore', async () => {
    const { host, sessionId } = await sessionWithChat(7);
    const { events, lastSeq } = await exportAll(fx.url, host.token, sessionId);
    expectGapless(
      events.map((e) => e.seq),
      1,
      lastSeq,
    );
    const chats = events.filter((e) => e.type === 'chat-message');
    expect(chats.map((e) => e.payload)).toEqual(
      Array.from({ length: 7 }, (_, i) => ({ name: 'Dr Export', text: `message ${i + 1}` })),
    );
    for (const e of events) {
      expect(e).toMatchObject({ sessionId, at: expect.stringMatching(ISO_DATE) });
    }
    expect(lastSeq).toBeGreaterThanOrEqual(7);

    const first = await page(host.token, sessionId, { limit: 3 });
    expect(first).toMatchObject({ sessionId, lastSeq, hasMore: true });
    expect(first.events).toEqual(events.slice(0, 3));
    const middle = await page(host.token, sessionId, { afterSeq: 3, limit: 3 });
    expect(middle.events).toEqual(events.slice(3, 6));
    expect(middle.hasMore).toBe(lastSeq > 6);
    const tail = await page(host.token, sessionId, { afterSeq: lastSeq - 1, limit: 3 });
    expect(tail).toEqual({ sessionId, events: events.slice(-1), lastSeq, hasMore: false });
    const exact = await page(host.token, sessionId, { afterSeq: lastSeq - 2, limit: 2 });
    expect(exact).toEqual({ sessionId, events: events.slice(-2), lastSeq, hasMore: false });
    const after = await page(host.token, sessionId, { afterSeq: lastSeq });
    expect(after).toEqual({ sessionId, events: [], lastSeq, hasMore: false });
  });

  it('is for participants only', async () => {
    const { sessionId } = await sessionWithChat(1);
    const stranger = await fx.register();
    const res = await fx.api(stranger.token).get('/api/simulations/sessions/{sessionId}/events', {
      path: { sessionId },
    });
    expectError(res, 403, 'FORBIDDEN');
    const unknown = await fx
      .api(stranger.token)
      .get('/api/simulations/sessions/{sessionId}/events', {
        path: { sessionId: UNKNOWN_SESSION_ID },
      });
    expectError(unknown, 404, 'SESSION_NOT_FOUND');
  });

  it.each<[string, Record<string, number | string>]>([
    ['limit 0', { limit: 0 }],
    ['limit 5001', { limit: 5001 }],
    ['afterSeq -1', { afterSeq: -1 }],
    ['a non-numeric afterSeq', { afterSeq: 'x' }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, query) => {
    const host = await fx.register();
    const { session } = await fx.createSession(host.token);
    const res = await fx.api(host.token).get('/api/simulations/sessions/{sessionId}/events', {
      path: { sessionId: session.sessionId },
      query,
    });
    expectError(res, 400, 'VALIDATION_FAILED');
  });
});
