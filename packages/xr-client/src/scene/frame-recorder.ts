/** Frame timing over a window, as the frame benchmark reads it. */
export interface FrameStats {
  /** Frames rendered in the window. */
  frames: number;
  /** Wall time from the first frame's start to the last one's, ms. */
  windowMs: number;
  /** Frames per second over the window. */
  fps: number;
  /** Time between consecutive frames, ms. */
  intervalMs: Percentiles;
  /** Main-thread time inside a frame (frame callbacks and the render call), ms. */
  workMs: Percentiles;
}

export interface Percentiles {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Records frame start/end times into preallocated arrays, so recording adds nothing to the
 * garbage the render loop makes. Beyond `capacity` frames the oldest are overwritten.
 */
export class FrameRecorder {
  readonly #intervals: Float64Array;
  readonly #work: Float64Array;
  #count = 0;
  #firstStart = -1;
  #lastStart = -1;
  #frameStart = -1;

  constructor(readonly capacity = 16_384) {
    this.#intervals = new Float64Array(capacity);
    this.#work = new Float64Array(capacity);
  }

  /** Forgets everything recorded so far. */
  reset(): void {
    this.#count = 0;
    this.#firstStart = -1;
    this.#lastStart = -1;
    this.#frameStart = -1;
  }

  /** A frame begins at `nowMs`. */
  begin(nowMs: number): void {
    if (this.#firstStart < 0) this.#firstStart = nowMs;
    if (this.#lastStart >= 0)
      this.#intervals[this.#count % this.capacity] = nowMs - this.#lastStart;
    this.#lastStart = nowMs;
    this.#frameStart = nowMs;
  }

  /** The frame that began last has been submitted at `nowMs`. */
  end(nowMs: number): void {
    if (this.#frameStart < 0) return;
    // The first frame has no interval; from the second on, each interval and its work share a slot.
    if (this.#lastStart !== this.#firstStart) {
      this.#work[this.#count % this.capacity] = nowMs - this.#frameStart;
      this.#count += 1;
    }
    this.#frameStart = -1;
  }

  /** Statistics of the frames recorded since the last reset. */
  stats(): FrameStats {
    const n = Math.min(this.#count, this.capacity);
    // n intervals span exactly from the first frame's start to the last one's.
    const windowMs = n > 0 ? this.#lastStart - this.#firstStart : 0;
    return {
      frames: n,
      windowMs,
      fps: windowMs > 0 ? (n * 1000) / windowMs : 0,
      intervalMs: percentiles(this.#intervals.subarray(0, n)),
      workMs: percentiles(this.#work.subarray(0, n)),
    };
  }
}

/** Mean, median, tail and maximum of `values` (zeros when empty). */
export function percentiles(values: Float64Array): Percentiles {
  if (values.length === 0) return { mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    mean: sum / sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
  };
}
