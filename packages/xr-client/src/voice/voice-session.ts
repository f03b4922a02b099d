import { VOICE_ACTIVITY_REFRESH_MS } from '@scrubin/protocol';
import type { LiveSession, RtcConfig } from '@scrubin/sdk';
import { publishVoiceTestView } from '../session/test-hook.js';
import { micErrorMessage, voiceUnsupportedReason } from './mic-errors.js';
import { SpeakingDetector } from './speaking-detector.js';
import type { SpeakingStore } from './speaking-store.js';
import { VoiceMesh } from './voice-mesh.js';

/** The key held to talk in push-to-talk mode (`KeyboardEvent.code`). */
export const PUSH_TO_TALK_CODE = 'KeyV';

/** Options of {@link startVoice}. */
export interface VoiceOptions {
  live: LiveSession;
  selfId: string;
  /** ICE servers of the platform (`client.rtcConfig`). */
  rtcConfig: () => Promise<RtcConfig>;
  /** Receives this user's speaking state. */
  speaking: SpeakingStore;
  /** Publish `window.__scrubinVoice` for browser tests. @default false */
  testHook?: boolean;
}

/** One voice connection as the panel shows it. */
export interface VoicePeerView {
  userId: string;
  state: RTCPeerConnectionState;
}

/** What the voice panel shows; replaced on every change. */
export interface VoiceSnapshot {
  peers: readonly VoicePeerView[];
  muted: boolean;
  pushToTalk: boolean;
  /** Push-to-talk is held (the key or the button). */
  holding: boolean;
  /** Whether the microphone is sending now. */
  live: boolean;
  /** The latest connection problem, if any. */
  problem: string | null;
}

/**
 * Opens the microphone and joins the session's voice mesh. Call it from a click: browsers
 * start audio only after a gesture.
 * @throws Error with a sentence for the user (microphone denied or missing, no WebRTC, …).
 */
export async function startVoice(options: VoiceOptions): Promise<VoiceSession> {
  const unsupported = voiceUnsupportedReason();
  if (unsupported) throw new Error(unsupported);
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
  } catch (err) {
    throw new Error(micErrorMessage(err), { cause: err });
  }
  try {
    const { iceServers } = await options.rtcConfig();
    return new VoiceSession(options, stream, { iceServers });
  } catch (err) {
    for (const track of stream.getTracks()) track.stop();
    throw new Error('Voice settings could not be loaded from the server. Try again.', {
      cause: err,
    });
  }
}

/** Whether a key event is typing into a text field rather than a shortcut. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button'].includes(target.type);
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * This user in the session's voice: the microphone, one connection per other participant in
 * voice, mute and push-to-talk, and the speaking detector whose changes go to the room as
 * `voice-activity` (repeated while speaking, so `voiceTime` keeps counting).
 */
export class VoiceSession {
  readonly #options: VoiceOptions;
  readonly #stream: MediaStream;
  readonly #mesh: VoiceMesh;
  readonly #detector: SpeakingDetector;
  readonly #listeners = new Set<() => void>();
  readonly #cleanups: (() => void)[] = [];
  #refresh: ReturnType<typeof setInterval> | undefined;
  #muted = false;
  #pushToTalk = false;
  #holding = false;
  #problem: string | null = null;
  /** Between a `resync` and being caught up: the log is delivered again from seq 1. */
  #rebuilding = false;
  #snapshot: VoiceSnapshot;
  #stopped = false;

