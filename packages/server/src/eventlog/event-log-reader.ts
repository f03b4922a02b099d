import type { EventLogEntry } from '@scrubin/protocol';
import type { Model } from 'mongoose';
import type { EventDoc } from '../db/models.js';
import type { EventLogWriter } from './event-log-writer.js';

/** The wire form of a stored entry. */
export function toLogEntry(doc: EventDoc): EventLogEntry {
  return {
    sessionId: doc.sessionId,
    seq: doc.seq,
    tick: doc.tick,
    type: doc.type,
    userId: doc.userId,
    at: new Date(doc.at).toISOString(),
    payload: doc.payload,
  } as EventLogEntry;
}

/** Reads the log: the database plus what the writer still holds, merged by seq. */
export class EventLogReader {
  constructor(
    private readonly events: Model<EventDoc>,
    private readonly writer: EventLogWriter,
  ) {}

  /** Up to `limit` entries with `seq > afterSeq`, in seq order. */
  async readAfter(sessionId: string, afterSeq: number, limit: number): Promise<EventLogEntry[]> {
    // Take pending first: an entry moves from pending to stored, never the other way.
    const pending = this.writer.pendingAfter(sessionId, afterSeq);
    const stored = await this.events
      .find({ sessionId, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<EventDoc[]>();
    const bySeq = new Map<number, EventDoc>();
    for (const doc of stored) bySeq.set(doc.seq, doc);
    for (const doc of pending) if (!bySeq.has(doc.seq)) bySeq.set(doc.seq, doc);
    return [...bySeq.values()]
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit)
      .map(toLogEntry);
  }

  /** The session's highest seq, stored or pending; 0 when it has no events. */
  async lastSeq(sessionId: string): Promise<number> {
    const last = await this.events
      .findOne({ sessionId })
      .sort({ seq: -1 })
      .select({ seq: 1 })
      .lean<{ seq: number } | null>();
    return Math.max(last?.seq ?? 0, this.writer.maxPendingSeq(sessionId));
  }
}
