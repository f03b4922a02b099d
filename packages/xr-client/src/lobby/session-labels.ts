import { formatShareCode } from '@scrubin/protocol';
import type { SessionDetails, SessionSummary } from '../app/types.js';

type Status = SessionSummary['status'];

const STATUS_LABELS: Record<Status, string> = {
  idle: 'Waiting to start',
  active: 'In progress',
  paused: 'Paused',
  completed: 'Completed',
};

/** A session status in words. */
export function statusLabel(status: Status): string {
  return STATUS_LABELS[status];
}

/** "3 of 6 seats taken". */
export function seatsText(participantCount: number, maxParticipants: number): string {
  return `${participantCount} of ${maxParticipants} ${maxParticipants === 1 ? 'seat' : 'seats'} taken`;
}

/** A share code as people read it (`ABCD-2345`), whatever form it came in. */
export function displayCode(code: string): string {
  const compact = code.replace(/[\s-]/g, '').toUpperCase();
  return compact.length === 8 ? formatShareCode(compact) : code;
}

/** "Beginner" from "beginner". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The score to show a user for a session: their own total when the session was scored per
 * participant, else the session's score, else null.
 */
export function scoreFor(session: SessionDetails, userId: string): number | null {
  const mine = session.scoreDetails?.participants.find((p) => p.userId === userId);
  if (mine) return mine.total;
  return session.score;
}

/** "Score 82 (passed)", "Score 41", "Not scored yet". */
export function scoreText(session: SessionDetails, userId: string): string {
  const score = scoreFor(session, userId);
  if (score === null) return session.status === 'completed' ? 'No score' : 'Not scored yet';
  const mine = session.scoreDetails?.participants.find((p) => p.userId === userId);
  const verdict = mine === undefined ? '' : mine.pass ? ' (passed)' : ' (not passed)';
  return `Score ${Math.round(score)}${verdict}`;
}
