/** Thresholds of a {@link SpeakingGate}. */
export interface SpeakingGateOptions {
  /** RMS level (full scale = 1) at or above which speech starts. @default 0.015 */
  onLevel?: number;
  /** RMS level below which speech may end. @default 0.008 */
  offLevel?: number;
  /** Consecutive checks below `offLevel` before speech ends (bridges pauses between words). @default 8 */
  holdChecks?: number;
}

/**
 * Speaking or not, from one RMS level per check, with hysteresis: speech starts at a loud check
 * and ends only after `holdChecks` quiet ones, so the state does not flicker between syllables.
 */
export class SpeakingGate {
  readonly #onLevel: number;
  readonly #offLevel: number;
  readonly #holdChecks: number;
  #speaking = false;
  #quietChecks = 0;

  constructor(options: SpeakingGateOptions = {}) {
    this.#onLevel = options.onLevel ?? 0.015;
    this.#offLevel = options.offLevel ?? 0.008;
    this.#holdChecks = options.holdChecks ?? 8;
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  /** Takes the level of one check and returns whether the user is speaking now. */
  update(level: number): boolean {
    if (level >= this.#onLevel) {
      this.#speaking = true;
      this.#quietChecks = 0;
    } else if (this.#speaking && level < this.#offLevel) {
      this.#quietChecks++;
      if (this.#quietChecks >= this.#holdChecks) this.reset();
    } else {
      // Between the thresholds: the state holds, and so does a pause not yet long enough.
      this.#quietChecks = 0;
    }
    return this.#speaking;
  }

  /** Back to silence at once (muted). */
  reset(): boolean {
    this.#speaking = false;
    this.#quietChecks = 0;
    return false;
  }
}

/** Root mean square of samples in −1…1. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    sum += s * s;
  }
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}
