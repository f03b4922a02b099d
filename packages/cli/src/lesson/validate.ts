import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { LIMITS } from '@scrubin/protocol';
import {
  DEFAULT_SCORE_TIMEOUT_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  TOP_KEYS,
  type Lesson,
  type LessonAssertion,
  type LessonIssue,
  type LessonStep,
} from './schema.js';
import { readAssertion, readSession, readStep } from './validate-parts.js';
import { Reader, type Entry } from './yaml-reader.js';

/** Where the lesson came from: relative recording paths are resolved from `baseDir`. */
export interface ValidateOptions {
  /** The file name used in messages. */
  file: string;
  /** Folder of the lesson file. */
  baseDir: string;
}

/**
 * Validates a lesson file's text before anything runs, and turns it into a {@link Lesson}.
 * Every problem is reported with its line and column; the lesson is null when there is any.
 * @example
 * const { lesson, issues } = validateLesson(text, { file: 'demo.yaml', baseDir: '.' });
 * for (const i of issues) console.error(formatIssue('demo.yaml', i));
 */
export function validateLesson(
  text: string,
  options: ValidateOptions,
): { lesson: Lesson | null; issues: LessonIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({
      ...lines.linePos(e.pos[0]),
      message: `YAML: ${e.message.split('\n')[0]}`,
    }));
    return { lesson: null, issues };
  }
  const r = new Reader(lines);
  const root = doc.contents as Node | null;
  if (!isMap(root)) {
    r.error(root, 'a lesson is a mapping with lesson, session, steps and assert');
    return { lesson: null, issues: r.issues };
  }
  const top = r.entries(root, TOP_KEYS, 'the lesson');
  const rootPos = r.pos(root);
  const need = (key: string, what: string): Entry | undefined => {
    const entry = top.get(key);
    if (!entry) r.error(null, `missing "${key}": ${what}`, rootPos);
    return entry;
  };

  const titleEntry = need('lesson', 'the lesson title, e.g. lesson: Skin incision demo');
  const title = titleEntry && r.string(titleEntry, 'lesson (the title)', LIMITS.titleMaxChars);
  const descriptionEntry = top.get('description');
  const description =
    descriptionEntry && r.string(descriptionEntry, 'description', LIMITS.descriptionMaxChars);

  const timeouts = { waitMs: DEFAULT_WAIT_TIMEOUT_MS, scoreMs: DEFAULT_SCORE_TIMEOUT_MS };
  const timeoutsEntry = top.get('timeouts');
  const timeoutsMap = timeoutsEntry && r.map(timeoutsEntry, 'timeouts');
  if (timeoutsMap) {
    const t = r.entries(timeoutsMap, ['wait', 'score'], 'timeouts');
    const wait = t.get('wait');
    const score = t.get('score');
    const waitMs = wait && r.duration(wait, 'timeouts.wait', { positive: true });
    const scoreMs = score && r.duration(score, 'timeouts.score', { positive: true });
    if (waitMs !== undefined) timeouts.waitMs = waitMs;
    if (scoreMs !== undefined) timeouts.scoreMs = scoreMs;
  }

  const sessionEntry = need(
    'session',
    'session: { create: { title, scenario } } or session: { join: CODE }',
  );
  const session = sessionEntry && readSession(r, sessionEntry);

  const steps: LessonStep[] = [];
  const stepsEntry = need('steps', 'the list of steps (say, wait, control, play)');
  if (stepsEntry) {
    if (!isSeq(stepsEntry.value) || stepsEntry.value.items.length === 0) {
      r.error(
        stepsEntry.value ?? stepsEntry.key,
        'steps must be a list with at least one step (- say: …)',
      );
    } else {
      stepsEntry.value.items.forEach((item, i) => {
        const step = readStep(r, item as Node, i + 1, timeouts.waitMs, options.baseDir);
        if (step) steps.push(step);
      });
    }
  }

  const asserts: LessonAssertion[] = [];
  const assertEntry = top.get('assert');
  if (assertEntry) {
    if (!isSeq(assertEntry.value)) {
      r.error(assertEntry.value ?? assertEntry.key, 'assert must be a list (- status: completed)');
    } else {
      for (const item of assertEntry.value.items) {
        const a = readAssertion(r, item as Node, timeouts.scoreMs);
        if (a) asserts.push(a);
      }
    }
  }

  if (session?.kind === 'join' && session.role === 'observer') {
    for (const step of steps) {
      if (step.kind === 'play') {
        r.issues.push({
          ...step.pos,
          message: 'play needs an instrument seat: an observer cannot play recordings',
        });
      }
    }
  }

  const issues = r.issues.sort((a, b) => a.line - b.line || a.col - b.col);
  if (issues.length > 0 || title === undefined || session === undefined) {
    return { lesson: null, issues };
  }
  return {
    lesson: {
      title,
      ...(description !== undefined && { description }),
      file: options.file,
      session,
      timeouts,
      steps,
      asserts,
    },
    issues,
  };
}

/** `file:line:col: message`, as compilers print it. */
export function formatIssue(file: string, issue: LessonIssue): string {
  return `${file}:${issue.line}:${issue.col}: ${issue.message}`;
}
