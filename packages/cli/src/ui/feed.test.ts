import { describe, expect, it } from 'vitest';
import type { SequencedEvent, SequencedPayloads, SequencedType } from '@scrubin/protocol';
import {
  clockTime,
  describeTissue,
  feedLineFor,
  formatDuration,
  formatLength,
  pathLengthM,
  scoreLine,
  type TypedEvent,
} from './feed.js';

const NAMES: Record<string, string> = { u1: 'Dr Ada Lin', u2: 'Bo' };
const nameOf = (id: string) => NAMES[id] ?? `user ${id}`;

let seq = 0;
function ev<T extends SequencedType>(
  type: T,
  userId: string,
  body: SequencedPayloads[T],
): TypedEvent {
  seq++;
  const event = {
    ...body,
    sessionId: 's',
    seq,
    tick: 0,
    userId,
    at: '2026-01-05T09:00:00.000Z',
  } as SequencedEvent<T>;
  return { type, event } as TypedEvent;
}

describe('feedLineFor', () => {
  it.each([
    [
      ev('participant-joined', 'u2', { name: 'Bo', role: 'assistant' }),
      'presence',
      'Bo joined as assistant',
    ],
    [ev('participant-left', 'u2', { reason: 'left' }), 'presence', 'Bo left'],
    [
      ev('participant-left', 'u2', { reason: 'disconnected' }),
      'presence',
      'Bo disconnected (seat held)',
    ],
    [ev('participant-left', 'u2', { reason: 'removed' }), 'presence', 'Bo was removed by the host'],
    [ev('participant-updated', 'u2', { role: 'observer' }), 'role', 'Bo is now observer'],
    [
      ev('simulation-state', 'u1', { status: 'active', action: 'start', durationS: 0 }),
      'control',
      'Dr Ada Lin started the simulation',
    ],
    [
      ev('simulation-state', 'u1', { status: 'paused', action: 'pause', durationS: 12 }),
      'control',
      'Dr Ada Lin paused the simulation',
    ],
    [
      ev('simulation-state', 'u1', { status: 'completed', action: 'stop', durationS: 75.4 }),
      'control',
      'Dr Ada Lin stopped the simulation (1:15 of active time)',
    ],
    [
      ev('simulation-state', 'system', { status: 'completed', action: 'end', durationS: 3 }),
      'control',
      'The server ended the session (0:03 of active time)',
    ],
    [ev('simulation-reset', 'u1', {}), 'control', 'Dr Ada Lin reset the simulation'],
    [
      ev('tool-selected', 'u2', { tool: 'needle-driver' }),
      'tool',
      'Bo picked up the needle driver',
    ],
    [
      ev('tool-interaction', 'u2', { tool: 'scalpel', action: 'activate' }),
      'tool',
      'Bo activated the scalpel',
    ],
    [
      ev('tool-interaction', 'u2', { tool: 'scalpel', action: 'deactivate' }),
      'tool',
      'Bo put the scalpel down',
    ],
    [
      ev('tool-interaction', 'u2', { tool: 'forceps', action: 'open', jaw: 800 }),
      'tool',
      'Bo opened the forceps (jaw 80%)',
    ],
    [
      ev('tissue-update', 'u2', {
        tool: 'scalpel',
        action: 'cut',
        pointsUm: [
          [0, 0, 0],
          [30000, 0, 0],
          [30000, 4000, 0],
        ],
        depthUm: 2000,
        forceMn: 1500,
      }),
      'tissue',
      'Bo cut with the scalpel (3.4 cm path, 2 mm deep, 1.5 N)',
    ],
    [
      ev('tissue-update', 'u9', { tool: 'needle-driver', action: 'tie', pointsUm: [[0, 0, 0]] }),
      'tissue',
      'user u9 tied a knot with the needle driver',
    ],
    [
      ev('chat-message', 'u2', { name: 'Bo', text: 'Scalpel, please' }),
      'chat',
      'Bo: Scalpel, please',
    ],
  ] as const)('%#: %s', (typed, kind, text) => {
    const line = feedLineFor(typed, nameOf);
    expect(line).toMatchObject({ kind, text, key: `seq:${typed.event.seq}` });
    expect(line?.time).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it('leaves tool poses out (dozens per second)', () => {
    const pose = ev('tool-interaction', 'u2', {
      tool: 'scalpel',
      action: 'pose',
      pose: { positionUm: [0, 0, 0], rotationQ: [0, 0, 0, 32767] },
    });
    expect(feedLineFor(pose, nameOf)).toBeNull();
  });
});

describe('formatting', () => {
  it.each([
    [0, '0:00'],
    [9.9, '0:09'],
    [75, '1:15'],
    [3600, '1:00:00'],
    [3725, '1:02:05'],
    [-3, '0:00'],
  ])('formatDuration(%s) = %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it.each([
    [0.0005, '0.5 mm'],
    [0.008, '8 mm'],
    [0.034, '3.4 cm'],
  ])('formatLength(%s) = %s', (m, text) => expect(formatLength(m)).toBe(text));

  it('measures a polyline in metres', () => {
    expect(
      pathLengthM([
        [0, 0, 0],
        [3000, 4000, 0],
        [3000, 4000, 12000],
      ]),
    ).toBeCloseTo(0.017, 9);
    expect(pathLengthM([[1, 2, 3]])).toBe(0);
  });

  it('gives no clock time for a missing or bad timestamp', () => {
    expect(clockTime(undefined)).toBe('');
    expect(clockTime('yesterday')).toBe('');
  });

  it('describes a tissue action without optional measures', () => {
    const { event } = ev('tissue-update', 'u1', {
      tool: 'cautery',
      action: 'cauterize',
      pointsUm: [[0, 0, 0]],
    });
    expect(describeTissue('Ada', event as SequencedEvent<'tissue-update'>)).toBe(
      'Ada cauterized with the cautery',
    );
  });

  it('summarizes a score, per participant, with critical errors', () => {
    const line = scoreLine(
      {
        sessionId: 's',
        score: 81.6,
        finalHash: '0123456789abcdef',
        participants: [
          {
            userId: 'u1',
            name: 'Dr Ada Lin',
            role: 'surgeon',
            total: 99.8,
            pass: true,
            subScores: {},
          },
          {
            userId: 'u2',
            total: 63.4,
            pass: false,
            subScores: {},
            criticalErrors: ['forbidden-zone'],
          },
        ],
      },
      nameOf,
      'score:1',
      '09:00:10',
    );
    expect(line).toEqual({
      key: 'score:1',
      kind: 'score',
      time: '09:00:10',
      text: 'Scored 82/100: Dr Ada Lin 100 pass, Bo 63 fail (critical: forbidden-zone)',
    });
    expect(
      scoreLine({ sessionId: 's', score: null, finalHash: 'x', participants: [] }, nameOf, 'k', '')
        .text,
    ).toBe('Scored: nobody used an instrument');
  });
});
