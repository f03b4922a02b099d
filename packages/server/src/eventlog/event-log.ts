import { randomBytes } from 'node:crypto';
import { ScrubinError, type EventLogEntry } from '@scrubin/protocol';
import createDebug from 'debug';
import type { Db } from 'mongodb';
import type { EventLogOptions } from '../config.js';
import { BucketStore, parseEntries } from './bucket-store.js';
import {
  LogCollections,
  isDuplicateKeyError,
  toStored,
  type EventDoc,
  type JournalDoc,
  type LogLayout,
} from './layout.js';
import { readSpillFiles, removeSpillFile, writeSpillFile } from './spill.js';

const debug = createDebug('scrubin:server:event-log');

/** What /api/metrics reports of the log. */
export interface EventLogStats {
  /** Entries accepted and not yet stored (their senders wait for the ack). */
  queueDepth: number;
  /** Age of the oldest entry not yet stored, seconds. */
  lagS: number;
  /** Entries stored. */
  written: number;
  /** Group commits stored. */
  batches: number;
  /** Failed commit writes (retried). */
  failures: number;
  /** Events refused because the queue was full. */
  refused: number;
  /** Acks answered `TIMEOUT` because storing took too long (the entry stays queued). */
  ackTimeouts: number;
  /** Stored entries still only in the journal (held in memory for reads too). */
  journalEntries: number;
  /** Compactions of the journal into buckets. */
  compactions: number;
}

/** What a start found and imported before serving. */
export interface RecoveryReport {
  journalEntries: number;
  spilledEntries: number;
  spillFiles: string[];
  legacyEntries: number;
}

/** What a shutdown could not store: written to a spill file instead. */
export interface CloseReport {
  spilled: number;
  file?: string;
}

interface Waiting {
  doc: EventDoc;
  onStored: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
  enqueuedMs: number;
  /** The ack was answered (TIMEOUT) already; storing still broadcasts. */
  answered: boolean;
}

interface Commit {
  no: number;
  items: Waiting[];
  doc: JournalDoc;
}

interface JournalTail {
  no: number;
  at: number;
  docs: EventDoc[];
}

/**
 * The durable event log. `append` resolves only once the entry is stored: entries of a few
 * milliseconds go to the database as one journal document (group commit), and each entry's
 * `onStored` runs in seq order right after, before its promise resolves. Stored entries are
 * folded into per-session buckets in the background (compaction), so no collection grows with
 * the log; until then they are read from memory. At start, what an earlier process left in the
 * journal or in spill files is folded into buckets before anything is served.
 */
