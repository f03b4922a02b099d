/**
 * A whole database through a backup file: a server on the embedded store (partitioned event
 * log, some of it still in the journal) is exported while it runs, imported into a second
 * database with the one-collection layout MongoDB gets, and a server started there serves the
 * same accounts, sessions, scores and event logs.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SINGLE_LAYOUT,
  exportDatabase,
  importDatabase,
  startEmbeddedDatabase,
} from '@scrubin/server';
import {
  PASSWORD,
  api,
  closeAllSockets,
  emitAck,
  expectOk,
  expectStatus,
  exportAll,
  fixtureOf,
  getSession,
  startTestServer,
  type Account,
  type EmbeddedDatabase,
  type Member,
} from './helpers.js';

const databases: EmbeddedDatabase[] = [];
afterAll(async () => {
  closeAllSockets();
  await Promise.all(databases.map((db) => db.stop()));
});

const metric = (text: string, name: string): number =>
  Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

/** Chat from every member and tissue events from those who hold instruments, in turn. */
async function activity(members: Member[], rounds: number, observers: Member[] = []) {
  for (let i = 0; i < rounds; i++) {
    for (const m of members) {
      expectOk(await emitAck(m.socket, 'surgery:chat-message', { text: `round ${i}` }));
      if (observers.includes(m)) continue;
      expectOk(
        await emitAck(m.socket, 'surgery:tissue-interact', {
          tool: 'scalpel',
          action: 'cut',
          points: [
            [0.001 * i, 0.002, -0.001],
            [0.001 * i + 0.0005, 0.002, -0.0012],
          ],
          depth: 0.002,
          force: 1.5,
        }),
      );
    }
  }
}

/** A session's recording (JSON lines, hash lines included once scored). */
async function recording(url: string, token: string, sessionId: string): Promise<string> {
  const res = await fetch(`${url}/api/simulations/sessions/${sessionId}/recording`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

async function login(url: string, account: Account): Promise<string> {
  const res = await api(url).post('/api/auth/login', {
    body: { email: account.user.email, password: PASSWORD },
  });
  const body = expectStatus(res, 200);
  expect(body.user).toEqual(account.user);
  return body.token;
}

describe('a backup of the embedded store restored into another database', () => {
  it('keeps accounts, sessions, scores and every event log exactly', async () => {
    const [dbA, dbB] = await Promise.all([startEmbeddedDatabase(), startEmbeddedDatabase()]);
    databases.push(dbA, dbB);
    // Compaction after 20 entries, never by age: part of the log stays in the journal.
    await using serverA = await startTestServer({
      db: dbA,
      eventLog: { compactEntries: 20, compactAfterMs: 600_000 },
    });
    const a = fixtureOf(() => serverA);

    const completed = await a.room({ guests: ['assistant'], start: true });
    await activity(completed.members, 8);
    const scored = completed.host.inbox.waitFor('surgery:score', () => true, 20_000);
    expectOk(
      await emitAck(completed.host.socket, 'surgery:simulation-control', { action: 'stop' }),
    );
    await scored;
    const active = await a.room({ guests: ['observer', 'assistant'], start: true });
    await activity(active.members, 5, [active.guests[0]!]);
    expectOk(await emitAck(active.host.socket, 'surgery:chat-message', { text: 'last word' }));
    await expect
      .poll(async () => {
        const text = await fetch(`${serverA.url}/api/metrics`).then((r) => r.text());
        return [
          metric(text, 'scrubin_eventlog_compactions_total') > 0,
          metric(text, 'scrubin_eventlog_journal_entries') > 0,
        ];
      })
      .toEqual([true, true]);

    const accounts = [...completed.members, ...active.members];
    const before = new Map<string, Awaited<ReturnType<typeof getSession>>>();
    const logs = new Map<string, Awaited<ReturnType<typeof exportAll>>>();
    for (const room of [completed, active]) {
      for (const m of room.members) {
        before.set(
          `${room.sessionId} ${m.user.id}`,
          await getSession(a.url, m.token, room.sessionId),
        );
      }
      logs.set(room.sessionId, await exportAll(a.url, room.host.token, room.sessionId));
    }
    const scoredDetails = before.get(`${completed.sessionId} ${completed.host.user.id}`)!;
    expect(scoredDetails.status).toBe('completed');
    expect(scoredDetails.scoreDetails?.participants).toHaveLength(2);
    const recordingA = await recording(a.url, completed.host.token, completed.sessionId);

    const documents = async (uri: string) => {
      const client = await MongoClient.connect(uri);
      try {
        const db = client.db();
        return {
          users: await db.collection('users').find({}).sort({ _id: 1 }).toArray(),
          sessions: await db.collection('simulations').find({}).sort({ _id: 1 }).toArray(),
        };
      } finally {
        await client.close();
      }
    };
    const documentsA = await documents(dbA.uri);

    // Exported while the server runs, as `scrubin db export` does.
    const file = join(await mkdtemp(join(tmpdir(), 'scrubin-backup-')), 'backup.jsonl');
    const out = createWriteStream(file);
    const exported = await exportDatabase(dbA.uri, out);
    out.end();
    await finished(out);
    expect(exported.counts).toMatchObject({
      users: accounts.length,
      sessions: 2,
      eventSessions: 2,
    });
    expect(exported.counts.events).toBe(
      [...logs.values()].reduce((n, log) => n + log.events.length, 0),
    );
    closeAllSockets();
    await serverA.close();

    const imported = await importDatabase(dbB.uri, createReadStream(file), {
      layout: SINGLE_LAYOUT,
    });
    expect(imported.counts).toEqual(exported.counts);
    expect(imported.layout).toEqual(SINGLE_LAYOUT);

    expect(await documents(dbB.uri)).toEqual(documentsA);

    await using serverB = await startTestServer({ db: dbB });
    for (const room of [completed, active]) {
      for (const m of room.members) {
        const token = await login(serverB.url, m);
        const was = before.get(`${room.sessionId} ${m.user.id}`)!;
        const now = await getSession(serverB.url, token, room.sessionId);
        // The clock of an active session runs on: its duration is read at request time.
        expect(now).toEqual(room === active ? { ...was, duration: expect.any(Number) } : was);
        expect(now.duration).toBeGreaterThanOrEqual(was.duration);
      }
      const token = await login(serverB.url, room.host);
      expect(await exportAll(serverB.url, token, room.sessionId)).toEqual(logs.get(room.sessionId));
    }
    const tokenB = await login(serverB.url, completed.host);
    expect(await recording(serverB.url, tokenB, completed.sessionId)).toBe(recordingA);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toContain('"journalPartitions":64');
  }, 60_000);
});
