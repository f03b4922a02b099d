import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { isErrorCode } from '@scrubin/protocol';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import type { CommandHost } from '../program.js';

/** The counts a backup reports (as `@scrubin/server` defines them). */
interface Counts {
  users: number;
  sessions: number;
  eventSessions: number;
  events: number;
}

/** Least time between two redraws of the progress line on a terminal, milliseconds. */
const REDRAW_MS = 100;

/** `scrubin db export` and `scrubin db import`: the whole database to one file and back. */
export function registerDbCommands(program: Command, host: CommandHost): void {
  const db = program
    .command('db')
    .description(
      'Back up the whole database to one file and restore it into any MongoDB (accounts, sessions, scores, event logs)',
    );

  db.command('export')
    .description('Write the whole database to a backup file (JSON lines; gzip when it ends in .gz)')
    .option('-o, --output <file>', 'write the backup to this file (default or -: stdout)')
    .option('--uri <uri>', 'the database (default: env MONGODB_URI)')
    .addHelpText(
      'after',
      `
Progress and a summary go to stderr; with -o and --json the summary is also printed on stdout.
For a server on the embedded database, pass the URI \`scrubin serve\` prints at start, while it runs.

Examples:
  MONGODB_URI=mongodb://db/scrubin scrubin db export -o scrubin-backup.jsonl.gz
  scrubin db export --uri mongodb://127.0.0.1:27017/scrubin > backup.jsonl`,
    )
    .action((opts: { output?: string; uri?: string }) =>
      host.run(async (ctx) => {
        const uri = databaseUri(ctx, opts.uri);
        const { exportDatabase } = await import('@scrubin/server');
        const toFile = opts.output !== undefined && opts.output !== '-';
        const progress = progressReporter(ctx, 'exported');
        let summary: Awaited<ReturnType<typeof exportDatabase>>;
        try {
          if (!toFile) {
            summary = await exportDatabase(uri, ctx.io.stdout, { onProgress: progress.update });
          } else {
            summary = await exportToFile(opts.output!, (out) =>
              exportDatabase(uri, out, { onProgress: progress.update }),
            );
          }
        } catch (err) {
          throw backupFailure(err);
        } finally {
          progress.done();
        }
        ctx.info(`Exported ${describeCounts(summary.counts)}${toFile ? ` → ${opts.output}` : ''}`);
        if (toFile && ctx.json) {
          ctx.print(
            { file: opts.output, counts: summary.counts, layout: summary.layout },
            () => '',
          );
        }
      }),
    );

  db.command('import')
    .description('Restore a backup file into a database (converting the event log to its layout)')
    .argument('<file>', 'a file written by `scrubin db export` (gzipped or not), or - for stdin')
    .option('--uri <uri>', 'the target database (default: env MONGODB_URI)')
    .option('--replace', 'delete the users, sessions and event logs the target holds first')
    .addHelpText(
      'after',
      `
The target must hold no users, sessions or events unless --replace is given. Stop the servers
that use it first. Every line is checked; a bad one stops the import and says what was written.

Examples:
  MONGODB_URI=mongodb://db/scrubin scrubin db import scrubin-backup.jsonl.gz
  gunzip -c backup.jsonl.gz | scrubin db import - --uri mongodb://127.0.0.1/scrubin --replace`,
    )
    .action((file: string, opts: { uri?: string; replace?: boolean }) =>
      host.run(async (ctx) => {
        const uri = databaseUri(ctx, opts.uri);
        const { importDatabase, verifyBackup } = await import('@scrubin/server');
        // stdin is read twice like a file: kept in a temp file meanwhile.
        const spooled = file === '-' ? await spool(ctx.io.stdin) : undefined;
        const path = spooled?.path ?? file;
        let summary: Awaited<ReturnType<typeof importDatabase>>;
        try {
          // The whole file is checked before the target is touched: a bad one changes nothing.
          const checking = progressReporter(ctx, 'checked');
          try {
            await verifyBackup(await openInput(path, file), { onProgress: checking.update });
          } catch (err) {
            throw backupFailure(err);
          } finally {
            checking.done();
          }
          const progress = progressReporter(ctx, 'imported');
          try {
            summary = await importDatabase(uri, await openInput(path, file), {
              replace: opts.replace ?? false,
              onProgress: progress.update,
            });
          } catch (err) {
            throw backupFailure(err);
          } finally {
            progress.done();
          }
        } finally {
          await spooled?.remove();
        }
        const layout =
          summary.layout.bucketPartitions === 1
            ? 'one event collection'
            : `event log over ${summary.layout.bucketPartitions} bucket collections`;
        ctx.info(
          `Imported ${describeCounts(summary.counts)}${summary.replaced ? ' (the target was emptied first)' : ''}; ${layout}`,
        );
        if (ctx.json) {
          ctx.print(
            {
              file,
              counts: summary.counts,
              layout: summary.layout,
              embeddedTarget: summary.embeddedTarget,
              replaced: summary.replaced,
              source: { createdAt: summary.header.createdAt, layout: summary.header.source.layout },
            },
            () => '',
          );
        }
      }),
    );
}

