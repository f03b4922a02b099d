import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ScrubinError } from '@scrubin/protocol';
import createDebug from 'debug';
import { MongoClient, type Db, type Document } from 'mongodb';
import { BucketStore } from '../eventlog/bucket-store.js';
import {
  LogCollections,
  PARTITIONED_LAYOUT,
  SINGLE_LAYOUT,
  type BucketDoc,
  type EventDoc,
  type JournalDoc,
  type LogLayout,
  type StoredEntry,
} from '../eventlog/layout.js';
import {
  BackupLineError,
  EVENTS_PER_LINE,
  documentLine,
  endLine,
  eventsLine,
  headerLine,
  parseHeaderLine,
  parseRecordLine,
  type BackupCounts,
  type BackupEntry,
  type BackupHeader,
} from './backup-format.js';
import { connectDatabase } from './connect.js';

const debug = createDebug('scrubin:server:backup');

/** Collections of the accounts and sessions (see models.ts). */
const USERS = 'users';
const SESSIONS = 'simulations';
/** Where the event log keeps its layout (the document `LogCollections.open` reads and writes). */
const META = 'meta';
const LAYOUT_ID = 'eventlog-layout';
/** The one-document-per-event log of early versions, folded into buckets by a server's start. */
const LEGACY_EVENTS = 'events';
/** Documents per cursor batch and per insertMany. */
const DOC_BATCH = 500;
/** Entries gathered before they are written to buckets. */
const EVENT_BATCH = 5000;

/** Where an export or import is: counts so far. */
export interface BackupProgress extends BackupCounts {
  phase: 'users' | 'sessions' | 'events' | 'done';
}

/** Options of {@link exportDatabase}. */
export interface ExportOptions {
  /** Called after every batch written. @default none */
  onProgress?: (progress: BackupProgress) => void;
}

/** What an export wrote. */
export interface ExportSummary {
  /** What the file holds (also its end line). */
  counts: BackupCounts;
  /** The source's event log layout; null when it had none. */
  layout: LogLayout | null;
}

/** Options of {@link importDatabase}. */
export interface ImportOptions {
  /** Called after every batch written. @default none */
  onProgress?: (progress: BackupProgress) => void;
  /**
   * Delete the target's users, sessions and event log first. Without it a target that holds any
   * of them is refused.
   * @default false
   */
  replace?: boolean;
  /**
   * The event log layout to store in a target that has none (`replace` removes the target's).
   * @default `PARTITIONED_LAYOUT` on the embedded store, `SINGLE_LAYOUT` on MongoDB
   */
  layout?: LogLayout;
}

/** What an import wrote. */
export interface ImportSummary {
  counts: BackupCounts;
  /** The header of the file. */
  header: BackupHeader;
  /** The layout the events were written with (the target's). */
  layout: LogLayout;
  /** Whether the target is the embedded store. */
  embeddedTarget: boolean;
  /** Whether the target's data was deleted first (`replace`). */
  replaced: boolean;
}

/** An import that stopped: the line at fault (if a line was) and what had been written by then. */
export class BackupImportError extends ScrubinError {
  constructor(
    code: 'VALIDATION_FAILED' | 'INVALID_STATE' | 'UNAVAILABLE' | 'INTERNAL',
    message: string,
    readonly line: number | undefined,
    readonly written: BackupCounts,
    cause?: unknown,
  ) {
    super(code, message, { cause, details: { line, written } });
  }
}

/**
 * Writes the whole database (accounts, sessions with their scores, every session's event log) to
 * `writable` as a backup (JSON lines). Reads in batches, a session's log a bucket at a time, so
 * the database is never held in memory; does not end `writable`. On a running server it includes
 * what the event log holds in its journal (not yet folded into buckets).
 * @example
 * const out = createWriteStream('scrubin.jsonl');
 * await exportDatabase('mongodb://127.0.0.1/scrubin', out);
 * out.end();
 */
