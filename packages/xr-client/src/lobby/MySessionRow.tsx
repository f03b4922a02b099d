import type { MouseEvent } from 'react';
import type { Scenario, SessionDetails, User } from '../app/types.js';
import { scoreText, seatsText, statusLabel } from './session-labels.js';

/** One of my sessions: status and score, with Review, Return and (for its host) Share. */
export function MySessionRow(props: {
  session: SessionDetails;
  user: User;
  scenarios: Scenario[] | null;
  pending: boolean;
  onReview(sessionId: string): void;
  onReturn(session: SessionDetails): void;
  onShare(session: SessionDetails): void;
}) {
  const { session, user } = props;
  const completed = session.status === 'completed';
  const isHost = session.creatorId === user.id;
  const scenario =
    props.scenarios?.find((s) => s.id === session.scenario)?.title ?? session.scenario;
  const created = new Date(session.createdAt).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const review = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    props.onReview(session.sessionId);
  };

  return (
    <li className="session-row" data-testid="my-session" data-session-id={session.sessionId}>
      <div className="row-main">
        <h3>
          {session.title}
          {isHost ? <span className="badge">Host</span> : null}
          {session.inviteOnly ? <span className="badge">Invite-only</span> : null}
        </h3>
        <p className="meta">
          {scenario} · {created} ·{' '}
          <span className={`status status-${session.status}`}>{statusLabel(session.status)}</span>
          {completed
            ? ` · ${scoreText(session, user.id)}`
            : ` · ${seatsText(session.participantCount, session.maxParticipants)}`}
        </p>
      </div>
      <div className="row-actions">
        {completed ? (
          <a
            className="button"
            href={`?review=${encodeURIComponent(session.sessionId)}`}
            onClick={review}
            aria-label={`Review ${session.title}`}
            data-testid="review-session"
          >
            Review
          </a>
        ) : (
          <>
            {isHost ? (
              <button
                type="button"
                onClick={() => props.onShare(session)}
                aria-label={`Share ${session.title}`}
              >
                Share
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => !props.pending && props.onReturn(session)}
              aria-disabled={props.pending}
              aria-label={`Enter ${session.title}`}
            >
              Enter
            </button>
          </>
        )}
      </div>
    </li>
  );
}
