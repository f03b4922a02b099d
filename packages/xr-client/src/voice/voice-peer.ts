import type { VoiceSignal } from './voice-signals.js';

/** Audio received from one peer so far (`inbound-rtp` statistics). */
export interface InboundAudio {
  bytesReceived: number;
  packetsReceived: number;
}

/** Options of a {@link VoicePeer}. */
export interface VoicePeerOptions {
  remoteId: string;
  /** The polite peer of a pair gives way when both offer at once. */
  polite: boolean;
  configuration: RTCConfiguration;
  localStream: MediaStream;
  /** Sends a signal to the remote peer (over the session's voice-signal relay). */
  send: (signal: VoiceSignal) => void;
  /** The connection state changed. */
  onChange: () => void;
  /** Negotiation failed in a way that no retry on this side fixes. */
  onError: (message: string) => void;
}

/**
 * One RTCPeerConnection to one other participant, negotiated with the "perfect negotiation"
 * pattern: either side may offer whenever its tracks change; when offers cross, the impolite
 * side ignores the other's and the polite side rolls its own back. The remote audio plays
 * through an `<audio>` element of its own.
 */
export class VoicePeer {
  readonly remoteId: string;
  readonly #pc: RTCPeerConnection;
  readonly #audio: HTMLAudioElement;
  readonly #options: VoicePeerOptions;
  #makingOffer = false;
  #ignoreOffer = false;
  #closed = false;

  constructor(options: VoicePeerOptions) {
    this.#options = options;
    this.remoteId = options.remoteId;
    this.#audio = new Audio();
    this.#audio.autoplay = true;
    const pc = new RTCPeerConnection(options.configuration);
    this.#pc = pc;
    for (const track of options.localStream.getAudioTracks()) {
      pc.addTrack(track, options.localStream);
    }
    pc.onnegotiationneeded = () => void this.#offer();
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.send({ candidate: candidate.toJSON() });
    };
    pc.ontrack = ({ track, streams }) => {
      this.#audio.srcObject = streams[0] ?? new MediaStream([track]);
      // Blocked autoplay: the next click anywhere on the page (the panel's buttons) plays it.
      this.#audio.play().catch(() => undefined);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') pc.restartIce();
      options.onChange();
    };
  }

  /** Where the connection stands: new, connecting, connected, disconnected, failed or closed. */
  get state(): RTCPeerConnectionState {
    return this.#pc.connectionState;
  }

  /** Applies a description or candidate from the remote peer. */
  async handle(signal: VoiceSignal): Promise<void> {
    if (this.#closed) return;
    const pc = this.#pc;
    try {
      if ('description' in signal) {
        const { description } = signal;
        const collision =
          description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
        this.#ignoreOffer = !this.#options.polite && collision;
        if (this.#ignoreOffer) return;
        // A polite peer in the middle of its own offer rolls it back implicitly here.
        await pc.setRemoteDescription(description);
        if (description.type === 'offer') {
          await pc.setLocalDescription();
          this.#sendDescription();
        }
      } else if ('candidate' in signal) {
        try {
          await pc.addIceCandidate(signal.candidate);
        } catch (err) {
          // Candidates of an offer this side ignored fail; that is expected.
          if (!this.#ignoreOffer) throw err;
        }
      }
    } catch (err) {
      if (!this.#closed) this.#options.onError(describe(err));
    }
  }

  /** Audio received from this peer so far. */
  async inboundAudio(): Promise<InboundAudio> {
    const total: InboundAudio = { bytesReceived: 0, packetsReceived: 0 };
    const stats = await this.#pc.getStats();
    stats.forEach((report: RTCStats) => {
      if (report.type !== 'inbound-rtp') return;
      const inbound = report as RTCInboundRtpStreamStats;
      if (inbound.kind !== 'audio') return;
      total.bytesReceived += inbound.bytesReceived ?? 0;
      total.packetsReceived += inbound.packetsReceived ?? 0;
    });
    return total;
  }

  /** Hangs up and stops playing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pc.onconnectionstatechange = null;
    this.#pc.close();
    this.#audio.pause();
    this.#audio.srcObject = null;
  }

  async #offer(): Promise<void> {
    try {
      this.#makingOffer = true;
      await this.#pc.setLocalDescription();
      this.#sendDescription();
    } catch (err) {
      if (!this.#closed) this.#options.onError(describe(err));
    } finally {
      this.#makingOffer = false;
    }
  }

  #sendDescription(): void {
    const description = this.#pc.localDescription;
    if (description && !this.#closed) this.#options.send({ description: description.toJSON() });
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
