import createDebug from 'debug';
import {
  MAX_BUCKET_ENTRIES,
  fromStored,
  isDuplicateKeyError,
  toStored,
  type BucketDoc,
  type EventDoc,
  type LogCollections,
} from './layout.js';

const debug = createDebug('scrubin:server:event-buckets');

/**
 * The compacted log: per-session bucket documents of consecutive entries. Writes are
 * idempotent: entries at or below a session's stored last seq are skipped, so folding the same
 * journal twice (a crash between writing buckets and clearing the journal) stores each once.
 */
export class BucketStore {
  /** Highest seq stored in buckets, per session, once read or written. */
  readonly #lastSeq = new Map<string, number>();

  constructor(private readonly cols: LogCollections) {}

  /** The highest seq stored in the session's buckets; 0 when none. */
  async lastSeq(sessionId: string): Promise<number> {
    const known = this.#lastSeq.get(sessionId);
    if (known !== undefined) return known;
    const last = await this.cols
      .bucketsOf(sessionId)
      .find({ sessionId }, { projection: { lastSeq: 1 } })
      .sort({ lastSeq: -1 })
      .limit(1)
      .next();
    const seq = last?.lastSeq ?? 0;
    // A concurrent write may have raised it meanwhile.
    const now = this.#lastSeq.get(sessionId);
    if (now === undefined || now < seq) this.#lastSeq.set(sessionId, seq);
    return this.#lastSeq.get(sessionId)!;
  }

  /** Stores the entries (any sessions, any order, duplicates allowed). Returns how many were new. */
  async write(entries: Iterable<EventDoc>): Promise<number> {
    const bySession = new Map<string, EventDoc[]>();
    for (const e of entries) {
      let list = bySession.get(e.sessionId);
      if (!list) bySession.set(e.sessionId, (list = []));
      list.push(e);
    }
    const byPartition = new Map<number, BucketDoc[]>();
    const lastBySession = new Map<string, number>();
    for (const [sessionId, list] of bySession) {
      const stored = await this.lastSeq(sessionId);
      list.sort((a, b) => a.seq - b.seq);
      const fresh: EventDoc[] = [];
      for (const e of list) {
        if (e.seq > stored && e.seq !== fresh.at(-1)?.seq) fresh.push(e);
      }
      if (fresh.length === 0) continue;
      if (fresh[0]!.seq !== stored + 1) {
        debug('session %s: buckets end at %d, next entry is %d', sessionId, stored, fresh[0]!.seq);
      }
      const partition = this.cols.bucketPartitionOf(sessionId);
      let docs = byPartition.get(partition);
      if (!docs) byPartition.set(partition, (docs = []));
      for (let i = 0; i < fresh.length; i += MAX_BUCKET_ENTRIES)
        docs.push(bucketOf(fresh.slice(i, i + MAX_BUCKET_ENTRIES)));
      lastBySession.set(sessionId, fresh.at(-1)!.seq);
    }
    let written = 0;
    for (const [partition, docs] of byPartition) {
      try {
        await this.cols.buckets(partition).insertMany(docs, { ordered: false });
        written += docs.reduce((n, d) => n + d.count, 0);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // Someone stored some of these first: forget what we believed and store the rest.
        for (const doc of docs) this.#lastSeq.delete(doc.sessionId);
        const again = docs.flatMap((d) => parseEntries(d.entries));
        written += await this.write(again);
        for (const doc of docs) lastBySession.delete(doc.sessionId);
      }
    }
    for (const [sessionId, seq] of lastBySession) {
      if ((this.#lastSeq.get(sessionId) ?? 0) < seq) this.#lastSeq.set(sessionId, seq);
    }
    return written;
  }

  /** Up to `limit` stored entries of a session with `seq > afterSeq`, in seq order. */
  async read(sessionId: string, afterSeq: number, limit: number): Promise<EventDoc[]> {
    const out: EventDoc[] = [];
    const cursor = this.cols
      .bucketsOf(sessionId)
      .find({ sessionId, lastSeq: { $gt: afterSeq } })
      .sort({ firstSeq: 1 })
      .batchSize(4);
    try {
      for await (const bucket of cursor) {
        for (const e of parseEntries(bucket.entries)) {
          if (e.seq > afterSeq && e.seq > (out.at(-1)?.seq ?? 0)) out.push(e);
        }
        if (out.length >= limit) break;
      }
    } finally {
      await cursor.close();
    }
    return out.slice(0, limit);
  }

  /** Forgets what is known of a session (its buckets changed elsewhere). */
  forget(sessionId: string): void {
    this.#lastSeq.delete(sessionId);
  }
}

function bucketOf(entries: EventDoc[]): BucketDoc {
  const first = entries[0]!;
  const last = entries.at(-1)!;
  return {
    _id: `${first.sessionId}:${first.seq}`,
    sessionId: first.sessionId,
    firstSeq: first.seq,
    lastSeq: last.seq,
    count: entries.length,
    firstAt: first.at,
    lastAt: last.at,
    entries: JSON.stringify(entries.map(toStored)),
  };
}

/** The entries of a journal or bucket document. */
export function parseEntries(json: string): EventDoc[] {
  return (JSON.parse(json) as Parameters<typeof fromStored>[0][]).map(fromStored);
}
