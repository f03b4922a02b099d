import { Readable, Writable } from 'node:stream';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BucketStore } from '../eventlog/bucket-store.js';
import {
  LogCollections,
  PARTITIONED_LAYOUT,
  SINGLE_LAYOUT,
  toStored,
  type EventDoc,
} from '../eventlog/layout.js';
import { EVENTS_PER_LINE } from './backup-format.js';
import { BackupImportError, exportDatabase, importDatabase, verifyBackup } from './backup.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';

/** A source and a target embedded database for the file; the target is emptied per case. */
let source: EmbeddedDatabase;
let target: EmbeddedDatabase;
let sourceClient: MongoClient;
let targetClient: MongoClient;
beforeAll(async () => {
  [source, target] = await Promise.all([startEmbeddedDatabase(), startEmbeddedDatabase()]);
  [sourceClient, targetClient] = await Promise.all([
    MongoClient.connect(source.uri),
    MongoClient.connect(target.uri),
  ]);
  await fillSource(sourceClient.db());
});
afterAll(async () => {
  await Promise.all([sourceClient?.close(), targetClient?.close()]);
  await Promise.all([source?.stop(), target?.stop()]);
});

const A = 'session_1700000000000_aaaaaa';
const B = 'session_1700000000001_bbbbbb';
const C = 'session_1700000000002_cccccc';

function entry(sessionId: string, seq: number): EventDoc {
  return {
    sessionId,
    seq,
    tick: seq * 2,
    type: 'chat-message',
    userId: 'u1',
    at: new Date(1_700_000_000_000 + seq),
    payload: { name: 'Dr A', text: `note ${seq}` },
  };
}
const range = (sessionId: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => entry(sessionId, from + i));

const users = [0, 1].map((i) => ({
  _id: new ObjectId(),
  email: `user${i}@example.org`,
  name: `Dr ${i}`,
  passwordHash: `hash${i}`,
  createdAt: new Date(1_700_000_000_000 + i),
  updatedAt: new Date(1_700_000_000_500 + i),
}));
const sessions = [A, B].map((sessionId, i) => ({
  _id: new ObjectId(),
  sessionId,
  uniqueLink: `link${i}`.padEnd(32, 'x'),
  creatorId: String(users[0]!._id),
  status: 'completed',
  score: 71.5,
  performance: { precision: 0.25 },
  endedAt: new Date(1_700_000_100_000),
  collaborativeData: { participants: [], totalMessages: 3, voiceTime: 0 },
}));

/**
 * Users, sessions, and a log with entries only in buckets (B), in buckets and in the journal
 * with an overlap (A, as while a running server folds its journal) and only in the journal (C).
 */
async function fillSource(db: Db): Promise<void> {
  await db.collection('users').insertMany(users.map((u) => ({ ...u })));
  await db.collection('simulations').insertMany(sessions.map((s) => ({ ...s })));
  const cols = await LogCollections.open(db, PARTITIONED_LAYOUT);
  await new BucketStore(cols).write([...range(A, 1, 1200), ...range(B, 1, 3)]);
  const journalEntries = [...range(A, 1190, 1205), ...range(C, 1, 2)];
  await cols.journal(3).insertOne({
    _id: 600,
    boot: 'test',
    at: new Date(),
    count: journalEntries.length,
    entries: JSON.stringify(journalEntries.map(toStored)),
  });
}

async function exportText(uri: string): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  await exportDatabase(uri, out);
  return text;
}

const importText = (text: string, options: Parameters<typeof importDatabase>[2] = {}) =>
  importDatabase(target.uri, Readable.from([text]), options);

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('exportDatabase', () => {
  it('writes each (session, seq) once, from buckets and journal, in seq order', async () => {
    const all = lines(await exportText(source.uri));
    const header = all[0]!;
    expect(header).toMatchObject({
      format: 'scrubin-backup',
      version: 1,
      source: { layout: PARTITIONED_LAYOUT },
      counts: { users: 2, sessions: 2, eventSessions: 3, events: 1205 + 3 + 2 },
    });
    expect(all.at(-1)).toEqual({ kind: 'end', counts: header.counts });
    expect(all.filter((l) => l.kind === 'user')).toHaveLength(2);
    expect(all.filter((l) => l.kind === 'session')).toHaveLength(2);
    const events = all.filter((l) => l.kind === 'events') as {
      sessionId: string;
      entries: { seq: number; at: string }[];
    }[];
    for (const line of events) expect(line.entries.length).toBeLessThanOrEqual(EVENTS_PER_LINE);
    const seqs = (id: string) =>
      events.filter((l) => l.sessionId === id).flatMap((l) => l.entries.map((e) => e.seq));
    expect(seqs(A)).toEqual(range(A, 1, 1205).map((e) => e.seq));
    expect(seqs(B)).toEqual([1, 2, 3]);
    expect(seqs(C)).toEqual([1, 2]);
    expect(events[0]!.entries[0]!.at).toBe(new Date(1_700_000_000_001).toISOString());
  });
});

