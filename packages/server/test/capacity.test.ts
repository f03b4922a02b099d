import { describe, expect, it } from 'vitest';
import { expectError, expectStatus, getSession, joinSession, useServer } from './helpers.js';

const fx = useServer();

const joinRaw = (token: string, identifier: string) =>
  fx.api(token).post('/api/simulations/sessions/join/{identifier}', { path: { identifier } });

describe('capacity is enforced atomically', () => {
  it('admits exactly 5 of 20 concurrent joiners into a session of 6 with the host inside', async () => {
    const host = await fx.register('Dr Capacity');
    const { session } = await fx.createSession(host.token, { maxParticipants: 6 });
    const joiners = await Promise.all(
      Array.from({ length: 20 }, (_, i) => fx.register(`Joiner ${i}`)),
    );

    const results = await Promise.all(joiners.map((j) => joinRaw(j.token, session.shareableCode)));

    const admitted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(results.map((r) => r.status).sort()).toEqual([
      ...Array<number>(5).fill(200),
      ...Array<number>(15).fill(409),
    ]);
    for (const r of refused) expectError(r, 409, 'SESSION_FULL');
    for (const r of admitted) {
      const body = expectStatus(r, 200);
      expect(body.participant).toMatchObject({ role: 'assistant', leftAt: null });
      expect(body.session.participantCount).toBeLessThanOrEqual(6);
    }

    const details = await getSession(fx.url, host.token, session.sessionId);
    expect(details.participantCount).toBe(6);
    const open = details.collaborativeData.participants.filter((p) => p.leftAt === null);
    expect(open).toHaveLength(6);
    expect(details.collaborativeData.participants).toHaveLength(6);
    const admittedIds = admitted.map((r) => expectStatus(r, 200).participant.userId);
    expect(new Set(open.map((p) => p.userId))).toEqual(new Set([host.user.id, ...admittedIds]));

    // A full session is not listed, and the next joiner is still refused.
    const late = await fx.register();
    expectError(await joinRaw(late.token, session.uniqueLink), 409, 'SESSION_FULL');
    const active = await fx.api(host.token).get('/api/simulations/sessions/active', {
      query: { q: session.title },
    });
    expect(expectStatus(active, 200).sessions).toEqual([]);
  });

  it('gives 10 concurrent joins of one user a single seat', async () => {
    const host = await fx.register();
    const { session } = await fx.createSession(host.token, { maxParticipants: 3 });
    const user = await fx.register('Dr Impatient');

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        joinRaw(user.token, i % 2 === 0 ? session.shareableCode : session.uniqueLink),
      ),
    );

    const participants = results.map((r) => expectStatus(r, 200).participant);
    for (const p of participants) expect(p).toEqual(participants[0]);
    const details = await getSession(fx.url, host.token, session.sessionId);
    expect(details.participantCount).toBe(2);
    expect(
      details.collaborativeData.participants.filter((p) => p.userId === user.user.id),
    ).toHaveLength(1);

    // The third seat is still free, and the fourth joiner is refused.
    const third = await fx.register();
    await joinSession(fx.url, third.token, session.shareableCode);
    const fourth = await fx.register();
    expectError(await joinRaw(fourth.token, session.shareableCode), 409, 'SESSION_FULL');
  });

  it('admits exactly the free seats when several users race, each joining twice', async () => {
    const host = await fx.register();
    const { session } = await fx.createSession(host.token, { maxParticipants: 4 });
    const users = await Promise.all(Array.from({ length: 8 }, () => fx.register()));

    const results = await Promise.all(
      users.flatMap((u) => [
        joinRaw(u.token, session.shareableCode),
        joinRaw(u.token, session.uniqueLink),
      ]),
    );

    for (const r of results) {
      if (r.status !== 200) expectError(r, 409, 'SESSION_FULL');
    }
    const admittedUsers = new Set(
      results.filter((r) => r.status === 200).map((r) => expectStatus(r, 200).participant.userId),
    );
    expect(admittedUsers.size).toBe(3);
    const details = await getSession(fx.url, host.token, session.sessionId);
    expect(details.participantCount).toBe(4);
    expect(details.collaborativeData.participants).toHaveLength(4);
  });
});
