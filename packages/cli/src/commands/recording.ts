import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseRecording, type Recording } from '@scrubin/protocol';
import { replay, type ReplayResult } from '@scrubin/sim';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CommandHost } from '../program.js';
import { resolveSessionId } from '../resolve-session.js';
import {
  AssertionSyntaxError,
  evaluateAssertion,
  parseAssertion,
  type Assertion,
} from '../replay/assertions.js';
import { downloadRecording, recordingSummary } from '../replay/download.js';
import { openRecordingOutput, writeRecording } from '../replay/output.js';
import { createProgressBar } from '../replay/progress.js';
import { recordSession } from '../replay/record.js';
import { failureDiff, replayHuman, replayJson } from '../replay/report.js';
import { playInto } from '../replay/into.js';

const HASH_RE = /^[0-9a-f]{16}$/i;
/** Simulated ticks between progress bar updates of a headless replay (a third of a second). */
const PROGRESS_EVERY_TICKS = 30;

/** `RecordingError` (protocol) by shape, so that a copy bundled in another package matches too. */
function isRecordingError(err: unknown): err is Error & { line: number } {
  return err instanceof Error && err.name === 'RecordingError' && 'line' in err;
}

function recordingFailure(file: string, err: Error & { line: number }): CliError {
  const truncated = /truncated/.test(err.message);
  return new CliError(
    `${file === '-' ? 'stdin' : file}: ${err.message}`,
    EXIT.USAGE,
    truncated
      ? 'The end line is missing; --allow-truncated replays it up to its last event.'
      : undefined,
  );
}

