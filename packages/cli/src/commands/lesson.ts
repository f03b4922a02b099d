import type { Command } from 'commander';
import { formatShareCode, isErrorCode } from '@scrubin/protocol';
import type { Context } from '../context.js';
import { EXIT, exitCodeFor, type ExitCode } from '../exit-codes.js';
import { loadLessonOrFail } from '../lesson/load.js';
import { formatPlan, planLesson } from '../lesson/plan.js';
import { runLesson, type LessonOutcome, type RunProgress } from '../lesson/run.js';
import { formatMs } from '../lesson/values.js';
import type { CommandHost } from '../program.js';
import { createProgressBar } from '../replay/progress.js';

interface RunOptions {
  dryRun?: boolean;
}

/** `scrubin run`: scripted lessons. */
export function registerLessonCommands(program: Command, host: CommandHost): void {
  program
    .command('run')
    .description(
      'Run a scripted lesson (YAML): create or join a session, wait for people, announce, start/pause/stop, play recordings, then assert the outcome',
    )
    .argument(
      '<lesson>',
      'lesson file (.yaml); relative recording paths are resolved from its folder',
    )
    .option(
      '--dry-run',
      'validate and print the plan with every value resolved; contacts no server',
    )
    .addHelpText(
      'after',
      `
The file is validated before anything runs; problems are printed as file:line:col: message.
Progress goes to stderr, the outcome to stdout (--json: { ok, session, steps, asserts, failure }).
Exit codes: 0 every assertion held, 1 invalid lesson, 2 refused (e.g. not the host),
3 server unreachable, 4 an assertion failed or a wait timed out, 5 not signed in.

Lesson format (docs/cli.md, "Lesson files"):
  lesson: Skin incision demo
  session: { create: { title: Incision, scenario: skin-incision, maxParticipants: 6 } }
  steps:
    - say: Welcome, scrub in please
    - wait: { participants: 2, timeout: 10m }
    - control: start
    - play: { recording: incision.jsonl, speed: 4 }
    - control: stop
  assert:
    - status: completed
    - score: ">= 70"

Examples:
  scrubin run examples/skin-incision-demo.yaml --dry-run
  scrubin run examples/skin-incision-demo.yaml
  scrubin run lesson.yaml --json > outcome.json || echo "lesson failed: $?"`,
    )
    .action((file: string, opts: RunOptions) =>
      host.run(async (ctx) => {
        const lesson = await loadLessonOrFail(file);
        if (opts.dryRun) {
          const plan = planLesson(lesson);
          ctx.print(plan, () => formatPlan(plan));
          return;
        }
        const client = await ctx.client();
        const total = lesson.steps.length;
        const bar = createProgressBar(ctx.io.stderr, '  playing');
        const outcome = await runLesson(lesson, {
          client,
          onProgress: (p) => progress(ctx, p, total, bar),
        });
        bar.done();
        ctx.print(outcome, () => summary(ctx, outcome));
        return exitCodeOf(outcome);
      }),
    );
}

/** 0 passed; 4 assertion or timeout; the error's code otherwise. */
export function exitCodeOf(outcome: LessonOutcome): ExitCode {
  const f = outcome.failure;
  if (f === null) return EXIT.OK;
  if (f.kind === 'assert' || f.kind === 'timeout') return EXIT.ASSERTION;
  if (f.kind === 'cancelled') return EXIT.USAGE;
  return f.code !== undefined && isErrorCode(f.code) ? exitCodeFor(f.code) : EXIT.INTERNAL;
}

function progress(
  ctx: Context,
  p: RunProgress,
  total: number,
  bar: ReturnType<typeof createProgressBar>,
): void {
  const tag = (n: number) => ctx.style(`[${n}/${total}]`, 'dim');
  switch (p.type) {
    case 'session': {
      const code = formatShareCode(p.session.shareableCode);
      ctx.info(
        `${p.created ? 'Created' : 'Joined'} ${ctx.style(p.session.title, 'bold')}: code ${ctx.style(code, 'cyan')}  ${p.session.shareableLink}`,
      );
      return;
    }
    case 'step':
      return;
    case 'waiting':
      ctx.info(`${tag(p.step.n)} ${p.step.kind}: waiting ${p.what}…`);
      return;
    case 'play':
      bar.update(p.tick, p.totalTicks, `tick ${p.tick}/${p.totalTicks}`);
      return;
    case 'step-done': {
      if (p.step.kind === 'play') bar.done();
      const o = p.outcome;
      const mark =
        o.result === 'ok'
          ? ctx.style('ok', 'green')
          : ctx.style(o.result === 'timeout' ? 'timed out' : 'failed', 'red');
      const label =
        p.step.kind === 'say'
          ? `say "${p.step.text.length > 40 ? `${p.step.text.slice(0, 39)}…` : p.step.text}"`
          : p.step.kind === 'control'
            ? `control ${p.step.action}`
            : p.step.kind;
      ctx.info(
        `${tag(o.n)} ${label}: ${mark} ${ctx.style(`(${formatMs(o.ms)})`, 'dim')} ${o.detail}`,
      );
      if (o.result === 'timeout' && p.step.onTimeout === 'continue')
        ctx.info('  (onTimeout: continue)');
      return;
    }
    case 'scoring':
      ctx.info(`Waiting for the score (up to ${formatMs(p.timeoutMs)})…`);
      return;
    case 'assert': {
      const o = p.outcome;
      const mark = o.ok ? ctx.style('✓', 'green') : ctx.style('✗', 'red');
      ctx.info(`${mark} ${o.kind} ${o.expected}: got ${String(o.actual)}`);
      return;
    }
  }
}

function summary(ctx: Context, outcome: LessonOutcome): string {
  const lines: string[] = [];
  const f = outcome.failure;
  const passed = outcome.asserts.filter((a) => a.ok).length;
  if (f === null) {
    lines.push(
      `${ctx.style('Lesson passed', 'green')}: ${outcome.lesson} (${outcome.steps.length} steps, ${passed}/${outcome.asserts.length} assertions)`,
    );
  } else if (f.kind === 'assert') {
    lines.push(`${ctx.style('Lesson failed', 'red')}: ${outcome.lesson}`);
    for (const a of outcome.asserts.filter((x) => !x.ok)) {
      lines.push(
        `  ${a.kind}: expected ${a.expected}, actual ${String(a.actual)} (line ${a.line})`,
      );
    }
  } else {
    const where = f.step !== undefined ? ` at step ${f.step}` : '';
    lines.push(
      `${ctx.style('Lesson stopped', 'red')}${where}: ${f.message}${f.code ? ` (${f.code})` : ''}`,
    );
  }
  if (outcome.session) {
    lines.push(
      `Session ${outcome.session.sessionId} (code ${formatShareCode(outcome.session.code)}), status ${outcome.session.status}`,
    );
  }
  return lines.join('\n');
}
