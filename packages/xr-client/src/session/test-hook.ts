import type { SessionStatus, Tool } from '@scrubin/protocol';

/** What browser tests may read on `window.__scrubin` (only with `?test=1` in the URL). */
export interface ScrubinTestView {
  /** The local World's tick. */
  tick: number;
  /** `seq` of the last sequenced event delivered. */
  seq: number;
  /** Surface edges severed or torn in the local World. */
  severedSurfaceEdges: number;
  /** The tool each other participant holds. */
  remoteTools: Readonly<Record<string, Tool | null>>;
  status: SessionStatus;
  /** On the review screen: the play head and what the replay shows. */
  review?: ReviewTestView;
}

/** The review screen's part of {@link ScrubinTestView}. */
export interface ReviewTestView {
  /** The play head's tick. */
  tick: number;
  /** The replayed World's tick (it follows the play head). */
  simTick: number;
  endTick: number;
  playing: boolean;
  /** Surface edges severed or torn in the replayed World. */
  severedSurfaceEdges: number;
  /** Key moments listed (after merging bursts). */
  moments: number;
  /** Whether the analysis of the whole recording is done. */
  analysed: boolean;
}

/** Whether the page was opened for browser tests. */
export function testHookEnabled(): boolean {
  return new URLSearchParams(window.location.search).get('test') === '1';
}

let current: Readonly<ScrubinTestView> | undefined;
let installed = false;

/**
 * Publishes a read-only snapshot on `window.__scrubin` (replaced, never mutated, on each change).
 * Returns the function that takes it away.
 */
export function publishTestView(view: ScrubinTestView): () => void {
  current = Object.freeze({
    ...view,
    remoteTools: Object.freeze({ ...view.remoteTools }),
    ...(view.review && { review: Object.freeze({ ...view.review }) }),
  });
  if (!installed) {
    installed = true;
    Object.defineProperty(window, '__scrubin', {
      configurable: true,
      enumerable: false,
      get: () => current,
    });
  }
  return () => {
    current = undefined;
  };
}

/** What browser tests may read on `window.__scrubinVoice` while the user is in voice (`?test=1`). */
export interface ScrubinVoiceTestView {
  /** Connection state of each voice peer, by user id. */
  peers: Readonly<Record<string, RTCPeerConnectionState>>;
  /** Whether the local detector hears this user speaking. */
  selfSpeaking: boolean;
  /** Audio received from each peer so far (`inbound-rtp` of `getStats`), by user id. */
  inboundAudio(): Promise<Record<string, { bytesReceived: number; packetsReceived: number }>>;
}

let currentVoice: Readonly<ScrubinVoiceTestView> | undefined;
let voiceInstalled = false;

/** Publishes (or, with undefined, takes away) the voice snapshot on `window.__scrubinVoice`. */
export function publishVoiceTestView(view: ScrubinVoiceTestView | undefined): void {
  currentVoice = view && Object.freeze({ ...view, peers: Object.freeze({ ...view.peers }) });
  if (voiceInstalled) return;
  voiceInstalled = true;
  Object.defineProperty(window, '__scrubinVoice', {
    configurable: true,
    enumerable: false,
    get: () => currentVoice,
  });
}
