import type { SessionSummary } from '../app/types.js';
import { seatsText, statusLabel } from './session-labels.js';

/** One public session: what it is, who hosts it, how full it is, and its Join button. */
export function PublicSessionRow(props: {
  session: SessionSummary;
  scenarioTitle: string;
  pending: boolean;
  onJoin(session: SessionSummary): void;
}) {
  const { session } = props;
  return (
    <li className="session-row" data-testid="public-row" data-session-id={session.sessionId}>
      <div className="row-main">
        <h4>{session.title}</h4>
        <p className="meta">
          {props.scenarioTitle} · hosted by {session.hostName} ·{' '}
          {seatsText(session.participantCount, session.maxParticipants)} ·{' '}
          {statusLabel(session.status)}
        </p>
        {session.description ? <p className="description">{session.description}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => props.onJoin(session)}
        aria-disabled={props.pending || !session.shareableCode}
        aria-label={`Join ${session.title}`}
        data-testid="public-join"
      >
        Join
      </button>
    </li>
  );
}