export async function exportDatabase(
  uri: string,
  writable: NodeJS.WritableStream,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const client = await openClient(uri);
  try {
    const db = client.db();
    const layout = await storedLayout(db);
    if (!layout && (await db.collection(LEGACY_EVENTS).findOne({}))) {
      throw new ScrubinError(
        'INVALID_STATE',
        'This database holds an event log of an earlier version: start the server on it once (it converts the log), stop it, then export',
      );
    }
    const cols = layout ? new LogCollections(db, layout) : undefined;
    // The journal first: entries a running server folds meanwhile are then in the buckets too.
    const journal = cols ? await readJournal(cols) : new Map<string, StoredEntry[]>();
    const header: BackupCounts = {
      users: await db.collection(USERS).countDocuments(),
      sessions: await db.collection(SESSIONS).countDocuments(),
      ...(cols ? await countEvents(cols, journal) : { eventSessions: 0, events: 0 }),
    };
    const write = writer(writable);
    await write(headerLine(layout, header, new Date()));
    const counts: BackupCounts = { users: 0, sessions: 0, eventSessions: 0, events: 0 };
    const report = (phase: BackupProgress['phase']) => options.onProgress?.({ phase, ...counts });
    for (const [name, kind] of [
      [USERS, 'user'],
      [SESSIONS, 'session'],
    ] as const) {
      const cursor = db.collection(name).find({}).sort({ _id: 1 }).batchSize(DOC_BATCH);
      let lines = '';
      for await (const doc of cursor) {
        lines += documentLine(kind, doc);
        counts[kind === 'user' ? 'users' : 'sessions'] += 1;
        if (cursor.bufferedCount() === 0) {
          await write(lines);
          lines = '';
          report(kind === 'user' ? 'users' : 'sessions');
        }
      }
      await write(lines);
    }
    if (cols) {
      await exportEvents(cols, journal, write, (sessions, events) => {
        counts.eventSessions += sessions;
        counts.events += events;
        report('events');
      });
    }
    await write(endLine(counts));
    report('done');
    debug('exported %o', counts);
    return { counts, layout };
  } finally {
    await client.close();
  }
}

/**
 * Reads a backup from `readable` into the database at `uri`: users and sessions as they were
 * (same ids, same password hashes), the mongoose indexes, and every event log written through
 * the target's layout (partitioned on the embedded store, one collection on MongoDB), whatever
 * the source's was. Every line is checked before it is written; a bad line stops the import with
 * a {@link BackupImportError} naming the line and what had been written by then.
 * @example
 * await importDatabase(process.env.MONGODB_URI!, createReadStream('scrubin.jsonl'));
 */
