import type { VrMode } from './use-vr-mode.js';
import './vr.css';

/**
 * Enter VR (or leave it), disabled with the reason where the browser cannot run VR.
 */
export function EnterVrButton(props: { vr: VrMode }) {
  const { support, kit, presenting, error, enter, exit } = props.vr;
  const reason =
    support.state === 'unsupported'
      ? support.reason
      : support.state === 'checking' || !kit
        ? 'Checking for a VR headset…'
        : undefined;
  return (
    <div className="panel vr-entry">
      <button
        type="button"
        className="button button--small"
        data-testid="enter-vr"
        disabled={reason !== undefined}
        aria-describedby={reason || error ? 'vr-entry-note' : undefined}
        onClick={presenting ? exit : enter}
      >
        {presenting ? 'Exit VR' : 'Enter VR'}
      </button>
      {(reason || error) && (
        <p id="vr-entry-note" className="vr-entry__note" role={error ? 'alert' : undefined}>
          {error ? `Could not enter VR: ${error}` : reason}
        </p>
      )}
    </div>
  );
}
