/** Builds log entries the way the server stores them: gapless seqs, ticks, quantized poses. */
import {
  quantizeMetres,
  type EventLogEntry,
  type Quat,
  type SequencedPayloads,
  type SequencedType,
  type Tool,
  type Vec3,
} from '@scrubin/protocol';
import { SIM_TICK_HZ } from '@scrubin/sim';

/** Identity rotation: the blade edge (tool +x) lies along scene +x. */
export const IDENTITY_Q: Quat = [0, 0, 0, 32767];

const START_MS = Date.UTC(2026, 0, 1, 9, 0, 0);

/** A gapless event log of one session. */
export class EventLog {
  readonly entries: EventLogEntry[] = [];
  #seq = 0;

  constructor(readonly sessionId = 'session_bench') {}

  /** The next entry at `tick`, appended to the log and returned. */
  add<T extends SequencedType>(
    tick: number,
    type: T,
    userId: string,
    payload: SequencedPayloads[T],
  ): EventLogEntry {
    const entry = {
      sessionId: this.sessionId,
      seq: ++this.#seq,
      tick,
      type,
      userId,
      at: new Date(START_MS + (tick * 1000) / SIM_TICK_HZ).toISOString(),
      payload,
    } as EventLogEntry;
    this.entries.push(entry);
    return entry;
  }

  /** A tool pose at `tipM` (metres, quantized to µm here, as the server does). */
  pose(tick: number, userId: string, tool: Tool, tipM: Vec3, rotationQ: Quat = IDENTITY_Q) {
    return this.add(tick, 'tool-interaction', userId, {
      tool,
      action: 'pose',
      pose: {
        positionUm: [quantizeMetres(tipM[0]), quantizeMetres(tipM[1]), quantizeMetres(tipM[2])],
        rotationQ,
      },
    });
  }

  /** A tool action without a pose (activate, deactivate, open, close). */
  action(
    tick: number,
    userId: string,
    tool: Tool,
    action: SequencedPayloads['tool-interaction']['action'],
  ) {
    return this.add(tick, 'tool-interaction', userId, { tool, action });
  }
}
