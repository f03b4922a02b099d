import { describe, expect, it } from 'vitest';
import type { SimulationDoc } from '../db/models.js';
import type { EventLog } from '../eventlog/event-log.js';
import { SessionRuntime, type RoomBroadcaster } from './session-runtime.js';

/** Seat holds need nothing of the log or the room. */
function runtime(): SessionRuntime {
  const doc = { sessionId: 'session_1', creatorId: 'host', status: 'idle' } as SimulationDoc;
  return new SessionRuntime(doc, 0, {} as EventLog, {} as RoomBroadcaster);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reading a seat while its hold runs out', () => {
  it('reads again when a release starts during the read, after it is written', async () => {
    const r = runtime();
    const write = deferred();
    let released = false;
    r.scheduleSeatRelease('u1', 5, () => write.promise.then(() => (released = true)));
    let reads = 0;
    const seat = r.readSeat('u1', async () => {
      reads += 1;
      // The hold runs out while the first read is under way; its write lands later.
      if (reads === 1) await sleep(30);
      return released ? 'closed' : 'open';
    });
    await sleep(40);
    write.resolve();
    expect(await seat).toBe('closed');
    expect(reads).toBe(2);
  });

  it('waits for a release under way before reading', async () => {
    const r = runtime();
    const write = deferred();
    let released = false;
    r.scheduleSeatRelease('u1', 1, () => write.promise.then(() => (released = true)));
    await sleep(10);
    const seat = r.readSeat('u1', async () => (released ? 'closed' : 'open'));
    await sleep(10);
    write.resolve();
    expect(await seat).toBe('closed');
  });

  it('reads once when no hold runs out', async () => {
    const r = runtime();
    r.scheduleSeatRelease('u1', 60_000, () => Promise.resolve());
    let reads = 0;
    expect(await r.readSeat('u1', async () => ++reads)).toBe(1);
    r.dispose();
  });
});
