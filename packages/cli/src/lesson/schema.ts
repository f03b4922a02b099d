import type { JoinRole, Recording, Role, ScenarioId, SessionStatus } from '@scrubin/protocol';

// The validated form of a lesson file (see docs/cli.md, "Lesson files"). Times are in
// milliseconds, ticks are simulation ticks (90 per second of active time).

/** Where something is in the lesson file (1-based). */
export interface SourcePos {
  line: number;
  col: number;
}

/** A problem found in a lesson file. */
export interface LessonIssue extends SourcePos {
  message: string;
}

/** `>= 70`, `== 2`, …; a bare number in a lesson means "at least". */
export interface Comparison {
  op: '>=' | '>' | '<=' | '<' | '==' | '!=';
  value: number;
}

/** A state of the session a step waits for; every field given must hold. */
export interface Condition {
  /** Online participants, you included. */
  participants?: Comparison;
  /** At least one online participant other than you has this role. */
  role?: Role;
  /** The simulation status. */
  status?: SessionStatus;
}

export type SessionSpec =
  | {
      kind: 'create';
      title: string;
      scenario: ScenarioId;
      description?: string;
      maxParticipants?: number;
      inviteOnly?: boolean;
    }
  | { kind: 'join'; session: string; role: JoinRole };

export type LessonControl = 'start' | 'pause' | 'resume' | 'stop' | 'reset';

/** What every step may say about when it runs. */
export interface StepTiming {
  /** Not before this long after the session is ready. */
  atMs?: number;
  /** Not before this condition holds (waited for up to `timeoutMs`). */
  when?: Condition;
  /** How long `when` (and a `wait` for a condition) may take. */
  timeoutMs: number;
  /** What a timeout does: fail the lesson (exit 4) or go on with the next step. */
  onTimeout: 'fail' | 'continue';
}

export type StepAction =
  | { kind: 'say'; text: string }
  | { kind: 'wait'; ms: number }
  | { kind: 'wait'; until: Condition }
  | { kind: 'control'; action: LessonControl }
  | {
      kind: 'play';
      /** As written in the file. */
      recording: string;
      /** Resolved from the lesson file's folder. */
      path: string;
      speed: number;
      fromTick?: number;
      toTick?: number;
      /** Where the recording's path is written, for errors about the file. */
      recordingPos: SourcePos;
    };

/** One step, with where it is in the file. */
export type LessonStep = StepAction & StepTiming & { n: number; pos: SourcePos };

export type LessonAssertion = (
  | { kind: 'status'; expected: SessionStatus }
  | { kind: 'participants'; expected: Comparison }
  | { kind: 'messages'; expected: Comparison }
  | { kind: 'score'; expected: Comparison; timeoutMs: number }
  | { kind: 'pass'; expected: boolean; timeoutMs: number }
) & { pos: SourcePos };

/** A validated lesson. */
export interface Lesson {
  title: string;
  description?: string;
  /** The lesson file, as given. */
  file: string;
  session: SessionSpec;
  timeouts: { waitMs: number; scoreMs: number };
  steps: LessonStep[];
  asserts: LessonAssertion[];
}

/** A lesson with its recordings read and checked. */
export interface LoadedLesson extends Lesson {
  /** Parsed recordings by resolved path. */
  recordings: Map<string, Recording>;
}

/** Default time a `wait` or `when` may take. */
export const DEFAULT_WAIT_TIMEOUT_MS = 5 * 60_000;
/** Default time to wait for the score of a completed session. */
export const DEFAULT_SCORE_TIMEOUT_MS = 60_000;

/** Keys of each part of the format, for "unknown key" errors and suggestions. */
export const TOP_KEYS = [
  'lesson',
  'description',
  'session',
  'timeouts',
  'steps',
  'assert',
] as const;
export const STEP_KINDS = ['say', 'wait', 'control', 'play'] as const;
export const STEP_MODIFIERS = ['at', 'when', 'timeout', 'onTimeout'] as const;
export const CONDITION_KEYS = ['participants', 'role', 'status'] as const;
export const ASSERT_KINDS = ['status', 'participants', 'messages', 'score', 'pass'] as const;
export const LESSON_CONTROLS: readonly LessonControl[] = [
  'start',
  'pause',
  'resume',
  'stop',
  'reset',
];
