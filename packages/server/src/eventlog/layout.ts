import type { Collection, Db } from 'mongodb';
import type { SequencedType } from '@scrubin/protocol';

/** One entry of the event log, in memory. */
export interface EventDoc {
  sessionId: string;
  seq: number;
  tick: number;
  type: SequencedType;
  userId: string;
  at: Date;
  payload: Record<string, unknown>;
}

/**
 * Where the log lives in the database. Commits go to a journal (one document per group commit,
 * all sessions together); compaction folds the journal into per-session buckets (up to
 * {@link MAX_BUCKET_ENTRIES} entries of one session per document, keyed by session and first seq).
 *
 * The embedded store's cost of every operation grows with the number of documents in the
 * collection it touches, so there the journal is a ring of small partitions and buckets are
 * spread over many collections by a hash of the session id. On MongoDB one journal and one
 * indexed bucket collection are best.
 */
export interface LogLayout {
  /** Journal collections, written in turn. */
  journalPartitions: number;
  /** Commits per journal partition before the next one is used. */
  commitsPerJournalPartition: number;
  /** Bucket collections; a session's buckets all live in one. */
  bucketPartitions: number;
}

/** The layout for the embedded store: no collection ever holds more than a few hundred documents. */
export const PARTITIONED_LAYOUT: LogLayout = {
  journalPartitions: 64,
  commitsPerJournalPartition: 200,
  bucketPartitions: 256,
};

/** The layout for MongoDB: one journal, one bucket collection with an index. */
export const SINGLE_LAYOUT: LogLayout = {
  journalPartitions: 1,
  commitsPerJournalPartition: Number.MAX_SAFE_INTEGER,
  bucketPartitions: 1,
};

/** Entries per bucket document at most. */
export const MAX_BUCKET_ENTRIES = 1000;

/** A journal document: one group commit. `entries` is a JSON array of {@link StoredEntry}. */
export interface JournalDoc {
  _id: number;
  /** The process that wrote it (a retry can tell its own commit from a stale one). */
  boot: string;
  at: Date;
  count: number;
  entries: string;
}

/** A bucket document: consecutive entries of one session. `entries` is a JSON array. */
export interface BucketDoc {
  _id: string;
  sessionId: string;
  firstSeq: number;
  lastSeq: number;
  count: number;
  firstAt: Date;
  lastAt: Date;
  entries: string;
}

/** An entry as serialized in journals, buckets, spill files and exports. */
export interface StoredEntry {
  sessionId: string;
  seq: number;
  tick: number;
  type: SequencedType;
  userId: string;
  /** Epoch milliseconds. */
  at: number;
  payload: Record<string, unknown>;
}

export function toStored(doc: EventDoc): StoredEntry {
  return { ...doc, at: doc.at.getTime() };
}

export function fromStored(e: StoredEntry): EventDoc {
  return { ...e, at: new Date(e.at) };
}

/** The layout document kept in `meta`, so a database keeps the layout it was written with. */
const LAYOUT_ID = 'eventlog-layout';

/** 32-bit FNV-1a of a string: a stable partition for a session id. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The collections of a layout in one database. */
export class LogCollections {
  // Collection handles are built once: the driver makes a new object (and options) per call.
  readonly #journals: Collection<JournalDoc>[] = [];
  readonly #buckets: Collection<BucketDoc>[] = [];

  constructor(
    readonly db: Db,
    readonly layout: LogLayout,
  ) {}

  /**
   * The layout stored in the database, or `preferred` stored now if it has none yet (a database
   * keeps its layout for life; `scrubin db import` converts between them).
   */
  static async open(db: Db, preferred: LogLayout): Promise<LogCollections> {
    const meta = db.collection<{ _id: string; layout: LogLayout }>('meta');
    const stored = await meta.findOne({ _id: LAYOUT_ID });
    if (stored) return new LogCollections(db, stored.layout);
    try {
      await meta.insertOne({ _id: LAYOUT_ID, layout: preferred });
    } catch (err) {
      // Another node stored one first: use theirs.
      if ((err as { code?: number }).code !== 11000) throw err;
      const now = await meta.findOne({ _id: LAYOUT_ID });
      if (now) return new LogCollections(db, now.layout);
    }
    const collections = new LogCollections(db, preferred);
    await collections.ensureIndexes();
    return collections;
  }

  /** The journal partition a commit number goes to. */
  journalPartitionOf(commitNo: number): number {
    return (
      Math.floor(commitNo / this.layout.commitsPerJournalPartition) % this.layout.journalPartitions
    );
  }

  journal(partition: number): Collection<JournalDoc> {
    return (this.#journals[partition] ??= this.db.collection<JournalDoc>(
      this.layout.journalPartitions === 1 ? 'eventjournal' : `eventjournal.${partition}`,
    ));
  }

  /** Every journal collection. */
  journals(): Collection<JournalDoc>[] {
    return Array.from({ length: this.layout.journalPartitions }, (_, p) => this.journal(p));
  }

  bucketPartitionOf(sessionId: string): number {
    return this.layout.bucketPartitions === 1 ? 0 : fnv1a(sessionId) % this.layout.bucketPartitions;
  }

  buckets(partition: number): Collection<BucketDoc> {
    return (this.#buckets[partition] ??= this.db.collection<BucketDoc>(
      this.layout.bucketPartitions === 1 ? 'eventbuckets' : `eventbuckets.${partition}`,
    ));
  }

  bucketsOf(sessionId: string): Collection<BucketDoc> {
    return this.buckets(this.bucketPartitionOf(sessionId));
  }

  /** Every bucket collection. */
  allBuckets(): Collection<BucketDoc>[] {
    return Array.from({ length: this.layout.bucketPartitions }, (_, p) => this.buckets(p));
  }

  /** The index of bucket reads; only worth having where one collection holds every session. */
  async ensureIndexes(): Promise<void> {
    if (this.layout.bucketPartitions !== 1) return;
    await this.buckets(0).createIndex({ sessionId: 1, lastSeq: 1 });
  }
}

/** Whether an error (or every write error in it) is a duplicate key. */
export function isDuplicateKeyError(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  if (e.code === 11000) return true;
  return (
    Array.isArray(e.writeErrors) &&
    e.writeErrors.length > 0 &&
    e.writeErrors.every((w) => w.code === 11000)
  );
}
