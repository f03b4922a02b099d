import { useEffect, useId, useState } from 'react';
import { client } from '../api/client.js';
import type { Scenario, SessionDetails, User } from '../app/types.js';
import { ErrorMessage } from './ErrorMessage.js';
import { MySessionRow } from './MySessionRow.js';
import { lobbyErrorMessage } from './error-messages.js';

/** Sessions shown in "My sessions". */
export const MY_SESSIONS_LIMIT = 20;

/** Sessions I created or joined, newest first, with status and score. */
export function MySessions(props: {
  user: User;
  scenarios: Scenario[] | null;
  /** Changes when the list should be read again (after creating a session). */
  refreshKey: number;
  pending: boolean;
  error?: string;
  onReview(sessionId: string): void;
  onReturn(session: SessionDetails): void;
  onShare(session: SessionDetails): void;
}) {
  const [sessions, setSessions] = useState<SessionDetails[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const ids = useId();

  useEffect(() => {
    let live = true;
    client.mySessions({ limit: MY_SESSIONS_LIMIT }).then(
      (page) => {
        if (!live) return;
        setSessions(page.sessions);
        setLoadError(null);
      },
      (err: unknown) => live && setLoadError(lobbyErrorMessage(err, { action: 'load' })),
    );
    return () => {
      live = false;
    };
  }, [props.refreshKey]);

  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>My sessions</h2>
      {loadError ? <p className="warning">Your sessions could not be loaded: {loadError}</p> : null}
      <ErrorMessage message={props.error} />
      {sessions === null ? (
        loadError ? null : (
          <p className="hint">Loading…</p>
        )
      ) : sessions.length === 0 ? (
        <p className="hint">None yet: sessions you create or join appear here with their scores.</p>
      ) : (
        <ul className="session-list" data-testid="my-sessions">
          {sessions.map((session) => (
            <MySessionRow
              key={session.sessionId}
              session={session}
              user={props.user}
              scenarios={props.scenarios}
              pending={props.pending}
              onReview={props.onReview}
              onReturn={props.onReturn}
              onShare={props.onShare}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