/** Reads a recording file (`-`: stdin). */
async function readRecordingText(ctx: Context, file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(file, 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.io.stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}`, EXIT.USAGE);
  }
}

/** Parses a non-negative integer option. */
function tickOption(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) {
      throw new InvalidArgumentError(`${name} takes a tick (an integer ≥ 0), not "${value}".`);
    }
    return Number(value);
  };
}

function speedOption(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > 100) {
    throw new InvalidArgumentError(`--speed takes a number above 0 (up to 100), not "${value}".`);
  }
  return n;
}

/** Ctrl+C and SIGTERM as an abort signal, for the time of `run`. */
async function withStopSignal<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await run(controller.signal);
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

interface ReplayOptions {
  assert: string[];
  expectHash?: string;
  allowTruncated?: boolean;
  into?: string;
  speed?: number;
  from?: number;
  to?: number;
}

/** `scrubin export`, `scrubin record` and `scrubin replay`. */
export function registerRecordingCommands(program: Command, host: CommandHost): void {
  program
    .command('export')
    .description("Download a session's stored recording (JSON lines) for `scrubin replay`")
    .argument('<session>', 'session id, share code, link token or share URL')
    .option('-o, --output <file>', 'write the recording to this file (default or -: stdout)')
    .addHelpText(
      'after',
      `
A summary (events, ticks, hash lines) goes to stderr; with -o and --json it is also printed on
stdout as JSON. Hash lines are present once the session completed and was scored.

Examples:
  scrubin export session_1767603600000_abc123 -o session.jsonl
  scrubin export K7QM-4XRT > session.jsonl
  scrubin export K7QM-4XRT -o session.jsonl && scrubin replay session.jsonl --assert pass`,
    )
    .action((session: string, opts: { output?: string }) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const sessionId = await resolveSessionId(client, session);
        const { text, recording } = await downloadRecording(client, sessionId);
        writeRecording(opts.output, text, ctx.io.stdout);
        const summary = recordingSummary(recording);
        const toFile = opts.output !== undefined && opts.output !== '-';
        let why = '';
        if (summary.hashes === 0) {
          const details = await client.getSession(sessionId);
          if (details.status !== 'completed')
            why = ` (the session is ${details.status}: hashes come once it completed and was scored)`;
          else if (!details.scoreDetails) why = ' (not scored yet)';
        }
        ctx.info(
          `Exported ${sessionId}: ${summary.events} events, ${summary.ticks} ticks, ` +
            `${summary.hashes} hash lines${why}` +
            (toFile ? ` → ${opts.output}` : ''),
        );
        if (toFile && ctx.json) ctx.print({ sessionId, file: opts.output, ...summary }, () => '');
      }),
    );

  program
    .command('record')
    .description('Join a session as an observer and write its recording live, as it happens')
    .argument('<session>', 'share code, link token, share URL, or the id of a session you sit in')
    .option('-o, --output <file>', 'write the recording to this file (default or -: stdout)')
    .addOption(
      new Option(
        '--score-wait <seconds>',
        'how long to wait for the score once the session completes',
      )
        .default(30)
        .argParser((v) => {
          const n = Number(v);
          if (!/^\d+(\.\d+)?$/.test(v) || !(n >= 0)) {
            throw new InvalidArgumentError(`--score-wait takes seconds, not "${v}".`);
          }
          return n;
        }),
    )
    .addHelpText(
      'after',
      `
Writes the header, then every event from the start of the session, in order, as it arrives.
Stops when the session completes or on Ctrl+C / SIGTERM, and ends the file with its end line.
If the session completed and the server scored it (within --score-wait), the file is replaced
by the server's recording, which also carries the state hash lines. Progress goes to stderr.
If the server's log is restored to an earlier point meanwhile (a database backup), a file
starts over from seq 1 with the log the server holds now; stdout stops there (exit 2).

Examples:
  scrubin record K7QM-4XRT -o lesson.jsonl
  scrubin record "https://scrubin.example.org/surgery-simulation?link=…" -o lesson.jsonl
  scrubin record K7QM-4XRT | tee lesson.jsonl | wc -l`,
    )
    .action((session: string, opts: { output?: string; scoreWait: number }) =>
      host.run(async (ctx) => {
        const client = await ctx.client();
        const output = openRecordingOutput(opts.output, ctx.io.stdout);
        const tty = Boolean(ctx.io.stderr.isTTY);
        let drawn = false;
        const outcome = await withStopSignal((signal) =>
          recordSession({
            client,
            input: session,
            output,
            signal,
            scoreWaitMs: opts.scoreWait * 1000,
            onProgress: ({ events, tick, status }) => {
              if (!tty) return;
              ctx.io.stderr.write(
                `\r\u001b[2K${ctx.style('● rec', 'red')} ${events} events  tick ${tick}  ${status ?? ''}  (Ctrl+C to stop)`,
              );
              drawn = true;
            },
            onNote: (message) => {
              if (drawn) ctx.io.stderr.write('\r\u001b[2K');
              drawn = false;
              ctx.info(message);
            },
          }),
        );
        if (drawn) ctx.io.stderr.write('\r\u001b[2K');
        const toFile = output.isFile;
        const why = {
          completed: 'the session completed',
          signal: 'stopped',
          disconnected: 'the connection closed',
          restored: "the server's log was restored",
        }[outcome.stoppedBy];
        ctx.info(
          `Recorded ${outcome.sessionId} (${why}): ${outcome.events} events, ${outcome.ticks} ticks, ` +
            `${outcome.hashes} hash lines (${outcome.source === 'server' ? "the server's recording" : 'recorded live'})` +
            (outcome.restarts > 0
              ? `; started over ${outcome.restarts === 1 ? 'once' : `${outcome.restarts} times`} after the server's log was restored`
              : '') +
            (toFile ? ` → ${output.name}` : ''),
        );
        if (toFile && ctx.json) ctx.print({ ...outcome, file: output.name }, () => '');
        if (outcome.stoppedBy === 'disconnected') return EXIT.UNREACHABLE;
        return outcome.stoppedBy === 'restored' ? EXIT.REFUSED : EXIT.OK;
      }),
    );

  program
    .command('replay')
    .description('Replay a recording headless and print the scores, or play it into a live session')
    .argument('<file>', 'recording (.jsonl); - reads stdin')
    .option(
      '--assert <expr>',
      'check the outcome, repeatable: total>=70, total[name]>=70, pass, fail, precision>80, score>=70, errors<=2, hash=<hex>',
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    .option('--expect-hash <hash>', 'require this final state hash (16 hex digits)')
    .option('--allow-truncated', 'replay a recording without its end line, up to its last event')
    .option(
      '--into <session>',
      'play the recording into this live session instead (code, link or id)',
    )
    .option('--speed <factor>', 'with --into: playback speed (default 1)', speedOption)
    .option('--from <tick>', 'with --into: start at this recorded tick', tickOption('--from'))
    .option('--to <tick>', 'with --into: stop after this recorded tick', tickOption('--to'))
    .addHelpText(
      'after',
      `
Headless: the scores go to stdout (--json: finalHash, ticks, durationS, scenario, score,
participants, hashMismatches, assertions). A failed --assert or --expect-hash, or a state hash
of the recording that the replay does not reproduce, exits with 4 and prints the expected and
actual values on stderr. A bad or truncated recording exits with 1, naming the line.

--into plays the instrument and chat events into a live session (you need an instrument seat;
one is taken as assistant if you have none), spaced as recorded; control and participant
events are skipped. As the host of an idle session it starts the session; otherwise it waits
until the session is active.

Examples:
  scrubin replay session.jsonl
  scrubin replay session.jsonl --json | jq .participants
  scrubin replay session.jsonl --assert 'total>=70' --assert pass --expect-hash edd012ec5591614a
  scrubin replay session.jsonl --assert 'total[Dr. Ada Lin]>=90' --assert 'errors<=2'
  scrubin replay session.jsonl --into K7QM-4XRT --speed 2
  scrubin replay session.jsonl --into K7QM-4XRT --from 450 --to 900`,
    )
    .action((file: string, opts: ReplayOptions) =>
      host.run(async (ctx) => {
        if (opts.into !== undefined) {
          if (opts.assert.length > 0 || opts.expectHash !== undefined) {
            throw new CliError(
              '--assert and --expect-hash check a headless replay: not with --into',
              EXIT.USAGE,
            );
          }
          if (opts.from !== undefined && opts.to !== undefined && opts.to < opts.from) {
            throw new CliError(`--to ${opts.to} is before --from ${opts.from}`, EXIT.USAGE);
          }
          const recording = parseFile(file, await readRecordingText(ctx, file), opts);
          return playInto(ctx, opts.into, recording, {
            speed: opts.speed ?? 1,
            fromTick: opts.from,
            toTick: opts.to,
          });
        }
        for (const [flag, value] of [
          ['--speed', opts.speed],
          ['--from', opts.from],
          ['--to', opts.to],
        ] as const) {
          if (value !== undefined) throw new CliError(`${flag} applies to --into only`, EXIT.USAGE);
        }
        return replayHeadless(ctx, file, opts);
      }),
    );
}

