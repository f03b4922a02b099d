import { resolve } from 'node:path';
import { isMap, type Node } from 'yaml';
import {
  JOIN_ROLES,
  LIMITS,
  ROLES,
  SCENARIO_IDS,
  SESSION_STATUSES,
  type JoinRole,
  type Role,
  type ScenarioId,
  type SessionStatus,
} from '@scrubin/protocol';
import {
  ASSERT_KINDS,
  CONDITION_KEYS,
  LESSON_CONTROLS,
  STEP_KINDS,
  STEP_MODIFIERS,
  type Condition,
  type LessonAssertion,
  type LessonControl,
  type LessonStep,
  type SessionSpec,
  type StepAction,
} from './schema.js';
import { parseTick } from './values.js';
import type { Entry, Reader } from './yaml-reader.js';

// Readers of the parts of a lesson file: session, steps, assertions. Each reports its problems
// to the Reader and returns undefined when the part is invalid.

const ON_TIMEOUT = ['fail', 'continue'] as const;

export function readSession(r: Reader, entry: Entry): SessionSpec | undefined {
  const map = r.map(entry, 'session');
  if (!map) return undefined;
  const e = r.entries(map, ['create', 'join', 'role'], 'session');
  const create = e.get('create');
  const join = e.get('join');
  const roleEntry = e.get('role');
  if ((create === undefined) === (join === undefined)) {
    r.error(map, 'session needs exactly one of create: { title, scenario } or join: CODE');
    return undefined;
  }
  if (create) {
    if (roleEntry)
      r.error(roleEntry.key, 'role goes with join: the creator of a session is its host (surgeon)');
    const m = r.map(create, 'session.create');
    if (!m) return undefined;
    const c = r.entries(
      m,
      ['title', 'scenario', 'description', 'maxParticipants', 'inviteOnly'],
      'session.create',
    );
    const title = c.get('title');
    const scenario = c.get('scenario');
    if (!title) r.error(m, 'session.create needs a title');
    if (!scenario) r.error(m, `session.create needs a scenario: ${SCENARIO_IDS.join(', ')}`);
    const spec = {
      title: title && r.string(title, 'title', LIMITS.titleMaxChars),
      scenario: scenario && r.oneOf<ScenarioId>(scenario, 'scenario', SCENARIO_IDS),
      description: ifGiven(c.get('description'), (x) =>
        r.string(x, 'description', LIMITS.descriptionMaxChars),
      ),
      maxParticipants: ifGiven(c.get('maxParticipants'), (x) =>
        r.number(x, 'maxParticipants', LIMITS.minParticipants, LIMITS.maxParticipants, true),
      ),
      inviteOnly: ifGiven(c.get('inviteOnly'), (x) => r.boolean(x, 'inviteOnly')),
    };
    if (spec.title === undefined || spec.scenario === undefined) return undefined;
    return {
      kind: 'create',
      title: spec.title,
      scenario: spec.scenario,
      ...(spec.description !== undefined && { description: spec.description }),
      ...(spec.maxParticipants !== undefined && { maxParticipants: spec.maxParticipants }),
      ...(spec.inviteOnly !== undefined && { inviteOnly: spec.inviteOnly }),
    };
  }
  const session = r.string(join!, 'session.join (a code, link or session id)', 500);
  const role: JoinRole | undefined = roleEntry
    ? r.oneOf<JoinRole>(roleEntry, 'session.role', JOIN_ROLES)
    : 'assistant';
  if (session === undefined || role === undefined) return undefined;
  return { kind: 'join', session, role };
}

const ifGiven = <T>(entry: Entry | undefined, read: (e: Entry) => T | undefined): T | undefined =>
  entry === undefined ? undefined : read(entry);

function readCondition(
  r: Reader,
  entries: Map<string, Entry>,
  where: string,
): Condition | undefined {
  const condition: Condition = {};
  let ok = true;
  const participants = entries.get('participants');
  const role = entries.get('role');
  const status = entries.get('status');
  if (participants) {
    const c = r.comparison(participants, `${where}.participants`);
    if (c) condition.participants = c;
    else ok = false;
  }
  if (role) {
    const v = r.oneOf<Role>(role, `${where}.role`, ROLES);
    if (v) condition.role = v;
    else ok = false;
  }
  if (status) {
    const v = r.oneOf<SessionStatus>(status, `${where}.status`, SESSION_STATUSES);
    if (v) condition.status = v;
    else ok = false;
  }
  return ok ? condition : undefined;
}

