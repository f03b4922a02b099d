import type { EventLogEntry, SequencedPayloads, SequencedType } from '@scrubin/protocol';

/** Test support: a gapless log written one event at a time, as the server would number it. */
export class TestLog {
  readonly entries: EventLogEntry[] = [];

  constructor(readonly sessionId = 'session_1_test') {}

  add<T extends SequencedType>(
    tick: number,
    userId: string,
    type: T,
    payload: SequencedPayloads[T],
  ): EventLogEntry {
    const entry = {
      sessionId: this.sessionId,
      seq: this.entries.length + 1,
      tick,
      type,
      userId,
      at: '2025-01-01T00:00:00.000Z',
      payload,
    } as EventLogEntry;
    this.entries.push(entry);
    return entry;
  }

  /**
   * A scalpel stroke along x at `depthM` below the surface, from `x0` to `x1` at z = `z`: activate,
   * then a pose every 3 ticks. Returns the last tick used.
   */
  stroke(
    fromTick: number,
    userId: string,
    x0: number,
    x1: number,
    z: number,
    depthM: number,
    steps = 20,
  ): number {
    const um = (m: number) => Math.round(m * 1_000_000);
    const pose = (x: number) => ({
      positionUm: [um(x), um(-depthM), um(z)] as [number, number, number],
      rotationQ: [0, 0, 0, 32767] as [number, number, number, number],
    });
    let tick = fromTick;
    this.add(tick, userId, 'tool-interaction', {
      tool: 'scalpel',
      action: 'activate',
      pose: pose(x0),
    });
    for (let k = 1; k <= steps; k++) {
      tick += 3;
      this.add(tick, userId, 'tool-interaction', {
        tool: 'scalpel',
        action: 'pose',
        pose: pose(x0 + ((x1 - x0) * k) / steps),
      });
    }
    tick += 3;
    this.add(tick, userId, 'tool-interaction', { tool: 'scalpel', action: 'deactivate' });
    return tick;
  }
}
