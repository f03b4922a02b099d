import { useEffect, useId, useRef, useState } from 'react';
import type { JoinRole } from '@scrubin/protocol';
import { client } from '../api/client.js';
import type { Scenario, SessionSummary } from '../app/types.js';
import { ErrorMessage } from './ErrorMessage.js';
import { RoleSelect } from './RoleSelect.js';
import { ENDED_MESSAGE, lobbyErrorMessage } from './error-messages.js';
import { seatsText, statusLabel } from './session-labels.js';

/**
 * What a share link points to (title, host, scenario, seats, status), with Join and Cancel.
 * Shown when the page was opened with `?link=…`.
 */
export function LinkPreview(props: {
  link: string;
  scenarios: Scenario[] | null;
  pending: boolean;
  error?: string;
  onJoin(link: string, role: JoinRole, session: SessionSummary): void;
  onCancel(): void;
}) {
  const [session, setSession] = useState<SessionSummary | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [role, setRole] = useState<JoinRole>('assistant');
  const heading = useRef<HTMLHeadingElement>(null);
  const ids = useId();

  useEffect(() => {
    let live = true;
    client.previewSession(props.link).then(
      (summary) => live && setSession(summary),
      (err: unknown) => live && setLoadError(lobbyErrorMessage(err, { action: 'preview' })),
    );
    return () => {
      live = false;
    };
  }, [props.link]);

  // Screen-reader and keyboard users land on the invitation once it is known.
  useEffect(() => {
    if (session || loadError) heading.current?.focus();
  }, [session, loadError]);

  const scenarioTitle = session
    ? (props.scenarios?.find((s) => s.id === session.scenario)?.title ?? session.scenario)
    : '';
  const ended = session?.status === 'completed';
  const full = session ? session.participantCount >= session.maxParticipants : false;

  return (
    <section
      className="card link-preview"
      aria-labelledby={`${ids}-h`}
      aria-busy={!session && !loadError}
      data-testid="link-preview"
    >
      <h2 id={`${ids}-h`} ref={heading} tabIndex={-1}>
        {session
          ? `You are invited: ${session.title}`
          : loadError
            ? 'This invitation cannot be opened'
            : 'Opening your invitation…'}
      </h2>
      {session ? (
        <>
          <dl className="facts-list">
            <dt>Host</dt>
            <dd>{session.hostName}</dd>
            <dt>Scenario</dt>
            <dd>{scenarioTitle}</dd>
            <dt>Seats</dt>
            <dd data-testid="link-seats">
              {seatsText(session.participantCount, session.maxParticipants)}
            </dd>
            <dt>Status</dt>
            <dd data-testid="link-status">{statusLabel(session.status)}</dd>
          </dl>
          {session.description ? <p className="description">{session.description}</p> : null}
          {session.inviteOnly ? (
            <p className="hint">Invite-only: you can join because you have its link.</p>
          ) : null}
          {ended ? <p className="warning">{ENDED_MESSAGE}</p> : null}
          {full && !ended ? (
            <p className="warning">
              This session is full ({seatsText(session.maxParticipants, session.maxParticipants)}).
              If you already hold a seat, Join takes you back to it.
            </p>
          ) : null}
          {!ended ? <RoleSelect value={role} onChange={setRole} testId="link-role" /> : null}
        </>
      ) : null}
      <ErrorMessage message={loadError ?? props.error} />
      <div className="actions">
        {session && !ended ? (
          <button
            type="button"
            className="primary"
            aria-disabled={props.pending}
            onClick={() => !props.pending && props.onJoin(props.link, role, session)}
            data-testid="link-join"
          >
            {props.pending ? 'Joining…' : 'Join'}
          </button>
        ) : null}
        <button type="button" onClick={props.onCancel} data-testid="link-cancel">
          {session && !ended ? 'Cancel' : 'Dismiss'}
        </button>
      </div>
    </section>
  );
}
