import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RecordingError, parseRecording, type Recording } from '@scrubin/protocol';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { LessonIssue, LoadedLesson } from './schema.js';
import { formatIssue, validateLesson } from './validate.js';

/** Reads a text file; injectable for tests. */
export type ReadText = (path: string) => Promise<string>;

const readText: ReadText = (path) => readFile(path, 'utf8');

/**
 * Reads, validates and checks a lesson file and the recordings it plays (they exist, parse, fit
 * the scenario and the ticks asked for), without contacting any server.
 * @returns the lesson, or the issues found (`file:line:col` positions), never both.
 */
export async function loadLesson(
  file: string,
  read: ReadText = readText,
): Promise<{ lesson: LoadedLesson | null; issues: LessonIssue[] }> {
  let text: string;
  try {
    text = await read(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new CliError(
      `Cannot read the lesson file ${file}${code ? ` (${code})` : ''}`,
      EXIT.USAGE,
      code === 'ENOENT' ? 'Check the path; examples are in examples/*.yaml.' : undefined,
    );
  }
  const { lesson, issues } = validateLesson(text, { file, baseDir: dirname(file) });
  if (lesson === null) return { lesson: null, issues };

  const recordings = new Map<string, Recording>();
  const problems: LessonIssue[] = [];
  for (const step of lesson.steps) {
    if (step.kind !== 'play') continue;
    const at = step.recordingPos;
    let recording = recordings.get(step.path);
    if (recording === undefined) {
      let body: string;
      try {
        body = await read(step.path);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'unreadable';
        problems.push({
          ...at,
          message: `cannot read the recording ${step.recording} (${code}; resolved to ${step.path})`,
        });
        continue;
      }
      try {
        recording = parseRecording(body);
      } catch (err) {
        const detail = err instanceof RecordingError ? err.message : String(err);
        problems.push({ ...at, message: `${step.recording} is not a valid recording: ${detail}` });
        continue;
      }
      recordings.set(step.path, recording);
    }
    const endTick = recording.end?.tick ?? recording.events.at(-1)?.tick ?? 0;
    if (step.fromTick !== undefined && step.fromTick > endTick) {
      problems.push({
        ...at,
        message: `play.from (tick ${step.fromTick}) is after the end of ${step.recording} (tick ${endTick})`,
      });
    }
    if (lesson.session.kind === 'create' && recording.header.scenario !== lesson.session.scenario) {
      problems.push({
        ...at,
        message: `${step.recording} was recorded in ${recording.header.scenario}, but the session is ${lesson.session.scenario}`,
      });
    }
  }
  if (problems.length > 0) return { lesson: null, issues: problems };
  return { lesson: { ...lesson, recordings }, issues: [] };
}

/** Loads a lesson or fails with every issue as `file:line:col: message` (exit 1). */
export async function loadLessonOrFail(file: string, read?: ReadText): Promise<LoadedLesson> {
  const { lesson, issues } = await loadLesson(file, read);
  if (lesson !== null) return lesson;
  const list = issues.map((i) => formatIssue(file, i)).join('\n');
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  throw new CliError(
    `${file}: ${count}; nothing was run\n${list}`,
    EXIT.USAGE,
    'The lesson format is described in docs/cli.md ("Lesson files").',
  );
}
