import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectDatabase } from '../db/connect.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../db/embedded.js';
import type { EventDoc } from '../db/models.js';
import { EventLogReader } from './event-log-reader.js';
import { EventLogWriter } from './event-log-writer.js';

const entry = (seq: number): EventDoc => ({
  sessionId: 'session_1700000000000_abcdef',
  seq,
  tick: seq,
  type: 'chat-message',
  userId: 'u1',
  at: new Date(),
  payload: { name: 'A', text: `message ${seq}` },
});

describe('EventLogWriter', () => {
  let db: EmbeddedDatabase | undefined;
  afterAll(async () => {
    await db?.stop();
  });

  it('keeps entries while the database is away and stores them when it returns', async () => {
    db = await startEmbeddedDatabase();
    const port = Number(new URL(db.uri).port);
    const { conn, models } = await connectDatabase(db.uri);
    const writer = new EventLogWriter(models.Event, {
      flushIntervalMs: 20,
      maxBatch: 50,
      maxQueue: 1000,
      maxBackoffMs: 200,
    });
    const reader = new EventLogReader(models.Event, writer);
    for (let seq = 1; seq <= 10; seq++) writer.enqueue(entry(seq));
    await writer.flush();
    expect(writer.stats().written).toBe(10);

    await db.stop();
    for (let seq = 11; seq <= 30; seq++) writer.enqueue(entry(seq));
    await vi.waitFor(() => expect(writer.stats().failures).toBeGreaterThan(0), { timeout: 20_000 });
    expect(writer.stats().queueDepth).toBe(20);
    // Readers still see what is waiting.
    expect(writer.pendingAfter(entry(1).sessionId, 10).map((d) => d.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 11),
    );

    // The same port again: the driver reconnects and the writer's retry succeeds.
    db = await startEmbeddedDatabase({ port });
    await vi.waitFor(() => expect(writer.stats().queueDepth).toBe(0), {
      timeout: 30_000,
      interval: 100,
    });
    const stored = await reader.readAfter(entry(1).sessionId, 0, 100);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 11));
    await writer.close();
    await conn.close();
  });

  it('refuses client entries beyond maxQueue but keeps forced ones', async () => {
    db ??= await startEmbeddedDatabase();
    const { conn, models } = await connectDatabase(db.uri);
    const writer = new EventLogWriter(models.Event, {
      flushIntervalMs: 60_000,
      maxBatch: 500,
      maxQueue: 3,
      maxBackoffMs: 200,
    });
    expect(
      [1, 2, 3, 4].map((seq) =>
        writer.enqueue({ ...entry(seq), sessionId: 'session_1700000000001_abcdef' }),
      ),
    ).toEqual([true, true, true, false]);
    expect(writer.hasRoom()).toBe(false);
    expect(
      writer.enqueue({ ...entry(4), sessionId: 'session_1700000000001_abcdef' }, { force: true }),
    ).toBe(true);
    expect(writer.stats()).toMatchObject({ queueDepth: 4, refused: 1 });
    await writer.close();
    expect(writer.stats().queueDepth).toBe(0);
    await conn.close();
  });
});
