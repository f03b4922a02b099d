import { describe, expect, it } from 'vitest';
import {
  ISO_DATE,
  LINK_TOKEN,
  PUBLIC_URL,
  SHARE_CODE,
  emitAck,
  expectAckError,
  expectError,
  expectOk,
  expectSequencedFields,
  expectStatus,
  getSession,
  joinSession,
  nextEvent,
  ping,
  useServer,
  type Room,
} from './helpers.js';

const fx = useServer();

const participantPath = (room: Room, userId: string) => ({
  path: { sessionId: room.sessionId, userId },
});
const changeRole = (token: string, room: Room, userId: string, role: unknown) =>
  fx.api(token).patch('/api/simulations/sessions/{sessionId}/participants/{userId}', {
    ...participantPath(room, userId),
    body: { role },
  });
const remove = (token: string, room: Room, userId: string) =>
  fx
    .api(token)
    .delete(
      '/api/simulations/sessions/{sessionId}/participants/{userId}',
      participantPath(room, userId),
    );
const rotate = (token: string, sessionId: string) =>
  fx.api(token).post('/api/simulations/sessions/{sessionId}/rotate', { path: { sessionId } });
const end = (token: string, sessionId: string) =>
  fx.api(token).post('/api/simulations/sessions/{sessionId}/end', { path: { sessionId } });

