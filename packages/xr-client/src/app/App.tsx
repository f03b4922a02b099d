import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { Recording } from '@scrubin/protocol';
import { client, rememberToken } from '../api/client.js';
import { AuthForm } from '../lobby/AuthForm.js';
import { Lobby } from '../lobby/Lobby.js';
import { SessionView } from '../session/SessionView.js';
import type { User } from './types.js';

/** The review is loaded only when opened. */
const ReviewView = lazy(() => import('../review/ReviewView.js'));

type Route =
  | { view: 'lobby'; link?: string }
  | { view: 'session'; sessionId: string }
  | { view: 'review'; sessionId: string }
  /** A recording file read in this tab: it has no address of its own. */
  | { view: 'review-file'; fileName: string; recording: Recording };

/**
 * The route in the address bar: `?session=<id>` opens a session, `?review=<id>` the review of a
 * completed one, `?link=<token>` a share link.
 */
function routeFromUrl(): Route {
  const params = new URLSearchParams(window.location.search);
  const sessionId = params.get('session');
  if (sessionId) return { view: 'session', sessionId };
  const reviewId = params.get('review');
  if (reviewId) return { view: 'review', sessionId: reviewId };
  const link = params.get('link');
  return link ? { view: 'lobby', link } : { view: 'lobby' };
}

function pushRoute(route: Route): void {
  const url = new URL(window.location.href);
  // Page-wide flags (the tests' `test=1`) survive navigation; the route's own keys are replaced.
  url.searchParams.delete('session');
  url.searchParams.delete('link');
  url.searchParams.delete('review');
  if (route.view === 'session') url.searchParams.set('session', route.sessionId);
  else if (route.view === 'review') url.searchParams.set('review', route.sessionId);
  else if (route.view === 'lobby' && route.link) url.searchParams.set('link', route.link);
  window.history.pushState(null, '', url);
}

/** Signs in, then shows the lobby or a session; the address bar keeps the place. */
export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(routeFromUrl);

  useEffect(() => {
    const onPop = () => setRoute(routeFromUrl());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    if (!client.token) {
      setUser(null);
      return;
    }
    client.me().then(setUser, () => {
      rememberToken(null);
      setUser(null);
    });
  }, []);

  const go = useCallback((next: Route) => {
    pushRoute(next);
    setRoute(next);
  }, []);

  if (user === undefined) return <p className="loading">Loading…</p>;
  if (user === null) {
    return (
      <main className="page">
        <h1 className="brand">Scrub In</h1>
        <AuthForm
          notice={
            route.view === 'lobby' && route.link
              ? 'Sign in to open the session you were invited to.'
              : undefined
          }
          onSignedIn={setUser}
        />
      </main>
    );
  }
  if (route.view === 'session') {
    return (
      <SessionView
        sessionId={route.sessionId}
        user={user}
        onLeave={() => go({ view: 'lobby' })}
        onReview={(sessionId) => go({ view: 'review', sessionId })}
      />
    );
  }
  if (route.view === 'review' || route.view === 'review-file') {
    return (
      <Suspense fallback={<p className="loading">Loading the review…</p>}>
        <ReviewView
          source={
            route.view === 'review'
              ? { kind: 'session', sessionId: route.sessionId }
              : { kind: 'file', fileName: route.fileName, recording: route.recording }
          }
          onLeave={() => go({ view: 'lobby' })}
        />
      </Suspense>
    );
  }
  return (
    <Lobby
      user={user}
      initialLink={route.link}
      onEnterSession={(sessionId) => go({ view: 'session', sessionId })}
      onReview={(sessionId) => go({ view: 'review', sessionId })}
      onOpenRecording={(fileName, recording) => go({ view: 'review-file', fileName, recording })}
      onSignOut={() => {
        rememberToken(null);
        setUser(null);
      }}
    />
  );
}
