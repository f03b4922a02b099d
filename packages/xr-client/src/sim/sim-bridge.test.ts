import { describe, expect, it } from 'vitest';
import { createInProcessSimWorker, type InProcessSimWorker } from './in-process-worker.js';
import { SimBridge } from './sim-bridge.js';
import type { SimStatus } from './sim-protocol.js';
import { TestLog } from './test-log.js';

const SURGEON = 'user_surgeon';

/** Resolves with the first status that satisfies `test`. */
function statusWhere(bridge: SimBridge, test: (s: SimStatus) => boolean): Promise<SimStatus> {
  return new Promise((resolve) => {
    const off = bridge.onStatus((status) => {
      if (!test(status)) return;
      off();
      resolve(status);
    });
  });
}

function strokeLog(x0: number, x1: number): TestLog {
  const log = new TestLog();
  log.add(0, SURGEON, 'participant-joined', { name: 'Dr. Lin', role: 'surgeon' });
  log.add(0, SURGEON, 'simulation-state', { status: 'active', action: 'start', durationS: 0 });
  log.stroke(10, SURGEON, x0, x1, 0, 0.0025);
  return log;
}

describe('SimBridge on the in-process worker', () => {
  it('reset puts the World back to its start, and a different log then builds it anew', async () => {
    let worker: InProcessSimWorker | undefined;
    const bridge = new SimBridge(() => (worker = createInProcessSimWorker()));
    bridge.init('skin-incision', 'low', 1);
    const first = strokeLog(-0.03, 0.03);
    const end = first.entries.at(-1)!.tick + 30;
    for (const entry of first.entries) bridge.pushEntry(entry);
    bridge.advance(end);
    const cutLong = await statusWhere(bridge, (s) => s.tick === end);
    expect(cutLong.severedSurfaceEdges).toBeGreaterThan(0);
    const hashLong = worker!.host.runner!.world.hash();

    bridge.reset();
    await statusWhere(bridge, (s) => s.tick === 0 && s.lastSeq === 0);
    expect(worker!.host.runner!.world.hash()).not.toBe(hashLong);

    // The same seqs again, now a shorter stroke: applied, not dropped as already seen.
    const second = strokeLog(-0.03, 0);
    for (const entry of second.entries) bridge.pushEntry(entry);
    bridge.advance(end);
    const cutShort = await statusWhere(bridge, (s) => s.tick === end);
    expect(cutShort.lastSeq).toBe(second.entries.length);
    expect(cutShort.severedSurfaceEdges).toBeGreaterThan(0);
    expect(cutShort.severedSurfaceEdges).toBeLessThan(cutLong.severedSurfaceEdges);
    bridge.dispose();
  });
});
