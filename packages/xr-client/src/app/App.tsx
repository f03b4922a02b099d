import { useCallback, useEffect, useState } from 'react';
import { client, rememberToken } from '../api/client.js';
import { AuthForm } from '../lobby/AuthForm.js';
import { Lobby } from '../lobby/Lobby.js';
import { SessionView } from '../session/SessionView.js';
import type { User } from './types.js';

type Route = { view: 'lobby'; link?: string } | { view: 'session'; sessionId: string };

/** The route in the address bar: `?session=<id>` opens a session, `?link=<token>` a share link. */
function routeFromUrl(): Route {
  const params = new URLSearchParams(window.location.search);
  const sessionId = params.get('session');
  if (sessionId) return { view: 'session', sessionId };
  const link = params.get('link');
  return link ? { view: 'lobby', link } : { view: 'lobby' };
}

function pushRoute(route: Route): void {
  const url = new URL(window.location.href);
  // Page-wide flags (the tests' `test=1`) survive navigation; the route's own keys are replaced.
  url.searchParams.delete('session');
  url.searchParams.delete('link');
  if (route.view === 'session') url.searchParams.set('session', route.sessionId);
  else if (route.link) url.searchParams.set('link', route.link);
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
      <SessionView sessionId={route.sessionId} user={user} onLeave={() => go({ view: 'lobby' })} />
    );
  }
  return (
    <Lobby
      user={user}
      initialLink={route.link}
      onEnterSession={(sessionId) => go({ view: 'session', sessionId })}
      onSignOut={() => {
        rememberToken(null);
        setUser(null);
      }}
    />
  );
}
