import { useEffect, useState } from 'react';
import type { ScenarioId } from '@scrubin/protocol';
import { client } from '../api/client.js';
import type { SessionSummary } from '../app/types.js';
import { lobbyErrorMessage } from './error-messages.js';

/** How often the public list refreshes while the page is visible. */
export const PUBLIC_REFRESH_MS = 5000;
/** Sessions shown at most. */
export const PUBLIC_LIMIT = 50;

/** The public list as last read. */
export interface PublicSessions {
  sessions: SessionSummary[];
  total: number;
  loaded: boolean;
  error: string | null;
}

/**
 * The public, joinable sessions matching a filter, refreshed every {@link PUBLIC_REFRESH_MS}
 * while the page is visible (and at once when it becomes visible again).
 */
export function usePublicSessions(filter: { scenario?: ScenarioId; q: string }): PublicSessions {
  const [state, setState] = useState<PublicSessions>({
    sessions: [],
    total: 0,
    loaded: false,
    error: null,
  });
  const { scenario, q } = filter;

  useEffect(() => {
    let cancelled = false;
    let inFlight = false;
    const load = async () => {
      if (inFlight || document.visibilityState !== 'visible') return;
      inFlight = true;
      try {
        const page = await client.listActiveSessions({
          scenario,
          q: q.trim() === '' ? undefined : q.trim(),
          limit: PUBLIC_LIMIT,
        });
        if (!cancelled) {
          setState({ sessions: page.sessions, total: page.total, loaded: true, error: null });
        }
      } catch (err) {
        if (!cancelled) {
          const error = lobbyErrorMessage(err, { action: 'load' });
          setState((s) => ({ ...s, loaded: true, error }));
        }
      } finally {
        inFlight = false;
      }
    };
    void load();
    const timer = window.setInterval(load, PUBLIC_REFRESH_MS);
    const onVisibility = () => void load();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [scenario, q]);

  return state;
}

/** `value`, once it has stayed the same for `delayMs`. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
