import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCENARIO_IDS, type EventLogEntry } from '@scrubin/protocol';
import { startEmbeddedDatabase } from '@scrubin/server';
import {
  closeAllSockets,
  connect,
  createSession,
  emitAck,
  expectGapless,
  expectOk,
  expectStatus,
  exportAll,
  fixtureOf,
  getSession,
  joinSession,
  logEntryOf,
  register,
  startTestServer,
  type EmbeddedDatabase,
  type TestServer,
} from './helpers.js';

/** One embedded database for the file; servers come and go on it. */
let db: EmbeddedDatabase;
beforeAll(async () => {
  db = await startEmbeddedDatabase();
});
afterAll(async () => {
  closeAllSockets();
  await db?.stop();
});

const metric = (text: string, name: string): number => {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`metric ${name} missing from:\n${text}`);
  return Number(match[1]);
};

async function chatBurst(url: string, token: string, sessionId: string, count: number) {
  const socket = await connect(url, token);
  expectOk(await emitAck(socket, 'surgery:join-session', { sessionId }));
  const acked: EventLogEntry[] = [];
  for (let i = 0; i < count; i += 50) {
    const chunk = Array.from({ length: Math.min(50, count - i) }, (_, k) =>
      emitAck(socket, 'surgery:chat-message', { text: `note ${i + k}` }),
    );
    for (const ack of await Promise.all(chunk)) {
      acked.push(logEntryOf('chat-message', expectOk(ack).event));
    }
  }
  socket.disconnect();
  return acked;
}

describe('the event log survives a graceful restart', () => {
  it.each<{
    title: string;
    count: number;
    eventLog: { compactAfterMs?: number; compactEntries?: number };
  }>([
    {
      title: 'events only in the journal at close (folded into buckets by the next start)',
      count: 120,
      eventLog: { compactAfterMs: 600_000, compactEntries: 1_000_000 },
    },
    {
      title: 'events compacted into buckets while running',
      count: 700,
      eventLog: { compactAfterMs: 600_000, compactEntries: 100 },
    },
  ])('$title', async ({ count, eventLog }) => {
    await using serverA = await startTestServer({ db, eventLog });
    const host = await register(serverA.url, 'Dr Persist');
    const { session } = await createSession(serverA.url, host.token);
    const sessionId = session.sessionId;

    const acked = await chatBurst(serverA.url, host.token, sessionId, count);
    expect(acked).toHaveLength(count);
    const ackedMax = Math.max(...acked.map((e) => e.seq));

    // The export includes what is stored but not yet compacted.
    const beforeClose = await exportAll(serverA.url, host.token, sessionId);
    expectGapless(
      beforeClose.events.map((e) => e.seq),
      1,
      beforeClose.lastSeq,
    );
    const metrics = await fetch(`${serverA.url}/api/metrics`).then((r) => r.text());
    if (eventLog.compactEntries === 100) {
      expect(metric(metrics, 'scrubin_eventlog_compactions_total')).toBeGreaterThan(0);
    } else {
      expect(metric(metrics, 'scrubin_eventlog_journal_entries')).toBeGreaterThanOrEqual(count);
    }

    await serverA.close();
    await using serverB = await startTestServer({ db });

    const afterRestart = await exportAll(serverB.url, host.token, sessionId, 250);
    expectGapless(
      afterRestart.events.map((e) => e.seq),
      1,
      afterRestart.lastSeq,
    );
    expect(afterRestart.lastSeq).toBeGreaterThanOrEqual(ackedMax);
    // Everything exported before the restart is there, unchanged (and so every acked event).
    expect(afterRestart.events.slice(0, beforeClose.events.length)).toEqual(beforeClose.events);
    const bySeq = new Map(afterRestart.events.map((e) => [e.seq, e]));
    for (const e of acked) expect(bySeq.get(e.seq)).toEqual(e);

    // New events continue the sequence.
    await joinSession(serverB.url, host.token, session.uniqueLink);
    const more = await chatBurst(serverB.url, host.token, sessionId, 3);
    const final = await exportAll(serverB.url, host.token, sessionId);
    expectGapless(
      final.events.map((e) => e.seq),
      1,
      final.lastSeq,
    );
    expect(final.events[afterRestart.lastSeq]!.seq).toBe(afterRestart.lastSeq + 1);
    expect(final.events.slice(0, afterRestart.events.length)).toEqual(afterRestart.events);
    for (const e of more) {
      expect(e.seq).toBeGreaterThan(afterRestart.lastSeq);
      expect(final.events[e.seq - 1]).toEqual(e);
    }
  });
});