export function readStep(
  r: Reader,
  node: Node,
  n: number,
  defaultTimeoutMs: number,
  baseDir: string,
): LessonStep | undefined {
  const pos = r.pos(node);
  if (!isMap(node)) {
    r.error(node, `step ${n} must be a mapping such as "- say: Welcome" or "- control: start"`);
    return undefined;
  }
  const e = r.entries(node, [...STEP_KINDS, ...STEP_MODIFIERS], `step ${n}`);
  const kinds = STEP_KINDS.filter((k) => e.has(k));
  // An unknown key alone (a typo of an action) is reported already.
  if (kinds.length === 0 && e.size < node.items.length) return undefined;
  if (kinds.length !== 1) {
    r.error(
      node,
      kinds.length === 0
        ? `step ${n} needs one action: ${STEP_KINDS.join(', ')}`
        : `step ${n} has ${kinds.join(' and ')}: one action per step`,
    );
    return undefined;
  }
  const kind = kinds[0]!;
  const entry = e.get(kind)!;
  let ok = true;
  const check = <T>(value: T | undefined): T | undefined => {
    if (value === undefined) ok = false;
    return value;
  };

  let timeoutMs = defaultTimeoutMs;
  const timeoutEntry = e.get('timeout');
  if (timeoutEntry)
    timeoutMs = check(r.duration(timeoutEntry, 'timeout', { positive: true })) ?? timeoutMs;
  const onTimeoutEntry = e.get('onTimeout');
  let onTimeout = onTimeoutEntry ? check(r.oneOf(onTimeoutEntry, 'onTimeout', ON_TIMEOUT)) : 'fail';
  const atEntry = e.get('at');
  const atMs = atEntry ? check(r.duration(atEntry, 'at')) : undefined;
  const whenEntry = e.get('when');
  let when: Condition | undefined;
  if (whenEntry) {
    const m = r.map(whenEntry, 'when');
    if (m) when = check(readCondition(r, r.entries(m, CONDITION_KEYS, 'when'), 'when'));
    else ok = false;
    if (m && m.items.length === 0) {
      r.error(m, `when needs a condition: ${CONDITION_KEYS.join(', ')}`);
      ok = false;
    }
  }

  let action: StepAction | undefined;
  switch (kind) {
    case 'say': {
      const text = check(r.string(entry, 'say', LIMITS.chatMaxChars));
      if (text !== undefined) action = { kind: 'say', text };
      break;
    }
    case 'control': {
      const value = check(r.oneOf<LessonControl>(entry, 'control', LESSON_CONTROLS));
      if (value !== undefined) action = { kind: 'control', action: value };
      break;
    }
    case 'wait': {
      if (!isMap(entry.value)) {
        const ms = check(r.duration(entry, 'wait'));
        if (ms !== undefined) action = { kind: 'wait', ms };
        break;
      }
      const w = r.entries(
        entry.value,
        ['seconds', ...CONDITION_KEYS, 'timeout', 'onTimeout'],
        'wait',
      );
      const inner = w.get('timeout');
      if (inner)
        timeoutMs = check(r.duration(inner, 'wait.timeout', { positive: true })) ?? timeoutMs;
      if (inner && timeoutEntry) {
        r.error(inner.key, 'timeout is given twice (in wait and in the step)');
        ok = false;
      }
      const innerOnTimeout = w.get('onTimeout');
      const seconds = w.get('seconds');
      const hasCondition = CONDITION_KEYS.some((k) => w.has(k));
      if (seconds && hasCondition) {
        r.error(entry.value, 'wait for seconds or for a condition, not both');
        ok = false;
      } else if (seconds) {
        const ms = check(r.duration(seconds, 'wait.seconds'));
        if (ms !== undefined) action = { kind: 'wait', ms };
        if (inner) {
          r.error(inner.key, 'a wait for seconds has no timeout');
          ok = false;
        }
      } else if (hasCondition) {
        const until = check(readCondition(r, w, 'wait'));
        if (until) action = { kind: 'wait', until };
      } else {
        r.error(entry.value, `wait needs seconds or a condition: ${CONDITION_KEYS.join(', ')}`);
        ok = false;
      }
      if (innerOnTimeout) {
        if (onTimeoutEntry) {
          r.error(innerOnTimeout.key, 'onTimeout is given twice (in wait and in the step)');
          ok = false;
        }
        onTimeout = check(r.oneOf(innerOnTimeout, 'wait.onTimeout', ON_TIMEOUT));
      }
      break;
    }
    case 'play': {
      action = check(readPlay(r, entry, baseDir));
      break;
    }
  }
  return done(action, onTimeout);

  function done(a: StepAction | undefined, onTimeoutValue: 'fail' | 'continue' | undefined) {
    if (!ok || a === undefined || onTimeoutValue === undefined) return undefined;
    return {
      ...a,
      n,
      pos,
      timeoutMs,
      onTimeout: onTimeoutValue,
      ...(atMs !== undefined && { atMs }),
      ...(when !== undefined && { when }),
    } as LessonStep;
  }
}

