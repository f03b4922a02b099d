import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';
import { DatabaseMonitor, type DatabaseStatus } from './database-monitor.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function monitored(db: EmbeddedDatabase, changes: DatabaseStatus[]) {
  const { conn } = await connectDatabase(db.uri, { timeoutMs: 1500 });
  const monitor = new DatabaseMonitor(conn, { onChange: (s) => changes.push(s) });
  cleanup.push(() => conn.close());
  cleanup.push(() => monitor.close());
  monitor.start();
  return monitor;
}

describe('DatabaseMonitor', () => {
  it('reports a database that went away as down, with why and since when', async () => {
    const db = await startEmbeddedDatabase();
    cleanup.push(() => db.stop());
    const changes: DatabaseStatus[] = [];
    const monitor = await monitored(db, changes);
    await expect.poll(() => monitor.status().latencyMs, { timeout: 5000 }).toBeDefined();
    expect(monitor.status().up).toBe(true);

    const stoppedMs = Date.now();
    await db.stop();
    await expect.poll(() => monitor.status().up, { timeout: 5000 }).toBe(false);
    const down = monitor.status();
    expect(down.reason).toBe('connection refused');
    expect(down.sinceMs).toBeGreaterThanOrEqual(stoppedMs);
    expect(changes).toEqual([down]);
  });

  it('stops pinging on close', async () => {
    const db = await startEmbeddedDatabase();
    cleanup.push(() => db.stop());
    const changes: DatabaseStatus[] = [];
    const monitor = await monitored(db, changes);
    await expect.poll(() => monitor.status().latencyMs, { timeout: 5000 }).toBeDefined();
    await monitor.close();
    await db.stop();
    // Absence takes a wait: a ping would notice the database gone within interval + deadline.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(changes).toEqual([]);
    expect(monitor.status().up).toBe(true);
  });
});