describe('seats held open when the server stopped', () => {
  it('are released after the hold on the next start, unless their holder comes back', async () => {
    const serverA = await startTestServer({ db });
    const host = await register(serverA.url, 'Dr Restart');
    const guest = await register(serverA.url, 'Dr Returning');
    const { session } = await createSession(serverA.url, host.token);
    await joinSession(serverA.url, guest.token, session.uniqueLink);
    const guestSocket = await connect(serverA.url, guest.token);
    expectOk(await emitAck(guestSocket, 'surgery:join-session', { sessionId: session.sessionId }));
    // Both seats are open when the server goes; its hold timers go with it.
    await serverA.close();

    const holdMs = 1500;
    await using serverB = await startTestServer({ db, seatHoldMs: holdMs });
    const returning = await connect(serverB.url, guest.token);
    expectOk(await emitAck(returning, 'surgery:join-session', { sessionId: session.sessionId }));

    await expect
      .poll(
        async () => {
          const details = await getSession(serverB.url, guest.token, session.sessionId);
          return details.collaborativeData.participants.map((p) => [p.userId, p.leftAt === null]);
        },
        { timeout: holdMs + 10_000, interval: 200 },
      )
      .toEqual([
        [host.user.id, false],
        [guest.user.id, true],
      ]);
    const details = await getSession(serverB.url, guest.token, session.sessionId);
    expect(details.participantCount).toBe(1);
  });
});

describe('operations endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ db });
  });
  afterAll(async () => {
    await server?.close();
  });
  const fx = fixtureOf(() => server);

  it('GET /api/metrics exposes the event-log queue depth and lag', async () => {
    const res = await fx.api().raw('GET', '/api/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metric(res.text, 'scrubin_eventlog_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(metric(res.text, 'scrubin_eventlog_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(res.text).toMatch(/^# (HELP|TYPE) scrubin_eventlog_queue_depth /m);
  });

  it('GET /api/health reports the database up', async () => {
    const res = await fx.api().get('/api/health');
    expect(expectStatus(res, 200)).toMatchObject({
      status: 'ok',
      database: 'up',
      uptimeS: expect.any(Number),
      version: expect.any(String),
    });
  });

  it('GET /api/openapi.json returns the document', async () => {
    const res = await fx.api().get('/api/openapi.json');
    const doc = expectStatus(res, 200) as { openapi?: string; paths?: Record<string, unknown> };
    const source = parse(
      await readFile(new URL('../../../openapi.yaml', import.meta.url), 'utf8'),
    ) as {
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(Object.keys(source.paths).sort());
  });

  it('GET /docs serves Swagger UI without a CDN', async () => {
    const res = await fetch(`${fx.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/swagger/i);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="(https?:)?\/\//i);
  });

  it('GET /api/scenarios lists the 3 scenarios without a token', async () => {
    const res = await fx.api().get('/api/scenarios');
    const { scenarios } = expectStatus(res, 200);
    expect(scenarios.map((s) => s.id).sort()).toEqual([...SCENARIO_IDS].sort());
    for (const s of scenarios) {
      expect(s).toMatchObject({
        title: expect.any(String),
        description: expect.any(String),
        difficulty: expect.stringMatching(/^(beginner|intermediate|advanced)$/),
        timeLimitS: expect.any(Number),
        recommendedParticipants: expect.any(Number),
      });
      expect(s.tools.length).toBeGreaterThan(0);
    }
  });
});
