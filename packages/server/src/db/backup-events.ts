import type { Db } from 'mongodb';
import type {
  BucketDoc,
  JournalDoc,
  LogCollections,
  LogLayout,
  StoredEntry,
} from '../eventlog/layout.js';
import { EVENTS_PER_LINE, eventsLine, type BackupEntry } from './backup-format.js';

/** Collections of the accounts and sessions (see models.ts). */
export const USERS = 'users';
export const SESSIONS = 'simulations';
/** Where the event log keeps its layout (the document `LogCollections.open` reads and writes). */
export const META = 'meta';
export const LAYOUT_ID = 'eventlog-layout';
/** The one-document-per-event log of early versions, folded into buckets by a server's start. */
export const LEGACY_EVENTS = 'events';

/** The event log layout stored in the database, without storing one. */
export async function storedLayout(db: Db): Promise<LogLayout | null> {
  const doc = await db
    .collection<{ _id: string; layout: LogLayout }>(META)
    .findOne({ _id: LAYOUT_ID });
  return doc?.layout ?? null;
}

/** Every entry left in the journal, by session, in seq order. */
export async function readJournal(cols: LogCollections): Promise<Map<string, StoredEntry[]>> {
  const bySession = new Map<string, StoredEntry[]>();
  for (const journal of cols.journals()) {
    for await (const doc of journal.find({}) as AsyncIterable<JournalDoc>) {
      for (const e of JSON.parse(doc.entries) as StoredEntry[]) {
        let list = bySession.get(e.sessionId);
        if (!list) bySession.set(e.sessionId, (list = []));
        list.push(e);
      }
    }
  }
  for (const list of bySession.values()) list.sort((a, b) => a.seq - b.seq);
  return bySession;
}

/** Sessions and entries in the log: bucket counts plus journal entries past each bucket end. */
export async function countEvents(
  cols: LogCollections,
  journal: Map<string, StoredEntry[]>,
): Promise<{ eventSessions: number; events: number }> {
  let events = 0;
  const lastSeq = new Map<string, number>();
  for (const buckets of cols.allBuckets()) {
    const cursor = buckets.find({}, { projection: { sessionId: 1, lastSeq: 1, count: 1 } });
    for await (const b of cursor) {
      events += b.count;
      lastSeq.set(b.sessionId, Math.max(lastSeq.get(b.sessionId) ?? 0, b.lastSeq));
    }
  }
  const sessions = new Set(lastSeq.keys());
  for (const [sessionId, list] of journal) {
    const after = lastSeq.get(sessionId) ?? 0;
    const fresh = new Set(list.filter((e) => e.seq > after).map((e) => e.seq)).size;
    events += fresh;
    if (fresh > 0) sessions.add(sessionId);
  }
  return { eventSessions: sessions.size, events };
}

/**
 * Writes every session's log, partition by partition, session by session, a bucket at a time,
 * merging what the journal holds for it; each (session, seq) once, in seq order.
 */
export async function exportEvents(
  cols: LogCollections,
  journal: Map<string, StoredEntry[]>,
  write: (text: string) => Promise<void>,
  wrote: (sessions: number, events: number) => void,
): Promise<void> {
  const left = new Map(journal);
  let current: SessionLog | undefined;
  const begin = async (sessionId: string) => {
    await current?.end();
    current = new SessionLog(sessionId, left.get(sessionId) ?? [], write, wrote);
    left.delete(sessionId);
    return current;
  };
  for (const buckets of cols.allBuckets()) {
    const cursor = buckets.find({}).sort({ sessionId: 1, lastSeq: 1 }).batchSize(16);
    for await (const bucket of cursor as AsyncIterable<BucketDoc>) {
      const log = current?.sessionId === bucket.sessionId ? current : await begin(bucket.sessionId);
      for (const e of JSON.parse(bucket.entries) as StoredEntry[]) await log.add(e);
    }
    await current?.end();
    current = undefined;
  }
  // Sessions whose every entry is still in the journal.
  for (const sessionId of [...left.keys()].sort()) await (await begin(sessionId)).end();
}

/** One session's log on its way out: bucket entries merged with the journal's, in lines. */
class SessionLog {
  #last = 0;
  #pending: BackupEntry[] = [];

  constructor(
    readonly sessionId: string,
    /** The journal's entries of this session, in seq order. */
    private readonly journal: StoredEntry[],
    private readonly write: (text: string) => Promise<void>,
    private readonly wrote: (sessions: number, events: number) => void,
  ) {}

  /** The next bucket entry (after any journal entry before it). */
  async add(e: StoredEntry): Promise<void> {
    while (this.journal.length > 0 && this.journal[0]!.seq < e.seq) {
      await this.#push(this.journal.shift()!);
    }
    await this.#push(e);
  }

  /** The journal's remaining entries, then the last line. */
  async end(): Promise<void> {
    for (const e of this.journal.splice(0)) await this.#push(e);
    await this.#flush();
    if (this.#last > 0) this.wrote(1, 0);
  }

  async #push(e: StoredEntry): Promise<void> {
    if (e.seq <= this.#last) return;
    this.#last = e.seq;
    this.#pending.push(toBackupEntry(e));
    if (this.#pending.length >= EVENTS_PER_LINE) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const entries = this.#pending;
    this.#pending = [];
    await this.write(eventsLine(this.sessionId, entries));
    this.wrote(0, entries.length);
  }
}

function toBackupEntry(e: StoredEntry): BackupEntry {
  return {
    seq: e.seq,
    tick: e.tick,
    type: e.type,
    userId: e.userId,
    at: new Date(e.at).toISOString(),
    payload: e.payload,
  };
}
