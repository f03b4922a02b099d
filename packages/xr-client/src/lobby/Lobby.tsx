import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { JoinRole, Recording } from '@scrubin/protocol';
import type { CreateSessionRequest } from '@scrubin/sdk';
import { client } from '../api/client.js';
import type { Scenario, SessionDetails, User } from '../app/types.js';
import { CreateSessionForm } from './CreateSessionForm.js';
import { JoinByCode } from './JoinByCode.js';
import { LinkPreview } from './LinkPreview.js';
import { LobbyHeader } from './LobbyHeader.js';
import { MySessions } from './MySessions.js';
import { OpenRecording } from './OpenRecording.js';
import { PublicSessionList } from './PublicSessionList.js';
import { ShareDialog, type ShareTarget } from './ShareDialog.js';
import { lobbyErrorMessage } from './error-messages.js';

/** The part of the lobby an action started in: its error is shown there, one at a time. */
type Source = 'create' | 'code' | 'list' | 'link' | 'mine';

/** Removes `?link=` from the address bar once the invitation was dismissed. */
function forgetLinkInUrl(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('link')) return;
  url.searchParams.delete('link');
  window.history.replaceState(window.history.state, '', url);
}

function shareTargetOf(
  session: SessionDetails,
  shareableLink = session.shareableLink,
): ShareTarget {
  return {
    sessionId: session.sessionId,
    title: session.title,
    shareableCode: session.shareableCode,
    shareableLink,
    inviteOnly: session.inviteOnly,
  };
}

/**
 * The lobby: create and share a session, join one by code, list or link, my sessions, and open
 * a review (of a completed session, or of a recording file).
 */
export function Lobby(props: {
  user: User;
  initialLink?: string;
  onEnterSession(sessionId: string): void;
  onSignOut(): void;
  /** Opens the review of a completed session. @default enters the session */
  onReview?(sessionId: string): void;
  /** Opens the review of a recording file read in the browser (without it, no file input). */
  onOpenRecording?(fileName: string, recording: Recording): void;
}) {
  const { user, initialLink, onEnterSession } = props;
  const [scenarios, setScenarios] = useState<Scenario[] | null>(null);
  const [error, setError] = useState<{ source: Source; message: string } | null>(null);
  const [pending, setPending] = useState<Source | null>(null);
  const [share, setShare] = useState<ShareTarget | null>(null);
  const [showLink, setShowLink] = useState(Boolean(initialLink));
  const [mineKey, setMineKey] = useState(0);
  const ids = useId();
  const main = useRef<HTMLElement>(null);

  useEffect(() => setShowLink(Boolean(initialLink)), [initialLink]);

  useEffect(() => {
    let live = true;
    client.scenarios().then(
      (list) => live && setScenarios(list),
      (err: unknown) =>
        live &&
        setError({
          source: 'create',
          message: `The scenarios could not be loaded. ${lobbyErrorMessage(err, { action: 'load' })}`,
        }),
    );
    return () => {
      live = false;
    };
  }, []);

  const errorOf = (source: Source) => (error?.source === source ? error.message : undefined);
  const fail = useCallback((source: Source, message: string) => setError({ source, message }), []);

  const join = async (
    source: Source,
    identifier: string,
    role: JoinRole,
    maxParticipants?: number,
  ) => {
    if (pending) return;
    setPending(source);
    setError(null);
    try {
      const { session } = await client.joinSession(identifier, { role });
      onEnterSession(session.sessionId);
    } catch (err) {
      setError({ source, message: lobbyErrorMessage(err, { action: 'join', maxParticipants }) });
    } finally {
      setPending(null);
    }
  };

  const create = async (body: CreateSessionRequest): Promise<boolean> => {
    if (pending) return false;
    setPending('create');
    setError(null);
    try {
      const { session, shareableLink } = await client.createSession(body);
      setShare(shareTargetOf(session, shareableLink));
      setMineKey((k) => k + 1);
      return true;
    } catch (err) {
      setError({ source: 'create', message: lobbyErrorMessage(err, { action: 'create' }) });
      return false;
    } finally {
      setPending(null);
    }
  };

  const returnTo = (session: SessionDetails) => {
    const mine = session.collaborativeData.participants.filter((p) => p.userId === user.id);
    const role: JoinRole = mine.at(-1)?.role === 'observer' ? 'observer' : 'assistant';
    void join('mine', session.uniqueLink, role, session.maxParticipants);
  };

  return (
    <div className="lobby">
      <LobbyHeader user={user} onSignOut={props.onSignOut} />
      <main className="page lobby-main" ref={main} tabIndex={-1}>
        {showLink && initialLink ? (
          <LinkPreview
            link={initialLink}
            scenarios={scenarios}
            pending={pending === 'link'}
            error={errorOf('link')}
            onJoin={(link, role, summary) => void join('link', link, role, summary.maxParticipants)}
            onCancel={() => {
              setShowLink(false);
              if (error?.source === 'link') setError(null);
              forgetLinkInUrl();
              main.current?.focus();
            }}
          />
        ) : null}
        <div className="lobby-grid">
          <CreateSessionForm
            scenarios={scenarios}
            pending={pending === 'create'}
            error={errorOf('create')}
            onCreate={create}
            onInvalid={(message) => fail('create', message)}
          />
          <section className="card" aria-labelledby={`${ids}-join`}>
            <h2 id={`${ids}-join`}>Join a session</h2>
            <JoinByCode
              pending={pending === 'code'}
              error={errorOf('code')}
              onJoin={(identifier, role) => void join('code', identifier, role)}
              onInvalid={(message) => fail('code', message)}
            />
            <PublicSessionList
              scenarios={scenarios}
              pending={pending === 'list'}
              error={errorOf('list')}
              onJoin={(session, role) =>
                session.shareableCode &&
                void join('list', session.shareableCode, role, session.maxParticipants)
              }
            />
          </section>
        </div>
        <MySessions
          user={user}
          scenarios={scenarios}
          refreshKey={mineKey}
          pending={pending === 'mine'}
          error={errorOf('mine')}
          onReview={props.onReview ?? onEnterSession}
          onReturn={returnTo}
          onShare={(session) => setShare(shareTargetOf(session))}
        />
        {props.onOpenRecording ? <OpenRecording onOpen={props.onOpenRecording} /> : null}
      </main>
      {share ? (
        <ShareDialog
          key={share.sessionId}
          target={share}
          onEnter={() => onEnterSession(share.sessionId)}
          onClose={() => setShare(null)}
        />
      ) : null}
    </div>
  );
}
