import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  closeSync,
  fsyncSync,
  writeSync,
  renameSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { SEQUENCED_TYPES } from '@scrubin/protocol';
import { fromStored, toStored, type EventDoc, type StoredEntry } from './layout.js';

/** First line of a spill file. */
const SPILL_FORMAT = 'scrubin-eventlog-spill';
const SPILL_PATTERN = /^eventlog-spill-.*\.jsonl$/;

/**
 * Writes entries the database did not take before shutdown to a new file in `dataDir`, synced to
 * disk, and returns its path. The next start imports it before serving.
 */
export function writeSpillFile(dataDir: string, entries: EventDoc[]): string {
  mkdirSync(dataDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `eventlog-spill-${stamp}-${process.pid}-${randomBytes(3).toString('hex')}.jsonl`;
  const path = join(dataDir, name);
  const partial = `${path}.partial`;
  const lines = [
    JSON.stringify({
      format: SPILL_FORMAT,
      version: 1,
      at: new Date().toISOString(),
      count: entries.length,
    }),
    ...entries.map((e) => JSON.stringify(toStored(e))),
  ];
  const fd = openSync(partial, 'w', 0o600);
  try {
    writeSync(fd, lines.join('\n') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // Renamed only once complete, so a crash while writing never leaves a half file to import.
  renameSync(partial, path);
  return path;
}

/** A spill file found at start. */
export interface SpillFile {
  path: string;
  entries: EventDoc[];
}

/**
 * Reads every spill file of `dataDir` (none when the folder does not exist).
 * @throws Error naming the file and line when one is not a valid spill file.
 */
export function readSpillFiles(dataDir: string): SpillFile[] {
  let names: string[];
  try {
    names = readdirSync(dataDir)
      .filter((n) => SPILL_PATTERN.test(n))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.map((name) => {
    const path = join(dataDir, name);
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const bad = (line: number, why: string) =>
      new Error(
        `Spill file ${path}, line ${line}: ${why}. Fix or move the file, then start again.`,
      );
    let header: { format?: unknown; count?: unknown };
    try {
      header = JSON.parse(lines[0] ?? '') as typeof header;
    } catch {
      throw bad(1, 'not JSON');
    }
    if (header.format !== SPILL_FORMAT) throw bad(1, `not a ${SPILL_FORMAT} header`);
    const entries = lines.slice(1).map((line, i) => {
      let e: StoredEntry;
      try {
        e = JSON.parse(line) as StoredEntry;
      } catch {
        throw bad(i + 2, 'not JSON');
      }
      if (!isStoredEntry(e)) throw bad(i + 2, 'not an event log entry');
      return fromStored(e);
    });
    if (header.count !== entries.length) {
      throw bad(
        1,
        `the header counts ${String(header.count)} entries, the file holds ${entries.length}`,
      );
    }
    return { path, entries };
  });
}

/** Removes an imported spill file. */
export function removeSpillFile(path: string): void {
  unlinkSync(path);
}

function isStoredEntry(e: unknown): e is StoredEntry {
  const x = e as Partial<StoredEntry> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.sessionId === 'string' &&
    Number.isSafeInteger(x.seq) &&
    (x.seq as number) > 0 &&
    Number.isSafeInteger(x.tick) &&
    typeof x.userId === 'string' &&
    typeof x.at === 'number' &&
    (SEQUENCED_TYPES as readonly string[]).includes(x.type as string) &&
    typeof x.payload === 'object' &&
    x.payload !== null
  );
}
