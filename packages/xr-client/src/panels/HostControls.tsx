import {
  CONTROL_TRANSITIONS,
  RESETTABLE_STATUSES,
  type ControlAction,
  type SessionStatus,
} from '@scrubin/protocol';
import { useState } from 'react';
import { useBusyAction } from './use-busy-action.js';

const ACTIONS: { action: ControlAction; label: string }[] = [
  { action: 'start', label: 'Start' },
  { action: 'pause', label: 'Pause' },
  { action: 'resume', label: 'Resume' },
  { action: 'stop', label: 'Stop' },
];

/** The host's simulation controls: start, pause, resume, stop, and reset after a confirmation. */
export function HostControls(props: {
  status: SessionStatus;
  onControl: (action: ControlAction) => Promise<void>;
  onReset: () => Promise<void>;
  onError: (message: string) => void;
}) {
  const { status, onControl, onReset, onError } = props;
  const { busy, run } = useBusyAction(onError);
  const [confirmReset, setConfirmReset] = useState(false);
  const resettable = RESETTABLE_STATUSES.includes(status);
  return (
    <section className="panel" aria-labelledby="host-heading">
      <h2 id="host-heading" className="panel__heading">
        Simulation
      </h2>
      <div className="host-controls" role="group" aria-label="Simulation controls">
        {ACTIONS.map(({ action, label }) => (
          <button
            key={action}
            type="button"
            className={`button button--small${action === 'stop' ? ' button--danger' : ''}`}
            data-testid={`control-${action}`}
            disabled={busy || !CONTROL_TRANSITIONS[action].from.includes(status)}
            onClick={() => void run(() => onControl(action))}
          >
            {label}
          </button>
        ))}
        <button
          type="button"
          className="button button--small button--quiet"
          data-testid="control-reset"
          disabled={busy || !resettable}
          aria-expanded={confirmReset}
          aria-controls="reset-confirm"
          onClick={() => setConfirmReset(true)}
        >
          Reset…
        </button>
      </div>
      {confirmReset && (
        <div
          id="reset-confirm"
          className="confirm"
          role="alertdialog"
          aria-labelledby="reset-question"
        >
          <p id="reset-question">Reset the tissue for everyone? Cuts and stitches are lost.</p>
          <button
            type="button"
            className="button button--danger button--small"
            data-testid="control-reset-confirm"
            disabled={busy}
            autoFocus
            onClick={() =>
              void run(async () => {
                await onReset();
                setConfirmReset(false);
              })
            }
          >
            Reset
          </button>
          <button
            type="button"
            className="button button--quiet button--small"
            data-testid="control-reset-cancel"
            onClick={() => setConfirmReset(false)}
          >
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
