import { SpeakingGate, rms, type SpeakingGateOptions } from './speaking-gate.js';

/** How often the microphone level is checked, ms. */
const CHECK_MS = 100;
/**
 * Samples per check: at 48 kHz about 85 ms, most of the time between two checks, so a short
 * syllable is not missed between them.
 */
const WINDOW_SAMPLES = 4096;

/**
 * Watches the local microphone with an AnalyserNode and says when the user starts and stops
 * speaking. Checks on a timer, outside the render loop, into one reused buffer.
 */
export class SpeakingDetector {
  /** While false (muted, push-to-talk released) the user counts as silent. */
  enabled = true;
  readonly #context: AudioContext;
  readonly #source: MediaStreamAudioSourceNode;
  readonly #analyser: AnalyserNode;
  readonly #samples: Float32Array<ArrayBuffer>;
  readonly #gate: SpeakingGate;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #onChange: (speaking: boolean) => void;
  #speaking = false;

  constructor(
    stream: MediaStream,
    onChange: (speaking: boolean) => void,
    options: SpeakingGateOptions = {},
  ) {
    this.#onChange = onChange;
    this.#gate = new SpeakingGate(options);
    this.#context = new AudioContext();
    this.#source = this.#context.createMediaStreamSource(stream);
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = WINDOW_SAMPLES;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    // Analysed only, never played back: no echo of one's own voice.
    this.#source.connect(this.#analyser);
    // Started by the "Join voice" click, but a context may still begin suspended.
    void this.#context.resume().catch(() => undefined);
    this.#timer = setInterval(() => this.#check(), CHECK_MS);
  }

  /** Whether the user is speaking now. */
  get speaking(): boolean {
    return this.#speaking;
  }

  /** Stops checking and releases the audio graph. */
  dispose(): void {
    clearInterval(this.#timer);
    this.#source.disconnect();
    void this.#context.close().catch(() => undefined);
  }

  #check(): void {
    let speaking: boolean;
    if (this.enabled) {
      this.#analyser.getFloatTimeDomainData(this.#samples);
      speaking = this.#gate.update(rms(this.#samples));
    } else {
      speaking = this.#gate.reset();
    }
    if (speaking === this.#speaking) return;
    this.#speaking = speaking;
    this.#onChange(speaking);
  }
}
