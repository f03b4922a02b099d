/**
 * `scrubin run`: the lesson validator's line-numbered errors, `--dry-run`, and lessons run end to
 * end through the built binary against a real server (create, start, play a fixture recording,
 * stop, assert the score), passing (exit 0) and failing (exit 4).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateLesson } from '../src/lesson/validate.js';
import { closedPort, ROOT, tempDir, useCliServer, type CliUser } from './helpers.js';

const DEMO = 'examples/skin-incision-demo.yaml';
const CLASS = 'examples/suturing-class.yaml';
const RECORDING = join(ROOT, 'packages/sim/fixtures/skin-incision-pass.jsonl');

const HEAD = `lesson: Test
session:
  create: { title: Test, scenario: skin-incision }
`;

/** `line:col: message` of each issue, for compact expectations. */
function issuesOf(text: string): string[] {
  const { lesson, issues } = validateLesson(text, { file: 'l.yaml', baseDir: ROOT });
  if (issues.length > 0) expect(lesson).toBeNull();
  return issues.map((i) => `${i.line}:${i.col}: ${i.message}`);
}

describe('lesson validator', () => {
  it.each([
    [
      'YAML syntax',
      'lesson: [unclosed\n',
      [
        '2:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    ],
    [
      'duplicate key',
      `${HEAD}session: {}\nsteps: [ { say: hi } ]\n`,
      ['4:1: YAML: Map keys must be unique'],
    ],
    [
      'not a mapping',
      '- say: hi\n',
      ['1:1: a lesson is a mapping with lesson, session, steps and assert'],
    ],
    [
      'missing parts',
      'description: nothing else\n',
      [
        '1:1: missing "lesson": the lesson title, e.g. lesson: Skin incision demo',
        '1:1: missing "session": session: { create: { title, scenario } } or session: { join: CODE }',
        '1:1: missing "steps": the list of steps (say, wait, control, play)',
      ],
    ],
    [
      'unknown top-level key',
      `${HEAD}steps: [ { say: hi } ]\nasserts: []\n`,
      [
        '5:1: unknown key "asserts" in the lesson (did you mean "assert"?); expected lesson, description, session, timeouts, steps, assert',
      ],
    ],
    [
      'empty steps',
      `${HEAD}steps: []\n`,
      ['4:8: steps must be a list with at least one step (- say: …)'],
    ],
    [
      'bad scenario',
      'lesson: T\nsession:\n  create: { title: T, scenario: skin-incison }\nsteps: [ { say: hi } ]\n',
      [
        '3:33: scenario must be one of skin-incision, interrupted-suture, cardiac-surgery, not "skin-incison" (did you mean "skin-incision"?)',
      ],
    ],
    [
      'create and join',
      'lesson: T\nsession:\n  join: K7QM-4XRT\n  create: { title: T, scenario: skin-incision }\nsteps: [ { say: hi } ]\n',
      ['3:3: session needs exactly one of create: { title, scenario } or join: CODE'],
    ],
    [
      'misspelt action',
      `${HEAD}steps:\n  - sya: hello\n`,
      [
        '5:5: unknown key "sya" in step 1 (did you mean "say"?); expected say, wait, control, play, at, when, timeout, onTimeout',
      ],
    ],
    [
      'two actions',
      `${HEAD}steps:\n  - say: hi\n    control: start\n`,
      ['5:5: step 1 has say and control: one action per step'],
    ],
    [
      'bad control',
      `${HEAD}steps:\n  - control: begin\n`,
      ['5:14: control must be one of start, pause, resume, stop, reset, not "begin"'],
    ],
    ['empty say', `${HEAD}steps:\n  - say:\n`, ['5:5: say is empty']],
    [
      'bad wait',
      `${HEAD}steps:\n  - wait: soon\n`,
      ['5:11: wait must be a duration: seconds (30) or 500ms, 5s, 10m, 1h, 1m30s; not "soon"'],
    ],
    [
      'wait for both',
      `${HEAD}steps:\n  - wait: { seconds: 2, status: active }\n`,
      ['5:11: wait for seconds or for a condition, not both'],
    ],
    [
      'bad participants',
      `${HEAD}steps:\n  - wait: { participants: lots }\n`,
      [
        '5:27: wait.participants must be a number (meaning at least) or a comparison such as ">= 2", "< 5", "== 1"; not "lots"',
      ],
    ],
    [
      'bad timeout',
      `${HEAD}steps:\n  - wait: { role: assistant, timeout: 0 }\n`,
      [
        '5:39: wait.timeout must be a positive duration: seconds (30) or 500ms, 5s, 10m, 1h, 1m30s; not 0',
      ],
    ],
    [
      'bad at and when',
      `${HEAD}steps:\n  - say: hi\n    at: later\n    when: { status: running }\n`,
      [
        '6:9: at must be a duration: seconds (30) or 500ms, 5s, 10m, 1h, 1m30s; not "later"',
        '7:21: when.status must be one of idle, active, paused, completed, not "running"',
      ],
    ],
    [
      'bad onTimeout',
      `${HEAD}steps:\n  - wait: { status: active }\n    onTimeout: skip\n`,
      ['6:16: onTimeout must be one of fail, continue, not "skip"'],
    ],
    [
      'play without recording',
      `${HEAD}steps:\n  - play: { speed: 2 }\n`,
      ['5:11: play needs a recording: path/to/file.jsonl (relative to the lesson file)'],
    ],
    [
      'play speed and range',
      `${HEAD}steps:\n  - play: { recording: r.jsonl, speed: 0, to: soon }\n`,
      [
        '5:40: play.speed must be a number from 0.01 to 1000, not 0',
        '5:47: play.to must be a tick (a whole number, 90 per second) or a time such as 10s, 1m30s',
      ],
    ],
    [
      'play range backwards',
      `${HEAD}steps:\n  - play: { recording: r.jsonl, from: 10s, to: 5s }\n`,
      ['5:48: play.to (tick 450) comes before play.from (tick 900)'],
    ],
    [
      'observer plays',
      'lesson: T\nsession: { join: K7QM-4XRT, role: observer }\nsteps:\n  - play: r.jsonl\n',
      ['4:5: play needs an instrument seat: an observer cannot play recordings'],
    ],
    [
      'bad assertions',
      `${HEAD}steps: [ { say: hi } ]\nassert:\n  - score: about 70\n  - status: done\n  - pass: yes\n  - messages: 2\n    timeout: 1m\n  - total: 3\n`,
      [
        '6:12: score must be a number (meaning at least) or a comparison such as ">= 2", "< 5", "== 1"; not "about 70"',
        '7:13: status must be one of idle, active, paused, completed, not "done"',
        '8:11: pass must be true or false, not "yes"',
        '10:5: only score and pass wait (for the scoring), so only they take a timeout',
        '11:5: unknown key "total" in assert; expected status, participants, messages, score, pass, timeout',
        '11:5: an assertion needs one of status, participants, messages, score, pass',
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(issuesOf(text)).toEqual(expected);
  });

  it('accepts the documented shapes and resolves values', () => {
    const { lesson, issues } = validateLesson(
      `lesson: Full
session: { join: 23456789, role: assistant }
timeouts: { wait: 2m, score: 90s }
steps:
  - say: Hello
  - wait: 5
  - wait: { participants: ">= 3", role: assistant, timeout: 1m, onTimeout: continue }
  - control: reset
    at: 1m30s
    when: { status: paused }
  - play: { recording: fixtures/x.jsonl, speed: 2.5, from: 1s, to: 900 }
assert:
  - participants: 2
  - score: "> 80"
    timeout: 3m
`,
      { file: 'full.yaml', baseDir: '/lessons' },
    );
    expect(issues).toEqual([]);
    expect(lesson?.session).toEqual({ kind: 'join', session: '23456789', role: 'assistant' });
    expect(lesson?.steps.map(({ pos: _pos, ...s }) => s)).toEqual([
      { kind: 'say', text: 'Hello', n: 1, timeoutMs: 120_000, onTimeout: 'fail' },
      { kind: 'wait', ms: 5000, n: 2, timeoutMs: 120_000, onTimeout: 'fail' },
      {
        kind: 'wait',
        until: { participants: { op: '>=', value: 3 }, role: 'assistant' },
        n: 3,
        timeoutMs: 60_000,
        onTimeout: 'continue',
      },
      {
        kind: 'control',
        action: 'reset',
        n: 4,
        timeoutMs: 120_000,
        onTimeout: 'fail',
        atMs: 90_000,
        when: { status: 'paused' },
      },
      {
        kind: 'play',
        recording: 'fixtures/x.jsonl',
        path: '/lessons/fixtures/x.jsonl',
        speed: 2.5,
        fromTick: 90,
        toTick: 900,
        recordingPos: { line: 11, col: 24 },
        n: 5,
        timeoutMs: 120_000,
        onTimeout: 'fail',
      },
    ]);
    expect(lesson?.asserts.map(({ pos, ...a }) => ({ line: pos.line, ...a }))).toEqual([
      { line: 13, kind: 'participants', expected: { op: '>=', value: 2 } },
      { line: 14, kind: 'score', expected: { op: '>', value: 80 }, timeoutMs: 180_000 },
    ]);
  });
});

describe('scrubin run (built binary)', () => {
  const fx = useCliServer();
  let ada: CliUser;
  let bo: CliUser;
  let dir: string;

  beforeAll(async () => {
    [ada, bo, dir] = await Promise.all([
      fx.user('Dr Ada Lin'),
      fx.user('Bo Chen'),
      tempDir('lessons'),
    ]);
  });

  /** Writes a lesson into the temp folder and returns its path. */
  async function lessonFile(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('reports every problem as file:line:col before running anything (exit 1)', async () => {
    const file = await lessonFile(
      'broken.yaml',
      `${HEAD}steps:\n  - sya: hello\n  - play: { recording: missing.jsonl }\nassert:\n  - status: done\n`,
    );
    const r = await ada.run(['run', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:5:5: unknown key "sya" in step 1 (did you mean "say"?)`);
    expect(r.stderr).toContain(
      `${file}:8:13: status must be one of idle, active, paused, completed`,
    );
    expect(r.stderr).toContain('2 problems; nothing was run');

    // Recordings are checked too: they exist, parse and fit the scenario.
    const rec = await lessonFile(
      'recordings.yaml',
      `lesson: T\nsession:\n  create: { title: T, scenario: interrupted-suture }\nsteps:\n  - play: missing.jsonl\n  - play: { recording: ${RECORDING}, from: 1000 }\n`,
    );
    const r2 = await ada.run(['run', rec, '--dry-run']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(
      `${rec}:5:11: cannot read the recording missing.jsonl (ENOENT; resolved to ${join(dir, 'missing.jsonl')})`,
    );
    expect(r2.stderr).toContain(`${rec}:6:24: play.from (tick 1000) is after the end of`);
    expect(r2.stderr).toContain(
      `${rec}:6:24: ${RECORDING} was recorded in skin-incision, but the session is interrupted-suture`,
    );

    const none = await ada.run(['run', join(dir, 'nope.yaml')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Cannot read the lesson file');
  });

  it('--dry-run prints the numbered plan with resolved values and contacts no server', async () => {
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    const r = await fx.run(['run', DEMO, '--dry-run'], { server: nowhere });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Lesson: Skin incision demo',
        'Session: create "Demo: clean skin incision" (skin-incision, 6 seats, invite only)',
        'Steps:',
        '  1. say "Welcome! Watch the scalpel: one stroke along the marked line, constant depth."',
        '  2. wait until participants online >= 1 (timeout 10m, then fail)',
        '  3. control start',
        `  4. play ${RECORDING} at 4× (ticks 0–714, 179 events, about 2s)`,
        '  5. wait 1s',
        '  6. say "That was the incision. Stopping the simulation: scores follow."',
        '  7. control stop',
        'Assert:',
        '  - status is completed',
        '  - participants >= 1',
        '  - messages >= 2',
        '  - score >= 70 (waits up to 1m for the score)',
        '  - every scored participant passes (waits up to 1m for the score)',
        '',
      ].join('\n'),
    );

    const json = await fx.run(['run', CLASS, '--dry-run', '--json'], { server: nowhere });
    expect(json.code).toBe(0);
    const plan = json.json();
    expect(plan).toMatchObject({
      lesson: 'Interrupted suture class',
      file: CLASS,
      session: { create: { scenario: 'interrupted-suture', maxParticipants: 8 } },
      timeouts: { waitS: 900, scoreS: 120 },
    });
    expect(plan.steps).toHaveLength(10);
    expect(plan.steps[2]).toMatchObject({
      n: 3,
      kind: 'say',
      when: { role: 'assistant' },
      timeoutS: 300,
      onTimeout: 'continue',
    });
    expect(plan.steps[4].play).toMatchObject({ fromTick: 0, toTick: 500, speed: 1 });
    expect(plan.steps[7]).toMatchObject({
      n: 8,
      control: 'resume',
      atS: 180,
      text: 'at +3m: control resume',
    });
    expect(plan.asserts.at(-1)).toMatchObject({ kind: 'score', expected: '>= 60', timeoutS: 180 });
  });

  it(`runs ${DEMO} end to end: create, start, play the recording, stop, assert the score (exit 0)`, async () => {
    const r = await ada.run(['run', DEMO, '--json'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    const outcome = r.json();
    expect(outcome).toMatchObject({ lesson: 'Skin incision demo', ok: true, failure: null });
    expect(outcome.session).toMatchObject({
      title: 'Demo: clean skin incision',
      status: 'completed',
    });
    expect(
      outcome.steps.map((s: { kind: string; result: string }) => `${s.kind}:${s.result}`),
    ).toEqual(['say:ok', 'wait:ok', 'control:ok', 'play:ok', 'wait:ok', 'say:ok', 'control:ok']);
    expect(outcome.steps[3].detail).toBe('179 events sent, 3 skipped');
    const byKind = Object.fromEntries(outcome.asserts.map((a: { kind: string }) => [a.kind, a]));
    expect(byKind.status).toMatchObject({ expected: 'completed', actual: 'completed', ok: true });
    expect(byKind.participants).toMatchObject({ expected: '>= 1', actual: 1, ok: true });
    expect(byKind.messages).toMatchObject({ expected: '>= 2', actual: 2, ok: true });
    expect(byKind.score.ok).toBe(true);
    expect(byKind.score.actual).toBeGreaterThanOrEqual(70);
    expect(byKind.pass).toMatchObject({ actual: true, ok: true });
    expect(r.stderr).toMatch(/Created Demo: clean skin incision: code [2-9A-Z]{4}-[2-9A-Z]{4}/);
    expect(r.stderr).toContain('[4/7] play: ok');
    expect(r.stderr).toContain('✓ score >= 70');

    // The server agrees.
    const session = await ada.sdk().getSession(outcome.session.sessionId);
    expect(session.status).toBe('completed');
    expect(session.score).toBe(byKind.score.actual);
  }, 120_000);

  it('exits 4 with expected vs actual when an assertion fails', async () => {
    const file = await lessonFile(
      'failing.yaml',
      `lesson: Too demanding
session:
  create: { title: Failing lesson, scenario: skin-incision }
steps:
  - control: start
  - play: { recording: ${RECORDING}, speed: 8, to: 5s }
  - control: stop
assert:
  - status: completed
  - score: ">= 101"
  - participants: "== 3"
`,
    );
    const r = await ada.run(['run', file, '--json'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(4);
    const outcome = r.json();
    expect(outcome.ok).toBe(false);
    expect(outcome.failure.kind).toBe('assert');
    expect(outcome.asserts).toEqual([
      { line: 9, kind: 'status', expected: 'completed', actual: 'completed', ok: true },
      { line: 10, kind: 'score', expected: '>= 101', actual: expect.any(Number), ok: false },
      { line: 11, kind: 'participants', expected: '== 3', actual: 1, ok: false },
    ]);
    expect(r.stderr).toMatch(/✗ score >= 101: got \d/);
    expect(r.stderr).toContain('✗ participants == 3: got 1');

    const human = await ada.run(['run', file], { timeoutMs: 90_000 });
    expect(human.code).toBe(4);
    expect(human.stdout).toContain('Lesson failed: Too demanding');
    expect(human.stdout).toMatch(/score: expected >= 101, actual \d+(\.\d)? \(line 10\)/);
  }, 180_000);

  it('exits 4 when a wait times out, and goes on with onTimeout: continue', async () => {
    const file = await lessonFile(
      'waiting.yaml',
      `lesson: Nobody comes
session:
  create: { title: Empty room, scenario: skin-incision }
steps:
  - wait: { participants: 2, timeout: 300ms, onTimeout: continue }
  - say: Starting alone
  - wait: { role: assistant, timeout: 300ms }
  - control: start
`,
    );
    const r = await ada.run(['run', file, '--json']);
    expect(r.code, r.stderr).toBe(4);
    const outcome = r.json();
    expect(outcome.steps.map((s: { result: string }) => s.result)).toEqual([
      'timeout',
      'ok',
      'timeout',
    ]);
    expect(outcome.failure).toEqual({
      kind: 'timeout',
      step: 3,
      message: 'waited 300ms for an online assistant; now: no online assistant',
    });
  });

  it('joins a session by code; control steps need its host (exit 2)', async () => {
    const host = ada.sdk();
    const { session } = await host.createSession({
      title: 'Joined by a lesson',
      scenario: 'skin-incision',
    });
    const joinFile = await lessonFile(
      'join.yaml',
      `lesson: Say hello
session: { join: "${session.shareableCode.toLowerCase()}" }
steps:
  - say: Hello from a lesson
assert:
  - messages: 1
  - status: idle
  - participants: 2
`,
    );
    const ok = await bo.run(['run', joinFile, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json().session).toMatchObject({
      sessionId: session.sessionId,
      code: session.shareableCode,
    });

    const controlFile = await lessonFile(
      'control.yaml',
      `lesson: Not mine\nsession: { join: ${session.shareableCode} }\nsteps:\n  - control: start\n`,
    );
    const refused = await bo.run(['run', controlFile]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(
      'Lesson stopped at step 1: step 1 (control start) needs the host',
    );
  });

  it('needs a sign-in to run (exit 5) but not for --dry-run', async () => {
    const r = await fx.run(['run', DEMO]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Not signed in');
  });
});
