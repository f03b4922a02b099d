/** FNV-1a hash of a string, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The hue (degrees) of a participant's colour: stable for a userId, spread around the wheel. */
export function userHue(userId: string): number {
  // Golden-angle steps over the hash spread nearby hashes apart.
  return Math.round((hash(userId) * 137.508) % 360);
}

/** A participant's colour as `#rrggbb`: saturated and light enough to read on the scene and panels. */
export function userColor(userId: string): string {
  return hslToHex(userHue(userId), 0.7, 0.55);
}

/** HSL (degrees, 0–1, 0–1) to `#rrggbb`. */
export function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
