import type { SessionStatus } from '@scrubin/protocol';
import { useEffect, useState } from 'react';
import { formatDuration } from '../session/active-clock.js';
import type { SessionPhase } from '../session/session-state.js';
import { STATUS_LABELS } from './labels.js';

/** Active time, refreshed a few times a second from `seconds()`. */
function Timer(props: { seconds: () => number }) {
  const { seconds } = props;
  const [shown, setShown] = useState(() => formatDuration(seconds()));
  useEffect(() => {
    const timer = setInterval(() => setShown(formatDuration(seconds())), 250);
    return () => clearInterval(timer);
  }, [seconds]);
  return (
    <span className="session-timer" data-testid="session-timer" aria-label={`Active time ${shown}`}>
      {shown}
    </span>
  );
}

/** The session's title, status, active time and connection, with the Leave button. */
export function StatusBar(props: {
  title: string;
  scenarioTitle: string;
  status: SessionStatus;
  phase: SessionPhase;
  seconds: () => number;
  onLeave: () => void;
}) {
  const { title, scenarioTitle, status, phase, seconds, onLeave } = props;
  return (
    <header className="session-bar">
      <div className="session-bar__title">
        <h1>{title}</h1>
        <span className="session-bar__scenario">{scenarioTitle}</span>
      </div>
      <div className="session-bar__state">
        <span
          className={`session-status session-status--${status}`}
          data-testid="session-status"
          data-status={status}
          role="status"
          aria-live="polite"
        >
          {STATUS_LABELS[status]}
        </span>
        <Timer seconds={seconds} />
        {phase === 'reconnecting' && (
          <span className="session-bar__connection" role="status">
            Reconnecting…
          </span>
        )}
      </div>
      <button type="button" className="button button--quiet" onClick={onLeave}>
        Leave
      </button>
    </header>
  );
}
