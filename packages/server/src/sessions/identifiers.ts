import { randomBytes, randomInt } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH, LINK_LENGTH } from '@scrubin/protocol';

const LINK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `session_<epochMs>_<random>`, internal. */
export function newSessionId(now = Date.now()): string {
  return `session_${now}_${randomBytes(6).toString('hex')}`;
}

/** 32 characters from a 62-symbol alphabet by rejection sampling: ~190 bits from a CSPRNG. */
export function newUniqueLink(): string {
  let out = '';
  while (out.length < LINK_LENGTH) {
    for (const byte of randomBytes(LINK_LENGTH)) {
      // 248 = 4 × 62: bytes above it would bias the choice.
      if (byte < 248 && out.length < LINK_LENGTH) out += LINK_ALPHABET[byte % 62];
    }
  }
  return out;
}

/** 8 characters without look-alikes (no 0/O, 1/I/L). */
export function newShareCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}
