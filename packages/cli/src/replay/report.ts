import { SUB_SCORE_NAMES, type ReplayResult, type SubScoreName } from '@scrubin/sim';
import type { ScenarioId, Role } from '@scrubin/protocol';
import { formatTable } from '../context.js';
import type { AssertionResult } from './assertions.js';

/** One participant in `scrubin replay --json`. */
export interface ReplayParticipantJson {
  userId: string;
  name: string;
  role: Role;
  total: number;
  pass: boolean;
  /** precision, depth, efficiency, smoothness, tissueRespect: 0–100 each. */
  subScores: Record<SubScoreName, number>;
  /** Why the attempt failed (empty when passed). */
  failReasons: string[];
  /** How many critical errors (vessel cuts, forbidden-zone contacts). */
  criticalErrors: number;
}

/** What `scrubin replay --json` prints (stable; documented in docs/cli.md). */
export interface ReplayJson {
  finalHash: string;
  ticks: number;
  durationS: number;
  scenario: ScenarioId;
  /** Session score: mean of the participants' totals; null when nobody used an instrument. */
  score: number | null;
  /** The session's incident count (tears, slips, drags, contacts, vessel cuts). */
  errors: number;
  participants: ReplayParticipantJson[];
  /** Recorded state hashes the replay did not reproduce. */
  hashMismatches: { tick: number; expected: string; actual: string | null }[];
  /** The recording had no end line (`--allow-truncated`). */
  truncated: boolean;
  assertions: { expr: string; ok: boolean; actual: AssertionResult['actual'] }[];
}

/** The stable JSON form of a replay and its assertions. */
export function replayJson(result: ReplayResult, assertions: AssertionResult[]): ReplayJson {
  const { scores } = result;
  return {
    finalHash: result.finalHash,
    ticks: result.ticks,
    durationS: result.durationS,
    scenario: result.scenario,
    score: scores.score,
    errors: scores.errors,
    participants: scores.participants.map((p) => ({
      userId: p.userId,
      name: p.name,
      role: p.role,
      total: p.total,
      pass: p.pass,
      subScores: Object.fromEntries(
        SUB_SCORE_NAMES.map((n) => [n, p.subScores[n].score]),
      ) as Record<SubScoreName, number>,
      failReasons: [...p.failReasons],
      criticalErrors: p.criticalErrors.length,
    })),
    hashMismatches: result.hashMismatches.map((m) => ({ ...m })),
    truncated: result.truncated,
    assertions: assertions.map(({ expr, ok, actual }) => ({ expr, ok, actual })),
  };
}

const SUB_SCORE_HEADERS: Record<SubScoreName, string> = {
  precision: 'PRECISION',
  depth: 'DEPTH',
  efficiency: 'EFFICIENCY',
  smoothness: 'SMOOTHNESS',
  tissueRespect: 'TISSUE',
};

type Paint = (text: string, style: 'bold' | 'dim' | 'red' | 'green' | 'yellow') => string;

/** The human form: a summary line, then a table per participant with sub-scores. */
export function replayHuman(
  result: ReplayResult,
  assertions: AssertionResult[],
  paint: Paint,
): string {
  const { scores } = result;
  const lines = [
    `${paint(result.scenario, 'bold')}  ${result.ticks} ticks (${result.durationS.toFixed(1)} s)  final hash ${result.finalHash}${result.truncated ? paint('  (truncated recording)', 'yellow') : ''}`,
    `Session score ${scores.score ?? '—'}  errors ${scores.errors}  task ${scores.completion.complete ? 'complete' : 'incomplete'}`,
    '',
  ];
  if (scores.participants.length === 0) {
    lines.push('Nobody used an instrument: no participant scores.');
  } else {
    const rows = scores.participants.map((p) => [
      p.name,
      p.role,
      String(p.total),
      p.pass ? 'pass' : 'fail',
      ...SUB_SCORE_NAMES.map((n) =>
        p.subScores[n].applicable ? String(p.subScores[n].score) : 'n/a',
      ),
    ]);
    lines.push(
      formatTable(
        [
          'PARTICIPANT',
          'ROLE',
          'TOTAL',
          'RESULT',
          ...SUB_SCORE_NAMES.map((n) => SUB_SCORE_HEADERS[n]),
        ],
        rows,
      ),
    );
    const failed = scores.participants.filter((p) => !p.pass);
    if (failed.length > 0) lines.push('');
    for (const p of failed) {
      const critical = p.criticalErrors[0];
      lines.push(
        `${p.name}: failed (${p.failReasons.join(', ')})` +
          (critical
            ? `; ${p.criticalErrors.length} critical error${p.criticalErrors.length === 1 ? '' : 's'}, first: ${critical.kind} ${critical.detail} at tick ${critical.tick} (seq ${critical.seq})`
            : ''),
      );
    }
  }
  if (result.hashMismatches.length > 0) {
    lines.push('', paint(`${result.hashMismatches.length} state hash mismatch(es)`, 'red'));
  }
  if (assertions.length > 0) {
    lines.push('');
    for (const a of assertions) {
      lines.push(`${a.ok ? paint('ok  ', 'green') : paint('FAIL', 'red')}  ${a.expr}`);
    }
  }
  return lines.join('\n');
}

function show(value: AssertionResult['actual']): string {
  if (value === null) return 'nothing to compare';
  if (typeof value !== 'object') return String(value);
  return Object.entries(value)
    .map(([who, v]) => `${who} = ${String(v)}`)
    .join(', ');
}

/** Most hash mismatches listed one by one on stderr; the rest are counted. */
const MAX_LISTED_MISMATCHES = 10;

/**
 * The diff for stderr: one block per failed assertion (`--expect-hash` is one) and per state
 * hash mismatch, each with what was expected and what the replay gave. Empty when all is well.
 */
export function failureDiff(result: ReplayResult, assertions: AssertionResult[]): string[] {
  const out: string[] = [];
  for (const a of assertions) {
    if (a.ok) continue;
    out.push(
      `assertion failed: ${a.expr}\n  expected: ${a.expected}\n  actual:   ${show(a.actual)}`,
    );
  }
  const mismatches = result.hashMismatches;
  for (const m of mismatches.slice(0, MAX_LISTED_MISMATCHES)) {
    out.push(
      `state hash at tick ${m.tick} differs from the recording\n  expected: ${m.expected}\n  actual:   ${m.actual ?? '(no hash at that tick)'}`,
    );
  }
  if (mismatches.length > MAX_LISTED_MISMATCHES) {
    out.push(`… and ${mismatches.length - MAX_LISTED_MISMATCHES} more state hash mismatches`);
  }
  return out;
}
