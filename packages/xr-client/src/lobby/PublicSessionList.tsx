import { useId, useState } from 'react';
import type { JoinRole, ScenarioId } from '@scrubin/protocol';
import type { Scenario, SessionSummary } from '../app/types.js';
import { ErrorMessage } from './ErrorMessage.js';
import { PublicSessionRow } from './PublicSessionRow.js';
import { RoleSelect } from './RoleSelect.js';
import { useDebounced, usePublicSessions } from './use-public-sessions.js';

const SEARCH_DEBOUNCE_MS = 300;

/** Public sessions anyone signed in can join, live and filterable by scenario and title. */
export function PublicSessionList(props: {
  scenarios: Scenario[] | null;
  pending: boolean;
  error?: string;
  onJoin(session: SessionSummary, role: JoinRole): void;
}) {
  const [scenario, setScenario] = useState<ScenarioId | ''>('');
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<JoinRole>('assistant');
  const q = useDebounced(search, SEARCH_DEBOUNCE_MS);
  const list = usePublicSessions({ scenario: scenario || undefined, q });
  const ids = useId();
  const titleOf = (id: ScenarioId) => props.scenarios?.find((s) => s.id === id)?.title ?? id;
  const filtered = scenario !== '' || q.trim() !== '';

  let summary: string;
  const n = list.total;
  if (!list.loaded) summary = 'Loading open sessions…';
  else if (list.sessions.length === 0)
    summary = filtered ? 'No open session matches.' : 'No open session right now: create one.';
  else if (filtered) summary = `${n} open ${n === 1 ? 'session matches' : 'sessions match'}.`;
  else summary = `${n} open ${n === 1 ? 'session' : 'sessions'}.`;

  return (
    <div className="public-list" aria-labelledby={`${ids}-h`} role="region">
      <h3 id={`${ids}-h`}>Open sessions</h3>
      <div className="row filters">
        <label className="field">
          <span>Scenario</span>
          <select
            value={scenario}
            onChange={(e) => setScenario(e.target.value as ScenarioId | '')}
            data-testid="public-scenario"
          >
            <option value="">All scenarios</option>
            {props.scenarios?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field grow">
          <span>Search titles</span>
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="public-search"
          />
        </label>
        <RoleSelect value={role} onChange={setRole} testId="public-role" />
      </div>
      <p className="hint" role="status">
        {summary}{' '}
        <span className="muted">Updated every 5 seconds; invite-only sessions are not listed.</span>
      </p>
      {list.error ? (
        <p className="warning" data-testid="public-error">
          The list could not be refreshed: {list.error}
        </p>
      ) : null}
      <ErrorMessage message={props.error} />
      <ul className="session-list" data-testid="public-list" aria-busy={!list.loaded}>
        {list.sessions.map((session) => (
          <PublicSessionRow
            key={session.sessionId}
            session={session}
            scenarioTitle={titleOf(session.scenario)}
            pending={props.pending}
            onJoin={(s) => props.onJoin(s, role)}
          />
        ))}
      </ul>
    </div>
  );
}
