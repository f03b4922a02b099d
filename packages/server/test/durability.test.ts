import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventLogEntry } from '@scrubin/protocol';
import { startEmbeddedDatabase } from '@scrubin/server';
import {
  EventCollector,
  JWT_SECRET,
  closeAllSockets,
  connect,
  createSession,
  emitAck,
  expectGapless,
  expectOk,
  exportAll,
  joinSession,
  logEntryOf,
  register,
  type Account,
  type EmbeddedDatabase,
} from './helpers.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/**
 * The durability contract (docs/protocol.md, "Durability") tried with real processes: `scrubin
 * serve` killed with SIGKILL while clients stream acked events, and stopped with SIGTERM while
 * its database is frozen with SIGSTOP.
 */
let db: EmbeddedDatabase;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  db = await startEmbeddedDatabase();
});
afterEach(async () => {
  closeAllSockets();
  try {
    process.kill(db.pid, 'SIGCONT');
  } catch {
    // Not stopped.
  }
  for (const s of servers.splice(0)) {
    s.child.kill('SIGKILL');
    await s.exited;
  }
});
afterAll(async () => {
  await db?.stop();
});

const metric = (text: string, name: string): number =>
  Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

async function serve(dataDir: string): Promise<ServerProcess> {
  const server = await startServerProcess({
    MONGODB_URI: db.uri,
    JWT_SECRET,
    DATA_DIR: dataDir,
    SEAT_HOLD_MS: '600000',
  });
  servers.push(server);
  return server;
}

/** A host and two assistants in one started session, each with a socket in the room. */
async function classroom(url: string) {
  const host = await register(url, 'Dr Host');
  const guests = [await register(url, 'Dr A'), await register(url, 'Dr B')];
  const { session } = await createSession(url, host.token);
  for (const g of guests) await joinSession(url, g.token, session.uniqueLink);
  const members: {
    account: Account;
    socket: Awaited<ReturnType<typeof connect>>;
    seen: EventCollector;
  }[] = [];
  for (const account of [host, ...guests]) {
    const socket = await connect(url, account.token);
    const seen = new EventCollector(socket);
    expectOk(await emitAck(socket, 'surgery:join-session', { sessionId: session.sessionId }));
    members.push({ account, socket, seen });
  }
  expectOk(await emitAck(members[0]!.socket, 'surgery:simulation-control', { action: 'start' }));
  return { host, session, members };
}

/** Each member sends tissue and chat events in waves until its socket drops; returns the acked ones. */
function stream(
  members: Awaited<ReturnType<typeof classroom>>['members'],
  onAcked: (total: number) => void,
): Promise<EventLogEntry[]> {
  const acked: EventLogEntry[] = [];
  return Promise.all(
    members.map(async ({ socket }, m) => {
      for (let wave = 0; socket.connected; wave++) {
        const sends = Array.from({ length: 10 }, (_, i) =>
          i % 3 === 0
            ? socket
                .timeout(20_000)
                .emitWithAck('surgery:chat-message', { text: `m${m} w${wave} #${i}` })
                .then((ack: { ok: boolean; event?: never }) =>
                  ack.ok ? logEntryOf('chat-message', ack.event!) : undefined,
                )
            : socket
                .timeout(20_000)
                .emitWithAck('surgery:tissue-interact', {
                  tool: 'scalpel',
                  action: 'cut',
                  points: [[0.001 * m, 0.001 * wave, 0.0001 * i]],
                })
                .then((ack: { ok: boolean; event?: never }) =>
                  ack.ok ? logEntryOf('tissue-update', ack.event!) : undefined,
                ),
        );
        const results = await Promise.allSettled(sends);
        for (const r of results) if (r.status === 'fulfilled' && r.value) acked.push(r.value);
        onAcked(acked.length);
      }
    }),
  ).then(() => acked);
}

