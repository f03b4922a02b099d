import { createInterface } from 'node:readline';
import { SEQUENCED_TYPES, isSessionId } from '@scrubin/protocol';
import { BSON, ObjectId, type Document } from 'mongodb';
import { z } from 'zod';
import type { LogLayout } from '../eventlog/layout.js';

/** Extended JSON (the `mongodb` package exports it only inside `BSON`). */
const { EJSON } = BSON;

/**
 * The backup format (JSON lines): a header, one line per user and per session (EJSON, so
 * ObjectId and Date survive), the event log in chunks per session independent of any layout, and
 * an end line counting what the file holds (without it the file is truncated).
 */

/** Name and version of the backup format. */
export const BACKUP_FORMAT = 'scrubin-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Entries per `events` line at most. */
export const EVENTS_PER_LINE = 500;

/** What a backup holds, or held when the export began (the header's figures). */
export interface BackupCounts {
  users: number;
  sessions: number;
  /** Sessions with an event log. */
  eventSessions: number;
  events: number;
}

const layoutSchema = z.object({
  journalPartitions: z.number().int().min(1),
  commitsPerJournalPartition: z.number().int().min(1),
  bucketPartitions: z.number().int().min(1),
});

const countsSchema = z.object({
  users: z.number().int().min(0),
  sessions: z.number().int().min(0),
  eventSessions: z.number().int().min(0),
  events: z.number().int().min(0),
});

/** First line. `counts` is what the source held when the export began. */
export const backupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.iso.datetime(),
  /** The event log layout of the source; null when it had no event log. */
  source: z.object({ layout: layoutSchema.nullable() }),
  counts: countsSchema,
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** One entry of a session's event log, without its session id (that is on the line). */
export const backupEntrySchema = z.object({
  seq: z.number().int().min(1),
  tick: z.number().int().min(0),
  type: z.enum(SEQUENCED_TYPES),
  userId: z.string().min(1),
  /** ISO 8601, milliseconds. */
  at: z.iso.datetime(),
  payload: z.record(z.string(), z.unknown()),
});
export type BackupEntry = z.infer<typeof backupEntrySchema>;

const recordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), doc: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('session'), doc: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal('events'),
    sessionId: z.string().refine(isSessionId, 'not a session id'),
    entries: z.array(backupEntrySchema).min(1),
  }),
  z.object({ kind: z.literal('end'), counts: countsSchema }),
]);

/** The fields a user document must have to be imported (the rest is kept as it is). */
const userDocSchema = z.looseObject({
  _id: z.instanceof(ObjectId),
  email: z.string().min(1),
  name: z.string(),
  passwordHash: z.string().min(1),
});

/** The fields a session document must have to be imported (the rest is kept as it is). */
const sessionDocSchema = z.looseObject({
  _id: z.instanceof(ObjectId),
  sessionId: z.string().refine(isSessionId, 'not a session id'),
  uniqueLink: z.string().min(1),
  creatorId: z.string().min(1),
  status: z.string().min(1),
});

/** A record of a backup, parsed and checked; documents are BSON values again. */
export type BackupRecord =
  | { kind: 'user'; doc: Document }
  | { kind: 'session'; doc: Document }
  | { kind: 'events'; sessionId: string; entries: BackupEntry[] };

type ParsedLine = BackupRecord | { kind: 'end'; counts: BackupCounts };

/** A backup that cannot be read, with the 1-based line at fault. */
export class BackupLineError extends Error {
  override readonly name = 'BackupLineError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** What is wrong with one line (the reader adds its number). */
class LineProblem extends Error {}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LineProblem('not valid JSON (is the file truncated or not a backup?)');
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
}

/** Parses the header line. @throws LineProblem */
function parseHeaderLine(text: string): BackupHeader {
  const value = parseJson(text);
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== BACKUP_FORMAT) {
    throw new LineProblem(
      `not a Scrub In backup: the first line must be a header with format "${BACKUP_FORMAT}"`,
    );
  }
  const version = (value as { version?: unknown }).version;
  if (version !== BACKUP_FORMAT_VERSION) {
    throw new LineProblem(
      `backup format version ${String(version)} is not supported (this version reads ${BACKUP_FORMAT_VERSION})`,
    );
  }
  const parsed = backupHeaderSchema.safeParse(value);
  if (!parsed.success) throw new LineProblem(`bad header: ${describe(parsed.error)}`);
  return parsed.data;
}