/** --uri, else MONGODB_URI. */
function databaseUri(ctx: Context, uri: string | undefined): string {
  const value = uri ?? ctx.io.env.MONGODB_URI;
  if (!value) {
    throw new CliError(
      'No database given: pass --uri <mongodb uri> or set MONGODB_URI',
      EXIT.USAGE,
      'A server on the embedded database prints its URI when `scrubin serve` starts; the embedded database lives only as long as that server, so export while it runs.',
    );
  }
  if (!/^mongodb(\+srv)?:\/\//.test(value)) {
    throw new CliError(
      `Not a MongoDB URI: ${value}`,
      EXIT.USAGE,
      'Use e.g. mongodb://host/scrubin',
    );
  }
  return value;
}

/** Writes through a temp file renamed at the end, gzipped when the name ends in `.gz`. */
async function exportToFile<T>(
  path: string,
  run: (out: NodeJS.WritableStream) => Promise<T>,
): Promise<T> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const file = createWriteStream(tmp);
  const opened = new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', reject);
  });
  try {
    await opened;
  } catch (err) {
    throw new CliError(`Cannot write ${path}: ${(err as Error).message}`, EXIT.USAGE);
  }
  const gzip = path.endsWith('.gz') ? createGzip() : undefined;
  const out = gzip ?? file;
  const written = gzip ? pipeline(gzip, file) : finished(file);
  written.catch(() => undefined); // awaited below; a failure before then is reported there
  try {
    const result = await run(out);
    out.end();
    await written;
    await rename(tmp, path);
    return result;
  } catch (err) {
    out.destroy();
    file.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Copies a stream to a temp file. */
async function spool(
  input: NodeJS.ReadableStream,
): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'scrubin-import-'));
  const path = join(dir, 'backup');
  await pipeline(input, createWriteStream(path));
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A backup file, gunzipped when it starts with the gzip magic bytes. `name` is for messages. */
async function openInput(path: string, name: string): Promise<NodeJS.ReadableStream> {
  let head: Buffer;
  try {
    const handle = await open(path);
    try {
      head = Buffer.alloc(2);
      await handle.read(head, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new CliError(`Cannot read ${name}: ${(err as Error).message}`, EXIT.USAGE);
  }
  const raw = createReadStream(path);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return raw;
  const gunzip = createGunzip();
  // A corrupt or cut gzip stream fails on `gunzip`, which the reader consumes.
  pipeline(raw, gunzip).catch(() => undefined);
  return gunzip;
}

/** Counts on a redrawn line on a terminal; a line per finished phase elsewhere. */
function progressReporter(ctx: Context, verb: string) {
  const tty = Boolean(ctx.io.stderr.isTTY);
  let phase = '';
  let last = 0;
  let drawn = false;
  let counts: Counts = { users: 0, sessions: 0, eventSessions: 0, events: 0 };
  const line = () => `${verb} ${describeCounts(counts)}`;
  return {
    update: (p: Counts & { phase: string }) => {
      if (!tty && phase !== '' && p.phase !== phase) ctx.info(`${line()}…`);
      phase = p.phase;
      counts = p;
      const now = Date.now();
      if (tty && now - last >= REDRAW_MS) {
        last = now;
        ctx.io.stderr.write(`\r\u001b[2K${line()}`);
        drawn = true;
      }
    },
    done: () => {
      if (drawn) ctx.io.stderr.write('\r\u001b[2K');
    },
  };
}

function describeCounts(c: Counts): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `${n(c.users)} users, ${n(c.sessions)} sessions, ` +
    `${n(c.events)} events in ${n(c.eventSessions)} session logs`
  );
}

/** A backup error (a `ScrubinError`, matched by shape) as a CLI error with what was written. */
function backupFailure(err: unknown): unknown {
  const e = err as {
    name?: string;
    code?: unknown;
    message?: string;
    details?: unknown;
    cause?: { code?: unknown; message?: string };
  };
  if (typeof e?.cause?.code === 'string' && e.cause.code.startsWith('Z_')) {
    // zlib: the gzip data ends early or is damaged.
    return new CliError(
      `The gzip data is cut short or damaged (${e.cause.message})`,
      EXIT.USAGE,
      'Nothing was written to the target.',
    );
  }
  if (e?.name !== 'ScrubinError' || !isErrorCode(e.code)) return err;
  const written = (e.details as { written?: Counts } | undefined)?.written;
  let hint: string | undefined;
  if (written) {
    const total = written.users + written.sessions + written.events;
    hint =
      total === 0
        ? 'Nothing was written to the target.'
        : `Already written to the target: ${describeCounts(written)}. Fix the file and import again with --replace.`;
  }
  return new CliError(e.message ?? String(err), exitCodeFor(e.code), hint);
}
