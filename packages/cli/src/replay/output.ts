import { closeSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

/** Where a recording goes: a file (written line by line, replaceable at the end) or stdout. */
export interface RecordingOutput {
  /** `-` for stdout, else the file path. */
  readonly name: string;
  readonly isFile: boolean;
  /** Appends one line (a newline is added) and flushes it. */
  writeLine(line: string): void;
  /** Replaces the whole file atomically (files only). */
  replace(text: string): void;
  /** Empties the file to write it again from its first line (files only). */
  restart(): void;
  close(): void;
}

/** Opens `path` for a recording (`-` or undefined: `stdout`). */
export function openRecordingOutput(
  path: string | undefined,
  stdout: NodeJS.WritableStream,
): RecordingOutput {
  if (path === undefined || path === '-') {
    return {
      name: '-',
      isFile: false,
      writeLine: (line) => void stdout.write(line + '\n'),
      replace() {
        throw new Error('stdout cannot be replaced');
      },
      restart() {
        throw new Error('stdout cannot be written again');
      },
      close() {},
    };
  }
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new CliError(`Cannot write ${path}: ${(err as Error).message}`, EXIT.USAGE);
  }
  return {
    name: path,
    isFile: true,
    writeLine(line) {
      if (fd !== undefined) writeSync(fd, line + '\n');
    },
    replace(text) {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      writeFileSync(tmp, text);
      renameSync(tmp, path);
    },
    restart() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      // Reopening truncates and puts the position back at 0 (ftruncate alone would not).
      fd = openSync(path, 'w');
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** Writes a whole recording to `path` (or stdout for `-`/undefined). */
export function writeRecording(
  path: string | undefined,
  text: string,
  stdout: NodeJS.WritableStream,
): void {
  if (path === undefined || path === '-') {
    stdout.write(text);
    return;
  }
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new CliError(`Cannot write ${path}: ${(err as Error).message}`, EXIT.USAGE);
  }
}
