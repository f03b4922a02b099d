/**
 * `scrubin export`, `record` and `replay` through the built binary against a real server: golden
 * fixtures, assertions and their exit codes, exported and live-recorded sessions that replay to
 * the server's scores, and a recording played into a live session.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecording, type SessionDetails } from '@scrubin/protocol';
import type { LiveSession, ScrubinClient } from '@scrubin/sdk';
import { ROOT, tempDir, uniqueTag, useCliServer } from './helpers.js';

const fx = useCliServer();

const FIXTURES = join(ROOT, 'packages/sim/fixtures');
const fixture = (name: string) => join(FIXTURES, `${name}.jsonl`);
const SUB_SCORES = ['precision', 'depth', 'efficiency', 'smoothness', 'tissueRespect'] as const;

interface GoldenParticipant {
  userId: string;
  name: string;
  role: string;
  total: number;
  pass: boolean;
  failReasons: string[];
  criticalErrors: unknown[];
  subScores: Record<(typeof SUB_SCORES)[number], { score: number; applicable: boolean }>;
}
interface Golden {
  finalHash: string;
  hashes: { tick: number; hash: string }[];
  scores: { score: number | null; errors: number; participants: GoldenParticipant[] };
}
const golden = (name: string): Golden =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.golden.json`), 'utf8')) as Golden;

/** Resolves once the session has been scored (the `surgery:score` event, checked over REST). */
async function scoredDetails(client: ScrubinClient, live: LiveSession): Promise<SessionDetails> {
  const scored = new Promise<void>((resolve) => live.on('surgery:score', () => resolve()));
  const now = await client.getSession(live.sessionId);
  if (now.scoreDetails) return now;
  await scored;
  return client.getSession(live.sessionId);
}

/** A short scripted skin incision over Socket.IO: select, come down, one stroke, lift. */
async function scriptedCut(live: LiveSession): Promise<void> {
  const rotation: [number, number, number, number] = [0, 0, 0, 1];
  const pose = (x: number, y: number) => ({
    position: [x, y, 0] as [number, number, number],
    rotation,
  });
  const frame = () => new Promise((resolve) => setTimeout(resolve, 30));
  await live.selectTool('scalpel');
  await live.toolInteract({ tool: 'scalpel', action: 'pose', pose: pose(-0.03, 0.01) });
  await frame();
  await live.toolInteract({ tool: 'scalpel', action: 'activate', pose: pose(-0.03, 0.001) });
  for (let i = 1; i <= 5; i++) {
    await frame();
    await live.toolInteract({
      tool: 'scalpel',
      action: 'pose',
      pose: pose(-0.03, 0.001 - i * 0.0007),
    });
  }
  for (let i = 1; i <= 40; i++) {
    await frame();
    await live.toolInteract({
      tool: 'scalpel',
      action: 'pose',
      pose: pose(-0.03 + i * 0.00075, -0.0025),
    });
  }
  await frame();
  await live.toolInteract({ tool: 'scalpel', action: 'deactivate', pose: pose(0, 0.004) });
}

/** The per-participant numbers `replay --json` and the stored scoreDetails both carry. */
const comparable = (p: {
  userId: string;
  total: number;
  pass: boolean;
  subScores: Record<string, number>;
}) => ({
  userId: p.userId,
  total: p.total,
  pass: p.pass,
  subScores: Object.fromEntries(SUB_SCORES.map((n) => [n, p.subScores[n]])),
});

