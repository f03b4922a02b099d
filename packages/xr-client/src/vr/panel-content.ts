import type { PresenceEntry, SessionStatus, Tool } from '@scrubin/protocol';
import { ROLE_LABELS, STATUS_LABELS, SUB_SCORE_LABELS, TOOL_LABELS } from '../panels/labels.js';
import { formatDuration } from '../session/active-clock.js';
import type { ScoreView } from '../session/session-state.js';

/** One line of an in-world panel. */
export interface PanelLine {
  text: string;
  /** Heading, body text or a quieter note. @default 'body' */
  kind?: 'title' | 'body' | 'note';
  /** A coloured dot before the text (a participant's colour). */
  dot?: string;
  /** Text colour. @default white */
  color?: string;
}

const PASS = '#7fd18b';
const FAIL = '#ff8a80';
const SUB_SCORES = ['precision', 'depth', 'efficiency', 'smoothness', 'tissueRespect'];

/** The status panel: session, scenario, status with the active time, the instrument in hand. */
export function statusLines(view: {
  title: string;
  scenarioTitle: string;
  status: SessionStatus;
  seconds: number;
  tool: Tool | null;
  canUse: boolean;
}): PanelLine[] {
  return [
    { text: view.title, kind: 'title' },
    { text: view.scenarioTitle, kind: 'note' },
    { text: `${STATUS_LABELS[view.status]} · ${formatDuration(view.seconds)}` },
    {
      text: !view.canUse
        ? 'Observing: the host can give you instruments'
        : view.tool
          ? `In hand: ${TOOL_LABELS[view.tool]}`
          : 'Pick an instrument on the tray',
      kind: 'note',
    },
  ];
}

/** The participant list: name, role, host and self marks, presence. */
export function participantLines(
  participants: readonly PresenceEntry[],
  selfId: string,
  hostId: string,
  colorOf: (userId: string) => string,
): PanelLine[] {
  const lines: PanelLine[] = [{ text: `Participants (${participants.length})`, kind: 'title' }];
  for (const p of participants) {
    const marks = [ROLE_LABELS[p.role]];
    if (p.userId === hostId) marks.push('host');
    if (p.userId === selfId) marks.push('you');
    if (!p.online) marks.push('away');
    lines.push({
      text: `${p.name} · ${marks.join(', ')}`,
      dot: colorOf(p.userId),
      color: p.online ? undefined : '#8a99a8',
    });
  }
  return lines;
}

/** The score card: the team score, then each participant's total, result and sub-scores. */
export function scoreLines(
  score: ScoreView | null,
  names: ReadonlyMap<string, string>,
): PanelLine[] {
  if (!score) return [{ text: 'Results', kind: 'title' }, { text: 'Scoring the session…' }];
  const lines: PanelLine[] = [
    {
      text: score.score === null ? 'Results' : `Results · team ${Math.round(score.score)}`,
      kind: 'title',
    },
  ];
  if (score.participants.length === 0) {
    lines.push({ text: 'Nobody used an instrument, so there is nothing to score.' });
  }
  for (const p of score.participants) {
    const name = p.name ?? names.get(p.userId) ?? p.userId;
    lines.push({
      text: `${name}: ${Math.round(p.total)} · ${p.pass ? 'Pass' : 'Fail'}`,
      color: p.pass ? PASS : FAIL,
    });
    const subs = SUB_SCORES.filter((k) => p.subScores[k] !== undefined).map(
      (k) => `${SUB_SCORE_LABELS[k] ?? k} ${Math.round(p.subScores[k]!)}`,
    );
    if (subs.length > 0) lines.push({ text: subs.join(' · '), kind: 'note' });
  }
  return lines;
}
