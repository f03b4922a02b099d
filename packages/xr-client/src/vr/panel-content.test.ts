import type { PresenceEntry } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import { participantLines, scoreLines, statusLines } from './panel-content.js';

describe('in-world panel content', () => {
  it.each([
    { canUse: true, tool: 'scalpel' as const, note: 'In hand: Scalpel' },
    { canUse: true, tool: null, note: 'Pick an instrument on the tray' },
    { canUse: false, tool: null, note: 'Observing: the host can give you instruments' },
  ])('status says what is in hand ($note)', ({ canUse, tool, note }) => {
    const lines = statusLines({
      title: 'Ward round',
      scenarioTitle: 'Skin incision',
      status: 'active',
      seconds: 75,
      tool,
      canUse,
    });
    expect(lines.map((l) => l.text)).toEqual([
      'Ward round',
      'Skin incision',
      'In progress · 1:15',
      note,
    ]);
  });

  it('lists participants with role, host, self and presence marks', () => {
    const people: PresenceEntry[] = [
      { userId: 'h', name: 'Hana', role: 'surgeon', online: true },
      { userId: 'v', name: 'Viktor', role: 'assistant', online: true },
      { userId: 'o', name: 'Olga', role: 'observer', online: false },
    ];
    const lines = participantLines(people, 'v', 'h', (id) => `#${id}`);
    expect(lines.map((l) => l.text)).toEqual([
      'Participants (3)',
      'Hana · Surgeon, host',
      'Viktor · Assistant, you',
      'Olga · Observer, away',
    ]);
    expect(lines[1]?.dot).toBe('#h');
  });

  it('shows totals, results and sub-scores, or that scoring is under way', () => {
    expect(scoreLines(null, new Map()).map((l) => l.text)).toEqual([
      'Results',
      'Scoring the session…',
    ]);
    const lines = scoreLines(
      {
        score: 71.6,
        participants: [
          { userId: 'v', total: 71.6, pass: true, subScores: { precision: 80.2, depth: 64 } },
        ],
      },
      new Map([['v', 'Viktor']]),
    );
    expect(lines.map((l) => l.text)).toEqual([
      'Results · team 72',
      'Viktor: 72 · Pass',
      'Precision 80 · Depth 64',
    ]);
  });
});
