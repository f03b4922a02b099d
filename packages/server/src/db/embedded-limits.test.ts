import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';
import { EmbeddedUsage } from './embedded-limits.js';
import type { Models } from './models.js';

let db: EmbeddedDatabase;
let conn: mongoose.Connection;
let models: Models;
beforeAll(async () => {
  db = await startEmbeddedDatabase();
  ({ conn, models } = await connectDatabase(db.uri));
});
afterAll(async () => {
  await conn?.close();
  await db?.stop();
});

async function addUsers(n: number): Promise<void> {
  await models.User.insertMany(
    Array.from({ length: n }, () => ({
      email: `${randomBytes(6).toString('hex')}@example.org`,
      name: 'Dr Count',
      passwordHash: 'scrypt$16384$8$1$salt$hash',
    })),
  );
}

async function addSessions(n: number): Promise<void> {
  // Only counted: the fields with unique indexes are enough.
  await models.Simulation.collection.insertMany(
    Array.from({ length: n }, () => ({
      sessionId: `session_1700000000000_${randomBytes(4).toString('hex')}`,
      uniqueLink: randomBytes(16).toString('hex'),
    })),
  );
}

describe('EmbeddedUsage', () => {
  it('says when a count passes 80 % of its limit, and counts at most once per refresh', async () => {
    let clock = 1_000_000;
    const usage = new EmbeddedUsage(models, {
      limits: { users: 10, sessions: 20 },
      refreshMs: 60_000,
      now: () => clock,
    });
    await addUsers(7);
    await addSessions(3);
    expect(await usage.report()).toMatchObject({
      users: 7,
      sessions: 3,
      nearLimit: false,
      reasons: [],
    });

    // Within the refresh period the counts are reused.
    await addUsers(1);
    clock += 59_999;
    expect(await usage.report()).toMatchObject({ users: 7, nearLimit: false });

    clock += 1;
    const near = await usage.report();
    expect(near).toMatchObject({ users: 8, sessions: 3, nearLimit: true });
    expect(near.countedAt.getTime()).toBe(clock);
    expect(near.reasons).toEqual([
      '8 accounts: 80 % of the 10 at which the embedded database takes over 20 ms to register one; ' +
        'move to MongoDB (scrubin db export, then scrubin db import)',
    ]);

    await addSessions(15);
    clock += 60_000;
    const both = await usage.report();
    expect(both).toMatchObject({ users: 8, sessions: 18, nearLimit: true });
    expect(both.reasons).toHaveLength(2);
    expect(both.reasons[1]).toMatch(/^18 sessions: 90 % of the 20 at which/);
  });

  it('callers during a count share it', async () => {
    const usage = new EmbeddedUsage(models);
    const [a, b] = await Promise.all([usage.report(), usage.report()]);
    expect(b).toBe(a);
    expect(await usage.report()).toBe(a);
  });
});
