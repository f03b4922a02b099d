/**
 * `scrubin replay --assert <expr>`: a tiny expression language over a replay's scores, parsed
 * before anything runs (bad expressions are usage errors) and evaluated after the replay.
 *
 *   total>=70            every scored participant's total (or `total[Ada]>=70`: name, unique part
 *                        of a name, or userId)
 *   pass | fail          every scored participant passed / failed (`pass[Sam]`)
 *   precision>80         a sub-score: precision, depth, efficiency, smoothness, tissueRespect
 *   score>=70            the session score (mean of the totals; null when nobody used a tool)
 *   errors<=2            the session's incident count
 *   hash=<hex>           the final state hash
 */
import { SUB_SCORE_NAMES, type SubScoreName } from '@scrubin/sim';

export const OPERATORS = ['>=', '<=', '!=', '>', '<', '='] as const;
export type Operator = (typeof OPERATORS)[number];

/** A metric read per participant. */
export type ParticipantMetric = 'total' | SubScoreName;
/** A metric read once per session. */
export type SessionMetric = 'score' | 'errors';

/** A parsed assertion. */
export type Assertion =
  | {
      kind: 'participant';
      expr: string;
      metric: ParticipantMetric;
      who?: string;
      op: Operator;
      value: number;
    }
  | { kind: 'verdict'; expr: string; verdict: 'pass' | 'fail'; who?: string }
  | { kind: 'session'; expr: string; metric: SessionMetric; op: Operator; value: number }
  | { kind: 'hash'; expr: string; op: '=' | '!='; value: string };

/** What an assertion is evaluated against. */
export interface AssertionSubject {
  finalHash: string;
  score: number | null;
  errors: number;
  participants: {
    userId: string;
    name: string;
    total: number;
    pass: boolean;
    subScores: Record<SubScoreName, number>;
  }[];
}

/** The outcome of one assertion, as `--json` prints it. */
export interface AssertionResult {
  expr: string;
  ok: boolean;
  /**
   * What was found: the value for `score`, `errors` and `hash`; for participant metrics and
   * `pass`/`fail` an object participant name → value (null when nobody matched).
   */
  actual: number | string | boolean | null | Record<string, number | boolean>;
  /** What was expected, in words (for the diff on stderr). */
  expected: string;
}

/** A bad `--assert` expression: a usage error, reported before replaying. */
export class AssertionSyntaxError extends Error {
  override readonly name = 'AssertionSyntaxError';
}

const PARTICIPANT_METRICS: readonly ParticipantMetric[] = ['total', ...SUB_SCORE_NAMES];
const SESSION_METRICS: readonly SessionMetric[] = ['score', 'errors'];
const HASH_RE = /^[0-9a-f]{16}$/;
const NUMBER_RE = /^-?\d+(\.\d+)?$/;
// name, optional [selector], optional operator and value
const EXPR_RE = /^([A-Za-z-]+)\s*(?:\[\s*([^\]]+?)\s*\])?\s*(?:(>=|<=|!=|>|<|==|=)\s*(.+?))?\s*$/;

const KNOWN = [...PARTICIPANT_METRICS, ...SESSION_METRICS, 'pass', 'fail', 'hash'].join(', ');

function metricOf(name: string): string | undefined {
  const wanted = name.toLowerCase().replace(/-/g, '');
  return [...PARTICIPANT_METRICS, ...SESSION_METRICS, 'pass', 'fail', 'hash'].find(
    (m) => m.toLowerCase() === wanted,
  );
}

/**
 * Parses one `--assert` expression.
 * @throws AssertionSyntaxError with a message saying what is wrong and what is allowed.
 * @example parseAssertion('total[Ada Lin]>=70')
 */
