import createDebug from 'debug';
import type { Db, Document } from 'mongodb';
import type { BucketStore } from '../eventlog/bucket-store.js';
import { LogCollections, type EventDoc } from '../eventlog/layout.js';
import type { BackupCounts, BackupRecord } from './backup-format.js';
import { LAYOUT_ID, LEGACY_EVENTS, META, SESSIONS, USERS, storedLayout } from './backup-events.js';

const debug = createDebug('scrubin:server:backup');

/** Documents per insertMany. */
const DOC_BATCH = 500;
/** Entries gathered before they are written to buckets. */
const EVENT_BATCH = 5000;

type Phase = 'users' | 'sessions' | 'events';

/** A write the target refused (e.g. a duplicate email), with the line of the document. */
export class ImportWriteError extends Error {
  constructor(
    message: string,
    readonly line: number,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** Writes checked records in batches: documents as they are, entries through the layout. */
export class ImportSink {
  #docs: { kind: 'user' | 'session'; docs: Document[]; lines: number[] } | undefined;
  #entries: EventDoc[] = [];
  /** Sessions with entries written. */
  readonly #written = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly buckets: BucketStore,
    private readonly counts: BackupCounts,
    private readonly onProgress: ((counts: BackupCounts, phase: Phase) => void) | undefined,
  ) {}

  /** Takes a checked record (read from `line`); writes when a batch is full. */
  async add(record: BackupRecord, line: number): Promise<void> {
    if (record.kind === 'events') {
      // Accounts and sessions go in before the logs, as the file has them.
      await this.#flushDocs();
      for (const e of record.entries) {
        this.#entries.push({ ...e, sessionId: record.sessionId, at: new Date(e.at) });
      }
      if (this.#entries.length >= EVENT_BATCH) await this.#flushEvents();
      return;
    }
    if (this.#docs && this.#docs.kind !== record.kind) await this.#flushDocs();
    this.#docs ??= { kind: record.kind, docs: [], lines: [] };
    this.#docs.docs.push(record.doc);
    this.#docs.lines.push(line);
    if (this.#docs.docs.length >= DOC_BATCH) await this.#flushDocs();
  }

  /** Writes what is gathered. */
  async flush(): Promise<void> {
    await this.#flushDocs();
    await this.#flushEvents();
  }

  async #flushDocs(): Promise<void> {
    const batch = this.#docs;
    this.#docs = undefined;
    if (!batch || batch.docs.length === 0) return;
    const key = batch.kind === 'user' ? 'users' : 'sessions';
    const collection = this.db.collection(batch.kind === 'user' ? USERS : SESSIONS);
    const refused = (index: number, err: unknown) =>
      new ImportWriteError(
        `line ${batch.lines[index]}: the database refused this ${batch.kind}` +
          `${(err as { code?: number }).code === 11000 ? ' (a duplicate)' : ''}: ${(err as Error).message}`,
        batch.lines[index] ?? 0,
        err,
      );
    try {
      await collection.insertMany(batch.docs);
      this.counts[key] += batch.docs.length;
    } catch (err) {
      // Ordered: what precedes the first refused document is in.
      const e = err as { writeErrors?: { index: number }[]; result?: { insertedCount?: number } };
      const inserted = e.result?.insertedCount ?? 0;
      this.counts[key] += inserted;
      const index = e.writeErrors?.[0]?.index;
      if (index !== undefined) throw refused(index, err);
      // The embedded store does not say which one: find it one document at a time.
      for (let i = inserted; i < batch.docs.length; i++) {
        try {
          await collection.insertOne(batch.docs[i]!);
        } catch (one) {
          throw refused(i, one);
        }
        this.counts[key] += 1;
      }
    }
    this.onProgress?.(this.counts, batch.kind === 'user' ? 'users' : 'sessions');
  }

  async #flushEvents(): Promise<void> {
    if (this.#entries.length === 0) return;
    const entries = this.#entries;
    this.#entries = [];
    this.counts.events += await this.buckets.write(entries);
    for (const e of entries) {
      if (this.#written.has(e.sessionId)) continue;
      this.#written.add(e.sessionId);
      this.counts.eventSessions += 1;
    }
    this.onProgress?.(this.counts, 'events');
  }
}

/**
 * Makes sure the target may take the backup: refuses one that holds users, sessions or events,
 * or (with `replace`) deletes them, and the event log layout with them. Returns whether it did.
 */
export async function prepareTarget(
  db: Db,
  replace: boolean,
  fail: (code: 'INVALID_STATE', message: string) => Error,
): Promise<boolean> {
  const layout = await storedLayout(db);
  const cols = layout ? new LogCollections(db, layout) : undefined;
  const eventCollections = [
    ...(cols ? [...cols.journals(), ...cols.allBuckets()] : []).map((c) => c.collectionName),
    LEGACY_EVENTS,
  ].map((name) => db.collection(name));
  const users = await db.collection(USERS).countDocuments();
  const sessions = await db.collection(SESSIONS).countDocuments();
  let hasEvents = false;
  for (const c of eventCollections) {
    if (await c.findOne({})) {
      hasEvents = true;
      break;
    }
  }
  if (!replace) {
    if (users > 0 || sessions > 0 || hasEvents) {
      throw fail(
        'INVALID_STATE',
        `The target database is not empty (${users} users, ${sessions} sessions${hasEvents ? ', event logs' : ''}); ` +
          'import into an empty one, or pass --replace to delete what it holds first',
      );
    }
    return false;
  }
  await db.collection(USERS).deleteMany({});
  await db.collection(SESSIONS).deleteMany({});
  for (const c of eventCollections) await c.deleteMany({});
  // The layout goes too: the import stores the one that suits the target.
  await db.collection<{ _id: string }>(META).deleteMany({ _id: LAYOUT_ID });
  debug('replaced %d users, %d sessions', users, sessions);
  return true;
}
