/**
 * Deterministic elementary functions from + - * / and bit access only, so every engine gives
 * the same bits (Math.log and friends differ between engines).
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// High word of a double: index 1 in little-endian order, as on x86 and ARM.
const HI = 1;

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const SQRT2 = 1.4142135623730951;

/**
 * Natural logarithm, accurate to about 1e-15 relative: x = m·2^k with m in [√½, √2), then
 * ln m = 2·atanh(s), s = (m−1)/(m+1), by its odd series.
 */
export function dlog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  f64[0] = x;
  let hi = u32[HI]!;
  let k = 0;
  if (hi < 0x00100000) {
    // Subnormal: scale into the normal range first.
    f64[0] = x * 18014398509481984; // 2^54
    hi = u32[HI]!;
    k = -54;
  }
  k += (hi >>> 20) - 1023;
  u32[HI] = (hi & 0x000fffff) | 0x3ff00000;
  let m = f64[0]!;
  if (m > SQRT2) {
    m = m / 2;
    k += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  // atanh series to s^21: |s| ≤ 0.1716, so the next term is below 1e-17.
  let poly = 1 / 21;
  for (let n = 19; n >= 1; n -= 2) poly = poly * s2 + 1 / n;
  const lnm = 2 * s * poly;
  return k * LN2_HI + (lnm + k * LN2_LO);
}
