import { once } from 'node:events';
import { ScrubinError } from '@scrubin/protocol';
import createDebug from 'debug';
import { MongoClient, type Db } from 'mongodb';
import { BucketStore } from '../eventlog/bucket-store.js';
import {
  LogCollections,
  PARTITIONED_LAYOUT,
  SINGLE_LAYOUT,
  type LogLayout,
  type StoredEntry,
} from '../eventlog/layout.js';
import {
  countEvents,
  exportEvents,
  LEGACY_EVENTS,
  readJournal,
  SESSIONS,
  storedLayout,
  USERS,
} from './backup-events.js';
import {
  BackupLineError,
  documentLine,
  endLine,
  headerLine,
  readBackup,
  type BackupCounts,
  type BackupHeader,
  type BackupRecord,
} from './backup-format.js';
import { ImportSink, ImportWriteError, prepareTarget } from './backup-target.js';
import { connectDatabase } from './connect.js';

const debug = createDebug('scrubin:server:backup');

/** Documents per cursor batch; lines between two progress reports of a check. */
const DOC_BATCH = 500;

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
 * Checks a whole backup without a database: every line, each session's seqs, the end line and
 * its counts. `scrubin db import` runs it first, so a bad file changes nothing.
 * @throws BackupImportError `VALIDATION_FAILED` naming the line at fault
 */
export async function verifyBackup(
  readable: NodeJS.ReadableStream,
  options: { onProgress?: (progress: BackupProgress) => void } = {},
): Promise<{ header: BackupHeader; counts: BackupCounts }> {
  const tally = new Tally();
  let header: BackupHeader | undefined;
  let lines = 0;
  try {
    for await (const item of readBackup(readable)) {
      if (item.kind === 'header') {
        header = item.header;
        continue;
      }
      tally.add(item.record);
      if (++lines % DOC_BATCH === 0) {
        options.onProgress?.({ phase: phaseOf(item.record), ...tally.counts });
      }
    }
  } catch (err) {
    throw asImportError(err, emptyCounts());
  }
  options.onProgress?.({ phase: 'done', ...tally.counts });
  return { header: header!, counts: tally.counts };
}

/**
 * Reads a backup from `readable` into the database at `uri`: users and sessions as they were
 * (same ids, same password hashes), the mongoose indexes, and every event log written through
 * the target's layout (partitioned on the embedded store, one collection on MongoDB), whatever
 * the source's was. Every line is checked before it is written; a bad line stops the import with
 * a {@link BackupImportError} naming the line and what had been written by then (check the file
 * with {@link verifyBackup} first to change nothing on a bad one).
 * @example
 * await importDatabase(process.env.MONGODB_URI!, createReadStream('scrubin.jsonl'));
 */
export async function importDatabase(
  uri: string,
  readable: NodeJS.ReadableStream,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const counts = emptyCounts();
  const items = readBackup(readable);
  try {
    // The header before touching the target: a file that is no backup changes nothing.
    const first = await items.next();
    const header = (first.value as { header: BackupHeader }).header;
    const { conn } = await connectDatabase(uri).catch((err: unknown) => {
      throw new BackupImportError(
        'UNAVAILABLE',
        `Cannot reach the database at ${redactUri(uri)}: ${String(err)}`,
        undefined,
        emptyCounts(),
        err,
      );
    });
    try {
      const db = conn.db!;
      const embeddedTarget = await isEmbeddedStore(db);
      const replaced = await prepareTarget(db, options.replace ?? false, (code, message) => {
        return new BackupImportError(code, message, undefined, emptyCounts());
      });
      const cols = await LogCollections.open(
        db,
        options.layout ?? (embeddedTarget ? PARTITIONED_LAYOUT : SINGLE_LAYOUT),
      );
      const sink = new ImportSink(db, new BucketStore(cols), counts, (now, phase) =>
        options.onProgress?.({ phase, ...now }),
      );
      const read = new Tally();
      for await (const item of items) {
        if (item.kind !== 'record') continue;
        read.add(item.record);
        await sink.add(item.record, item.line);
      }
      await sink.flush();
      // The file is consistent (the reader checked it): a shortfall is the target's doing.
      for (const key of ['users', 'sessions', 'eventSessions', 'events'] as const) {
        if (read.counts[key] !== counts[key]) {
          throw new BackupImportError(
            'INVALID_STATE',
            `The file holds ${read.counts[key]} ${key}, the target took ${counts[key]} (is a server writing to it?)`,
            undefined,
            { ...counts },
          );
        }
      }
      options.onProgress?.({ phase: 'done', ...counts });
      return { counts, header, layout: cols.layout, embeddedTarget, replaced };
    } finally {
      await conn.close();
    }
  } catch (err) {
    throw asImportError(err, counts);
  } finally {
    await items.return(undefined);
  }
}

/** Anything an import or a check threw, as a {@link BackupImportError}. */
function asImportError(err: unknown, written: BackupCounts): BackupImportError {
  if (err instanceof BackupImportError) return err;
  if (err instanceof BackupLineError || err instanceof ImportWriteError) {
    return new BackupImportError('VALIDATION_FAILED', err.message, err.line, { ...written }, err);
  }
  return new BackupImportError(
    'INTERNAL',
    `Import failed: ${String(err)}`,
    undefined,
    { ...written },
    err,
  );
}

const emptyCounts = (): BackupCounts => ({ users: 0, sessions: 0, eventSessions: 0, events: 0 });

/** Counts records (a session's log counts once, at its first line). */
class Tally {
  readonly counts = emptyCounts();
  readonly #sessions = new Set<string>();

  add(record: BackupRecord): void {
    if (record.kind === 'user') this.counts.users += 1;
    else if (record.kind === 'session') this.counts.sessions += 1;
    else {
      if (!this.#sessions.has(record.sessionId)) {
        this.#sessions.add(record.sessionId);
        this.counts.eventSessions += 1;
      }
      this.counts.events += record.entries.length;
    }
  }
}

function phaseOf(record: BackupRecord): BackupProgress['phase'] {
  return record.kind === 'user' ? 'users' : record.kind === 'session' ? 'sessions' : 'events';
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