/** Parses a recording for --into (exit 1 naming the line when it cannot be read). */
function parseFile(file: string, text: string, opts: ReplayOptions): Recording {
  try {
    return parseRecording(text, { allowTruncated: Boolean(opts.allowTruncated) });
  } catch (err) {
    if (isRecordingError(err)) throw recordingFailure(file, err);
    throw err;
  }
}

/** Every assertion of the command line, checked before anything runs. */
function parseAssertions(opts: ReplayOptions): Assertion[] {
  const assertions: Assertion[] = [];
  try {
    for (const expr of opts.assert) assertions.push(parseAssertion(expr));
  } catch (err) {
    if (err instanceof AssertionSyntaxError) {
      throw new CliError(
        err.message,
        EXIT.USAGE,
        'Assertions: total>=70, total[<name|userId>]>=70, pass, fail, precision>80 (depth, efficiency, smoothness, tissueRespect), score>=70, errors<=2, hash=<hex>; operators >= <= > < = !=',
      );
    }
    throw err;
  }
  if (opts.expectHash !== undefined) {
    if (!HASH_RE.test(opts.expectHash)) {
      throw new CliError(
        `--expect-hash takes a state hash (16 hex digits), not "${opts.expectHash}"`,
        EXIT.USAGE,
      );
    }
    const value = opts.expectHash.toLowerCase();
    assertions.push({ kind: 'hash', expr: `--expect-hash ${value}`, op: '=', value });
  }
  return assertions;
}

async function replayHeadless(ctx: Context, file: string, opts: ReplayOptions): Promise<ExitCode> {
  const assertions = parseAssertions(opts);
  const text = await readRecordingText(ctx, file);
  const bar = createProgressBar(ctx.io.stderr, 'replaying');
  let result: ReplayResult;
  try {
    result = replay(text, {
      allowTruncated: Boolean(opts.allowTruncated),
      ...(bar.active && {
        onProgress: (tick: number, total: number) =>
          bar.update(tick, total, `tick ${tick}/${total}`),
        progressEveryTicks: PROGRESS_EVERY_TICKS,
      }),
    });
  } catch (err) {
    if (isRecordingError(err)) throw recordingFailure(file, err);
    throw err;
  } finally {
    bar.done();
  }
  const { scores } = result;
  const evaluated = assertions.map((a) =>
    evaluateAssertion(a, {
      finalHash: result.finalHash,
      score: scores.score,
      errors: scores.errors,
      participants: scores.participants.map((p) => ({
        userId: p.userId,
        name: p.name,
        total: p.total,
        pass: p.pass,
        subScores: {
          precision: p.subScores.precision.score,
          depth: p.subScores.depth.score,
          efficiency: p.subScores.efficiency.score,
          smoothness: p.subScores.smoothness.score,
          tissueRespect: p.subScores.tissueRespect.score,
        },
      })),
    }),
  );
  ctx.print(replayJson(result, evaluated), () =>
    replayHuman(result, evaluated, (t, s) => ctx.style(t, s)),
  );
  const diff = failureDiff(result, evaluated);
  if (diff.length === 0) return EXIT.OK;
  for (const block of diff) ctx.info(block);
  const failed = evaluated.filter((a) => !a.ok).length;
  const mismatches = result.hashMismatches.length;
  ctx.info(ctx.style(`${failed} check(s) failed, ${mismatches} state hash mismatch(es)`, 'red'));
  return EXIT.ASSERTION;
}