  constructor(options: VoiceOptions, stream: MediaStream, configuration: RTCConfiguration) {
    this.#options = options;
    this.#stream = stream;
    const { live, selfId } = options;
    this.#mesh = new VoiceMesh({
      selfId,
      configuration,
      localStream: stream,
      send: (to, signal) => {
        // A peer that just went away answers NOT_FOUND; presence events clean up after it.
        live.voiceSignal(to, signal).catch(() => undefined);
      },
      onChange: () => this.#changed(),
      onError: (_userId, message) => {
        this.#problem = message;
        this.#changed();
      },
    });
    this.#detector = new SpeakingDetector(stream, (speaking) => this.#onSpeaking(speaking));
    this.#snapshot = this.#makeSnapshot();

    const onKey = (down: boolean) => (event: KeyboardEvent) => {
      if (event.code !== PUSH_TO_TALK_CODE || event.repeat || typing(event.target)) return;
      if (this.#pushToTalk) this.setHolding(down);
    };
    const onKeyDown = onKey(true);
    const onKeyUp = onKey(false);
    const onBlur = () => this.setHolding(false);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    this.#cleanups.push(
      () => window.removeEventListener('keydown', onKeyDown),
      () => window.removeEventListener('keyup', onKeyUp),
      () => window.removeEventListener('blur', onBlur),
      live.on('surgery:voice-signal', ({ from, data }) => this.#mesh.receive(from, data)),
      live.on('sequenced', (d) => {
        // A restored log delivered again says who left and came long ago: the rejoin tells.
        if (this.#rebuilding) return;
        // Whoever left hangs up; whoever comes (back) is greeted, and answers if in voice.
        if (d.type === 'participant-left') this.#mesh.drop(d.event.userId);
        if (d.type === 'participant-joined') this.#mesh.announce([d.event.userId]);
      }),
      live.on('resync', () => {
        this.#rebuilding = true;
      }),
      live.on('reconnected', () => {
        if (!this.#rebuilding) return;
        this.#rebuilding = false;
        // The connections are peer to peer and outlived the restore: keep those to people
        // still online, hang up on the rest, greet whoever is online without one.
        const online = new Set(live.participants.filter((p) => p.online).map((p) => p.userId));
        for (const id of [...this.#mesh.peers.keys()]) if (!online.has(id)) this.#mesh.drop(id);
        this.#mesh.announce([...online].filter((id) => !this.#mesh.peers.has(id)));
      }),
    );
    this.#applyMic();
    this.#mesh.announce(live.participants.filter((p) => p.online).map((p) => p.userId));
  }

  /** For `useSyncExternalStore`. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** For `useSyncExternalStore`. */
  readonly getSnapshot = (): VoiceSnapshot => this.#snapshot;

  /** Mutes or unmutes the microphone (the others hear silence while muted). */
  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#applyMic();
  }

  /** In push-to-talk mode the microphone sends only while the key or button is held. */
  setPushToTalk(on: boolean): void {
    this.#pushToTalk = on;
    this.#holding = false;
    this.#applyMic();
  }

  /** Push-to-talk pressed or released. */
  setHolding(holding: boolean): void {
    if (this.#holding === holding) return;
    this.#holding = holding;
    this.#applyMic();
  }

  /** Leaves voice: says so to the room and the peers, hangs up, releases the microphone. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#detector.speaking) this.#report(false);
    clearInterval(this.#refresh);
    for (const cleanup of this.#cleanups) cleanup();
    this.#mesh.close();
    this.#detector.dispose();
    for (const track of this.#stream.getTracks()) track.stop();
    this.#options.speaking.set(this.#options.selfId, false);
    if (this.#options.testHook) publishVoiceTestView(undefined);
    this.#listeners.clear();
  }

  #applyMic(): void {
    const live = !this.#muted && (!this.#pushToTalk || this.#holding);
    for (const track of this.#stream.getAudioTracks()) track.enabled = live;
    this.#detector.enabled = live;
    this.#changed();
  }

  #onSpeaking(speaking: boolean): void {
    if (this.#stopped) return;
    this.#options.speaking.set(this.#options.selfId, speaking);
    this.#report(speaking);
    clearInterval(this.#refresh);
    this.#refresh = speaking
      ? setInterval(() => this.#report(true), VOICE_ACTIVITY_REFRESH_MS)
      : undefined;
    this.#changed();
  }

  #report(speaking: boolean): void {
    // Best effort: a refused report (rate limit, session ended) only costs a little voiceTime.
    this.#options.live.voiceActivity(speaking).catch(() => undefined);
  }

  #changed(): void {
    if (this.#stopped) return;
    this.#snapshot = this.#makeSnapshot();
    for (const listener of this.#listeners) listener();
    if (this.#options.testHook) {
      publishVoiceTestView({
        peers: Object.fromEntries(this.#snapshot.peers.map((p) => [p.userId, p.state])),
        selfSpeaking: this.#detector?.speaking ?? false,
        inboundAudio: () => this.#mesh.inboundAudio(),
      });
    }
  }

  #makeSnapshot(): VoiceSnapshot {
    return {
      peers: [...this.#mesh.peers.values()].map((peer) => ({
        userId: peer.remoteId,
        state: peer.state,
      })),
      muted: this.#muted,
      pushToTalk: this.#pushToTalk,
      holding: this.#holding,
      live: !this.#muted && (!this.#pushToTalk || this.#holding),
      problem: this.#problem,
    };
  }
}
