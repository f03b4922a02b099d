/**
 * A stalled database (the embedded server stopped with SIGSTOP): health and metrics say so within
 * 2 s, requests that need it fail with TIMEOUT instead of hanging, the rest keep being served,
 * and everything recovers once it runs again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '@scrubin/server';
import {
  closeAllSockets,
  emitAck,
  expectAckError,
  expectError,
  expectOk,
  expectStatus,
  fixtureOf,
  startTestServer,
  type EmbeddedDatabase,
  type TestServer,
} from './helpers.js';

const DB_TIMEOUT_MS = 1500;
/** The monitor's promise: a stall shows within this. */
const DETECT_MS = 2000;
/** Room for request round trips and scheduling on a busy two-core machine. */
const SLACK_MS = 2000;

let db: EmbeddedDatabase;
let server: TestServer;
let stopped = false;
const fx = fixtureOf(() => server);

beforeAll(async () => {
  db = await startEmbeddedDatabase();
  server = await startTestServer({ db, dbTimeoutMs: DB_TIMEOUT_MS });
});
afterEach(() => {
  // A failed test must never leave the database stopped.
  resume();
});
afterAll(async () => {
  resume();
  closeAllSockets();
  await server?.close();
  await db?.stop();
});

function stall(): number {
  process.kill(db.pid, 'SIGSTOP');
  stopped = true;
  return Date.now();
}

function resume(): void {
  if (!stopped) return;
  process.kill(db.pid, 'SIGCONT');
  stopped = false;
}

const metric = (text: string, name: string): number => {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`metric ${name} missing from:\n${text}`);
  return Number(match[1]);
};

/** Runs `work` and returns its result with how long it took. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const startedMs = Date.now();
  const result = await work();
  return { result, ms: Date.now() - startedMs };
}

describe('a stalled database', () => {
  it('shows in health and metrics, fails database requests with TIMEOUT, and recovers', async () => {
    const host = await fx.register('Host Surgeon');
    const guest = await fx.register('Late Guest');
    const { session } = await fx.createSession(host.token);
    const { sessionId, uniqueLink } = session;
    const hostMember = await fx.member(host, sessionId);
    expectOk(await emitAck(hostMember.socket, 'surgery:simulation-control', { action: 'start' }));
    const healthy = expectStatus(await fx.api().get('/api/health'), 200);
    expect(healthy).toMatchObject({ status: 'ok', database: 'up' });
    expect(healthy.databaseReason).toBeUndefined();

    try {
      const stalledAt = stall();

      await expect
        .poll(async () => (await fx.api().get('/api/health')).status, {
          timeout: DETECT_MS + SLACK_MS,
          interval: 100,
        })
        .toBe(503);
      expect(Date.now() - stalledAt).toBeLessThan(DETECT_MS + SLACK_MS);
      const degraded = await fx.api().get('/api/health');
      expect(degraded.status).toBe(503);
      expect(JSON.parse(degraded.text)).toMatchObject({
        status: 'degraded',
        database: 'down',
        databaseReason: 'ping timed out after 1000 ms',
        databaseSince: expect.any(String),
      });
      const downMetrics = (await fx.api().get('/api/metrics')).text;
      expect(metric(downMetrics, 'scrubin_database_up')).toBe(0);
      expect(metric(downMetrics, 'scrubin_database_ping_seconds')).toBeGreaterThan(0.5);

      // Three requests that need the database, at once.
      const join = timed(() =>
        fx.api(guest.token).post('/api/simulations/sessions/join/{identifier}', {
          path: { identifier: uniqueLink },
        }),
      );
      const exported = timed(() =>
        fx.api(host.token).get('/api/simulations/sessions/{sessionId}/events', {
          path: { sessionId },
        }),
      );
      const pause = timed(() =>
        emitAck(
          hostMember.socket,
          'surgery:simulation-control',
          { action: 'pause' },
          DB_TIMEOUT_MS + SLACK_MS * 2,
        ),
      );
      // Handled together, so that a failed check below leaves no rejection unhandled.
      const answers = Promise.all([join, exported, pause]);
      answers.catch(() => {});

      // Meanwhile, what needs no database is served at once.
      const { result: metricsRes, ms: metricsMs } = await timed(() => fx.api().get('/api/metrics'));
      expect(metricsRes.status).toBe(200);
      expect(metricsMs).toBeLessThan(SLACK_MS);
      expectStatus(await fx.api().get('/api/scenarios'), 200);

      const message = `The database did not answer within ${DB_TIMEOUT_MS} ms`;
      const [joinOut, exportOut, pauseOut] = await answers;
      for (const { result, ms } of [joinOut, exportOut]) {
        expect(expectError(result, 504, 'TIMEOUT').message).toBe(message);
        expect(ms).toBeLessThan(DB_TIMEOUT_MS + SLACK_MS);
      }
      const { result: pauseAck, ms: pauseMs } = pauseOut;
      expect(expectAckError(pauseAck, 'TIMEOUT').message).toBe(message);
      expect(pauseMs).toBeLessThan(DB_TIMEOUT_MS + SLACK_MS);
    } finally {
      resume();
    }

    await expect
      .poll(async () => (await fx.api().get('/api/health')).status, {
        timeout: DETECT_MS + SLACK_MS,
        interval: 100,
      })
      .toBe(200);
    const upMetrics = (await fx.api().get('/api/metrics')).text;
    expect(metric(upMetrics, 'scrubin_database_up')).toBe(1);
    // The connections the timeouts closed are replaced: the same requests succeed again.
    const joined = expectStatus(
      await fx.api(guest.token).post('/api/simulations/sessions/join/{identifier}', {
        path: { identifier: uniqueLink },
      }),
      200,
    );
    expect(joined.participant.userId).toBe(guest.user.id);
    expectStatus(
      await fx.api(host.token).get('/api/simulations/sessions/{sessionId}/events', {
        path: { sessionId },
      }),
      200,
    );
    // The pause that timed out may have landed once the database woke: either way the next pause
    // gets a definite answer and everyone converges on paused, with the change in the log.
    const again = await emitAck(hostMember.socket, 'surgery:simulation-control', {
      action: 'pause',
    });
    if (!again.ok) expect(again.error.message).toMatch(/it is paused/);
    const log = expectStatus(
      await fx.api(host.token).get('/api/simulations/sessions/{sessionId}/events', {
        path: { sessionId },
      }),
      200,
    );
    const states = log.events.filter((e) => e.type === 'simulation-state');
    expect(states.at(-1)?.payload).toMatchObject({ status: 'paused' });
    const details = expectStatus(
      await fx
        .api(host.token)
        .get('/api/simulations/sessions/{sessionId}', { path: { sessionId } }),
      200,
    );
    expect(details.session.status).toBe('paused');
  }, 60_000);
});