export function parseAssertion(input: string): Assertion {
  const expr = input.trim();
  const bad = (why: string) => new AssertionSyntaxError(`Bad --assert '${input}': ${why}`);
  const m = EXPR_RE.exec(expr);
  if (!m) {
    throw bad(
      `expected <metric>[<participant>] <op> <value>, pass or fail (operators: ${OPERATORS.join(' ')})`,
    );
  }
  const [, name = '', who, rawOp, rawValue] = m;
  const metric = metricOf(name);
  if (!metric) throw bad(`unknown metric "${name}" (known: ${KNOWN})`);
  const op = (rawOp === '==' ? '=' : rawOp) as Operator | undefined;

  if (metric === 'pass' || metric === 'fail') {
    if (op !== undefined)
      throw bad(`${metric} takes no operator (write "${metric}" or "${metric}[name]")`);
    return { kind: 'verdict', expr, verdict: metric, who };
  }
  if (op === undefined || rawValue === undefined) {
    throw bad(
      `${metric} needs an operator and a value, e.g. ${metric === 'hash' ? 'hash=0123456789abcdef' : `${metric}>=70`}`,
    );
  }
  if (metric === 'hash') {
    if (who !== undefined) throw bad("hash is the session's final state hash: no [participant]");
    if (op !== '=' && op !== '!=') throw bad('hash compares with = or != only');
    const value = rawValue.toLowerCase();
    if (!HASH_RE.test(value)) throw bad(`"${rawValue}" is not a state hash (16 hex digits)`);
    return { kind: 'hash', expr, op, value };
  }
  if (!NUMBER_RE.test(rawValue)) throw bad(`"${rawValue}" is not a number`);
  const value = Number(rawValue);
  if ((SESSION_METRICS as readonly string[]).includes(metric)) {
    if (who !== undefined) {
      throw bad(`${metric} is a session value: no [participant] (per participant: total[name])`);
    }
    return { kind: 'session', expr, metric: metric as SessionMetric, op, value };
  }
  return { kind: 'participant', expr, metric: metric as ParticipantMetric, who, op, value };
}

/** Compares with an operator. */
export function compare(actual: number, op: Operator, expected: number): boolean {
  switch (op) {
    case '>=':
      return actual >= expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '<':
      return actual < expected;
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
  }
}

function selectParticipants(subject: AssertionSubject, who: string | undefined) {
  if (who === undefined) return subject.participants;
  const lower = who.toLowerCase();
  const exact = subject.participants.filter(
    (p) => p.userId === who || p.name.toLowerCase() === lower,
  );
  if (exact.length > 0) return exact;
  // A unique part of a name will do: total[ada] for "Dr. Ada Lin".
  const partial = subject.participants.filter((p) => p.name.toLowerCase().includes(lower));
  return partial.length === 1 ? partial : [];
}

/** Keys participants by name, or by userId where two share a name. */
function keyed<T extends number | boolean>(
  people: AssertionSubject['participants'],
  value: (p: AssertionSubject['participants'][number]) => T,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const p of people) {
    const dup = people.filter((q) => q.name === p.name).length > 1;
    out[dup ? `${p.name} (${p.userId})` : p.name] = value(p);
  }
  return out;
}

/** Evaluates a parsed assertion against a replay's outcome. */
export function evaluateAssertion(a: Assertion, subject: AssertionSubject): AssertionResult {
  switch (a.kind) {
    case 'hash': {
      const ok = a.op === '=' ? subject.finalHash === a.value : subject.finalHash !== a.value;
      return {
        expr: a.expr,
        ok,
        actual: subject.finalHash,
        expected: `final hash ${a.op === '=' ? '' : 'not '}${a.value}`,
      };
    }
    case 'session': {
      const actual = a.metric === 'score' ? subject.score : subject.errors;
      return {
        expr: a.expr,
        ok: actual !== null && compare(actual, a.op, a.value),
        actual,
        expected: `session ${a.metric} ${a.op} ${a.value}`,
      };
    }
    case 'verdict':
    case 'participant': {
      const people = selectParticipants(subject, a.who);
      const whom = a.who === undefined ? 'every scored participant' : `participant "${a.who}"`;
      if (people.length === 0) {
        const known = subject.participants.map((p) => p.name).join(', ') || 'none scored';
        return {
          expr: a.expr,
          ok: false,
          actual: null,
          expected:
            a.who === undefined
              ? 'at least one participant who used an instrument'
              : `one scored participant named "${a.who}" or with that id (scored: ${known})`,
        };
      }
      if (a.kind === 'verdict') {
        const want = a.verdict === 'pass';
        return {
          expr: a.expr,
          ok: people.every((p) => p.pass === want),
          actual: keyed(people, (p) => p.pass),
          expected: `${whom} ${a.verdict === 'pass' ? 'passed' : 'failed'} (pass = ${want})`,
        };
      }
      const read = (p: (typeof people)[number]) =>
        a.metric === 'total' ? p.total : p.subScores[a.metric];
      return {
        expr: a.expr,
        ok: people.every((p) => compare(read(p), a.op, a.value)),
        actual: keyed(people, read),
        expected: `${a.metric} ${a.op} ${a.value} for ${whom}`,
      };
    }
  }
}