export class EventLog {
  readonly #boot = randomBytes(6).toString('hex');
  #queue: Waiting[] = [];
  #inflight: Commit | undefined;
  #nextCommitNo = 1;
  #lastCommitMs = 0;
  #scheduled: NodeJS.Timeout | undefined;
  #backoffMs = 0;
  #retryAtMs = 0;
  #closed = false;
  /** Closed and spilled: nothing more is written. */
  #spilled = false;
  #committing = false;
  /** Stored commits not yet compacted, oldest first. */
  #tail: JournalTail[] = [];
  /** The same entries by session, in seq order. */
  readonly #tailBySession = new Map<string, EventDoc[]>();
  #tailEntries = 0;
  /** Commits at or below this number are compacted and cleared from the journal. */
  #compactedThrough = 0;
  #compacting: Promise<void> | undefined;
  /** Queued entries per session. */
  readonly #queuedBySession = new Map<string, number>();
  readonly #sweep: NodeJS.Timeout;
  readonly #stats = {
    written: 0,
    batches: 0,
    failures: 0,
    refused: 0,
    ackTimeouts: 0,
    compactions: 0,
  };

  private constructor(
    private readonly cols: LogCollections,
    private readonly buckets: BucketStore,
    private readonly options: EventLogOptions,
    private readonly onError: (err: unknown, what: string) => void,
  ) {
    this.#sweep = setInterval(() => this.#sweepDeadlines(), 100);
    this.#sweep.unref();
  }

  /**
   * Opens the log of a database: uses (or stores) its layout, then folds what an earlier process
   * left in the journal and in the spill files of `options.dataDir` into buckets.
   */
  static async open(
    db: Db,
    options: EventLogOptions,
    preferredLayout: LogLayout,
    onError: (err: unknown, what: string) => void = () => {},
  ): Promise<{ log: EventLog; recovery: RecoveryReport }> {
    const cols = await LogCollections.open(db, preferredLayout);
    const buckets = new BucketStore(cols);
    const recovery = await recover(cols, buckets, options.dataDir);
    return { log: new EventLog(cols, buckets, options, onError), recovery };
  }

  /** The layout in use. */
  get layout(): LogLayout {
    return this.cols.layout;
  }

  /** Whether another entry fits. */
  hasRoom(): boolean {
    return (
      !this.#closed &&
      this.#queue.length + (this.#inflight?.items.length ?? 0) < this.options.maxQueue
    );
  }

  /**
   * Queues an entry for the next group commit. `onStored` runs once it is stored, in the order
   * entries were appended; the promise resolves after it. `force` skips the queue bound (for the
   * server's own events, which follow a change already made).
   * @throws ScrubinError `UNAVAILABLE` (synchronously) when the queue is full or the log closed.
   * The promise rejects with `TIMEOUT` after `ackTimeoutMs` (the entry stays queued and may still
   * be stored) or `UNAVAILABLE` when a shutdown spilled it.
   */
  append(doc: EventDoc, onStored: () => void, { force = false } = {}): Promise<void> {
    if (this.#closed || (!force && !this.hasRoom())) {
      this.#stats.refused += 1;
      throw new ScrubinError(
        'UNAVAILABLE',
        this.#closed
          ? 'The server is shutting down; try again on reconnect'
          : 'The event log is full (the database is not keeping up); try again shortly',
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ doc, onStored, resolve, reject, enqueuedMs: Date.now(), answered: false });
      this.#queuedBySession.set(doc.sessionId, (this.#queuedBySession.get(doc.sessionId) ?? 0) + 1);
      this.#schedule();
    });
  }

  /** Whether a session has entries not yet stored. */
  hasQueued(sessionId: string): boolean {
    return (this.#queuedBySession.get(sessionId) ?? 0) > 0;
  }

  /** Stored entries of a session with `seq > afterSeq`, in seq order, at most `limit`. */
  async readAfter(sessionId: string, afterSeq: number, limit: number): Promise<EventLogEntry[]> {
    // The tail first: an entry moves from the tail to the buckets, never back.
    const tail = (this.#tailBySession.get(sessionId) ?? []).filter((d) => d.seq > afterSeq);
    const fromBuckets =
      tail.length > 0 && tail[0]!.seq === afterSeq + 1
        ? []
        : await this.buckets.read(sessionId, afterSeq, limit);
    const merged: EventDoc[] = [...fromBuckets];
    for (const doc of tail) if (doc.seq > (merged.at(-1)?.seq ?? afterSeq)) merged.push(doc);
    return merged.slice(0, limit).map(toLogEntry);
  }

  /** The highest stored seq of a session; 0 when it has none. */
  async lastSeq(sessionId: string): Promise<number> {
    const tailLast = this.#tailBySession.get(sessionId)?.at(-1)?.seq ?? 0;
    return Math.max(tailLast, await this.buckets.lastSeq(sessionId));
  }

  stats(): EventLogStats {
    const oldest = this.#inflight?.items[0] ?? this.#queue[0];
    return {
      queueDepth: this.#queue.length + (this.#inflight?.items.length ?? 0),
      lagS: oldest ? (Date.now() - oldest.enqueuedMs) / 1000 : 0,
      journalEntries: this.#tailEntries,
      ...this.#stats,
    };
  }

  /** Waits until every entry queued so far is stored, or `timeoutMs` passes (then throws). */
  async flush(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length > 0 || this.#inflight) {
      if (Date.now() > deadline) {
        throw new ScrubinError(
          'TIMEOUT',
          `The event log did not store ${this.stats().queueDepth} entries within ${timeoutMs} ms`,
        );
      }
      this.#schedule(true);
      await delay(10);
    }
  }

  /** Folds every stored entry held in memory into buckets now. */
  async compactNow(): Promise<void> {
    await this.#compacting;
    await this.#compact();
  }

  /**
   * Refuses new entries, stores what is queued for up to `options.shutdownFlushMs`, and writes
   * whatever the database did not take to a spill file that the next start imports.
   */
  async close(): Promise<CloseReport> {
    this.#closed = true;
    clearInterval(this.#sweep);
    try {
      await this.flush(this.options.shutdownFlushMs);
    } catch {
      // Spilled below.
    }
    this.#spilled = true;
    clearTimeout(this.#scheduled);
    const unsaved = [...(this.#inflight?.items ?? []), ...this.#queue];
    // Compaction is only tidying: the journal keeps what it has not folded yet.
    await Promise.race([this.#compacting, delay(1000)]);
    if (unsaved.length === 0) return { spilled: 0 };
    this.#queue = [];
    this.#inflight = undefined;
    const file = writeSpillFile(
      this.options.dataDir,
      unsaved.map((w) => w.doc),
    );
    for (const w of unsaved) {
      if (!w.answered)
        w.reject(
          new ScrubinError(
            'UNAVAILABLE',
            'The server stopped before the database took this event; it is kept for the next start',
          ),
        );
    }
    return { spilled: unsaved.length, file };
  }

  /** Starts a commit when the commit interval has passed since the last one (or now). */
  #schedule(now = false): void {
    if (this.#scheduled || this.#committing || this.#spilled) return;
    if (!this.#inflight && this.#queue.length === 0) return;
    const t = Date.now();
    let at = this.#inflight
      ? this.#retryAtMs
      : now || this.#queue.length >= this.options.maxBatch
        ? t
        : this.#lastCommitMs + this.options.commitIntervalMs;
    at = Math.max(at, this.#retryAtMs);
    this.#scheduled = setTimeout(
      () => {
        this.#scheduled = undefined;
        void this.#commit();
      },
      Math.max(0, at - t),
    );
  }

  async #commit(): Promise<void> {
    if (this.#committing) return;
    this.#committing = true;
    try {
      if (!this.#inflight) {
        if (this.#queue.length === 0) return;
        const no = this.#nextCommitNo;
        if (!this.#journalHasRoom(no)) {
          // Compaction is behind: the journal partition about to be reused still holds commits.
          void this.#startCompaction();
          this.#retryAtMs = Date.now() + 20;
          return;
        }
        this.#nextCommitNo += 1;
        const items = this.#queue.splice(0, this.options.maxBatch);
        this.#inflight = {
          no,
          items,
          doc: {
            _id: no,
            boot: this.#boot,
            at: new Date(),
            count: items.length,
            entries: JSON.stringify(items.map((w) => toStored(w.doc))),
          },
        };
      }
      const commit = this.#inflight;
      this.#lastCommitMs = Date.now();
      try {
        await this.#writeJournal(commit);
      } catch (err) {
        this.#stats.failures += 1;
        this.#backoffMs = Math.min(this.options.maxBackoffMs, Math.max(50, this.#backoffMs * 2));
        this.#retryAtMs = Date.now() + this.#backoffMs;
        debug(
          'commit %d (%d entries) failed, retry in %d ms: %s',
          commit.no,
          commit.items.length,
          this.#backoffMs,
          String(err),
        );
        this.onError(err, 'event log commit failed; retrying');
        return;
      }
      // A shutdown spilled it meanwhile: the next start stores it once from either place.
      if (this.#inflight !== commit) return;
      this.#inflight = undefined;
      this.#backoffMs = 0;
      this.#retryAtMs = 0;
      this.#stored(commit);
    } finally {
      this.#committing = false;
      this.#schedule();
    }
  }

  async #writeJournal(commit: Commit): Promise<void> {
    const journal = this.cols.journal(this.cols.journalPartitionOf(commit.no));
    try {
      await journal.insertOne(commit.doc);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // A retry of a write that had landed: ours if it carries this process's boot id.
      const existing = await journal.findOne({ _id: commit.no }, { projection: { boot: 1 } });
      if (existing?.boot !== this.#boot) {
        throw new Error(
          `Journal entry ${commit.no} belongs to another process; is another server writing to this database?`,
          { cause: err },
        );
      }
    }
  }

  #stored(commit: Commit): void {
    const docs = commit.items.map((w) => w.doc);
    this.#tail.push({ no: commit.no, at: Date.now(), docs });
    this.#tailEntries += docs.length;
    this.#stats.written += docs.length;
    this.#stats.batches += 1;
    for (const w of commit.items) {
      const doc = w.doc;
      let list = this.#tailBySession.get(doc.sessionId);
      if (!list) this.#tailBySession.set(doc.sessionId, (list = []));
      list.push(doc);
      const queued = (this.#queuedBySession.get(doc.sessionId) ?? 1) - 1;
      if (queued > 0) this.#queuedBySession.set(doc.sessionId, queued);
      else this.#queuedBySession.delete(doc.sessionId);
    }
    for (const w of commit.items) {
      try {
        w.onStored();
      } catch (err) {
        this.onError(err, 'broadcast of a stored event failed');
      }
      if (!w.answered) w.resolve();
    }
    if (this.#compactionDue()) void this.#startCompaction();
  }

  /** Whether commit `no` can go to its journal partition (its previous use was compacted). */
  #journalHasRoom(no: number): boolean {
    const { journalPartitions, commitsPerJournalPartition } = this.cols.layout;
    if (journalPartitions === 1) return true;
    return no - this.#compactedThrough <= (journalPartitions - 1) * commitsPerJournalPartition;
  }

  #compactionDue(): boolean {
    if (this.#tail.length === 0) return false;
    const { journalPartitions, commitsPerJournalPartition } = this.cols.layout;
    const uncompactedCommits = this.#tail.at(-1)!.no - this.#compactedThrough;
    return (
      this.#tailEntries >= this.options.compactEntries ||
      Date.now() - this.#tail[0]!.at >= this.options.compactAfterMs ||
      (journalPartitions > 1 &&
        uncompactedCommits >= (journalPartitions / 2) * commitsPerJournalPartition)
    );
  }

  #startCompaction(): Promise<void> {
    this.#compacting ??= this.#compact()
      .catch((err: unknown) => this.onError(err, 'event log compaction failed; will retry'))
      .finally(() => {
        this.#compacting = undefined;
      });
    return this.#compacting;
  }

  /** Folds the stored tail into buckets, then clears those commits from the journal. */
  async #compact(): Promise<void> {
    const taken = this.#tail.slice();
    if (taken.length === 0) return;
    const through = taken.at(-1)!.no;
    await this.buckets.write(taken.flatMap((c) => c.docs));
    // Out of memory only once in buckets; readers look at memory first.
    const lastBySession = new Map<string, number>();
    for (const c of taken) for (const d of c.docs) lastBySession.set(d.sessionId, d.seq);
    this.#tail = this.#tail.filter((c) => c.no > through);
    this.#tailEntries = this.#tail.reduce((n, c) => n + c.docs.length, 0);
    for (const [sessionId, last] of lastBySession) {
      const rest = (this.#tailBySession.get(sessionId) ?? []).filter((d) => d.seq > last);
      if (rest.length > 0) this.#tailBySession.set(sessionId, rest);
      else this.#tailBySession.delete(sessionId);
    }
    const partitions = new Set<number>();
    for (const c of taken) partitions.add(this.cols.journalPartitionOf(c.no));
    for (const p of partitions) await this.cols.journal(p).deleteMany({ _id: { $lte: through } });
    this.#compactedThrough = through;
    this.#stats.compactions += 1;
    debug('compacted %d commits through %d', taken.length, through);
  }

  /** Answers `TIMEOUT` to acks that waited too long; their entries stay queued. */
  #sweepDeadlines(): void {
    const limit = Date.now() - this.options.ackTimeoutMs;
    for (const list of [this.#inflight?.items ?? [], this.#queue]) {
      for (const w of list) {
        if (w.enqueuedMs > limit) break;
        if (w.answered) continue;
        w.answered = true;
        this.#stats.ackTimeouts += 1;
        w.reject(
          new ScrubinError(
            'TIMEOUT',
            `The database did not store this event within ${this.options.ackTimeoutMs} ms; it is still queued and may yet be stored`,
          ),
        );
      }
    }
    if (this.#compactionDue()) void this.#startCompaction();
  }
}

/** The wire form of an entry. */
export function toLogEntry(doc: EventDoc): EventLogEntry {
  return {
    sessionId: doc.sessionId,
    seq: doc.seq,
    tick: doc.tick,
    type: doc.type,
    userId: doc.userId,
    at: doc.at.toISOString(),
    payload: doc.payload,
  } as EventLogEntry;
}

/** Folds what an earlier process left (journal, spill files, the old one-document-per-event log) into buckets. */
async function recover(
  cols: LogCollections,
  buckets: BucketStore,
  dataDir: string,
): Promise<RecoveryReport> {
  const journalDocs: EventDoc[] = [];
  const dirty: number[] = [];
  for (let p = 0; p < cols.layout.journalPartitions; p++) {
    let any = false;
    for await (const doc of cols.journal(p).find({})) {
      journalDocs.push(...parseEntries(doc.entries));
      any = true;
    }
    if (any) dirty.push(p);
  }
  const spills = readSpillFiles(dataDir);
  const spilled = spills.flatMap((s) => s.entries);
  const legacy = cols.db.collection<EventDoc>('events');
  // Logs written before buckets: one document per event.
  const legacyDocs = (await legacy.find({}).toArray()).map((d): EventDoc => ({
    sessionId: d.sessionId,
    seq: d.seq,
    tick: d.tick,
    type: d.type,
    userId: d.userId,
    at: new Date(d.at),
    payload: d.payload ?? {},
  }));
  await buckets.write([...journalDocs, ...spilled, ...legacyDocs]);
  for (const p of dirty) await cols.journal(p).deleteMany({});
  if (legacyDocs.length > 0) await legacy.deleteMany({});
  for (const s of spills) removeSpillFile(s.path);
  return {
    journalEntries: journalDocs.length,
    spilledEntries: spilled.length,
    spillFiles: spills.map((s) => s.path),
    legacyEntries: legacyDocs.length,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
