/** Alphabet of share codes: no 0/O, 1/I/L look-alikes. 31 symbols, 8 characters ≈ 39.6 bits. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;
/** Length of a share link token (base62-ish from a CSPRNG, ≥128 bits). */
export const LINK_LENGTH = 32;

const CODE_RE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);
const LINK_RE = new RegExp(`^[A-Za-z0-9]{${LINK_LENGTH}}$`);
const SESSION_ID_RE = /^session_\d{13}_[a-z0-9]{6,16}$/;

/**
 * Normalizes a typed share code: case-insensitive, with or without a dash or spaces.
 * Returns the canonical 8-character form, or `null` if it cannot be a code.
 * @example normalizeShareCode('abcd-2345') // 'ABCD2345'
 */
export function normalizeShareCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return CODE_RE.test(code) ? code : null;
}

/** Formats a code for people: `ABCD-2345`. */
export function formatShareCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Whether a string has the shape of a share link token. */
export function isUniqueLink(input: string): boolean {
  return LINK_RE.test(input);
}

/** Whether a string has the shape of a session id (`session_<epochMs>_<random>`). */
export function isSessionId(input: string): boolean {
  return SESSION_ID_RE.test(input);
}

/** The share URL of a session: `<publicUrl>/surgery-simulation?link=<uniqueLink>`. */
export function shareableLinkOf(publicUrl: string, uniqueLink: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/surgery-simulation?link=${uniqueLink}`;
}

/**
 * Pulls the identifier out of what a user pasted: a share URL (its `link` parameter), a
 * link token, or a code. Returns the string to send to the join and preview endpoints.
 */
export function identifierFromInput(input: string): string {
  const trimmed = input.trim();
  const match = /[?&]link=([A-Za-z0-9]+)/.exec(trimmed);
  return match?.[1] ?? trimmed;
}