describe('scrubin replay (headless)', () => {
  it.each(['skin-incision-pass', 'cardiac-vessel-cut', 'suture-two-participants'])(
    '%s: --json gives the golden final hash and scores',
    async (name) => {
      const result = await fx.run(['replay', fixture(name), '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const out = result.json();
      const expected = golden(name);
      expect(out.finalHash).toBe(expected.finalHash);
      expect(out.hashMismatches).toEqual([]);
      expect(out.score).toBe(expected.scores.score);
      expect(out.errors).toBe(expected.scores.errors);
      expect(out.assertions).toEqual([]);
      expect(out.participants).toEqual(
        expected.scores.participants.map((p) => ({
          userId: p.userId,
          name: p.name,
          role: p.role,
          total: p.total,
          pass: p.pass,
          subScores: Object.fromEntries(SUB_SCORES.map((n) => [n, p.subScores[n].score])),
          failReasons: p.failReasons,
          criticalErrors: p.criticalErrors.length,
        })),
      );
      const recording = parseRecording(readFileSync(fixture(name), 'utf8'));
      expect(out.ticks).toBe(recording.end!.tick);
      expect(out.durationS).toBeCloseTo(recording.end!.tick / 90, 9);
      expect(out.scenario).toBe(recording.header.scenario);
    },
  );

  it('prints a table per participant with sub-scores', async () => {
    const result = await fx.run(['replay', fixture('suture-two-participants')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`final hash ${golden('suture-two-participants').finalHash}`);
    expect(result.stdout).toMatch(
      /PARTICIPANT\s+ROLE\s+TOTAL\s+RESULT\s+PRECISION\s+DEPTH\s+EFFICIENCY\s+SMOOTHNESS\s+TISSUE/,
    );
    // Each participant's row, from the golden scores: sub-scores that don't apply read n/a.
    for (const p of golden('suture-two-participants').scores.participants) {
      const cells = [
        p.name,
        p.role,
        String(p.total),
        p.pass ? 'pass' : 'fail',
        ...SUB_SCORES.map((k) =>
          p.subScores[k].applicable ? String(p.subScores[k].score) : 'n/a',
        ),
      ];
      const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect(result.stdout).toMatch(new RegExp(cells.map(escape).join('\\s+')));
    }
    // No progress bar without a terminal.
    expect(result.stderr).toBe('');
  });

  it("--assert 'total>=70' passes on skin-incision-pass", async () => {
    const result = await fx.run([
      'replay',
      fixture('skin-incision-pass'),
      '--assert',
      'total>=70',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(result.json().assertions).toEqual([
      { expr: 'total>=70', ok: true, actual: { 'Dr. Ada Lin': 100 } },
    ]);
  });

  it("--assert 'total>=70' fails on cardiac-vessel-cut: exit 4, expected and actual on stderr", async () => {
    const result = await fx.run(['replay', fixture('cardiac-vessel-cut'), '--assert', 'total>=70']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('assertion failed: total>=70');
    expect(result.stderr).toContain('expected: total >= 70 for every scored participant');
    expect(result.stderr).toContain('actual:   Dr. Ada Lin = 41.2');
    // The scores are still printed.
    expect(result.stdout).toMatch(/Dr\. Ada Lin\s+surgeon\s+41\.2\s+fail/);
  });

  it('evaluates every kind of assertion; exit 4 only when one fails', async () => {
    const { finalHash: hash, scores } = golden('suture-two-participants');
    const [ada, sam] = scores.participants as [GoldenParticipant, GoldenParticipant];
    // [expression, holds on suture-two-participants]
    const cases: [string, boolean][] = [
      ['pass', true],
      ['fail', false],
      ['pass[Sam Okafor]', true],
      ['fail[sam]', false],
      ['total>=90', true],
      [`total>${Math.min(ada.total, sam.total)}`, false],
      ['total[Dr. Ada Lin]>95', true],
      [`total[${sam.userId}] = ${sam.total}`, true],
      ['precision>80', true],
      ['smoothness[Ada]<90', false],
      ['tissueRespect!=100', false],
      [`score>=${scores.score}`, true],
      ['score<50', false],
      ['errors<=2', true],
      [`errors=${scores.errors + 1}`, false],
      [`hash=${hash}`, true],
      [`hash!=${hash}`, false],
      ['total[Nobody]>=0', false],
    ];
    const file = fixture('suture-two-participants');
    const assertArgs = (list: [string, boolean][]) => list.flatMap(([expr]) => ['--assert', expr]);
    const all = await fx.run(['replay', file, '--json', ...assertArgs(cases)]);
    expect(all.code).toBe(4);
    const results = all.json().assertions as { expr: string; ok: boolean; actual: unknown }[];
    expect(results.map((a) => [a.expr, a.ok])).toEqual(cases);
    expect(results[4]).toEqual({
      expr: 'total>=90',
      ok: true,
      actual: { [ada.name]: ada.total, [sam.name]: sam.total },
    });
    expect(results[12]).toEqual({ expr: 'score<50', ok: false, actual: scores.score });
    expect(results[17]).toEqual({ expr: 'total[Nobody]>=0', ok: false, actual: null });
    for (const [expr, holds] of cases) {
      if (holds) expect(all.stderr).not.toContain(`assertion failed: ${expr}\n`);
      else expect(all.stderr).toContain(`assertion failed: ${expr}\n`);
    }
    expect(all.stderr).toContain(`${cases.filter(([, ok]) => !ok).length} check(s) failed`);

    const holding = await fx.run(['replay', file, ...assertArgs(cases.filter(([, ok]) => ok))]);
    expect(holding.code).toBe(0);
    expect(holding.stderr).toBe('');
  });

  it.each([
    ['totl>=70', /unknown metric "totl"/],
    ['total', /total needs an operator and a value/],
    ['total>=seventy', /"seventy" is not a number/],
    ['pass>=1', /pass takes no operator/],
    ['score[Ada]>=70', /score is a session value/],
    ['hash>abc', /hash compares with = or != only/],
    ['hash=xyz', /"xyz" is not a state hash/],
    ['total=>70', /not a number|expected/],
  ])('a bad expression (%s) exits 1 before replaying', async (expr, message) => {
    const result = await fx.run(['replay', join(FIXTURES, 'missing.jsonl'), '--assert', expr]);
    expect(result.code).toBe(1);
    // Reported before the (missing) file is even read.
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('missing.jsonl');
    expect(result.stdout).toBe('');
  });

  it('--expect-hash: the right hash passes, a wrong one exits 4 with both hashes', async () => {
    const { finalHash } = golden('skin-incision-pass');
    const right = await fx.run([
      'replay',
      fixture('skin-incision-pass'),
      '--expect-hash',
      finalHash.toUpperCase(),
    ]);
    expect(right.code).toBe(0);
    const wrong = await fx.run([
      'replay',
      fixture('skin-incision-pass'),
      '--expect-hash',
      '0123456789abcdef',
    ]);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('assertion failed: --expect-hash 0123456789abcdef');
    expect(wrong.stderr).toContain('expected: final hash 0123456789abcdef');
    expect(wrong.stderr).toContain(`actual:   ${finalHash}`);
    const malformed = await fx.run([
      'replay',
      fixture('skin-incision-pass'),
      '--expect-hash',
      'abc',
    ]);
    expect(malformed.code).toBe(1);
  });

  it('a hash line the replay does not reproduce exits 4 with the tick, expected and actual', async () => {
    const dir = await tempDir('rec');
    const file = join(dir, 'tampered.jsonl');
    const text = readFileSync(fixture('skin-incision-pass'), 'utf8');
    const { tick, hash } = golden('skin-incision-pass').hashes[1]!;
    const line = JSON.stringify({ kind: 'hash', tick, hash });
    expect(text).toContain(line);
    writeFileSync(
      file,
      text.replace(line, JSON.stringify({ kind: 'hash', tick, hash: '0'.repeat(16) })),
    );
    const result = await fx.run(['replay', file, '--json']);
    expect(result.code).toBe(4);
    expect(result.json().hashMismatches).toEqual([
      { tick, expected: '0000000000000000', actual: hash },
    ]);
    expect(result.stderr).toContain(`state hash at tick ${tick} differs from the recording`);
    expect(result.stderr).toContain('expected: 0000000000000000');
    expect(result.stderr).toContain(`actual:   ${hash}`);
  });

  it('a truncated recording exits 1 naming the line; --allow-truncated replays it', async () => {
    const dir = await tempDir('rec');
    const lines = readFileSync(fixture('skin-incision-pass'), 'utf8').split('\n');
    // Cut inside line 8.
    const cut = join(dir, 'cut.jsonl');
    writeFileSync(cut, [...lines.slice(0, 7), lines[7]!.slice(0, 40)].join('\n'));
    const midLine = await fx.run(['replay', cut]);
    expect(midLine.code).toBe(1);
    expect(midLine.stderr).toContain(`${cut}: line 8: not valid JSON`);
    // Whole lines, but no end line.
    const noEnd = join(dir, 'no-end.jsonl');
    writeFileSync(noEnd, lines.slice(0, 20).join('\n'));
    const truncated = await fx.run(['replay', noEnd]);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain(
      `${noEnd}: line 20: no end line: the recording is truncated`,
    );
    expect(truncated.stderr).toContain('--allow-truncated');
    const allowed = await fx.run(['replay', noEnd, '--allow-truncated', '--json']);
    expect(allowed.code).toBe(0);
    expect(allowed.json()).toMatchObject({ truncated: true, hashMismatches: [] });
  });

  it('--speed, --from and --to need --into; --assert does not go with --into', async () => {
    const speed = await fx.run(['replay', fixture('skin-incision-pass'), '--speed', '2']);
    expect(speed.code).toBe(1);
    expect(speed.stderr).toContain('--speed applies to --into only');
    const into = await fx.run([
      'replay',
      fixture('skin-incision-pass'),
      '--into',
      'ABCD-2345',
      '--assert',
      'pass',
    ]);
    expect(into.code).toBe(1);
    const badSpeed = await fx.run([
      'replay',
      fixture('skin-incision-pass'),
      '--into',
      'ABCD-2345',
      '--speed',
      '0',
    ]);
    expect(badSpeed.code).toBe(1);
    expect(badSpeed.stderr).toContain('--speed takes a number above 0');
  });
});

describe('scrubin export', () => {
  it('a completed session exports and replays to its stored scoreDetails', async () => {
    const ada = await fx.user('Dr Ada Export');
    const client = ada.sdk();
    const { session } = await client.createSession({
      title: uniqueTag('export'),
      scenario: 'skin-incision',
    });
    const live = await client.join(session.sessionId);
    await live.control('start');
    await scriptedCut(live);
    await live.chat('Incision done');
    await live.control('stop');
    const details = await scoredDetails(client, live);
    live.close();
    const stored = details.scoreDetails!;
    expect(stored.participants).toHaveLength(1);

    const dir = await tempDir('rec');
    const file = join(dir, 'export.jsonl');
    const exported = await ada.run(['export', session.shareableCode.toLowerCase(), '-o', file]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('');
    const recording = parseRecording(await readFile(file, 'utf8'));
    expect(exported.stderr).toContain(
      `Exported ${session.sessionId}: ${recording.events.length} events, ${recording.end!.tick} ticks, ${recording.hashes.length} hash lines → ${file}`,
    );
    expect(recording.hashes.length).toBeGreaterThan(0);

    const replayed = await ada.run(['replay', file, '--json']);
    expect(replayed.code).toBe(0);
    const out = replayed.json();
    expect(out.hashMismatches).toEqual([]);
    expect(out.finalHash).toBe(stored.finalHash);
    expect(out.ticks).toBe(stored.ticks);
    expect(out.score).toBe(details.score);
    expect(out.participants.map(comparable)).toEqual(stored.participants.map(comparable));

    // Without -o the recording is the data on stdout; --json adds a summary only with -o.
    const toStdout = await ada.run(['export', session.sessionId]);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toBe(await readFile(file, 'utf8'));
    const summary = await ada.run([
      '--json',
      'export',
      session.sessionId,
      '-o',
      join(dir, 'again.jsonl'),
    ]);
    expect(summary.json()).toEqual({
      sessionId: session.sessionId,
      file: join(dir, 'again.jsonl'),
      events: recording.events.length,
      ticks: recording.end!.tick,
      hashes: recording.hashes.length,
      lastSeq: recording.end!.lastSeq,
    });
  });

  it('refuses a session the user never sat in (exit 2) and an unknown code (exit 2)', async () => {
    const ada = await fx.user('Dr Ada Owner');
    const { session } = await ada
      .sdk()
      .createSession({ title: uniqueTag('private'), scenario: 'skin-incision' });
    const eve = await fx.user('Eve');
    const forbidden = await eve.run(['export', session.sessionId]);
    expect(forbidden.code).toBe(2);
    const unknown = await eve.run(['export', 'ZZZZ-ZZZZ']);
    expect(unknown.code).toBe(2);
    const anonymous = await fx.run(['export', session.sessionId]);
    expect(anonymous.code).toBe(5);
  });
});

describe('scrubin record', () => {
  it("captures a live session's events and ends with the server's recording", async () => {
    const host = await fx.user('Dr Host Record');
    const client = host.sdk();
    const { session } = await client.createSession({
      title: uniqueTag('record'),
      scenario: 'skin-incision',
    });
    const live = await client.join(session.sessionId);
    await live.chat('Before the recorder joined');

    const recorder = await fx.user('Recorder');
    const dir = await tempDir('rec');
    const file = join(dir, 'live.jsonl');
    const recordedRun = recorder.run(['record', session.shareableCode, '-o', file], {
      timeoutMs: 60_000,
    });
    // The recorder's observer seat shows up in the log once it joined.
    await new Promise<void>((resolve) => {
      const off = live.on('surgery:participant-joined', (e) => {
        if (e.userId === recorder.id) {
          off();
          resolve();
        }
      });
    });
    // …and the header plus the catch-up reach the file while the session goes on.
    await until(
      async () => (await stat(file).catch(() => null))?.size ?? 0,
      (size) => size > 0,
    );

    await live.control('start');
    await scriptedCut(live);
    await live.chat('Closing');
    await live.control('stop');

    const result = await recordedRun;
    expect(result.stderr).toMatch(
      /Recorded session_\S+ \(the session completed\): \d+ events, \d+ ticks, [1-9]\d* hash lines \(the server's recording\)/,
    );
    expect(result.code).toBe(0);
    const details = await scoredDetails(client, live);
    live.close();

    const recording = parseRecording(await readFile(file, 'utf8'));
    const types = recording.events.map((e) => e.type);
    expect(types).toContain('tool-interaction');
    expect(recording.events.filter((e) => e.type === 'chat-message')).toHaveLength(2);
    expect(
      recording.events.some((e) => e.type === 'participant-joined' && e.userId === recorder.id),
    ).toBe(true);

    const replayed = await recorder.run(['replay', file, '--json']);
    expect(replayed.code).toBe(0);
    const out = replayed.json();
    expect(out.hashMismatches).toEqual([]);
    expect(out.finalHash).toBe(details.scoreDetails!.finalHash);
    expect(out.participants.map(comparable)).toEqual(
      details.scoreDetails!.participants.map(comparable),
    );
  });

  it('writes to stdout when -o is left out: the live events and an end line', async () => {
    const host = await fx.user('Dr Host Stdout');
    const client = host.sdk();
    const { session } = await client.createSession({
      title: uniqueTag('stdout'),
      scenario: 'skin-incision',
    });
    const live = await client.join(session.sessionId);
    const recorder = await fx.user('Recorder Two');
    const recordedRun = recorder.run(['record', session.shareableLink], { timeoutMs: 60_000 });
    await new Promise<void>((resolve) => {
      const off = live.on('surgery:participant-joined', (e) => {
        if (e.userId === recorder.id) {
          off();
          resolve();
        }
      });
    });
    await live.control('start');
    await scriptedCut(live);
    await live.control('stop');
    const result = await recordedRun;
    expect(result.code).toBe(0);
    const details = await scoredDetails(client, live);
    live.close();
    const recording = parseRecording(result.stdout);
    expect(recording.hashes).toEqual([]);
    expect(recording.end!.lastSeq).toBe(recording.events.at(-1)!.seq);
    expect(recording.header).toMatchObject({
      sessionId: session.sessionId,
      scenario: 'skin-incision',
      simVersion: session.simulation.version,
      tier: session.simulation.tier,
      seed: session.simulation.seed,
    });
    const dir = await tempDir('rec');
    const file = join(dir, 'stdout.jsonl');
    writeFileSync(file, result.stdout);
    const replayed = await recorder.run(['replay', file, '--json']);
    expect(replayed.code).toBe(0);
    expect(replayed.json().finalHash).toBe(details.scoreDetails!.finalHash);
  });

  it('refuses an ended session with a hint to export it', async () => {
    const host = await fx.user('Dr Host Ended');
    const client = host.sdk();
    const { session } = await client.createSession({
      title: uniqueTag('ended'),
      scenario: 'skin-incision',
    });
    await client.endSession(session.sessionId);
    const recorder = await fx.user('Late Recorder');
    const result = await recorder.run([
      'record',
      session.shareableCode,
      '-o',
      join(await tempDir('rec'), 'x.jsonl'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('scrubin export');
  });
});

describe('scrubin replay --into', () => {
  it("delivers the recording's instrument events into a live session", async () => {
    const trainer = await fx.user('Dr Trainer');
    const { session } = await trainer.sdk().createSession({
      title: uniqueTag('into'),
      scenario: 'interrupted-suture',
    });
    // A trainee watches.
    const trainee = await fx.user('Trainee');
    const watcher = trainee.sdk();
    const tissue: { userId: string; pointsUm: number[][]; depthUm?: number; forceMn?: number }[] =
      [];
    let tools = 0;
    const watching = await watcher.join(session.shareableCode, {
      role: 'observer',
      on: {
        'surgery:tissue-update': (e) => tissue.push(e),
        'surgery:tool-interaction': () => tools++,
      },
    });

    const text = readFileSync(fixture('suture-two-participants'), 'utf8');
    const recording = parseRecording(text);
    // The trainer hosts the idle session: the command starts it.
    const result = await trainer.run(
      [
        '--json',
        'replay',
        fixture('suture-two-participants'),
        '--into',
        session.shareableCode,
        '--speed',
        '10',
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.stderr).toContain('Started the session.');
    expect(result.code).toBe(0);
    const count = (type: string) => recording.events.filter((e) => e.type === type).length;
    const instrument = count('tool-selected') + count('tool-interaction') + count('tissue-update');
    expect(result.json()).toEqual({
      sessionId: session.sessionId,
      sent: instrument,
      skipped: recording.events.length - instrument,
      aborted: false,
      speed: 10,
      fromTick: 0,
      toTick: recording.end!.tick,
    });

    // Everything the command sent was acknowledged, hence logged and broadcast before it exited.
    await until(
      async () => tissue.length,
      (n) => n === count('tissue-update'),
    );
    expect(tools).toBe(count('tool-interaction'));
    const recorded = recording.events.filter((e) => e.type === 'tissue-update');
    expect(tissue.map((e) => e.userId)).toEqual(recorded.map(() => trainer.id));
    expect(
      tissue.map(({ pointsUm, depthUm, forceMn }) => ({ pointsUm, depthUm, forceMn })),
    ).toEqual(
      recorded.map((e) => {
        const p = e.payload as { pointsUm: number[][]; depthUm?: number; forceMn?: number };
        return { pointsUm: p.pointsUm, depthUm: p.depthUm, forceMn: p.forceMn };
      }),
    );
    watching.close();
  });

  it('--from/--to play part of a recording, taking up the instrument held at --from', async () => {
    const trainer = await fx.user('Dr Trainer Part');
    const client = trainer.sdk();
    const { session } = await client.createSession({
      title: uniqueTag('part'),
      scenario: 'skin-incision',
    });
    const live = await client.join(session.sessionId);
    await live.control('start');
    const selected: string[] = [];
    live.on('surgery:tool-selected', (e) => selected.push(e.tool));

    // Someone else plays it: an assistant seat is taken, the session is already active.
    const assistant = await fx.user('Assistant Player');
    const recording = parseRecording(readFileSync(fixture('skin-incision-pass'), 'utf8'));
    const result = await assistant.run([
      '--json',
      'replay',
      fixture('skin-incision-pass'),
      '--into',
      session.shareableCode,
      '--speed',
      '20',
      '--from',
      '300',
      '--to',
      '400',
    ]);
    expect(result.code).toBe(0);
    const inRange = recording.events.filter((e) => e.tick >= 300 && e.tick <= 400);
    expect(result.json()).toMatchObject({
      sent: inRange.length + 1,
      skipped: 0,
      fromTick: 300,
      toTick: 400,
    });
    await until(
      async () => selected.length,
      (n) => n === 1,
    );
    expect(selected).toEqual(['scalpel']);
    const seats = (await client.getSession(session.sessionId)).collaborativeData.participants;
    expect(seats.find((p) => p.userId === assistant.id)?.role).toBe('assistant');
    live.close();
  });

  it('refuses an observer seat (exit 2)', async () => {
    const host = await fx.user('Dr Host Observer');
    const { session } = await host
      .sdk()
      .createSession({ title: uniqueTag('obs'), scenario: 'skin-incision' });
    const watcher = await fx.user('Watcher');
    await watcher.sdk().joinSession(session.shareableCode, { role: 'observer' });
    const result = await watcher.run([
      'replay',
      fixture('skin-incision-pass'),
      '--into',
      session.shareableCode,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs an instrument seat');
  });
});

/** Polls `read` until `done` holds (for effects seen from outside: a file, events on a socket). */
async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