describe('PATCH participants/{userId} (change role)', () => {
  it('lets the host change a role and broadcasts participant-updated', async () => {
    const room = await fx.room({ guests: ['assistant', 'observer'] });
    const [assistant, observer] = room.guests as [Room['host'], Room['host']];

    const res = await changeRole(room.host.token, room, assistant.user.id, 'observer');
    expect(expectStatus(res, 200).participant).toEqual({
      userId: assistant.user.id,
      name: assistant.user.name,
      role: 'observer',
      joinedAt: expect.stringMatching(ISO_DATE),
      leftAt: null,
    });

    for (const m of room.members) {
      const event = await m.inbox.waitFor(
        'surgery:participant-updated',
        (e) => e.userId === assistant.user.id,
      );
      expect(event).toMatchObject({ role: 'observer' });
      expectSequencedFields(event, { sessionId: room.sessionId, userId: assistant.user.id });
    }
    expect(room.host.inbox.of('surgery:participant-updated').map((e) => e.seq)).toEqual(
      observer.inbox.of('surgery:participant-updated').map((e) => e.seq),
    );

    // The new role is in force: an observer may not use instruments.
    expectAckError(
      await emitAck(assistant.socket, 'surgery:tool-select', { tool: 'scalpel' }),
      'FORBIDDEN',
    );
    const details = await getSession(fx.url, room.host.token, room.sessionId);
    expect(details.collaborativeData.participants).toContainEqual(
      expect.objectContaining({ userId: assistant.user.id, role: 'observer', leftAt: null }),
    );

    // And back: an observer promoted to assistant may.
    expectStatus(await changeRole(room.host.token, room, assistant.user.id, 'assistant'), 200);
    expectOk(await emitAck(assistant.socket, 'surgery:tool-select', { tool: 'scalpel' }));
  });

  it('refuses a non-host with 403 and the host changing their own role with 403', async () => {
    const room = await fx.room({ guests: ['assistant', 'observer'] });
    const [assistant, observer] = room.guests as [Room['host'], Room['host']];
    expectError(
      await changeRole(assistant.token, room, observer.user.id, 'assistant'),
      403,
      'FORBIDDEN',
    );
    expectError(
      await changeRole(assistant.token, room, assistant.user.id, 'surgeon'),
      403,
      'FORBIDDEN',
    );
    expectError(
      await changeRole(room.host.token, room, room.host.user.id, 'observer'),
      403,
      'FORBIDDEN',
    );
    const details = await getSession(fx.url, room.host.token, room.sessionId);
    expect(details.collaborativeData.participants.map((p) => p.role)).toEqual([
      'surgeon',
      'assistant',
      'observer',
    ]);
  });

  it('answers 404 NOT_FOUND for users without an open seat', async () => {
    const room = await fx.room({ guests: ['assistant'] });
    const stranger = await fx.register();
    const leaver = room.guests[0]!;
    expectOk(await emitAck(leaver.socket, 'surgery:leave-session', {}));
    for (const userId of ['no-such-user', stranger.user.id, leaver.user.id]) {
      expectError(await changeRole(room.host.token, room, userId, 'observer'), 404, 'NOT_FOUND');
    }
  });

  it.each([['chief'], [''], [42]])('refuses the role %j with 400', async (role) => {
    const room = await fx.room({ guests: ['assistant'] });
    expectError(
      await changeRole(room.host.token, room, room.guests[0]!.user.id, role),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('answers 410 SESSION_ENDED once the session is completed', async () => {
    const room = await fx.room({ guests: ['assistant'] });
    expectStatus(await end(room.host.token, room.sessionId), 200);
    expectError(
      await changeRole(room.host.token, room, room.guests[0]!.user.id, 'observer'),
      410,
      'SESSION_ENDED',
    );
  });
});

describe('DELETE participants/{userId} (remove)', () => {
  it('removes a participant: 204, their socket is told FORBIDDEN, the room sees removed', async () => {
    const room = await fx.room({ guests: ['assistant', 'observer'] });
    const [victim, observer] = room.guests as [Room['host'], Room['host']];
    const told = nextEvent(victim.socket, 'surgery:error');

    const res = await remove(room.host.token, room, victim.user.id);
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');

    expect(await told).toMatchObject({ code: 'FORBIDDEN', message: expect.any(String) });
    for (const m of [room.host, observer]) {
      const left = await m.inbox.waitFor(
        'surgery:participant-left',
        (e) => e.userId === victim.user.id,
      );
      expect(left).toMatchObject({ reason: 'removed' });
      expectSequencedFields(left, { sessionId: room.sessionId, userId: victim.user.id });
    }

    // Out of the room: their events are refused and they no longer receive the room's.
    expectAckError(
      await emitAck(victim.socket, 'surgery:chat-message', { text: 'still here?' }),
      'FORBIDDEN',
    );
    expectOk(await emitAck(observer.socket, 'surgery:chat-message', { text: 'after removal' }));
    await ping(victim.socket);
    expect(victim.inbox.of('surgery:chat-message')).toEqual([]);

    const details = await getSession(fx.url, room.host.token, room.sessionId);
    expect(details.participantCount).toBe(2);
    expect(details.collaborativeData.participants).toContainEqual(
      expect.objectContaining({ userId: victim.user.id, leftAt: expect.stringMatching(ISO_DATE) }),
    );

    // Barred from coming back, by REST and by socket.
    for (const identifier of [
      room.created.session.uniqueLink,
      room.created.session.shareableCode,
    ]) {
      const again = await fx.api(victim.token).post('/api/simulations/sessions/join/{identifier}', {
        path: { identifier },
      });
      expectError(again, 403, 'FORBIDDEN');
    }
    expectAckError(
      await emitAck(victim.socket, 'surgery:join-session', { sessionId: room.sessionId }),
      'FORBIDDEN',
    );
  });

  it('refuses removing oneself and removal by a non-host with 403', async () => {
    const room = await fx.room({ guests: ['assistant', 'observer'] });
    const [assistant, observer] = room.guests as [Room['host'], Room['host']];
    expectError(await remove(room.host.token, room, room.host.user.id), 403, 'FORBIDDEN');
    expectError(await remove(assistant.token, room, observer.user.id), 403, 'FORBIDDEN');
    expectError(await remove(assistant.token, room, room.host.user.id), 403, 'FORBIDDEN');
    expect((await getSession(fx.url, room.host.token, room.sessionId)).participantCount).toBe(3);
  });

  it('answers 404 NOT_FOUND for users without an open seat and 410 after the end', async () => {
    const room = await fx.room({ guests: ['assistant'] });
    const stranger = await fx.register();
    expectError(await remove(room.host.token, room, stranger.user.id), 404, 'NOT_FOUND');
    expectError(await remove(room.host.token, room, 'no-such-user'), 404, 'NOT_FOUND');
    expectStatus(await end(room.host.token, room.sessionId), 200);
    expectError(await remove(room.host.token, room, room.guests[0]!.user.id), 410, 'SESSION_ENDED');
  });
});

describe('POST rotate', () => {
  it('replaces the link and code: the old ones give 404, the new ones work', async () => {
    const host = await fx.register();
    const guest = await fx.register();
    const { session } = await fx.createSession(host.token);

    const fresh = expectStatus(await rotate(host.token, session.sessionId), 200);
    expect(fresh).toEqual({
      uniqueLink: expect.stringMatching(LINK_TOKEN),
      shareableCode: expect.stringMatching(SHARE_CODE),
      shareableLink: `${PUBLIC_URL}/surgery-simulation?link=${fresh.uniqueLink}`,
    });
    expect(fresh.uniqueLink).not.toBe(session.uniqueLink);
    expect(fresh.shareableCode).not.toBe(session.shareableCode);

    const preview = (identifier: string) =>
      fx.api(guest.token).get('/api/simulations/sessions/link/{identifier}', {
        path: { identifier },
      });
    const join = (identifier: string) =>
      fx.api(guest.token).post('/api/simulations/sessions/join/{identifier}', {
        path: { identifier },
      });
    for (const old of [session.uniqueLink, session.shareableCode]) {
      expectError(await preview(old), 404, 'SESSION_NOT_FOUND');
      expectError(await join(old), 404, 'SESSION_NOT_FOUND');
    }
    expect(expectStatus(await preview(fresh.uniqueLink), 200).session.sessionId).toBe(
      session.sessionId,
    );
    expect(expectStatus(await preview(fresh.shareableCode), 200).session.shareableCode).toBe(
      fresh.shareableCode,
    );
    const joined = expectStatus(await join(fresh.shareableCode.toLowerCase()), 200);
    expect(joined.session).toMatchObject({
      sessionId: session.sessionId,
      uniqueLink: fresh.uniqueLink,
      shareableCode: fresh.shareableCode,
      shareableLink: fresh.shareableLink,
    });
  });

  it('is for the host only (403) and not after the end (410)', async () => {
    const host = await fx.register();
    const guest = await fx.register();
    const { session } = await fx.createSession(host.token);
    await joinSession(fx.url, guest.token, session.shareableCode);
    expectError(await rotate(guest.token, session.sessionId), 403, 'FORBIDDEN');
    expectStatus(await end(host.token, session.sessionId), 200);
    expectError(await rotate(host.token, session.sessionId), 410, 'SESSION_ENDED');
  });
});

describe('POST end', () => {
  it('completes the session, closes every seat and tells the room', async () => {
    const room = await fx.room({ guests: ['assistant', 'observer'], start: true });
    const res = await end(room.host.token, room.sessionId);
    const session = expectStatus(res, 200).session;
    expect(session).toMatchObject({
      status: 'completed',
      participantCount: 0,
      endedAt: expect.stringMatching(ISO_DATE),
    });
    expect(session.collaborativeData.participants).toHaveLength(3);
    for (const p of session.collaborativeData.participants) {
      expect(p.leftAt).toEqual(expect.stringMatching(ISO_DATE));
    }

    for (const m of room.members) {
      const state = await m.inbox.waitFor('surgery:simulation-state', (e) => e.action === 'end');
      expect(state).toMatchObject({ status: 'completed', action: 'end' });
      expectSequencedFields(state, { sessionId: room.sessionId, userId: room.host.user.id });
    }

    const late = await fx.register();
    const join = await fx.api(late.token).post('/api/simulations/sessions/join/{identifier}', {
      path: { identifier: room.created.session.shareableCode },
    });
    expectError(join, 410, 'SESSION_ENDED');
    expectError(await end(room.host.token, room.sessionId), 410, 'SESSION_ENDED');
    expectAckError(
      await emitAck(room.guests[0]!.socket, 'surgery:chat-message', { text: 'hello?' }),
      'SESSION_ENDED',
    );
    // Participants can still read the result.
    const details = await getSession(fx.url, room.guests[1]!.token, room.sessionId);
    expect(details.status).toBe('completed');
  });

  it('is for the host only (403)', async () => {
    const room = await fx.room({ guests: ['assistant'] });
    expectError(await end(room.guests[0]!.token, room.sessionId), 403, 'FORBIDDEN');
    expect((await getSession(fx.url, room.host.token, room.sessionId)).status).toBe('idle');
  });
});