describe('importDatabase', () => {
  it('restores documents exactly and the log through another layout', async () => {
    const summary = await importText(await exportText(source.uri), {
      replace: true,
      layout: SINGLE_LAYOUT,
    });
    expect(summary.counts).toEqual({ users: 2, sessions: 2, eventSessions: 3, events: 1210 });
    expect(summary.layout).toEqual(SINGLE_LAYOUT);
    expect(summary.embeddedTarget).toBe(true);
    const db = targetClient.db();
    expect(await db.collection('users').find({}).sort({ _id: 1 }).toArray()).toEqual(users);
    expect(await db.collection('simulations').find({}).sort({ _id: 1 }).toArray()).toEqual(
      sessions,
    );
    // Read back as the server would, through the layout the target stored.
    const cols = await LogCollections.open(db, PARTITIONED_LAYOUT);
    expect(cols.layout).toEqual(SINGLE_LAYOUT);
    const store = new BucketStore(cols);
    expect(await store.read(A, 0, 5000)).toEqual(range(A, 1, 1205));
    expect(await store.read(C, 0, 10)).toEqual(range(C, 1, 2));
    expect(await db.collection('eventjournal').countDocuments()).toBe(0);
    // The mongoose indexes exist: a second user with the same email is refused.
    await expect(
      db.collection('users').insertOne({ ...users[0]!, _id: new ObjectId() }),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it('refuses a target that holds data unless told to replace it', async () => {
    const text = await exportText(source.uri);
    await importText(text, { replace: true });
    const err = await importText(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupImportError);
    expect(err).toMatchObject({
      code: 'INVALID_STATE',
      written: { users: 0, sessions: 0, events: 0 },
    });
    expect((err as Error).message).toMatch(/not empty \(2 users, 2 sessions, event logs\)/);
    await expect(importText(text, { replace: true })).resolves.toMatchObject({ replaced: true });
  });

  const valid = () => lines(exportTextCache!).map((l) => JSON.stringify(l));
  let exportTextCache: string | undefined;
  beforeAll(async () => {
    exportTextCache = await exportText(source.uri);
  });

  it.each<{
    title: string;
    edit: (l: string[]) => string[];
    line: number | undefined;
    message: RegExp;
    written?: object;
    onlyTheDatabaseKnows?: boolean;
  }>([
    {
      title: 'a recording instead of a backup',
      edit: (l) => [JSON.stringify({ kind: 'header', format: 'scrubin-recording' }), ...l.slice(1)],
      line: 1,
      message: /^line 1: not a Scrub In backup/,
    },
    {
      title: 'a newer format version',
      edit: (l) => [l[0]!.replace('"version":1', '"version":2'), ...l.slice(1)],
      line: 1,
      message: /^line 1: backup format version 2 is not supported/,
    },
    {
      title: 'a line that is not JSON',
      edit: (l) => [l[0]!, l[1]!, '{"kind":"user",', ...l.slice(3)],
      line: 3,
      message: /^line 3: not valid JSON/,
      written: { users: 0, sessions: 0, events: 0 },
    },
    {
      title: 'a user without a password hash',
      edit: (l) => [l[0]!, l[1]!.replace(/"passwordHash":"[^"]*",?/, ''), ...l.slice(2)],
      line: 2,
      message: /^line 2: user: passwordHash/,
    },
    {
      title: 'an unknown event type',
      edit: (l) => l.map((s, i) => (i === 5 ? s.replace('"chat-message"', '"teleport"') : s)),
      line: 6,
      message: /^line 6: entries\.0\.type/,
      written: { users: 2, sessions: 0, events: 0 },
    },
    {
      title: 'seqs that go back in a session',
      edit: (l) => [...l.slice(0, 6), l[5]!, ...l.slice(6)],
      line: 7,
      message: /^line 7: session session_\S+: seq 1 after seq \d+/,
    },
    {
      title: 'a file cut short (no end line)',
      edit: (l) => l.slice(0, -1),
      line: 10,
      message: /^line 10: no end line: the file is truncated/,
      written: { users: 2, sessions: 2, events: 0 },
    },
    {
      title: 'an end line that counts wrong',
      edit: (l) => [...l.slice(0, -1), l.at(-1)!.replace('"users":2', '"users":3')],
      line: 11,
      message: /^line 11: the end line counts 3 users, the file holds 2$/,
    },
    {
      title: 'content after the end line',
      edit: (l) => [...l, l[1]!],
      line: 12,
      message: /^line 12: content after the end line$/,
    },
    {
      title: 'a duplicate account',
      // The end line counts it too: only the database can tell.
      edit: (l) => [
        l[0]!,
        l[1]!,
        l[1]!,
        ...l.slice(2, -1),
        l.at(-1)!.replace('"users":2', '"users":3'),
      ],
      line: 3,
      message: /^line 3: the database refused this user \(a duplicate\)/,
      written: { users: 1, sessions: 0, events: 0 },
      onlyTheDatabaseKnows: true,
    },
  ])(
    'stops at the line at fault: $title',
    async ({ edit, line, message, written, onlyTheDatabaseKnows }) => {
      const text = edit(valid()).join('\n') + '\n';
      const err = await importText(text, { replace: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupImportError);
      const e = err as BackupImportError;
      expect({ code: e.code, line: e.line }).toEqual({ code: 'VALIDATION_FAILED', line });
      expect(e.message).toMatch(message);
      if (written) expect(e.written).toMatchObject(written);
      // The same verdict from the check that needs no database (which `scrubin db import` runs first).
      const checked = verifyBackup(Readable.from([text]));
      if (onlyTheDatabaseKnows) await expect(checked).resolves.toBeDefined();
      else await expect(checked).rejects.toMatchObject({ line, message: e.message });
    },
  );
});
