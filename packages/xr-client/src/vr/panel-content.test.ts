import type { PresenceEntry } from '@scrubin/protocol';
import { describe, expect, it } from 'vitest';
import type { ChatLine } from '../session/session-state.js';
import {
  chatLines,
  participantLines,
  scoreLines,
  statusLines,
  voiceButtonLabel,
  voiceLine,
  VR_CHAT_LINES,
  type VrVoiceView,
} from './panel-content.js';

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

  it('says so while the session is rebuilt from a restored server log', () => {
    const lines = statusLines({
      title: 'Ward round',
      scenarioTitle: 'Skin incision',
      status: 'idle',
      seconds: 0,
      tool: 'scalpel',
      canUse: true,
      restoring: true,
    });
    expect(lines.at(-1)).toMatchObject({ text: 'Server log restored: rebuilding…' });
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

  it('marks who is speaking, but not someone away', () => {
    const people: PresenceEntry[] = [
      { userId: 'h', name: 'Hana', role: 'surgeon', online: true },
      { userId: 'v', name: 'Viktor', role: 'assistant', online: true },
      { userId: 'o', name: 'Olga', role: 'observer', online: false },
    ];
    const lines = participantLines(people, 'v', 'h', (id) => `#${id}`, new Set(['v', 'o']));
    expect(lines.map((l) => l.text)).toEqual([
      'Participants (3)',
      'Hana · Surgeon, host',
      'Viktor · Assistant, you · speaking',
      'Olga · Observer, away',
    ]);
    expect(lines[2]?.color).not.toBe(lines[1]?.color);
  });

  it('shows the newest chat lines as "name: text", newest last, wrapped', () => {
    const chat: ChatLine[] = Array.from({ length: VR_CHAT_LINES + 2 }, (_, k) => ({
      seq: k + 1,
      userId: k % 2 === 0 ? 'h' : 'v',
      name: k % 2 === 0 ? 'Hana' : 'Viktor',
      text: `line ${k + 1}`,
      at: '2025-01-01T00:00:00.000Z',
    }));
    const lines = chatLines(chat, 'v', (id) => `#${id}`);
    expect(lines[0]).toEqual({ text: 'Chat', kind: 'title' });
    expect(lines.slice(1).map((l) => l.text)).toEqual([
      'Hana: line 3',
      'You: line 4',
      'Hana: line 5',
      'You: line 6',
      'Hana: line 7',
      'You: line 8',
    ]);
    expect(lines.slice(1).every((l) => l.wrap === true)).toBe(true);
    expect(chatLines([], 'v', (id) => id).map((l) => l.text)).toEqual(['Chat', 'No messages yet.']);
  });

  const off: VrVoiceView = {
    joined: false,
    joining: false,
    muted: false,
    pushToTalk: false,
    error: null,
  };
  it.each([
    { view: off, line: 'Voice: not joined', button: 'Join voice' },
    {
      view: { ...off, joining: true },
      line: 'Voice: opening the microphone…',
      button: 'Join voice',
    },
    {
      view: { ...off, error: 'The microphone is blocked.' },
      line: 'The microphone is blocked.',
      button: 'Join voice',
    },
    { view: { ...off, joined: true }, line: 'Voice: microphone on', button: 'Mute' },
    { view: { ...off, joined: true, muted: true }, line: 'Voice: muted', button: 'Unmute' },
    {
      view: { ...off, joined: true, pushToTalk: true },
      line: 'Voice: push to talk (hold the left grip)',
      button: 'Mute',
    },
  ])('voice row: $line / $button', ({ view, line, button }) => {
    expect(voiceLine(view).text).toBe(line);
    expect(voiceButtonLabel(view)).toBe(button);
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
