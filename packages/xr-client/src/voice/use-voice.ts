import type { LiveSession, RtcConfig } from '@scrubin/sdk';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { testHookEnabled } from '../session/test-hook.js';
import type { SpeakingStore } from './speaking-store.js';
import type { VoiceSession, VoiceSnapshot } from './voice-session.js';

/**
 * This user's voice in the session, held once by the session view and shared by everything that
 * shows or changes it (the HTML voice panel, the in-world voice button).
 */
export interface VoiceControl {
  /** Whether voice can be joined now (the session's connection is up). */
  available: boolean;
  /** The microphone is opening (the voice code may still be loading). */
  joining: boolean;
  /** Why the last attempt to join failed, as a sentence for the user. */
  error: string | null;
  /** The voice session once joined, with its latest snapshot. */
  joined: { session: VoiceSession; snapshot: VoiceSnapshot } | null;
  /** Opens the microphone and joins (call it from a click or a controller press). */
  join(): void;
  /** Hangs up and releases the microphone. */
  leave(): void;
}

const noSubscription = () => () => undefined;
const noSnapshot = () => undefined;

/**
 * Voice for one session view: joining loads the WebRTC code on demand and opens the microphone;
 * leaving, or unmounting (leaving the session), hangs up, also while the microphone is opening.
 */
export function useVoice(options: {
  live: LiveSession | undefined;
  selfId: string;
  /** ICE servers of the platform. */
  rtcConfig: () => Promise<RtcConfig>;
  /** Receives this user's speaking state. */
  speaking: SpeakingStore;
}): VoiceControl {
  const { live, selfId, rtcConfig, speaking } = options;
  const [session, setSession] = useState<VoiceSession | null>(null);
  const [joining, setJoining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const snapshot = useSyncExternalStore(
    session?.subscribe ?? noSubscription,
    session?.getSnapshot ?? noSnapshot,
  );

  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => (session ? () => session.stop() : undefined), [session]);

  // One start at a time, whichever button asked for it.
  const starting = useRef(false);
  const join = useCallback(() => {
    if (!live || session || starting.current) return;
    starting.current = true;
    setJoining(true);
    setError(null);
    void (async () => {
      try {
        const { startVoice } = await import('./voice-session.js');
        const started = await startVoice({
          live,
          selfId,
          rtcConfig,
          speaking,
          testHook: testHookEnabled(),
        });
        if (mounted.current) setSession(started);
        else started.stop();
      } catch (err) {
        if (mounted.current) setError(err instanceof Error ? err.message : String(err));
      } finally {
        starting.current = false;
        if (mounted.current) setJoining(false);
      }
    })();
  }, [live, session, selfId, rtcConfig, speaking]);

  const leave = useCallback(() => setSession(null), []);

  return {
    available: live !== undefined,
    joining,
    error,
    joined: session && snapshot ? { session, snapshot } : null,
    join,
    leave,
  };
}
