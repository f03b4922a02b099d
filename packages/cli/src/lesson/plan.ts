import { TICK_HZ } from '@scrubin/protocol';
import { actionFor } from '../replay/play-into.js';
import type { Condition, LessonAssertion, LessonStep, LoadedLesson } from './schema.js';
import { formatComparison, formatMs } from './values.js';

/** `--dry-run --json` output: the lesson with every value resolved. */
export interface LessonPlan {
  lesson: string;
  file: string;
  session:
    | {
        create: {
          title: string;
          scenario: string;
          description?: string;
          maxParticipants?: number;
          inviteOnly?: boolean;
        };
      }
    | { join: string; role: string };
  timeouts: { waitS: number; scoreS: number };
  steps: PlanStep[];
  asserts: PlanAssert[];
}

/** One step of the plan; `text` is its human description. */
export interface PlanStep {
  n: number;
  line: number;
  kind: LessonStep['kind'];
  text: string;
  atS?: number;
  when?: Condition;
  timeoutS?: number;
  onTimeout?: 'fail' | 'continue';
  say?: string;
  waitS?: number;
  until?: Condition;
  control?: string;
  play?: {
    recording: string;
    path: string;
    speed: number;
    fromTick: number;
    toTick: number;
    events: number;
    /** Time the played range takes at this speed, seconds (pauses not counted). */
    durationS: number;
  };
}

export interface PlanAssert {
  line: number;
  kind: LessonAssertion['kind'];
  expected: string;
  text: string;
  timeoutS?: number;
}

/** "2 participants online and status active" */
export function describeCondition(c: Condition): string {
  const parts: string[] = [];
  if (c.participants) parts.push(`participants online ${formatComparison(c.participants)}`);
  if (c.role) parts.push(`an online ${c.role}`);
  if (c.status) parts.push(`status ${c.status}`);
  return parts.join(' and ');
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** The resolved play range of a step: ticks, events sent, how long it takes. */
export function playRange(lesson: LoadedLesson, step: Extract<LessonStep, { kind: 'play' }>) {
  const recording = lesson.recordings.get(step.path);
  const endTick = recording?.end?.tick ?? recording?.events.at(-1)?.tick ?? 0;
  const fromTick = step.fromTick ?? 0;
  const toTick = Math.min(step.toTick ?? endTick, endTick);
  // The events play-into sends again (instrument and chat events).
  const events =
    recording?.events.filter(
      (e) => e.tick >= fromTick && e.tick <= toTick && actionFor(e) !== undefined,
    ).length ?? 0;
  const durationS = Math.round(((toTick - fromTick) / TICK_HZ / step.speed) * 10) / 10;
  return { fromTick, toTick, events, durationS };
}

/** The plan of a loaded lesson. */
export function planLesson(lesson: LoadedLesson): LessonPlan {
  const session =
    lesson.session.kind === 'create'
      ? {
          create: {
            title: lesson.session.title,
            scenario: lesson.session.scenario,
            ...(lesson.session.description !== undefined && {
              description: lesson.session.description,
            }),
            ...(lesson.session.maxParticipants !== undefined && {
              maxParticipants: lesson.session.maxParticipants,
            }),
            ...(lesson.session.inviteOnly !== undefined && {
              inviteOnly: lesson.session.inviteOnly,
            }),
          },
        }
      : { join: lesson.session.session, role: lesson.session.role };
  return {
    lesson: lesson.title,
    file: lesson.file,
    session,
    timeouts: { waitS: seconds(lesson.timeouts.waitMs), scoreS: seconds(lesson.timeouts.scoreMs) },
    steps: lesson.steps.map((step) => planStep(lesson, step)),
    asserts: lesson.asserts.map(planAssert),
  };
}

function planStep(lesson: LoadedLesson, step: LessonStep): PlanStep {
  const waits = step.when !== undefined || (step.kind === 'wait' && 'until' in step);
  const base: PlanStep = {
    n: step.n,
    line: step.pos.line,
    kind: step.kind,
    text: '',
    ...(step.atMs !== undefined && { atS: seconds(step.atMs) }),
    ...(step.when !== undefined && { when: step.when }),
    ...(waits && { timeoutS: seconds(step.timeoutMs), onTimeout: step.onTimeout }),
  };
  let what: string;
  switch (step.kind) {
    case 'say':
      base.say = step.text;
      what = `say ${JSON.stringify(step.text)}`;
      break;
    case 'control':
      base.control = step.action;
      what = `control ${step.action}`;
      break;
    case 'wait':
      if ('ms' in step) {
        base.waitS = seconds(step.ms);
        what = `wait ${formatMs(step.ms)}`;
      } else {
        base.until = step.until;
        what = `wait until ${describeCondition(step.until)}`;
      }
      break;
    case 'play': {
      const range = playRange(lesson, step);
      base.play = { recording: step.recording, path: step.path, speed: step.speed, ...range };
      what =
        `play ${step.path} at ${step.speed}× (ticks ${range.fromTick}–${range.toTick}, ` +
        `${range.events} events, about ${formatMs(range.durationS * 1000)})`;
      break;
    }
  }
  const prefix = [
    step.atMs !== undefined ? `at +${formatMs(step.atMs)}` : '',
    step.when !== undefined ? `when ${describeCondition(step.when)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const suffix = waits
    ? ` (timeout ${formatMs(step.timeoutMs)}, then ${step.onTimeout === 'fail' ? 'fail' : 'go on'})`
    : '';
  base.text = `${prefix ? `${prefix}: ` : ''}${what}${suffix}`;
  return base;
}

function planAssert(a: LessonAssertion): PlanAssert {
  const expected =
    a.kind === 'status'
      ? a.expected
      : a.kind === 'pass'
        ? String(a.expected)
        : formatComparison(a.expected);
  const waits = a.kind === 'score' || a.kind === 'pass';
  const text =
    a.kind === 'status'
      ? `status is ${a.expected}`
      : a.kind === 'pass'
        ? `${a.expected ? 'every scored participant passes' : 'someone scored fails (not everyone passes)'}`
        : `${a.kind} ${expected}`;
  return {
    line: a.pos.line,
    kind: a.kind,
    expected,
    text: waits ? `${text} (waits up to ${formatMs(a.timeoutMs)} for the score)` : text,
    ...(waits && { timeoutS: seconds(a.timeoutMs) }),
  };
}

/** The plan for people: numbered steps, then the assertions. */
export function formatPlan(plan: LessonPlan): string {
  const session =
    'create' in plan.session
      ? `create "${plan.session.create.title}" (${plan.session.create.scenario}` +
        `${plan.session.create.maxParticipants ? `, ${plan.session.create.maxParticipants} seats` : ''}` +
        `${plan.session.create.inviteOnly ? ', invite only' : ''})`
      : `join ${plan.session.join} as ${plan.session.role}`;
  const width = String(plan.steps.length).length;
  return [
    `Lesson: ${plan.lesson}`,
    `Session: ${session}`,
    'Steps:',
    ...plan.steps.map((s) => `  ${String(s.n).padStart(width)}. ${s.text}`),
    plan.asserts.length > 0 ? 'Assert:' : 'Assert: nothing',
    ...plan.asserts.map((a) => `  - ${a.text}`),
  ].join('\n');
}
