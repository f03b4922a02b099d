import type { ParticipantScore, ScorePayload } from '@scrubin/protocol';
import type { LiveSession, ScrubinClient } from '@scrubin/sdk';
import type { AssertOutcome, RunLessonOptions } from './run.js';
import type { LoadedLesson } from './schema.js';
import { compare, formatComparison, formatMs } from './values.js';
import { sleep } from './waiting.js';

/** The scores of the completed session: from `surgery:score`, else from the session's `scoreDetails`. */
async function waitForScore(
  client: ScrubinClient,
  live: LiveSession,
  received: () => ScorePayload | undefined,
  timeoutMs: number,
  pollMs: number,
  signal?: AbortSignal,
): Promise<{ score: number | null; participants: ParticipantScore[] } | string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const payload = received();
    if (payload) return { score: payload.score, participants: payload.participants };
    const details = await client.getSession(live.sessionId);
    if (details.scoreDetails) {
      return { score: details.score, participants: details.scoreDetails.participants };
    }
    if (details.status !== 'completed') {
      return `not scored: the session is ${details.status} (only completed sessions are scored)`;
    }
    if (Date.now() >= deadline) return `not scored within ${formatMs(timeoutMs)}`;
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), signal);
  }
}

/** Checks the lesson's assertions once its steps have run (waiting for the score if needed). */
export async function checkAssertions(
  lesson: LoadedLesson,
  client: ScrubinClient,
  live: LiveSession,
  received: () => ScorePayload | undefined,
  options: RunLessonOptions,
): Promise<AssertOutcome[]> {
  if (lesson.asserts.length === 0) return [];
  const report = options.onProgress ?? (() => undefined);
  const scoring = lesson.asserts.filter((a) => a.kind === 'score' || a.kind === 'pass');
  let scored: Awaited<ReturnType<typeof waitForScore>> | undefined;
  if (scoring.length > 0) {
    const timeoutMs = Math.max(...scoring.map((a) => ('timeoutMs' in a ? a.timeoutMs : 0)));
    report({ type: 'scoring', timeoutMs });
    scored = await waitForScore(
      client,
      live,
      received,
      timeoutMs,
      options.scorePollMs ?? 500,
      options.signal,
    );
  }
  const details = await client.getSession(live.sessionId);
  const people = new Set(details.collaborativeData.participants.map((p) => p.userId)).size;
  return lesson.asserts.map((a) => {
    let o: AssertOutcome;
    const base = { line: a.pos.line, kind: a.kind };
    switch (a.kind) {
      case 'status':
        o = {
          ...base,
          expected: a.expected,
          actual: details.status,
          ok: details.status === a.expected,
        };
        break;
      case 'participants':
        o = {
          ...base,
          expected: formatComparison(a.expected),
          actual: people,
          ok: compare(people, a.expected),
        };
        break;
      case 'messages': {
        const n = details.collaborativeData.totalMessages;
        o = {
          ...base,
          expected: formatComparison(a.expected),
          actual: n,
          ok: compare(n, a.expected),
        };
        break;
      }
      case 'score': {
        const expected = formatComparison(a.expected);
        if (typeof scored !== 'object')
          o = { ...base, expected, actual: scored ?? null, ok: false };
        else if (scored.score === null)
          o = { ...base, expected, actual: 'no score (nobody used an instrument)', ok: false };
        else {
          const value = Math.round(scored.score * 10) / 10;
          o = { ...base, expected, actual: value, ok: compare(value, a.expected) };
        }
        break;
      }
      case 'pass': {
        const expected = String(a.expected);
        if (typeof scored !== 'object')
          o = { ...base, expected, actual: scored ?? null, ok: false };
        else if (scored.participants.length === 0)
          o = { ...base, expected, actual: 'nobody was scored', ok: false };
        else {
          const all = scored.participants.every((p) => p.pass);
          o = { ...base, expected, actual: all, ok: all === a.expected };
        }
        break;
      }
    }
    report({ type: 'assert', outcome: o });
    return o;
  });
}
