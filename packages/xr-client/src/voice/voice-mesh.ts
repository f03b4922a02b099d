import { VoicePeer, type InboundAudio } from './voice-peer.js';
import { parseVoiceSignal, type VoiceSignal } from './voice-signals.js';

/** Options of a {@link VoiceMesh}. */
export interface VoiceMeshOptions {
  selfId: string;
  configuration: RTCConfiguration;
  localStream: MediaStream;
  /** Sends a signal to one participant. */
  send: (to: string, signal: VoiceSignal) => void;
  /** Peers came, went or changed state. */
  onChange: () => void;
  onError: (userId: string, message: string) => void;
}

/**
 * A full mesh of voice connections: one {@link VoicePeer} per other participant in voice. A
 * participant who joins voice says `hello` to everyone online; those in voice start a connection
 * and answer `welcome`, which makes the newcomer start its side; both then negotiate. Those in
 * voice greet a participant who (re)joins the session the same way. `bye` (or leaving the
 * session) hangs up. The lower user id of a pair is the polite peer.
 */
export class VoiceMesh {
  readonly #peers = new Map<string, VoicePeer>();
  readonly #options: VoiceMeshOptions;
  #closed = false;

  constructor(options: VoiceMeshOptions) {
    this.#options = options;
  }

  /** The connections, by remote user id. */
  get peers(): ReadonlyMap<string, VoicePeer> {
    return this.#peers;
  }

  /** Says `hello` to these participants (those online when joining voice, and newcomers). */
  announce(userIds: Iterable<string>): void {
    for (const id of userIds) if (id !== this.#options.selfId) this.#send(id, { voice: 'hello' });
  }

  /** Handles a `surgery:voice-signal` from `from`. */
  receive(from: string, data: Record<string, unknown>): void {
    if (this.#closed || from === this.#options.selfId) return;
    const signal = parseVoiceSignal(data);
    if (!signal) return;
    if ('voice' in signal) {
      if (signal.voice === 'hello') {
        // They (re)joined voice: whatever connection there was is stale.
        this.drop(from);
        this.#connect(from);
        this.#send(from, { voice: 'welcome' });
      } else if (signal.voice === 'welcome') {
        if (!this.#peers.has(from)) this.#connect(from);
      } else {
        this.drop(from);
      }
      return;
    }
    const peer = this.#peers.get(from) ?? this.#connect(from);
    void peer.handle(signal);
  }

  /** Hangs up on one participant (they left the session or voice). */
  drop(userId: string): void {
    const peer = this.#peers.get(userId);
    if (!peer) return;
    peer.close();
    this.#peers.delete(userId);
    this.#options.onChange();
  }

  /** Audio received from each peer so far. */
  async inboundAudio(): Promise<Record<string, InboundAudio>> {
    const entries = await Promise.all(
      [...this.#peers].map(async ([id, peer]) => [id, await peer.inboundAudio()] as const),
    );
    return Object.fromEntries(entries);
  }

  /** Says `bye` to every peer and hangs up. */
  close(): void {
    if (this.#closed) return;
    for (const id of this.#peers.keys()) this.#send(id, { voice: 'bye' });
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#closed = true;
    this.#options.onChange();
  }

  #connect(remoteId: string): VoicePeer {
    const { selfId, configuration, localStream, onChange, onError } = this.#options;
    const peer = new VoicePeer({
      remoteId,
      polite: selfId < remoteId,
      configuration,
      localStream,
      send: (signal) => this.#send(remoteId, signal),
      onChange,
      onError: (message) => onError(remoteId, message),
    });
    this.#peers.set(remoteId, peer);
    onChange();
    return peer;
  }

  #send(to: string, signal: VoiceSignal): void {
    this.#options.send(to, signal);
  }
}