/** Parses a line after the header. @throws LineProblem */
function parseRecordLine(text: string): ParsedLine {
  const parsed = recordSchema.safeParse(parseJson(text));
  if (!parsed.success) throw new LineProblem(describe(parsed.error));
  const record = parsed.data;
  if (record.kind !== 'user' && record.kind !== 'session') return record;
  let doc: Document;
  try {
    doc = EJSON.deserialize(record.doc, { relaxed: true }) as Document;
  } catch (err) {
    throw new LineProblem(`${record.kind}: not valid extended JSON: ${(err as Error).message}`);
  }
  const checked = (record.kind === 'user' ? userDocSchema : sessionDocSchema).safeParse(doc);
  if (!checked.success) {
    throw new LineProblem(`${record.kind}: ${describe(checked.error)}`);
  }
  return { kind: record.kind, doc };
}

/** The header line (with its newline). */
export function headerLine(layout: LogLayout | null, counts: BackupCounts, now: Date): string {
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    createdAt: now.toISOString(),
    source: { layout },
    counts,
  };
  return JSON.stringify(header) + '\n';
}

/** A user or session line (with its newline). */
export function documentLine(kind: 'user' | 'session', doc: Document): string {
  return EJSON.stringify({ kind, doc }, { relaxed: true }) + '\n';
}

/** An events line (with its newline). */
export function eventsLine(sessionId: string, entries: BackupEntry[]): string {
  return JSON.stringify({ kind: 'events', sessionId, entries }) + '\n';
}

/** The end line (with its newline). */
export function endLine(counts: BackupCounts): string {
  return JSON.stringify({ kind: 'end', counts }) + '\n';
}

/** What {@link readBackup} yields: the header first, then every record with its line. */
export type BackupItem =
  | { line: number; kind: 'header'; header: BackupHeader }
  | { line: number; kind: 'record'; record: BackupRecord };

const emptyCounts = (): BackupCounts => ({ users: 0, sessions: 0, eventSessions: 0, events: 0 });

/**
 * Reads a backup line by line, checking each: the header, every record (a session's seqs must
 * go up from line to line), the end line and that it counts what the file holds. Yields as it
 * goes, so a caller may act on the lines before a later one turns out bad.
 * @throws BackupLineError naming the line at fault
 */
export async function* readBackup(readable: NodeJS.ReadableStream): AsyncGenerator<BackupItem> {
  const lines = createInterface({ input: readable, crlfDelay: Infinity });
  let lineNo = 0;
  let header: BackupHeader | undefined;
  let end: BackupCounts | undefined;
  let endLineNo = 0;
  const counts = emptyCounts();
  const lastSeq = new Map<string, number>();
  const problem = (message: string) => new BackupLineError(lineNo, message);
  try {
    for await (const text of lines) {
      lineNo += 1;
      if (text.trim() === '') continue;
      if (end) throw problem('content after the end line');
      let parsed: ParsedLine | BackupHeader;
      try {
        parsed = header ? parseRecordLine(text) : parseHeaderLine(text);
      } catch (err) {
        if (err instanceof LineProblem) throw problem(err.message);
        throw err;
      }
      if (!header) {
        header = parsed as BackupHeader;
        yield { line: lineNo, kind: 'header', header };
        continue;
      }
      const record = parsed as ParsedLine;
      if (record.kind === 'end') {
        end = record.counts;
        endLineNo = lineNo;
        continue;
      }
      if (record.kind === 'events') {
        let last = lastSeq.get(record.sessionId);
        if (last === undefined) counts.eventSessions += 1;
        last ??= 0;
        for (const e of record.entries) {
          if (e.seq <= last) {
            throw problem(`session ${record.sessionId}: seq ${e.seq} after seq ${last}`);
          }
          last = e.seq;
        }
        lastSeq.set(record.sessionId, last);
        counts.events += record.entries.length;
      } else {
        counts[record.kind === 'user' ? 'users' : 'sessions'] += 1;
      }
      yield { line: lineNo, kind: 'record', record };
    }
  } finally {
    lines.close();
  }
  if (!header) throw new BackupLineError(1, 'empty file: no header line');
  if (!end) throw new BackupLineError(lineNo, 'no end line: the file is truncated');
  for (const key of ['users', 'sessions', 'eventSessions', 'events'] as const) {
    if (end[key] !== counts[key]) {
      throw new BackupLineError(
        endLineNo,
        `the end line counts ${end[key]} ${key}, the file holds ${counts[key]}`,
      );
    }
  }
}
