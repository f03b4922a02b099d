/** Rounding and clamping shared by the metrics (only operations the determinism lint allows). */

/** Rounds to one decimal, halves up. */
export function round1(x: number): number {
  return Math.floor(x * 10 + 0.5) / 10;
}

/** Clamps to [0, 1]; NaN becomes 0. */
export function clamp01(x: number): number {
  return x > 1 ? 1 : x > 0 ? x : 0;
}

/** A fraction in [0, 1] as a 0–100 score with one decimal. */
export function percent(fraction: number): number {
  return round1(100 * clamp01(fraction));
}

/** Metres → integer micrometres. */
export function micrometres(m: number): number {
  return Math.floor(m * 1_000_000 + 0.5);
}

/** Seqs ascending, without duplicates. */
export function evidenceOf(seqs: Iterable<number>): number[] {
  return [...new Set(seqs)].sort((a, b) => a - b);
}