function readPlay(r: Reader, entry: Entry, baseDir: string): StepAction | undefined {
  if (!isMap(entry.value)) {
    const recording = r.string(entry, 'play (a recording file)', 4096);
    if (recording === undefined) return undefined;
    return {
      kind: 'play',
      recording,
      path: resolve(baseDir, recording),
      speed: 1,
      recordingPos: r.pos(entry.value),
    };
  }
  const p = r.entries(entry.value, ['recording', 'speed', 'from', 'to'], 'play');
  const rec = p.get('recording');
  if (!rec) {
    r.error(
      entry.value,
      'play needs a recording: path/to/file.jsonl (relative to the lesson file)',
    );
    return undefined;
  }
  const recording = r.string(rec, 'play.recording', 4096);
  const speed = p.has('speed') ? r.number(p.get('speed')!, 'play.speed', 0.01, 1000) : 1;
  const readTick = (key: 'from' | 'to'): number | undefined | null => {
    const t = p.get(key);
    if (!t) return null;
    const raw = r.scalar(t, `play.${key}`);
    if (raw === undefined) return undefined;
    const tick = parseTick(raw);
    if (tick === null) {
      r.error(
        t.value,
        `play.${key} must be a tick (a whole number, 90 per second) or a time such as 10s, 1m30s`,
      );
      return undefined;
    }
    return tick;
  };
  const from = readTick('from');
  const to = readTick('to');
  if (recording === undefined || speed === undefined || from === undefined || to === undefined) {
    return undefined;
  }
  if (from !== null && to !== null && to < from) {
    r.error(p.get('to')!.value, `play.to (tick ${to}) comes before play.from (tick ${from})`);
    return undefined;
  }
  return {
    kind: 'play',
    recording,
    path: resolve(baseDir, recording),
    speed,
    ...(from !== null && { fromTick: from }),
    ...(to !== null && { toTick: to }),
    recordingPos: r.pos(rec.value),
  };
}

export function readAssertion(
  r: Reader,
  node: Node,
  scoreTimeoutMs: number,
): LessonAssertion | undefined {
  const pos = r.pos(node);
  if (!isMap(node)) {
    r.error(
      node,
      'an assertion is a mapping such as "- status: completed" or "- score: \\">= 70\\""',
    );
    return undefined;
  }
  const e = r.entries(node, [...ASSERT_KINDS, 'timeout'], 'assert');
  const kinds = ASSERT_KINDS.filter((k) => e.has(k));
  if (kinds.length !== 1) {
    r.error(
      node,
      kinds.length === 0
        ? `an assertion needs one of ${ASSERT_KINDS.join(', ')}`
        : `one assertion per item, found ${kinds.join(' and ')}`,
    );
    return undefined;
  }
  const kind = kinds[0]!;
  const entry = e.get(kind)!;
  const timeoutEntry = e.get('timeout');
  let timeoutMs = scoreTimeoutMs;
  if (timeoutEntry) {
    if (kind !== 'score' && kind !== 'pass') {
      r.error(
        timeoutEntry.key,
        'only score and pass wait (for the scoring), so only they take a timeout',
      );
      return undefined;
    }
    const t = r.duration(timeoutEntry, 'timeout', { positive: true });
    if (t === undefined) return undefined;
    timeoutMs = t;
  }
  switch (kind) {
    case 'status': {
      const expected = r.oneOf<SessionStatus>(entry, 'status', SESSION_STATUSES);
      return expected && { kind, expected, pos };
    }
    case 'participants':
    case 'messages': {
      const expected = r.comparison(entry, kind);
      return expected && { kind, expected, pos };
    }
    case 'score': {
      const expected = r.comparison(entry, 'score');
      return expected && { kind, expected, timeoutMs, pos };
    }
    case 'pass': {
      const expected = r.boolean(entry, 'pass');
      return expected === undefined ? undefined : { kind, expected, timeoutMs, pos };
    }
  }
}
