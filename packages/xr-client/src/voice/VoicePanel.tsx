import type { VoiceControl } from './use-voice.js';
import type { VoiceSession, VoiceSnapshot } from './voice-session.js';

const STATE_LABELS: Record<RTCPeerConnectionState, string> = {
  new: 'connecting…',
  connecting: 'connecting…',
  connected: 'connected',
  disconnected: 'reconnecting…',
  failed: 'no connection',
  closed: 'closed',
};

function VoiceControls(props: {
  voice: VoiceSession;
  snapshot: VoiceSnapshot;
  names: ReadonlyMap<string, string>;
  onLeave: () => void;
}) {
  const { voice, snapshot, names, onLeave } = props;
  const hold = (holding: boolean) => () => voice.setHolding(holding);
  return (
    <>
      <p className="voice__status" role="status" data-testid="voice-status">
        {snapshot.muted
          ? 'Muted: the others do not hear you.'
          : snapshot.pushToTalk
            ? snapshot.holding
              ? 'Talking…'
              : 'Hold V (or the button) to talk.'
            : 'Your microphone is on.'}
      </p>
      <div className="voice__buttons">
        <button
          type="button"
          className="button button--small"
          aria-pressed={snapshot.muted}
          data-testid="voice-mute"
          onClick={() => voice.setMuted(!snapshot.muted)}
        >
          {snapshot.muted ? 'Unmute' : 'Mute'}
        </button>
        <button
          type="button"
          className="button button--quiet button--small"
          data-testid="voice-leave"
          onClick={onLeave}
        >
          Leave voice
        </button>
      </div>
      <label className="voice__ptt">
        <input
          type="checkbox"
          checked={snapshot.pushToTalk}
          data-testid="voice-ptt"
          onChange={(e) => voice.setPushToTalk(e.target.checked)}
        />{' '}
        Push to talk (hold <kbd>V</kbd>)
      </label>
      {snapshot.pushToTalk && !snapshot.muted && (
        <button
          type="button"
          className="button button--small voice__hold"
          aria-pressed={snapshot.holding}
          data-testid="voice-hold"
          onPointerDown={hold(true)}
          onPointerUp={hold(false)}
          onPointerLeave={hold(false)}
          onPointerCancel={hold(false)}
        >
          Hold to talk
        </button>
      )}
      <ul className="voice__peers" aria-label="Voice connections" data-testid="voice-peers">
        {snapshot.peers.length === 0 && (
          <li className="voice__empty">Nobody else is in voice yet.</li>
        )}
        {snapshot.peers.map((peer) => (
          <li key={peer.userId} data-testid={`voice-peer-${peer.userId}`} data-state={peer.state}>
            {names.get(peer.userId) ?? 'Someone'}: {STATE_LABELS[peer.state]}
          </li>
        ))}
      </ul>
      {snapshot.problem && <p className="voice__problem">{snapshot.problem}</p>}
    </>
  );
}

/**
 * Voice chat with the others in the session: join (opens the microphone; the voice code loads
 * only then), mute, push-to-talk, and the state of each connection.
 */
export function VoicePanel(props: {
  /** This user's voice (shared with the in-world voice button). */
  voice: VoiceControl;
  /** Display names by user id. */
  names: ReadonlyMap<string, string>;
}) {
  const { voice, names } = props;
  return (
    <section className="panel voice" aria-labelledby="voice-heading" data-testid="voice-panel">
      <h2 id="voice-heading" className="panel__heading">
        Voice
      </h2>
      {voice.joined ? (
        <VoiceControls
          voice={voice.joined.session}
          snapshot={voice.joined.snapshot}
          names={names}
          onLeave={voice.leave}
        />
      ) : (
        <button
          type="button"
          className="button button--small"
          data-testid="voice-join"
          disabled={!voice.available || voice.joining}
          onClick={voice.join}
        >
          {voice.joining ? 'Opening the microphone…' : 'Join voice'}
        </button>
      )}
      {voice.error && (
        <p className="form-error" role="alert" data-testid="voice-error">
          {voice.error}
        </p>
      )}
    </section>
  );
}
