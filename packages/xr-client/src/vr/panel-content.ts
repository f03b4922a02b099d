import type { PresenceEntry, SessionStatus, Tool } from '@scrubin/protocol';
import { ROLE_LABELS, STATUS_LABELS, SUB_SCORE_LABELS, TOOL_LABELS } from '../panels/labels.js';
import { formatDuration } from '../session/active-clock.js';
import type { ChatLine, ScoreView } from '../session/session-state.js';

/** One line of an in-world panel. */
export interface PanelLine {
  text: string;
  /** Heading, body text or a quieter note. @default 'body' */
  kind?: 'title' | 'body' | 'note';
  /** A coloured dot before the text (a participant's colour). */
  dot?: string;
  /** Text colour. @default white */
  color?: string;
  /** Wrap onto further rows instead of shortening with an ellipsis. @default false */
  wrap?: boolean;
}

const PASS = '#7fd18b';
const SPEAKING = '#9fe3d8';
const NOBODY: ReadonlySet<string> = new Set();
/** Chat lines an in-world chat panel shows at most (the newest). */
export const VR_CHAT_LINES = 6;
const FAIL = '#ff8a80';
const WARN = '#f2c26b';
const SUB_SCORES = ['precision', 'depth', 'efficiency', 'smoothness', 'tissueRespect'];

/**
 * The status panel: session, scenario, status with the active time, the instrument in hand (or,
 * while the session is rebuilt from a restored server log, that).
 */
export function statusLines(view: {
  title: string;
  scenarioTitle: string;
  status: SessionStatus;
  seconds: number;
  tool: Tool | null;
  canUse: boolean;
  restoring?: boolean;
}): PanelLine[] {
  const head: PanelLine[] = [
    { text: view.title, kind: 'title' },
    { text: view.scenarioTitle, kind: 'note' },
    { text: `${STATUS_LABELS[view.status]} · ${formatDuration(view.seconds)}` },
  ];
  if (view.restoring) {
    return [...head, { text: 'Server log restored: rebuilding…', kind: 'note', color: WARN }];
  }
  return [
    ...head,
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

/** The participant list: name, role, host and self marks, presence, who is speaking. */
export function participantLines(
  participants: readonly PresenceEntry[],
  selfId: string,
  hostId: string,
  colorOf: (userId: string) => string,
  speaking: ReadonlySet<string> = NOBODY,
): PanelLine[] {
  const lines: PanelLine[] = [{ text: `Participants (${participants.length})`, kind: 'title' }];
  for (const p of participants) {
    const marks = [ROLE_LABELS[p.role]];
    if (p.userId === hostId) marks.push('host');
    if (p.userId === selfId) marks.push('you');
    if (!p.online) marks.push('away');
    const talking = p.online && speaking.has(p.userId);
    lines.push({
      text: `${p.name} · ${marks.join(', ')}${talking ? ' · speaking' : ''}`,
      dot: colorOf(p.userId),
      color: talking ? SPEAKING : p.online ? undefined : '#8a99a8',
      wrap: true,
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
    if (subs.length > 0) lines.push({ text: subs.join(' · '), kind: 'note', wrap: true });
  }
  return lines;
}

/** The chat, read-only: the newest {@link VR_CHAT_LINES} lines as "name: text", newest last. */
export function chatLines(
  chat: readonly ChatLine[],
  selfId: string,
  colorOf: (userId: string) => string,
): PanelLine[] {
  const lines: PanelLine[] = [{ text: 'Chat', kind: 'title' }];
  if (chat.length === 0) lines.push({ text: 'No messages yet.', kind: 'note' });
  for (const line of chat.slice(-VR_CHAT_LINES)) {
    const name = line.userId === selfId ? 'You' : line.name;
    lines.push({ text: `${name}: ${line.text}`, dot: colorOf(line.userId), wrap: true });
  }
  return lines;
}

/** This user's voice as the in-world voice row shows it. */
export interface VrVoiceView {
  joined: boolean;
  joining: boolean;
  muted: boolean;
  pushToTalk: boolean;
  error: string | null;
}

/** The voice row's text: whether the others hear this user, or why voice is off. */
export function voiceLine(view: VrVoiceView): PanelLine {
  if (view.error && !view.joined)
    return { text: view.error, kind: 'note', color: FAIL, wrap: true };
  if (view.joining) return { text: 'Voice: opening the microphone…', kind: 'note' };
  if (!view.joined) return { text: 'Voice: not joined', kind: 'note' };
  if (view.muted) return { text: 'Voice: muted', kind: 'note' };
  if (view.pushToTalk) return { text: 'Voice: push to talk (hold the left grip)', kind: 'note' };
  return { text: 'Voice: microphone on', kind: 'note', color: SPEAKING };
}

/** The voice button's label: join, or mute and unmute once joined. */
export function voiceButtonLabel(view: VrVoiceView): string {
  if (!view.joined) return 'Join voice';
  return view.muted ? 'Unmute' : 'Mute';
}