export async function importDatabase(
  uri: string,
  readable: NodeJS.ReadableStream,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const counts: BackupCounts = { users: 0, sessions: 0, eventSessions: 0, events: 0 };
  const fail = (
    code: ConstructorParameters<typeof BackupImportError>[0],
    message: string,
    line?: number,
    cause?: unknown,
  ) => new BackupImportError(code, message, line, { ...counts }, cause);
  const lines = createInterface({ input: readable, crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  let lineNo = 0;
  const nextLine = async (): Promise<string | undefined> => {
    for (;;) {
      const next = await it.next();
      if (next.done) return undefined;
      lineNo += 1;
      if (next.value.trim() !== '') return next.value;
    }
  };
  try {
    // The header before touching the target: a file that is no backup changes nothing.
    const first = await nextLine();
    if (first === undefined) throw fail('VALIDATION_FAILED', 'line 1: empty file', 1);
    let header: BackupHeader;
    try {
      header = parseHeaderLine(first);
    } catch (err) {
      throw fail('VALIDATION_FAILED', lineMessage(lineNo, err), lineNo, err);
    }
    const { conn } = await connectDatabase(uri).catch((err: unknown) => {
      throw fail('UNAVAILABLE', `Cannot reach the database at ${redactUri(uri)}: ${String(err)}`);
    });
    try {
      const db = conn.db!;
      const embeddedTarget = await isEmbeddedStore(db);
      const replaced = await prepareTarget(db, options.replace ?? false, fail);
      const cols = await LogCollections.open(
        db,
        options.layout ?? (embeddedTarget ? PARTITIONED_LAYOUT : SINGLE_LAYOUT),
      );
      const sink = new ImportSink(db, new BucketStore(cols), counts, options.onProgress);
      let end: BackupCounts | undefined;
      for (let text = await nextLine(); text !== undefined; text = await nextLine()) {
        if (end) throw fail('VALIDATION_FAILED', `line ${lineNo}: content after the end line`);
        let record;
        try {
          record = parseRecordLine(text);
        } catch (err) {
          throw fail('VALIDATION_FAILED', lineMessage(lineNo, err), lineNo, err);
        }
        if (record.kind === 'end') {
          end = record.counts;
          continue;
        }
        const problem = await sink.add(record, lineNo);
        if (problem) throw fail('VALIDATION_FAILED', `line ${lineNo}: ${problem}`, lineNo);
      }
      await sink.flush();
      if (!end) {
        throw fail(
          'VALIDATION_FAILED',
          `line ${lineNo}: no end line: the file is truncated`,
          lineNo,
        );
      }
      for (const key of ['users', 'sessions', 'eventSessions', 'events'] as const) {
        if (end[key] !== counts[key]) {
          throw fail(
            'VALIDATION_FAILED',
            `the end line counts ${end[key]} ${key}, the file holds ${counts[key]}`,
          );
        }
      }
      options.onProgress?.({ phase: 'done', ...counts });
      return { counts, header, layout: cols.layout, embeddedTarget, replaced };
    } finally {
      await conn.close();
    }
  } catch (err) {
    if (err instanceof BackupImportError) throw err;
    if (err instanceof ImportWriteError) {
      throw fail('VALIDATION_FAILED', err.message, err.line, err.cause);
    }
    throw fail('INTERNAL', `Import failed at line ${lineNo}: ${String(err)}`, lineNo, err);
  } finally {
    lines.close();
  }
}

/** A write the target refused (e.g. a duplicate email), with the line of the document. */
class ImportWriteError extends Error {
  constructor(
    message: string,
    readonly line: number,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** Gathers checked records and writes them in batches. */
class ImportSink {
  #docs: { kind: 'user' | 'session'; docs: Document[]; lines: number[] } | undefined;
  #entries: EventDoc[] = [];
  /** Sessions with entries written. */
  readonly #written = new Set<string>();
  /** Last seq per session read so far (a session's lines must go up). */
  readonly #lastSeq = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly buckets: BucketStore,
    private readonly counts: BackupCounts,
    private readonly onProgress: ImportOptions['onProgress'],
  ) {}

  /** Takes a record; returns what is wrong with it, if something is. */
  async add(
    record:
      | { kind: 'user' | 'session'; doc: Document }
      | { kind: 'events'; sessionId: string; entries: BackupEntry[] },
    line: number,
  ): Promise<string | undefined> {
    if (record.kind === 'events') {
      // Accounts and sessions go in before the logs, as the file has them.
      await this.#flushDocs();
      let last = this.#lastSeq.get(record.sessionId) ?? 0;
      for (const e of record.entries) {
        if (e.seq <= last) return `session ${record.sessionId}: seq ${e.seq} after seq ${last}`;
        last = e.seq;
        this.#entries.push({ ...e, sessionId: record.sessionId, at: new Date(e.at) });
      }
      this.#lastSeq.set(record.sessionId, last);
      if (this.#entries.length >= EVENT_BATCH) await this.#flushEvents();
      return undefined;
    }
    if (this.#docs && this.#docs.kind !== record.kind) await this.#flushDocs();
    this.#docs ??= { kind: record.kind, docs: [], lines: [] };
    this.#docs.docs.push(record.doc);
    this.#docs.lines.push(line);
    if (this.#docs.docs.length >= DOC_BATCH) await this.#flushDocs();
    return undefined;
  }

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
    this.onProgress?.({ phase: batch.kind === 'user' ? 'users' : 'sessions', ...this.counts });
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
    this.onProgress?.({ phase: 'events', ...this.counts });
  }
}

/**
 * Makes sure the target may take the backup: refuses one that holds users, sessions or events,
 * or (with `replace`) deletes them, and the event log layout with them. Returns whether it did.
 */
async function prepareTarget(
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

/** The event log layout stored in the database, without storing one. */
async function storedLayout(db: Db): Promise<LogLayout | null> {
  const doc = await db
    .collection<{ _id: string; layout: LogLayout }>(META)
    .findOne({ _id: LAYOUT_ID });
  return doc?.layout ?? null;
}

/** Every entry left in the journal, by session, in seq order. */
async function readJournal(cols: LogCollections): Promise<Map<string, StoredEntry[]>> {
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
async function countEvents(
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
async function exportEvents(
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

/** Writes text, waiting for the stream to drain when it asks to. */
function writer(writable: NodeJS.WritableStream): (text: string) => Promise<void> {
  return async (text) => {
    if (text === '') return;
    if (!writable.write(text)) await once(writable as NodeJS.EventEmitter, 'drain');
  };
}

async function openClient(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.close().catch(() => undefined);
    throw new ScrubinError(
      'UNAVAILABLE',
      `Cannot reach the database at ${redactUri(uri)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** Whether the database is the embedded store (whose costs grow with each collection's size). */
export async function isEmbeddedStore(db: Db): Promise<boolean> {
  try {
    const info = (await db.admin().command({ buildInfo: 1 })) as { gitVersion?: string };
    return info.gitVersion === 'jongodb';
  } catch {
    return false;
  }
}

/** A connection string without its password, for messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function lineMessage(line: number, err: unknown): string {
  return `line ${line}: ${err instanceof BackupLineError ? err.message : String(err)}`;
}