describe('the durability contract', () => {
  it('keeps every acked event through a SIGKILL of the server, never reissues a seq, and rejoining clients converge', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'scrubin-durability-'));
    const a = await serve(dataDir);
    const { host, session, members } = await classroom(a.url);
    const sessionId = session.sessionId;

    let killed = false;
    const acked = await stream(members, (total) => {
      if (!killed && total >= 900) {
        killed = true;
        a.child.kill('SIGKILL');
      }
    });
    expect((await a.exited).signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(900);

    const b = await serve(dataDir);
    const log = await exportAll(b.url, host.token, sessionId);
    const seqs = log.events.map((e) => e.seq);
    expectGapless(seqs, 1, log.lastSeq);
    const bySeq = new Map(log.events.map((e) => [e.seq, e]));
    // Every acked event is stored exactly as acked.
    for (const e of acked) expect(bySeq.get(e.seq)).toEqual(e);
    // Nobody was shown an event that is not stored.
    for (const { seen } of members) {
      for (const e of seen.sequenced())
        if (e.sessionId === sessionId) expect(bySeq.get(e.seq)).toEqual(e);
    }

    // Each client rejoins from what it saw and gets exactly the rest.
    for (const { account, seen } of members) {
      const mine = seen.sequenced().map((e) => e.seq);
      let since = 0;
      const have = new Set(mine);
      while (have.has(since + 1)) since++;
      await joinSession(b.url, account.token, session.uniqueLink);
      const socket = await connect(b.url, account.token);
      const ack = expectOk(
        await emitAck(socket, 'surgery:join-session', { sessionId, sinceSeq: since }),
      );
      expect(ack.seq).toBeGreaterThanOrEqual(log.lastSeq);
      // Rejoins log presence events meanwhile: compare with the log as it is now.
      const now = await exportAll(b.url, host.token, sessionId);
      const expected = now.events.filter((e) => e.seq > since && e.seq <= ack.seq);
      expect(ack.events).toEqual(expected.slice(0, ack.events.length));
      expect(ack.events.length === expected.length || ack.hasMore).toBe(true);
      socket.disconnect();
    }

    // New events continue the sequence after everything stored: no acked seq is handed out again.
    const socket = await connect(b.url, host.token);
    expectOk(await emitAck(socket, 'surgery:join-session', { sessionId }));
    const next = expectOk(
      await emitAck(socket, 'surgery:chat-message', { text: 'after the crash' }),
    );
    const ackedMax = Math.max(...acked.map((e) => e.seq));
    expect(next.seq).toBeGreaterThan(ackedMax);
    const after = await exportAll(b.url, host.token, sessionId);
    expectGapless(
      after.events.map((e) => e.seq),
      1,
      after.lastSeq,
    );
    expect(after.events.slice(0, log.events.length)).toEqual(log.events);
  }, 120_000);

  it('spills what a frozen database did not take on SIGTERM, exits non-zero, and the next start imports it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'scrubin-spill-'));
    const a = await serve(dataDir);
    const { host, session, members } = await classroom(a.url);
    const sessionId = session.sessionId;
    const before = await exportAll(a.url, host.token, sessionId);

    process.kill(db.pid, 'SIGSTOP');
    // Events sent now wait for the database: none may be acked (8 each: within the chat burst).
    const pending = members.map(({ socket }, m) =>
      Array.from({ length: 8 }, (_, i) =>
        socket
          .timeout(12_000)
          .emitWithAck('surgery:chat-message', { text: `frozen m${m} #${i}` })
          .catch(() => undefined),
      ),
    );
    // Until the server holds all 24 (metrics need no database).
    await expect
      .poll(
        async () =>
          metric(
            await (await fetch(`${a.url}/api/metrics`)).text(),
            'scrubin_eventlog_queue_depth',
          ),
        {
          timeout: 10_000,
        },
      )
      .toBeGreaterThanOrEqual(24);
    const stopped = Date.now();
    a.child.kill('SIGTERM');
    const exit = await a.exited;
    const took = Date.now() - stopped;
    const answers = await Promise.all(pending.flat());
    for (const answer of answers)
      expect((answer as { ok?: boolean } | undefined)?.ok).not.toBe(true);
    expect(exit.code).toBe(6);
    expect(a.stderr()).toMatch(/spill/i);
    // Bounded: the shutdown flush (10 s) and the rest, not the length of the stall.
    expect(took, a.stderr()).toBeLessThan(25_000);
    const files = (await readdir(dataDir)).filter((f) => f.startsWith('eventlog-spill-'));
    expect(files).toHaveLength(1);
    const spilled = (await readFile(join(dataDir, files[0]!), 'utf8')).trim().split('\n').slice(1);
    expect(spilled.length).toBeGreaterThanOrEqual(24);

    process.kill(db.pid, 'SIGCONT');
    const b = await serve(dataDir);
    expect(b.stderr()).toMatch(/imported events a shutdown had spilled/);
    expect((await readdir(dataDir)).filter((f) => f.startsWith('eventlog-spill-'))).toEqual([]);
    const after = await exportAll(b.url, host.token, sessionId);
    expectGapless(
      after.events.map((e) => e.seq),
      1,
      after.lastSeq,
    );
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    const texts = new Set(
      after.events
        .filter((e) => e.type === 'chat-message')
        .map((e) => (e.payload as unknown as { text: string }).text),
    );
    for (let m = 0; m < 3; m++)
      for (let i = 0; i < 8; i++) expect(texts.has(`frozen m${m} #${i}`)).toBe(true);
  }, 120_000);
});
