import { z } from 'zod';
import { ROLES, SCENARIO_IDS } from './domain.js';
import { SEQUENCED_TYPES, type EventLogEntry } from './events.js';

/** Name and version of the recording format (JSON lines). */
export const RECORDING_FORMAT = 'scrubin-recording';
export const RECORDING_FORMAT_VERSION = 1;

/** First line: what was recorded and how to simulate it. */
export const recordingHeaderSchema = z.object({
  kind: z.literal('header'),
  format: z.literal(RECORDING_FORMAT),
  formatVersion: z.literal(RECORDING_FORMAT_VERSION),
  sessionId: z.string().min(1),
  title: z.string().optional(),
  scenario: z.enum(SCENARIO_IDS),
  simVersion: z.string().min(1),
  tier: z.string().min(1),
  seed: z.number().int().min(0).max(0xffffffff),
  participants: z.array(
    z.object({ userId: z.string().min(1), name: z.string(), role: z.enum(ROLES) }),
  ),
  createdAt: z.string().optional(),
});

/** One event of the log, as stored. */
export const recordingEventSchema = z.object({
  kind: z.literal('event'),
  seq: z.number().int().min(1),
  tick: z.number().int().min(0),
  type: z.enum(SEQUENCED_TYPES),
  userId: z.string().min(1),
  at: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

/** The simulation's state hash after `tick` ticks. */
export const recordingHashSchema = z.object({
  kind: z.literal('hash'),
  tick: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{16}$/),
});

/** Last line: where the recording ends; without it the file is truncated. */
export const recordingEndSchema = z.object({
  kind: z.literal('end'),
  tick: z.number().int().min(0),
  lastSeq: z.number().int().min(0),
});

export type RecordingHeader = z.infer<typeof recordingHeaderSchema>;
export type RecordingHash = z.infer<typeof recordingHashSchema>;
export type RecordingEnd = z.infer<typeof recordingEndSchema>;

/** A parsed recording. */
export interface Recording {
  header: RecordingHeader;
  events: EventLogEntry[];
  hashes: RecordingHash[];
  /** Missing when the recording was cut short (allowed only with `allowTruncated`). */
  end: RecordingEnd | null;
}

/** A recording that cannot be read, with the 1-based line at fault. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const lineSchema = z.discriminatedUnion('kind', [
  recordingEventSchema,
  recordingHashSchema,
  recordingEndSchema,
]);

/**
 * Parses a JSON-lines recording, checking every line against its schema, that seqs increase
 * without gaps and ticks never go back. Throws {@link RecordingError} naming the line.
 */
export function parseRecording(
  text: string,
  options: { allowTruncated?: boolean } = {},
): Recording {
  const lines = text.split('\n');
  let header: RecordingHeader | undefined;
  const events: EventLogEntry[] = [];
  const hashes: RecordingHash[] = [];
  let end: RecordingEnd | null = null;
  let lastSeq = 0;
  let lastTick = 0;
  let lastLine = 1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    const lineNo = i + 1;
    if (raw === '') continue;
    lastLine = lineNo;
    if (end) throw new RecordingError(lineNo, 'content after the end line');
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new RecordingError(lineNo, 'not valid JSON (is the file truncated?)');
    }
    if (!header) {
      const parsed = recordingHeaderSchema.safeParse(value);
      if (!parsed.success)
        throw new RecordingError(lineNo, `bad header: ${describe(parsed.error)}`);
      header = parsed.data;
      continue;
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) throw new RecordingError(lineNo, describe(parsed.error));
    const entry = parsed.data;
    if (entry.kind === 'event') {
      if (entry.seq !== lastSeq + 1) {
        throw new RecordingError(
          lineNo,
          `seq ${entry.seq} follows seq ${lastSeq}: events are missing`,
        );
      }
      if (entry.tick < lastTick) {
        throw new RecordingError(lineNo, `tick ${entry.tick} goes back from tick ${lastTick}`);
      }
      lastSeq = entry.seq;
      lastTick = entry.tick;
      events.push({
        sessionId: header.sessionId,
        seq: entry.seq,
        tick: entry.tick,
        type: entry.type,
        userId: entry.userId,
        at: entry.at,
        payload: entry.payload,
      } as EventLogEntry);
    } else if (entry.kind === 'hash') {
      hashes.push(entry);
    } else {
      if (entry.lastSeq !== lastSeq) {
        throw new RecordingError(
          lineNo,
          `end says lastSeq ${entry.lastSeq}, but the last event is ${lastSeq}`,
        );
      }
      end = entry;
    }
  }
  if (!header) throw new RecordingError(1, 'empty recording: no header line');
  if (!end && !options.allowTruncated) {
    throw new RecordingError(lastLine, 'no end line: the recording is truncated');
  }
  return { header, events, hashes, end };
}

/** Writes a recording as JSON lines (header, events and hashes in tick order, end). */
export function serializeRecording(recording: Recording): string {
  const out = [JSON.stringify(recording.header)];
  let h = 0;
  const hashes = [...recording.hashes].sort((a, b) => a.tick - b.tick);
  for (const e of recording.events) {
    while (h < hashes.length && hashes[h]!.tick <= e.tick) out.push(JSON.stringify(hashes[h++]));
    out.push(recordingEventLine(e));
  }
  while (h < hashes.length) out.push(JSON.stringify(hashes[h++]));
  if (recording.end) out.push(JSON.stringify(recording.end));
  return out.join('\n') + '\n';
}

/** One event line of a recording. */
export function recordingEventLine(e: EventLogEntry): string {
  return JSON.stringify({
    kind: 'event',
    seq: e.seq,
    tick: e.tick,
    type: e.type,
    userId: e.userId,
    at: e.at,
    payload: e.payload,
  });
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
}
