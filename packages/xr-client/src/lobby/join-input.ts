import {
  CODE_LENGTH,
  identifierFromInput,
  isUniqueLink,
  normalizeShareCode,
} from '@scrubin/protocol';

/** What a typed or pasted join input stands for, or why it cannot be used. */
export type JoinInput =
  { ok: true; kind: 'code' | 'link'; identifier: string } | { ok: false; message: string };

/**
 * Reads what someone typed into "Join by code": a code in any case with or without the dash,
 * a pasted share URL (`…?link=<token>`), or a bare link token.
 * @example parseJoinInput('abcd-2345') // { ok: true, kind: 'code', identifier: 'ABCD2345' }
 */
export function parseJoinInput(raw: string): JoinInput {
  const trimmed = raw.trim();
  if (trimmed === '') {
    return {
      ok: false,
      message: 'Type the 8-character code (like ABCD-2345) or paste the share link.',
    };
  }
  const code = normalizeShareCode(trimmed);
  if (code !== null) return { ok: true, kind: 'code', identifier: code };

  const identifier = identifierFromInput(trimmed);
  if (isUniqueLink(identifier)) return { ok: true, kind: 'link', identifier };
  if (identifier !== trimmed) {
    return { ok: false, message: 'This share link looks cut short: copy the whole link again.' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.includes('?')) {
    return {
      ok: false,
      message: 'This link has no session in it: paste the whole share link (…?link=…).',
    };
  }
  const compact = trimmed.replace(/[\s-]/g, '');
  if (compact.length !== CODE_LENGTH) {
    return {
      ok: false,
      message: `A code has ${CODE_LENGTH} characters, like ABCD-2345 (this has ${compact.length}).`,
    };
  }
  return {
    ok: false,
    message: 'Codes use letters and digits except 0, O, 1, I and L: check the characters.',
  };
}
