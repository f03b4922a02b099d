import { toScrubinError, type ScorePayload, type SessionDetails } from '@scrubin/protocol';
import type { LiveSession, ScrubinClient } from '@scrubin/sdk';
import { playRecordingInto } from '../replay/play-into.js';
import { takeSeat } from '../replay/seat.js';
import { checkAssertions } from './assertions.js';
import { describeActual } from './conditions.js';
import { describeCondition } from './plan.js';
import type { LessonAssertion, LessonStep, LoadedLesson } from './schema.js';
import { formatMs } from './values.js';
import { Cancelled, sleep, StepTimeout, waitForCondition } from './waiting.js';

/** What happened to one step. */
export interface StepOutcome {
  n: number;
  line: number;
  kind: LessonStep['kind'];
  /** `timeout` with `onTimeout: continue` lets the lesson go on. */
  result: 'ok' | 'timeout' | 'failed';
  ms: number;
  detail: string;
}

/** One assertion: what was expected, what was found. */
export interface AssertOutcome {
  line: number;
  kind: LessonAssertion['kind'];
  expected: string;
  actual: string | number | boolean | null;
  ok: boolean;
}

/** Why a lesson did not pass. `assert` and `timeout` exit 4; `error` exits per its code. */
export interface LessonFailure {
  kind: 'assert' | 'timeout' | 'error' | 'cancelled';
  message: string;
  /** The platform error code, for `error`. */
  code?: string;
  /** The step that failed, if one did. */
  step?: number;
}

/** `scrubin run --json` output. */
export interface LessonOutcome {
  lesson: string;
  file: string;
  ok: boolean;
  session: { sessionId: string; code: string; link: string; title: string; status: string } | null;
  steps: StepOutcome[];
  asserts: AssertOutcome[];
  failure: LessonFailure | null;
}

/** Progress the runner reports while it goes (the CLI prints it on stderr). */
export type RunProgress =
  | { type: 'session'; created: boolean; session: SessionDetails }
  | { type: 'step'; step: LessonStep }
  | { type: 'waiting'; step: LessonStep; what: string }
  | { type: 'play'; step: LessonStep; tick: number; totalTicks: number }
  | { type: 'step-done'; step: LessonStep; outcome: StepOutcome }
  | { type: 'scoring'; timeoutMs: number }
  | { type: 'assert'; outcome: AssertOutcome };

export interface RunLessonOptions {
  client: ScrubinClient;
  onProgress?: (progress: RunProgress) => void;
  /** Stops the lesson (the outcome then reports `cancelled`). */
  signal?: AbortSignal;
  /** Poll the session for its score this often while waiting, ms. @default 500 */
  scorePollMs?: number;
}

/** Creates the session, or takes a seat in the one named, and joins it live. */
async function openSession(
  lesson: LoadedLesson,
  client: ScrubinClient,
): Promise<{ live: LiveSession; session: SessionDetails; created: boolean }> {
  const spec = lesson.session;
  if (spec.kind === 'create') {
    const { kind: _kind, ...body } = spec;
    const { session } = await client.createSession(body);
    return { live: await client.join(session.sessionId), session, created: true };
  }
  const { session } = await takeSeat(client, spec.session, spec.role);
  return { live: await client.join(session.sessionId), session, created: false };
}

/**
 * Runs a validated lesson against a server: opens the session, runs the steps in order (each
 * after its `at` time and `when` condition), then checks the assertions. Never throws for what
 * happens on the server: the outcome says what passed and what failed.
 */
