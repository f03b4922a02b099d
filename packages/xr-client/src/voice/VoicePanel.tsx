import type { LiveSession, RtcConfig } from '@scrubin/sdk';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { testHookEnabled } from '../session/test-hook.js';
import type { SpeakingStore } from './speaking-store.js';
import type { VoiceSession, VoiceSnapshot } from './voice-session.js';

const STATE_LABELS: Record<RTCPeerConnectionState, string> = {
  new: 'connecting…',
  connecting: 'connecting…',
  connected: 'connected',
  disconnected: 'reconnecting…',
  failed: 'no connection',
  closed: 'closed',
};

const noSubscription = () => () => undefined;
const noSnapshot = () => undefined;

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
  live: LiveSession | undefined;
  selfId: string;
  /** Display names by user id. */
  names: ReadonlyMap<string, string>;
  /** ICE servers of the platform. */
  rtcConfig: () => Promise<RtcConfig>;
  /** Receives this user's speaking state. */
  speaking: SpeakingStore;
}) {
  const { live, selfId, names, rtcConfig, speaking } = props;
  const [voice, setVoice] = useState<VoiceSession | null>(null);
  const [joining, setJoining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const snapshot = useSyncExternalStore(
    voice?.subscribe ?? noSubscription,
    voice?.getSnapshot ?? noSnapshot,
  );

  // Leaving the session view leaves voice, also while the microphone is still opening.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => (voice ? () => voice.stop() : undefined), [voice]);

  const join = useCallback(async () => {
    if (!live) return;
    setJoining(true);
    setError(null);
    try {
      const { startVoice } = await import('./voice-session.js');
      const started = await startVoice({
        live,
        selfId,
        rtcConfig,
        speaking,
        testHook: testHookEnabled(),
      });
      if (mounted.current) setVoice(started);
      else started.stop();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setJoining(false);
    }
  }, [live, selfId, rtcConfig, speaking]);

  return (
    <section className="panel voice" aria-labelledby="voice-heading" data-testid="voice-panel">
      <h2 id="voice-heading" className="panel__heading">
        Voice
      </h2>
      {voice && snapshot ? (
        <VoiceControls
          voice={voice}
          snapshot={snapshot}
          names={names}
          onLeave={() => setVoice(null)}
        />
      ) : (
        <button
          type="button"
          className="button button--small"
          data-testid="voice-join"
          disabled={!live || joining}
          onClick={() => void join()}
        >
          {joining ? 'Opening the microphone…' : 'Join voice'}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="voice-error">
          {error}
        </p>
      )}
    </section>
  );
}