export async function runLesson(
  lesson: LoadedLesson,
  options: RunLessonOptions,
): Promise<LessonOutcome> {
  const { client, signal } = options;
  const report = options.onProgress ?? (() => undefined);
  const outcome: LessonOutcome = {
    lesson: lesson.title,
    file: lesson.file,
    ok: false,
    session: null,
    steps: [],
    asserts: [],
    failure: null,
  };
  const fail = (err: unknown, step?: LessonStep): LessonFailure => {
    const at = step ? { step: step.n } : {};
    if (err instanceof StepTimeout) return { kind: 'timeout', message: err.message, ...at };
    if (err instanceof Cancelled)
      return { kind: 'cancelled', message: 'The lesson was cancelled', ...at };
    const e = toScrubinError(err);
    return { kind: 'error', code: e.code, message: e.message, ...at };
  };

  let live: LiveSession;
  let session: SessionDetails;
  try {
    ({ live, session } = await openSession(lesson, client).then((opened) => {
      report({ type: 'session', created: opened.created, session: opened.session });
      return opened;
    }));
  } catch (err) {
    outcome.failure = fail(err);
    return outcome;
  }
  outcome.session = {
    sessionId: session.sessionId,
    code: session.shareableCode,
    link: session.shareableLink,
    title: session.title,
    status: session.status,
  };
  let score: ScorePayload | undefined;
  const offScore = live.on('surgery:score', (payload) => {
    score = payload;
  });

  try {
    const hostOnly = lesson.steps.find((s) => s.kind === 'control');
    if (hostOnly && live.session?.creatorId !== live.userId) {
      outcome.failure = {
        kind: 'error',
        code: 'FORBIDDEN',
        message: `step ${hostOnly.n} (control ${hostOnly.kind === 'control' ? hostOnly.action : ''}) needs the host, and you are not the host of this session`,
        step: hostOnly.n,
      };
      return outcome;
    }

    const startedAt = Date.now();
    for (const step of lesson.steps) {
      report({ type: 'step', step });
      const t0 = Date.now();
      const done = (result: StepOutcome['result'], detail: string) => {
        const o: StepOutcome = {
          n: step.n,
          line: step.pos.line,
          kind: step.kind,
          result,
          ms: Date.now() - t0,
          detail,
        };
        outcome.steps.push(o);
        report({ type: 'step-done', step, outcome: o });
      };
      try {
        if (step.atMs !== undefined) {
          const dueIn = startedAt + step.atMs - Date.now();
          if (dueIn > 0) {
            report({ type: 'waiting', step, what: `until +${formatMs(step.atMs)}` });
            await sleep(dueIn, signal);
          }
        }
        if (step.when) {
          const when = step.when;
          await waitForCondition(
            live,
            when,
            step.timeoutMs,
            () => report({ type: 'waiting', step, what: `for ${describeCondition(when)}` }),
            signal,
          );
        }
        done('ok', await runStep(lesson, live, step, report, signal));
      } catch (err) {
        if (err instanceof StepTimeout) {
          done('timeout', err.message);
          if (step.onTimeout === 'continue') continue;
        } else {
          done('failed', toScrubinError(err).message);
        }
        outcome.failure = fail(err, step);
        return outcome;
      }
    }

    outcome.asserts = await checkAssertions(lesson, client, live, () => score, options);
    const failed = outcome.asserts.filter((a) => !a.ok);
    if (failed.length > 0) {
      outcome.failure = {
        kind: 'assert',
        message: failed
          .map((a) => `${a.kind}: expected ${a.expected}, got ${String(a.actual)}`)
          .join('; '),
      };
      return outcome;
    }
    outcome.ok = true;
    return outcome;
  } catch (err) {
    outcome.failure = fail(err);
    return outcome;
  } finally {
    offScore();
    if (outcome.session) outcome.session.status = live.status ?? outcome.session.status;
    live.close();
  }
}

async function runStep(
  lesson: LoadedLesson,
  live: LiveSession,
  step: LessonStep,
  report: (p: RunProgress) => void,
  signal?: AbortSignal,
): Promise<string> {
  switch (step.kind) {
    case 'say': {
      const { seq } = await live.chat(step.text);
      return `sent (seq ${seq})`;
    }
    case 'control': {
      if (step.action === 'reset') {
        await live.reset();
        return 'status idle';
      }
      const { event } = await live.control(step.action);
      return `status ${event.status}`;
    }
    case 'wait':
      if ('ms' in step) {
        await sleep(step.ms, signal);
        return `waited ${formatMs(step.ms)}`;
      }
      await waitForCondition(
        live,
        step.until,
        step.timeoutMs,
        () => report({ type: 'waiting', step, what: `for ${describeCondition(step.until)}` }),
        signal,
      );
      return describeActual(step.until, {
        participants: live.participants,
        status: live.status,
        selfId: live.userId,
      });
    case 'play': {
      const recording = lesson.recordings.get(step.path);
      if (!recording) throw new Error(`The recording ${step.path} was not loaded`);
      const result = await playRecordingInto(live, recording, {
        speed: step.speed,
        ...(step.fromTick !== undefined && { fromTick: step.fromTick }),
        ...(step.toTick !== undefined && { toTick: step.toTick }),
        onProgress: (tick, totalTicks) => report({ type: 'play', step, tick, totalTicks }),
        ...(signal && { signal }),
      });
      if (result.aborted) throw new Cancelled('cancelled');
      return `${result.sent} events sent, ${result.skipped} skipped`;
    }
  }
}
